package dev.pyassist.lsp;

import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;

/**
 * One source of {@code textDocument/codeAction} results (names-layer quick fixes, the AI actions, ...). Listing must
 * be quick and must not call a model: expensive work belongs in the action's command or in {@code codeAction/resolve}.
 */
public interface CodeActionProvider {

    /** The actions for {@code document} (the snapshot the request was made against) and the request's range. */
    List<CodeAction> actions(TextDocument document, CodeActionParams params);
}
