package dev.pyassist.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built jar as a separate process, spoken to in raw LSP framing, so these tests see exactly the bytes an
 * editor sees: every byte of stdout is checked to be a JSON-RPC frame.
 */
final class ServerProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private volatile String framingError;
    private int nextId = 1;

    ServerProcess(String... extraArgs) throws IOException {
        this(defaultCommand(extraArgs), Map.of());
    }

    /** Any command line that starts the server on stdio (a client's launch command), with extra environment. */
    ServerProcess(List<String> command, Map<String, String> environment) throws IOException {
        this(command, environment, null);
    }

    /** As above, started in {@code directory} (the workspace folder, as editors do); null: this process's. */
    ServerProcess(List<String> command, Map<String, String> environment, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        process = builder.start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(this::readFrames, "stdout-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errReader = new Thread(() -> {
            try {
                process.getErrorStream().transferTo(stderr);
            } catch (IOException ignored) {
                // process ended
            }
        }, "stderr-reader");
        errReader.setDaemon(true);
        errReader.start();
    }

    private static List<String> defaultCommand(String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString(), "serve", "--stdio"));
        command.addAll(List.of(extraArgs));
        return command;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("pyassist.jar", "target/pyassist.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the jar first (mvn package): " + jar);
        }
        return jar;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    int request(String method, Object params) throws IOException {
        int id = nextId++;
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        send(msg);
        return id;
    }

    void notify(String method, Object params) throws IOException {
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        msg.set("params", JSON.valueToTree(params));
        send(msg);
    }

    void send(JsonNode msg) throws IOException {
        byte[] body = JSON.writeValueAsBytes(msg);
        stdin.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        stdin.write(body);
        stdin.flush();
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    /** The next message matching {@code match}, waiting up to 30 s; earlier non-matching ones are kept. */
    JsonNode await(Predicate<JsonNode> match) throws InterruptedException {
        synchronized (seen) {
            for (JsonNode m : seen) {
                if (match.test(m)) {
                    return m;
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            synchronized (seen) {
                seen.add(m);
            }
            if (match.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no matching message; seen " + seen + "\nstderr:\n" + stderr());
    }

    JsonNode awaitResponse(int id) throws InterruptedException {
        return await(m -> m.path("id").asInt(-1) == id && !m.has("method"));
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    String framingError() {
        return framingError;
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("server still running after " + seconds + " s\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    private void readFrames() {
        try (InputStream in = process.getInputStream()) {
            while (true) {
                String header = readHeader(in);
                if (header == null) {
                    return;
                }
                if (!header.startsWith("Content-Length: ")) {
                    framingError = "stdout carried something that is not an LSP header: " + header;
                    return;
                }
                int length = Integer.parseInt(header.substring("Content-Length: ".length()).trim());
                byte[] body = in.readNBytes(length);
                messages.add(JSON.readTree(body));
            }
        } catch (IOException e) {
            framingError = "stdout framing broke: " + e;
        }
    }

    /** Reads header lines up to the blank line; returns the Content-Length line, or null at end of stream. */
    private static String readHeader(InputStream in) throws IOException {
        String contentLength = null;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return line.length() == 0 && contentLength == null ? null : "<truncated> " + line;
            }
            if (c == '\n') {
                String text = line.toString().replace("\r", "");
                line.setLength(0);
                if (text.isEmpty()) {
                    return contentLength == null ? "<no Content-Length>" : contentLength;
                }
                if (text.startsWith("Content-Length: ")) {
                    contentLength = text;
                } else if (!text.startsWith("Content-Type: ")) {
                    return text;
                }
            } else {
                line.append((char) c);
            }
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
