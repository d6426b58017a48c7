package dev.pyassist.cli;

import dev.pyassist.Environment;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmModule;
import dev.pyassist.llm.local.LocalEngineHost;
import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalEngineLoader;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.LocalModelSpec;
import dev.pyassist.llm.local.SamplingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pyassist generate}: one completion from the local engine, streamed to stdout as it is produced. The prompt
 * is passed as is (no chat template), so this is also the handle for tests and the benchmark.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue a prompt with a local StarCoder-family model (and LoRA adapters), streaming to stdout.",
                "Needs the engine jar (build it with `mvn -pl local-engine -am package`).",
                "Exit status: 0 done, 1 failure (bad model, adapter or engine jar), 2 usage error."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Hugging Face checkpoint folder (config.json, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--adapter", paramLabel = "TASK=DIR", mapFallbackValue = "",
            description = "A PEFT LoRA adapter folder, by name (repeatable): summarize=DIR, translate=DIR, ...")
    Map<String, Path> adapters = new LinkedHashMap<>();

    @Option(names = "--task", paramLabel = "T", description = "Run with the adapter of this name (default: the base model).")
    String task;

    @Option(names = "--merge", paramLabel = "TASK", description = "Merge this adapter into the weights (faster; the others are then unavailable).")
    String merge;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--prompt-file", paramLabel = "F", description = "Read the prompt from this UTF-8 file.")
    Path promptFile;

    @Option(names = "--max-tokens", defaultValue = "128", paramLabel = "N", description = "New tokens at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "X", description = "0 (default) decodes greedily.")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Keep the K most likely tokens; 0 (default) keeps all.")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P", description = "Nucleus sampling mass in (0, 1]; 1 (default) is off.")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1", paramLabel = "R", description = "1 (default) is off.")
    double repetitionPenalty;

    @Option(names = "--stop", paramLabel = "S", description = "Stop sequence (repeatable); not printed.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Intra-op threads; 0 (default): all cores.")
    int threads;

    @Option(names = "--engine-jar", paramLabel = "PATH",
            description = "pyassist-local-engine.jar (default: $PYASSIST_LOCAL_ENGINE_JAR, else next to pyassist.jar, else local-engine/target/).")
    String engineJar;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "N",
            description = "Generate N times unprinted before the printed run (for benchmarks; default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--next-prompt-file", paramLabel = "F",
            description = "After the printed run, generate for this prompt too (repeatable), on the same engine: its "
                    + "prefix cache keeps what the prompt shares with the one before (--stats prints each).")
    List<Path> nextPromptFiles = new java.util.ArrayList<>();

    @Option(names = "--stats", description = "Print load time, prompt and generated tokens, first-token latency, tokens/s and token ids to stderr.")
    boolean stats;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Logging.configure(Level.WARNING, null);
        String text = promptText();
        for (var e : adapters.entrySet()) {
            if (e.getValue().toString().isEmpty()) {
                throw usage("--adapter " + e.getKey() + " needs a folder: --adapter " + e.getKey() + "=DIR");
            }
        }
        String taskName = lower(task);
        String mergeName = lower(merge);
        Map<String, Path> named = new LinkedHashMap<>();
        adapters.forEach((k, v) -> named.put(lower(k), v));
        if (warmup < 0) {
            throw usage("--warmup must be 0 or more: " + warmup);
        }
        if (taskName != null && !named.containsKey(taskName)) {
            throw usage("--task " + taskName + " has no adapter; pass --adapter " + taskName + "=DIR (known: "
                    + named.keySet() + ")");
        }
        if (mergeName != null && !named.containsKey(mergeName)) {
            throw usage("--merge " + mergeName + " has no adapter; pass --adapter " + mergeName + "=DIR");
        }
        if (mergeName != null && taskName != null && !taskName.equals(mergeName)) {
            throw usage("--task " + taskName + " cannot run while --merge " + mergeName
                    + " is merged into the weights; leave out --merge or use --task " + mergeName);
        }
        LocalModelSpec modelSpec;
        SamplingOptions options;
        try {
            modelSpec = new LocalModelSpec(model, named, mergeName, threads);
            options = new SamplingOptions(maxTokens, temperature, topK, topP, repetitionPenalty, stop, seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        LocalEngineLoader.Loaded loaded = null;
        // the parts from the process's injector, as check and dataset get theirs: the environment and the engine host
        // (which knows where the engine jar lies); this command then drives the engine itself, streaming to stdout
        LocalEngineHost host = CliModule.injector(Environment.ofProcess(), new LlmModule())
                .getInstance(LocalEngineHost.class);
        try {
            Path jar = host.locateJar(engineJar);
            loaded = LocalEngineLoader.open(jar);
            long t0 = System.nanoTime();
            try (LocalEngine engine = loaded.provider().load(modelSpec)) {
                long loadNanos = System.nanoTime() - t0;
                String adapter = mergeName != null
                        ? (engine.adapters().contains(mergeName) ? mergeName : null)
                        : taskName;
                for (int i = 0; i < warmup; i++) {
                    engine.generate(text, adapter, options, delta -> { }, () -> Thread.currentThread().isInterrupted());
                }
                engine.dropPrefixCache(); // the printed run starts cold, as a first request does
                LocalGeneration g = engine.generate(text, adapter, options, delta -> {
                    out.print(delta);
                    out.flush();
                }, () -> Thread.currentThread().isInterrupted());
                out.println();
                out.flush();
                if (stats) {
                    err.println(statsLine(g, loadNanos));
                    StringBuilder ids = new StringBuilder("token_ids=");
                    for (int i = 0; i < g.tokenIds().length; i++) {
                        ids.append(i == 0 ? "" : ",").append(g.tokenIds()[i]);
                    }
                    err.println(ids);
                }
                for (Path next : nextPromptFiles) {
                    String nextText = read(next, "--next-prompt-file");
                    LocalGeneration n = engine.generate(nextText, adapter, options, delta -> { },
                            () -> Thread.currentThread().isInterrupted());
                    if (stats) {
                        err.println("next " + statsLine(n, 0));
                    }
                }
            }
            return 0;
        } catch (LlmException e) {
            err.println("pyassist generate: " + e.getMessage());
            return 1;
        } catch (RuntimeException | LinkageError e) {
            err.println("pyassist generate: the local engine failed: " + e);
            return 1;
        } finally {
            if (loaded != null) {
                loaded.close();
            }
            host.close();
        }
    }

    /**
     * One line of {@code key=value} pairs (the benchmark parses it); the rates are
     * {@link LocalGeneration#tokensPerSecond()} and {@link LocalGeneration#decodeTokensPerSecond()}.
     */
    static String statsLine(LocalGeneration g, long loadNanos) {
        return String.format(Locale.ROOT, "stats: load_ms=%.1f prompt_tokens=%d generated_tokens=%d first_token_ms=%.2f"
                        + " total_ms=%.2f tokens_per_s=%.2f decode_tokens_per_s=%.2f finish=%s cached_tokens=%d",
                loadNanos / 1e6, g.promptTokens(), g.generatedTokens(), g.firstTokenNanos() / 1e6,
                g.totalNanos() / 1e6, g.tokensPerSecond(), g.decodeTokensPerSecond(),
                g.finishReason().name().toLowerCase(Locale.ROOT), g.cachedTokens());
    }

    private String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw usage("cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }

    private String promptText() {
        if (prompt != null && promptFile != null) {
            throw usage("give --prompt or --prompt-file, not both");
        }
        if (promptFile != null) {
            try {
                return Files.readString(promptFile, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw usage("cannot read --prompt-file " + promptFile + ": " + e.getMessage());
            }
        }
        if (prompt == null) {
            throw usage("a prompt is needed: --prompt TEXT or --prompt-file F");
        }
        return prompt;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }
}
