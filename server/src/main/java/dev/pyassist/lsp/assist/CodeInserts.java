package dev.pyassist.lsp.assist;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.assist.CodeBlocks;
import dev.pyassist.assist.PythonCheck;
import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.ErrorMapping;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.ChangeAnnotation;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * {@code pyassist.insertCode {uri, version, range, code, mode}}: a code block of a chat answer, put into the editor
 * the user was in (VS Code's chat panel sends it). {@code mode "insert"} replaces the range (the cursor, or the
 * selection) with it; {@code "diff"} replaces the selection, or else the function or class at the cursor, and is
 * always sent as an annotated edit that needs confirmation, so the editor shows it as a diff first.
 *
 * <p>It is refused when stale: {@code version} is the editor's version the range was read from, and it must still
 * be the server's; the edit itself is versioned too, so the editor refuses it when its text moved on in between.
 * Like every AI edit, the file with the code spliced in must parse (when it did before). A refusal is shown; a
 * success is the edit itself.
 */
final class CodeInserts {
    static final String INSERT_CODE = "pyassist.insertCode";
    /** The largest code block an insert carries. */
    static final int MAX_CODE = 256 * 1024;
    private static final String ANNOTATION = "pyassist-chat";

    private final Session session;
    private final DocumentStore documents;

    CodeInserts(Session session, DocumentStore documents) {
        this.session = session;
        this.documents = documents;
    }

    /** Runs on a worker: it waits for the editor's answer to {@code workspace/applyEdit}. */
    Map<String, Object> insert(JsonNode arg) {
        String uri = arg.path("uri").asText("");
        String code = arg.path("code").asText("");
        String mode = arg.path("mode").asText("insert");
        if (uri.isEmpty() || code.isBlank() || !arg.path("version").canConvertToInt() || !arg.path("range").isObject()) {
            return refused(INSERT_CODE + " needs \"uri\", \"version\", \"range\" and \"code\"");
        }
        if (!mode.equals("insert") && !mode.equals("diff")) {
            return refused(INSERT_CODE + "'s \"mode\" is \"insert\" or \"diff\"");
        }
        if (code.length() > MAX_CODE) {
            return refused("The code block is larger than " + MAX_CODE / 1024 + " KiB; nothing was inserted.");
        }
        int version = arg.path("version").asInt();
        Optional<TextDocument> open = documents.get(uri);
        if (open.isEmpty()) {
            return refused("Nothing was inserted: the file is not open in the editor.");
        }
        TextDocument doc = open.get();
        if (doc.version() != version) {
            return refused("Nothing was inserted: the file changed (version " + version + " → " + doc.version()
                    + ") since the cursor was read. Click again.");
        }
        String text = doc.text();
        LineMap lines = doc.lines();
        PositionEncoding enc = session.encoding();
        int start = offset(lines, arg.path("range").path("start"), enc);
        int end = offset(lines, arg.path("range").path("end"), enc);
        if (end < start) {
            int t = start;
            start = end;
            end = t;
        }
        if (mode.equals("diff") && start == end) {
            Optional<SourceUnit> unit = SourceUnits.innermostAt(SourceUnits.of(text), start);
            if (unit.isEmpty()) {
                return refused("Nothing was applied: select the code to replace, or put the cursor in a function or"
                        + " class.");
            }
            start = SourceUnits.lineStart(text, unit.get().start());
            end = Math.min(unit.get().end(), text.length());
        }
        String newText = indented(code, text, start, end);
        String spliced = text.substring(0, start) + newText + text.substring(end);
        if (PythonCheck.PARSER.problem(text).isEmpty()) {
            Optional<String> problem = PythonCheck.PARSER.problem(spliced);
            if (problem.isPresent()) {
                return refused("Nothing was inserted: the file would not parse with the code there ("
                        + problem.get() + ").");
            }
        }
        Range range = new Range(ClientEdits.position(lines, start, enc), ClientEdits.position(lines, end, enc));
        String problem = ClientEdits.apply(session, edit(uri, version, range, newText, mode.equals("diff")),
                mode.equals("diff") ? "pyassist: apply the chat's code" : "pyassist: insert the chat's code");
        if (problem != null) {
            return refused(problem);
        }
        Map<String, Object> out = summary(true, mode.equals("diff") ? "Applied the code (as a diff to review)."
                : "Inserted the code.");
        out.put("applied", true);
        return out;
    }

    private WorkspaceEdit edit(String uri, int version, Range range, String newText, boolean asDiff) {
        ChangeAnnotation review = null;
        if (asDiff) {
            review = new ChangeAnnotation("pyassist: code from the chat");
            review.setNeedsConfirmation(true);
            review.setDescription("A code block of a chat answer: review before applying.");
        }
        return ClientEdits.oneEdit(session, uri, version, range, newText, ANNOTATION, review);
    }

    /**
     * The block as it lands at {@code start}: dedented, and when only indentation precedes it on its line, its
     * later lines take that indentation; a block that replaces whole lines keeps their trailing newline.
     */
    static String indented(String code, String text, int start, int end) {
        String block = CodeBlocks.dedent(code.replace("\r\n", "\n")).stripTrailing();
        int lineStart = SourceUnits.lineStart(text, start);
        String before = text.substring(lineStart, start);
        if (!before.isBlank()) {
            return block;
        }
        String indent = before;
        if (start == lineStart && end > start) { // whole lines replaced: the new block takes the first line's indent
            int i = start;
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            indent = text.substring(start, i);
        }
        StringBuilder out = new StringBuilder();
        String[] ls = block.split("\n", -1);
        for (int i = 0; i < ls.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            boolean first = i == 0 && start > lineStart;
            out.append(first || ls[i].isEmpty() ? "" : indent).append(ls[i]);
        }
        boolean endedLine = end > start && text.charAt(end - 1) == '\n';
        boolean restOfLine = end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r';
        if (endedLine) {
            out.append('\n');
        } else if (restOfLine) {
            out.append('\n').append(before); // what followed the cursor stays on its own line, at its indentation
        }
        return out.toString();
    }

    private static int offset(LineMap lines, JsonNode pos, PositionEncoding enc) {
        return lines.offset(pos.path("line").asInt(0), pos.path("character").asInt(0), enc);
    }

    private Map<String, Object> refused(String message) {
        ErrorMapping.show(session, MessageType.Warning, message);
        return summary(false, message);
    }

    private static Map<String, Object> summary(boolean ok, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", "insertCode");
        out.put("ok", ok);
        out.put("message", message);
        return out;
    }
}
