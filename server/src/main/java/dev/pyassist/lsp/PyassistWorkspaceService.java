package dev.pyassist.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Protocol glue for {@code workspace/*}. */
final class PyassistWorkspaceService implements WorkspaceService {
    private final ConfigurationHandler configuration;

    PyassistWorkspaceService(ConfigurationHandler configuration) {
        this.configuration = configuration;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        configuration.changed(params.getSettings());
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        configuration.watchedFilesChanged(params.getChanges());
    }
}
