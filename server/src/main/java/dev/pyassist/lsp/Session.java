package dev.pyassist.lsp;

import dev.pyassist.text.PositionEncoding;
import org.eclipse.lsp4j.ClientCapabilities;

/** What the handshake decided for this connection: the client, its capabilities and the position encoding. */
public final class Session {
    private volatile PyassistClient client;
    private volatile ClientCapabilities capabilities = new ClientCapabilities();
    private volatile PositionEncoding encoding = PositionEncoding.UTF16;
    private volatile boolean initialized;

    public PyassistClient client() {
        return client;
    }

    void connect(PyassistClient client) {
        this.client = client;
    }

    /** The client sent {@code initialized}: its documents come next. */
    void markInitialized() {
        initialized = true;
    }

    boolean initialized() {
        return initialized;
    }

    public ClientCapabilities capabilities() {
        return capabilities;
    }

    void setCapabilities(ClientCapabilities capabilities) {
        this.capabilities = capabilities == null ? new ClientCapabilities() : capabilities;
    }

    public PositionEncoding encoding() {
        return encoding;
    }

    void setEncoding(PositionEncoding encoding) {
        this.encoding = encoding;
    }

    /** Whether the client answers {@code workspace/configuration} requests. */
    boolean canPullConfiguration() {
        var workspace = capabilities.getWorkspace();
        return workspace != null && Boolean.TRUE.equals(workspace.getConfiguration());
    }
}
