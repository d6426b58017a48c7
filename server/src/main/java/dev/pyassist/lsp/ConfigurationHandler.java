package dev.pyassist.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.config.PyprojectSettings;
import dev.pyassist.config.SettingsException;
import dev.pyassist.config.SettingsStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
 * Keeps {@link SettingsStore} in step with the client and the workspace: initialization options at the
 * handshake, {@code [tool.pyassist]} from the workspace root's {@code pyproject.toml} (re-read when the
 * client reports it changed), and {@code workspace/configuration} pulled or pushed. Settings that do not
 * fit are refused with a message to the user and the previous ones stay.
 */
final class ConfigurationHandler {
    private static final Logger LOG = Logger.getLogger(ConfigurationHandler.class.getName());
    static final String SECTION = "pyassist";

    private final Session session;
    private final SettingsStore settings;
    private final Runnable onChange;
    private volatile Path workspaceRoot;

    ConfigurationHandler(Session session, SettingsStore settings, Runnable onChange) {
        this.session = session;
        this.settings = settings;
        this.onChange = onChange;
    }

    void initialize(InitializeParams params) {
        workspaceRoot = rootOf(params);
        apply(() -> settings.setPyproject(workspaceRoot == null ? null : PyprojectSettings.read(workspaceRoot)));
        apply(() -> settings.setInitializationOptions(Json.toJackson(params.getInitializationOptions())));
    }

    /** The workspace root from the handshake, or null. */
    Path workspaceRoot() {
        return workspaceRoot;
    }

    void initialized() {
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
            if (apply(() -> settings.setClientConfiguration(layer))) {
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
        if (ours && apply(() -> settings.setPyproject(PyprojectSettings.read(root)))) {
            onChange.run();
        }
    }

    private void pull() {
        var item = new ConfigurationItem();
        item.setSection(SECTION);
        session.client().configuration(new ConfigurationParams(List.of(item))).thenAccept(values -> {
            Object value = values == null || values.isEmpty() ? null : values.get(0);
            if (apply(() -> settings.setClientConfiguration(Json.toJackson(value)))) {
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
    private boolean apply(Supplier<dev.pyassist.config.Settings> update) {
        var before = settings.current();
        try {
            return !update.get().equals(before);
        } catch (SettingsException e) {
            LOG.warning(e.getMessage());
            var client = session.client();
            if (client != null) {
                client.showMessage(new MessageParams(MessageType.Error,
                        e.getMessage() + " (the previous settings stay in force)"));
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
        try {
            URI parsed = URI.create(uri);
            return "file".equals(parsed.getScheme()) ? Path.of(parsed).normalize() : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
