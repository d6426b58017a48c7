package dev.pyassist.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.config.ProjectSettings;
import dev.pyassist.config.PyprojectSettings;
import dev.pyassist.config.SettingsException;
import dev.pyassist.config.SettingsStore;
import dev.pyassist.config.UserSettingsFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Keeps {@link SettingsStore} in step with the user, the client and the workspace: the user settings file and
 * initialization options at the handshake, {@code [tool.pyassist]} from the workspace root's {@code pyproject.toml}
 * (re-read when the client reports it changed), and {@code workspace/configuration} pulled or pushed. Settings that
 * do not fit are refused with a message to the user and the previous ones stay. User-only keys the repository set
 * are ignored ({@link ProjectSettings}), and the user is told once per key which, and where to set them instead.
 */
final class ConfigurationHandler {
    private static final Logger LOG = Logger.getLogger(ConfigurationHandler.class.getName());
    static final String SECTION = "pyassist";

    private final Session session;
    private final SettingsStore settings;
    private final Runnable onChange;
    private final Map<String, String> env;
    private volatile Path workspaceRoot;
    /** User-only keys the repository set that the user has been told about (each only once). */
    private final Set<String> reported = new HashSet<>();
    private final List<ProjectSettings> toReport = new ArrayList<>();

    ConfigurationHandler(Session session, SettingsStore settings, Map<String, String> env, Runnable onChange) {
        this.session = session;
        this.settings = settings;
        this.env = env;
        this.onChange = onChange;
    }

    void initialize(InitializeParams params) {
        workspaceRoot = rootOf(params);
        apply("the user settings file", () -> settings.setUserFile(UserSettingsFile.read(env)));
        applyProject(workspaceRoot);
        apply("initializationOptions",
                () -> settings.setInitializationOptions(Json.toJackson(params.getInitializationOptions())));
    }

    /** Reads the repository's settings; the ignored keys are reported once the client can be told. */
    private boolean applyProject(Path root) {
        if (root == null) {
            return false;
        }
        ProjectSettings[] read = new ProjectSettings[1];
        boolean changed = apply(root.resolve("pyproject.toml").toString(), () -> {
            read[0] = PyprojectSettings.read(root);
            return settings.setProject(read[0]);
        });
        if (read[0] != null) {
            synchronized (toReport) {
                toReport.add(read[0]);
            }
            if (session.initialized()) {
                reportIgnored();
            }
        }
        return changed;
    }

    /** Tells the user, once per key, which user-only keys the repository set and where they belong. */
    private void reportIgnored() {
        List<String> fresh = new ArrayList<>();
        String source = null;
        synchronized (toReport) {
            for (ProjectSettings p : toReport) {
                for (String key : p.ignored()) {
                    if (reported.add(key)) {
                        fresh.add(key);
                        source = p.source();
                    }
                }
            }
            toReport.clear();
        }
        if (fresh.isEmpty()) {
            return;
        }
        String message = dev.pyassist.config.UserOnlySettings.notice(fresh, source, null);
        LOG.warning(message);
        var client = session.client();
        if (client != null) {
            client.showMessage(new MessageParams(MessageType.Warning, message));
        }
    }

    /** The workspace root from the handshake, or null. */
    Path workspaceRoot() {
        return workspaceRoot;
    }

    void initialized() {
        reportIgnored();
        if (session.canPullConfiguration()) {
            pull();
        }
        var workspace = session.capabilities().getWorkspace();
        if (workspace != null && workspace.getDidChangeWatchedFiles() != null
                && Boolean.TRUE.equals(workspace.getDidChangeWatchedFiles().getDynamicRegistration())) {
            var watcher = new FileSystemWatcher(Either.forLeft("**/pyproject.toml"));
            var options = new DidChangeWatchedFilesRegistrationOptions(List.of(watcher));
            session.client().registerCapability(new RegistrationParams(List.of(
                    new Registration("pyassist-pyproject", "workspace/didChangeWatchedFiles", options))));
        }
    }

    /** {@code workspace/didChangeConfiguration}: use pushed settings, or pull them when the client sent none. */
    void changed(Object pushed) {
        JsonNode layer = Json.toJackson(pushed);
        boolean hasContent = layer != null && layer.isObject() && layer.size() > 0;
        if (hasContent && !session.canPullConfiguration()) {
            if (apply("the client's settings", () -> settings.setClientConfiguration(layer))) {
                onChange.run();
            }
        } else if (session.canPullConfiguration()) {
            pull();
        }
    }

    void watchedFilesChanged(List<FileEvent> changes) {
        Path root = workspaceRoot;
        if (root == null) {
            return;
        }
        Path pyproject = root.resolve("pyproject.toml");
        boolean ours = changes.stream().anyMatch(c -> pyproject.equals(pathOf(c.getUri())));
        if (ours && applyProject(root)) {
            onChange.run();
        }
    }

    private void pull() {
        var item = new ConfigurationItem();
        item.setSection(SECTION);
        session.client().configuration(new ConfigurationParams(List.of(item))).thenAccept(values -> {
            Object value = values == null || values.isEmpty() ? null : values.get(0);
            if (apply("the client's settings", () -> settings.setClientConfiguration(Json.toJackson(value)))) {
                onChange.run();
            }
        }).exceptionally(e -> {
            LOG.warning("workspace/configuration failed: " + e.getMessage());
            return null;
        });
    }

    /**
     * Applies one settings layer; true when the merged settings changed. A layer that changes nothing (the
     * usual answer to the {@code workspace/configuration} pull right after the handshake) must not re-analyse
     * the open documents: that would restart the first file's analysis while the user waits for it.
     */
    private boolean apply(String source, Supplier<dev.pyassist.config.Settings> update) {
        var before = settings.current();
        try {
            return !update.get().equals(before);
        } catch (SettingsException e) {
            // the message names the key, never its value (SettingsErrors); source says which layer brought it
            String message = e.getMessage() + (e.getMessage().contains(source) ? "" : " (from " + source + ")");
            LOG.warning(message);
            var client = session.client();
            if (client != null) {
                client.showMessage(new MessageParams(MessageType.Error,
                        message + " (the previous settings stay in force)"));
            }
            return false;
        }
    }

    private static Path rootOf(InitializeParams params) {
        var folders = params.getWorkspaceFolders();
        if (folders != null && !folders.isEmpty()) {
            return pathOf(folders.get(0).getUri());
        }
        @SuppressWarnings("deprecation")
        String rootUri = params.getRootUri();
        return rootUri == null ? null : pathOf(rootUri);
    }

    static Path pathOf(String uri) {
        return Uris.pathOf(uri);
    }
}
