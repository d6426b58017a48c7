package dev.pyassist.lsp;

import dev.pyassist.lsp.symbols.DocumentSymbols;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Protocol glue for {@code textDocument/*}: each handler delegates to the store and the scheduler, which are the
 * core's, or to a feature, which may not be resolved yet ({@link LateFeatures}): a request waits for it, a
 * notification leaves a feature that is not there alone (what it would update is built later from the documents).
 */
final class PyassistTextDocumentService implements TextDocumentService {
    private final Session session;
    private final DocumentStore documents;
    private final DiagnosticsScheduler diagnostics;
    private final DocumentSymbols symbols;
    private final HoverProvider exactHovers;
    private final java.util.concurrent.Executor requests;
    private final LateFeatures features;

    PyassistTextDocumentService(Session session, DocumentStore documents, DiagnosticsScheduler diagnostics,
            DocumentSymbols symbols, HoverProvider exactHovers, java.util.concurrent.Executor requests,
            LateFeatures features) {
        this.features = features;
        this.exactHovers = exactHovers;
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
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return features.then(f -> f.codeActions().codeAction(params));
    }

    @Override
    public CompletableFuture<org.eclipse.lsp4j.Hover> hover(org.eclipse.lsp4j.HoverParams params) {
        var doc = documents.get(params.getTextDocument().getUri());
        if (doc.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // an exact layer's reason first (the flow layer's unbound names), else the validator's
        return CompletableFuture.supplyAsync(() -> exactHovers.hover(doc.get(), params, session), requests)
                .thenCompose(h -> h != null ? CompletableFuture.completedFuture(h)
                        : features.then(f -> f.validator().hover(doc.get(), params, requests)));
    }

    @Override
    public CompletableFuture<Either<List<org.eclipse.lsp4j.InlineCompletionItem>, org.eclipse.lsp4j.InlineCompletionList>>
            inlineCompletion(org.eclipse.lsp4j.InlineCompletionParams params) {
        return features.then(f -> f.completion().inline(params));
    }

    @Override
    public CompletableFuture<Either<List<org.eclipse.lsp4j.CompletionItem>, org.eclipse.lsp4j.CompletionList>> completion(
            org.eclipse.lsp4j.CompletionParams params) {
        return features.then(f -> f.completion().completion(params));
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var item = params.getTextDocument();
        TextDocument doc = documents.open(item.getUri(), item.getVersion(), item.getText());
        diagnostics.opened(doc);
        features.ifReady(f -> f.assist().documentChanged(doc));
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        var id = params.getTextDocument();
        documents.change(id.getUri(), id.getVersion(), params.getContentChanges(), session.encoding())
                .ifPresent(doc -> {
                    features.ifReady(f -> f.completion().documentChanged(doc.uri()));
                    diagnostics.changed(doc);
                    features.ifReady(f -> f.assist().documentChanged(doc));
                });
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        documents.close(uri);
        features.ifReady(f -> f.completion().documentClosed(uri));
        diagnostics.closed(uri);
        features.ifReady(f -> f.assist().documentClosed(uri));
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // The buffer already holds the saved text; re-publishing confirms the findings for the saved version.
        documents.get(params.getTextDocument().getUri()).ifPresent(diagnostics::opened);
    }
}
