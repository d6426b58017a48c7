package dev.pyassist.cli;

import dev.pyassist.config.ProjectSettings;
import dev.pyassist.config.PyprojectSettings;
import dev.pyassist.config.SettingsException;
import dev.pyassist.config.SettingsMerger;
import dev.pyassist.config.UserSettingsFile;
import dev.pyassist.dataset.Annotator;
import dev.pyassist.dataset.CostEstimate;
import dev.pyassist.dataset.DatasetException;
import dev.pyassist.dataset.DatasetSettings;
import dev.pyassist.dataset.PromptTemplate;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of an annotation run, shared by {@code dataset annotate} and {@code dataset build --annotate}, and the
 * run itself. The LLM settings come from the user settings file, {@code [tool.pyassist.llm]} of the settings folder's
 * {@code pyproject.toml} (without the user-only keys: endpoints, keys, routing, the engine jar and model paths, unless
 * {@code --trust-project-settings}) and the environment, as for the server; the flags override them.
 */
final class AnnotateOptions {
    @Option(names = "--metadata", paramLabel = "FILE",
            description = "Per-call metadata JSONL (default: the output's name with .meta.jsonl).")
    Path metadata;

    @Option(names = "--concurrency", defaultValue = "4", paramLabel = "N",
            description = "Calls in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Annotate at most N records this run (default: all).")
    int limit;

    @Option(names = "--dry-run", description = "Send nothing: print the token and cost estimate and exit.")
    boolean dryRun;

    @Option(names = "--prompt-file", paramLabel = "FILE",
            description = "Prompt template (default: the setting dataset.annotatePrompt, else the built-in one).")
    Path promptFile;

    @Option(names = "--backend", paramLabel = "ID", description = "Backend: openai, anthropic or local (default: settings).")
    String backend;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model (default: settings, else the backend's).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "Base URL of the backend's endpoint.")
    String baseUrl;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Output limit per annotation (default: settings).")
    Integer maxTokens;

    @Option(names = "--rate-limit-retries", defaultValue = "3", paramLabel = "N",
            description = "Tries of a record again after its call ended rate limited (default: ${DEFAULT-VALUE}).")
    int rateLimitRetries;

    @Option(names = "--rate-limit-backoff-ms", defaultValue = "5000", paramLabel = "MS",
            description = "First wait before such a try, doubling (default: ${DEFAULT-VALUE}).")
    long rateLimitBackoffMs;

    @Option(names = TrustOption.NAME, description = TrustOption.DESCRIPTION)
    boolean trustProjectSettings;

    static Path defaultMetadata(Path out) {
        return sibling(out, ".meta.jsonl");
    }

    /** {@code out}'s sibling with {@code suffix} for its {@code .jsonl}: {@code a.jsonl} to {@code a.meta.jsonl}. */
    static Path sibling(Path out, String suffix) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(stem + suffix);
    }

    /**
     * Runs (or estimates) the annotation.
     *
     * @param settingsDir folder whose pyproject.toml is read
     * @return the exit code
     */
    int run(Path in, Path out, Path settingsDir, Map<String, String> env) throws IOException, InterruptedException {
        if (!Files.isRegularFile(in)) {
            throw new DatasetException("no such file: " + in);
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new DatasetException("--out must be another file than --in (" + in + "): annotated records are "
                    + "appended to it");
        }
        ProjectSettings project = readProject(settingsDir);
        LlmSettings llm;
        try {
            llm = overridden(SettingsMerger.merge(UserSettingsFile.read(env), project).llm(), env);
        } catch (SettingsException e) {
            throw new DatasetException(e.getMessage());
        }
        TrustOption.reportIgnored(project);
        // the local engine loads only if the summarize task is routed to it
        var parts = CliModule.injector(new dev.pyassist.Environment(env), new dev.pyassist.llm.LlmModule());
        var localEngine = parts.getInstance(dev.pyassist.llm.local.LocalEngineHost.class);
        try {
            return run(in, out, project.layer(), llm, parts.getInstance(dev.pyassist.llm.Backends.class).registry(llm));
        } finally {
            localEngine.close();
        }
    }

    private int run(Path in, Path out, com.fasterxml.jackson.databind.JsonNode table, LlmSettings llm,
            BackendRegistry registry) throws IOException, InterruptedException {
        DatasetSettings dataset = DatasetSettings.from(table);
        String template = dataset.annotatePrompt();
        if (promptFile != null) {
            try {
                template = Files.readString(promptFile);
            } catch (IOException e) {
                throw new DatasetException("cannot read the prompt file " + promptFile + ": " + e.getMessage());
            }
        }
        Annotator.Options options;
        try {
            options = new Annotator.Options(concurrency, limit, model, maxTokens, rateLimitRetries,
                    Duration.ofMillis(rateLimitBackoffMs));
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage());
        }
        Throttle throttle = new Throttle(System.err, 1000);
        Annotator annotator = new Annotator(registry, new PromptTemplate(template), options,
                line -> throttle.print(line, false));
        if (dryRun) {
            List<com.fasterxml.jackson.databind.JsonNode> todo = Annotator.todo(Annotator.readRecords(in),
                    Annotator.doneIdsReadOnly(out), limit);
            var probe = registry.prepare(dev.pyassist.llm.LlmRequest.builder(LlmTask.SUMMARIZE).user("x")
                    .model(model).build());
            int max = maxTokens != null ? maxTokens : probe.maxTokens() != null ? probe.maxTokens() : 1024;
            String priced = annotator.modelFor(probe);
            System.out.print(CostEstimate.of(todo, annotator, priced, max, dataset).render());
            return 0;
        }
        Path meta = metadata != null ? metadata : defaultMetadata(out);
        Annotator.Report report = annotator.run(in, out, meta);
        System.out.print(report.render());
        System.out.println("annotated records: " + out + "; call metadata: " + meta);
        return report.failures().isEmpty() && report.stopped() == null ? 0 : 1;
    }

    private ProjectSettings readProject(Path dir) {
        try {
            return PyprojectSettings.read(dir.toAbsolutePath(), trustProjectSettings);
        } catch (SettingsException e) {
            throw new DatasetException(e.getMessage());
        }
    }

    private LlmSettings overridden(LlmSettings s, Map<String, String> env) {
        Map<String, LlmSettings.TaskSettings> tasks = new HashMap<>(s.tasks());
        if (backend != null) {
            String id = backend.strip().toLowerCase(java.util.Locale.ROOT);
            if (!id.equals(LlmSettings.OPENAI) && !id.equals(LlmSettings.ANTHROPIC) && !id.equals(LlmSettings.LOCAL)) {
                throw new DatasetException("--backend must be openai, anthropic or local, not '" + backend + "'");
            }
            LlmSettings.TaskSettings t = tasks.get(LlmTask.SUMMARIZE.key());
            tasks.put(LlmTask.SUMMARIZE.key(), t == null ? new LlmSettings.TaskSettings(id, null, null, null)
                    : new LlmSettings.TaskSettings(id, t.model(), t.maxTokens(), t.temperature()));
        }
        LlmSettings withTasks = new LlmSettings(s.openai(), s.anthropic(), s.defaultBackend(), tasks, s.local());
        if (baseUrl == null) {
            return withTasks;
        }
        // --base-url is the endpoint of whichever remote backend serves the summaries
        boolean anthropic = withTasks.backendFor(LlmTask.SUMMARIZE, env).equals(LlmSettings.ANTHROPIC);
        return new LlmSettings(anthropic ? s.openai() : s.openai().withBaseUrl(baseUrl),
                anthropic ? s.anthropic().withBaseUrl(baseUrl) : s.anthropic(), s.defaultBackend(), tasks, s.local());
    }
}
