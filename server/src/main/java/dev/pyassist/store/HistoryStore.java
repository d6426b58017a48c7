package dev.pyassist.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQLite file {@code history.db}: conversations and answers (see {@link StoredAnswer}). One connection, used
 * by one thread at a time; opened on first use, so a server that never rates or chats never loads SQLite. The file
 * and its folder are readable by the user only (they hold prompts and code).
 */
public final class HistoryStore implements AutoCloseable {
    public static final String FILE_NAME = "history.db";
    private static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private Connection connection;

    public HistoryStore(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    private static final java.util.Map<Path, HistoryStore> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** The process's store in {@code directory}: the language server and its web UI share one connection. */
    public static HistoryStore in(Path directory) {
        return OPEN.computeIfAbsent(directory.toAbsolutePath().normalize(), HistoryStore::new);
    }

    public Path file() {
        return file;
    }

    /** A conversation in the list of past sessions. */
    public record Conversation(String id, String title, String created, String updated, int turns) {}

    /** Thrown for any failure of the store; the message names the file, never its contents. */
    public static final class StoreException extends dev.pyassist.PyassistException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    // ---- conversations --------------------------------------------------------------------------------------------

    public synchronized Conversation createConversation(String title) {
        String id = newId();
        String now = Instant.now().toString();
        update("INSERT INTO conversations(id, title, created, updated) VALUES (?, ?, ?, ?)", id, title, now, now);
        return new Conversation(id, title, now, now, 0);
    }

    /** The conversations, most recently used first. */
    public synchronized List<Conversation> conversations() {
        try (PreparedStatement s = db().prepareStatement("SELECT c.id, c.title, c.created, c.updated,"
                + " (SELECT COUNT(*) FROM answers a WHERE a.conversation = c.id) FROM conversations c"
                + " ORDER BY c.updated DESC, c.rowid DESC")) {
            List<Conversation> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Conversation(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getInt(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read the conversations from", e);
        }
    }

    public synchronized Optional<Conversation> conversation(String id) {
        return conversations().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The answers of a conversation, oldest first. */
    public synchronized List<StoredAnswer> turns(String conversation) {
        return query("WHERE conversation = ? ORDER BY rowid", conversation);
    }

    // ---- answers --------------------------------------------------------------------------------------------------

    public synchronized void save(StoredAnswer a) {
        update("INSERT INTO answers(id, conversation, source, task, route, question, prompt, context_files, answer,"
                        + " ok, backend, model, latency_ms, first_token_ms, input_tokens, output_tokens, created, rating,"
                        + " comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.conversation(), a.source(), a.task(), a.route(), a.question(), a.prompt(),
                json(a.contextFiles()), a.answer(), a.ok() ? 1 : 0, a.backend(), a.model(), a.latencyMs(),
                a.firstTokenMs(), a.inputTokens(), a.outputTokens(), a.created(), a.rating(), a.comment());
        if (a.conversation() != null) {
            update("UPDATE conversations SET updated = ? WHERE id = ?", a.created(), a.conversation());
        }
    }

    public synchronized Optional<StoredAnswer> answer(String id) {
        return query("WHERE id = ?", id).stream().findFirst();
    }

    /**
     * Rates an answer; a second rating replaces the first (and its comment).
     *
     * @param rating {@code up} or {@code down}
     * @return whether an answer with that id exists
     */
    public synchronized boolean rate(String id, String rating, String comment) {
        if (!"up".equals(rating) && !"down".equals(rating)) {
            throw new IllegalArgumentException("a rating is \"up\" or \"down\"");
        }
        String c = comment == null || comment.isBlank() ? null : comment.strip();
        return update("UPDATE answers SET rating = ?, comment = ?, rated = ? WHERE id = ?", rating, c,
                Instant.now().toString(), id) == 1;
    }

    /**
     * Writes rated answers as JSON lines that {@code pyassist dataset pairs --task instruction} reads:
     * {@code instruction} is the prompt's system message, {@code code} its last user message, {@code annotation}
     * the answer; the rating, comment, task, backend and model come along.
     *
     * @param rating {@code up}, {@code down} or {@code all} (rated either way)
     * @return the number of records written
     */
    public synchronized int export(Writer out, String rating) throws IOException {
        String where = switch (rating) {
            case "up", "down" -> "WHERE rating = ?";
            case "all" -> "WHERE rating IS NOT NULL OR ? IS NULL";
            default -> throw new IllegalArgumentException("--rating is up, down or all");
        };
        int n = 0;
        for (StoredAnswer a : query(where + " ORDER BY rowid", "all".equals(rating) ? "x" : rating)) {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", a.id());
            r.put("split", "train");
            r.put("kind", a.task());
            r.put("instruction", role(a, "system").orElse(a.question()));
            r.put("code", role(a, "user").orElse(a.question()));
            r.put("annotation", a.answer());
            r.put("rating", a.rating());
            r.put("comment", a.comment());
            r.put("task", a.task());
            r.put("source", a.source());
            r.put("backend", a.backend());
            r.put("model", a.model());
            r.set("contextFiles", JSON.valueToTree(a.contextFiles()));
            out.write(JSON.writeValueAsString(r));
            out.write('\n');
            n++;
        }
        return n;
    }

    /** The last message of {@code role} in the stored prompt. */
    private static Optional<String> role(StoredAnswer a, String role) {
        if (a.prompt() == null) {
            return Optional.empty();
        }
        try {
            String found = null;
            for (JsonNode m : JSON.readTree(a.prompt())) {
                if (role.equalsIgnoreCase(m.path("role").asText())) {
                    found = m.path("content").asText();
                }
            }
            return Optional.ofNullable(found);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---- SQL ------------------------------------------------------------------------------------------------------

    private List<StoredAnswer> query(String where, String arg) {
        try (PreparedStatement s = db().prepareStatement("SELECT id, conversation, source, task, route, question,"
                + " prompt, context_files, answer, ok, backend, model, latency_ms, first_token_ms, input_tokens,"
                + " output_tokens, created, rating, comment FROM answers " + where)) {
            s.setString(1, arg);
            List<StoredAnswer> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new StoredAnswer(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), list(r.getString(8)), r.getString(9),
                            r.getInt(10) == 1, r.getString(11), r.getString(12), r.getLong(13),
                            (Long) r.getObject(14, Long.class), (Integer) r.getObject(15, Integer.class),
                            (Integer) r.getObject(16, Integer.class), r.getString(17), r.getString(18),
                            r.getString(19)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement s = db().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    s.setNull(i + 1, Types.NULL);
                } else {
                    s.setObject(i + 1, args[i]);
                }
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failed("write to", e);
        }
    }

    private Connection db() {
        if (connection != null) {
            return connection;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix && !Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA busy_timeout = 5000");
                int version;
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    version = r.next() ? r.getInt(1) : 0;
                }
                if (version > SCHEMA) {
                    c.close();
                    throw new StoreException(file + " was written by a newer pyassist (schema " + version
                            + "; this one reads " + SCHEMA + ")", null);
                }
                s.execute("CREATE TABLE IF NOT EXISTS conversations(id TEXT PRIMARY KEY, title TEXT NOT NULL,"
                        + " created TEXT NOT NULL, updated TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS answers(id TEXT PRIMARY KEY,"
                        + " conversation TEXT REFERENCES conversations(id) ON DELETE CASCADE, source TEXT NOT NULL,"
                        + " task TEXT, route TEXT, question TEXT, prompt TEXT, context_files TEXT, answer TEXT,"
                        + " ok INTEGER NOT NULL, backend TEXT, model TEXT, latency_ms INTEGER NOT NULL,"
                        + " first_token_ms INTEGER, input_tokens INTEGER, output_tokens INTEGER, created TEXT NOT NULL,"
                        + " rating TEXT, comment TEXT, rated TEXT)");
                s.execute("CREATE INDEX IF NOT EXISTS answers_by_conversation ON answers(conversation)");
                s.execute("PRAGMA user_version = " + SCHEMA);
            }
            connection = c;
            return c;
        } catch (SQLException | IOException e) {
            throw failed("open", e);
        }
    }

    private StoreException failed(String what, Exception e) {
        return new StoreException("Could not " + what + " the history store " + file + ": " + e.getMessage(), e);
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing: nothing left to lose
            }
            connection = null;
        }
    }
}
