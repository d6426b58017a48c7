package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.Backends;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.RecordedRequest;
import dev.pyassist.llm.testing.TestBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Inline completion through the whole server, against a mock OpenAI-compatible server on loopback: the prompt each
 * model family gets, cancellation when typing on, the cache when typing through a suggestion, the syntax gate, and
 * the {@code textDocument/completion} fallback.
 */
class CompletionServerTest {
    private static final String URI = "file:///tmp/complete/layout.py";

    /** Routes every task to the mock at {@code baseUrl}. */
    private static AbstractModule mockLlm(String baseUrl) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Backends toMock = settings -> new BackendRegistry(settings, Map.of())
                        .register(TestBackends.openAi(baseUrl, "sk-test-complete"));
                bind(Backends.class).toInstance(toMock);
            }
        };
    }

    private static ClientCapabilities withInlineCompletion() {
        var caps = new ClientCapabilities();
        var text = new TextDocumentClientCapabilities();
        text.setInlineCompletion(new InlineCompletionCapabilities());
        caps.setTextDocument(text);
        return caps;
    }

    private static Map<String, Object> settings(String model, Map<String, Object> complete) {
        Map<String, Object> c = new java.util.HashMap<>(Map.of("debounceMs", 0, "snippetChars", 0));
        c.putAll(complete);
        return Map.of("pyassist", Map.of("llm", Map.of("tasks", Map.of("complete", Map.of("model", model))),
                "complete", c));
    }

    private static void configure(LspHarness lsp, Map<String, Object> settings) {
        lsp.server.getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(settings));
    }

    private static List<InlineCompletionItem> inline(LspHarness lsp, String uri, int line, int character,
            InlineCompletionTriggerKind kind) throws Exception {
        var params = new InlineCompletionParams(new TextDocumentIdentifier(uri), new Position(line, character),
                new InlineCompletionContext(kind));
        var answer = lsp.server.getTextDocumentService().inlineCompletion(params).get(30, TimeUnit.SECONDS);
        return answer.isRight() ? answer.getRight().getItems() : answer.getLeft();
    }

    private static String text(InlineCompletionItem item) {
        return item.getInsertText().isLeft() ? item.getInsertText().getLeft() : item.getInsertText().getRight().getValue();
    }

    @Test
    void eachModelFamilyGetsItsFillInTheMiddleLayout() throws Exception {
        String before = "import os\n\ndef add(a, b):\n    return a + ";
        String after = "\n\nprint(add(1, 2))\n";
        String p = "# Path: layout.py\n" + before;
        record Case(String model, Map<String, Object> complete, String path, String prompt, String stop) {}
        List<Case> cases = List.of(
                new Case("bigcode/starcoder2-3b", Map.of(), "/v1/completions",
                        "<fim_prefix>" + p + "<fim_suffix>" + after + "<fim_middle>", "<|endoftext|>"),
                new Case("codellama:7b-code", Map.of(), "/v1/completions",
                        "<PRE> " + p + " <SUF>" + after + " <MID>", "<EOT>"),
                new Case("deepseek-coder-6.7b-base", Map.of(), "/v1/completions",
                        "<｜fim▁begin｜>" + p + "<｜fim▁hole｜>" + after + "<｜fim▁end｜>", "<｜end▁of▁sentence｜>"),
                new Case("qwen2.5-coder:1.5b", Map.of(), "/v1/completions",
                        "<|fim_prefix|>" + p + "<|fim_suffix|>" + after + "<|fim_middle|>", "<|fim_pad|>"),
                new Case("codestral-latest", Map.of(), "/v1/completions",
                        "[SUFFIX]" + after + "[PREFIX]" + p, "[PREFIX]"),
                new Case("my-own-model", Map.of("template", "custom", "customTemplate", "<{path}>{prefix}<HOLE>{suffix}",
                        "customStop", List.of("<END>")), "/v1/completions",
                        "<layout.py>" + p + "<HOLE>" + after, "<END>"),
                new Case("bigcode/starcoder2-3b", Map.of("template", "starcoder-spm"), "/v1/completions",
                        "<fim_prefix><fim_suffix>" + after + "<fim_middle>" + p, "<file_sep>"));
        try (var mock = MockLlmServer.start().reply("b");
                var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl()))) {
            lsp.initialize(withInlineCompletion(), null);
            lsp.open(URI, 1, before + after);
            for (Case c : cases) {
                Map<String, Object> complete = new java.util.HashMap<>(c.complete);
                complete.put("cacheEntries", 0); // each case asks the model again for the same buffer
                configure(lsp, settings(c.model, complete));
                var items = inline(lsp, URI, 3, 15, InlineCompletionTriggerKind.Invoked);
                RecordedRequest r = mock.takeRequest(Duration.ofSeconds(10));
                assertNotNull(r, c.model);
                assertEquals(c.path, r.path(), c.model);
                JsonNode body = r.json();
                assertEquals(c.prompt, body.path("prompt").asText(), c.model);
                assertEquals(c.model, body.path("model").asText());
                List<String> stops = new ArrayList<>();
                body.path("stop").forEach(s -> stops.add(s.asText()));
                assertTrue(stops.contains(c.stop), c.model + " stops at " + c.stop + ": " + stops);
                assertEquals(1, items.size(), c.model);
                assertEquals("b", text(items.get(0)));
                assertEquals(new Position(3, 15), items.get(0).getRange().getStart());
            }
            // a model of no known family is asked in a chat prompt, the cursor marked
            configure(lsp, settings("gpt-4o-mini", Map.of("cacheEntries", 0)));
            var items = inline(lsp, URI, 3, 15, InlineCompletionTriggerKind.Invoked);
            RecordedRequest chat = mock.takeRequest(Duration.ofSeconds(10));
            assertEquals("/v1/chat/completions", chat.path());
            String user = chat.json().path("messages").get(1).path("content").asText();
            assertTrue(user.contains("    return a + <CURSOR>\n\nprint(add(1, 2))"), user);
            assertEquals("b", text(items.get(0)));
        }
    }

    @Test
    void typingOnAbortsTheCallInFlightAndAnswersNothing() throws Exception {
        try (var mock = MockLlmServer.start().slowDelay(Duration.ofMillis(200));
                var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW)))) {
            lsp.initialize(withInlineCompletion(), settings("starcoder2-3b", Map.of()).get("pyassist"));
            lsp.open(URI, 1, "value = compute(\n");
            var params = new InlineCompletionParams(new TextDocumentIdentifier(URI), new Position(0, 16),
                    new InlineCompletionContext(InlineCompletionTriggerKind.Automatic));
            var pending = lsp.server.getTextDocumentService().inlineCompletion(params);
            assertNotNull(mock.takeRequest(Duration.ofSeconds(10)), "the model was asked");
            lsp.replace(URI, 2, 0, 16, 0, 16, "x"); // the next keystroke
            var answer = pending.get(30, TimeUnit.SECONDS);
            assertTrue(answer.getRight().getItems().isEmpty(), "a superseded request suggests nothing");
            assertTrue(mock.awaitDisconnect(Duration.ofSeconds(10)), "the HTTP exchange was aborted");
        }
    }

    @Test
    void typingThroughAShownSuggestionReusesItWithoutAModelCall() throws Exception {
        try (var mock = MockLlmServer.start().reply("b, c)");
                var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl()))) {
            lsp.initialize(withInlineCompletion(), settings("starcoder2-3b", Map.of()).get("pyassist"));
            lsp.open(URI, 1, "x = max(a, \n");
            var first = inline(lsp, URI, 0, 11, InlineCompletionTriggerKind.Automatic);
            assertEquals("b, c)", text(first.get(0)));
            lsp.replace(URI, 2, 0, 11, 0, 11, "b"); // typed what the ghost text showed
            var rest = inline(lsp, URI, 0, 12, InlineCompletionTriggerKind.Automatic);
            assertEquals(", c)", text(rest.get(0)));
            lsp.replace(URI, 3, 0, 12, 0, 12, ",");
            assertEquals(" c)", text(inline(lsp, URI, 0, 13, InlineCompletionTriggerKind.Automatic).get(0)));
            assertEquals(1, mock.requestCount(), "one model call for the three requests");
        }
    }

    @Test
    void aSuggestionThatWouldBreakTheSyntaxIsTrimmedOrDropped() throws Exception {
        try (var mock = MockLlmServer.start();
                var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl()))) {
            lsp.initialize(withInlineCompletion(), settings("starcoder2-3b", Map.of()).get("pyassist"));
            // the buffer already fails ('(' was never closed); "b))" would add an unmatched ')': trimmed to "b)"
            lsp.open(URI, 1, "def f(a, b):\n    return max(a, \n");
            mock.reply("b))");
            assertEquals("b)", text(inline(lsp, URI, 1, 18, InlineCompletionTriggerKind.Automatic).get(0)));
            // a clean buffer, and no prefix of the suggestion keeps it clean: nothing is shown
            String other = "file:///tmp/complete/clean.py";
            lsp.open(other, 1, "x = 1\n\ny = 2\n");
            mock.reply(")))");
            assertTrue(inline(lsp, other, 1, 0, InlineCompletionTriggerKind.Automatic).isEmpty());
            assertEquals(2, mock.requestCount());
        }
    }

    @Test
    void aClientWithoutInlineCompletionGetsTheSuggestionAsACompletionItem() throws Exception {
        try (var mock = MockLlmServer.start().reply("te_total(items)");
                var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl()))) {
            var result = lsp.initialize(new ClientCapabilities(), settings("starcoder2-3b", Map.of()).get("pyassist"));
            assertNotNull(result.getCapabilities().getCompletionProvider(), "the fallback is offered");
            assertTrue(result.getCapabilities().getInlineCompletionProvider().getLeft());
            lsp.open(URI, 1, "result = compu\n");
            var params = new CompletionParams(new TextDocumentIdentifier(URI), new Position(0, 14),
                    new CompletionContext(CompletionTriggerKind.Invoked));
            var answer = lsp.server.getTextDocumentService().completion(params).get(30, TimeUnit.SECONDS);
            List<CompletionItem> items = answer.getRight().getItems();
            assertEquals(1, items.size());
            var edit = items.get(0).getTextEdit().getLeft();
            assertEquals("compute_total(items)", edit.getNewText());
            assertEquals(new Position(0, 9), edit.getRange().getStart(), "the edit starts at the word typed");
            assertEquals(new Position(0, 14), edit.getRange().getEnd());
            assertEquals("compute_total(items)", items.get(0).getLabel());
        }
        try (var mock = MockLlmServer.start(); var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl()))) {
            var result = lsp.initialize(withInlineCompletion(), null);
            assertNull(result.getCapabilities().getCompletionProvider(),
                    "a client with ghost text does not get the suggestion twice");
        }
    }

    @Test
    void theStatusNamesTheCompletionBackendWhileCompletionIsOn() throws Exception {
        try (var mock = MockLlmServer.start(); var lsp = new LspHarness(Map.of(), mockLlm(mock.openAiBaseUrl()))) {
            lsp.initialize(withInlineCompletion(), settings("qwen2.5-coder-1.5b", Map.of()).get("pyassist"));
            ServerStatus on = awaitStatus(lsp, s -> s.backend().containsKey("complete"));
            assertTrue(on.backend().get("complete").startsWith("openai:qwen2.5-coder-1.5b"), on.toString());
            configure(lsp, settings("qwen2.5-coder-1.5b", Map.of("enabled", false)));
            ServerStatus off = awaitStatus(lsp, s -> !s.backend().containsKey("complete"));
            assertTrue(off.backend().containsKey("ask"), "the assist tasks stay: " + off);
        }
    }

    /** The latest status once one matching {@code wanted} has arrived. */
    private static ServerStatus awaitStatus(LspHarness lsp, java.util.function.Predicate<ServerStatus> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var all = lsp.client.statuses;
            if (!all.isEmpty() && wanted.test(all.get(all.size() - 1))) {
                return all.get(all.size() - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such status: " + lsp.client.statuses);
    }
}
