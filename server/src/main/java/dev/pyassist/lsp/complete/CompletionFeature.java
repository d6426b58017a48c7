package dev.pyassist.lsp.complete;

import dev.pyassist.complete.Completer;
import dev.pyassist.complete.CompletionInput;
import dev.pyassist.complete.Suggestion;
import dev.pyassist.config.Settings;
import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.ErrorMapping;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.Uris;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.text.TextPosition;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Inline completion as the protocol sees it: {@code textDocument/inlineCompletion} (LSP 3.18) for clients that have
 * it, and one {@code textDocument/completion} item carrying the same suggestion for the others (Neovim, Helix, ...).
 * Both delegate to {@link Completer}; this class converts positions and shapes the answer. A failure of the backend
 * answers no suggestion and is shown once per distinct message, not on every keystroke.
 */
public final class CompletionFeature {
    private static final Logger LOG = Logger.getLogger(CompletionFeature.class.getName());

    private final Session session;
    private final DocumentStore documents;
    private final Supplier<Settings> settings;
    private final Completer completer;
    private final Supplier<Path> workspaceRoot;
    private final Set<String> shown = ConcurrentHashMap.newKeySet();

    public CompletionFeature(Session session, DocumentStore documents, Supplier<Settings> settings,
            Completer completer, Supplier<Path> workspaceRoot) {
        this.session = session;
        this.documents = documents;
        this.settings = settings;
        this.completer = completer;
        this.workspaceRoot = workspaceRoot;
    }

    /**
     * Inline completion always; the completion provider only for a client without inline completion, so that an
     * editor that shows ghost text does not show the suggestion a second time in its completion list.
     */
    public static void addCapabilities(ServerCapabilities caps, ClientCapabilities client) {
        caps.setInlineCompletionProvider(true);
        var text = client == null ? null : client.getTextDocument();
        if (text == null || text.getInlineCompletion() == null) {
            caps.setCompletionProvider(new CompletionOptions(false, List.of()));
        }
    }

    public CompletableFuture<Either<List<InlineCompletionItem>, InlineCompletionList>> inline(
            InlineCompletionParams params) {
        boolean invoked = params.getContext() != null
                && params.getContext().getTriggerKind() == InlineCompletionTriggerKind.Invoked;
        return suggest(params.getTextDocument().getUri(), params.getPosition(), invoked, (doc, at, s) -> {
            Position p = position(doc, at);
            var item = new InlineCompletionItem(Either.forLeft(s.text()));
            item.setRange(new Range(p, p));
            return Either.forRight(new InlineCompletionList(List.of(item)));
        }, Either.forRight(new InlineCompletionList(List.of())));
    }

    /**
     * The suggestion as a completion item: its edit starts at the word being typed, so that a client that filters
     * items by that word keeps it; the label is the suggestion's first line.
     */
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        boolean invoked = params.getContext() == null
                || params.getContext().getTriggerKind() == org.eclipse.lsp4j.CompletionTriggerKind.Invoked;
        return suggest(params.getTextDocument().getUri(), params.getPosition(), invoked, (doc, at, s) -> {
            int wordStart = at;
            while (wordStart > 0 && Character.isJavaIdentifierPart(doc.text().charAt(wordStart - 1))) {
                wordStart--;
            }
            String word = doc.text().substring(wordStart, at);
            String insert = word + s.text();
            String firstLine = insert.lines().findFirst().orElse(insert).strip();
            var item = new CompletionItem(firstLine.length() > 80 ? firstLine.substring(0, 79) + "…" : firstLine);
            item.setKind(CompletionItemKind.Snippet);
            item.setDetail("pyassist");
            item.setInsertTextFormat(InsertTextFormat.PlainText);
            item.setFilterText(insert);
            item.setSortText("0");
            item.setTextEdit(Either.forLeft(new TextEdit(new Range(position(doc, wordStart), position(doc, at)),
                    insert)));
            return Either.forRight(new CompletionList(false, List.of(item)));
        }, Either.forRight(new CompletionList(false, List.of())));
    }

    public void documentChanged(String uri) {
        completer.documentChanged(uri);
    }

    public void documentClosed(String uri) {
        completer.documentClosed(uri);
    }

    private interface Shape<T> {
        T of(TextDocument doc, int offset, Suggestion s);
    }

    private <T> CompletableFuture<T> suggest(String uri, Position position, boolean invoked, Shape<T> shape,
            T none) {
        Optional<TextDocument> open = documents.get(uri);
        if (open.isEmpty() || !settings.get().complete().enabled()) {
            return CompletableFuture.completedFuture(none);
        }
        TextDocument doc = open.get();
        int offset = doc.lines().offset(position.getLine(), position.getCharacter(), session.encoding());
        var target = settings.get().pythonVersion();
        // the parse diagnostics share, taken on the worker: parsing a large file has no place on this thread
        var input = new CompletionInput(uri, displayPath(uri), doc.text(), offset, invoked, () -> {
            var parsed = doc.parsed();
            return parsed.target() == target ? parsed.parse() : dev.pyassist.python.PythonParser.parse(doc.text(), target);
        }, target);
        CompletableFuture<Optional<Suggestion>> work = completer.complete(input);
        CompletableFuture<T> reply = work.handle((s, error) -> {
            if (error != null) {
                if (!cancelled(error)) {
                    report(error);
                }
                return none;
            }
            return s.filter(x -> !x.text().isEmpty()).map(x -> shape.of(doc, offset, x)).orElse(none);
        });
        // LSP4J cancels the future it was given ($/cancelRequest): pass that on to the work
        reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) {
                work.cancel(true);
            }
        });
        return reply;
    }

    private static boolean cancelled(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t instanceof java.util.concurrent.CancellationException
                || t instanceof dev.pyassist.llm.LlmException e && e.kind() == dev.pyassist.llm.LlmException.Kind.CANCELLED;
    }

    private void report(Throwable error) {
        String message = ErrorMapping.userMessage("inline completion", error);
        LOG.fine(() -> "inline completion failed: " + message);
        if (shown.add(message)) {
            ErrorMapping.show(session, MessageType.Warning, message);
        }
    }

    /** The path the model is shown: relative to the workspace when inside it. */
    private String displayPath(String uri) {
        Path p = Uris.pathOf(uri);
        if (p == null) {
            return "";
        }
        Path root = workspaceRoot.get();
        Path shown = root != null && p.startsWith(root) ? root.relativize(p) : p.getFileName();
        return shown == null ? "" : shown.toString().replace('\\', '/');
    }

    private Position position(TextDocument doc, int offset) {
        PositionEncoding enc = session.encoding();
        TextPosition p = doc.lines().position(offset, enc);
        return new Position(p.line(), p.column());
    }
}
