package dev.pyassist.llm.local;

import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.TokenListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the real engine jar's provider. A "model" is a folder with {@code reply.txt} (what every generation
 * answers, word by word; {@code SLOW} answers endlessly, 20 ms a token, until cancelled or out of tokens); an adapter
 * folder may hold its own {@code reply.txt}. The provider is reached only through a jar built by {@link FakeEngineJar}
 * (its {@code META-INF/services} names this class), as the server reaches the real one.
 */
public final class FakeEngineProvider implements LocalEngineProvider {

    /** One generate call as the engine saw it. */
    public record Call(String prompt, String adapter, SamplingOptions options, String thread) {}

    public static final AtomicInteger LOADS = new AtomicInteger();
    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    /** The engines loaded since {@link #reset()}: a server left by an earlier test may still close its own late. */
    private static final List<Engine> ENGINES = new CopyOnWriteArrayList<>();

    public static void reset() {
        LOADS.set(0);
        ENGINES.clear();
        CALLS.clear();
    }

    /** How many times the engines loaded since {@link #reset()} were closed. */
    public static int closes() {
        return ENGINES.stream().mapToInt(e -> e.closes.get()).sum();
    }

    @Override
    public LocalEngine load(LocalModelSpec spec) {
        Path reply = spec.modelDir().resolve("reply.txt");
        if (!Files.isRegularFile(reply)) {
            throw new LlmException(LlmException.Kind.MISCONFIGURED, "fake engine",
                    reply + " is missing (the fake's stand-in for tokenizer.json)");
        }
        for (var e : spec.adapters().entrySet()) {
            if (!Files.isDirectory(e.getValue())) {
                throw new LlmException(LlmException.Kind.MISCONFIGURED, "fake engine",
                        "adapter '" + e.getKey() + "': " + e.getValue() + " is not a folder");
            }
        }
        LOADS.incrementAndGet();
        Engine engine = new Engine(spec);
        ENGINES.add(engine);
        return engine;
    }

    private static final class Engine implements LocalEngine {
        private final LocalModelSpec spec;
        private final AtomicInteger closes = new AtomicInteger();

        Engine(LocalModelSpec spec) {
            this.spec = spec;
        }

        @Override
        public String describe() {
            return "fake model at " + spec.modelDir();
        }

        /** {@code n_positions.txt} in the model folder sets the window; a token is a run of non-blanks. */
        @Override
        public int windowTokens() {
            Path p = spec.modelDir().resolve("n_positions.txt");
            try {
                return Files.isRegularFile(p) ? Integer.parseInt(Files.readString(p).strip()) : -1;
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public int countTokens(String text) {
            return text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }

        @Override
        public Set<String> adapters() {
            return spec.mergedAdapter() != null ? Set.of(spec.mergedAdapter()) : spec.adapters().keySet();
        }

        @Override
        public LocalGeneration generate(String prompt, String adapter, SamplingOptions options, TokenListener out,
                                        BooleanSupplier cancelled) {
            long t0 = System.nanoTime();
            CALLS.add(new Call(prompt, adapter, options, Thread.currentThread().getName()));
            if (adapter != null && !adapters().contains(adapter)) {
                throw new LlmException(LlmException.Kind.MISCONFIGURED, describe(), "unknown adapter " + adapter);
            }
            Path dir = adapter == null ? spec.modelDir() : spec.adapters().get(adapter);
            String reply;
            try {
                Path own = dir.resolve("reply.txt");
                reply = Files.readString(Files.isRegularFile(own) ? own : spec.modelDir().resolve("reply.txt"));
            } catch (IOException e) {
                throw new LlmException(LlmException.Kind.SERVER_ERROR, describe(), e.toString());
            }
            boolean slow = reply.strip().equals("SLOW");
            List<String> words = new ArrayList<>();
            if (!slow) {
                for (String w : reply.split("(?<=\\s)")) {
                    words.add(w);
                }
            }
            StringBuilder text = new StringBuilder();
            List<Integer> ids = new ArrayList<>();
            long first = -1;
            FinishReason finish = FinishReason.STOP;
            for (int i = 0; ; i++) {
                if (cancelled.getAsBoolean()) {
                    throw new LlmException(LlmException.Kind.CANCELLED, describe(), "cancelled");
                }
                if (!slow && i == words.size()) {
                    break;
                }
                if (ids.size() == options.maxNewTokens()) {
                    finish = FinishReason.LENGTH;
                    break;
                }
                if (slow) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        throw new LlmException(LlmException.Kind.CANCELLED, describe(), "interrupted");
                    }
                }
                String w = slow ? "tick " : words.get(i);
                String before = text.toString();
                text.append(w);
                ids.add(i + 1);
                if (first < 0) {
                    first = System.nanoTime() - t0;
                }
                String stopAt = null;
                for (String s : options.stop()) {
                    int at = text.indexOf(s);
                    if (at >= 0) {
                        stopAt = text.substring(0, at);
                        break;
                    }
                }
                if (stopAt != null) {
                    if (stopAt.length() > before.length()) {
                        out.onToken(stopAt.substring(before.length()));
                    }
                    text.setLength(stopAt.length());
                    finish = FinishReason.STOP_SEQUENCE;
                    break;
                }
                out.onToken(w);
            }
            int promptTokens = prompt.split("\\s+").length;
            return new LocalGeneration(text.toString(), ids.stream().mapToInt(Integer::intValue).toArray(),
                    promptTokens, finish, Math.max(first, 0), System.nanoTime() - t0);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** For tests that need a model folder. */
    public static Path model(Path dir, String reply) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("reply.txt"), reply);
        return dir;
    }

    /** For tests that need an adapter folder with its own reply. */
    public static Path adapter(Path dir, String reply) throws IOException {
        return model(dir, reply);
    }

    static Map<String, Path> none() {
        return Map.of();
    }
}
