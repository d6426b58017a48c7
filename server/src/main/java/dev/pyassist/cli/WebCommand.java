package dev.pyassist.cli;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import dev.pyassist.Environment;
import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.Chat;
import dev.pyassist.assist.CompileCheck;
import dev.pyassist.assist.PythonCheck;
import dev.pyassist.assist.SendConsent;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsException;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.Backends;
import dev.pyassist.config.LlmTask;
import dev.pyassist.retrieval.WorkspaceIndex;
import dev.pyassist.retrieval.WorkspaceIndexes;
import dev.pyassist.store.DataDirectory;
import dev.pyassist.store.HistoryStore;
import dev.pyassist.validator.ModelLocator;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;
import dev.pyassist.web.WebParts;
import dev.pyassist.web.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pyassist web}: the web UI (chat, playground, task pages) on its own, with no editor: on 127.0.0.1 and a
 * free port, with the settings of the folder it runs in, until interrupted. Prints the launch URL (it carries the
 * token) and opens the browser.
 */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = {"Start pyassist's web UI (chat, validator playground, task pages) on 127.0.0.1 and open it "
                + "in the browser. Runs until interrupted (Ctrl-C).",
                "Exit status: 0 stopped, 1 failure, 2 usage error."})
final class WebCommand implements Callable<Integer> {
    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
            description = "The workspace: its pyproject.toml settings, @path attachments, related code (default: the current folder).")
    Path root;

    @Option(names = "--no-browser", description = "Only print the URL; do not open a browser.")
    boolean noBrowser;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Validator artifact folder (default: the setting validator.modelPath, else the bundled one).")
    Path model;

    @Option(names = TrustOption.NAME, description = TrustOption.DESCRIPTION)
    boolean trustProjectSettings;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logging.configure(Level.WARNING, null);
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root: no such folder: " + root);
        }
        Map<String, String> env = System.getenv();
        Settings settings;
        try {
            settings = CheckCommand.settings(dir, trustProjectSettings, env);
        } catch (SettingsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Supplier<Settings> current = () -> settings;
        var parts = CliModule.injector(Environment.ofProcess(), new dev.pyassist.analysis.AnalysisModule(),
                new dev.pyassist.validator.ValidatorModule(ValidatorService.defaultThreads()),
                new dev.pyassist.llm.LlmModule(), new dev.pyassist.assist.AssistModule(),
                new dev.pyassist.retrieval.RetrievalModule(), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(new TypeLiteral<Supplier<Settings>>() { }).toInstance(current);
                    }
                });
        BackendRegistry registry = parts.getInstance(Backends.class).registry(settings.llm());
        WorkspaceIndex index = parts.getInstance(WorkspaceIndexes.class).open(dir);
        ValidatorService validator = parts.getInstance(ValidatorService.class);
        background("pyassist-web-load", () -> {
            if (settings.assist().context().enabled()) {
                try {
                    index.build(settings.assist().context().maxFiles(), (done, total) -> { });
                    index.refresh();
                } catch (IOException | RuntimeException e) {
                    System.err.println("pyassist web: the workspace index is off: " + e.getMessage());
                }
            }
            if (settings.validator().enabled()) {
                var status = validator.load(ModelLocator.locate(model, settings.validator().modelPath()));
                if (status.state() != ValidatorService.State.READY) {
                    System.err.println("pyassist web: the neural validator is off: " + status.reason());
                }
            }
        });
        AssistService actions = new AssistService(() -> registry, index, parts.getInstance(CompileCheck.class),
                parts.getInstance(PythonCheck.class), settings::assist, Files::exists);
        Chat chat = new Chat(actions, () -> registry, index, settings::assist,
                WorkspaceIndex::ofAttachments);
        HistoryStore store = HistoryStore.in(DataDirectory.of(settings.assist().feedbackDirectory(), env));
        WebParts web = new WebParts(current, actions, chat, () -> store, parts.getInstance(AnalysisPipeline.class),
                new ValidatorLayer(validator, current), () -> {
                    var s = validator.status();
                    return s.state() == ValidatorService.State.OFF ? "off: " + s.reason() : s.label();
                }, () -> backends(registry), dir, SendConsent.ALWAYS);
        WebServer server = WebServer.start(web);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
            stopped.countDown();
        }, "pyassist-web-stop"));
        String url = server.launchUrl().toString();
        System.out.println("pyassist web: " + url);
        System.out.flush();
        if (!noBrowser) {
            Browser.open(url);
        }
        stopped.await();
        return 0;
    }

    private static void background(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** Task → {@code backend:model}, as the page shows it (never a key). */
    static Map<String, String> backends(BackendRegistry r) {
        return r.assignments(List.of(LlmTask.SUMMARIZE, LlmTask.TRANSLATE, LlmTask.GENERATE, LlmTask.ASK), false);
    }
}
