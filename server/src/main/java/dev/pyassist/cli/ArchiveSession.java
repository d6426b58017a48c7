package dev.pyassist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The editor session an archiving server ({@link StartupArchive}) serves, so that its archive holds what a real
 * start loads: the handshake, the settings, two files opened (one valid, one with a syntax error), an edit, the
 * outline and a hover, then shutdown and exit. The validator is off for it (its model loads after the first
 * diagnostics, never on the path the archive speeds up).
 */
final class ArchiveSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputStream in;
    private final OutputStream out;
    private final Path workspace;
    private int nextId;

    ArchiveSession(InputStream fromServer, OutputStream toServer, Path workspace) {
        this.in = new BufferedInputStream(fromServer);
        this.out = toServer;
        this.workspace = workspace;
    }

    void run() throws IOException {
        String sample = sample();
        String broken = sample.replaceFirst("\\):\n", ")\n");
        Path valid = Files.writeString(workspace.resolve("sample.py"), sample);
        Path bad = Files.writeString(workspace.resolve("broken.py"), broken);
        ObjectNode init = JSON.createObjectNode();
        init.put("processId", ProcessHandle.current().pid());
        init.put("rootUri", workspace.toUri().toString());
        ObjectNode caps = init.putObject("capabilities");
        caps.putObject("textDocument").putObject("publishDiagnostics").put("versionSupport", true);
        caps.putObject("workspace").put("configuration", true);
        init.putObject("initializationOptions").putObject("validator").put("enabled", false);
        awaitResponse(request("initialize", init));
        notify("initialized", JSON.createObjectNode());
        open(valid, sample);
        awaitPublish(valid, 1);
        open(bad, broken);
        awaitPublish(bad, 1);
        ObjectNode change = JSON.createObjectNode();
        change.putObject("textDocument").put("uri", valid.toUri().toString()).put("version", 2);
        ObjectNode edit = change.putArray("contentChanges").addObject();
        ObjectNode range = edit.putObject("range");
        range.putObject("start").put("line", 0).put("character", 0);
        range.putObject("end").put("line", 0).put("character", 0);
        edit.put("text", "# ");
        notify("textDocument/didChange", change);
        awaitPublish(valid, 2);
        ObjectNode document = JSON.createObjectNode();
        document.putObject("textDocument").put("uri", valid.toUri().toString());
        awaitResponse(request("textDocument/documentSymbol", document));
        ObjectNode hover = document.deepCopy();
        hover.putObject("position").put("line", 3).put("character", 4);
        awaitResponse(request("textDocument/hover", hover));
        awaitResponse(request("shutdown", null));
        notify("exit", null);
    }

    private void open(Path file, String text) throws IOException {
        ObjectNode params = JSON.createObjectNode();
        params.putObject("textDocument").put("uri", file.toUri().toString()).put("languageId", "python")
                .put("version", 1).put("text", text);
        notify("textDocument/didOpen", params);
    }

    private void awaitPublish(Path file, int version) throws IOException {
        String uri = file.toUri().toString();
        await(m -> "textDocument/publishDiagnostics".equals(m.path("method").asText())
                && uri.equals(m.path("params").path("uri").asText())
                && m.path("params").path("version").asInt(version) == version);
    }

    private void awaitResponse(int id) throws IOException {
        await(m -> !m.has("method") && m.path("id").asInt(-1) == id);
    }

    /** Reads messages until one matches, answering the server's own requests as a plain editor would. */
    private void await(Predicate<JsonNode> match) throws IOException {
        while (true) {
            JsonNode message = read();
            if (message.has("method") && message.has("id")) {
                ObjectNode answer = JSON.createObjectNode();
                answer.put("jsonrpc", "2.0");
                answer.set("id", message.get("id"));
                if ("workspace/configuration".equals(message.get("method").asText())) {
                    var items = answer.putArray("result");
                    message.path("params").path("items").forEach(item -> items.addNull());
                } else {
                    answer.putNull("result");
                }
                write(answer);
            } else if (match.test(message)) {
                return;
            }
        }
    }

    private int request(String method, JsonNode params) throws IOException {
        int id = ++nextId;
        ObjectNode message = JSON.createObjectNode();
        message.put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        write(message);
        return id;
    }

    private void notify(String method, JsonNode params) throws IOException {
        ObjectNode message = JSON.createObjectNode();
        message.put("jsonrpc", "2.0").put("method", method);
        message.set("params", params);
        write(message);
    }

    private void write(JsonNode message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** One framed message (headers, a blank line, then Content-Length bytes of JSON). */
    private JsonNode read() throws IOException {
        int length = -1;
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("the archiving server closed its output");
            }
            if (line.isEmpty()) {
                if (length >= 0) {
                    break;
                }
                continue;
            }
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return JSON.readTree(in.readNBytes(length));
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static String sample() throws IOException {
        try (InputStream sample = dev.pyassist.lsp.ParserWarmup.class.getResourceAsStream("warmup.py")) {
            if (sample == null) {
                throw new IOException("warmup.py missing from the jar");
            }
            return new String(sample.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
