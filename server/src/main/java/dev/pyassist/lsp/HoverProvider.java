package dev.pyassist.lsp;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;

/** One source of hovers for {@code textDocument/hover}; runs off the JSON-RPC thread. */
public interface HoverProvider {
    /** The hover at the request's position in {@code document}, or null when this provider has none there. */
    Hover hover(TextDocument document, HoverParams params, Session session);
}
