package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.inject.AbstractModule;
import com.google.inject.util.Modules;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.Backends;
import dev.pyassist.llm.testing.MockLlmServer;
import dev.pyassist.llm.testing.TestBackends;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.junit.jupiter.api.Test;

/** The server as the injector builds it, with one part's module swapped: the LLM part, for a mock on loopback. */
class InjectedServerTest {
    private static final String URI = "file:///tmp/injected.py";

    /** Every task goes to an OpenAI-compatible backend on the mock, whatever the settings and environment say. */
    private static final class MockLlmModule extends AbstractModule {
        private final MockLlmServer mock;

        MockLlmModule(MockLlmServer mock) {
            this.mock = mock;
        }

        @Override
        protected void configure() {
            Backends toMock = settings -> new BackendRegistry(settings, Map.of())
                    .register(TestBackends.openAi(mock.openAiBaseUrl(), "sk-test-injected"));
            bind(Backends.class).toInstance(toMock);
        }
    }

    @Test
    void aSwappedLlmModuleServesTheAiActions() throws Exception {
        try (var mock = MockLlmServer.start().reply("Add two numbers.");
                var lsp = new LspHarness(Map.of(), new MockLlmModule(mock))) {
            lsp.initialize();
            lsp.open(URI, 1, "def add(a, b):\n    return a + b\n");
            var arg = new Gson().fromJson("{\"uri\": \"" + URI + "\", \"position\": {\"line\": 0, \"character\": 5}}",
                    JsonObject.class);
            Object result = lsp.server.getWorkspaceService()
                    .executeCommand(new ExecuteCommandParams("pyassist.summarize", List.of(arg)))
                    .get(30, TimeUnit.SECONDS);
            JsonObject summary = new Gson().toJsonTree(result).getAsJsonObject();
            assertTrue(summary.get("ok").getAsBoolean(), summary.toString());
            assertEquals(1, mock.requestCount(), "the one model call went to the swapped module's backend");
            assertTrue(mock.requests().get(0).body().contains("def add(a, b)"));
        }
    }

    @Test
    void theInjectorSharesTheHandBuiltCore() {
        // Modules.override with nothing is the plain injector: the bindings of all parts check out together, and
        // the parts the core built by hand are the injector's own, not second copies.
        var wiring = ServerWiring.create(new ServerOptions(code -> { }, false, java.util.Optional.empty()),
                new dev.pyassist.Environment(Map.of()), Modules.EMPTY_MODULE);
        var injector = wiring.injector();
        assertTrue(wiring == injector.getInstance(ServerWiring.class), "one server per injector");
        assertTrue(wiring.server() == injector.getInstance(PyassistLanguageServer.class));
        assertTrue(wiring.session == injector.getInstance(Session.class));
        assertTrue(wiring.documents == injector.getInstance(DocumentStore.class));
        assertTrue(wiring.pipeline == injector.getInstance(dev.pyassist.diagnostics.AnalysisPipeline.class));
        assertTrue(wiring.features() == injector.getInstance(Features.class), "the features are resolved once");
        wiring.stopBackgroundWork();
    }

    @Test
    void aRequestBeforeTheFeaturesWaitsForThemInsteadOfFailing() {
        // serve's path: the core by hand, the injector on its own thread, which waits until a feature is wanted
        var composition = ServerWiring.composeInBackground(new dev.pyassist.Environment(Map.of()));
        var wiring = ServerWiring.build(new ServerOptions(code -> { }, false, java.util.Optional.empty()),
                composition);
        assertTrue(wiring.features() == null, "nothing asked for the features yet");
        // a command needs the AI feature: the request makes the injector and is answered by the feature itself
        var reply = wiring.server().getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("pyassist.noSuchCommand", List.of()));
        var error = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                reply::join);
        assertTrue(error.getCause() instanceof org.eclipse.lsp4j.jsonrpc.ResponseErrorException, error.toString());
        assertTrue(wiring.features() != null, "the request resolved the features");
        assertTrue(wiring.features() == wiring.injector().getInstance(Features.class));
        assertTrue(wiring.server() == wiring.injector().getInstance(PyassistLanguageServer.class));
        wiring.stopBackgroundWork();
    }
}
