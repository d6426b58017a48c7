package dev.pyassist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.Version;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code --format json}: one object with every checked file and its diagnostics (1-based lines, 1-based
 * columns in Unicode characters, end exclusive) and a summary. The shape is documented in the README.
 */
final class JsonReport {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    static void write(List<CheckedFile> files, OutputStream out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", "pyassist");
        root.put("version", Version.VERSION);
        ArrayNode fileNodes = root.putArray("files");
        int[] counts = new int[Severity.values().length];
        for (CheckedFile file : files) {
            ObjectNode fileNode = fileNodes.addObject();
            fileNode.put("path", file.displayPath());
            ArrayNode diagnostics = fileNode.putArray("diagnostics");
            for (Finding f : file.findings()) {
                counts[f.severity().ordinal()]++;
                CheckedFile.Span s = file.span(f);
                ObjectNode d = diagnostics.addObject();
                d.put("line", s.line());
                d.put("column", s.column());
                d.put("endLine", s.endLine());
                d.put("endColumn", s.endColumn());
                d.put("severity", f.severity().label());
                d.put("code", f.code());
                d.put("message", f.message());
                d.put("source", Finding.SOURCE);
                if (!f.data().isEmpty()) {
                    d.set("data", MAPPER.valueToTree(f.data()));
                }
            }
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("files", files.size());
        for (Severity severity : Severity.values()) {
            summary.put(severity.label(), counts[severity.ordinal()]);
        }
        MAPPER.writeValue(new NonClosing(out), root);
        out.write('\n');
        out.flush();
    }

    /** Jackson closes the stream it writes; System.out must stay open. */
    static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
