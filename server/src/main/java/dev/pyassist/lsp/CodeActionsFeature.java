package dev.pyassist.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** {@code textDocument/codeAction}: asks every provider in turn, off the JSON-RPC thread. */
public final class CodeActionsFeature {
    private static final Logger LOG = Logger.getLogger(CodeActionsFeature.class.getName());

    private final Session session;
    private final DocumentStore documents;
    private final List<CodeActionProvider> providers;
    private final Executor executor;

    public CodeActionsFeature(Session session, DocumentStore documents, List<CodeActionProvider> providers,
            Executor executor) {
        this.session = session;
        this.documents = documents;
        this.providers = List.copyOf(providers);
        this.executor = executor;
    }

    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        var doc = documents.get(params.getTextDocument().getUri());
        if (doc.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        TextDocument snapshot = doc.get();
        return CompletableFuture.supplyAsync(() -> {
            List<Either<Command, CodeAction>> out = new ArrayList<>();
            for (CodeActionProvider provider : providers) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                try {
                    for (CodeAction action : provider.actions(snapshot, params, session)) {
                        out.add(Either.forRight(action));
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "code action provider " + provider.getClass().getSimpleName()
                            + " failed on " + snapshot.uri(), e);
                }
            }
            return out;
        }, executor);
    }
}
