package dev.pyassist.lsp;

import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.CompileCheck;
import dev.pyassist.assist.ContextSource;
import dev.pyassist.assist.PythonCheck;
import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsStore;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmSettings;
import dev.pyassist.llm.LlmTask;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressCancelParams;

/**
 * The AI assist feature as the protocol layer sees it: the {@code pyassist.*} commands, the AI code actions, the
 * backend registry (rebuilt when the {@code llm} settings change) and the backends shown in {@code pyassist/status}.
 */
final class AssistFeature {

    private final SettingsStore settings;
    private final Map<String, String> env;
    private final AssistCommands commands;
    private final AiCodeActionProvider codeActions;
    private LlmSettings registrySettings;
    private BackendRegistry registry;

    AssistFeature(Session session, DocumentStore documents, SettingsStore settings, ContextSource context,
            ExecutorService workers, Map<String, String> env) {
        this.settings = settings;
        this.env = Map.copyOf(env);
        var compile = new CompileCheck(Duration.ofMillis(Math.max(1000,
                settings.current().assist().compileTimeoutMs())), env.get("PATH"));
        var service = new AssistService(this::registry, context, compile, PythonCheck.PARSER,
                () -> settings.current().assist(),
                p -> Files.exists(p) || documents.get(p.toUri().toString()).isPresent());
        this.commands = new AssistCommands(session, documents, service, settings::current, workers, this.env);
        this.codeActions = new AiCodeActionProvider(session, settings::current);
    }

    /** The registry for the current settings (a new one when the {@code llm} section changed). */
    synchronized BackendRegistry registry() {
        LlmSettings wanted = settings.current().llm();
        if (registry == null || !wanted.equals(registrySettings)) {
            registry = BackendRegistry.withRemoteBackends(wanted, env);
            registrySettings = wanted;
        }
        return registry;
    }

    CodeActionProvider codeActions() {
        return codeActions;
    }

    void addCapabilities(ServerCapabilities caps) {
        caps.setExecuteCommandProvider(new ExecuteCommandOptions(AssistCommands.ALL));
        caps.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix,
                CodeActionKind.RefactorRewrite, CodeActionKind.Refactor)));
    }

    boolean handles(String command) {
        return commands.handles(command);
    }

    CompletableFuture<Object> execute(ExecuteCommandParams params) {
        return commands.execute(params);
    }

    void cancelProgress(WorkDoneProgressCancelParams params) {
        commands.cancelProgress(params);
    }

    /** {@code task -> backend:model} for {@code pyassist/status}. */
    Map<String, String> backends() {
        Map<String, String> out = new LinkedHashMap<>();
        Settings s = settings.current();
        if (!s.assist().enabled()) {
            return out;
        }
        BackendRegistry r = registry();
        for (LlmTask t : List.of(LlmTask.SUMMARIZE, LlmTask.TRANSLATE, LlmTask.GENERATE, LlmTask.ASK)) {
            try {
                var b = r.backendFor(t);
                String model = r.settings().task(t).model();
                out.put(t.key(), b.id() + ":" + (model != null ? model : b.defaultModel()));
            } catch (LlmException e) {
                out.put(t.key(), "unavailable");
            }
        }
        return out;
    }
}
