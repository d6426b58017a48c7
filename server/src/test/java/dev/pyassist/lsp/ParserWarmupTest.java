package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParserWarmupTest {
    @Test
    void oneWarmUpPerJvmThatEndsWhenTheClientIsReady() throws Exception {
        ParserWarmup warmup = ParserWarmup.start(dev.pyassist.analysis.AnalysisModule.exactPipeline());
        assertSame(warmup, ParserWarmup.start(dev.pyassist.analysis.AnalysisModule.exactPipeline()), "JIT state is per JVM: a second server reuses the warm-up");
        long[] polls = {0};
        warmup.stopWhen(() -> ++polls[0] > 3); // three more rounds, then "initialized" arrives
        int rounds = warmup.finished().get(60, TimeUnit.SECONDS); // throws if an analysis failed
        assertTrue(rounds >= 1 && rounds < 20, "rounds: " + rounds);
    }
}
