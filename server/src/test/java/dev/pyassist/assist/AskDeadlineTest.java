package dev.pyassist.assist;

import static dev.pyassist.assist.AssistLsp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.pyassist.llm.testing.MockLlmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ask} is one user action of two model calls (classify, then answer): it has one deadline, the backend's
 * {@code timeoutMs}. Each call used to get the full limit, so ask gave up after twice the time its message named.
 */
class AskDeadlineTest {
    @TempDir
    Path root;

    @Test
    void askGivesUpAtTheTimeLimitItNamesNotAfterASecondFullOne() throws Exception {
        try (MockLlmServer mock = MockLlmServer.start().requireApiKey(AssistLsp.KEY)) {
            mock.slowDelay(Duration.ofMillis(200)); // 200 deltas: a 40 s answer, far past the limit
            JsonObject settings = AssistLsp.settings(mock.openAiBaseUrl(MockLlmServer.Scenario.SLOW), root);
            settings.getAsJsonObject("llm").getAsJsonObject("openai").addProperty("timeoutMs", 5000);
            try (var ws = AssistLsp.start(root, settings, Map.of())) {
                String uri = ws.open("calc.py", "def add(a, b):\n    return a + b\n");
                JsonObject arg = AssistLsp.at(uri, 1, 4);
                arg.addProperty("question", "What does this do?");

                JsonObject result = ws.execute("pyassist.ask", arg);

                assertFalse(result.get("ok").getAsBoolean(), result.toString());
                assertTrue(str(result, "message").contains("no complete answer within 5 s"), result.toString());
                // the classifier used the whole limit: the answer was never asked for
                assertEquals(1, mock.requestCount(), "model calls (the second came after the deadline)");
            }
        }
    }
}
