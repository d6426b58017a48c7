package dev.pyassist.lsp;

import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;

/**
 * One source of code actions for {@code textDocument/codeAction}. Providers are asked in order and their
 * actions listed in that order; each runs off the JSON-RPC thread and must not throw for ordinary input.
 */
public interface CodeActionProvider {
    /**
     * Actions for the request's range in {@code document} (the snapshot the request was answered from; any
     * edit must name its version).
     */
    List<CodeAction> actions(TextDocument document, CodeActionParams params, Session session);
}
