package dev.pyassist.intellij;

import com.google.gson.JsonObject;
import com.intellij.openapi.diagnostic.Logger;
import com.intellij.openapi.project.Project;
import com.redhat.devtools.lsp4ij.ServerStatus;
import com.redhat.devtools.lsp4ij.client.LanguageClientImpl;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Answers {@code workspace/configuration} (section {@code pyassist}) from the settings page, pushes the settings again
 * when the server has started, and keeps the server's last {@code pyassist/status} notification.
 */
public final class PyassistLanguageClient extends LanguageClientImpl {
    private static final Logger LOG = Logger.getInstance(PyassistLanguageClient.class);
    private volatile @Nullable JsonObject lastStatus;

    /** The latest client of each project (weakly held), for pushing changed settings. */
    private static final Map<Project, PyassistLanguageClient> CLIENTS = Collections.synchronizedMap(new WeakHashMap<>());

    public PyassistLanguageClient(@NotNull Project project) {
        super(project);
        CLIENTS.put(project, this);
    }

    static @Nullable PyassistLanguageClient of(Project project) {
        return CLIENTS.get(project);
    }

    @Override
    protected Object createSettings() {
        JsonObject root = new JsonObject();
        root.add("pyassist", PyassistSettings.getInstance().serverSettings());
        return root;
    }

    @Override
    public void handleServerStatusChanged(ServerStatus serverStatus) {
        if (serverStatus == ServerStatus.started) {
            triggerChangeConfiguration();
        }
    }

    /** Sends {@code workspace/didChangeConfiguration} with the current settings page values. */
    void pushSettings() {
        triggerChangeConfiguration();
    }

    /** {@code pyassist/status}: {@code {server, validator: {state, reason?}, backend: {...}}} (DESIGN.md). */
    @JsonNotification("pyassist/status")
    public void status(JsonObject status) {
        lastStatus = status;
        LOG.info("pyassist status: " + status);
    }

    public @Nullable JsonObject lastStatus() {
        return lastStatus;
    }
}
