package dev.pyassist.llm.local.engine;

import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.LocalModelSpec;
import dev.pyassist.llm.local.SamplingOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints load time, first-token latency and decode tokens/s of greedy generation, to spot speed regressions:
 * <pre>java -cp server/target/pyassist.jar:local-engine/target/pyassist-local-engine.jar \
 *     dev.pyassist.llm.local.engine.Bench MODEL_DIR [--adapter NAME=DIR] [--tokens N] [--runs N] [--threads N]
 *     [--prompt TEXT]</pre>
 * With an adapter, it is applied unmerged. Output goes to stdout as one line per run.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Map<String, Path> adapters = new LinkedHashMap<>();
        int tokens = 64;
        int runs = 3;
        int threads = 0;
        String prompt = "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--adapter": {
                    String[] kv = args[++i].split("=", 2);
                    adapters.put(kv[0], Path.of(kv[1]));
                    break;
                }
                case "--tokens":
                    tokens = Integer.parseInt(args[++i]);
                    break;
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--threads":
                    threads = Integer.parseInt(args[++i]);
                    break;
                case "--prompt":
                    prompt = args[++i];
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        try (LocalEngine engine = new DjlLocalEngineProvider().load(new LocalModelSpec(model, adapters, null,
                threads))) {
            System.out.printf("loaded %s in %.2f s%n", engine.describe(), (System.nanoTime() - t0) / 1e9);
            String adapter = adapters.isEmpty() ? null : adapters.keySet().iterator().next();
            for (int w = 0; w < 3; w++) { // warm-up (JIT, allocator)
                engine.generate(prompt, adapter, SamplingOptions.greedy(tokens), null, null);
            }
            for (int r = 0; r < runs; r++) {
                LocalGeneration g = engine.generate(prompt, adapter, SamplingOptions.greedy(tokens), null, null);
                System.out.println(line(g, adapter));
            }
        }
    }

    static String line(LocalGeneration g, String adapter) {
        return String.format(java.util.Locale.ROOT, "adapter=%s prompt_tokens=%d new_tokens=%d first_token_ms=%.1f "
                        + "total_ms=%.1f tokens_per_s=%.1f decode_tokens_per_s=%.1f", adapter, g.promptTokens(),
                g.generatedTokens(), g.firstTokenNanos() / 1e6, g.totalNanos() / 1e6, g.tokensPerSecond(),
                g.decodeTokensPerSecond());
    }
}
