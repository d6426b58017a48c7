package dev.pyassist.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Protocol glue for {@code workspace/*}; commands are the features' and wait for them ({@link LateFeatures}). */
final class PyassistWorkspaceService implements WorkspaceService {
    private final ConfigurationHandler configuration;
    private final LateFeatures features;

    PyassistWorkspaceService(ConfigurationHandler configuration, LateFeatures features) {
        this.configuration = configuration;
        this.features = features;
    }

    @Override
    public java.util.concurrent.CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
        return features.then(f -> f.assist().handles(params.getCommand()) ? f.assist().execute(params)
                : unknown(params));
    }

    private static java.util.concurrent.CompletableFuture<Object> unknown(ExecuteCommandParams params) {
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
        // before the features, there is no workspace index yet: it reads the files when it is built
        features.ifReady(f -> f.assist().watchedFilesChanged(params.getChanges()));
    }
}
