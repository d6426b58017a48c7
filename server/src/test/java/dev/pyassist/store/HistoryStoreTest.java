package dev.pyassist.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.dataset.Jsonl;
import dev.pyassist.dataset.Pairs;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static StoredAnswer answer(String id, String conversation, String question, String text) {
        return new StoredAnswer(id, conversation, "chat", "explain", "ask → explain, by model", question,
                "[{\"role\":\"system\",\"content\":\"You teach.\"},{\"role\":\"user\",\"content\":\"" + question
                        + "\"}]", List.of("a.py", "b.py"), text, true, "openai", "mock-model", 12, 3L, 10, 5,
                java.time.Instant.now().toString(), null, null);
    }

    @Test
    void conversationsKeepTheirTurnsAcrossReopening(@TempDir Path tmp) {
        String conversation;
        try (HistoryStore store = new HistoryStore(tmp)) {
            conversation = store.createConversation("First question").id();
            store.save(answer("a1", conversation, "What is a list?", "A sequence."));
            store.save(answer("a2", conversation, "And a tuple?", "An immutable one."));
            store.createConversation("Empty");
        }
        try (HistoryStore again = new HistoryStore(tmp)) {
            List<StoredAnswer> turns = again.turns(conversation);
            assertEquals(List.of("What is a list?", "And a tuple?"), turns.stream().map(StoredAnswer::question).toList());
            assertEquals(List.of("a.py", "b.py"), turns.get(0).contextFiles());
            assertEquals(Integer.valueOf(10), turns.get(0).inputTokens());
            assertEquals(2, again.conversations().size());
            assertEquals(2, again.conversation(conversation).orElseThrow().turns());
        }
    }

    @Test
    void aSecondRatingReplacesTheFirst(@TempDir Path tmp) {
        try (HistoryStore store = new HistoryStore(tmp)) {
            store.save(answer("a1", null, "q", "answer"));
            assertTrue(store.rate("a1", "up", "good"));
            assertTrue(store.rate("a1", "down", "  wrong after all "));
            StoredAnswer a = store.answer("a1").orElseThrow();
            assertEquals("down", a.rating());
            assertEquals("wrong after all", a.comment());
            assertFalse(store.rate("nope", "up", null), "an unknown id is reported, not created");
            assertThrows(IllegalArgumentException.class, () -> store.rate("a1", "meh", null));
        }
    }

    @Test
    void exportWritesRatedAnswersThatDatasetPairsReads(@TempDir Path tmp) throws Exception {
        try (HistoryStore store = new HistoryStore(tmp)) {
            store.save(answer("a1", null, "Explain zip", "zip pairs items."));
            store.save(answer("a2", null, "Explain map", "map applies f."));
            store.save(answer("a3", null, "Explain nothing", "unrated"));
            store.rate("a1", "up", null);
            store.rate("a2", "down", "too short");
            StringWriter up = new StringWriter();
            assertEquals(1, store.export(up, "up"));
            StringWriter all = new StringWriter();
            assertEquals(2, store.export(all, "all"));
            Path file = tmp.resolve("pairs-in.jsonl");
            Files.writeString(file, up.toString());
            Pairs.Result pairs = Pairs.of(Jsonl.read(file), Pairs.Task.instruction, null);
            assertEquals(1, pairs.pairs().size(), pairs.skipped().toString());
            Map<String, Object> p = pairs.pairs().get(0);
            assertEquals("You teach.", p.get("instruction"));
            assertEquals("Explain zip", p.get("input"));
            assertEquals("zip pairs items.", p.get("output"));
            JsonNode line = JSON.readTree(all.toString().split("\n")[1]);
            assertEquals("too short", line.get("comment").asText());
        }
    }

    @Test
    void theFileIsTheUsersOnly(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data/pyassist");
        try (HistoryStore store = new HistoryStore(dir)) {
            store.createConversation("t");
        }
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve(HistoryStore.FILE_NAME))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }
    }

    @Test
    void theDataDirectoryFollowsTheSettingThenXdgThenTheEnvironmentsHome(@TempDir Path tmp) {
        assertEquals(tmp, DataDirectory.of(tmp.toString(), Map.of("XDG_DATA_HOME", "/x")));
        assertEquals(Path.of("/x", "pyassist"), DataDirectory.of("", Map.of("XDG_DATA_HOME", "/x")));
        assertEquals(Path.of("/home/someone", ".local", "share", "pyassist"),
                DataDirectory.of(null, Map.of("HOME", "/home/someone", "XDG_DATA_HOME", "relative")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local", "share", "pyassist"),
                DataDirectory.of(null, Map.of()));
    }
}
