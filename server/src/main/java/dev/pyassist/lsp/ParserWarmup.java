package dev.pyassist.lsp;

import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs the analysis pipeline over a bundled sample a few times right after start-up, on an analysis thread,
 * while the editor is still sending {@code initialize}. The first file a user opens is then analysed by
 * JIT-compiled code instead of the interpreter (several times faster on a 5,000-line file).
 */
final class ParserWarmup {
    private static final Logger LOG = Logger.getLogger(ParserWarmup.class.getName());
    private static final long BUDGET_NANOS = 1_500_000_000L;
    private static final int MAX_ROUNDS = 60;

    private ParserWarmup() {}

    /** @param stop polled between rounds: once a real document is waiting, the warm-up yields the CPU to it */
    static void start(Executor executor, AnalysisPipeline pipeline, Supplier<Settings> settings,
            java.util.function.BooleanSupplier stop) {
        executor.execute(() -> {
            String sample = sample();
            // Every other round with a deleted ':', so the error path (CPython's second pass) gets compiled too.
            String broken = sample.replaceFirst("\\):\n", ")\n");
            long start = System.nanoTime();
            int rounds = 0;
            while (rounds < MAX_ROUNDS && System.nanoTime() - start < BUDGET_NANOS
                    && !stop.getAsBoolean()) {
                pipeline.analyze(rounds % 2 == 0 ? sample : broken, settings.get());
                rounds++;
            }
            LOG.fine("warm-up: " + rounds + " analyses in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        });
    }

    private static String sample() {
        try (InputStream in = ParserWarmup.class.getResourceAsStream("warmup.py")) {
            if (in == null) {
                throw new IllegalStateException("warmup.py missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
