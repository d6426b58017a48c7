package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.SamplingOptions;
import org.junit.jupiter.api.Test;

/** Prints tokens/s on the tiny model (to stderr) so regressions show in the test log; asserts only completion. */
class ThroughputTest {

    @Test
    void printsTokensPerSecond() {
        try (LocalEngine engine = new DjlLocalEngineProvider().load(Fixtures.spec(null))) {
            String prompt = "import os\n\nclass Config:\n";
            SamplingOptions opts = new SamplingOptions(100, 0, 0, 1, 1, java.util.List.of(), 0);
            engine.generate(prompt, "attn", SamplingOptions.greedy(5), null, null);
            for (String adapter : java.util.Arrays.asList(null, "attn", "mlp")) {
                LocalGeneration g = engine.generate(prompt, adapter, opts, null, null);
                System.err.println("tiny model: " + Bench.line(g, adapter));
                assertEquals(g.tokenIds().length, g.generatedTokens());
            }
        }
    }
}
