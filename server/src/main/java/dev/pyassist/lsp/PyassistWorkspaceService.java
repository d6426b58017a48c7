package dev.pyassist.lsp;

import dev.pyassist.lsp.assist.AssistFeature;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Protocol glue for {@code workspace/*}. */
final class PyassistWorkspaceService implements WorkspaceService {
    private final ConfigurationHandler configuration;
    private final AssistFeature assist;

    PyassistWorkspaceService(ConfigurationHandler configuration, AssistFeature assist) {
        this.configuration = configuration;
        this.assist = assist;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
        if (assist != null && assist.handles(params.getCommand())) {
            return assist.execute(params);
        }
        return java.util.concurrent.CompletableFuture.failedFuture(
                new org.eclipse.lsp4j.jsonrpc.ResponseErrorException(new org.eclipse.lsp4j.jsonrpc.messages.ResponseError(
                        org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode.InvalidParams,
                        "unknown command: " + params.getCommand(), null)));
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        configuration.changed(params.getSettings());
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        configuration.watchedFilesChanged(params.getChanges());
        if (assist != null) {
            assist.watchedFilesChanged(params.getChanges());
        }
    }
}
