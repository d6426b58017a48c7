package dev.pyassist.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.services.TextDocumentService;

/** Protocol glue for {@code textDocument/*}: each handler delegates to the store and the scheduler. */
final class PyassistTextDocumentService implements TextDocumentService {
    private final Session session;
    private final DocumentStore documents;
    private final DiagnosticsScheduler diagnostics;

    private final DocumentSymbolsFeature symbols;
    private final ValidatorSupport validator;
    private final java.util.concurrent.Executor requests;

    PyassistTextDocumentService(Session session, DocumentStore documents, DiagnosticsScheduler diagnostics,
            DocumentSymbolsFeature symbols, ValidatorSupport validator, java.util.concurrent.Executor requests) {
        this.validator = validator;
        this.requests = requests;
        this.session = session;
        this.documents = documents;
        this.diagnostics = diagnostics;
        this.symbols = symbols;
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return symbols.symbols(params);
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        var doc = documents.get(params.getTextDocument().getUri());
        return doc.isEmpty() ? CompletableFuture.completedFuture(null) : validator.hover(doc.get(), params, requests);
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var item = params.getTextDocument();
        diagnostics.opened(documents.open(item.getUri(), item.getVersion(), item.getText()));
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        var id = params.getTextDocument();
        documents.change(id.getUri(), id.getVersion(), params.getContentChanges(), session.encoding())
                .ifPresent(diagnostics::changed);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        documents.close(uri);
        diagnostics.closed(uri);
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // The buffer already holds the saved text; re-publishing confirms the findings for the saved version.
        documents.get(params.getTextDocument().getUri()).ifPresent(diagnostics::opened);
    }
}
