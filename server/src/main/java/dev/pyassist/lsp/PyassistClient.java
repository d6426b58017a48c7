package dev.pyassist.lsp;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.services.LanguageClient;

/** The LSP client plus pyassist's own notifications, which clients that do not know them ignore. */
public interface PyassistClient extends LanguageClient {
    @JsonNotification("pyassist/status")
    void status(ServerStatus status);
}
