package dev.pyassist.lsp.symbols;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.DiagnosticsConverter;

import dev.pyassist.config.Settings;
import dev.pyassist.outline.Outline;
import dev.pyassist.outline.OutlineSymbol;
import dev.pyassist.python.ast.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code textDocument/documentSymbol}: the outline (classes, functions, methods, module and class variables).
 * Computed on the request executor and cancellable ({@code $/cancelRequest}) between statements. A buffer
 * with a syntax error has no tree, so its outline is empty until the error is fixed; so is the outline of a
 * buffer over {@code diagnostics.maxFileChars}.
 */
public final class DocumentSymbols {
    private final Session session;
    private final DocumentStore documents;
    private final ExecutorService executor;
    private final Supplier<Settings> settings;

    public DocumentSymbols(Session session, DocumentStore documents, ExecutorService executor,
            Supplier<Settings> settings) {
        this.session = session;
        this.documents = documents;
        this.executor = executor;
        this.settings = settings;
    }

    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> symbols(DocumentSymbolParams params) {
        String uri = params.getTextDocument().getUri();
        return CompletableFutures.computeAsync(executor, cancel -> {
            List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
            var document = documents.get(uri).orElse(null);
            if (document == null || document.text().length() > settings.get().diagnostics().maxFileChars()) {
                return out; // over diagnostics.maxFileChars a parse would not fit the heap (README, "Speed")
            }
            Module module = document.parsed().parse().module();
            cancel.checkCanceled();
            if (module == null) {
                return out;
            }
            for (OutlineSymbol symbol : Outline.of(module, () -> {
                cancel.checkCanceled();
                return false;
            })) {
                out.add(Either.forRight(toLsp(symbol, document)));
            }
            return out;
        });
    }

    private DocumentSymbol toLsp(OutlineSymbol symbol, TextDocument document) {
        var lines = document.lines();
        var encoding = session.encoding();
        List<DocumentSymbol> children = new ArrayList<>();
        for (OutlineSymbol child : symbol.children()) {
            children.add(toLsp(child, document));
        }
        return new DocumentSymbol(symbol.name(), kind(symbol.kind()),
                DiagnosticsConverter.range(lines, symbol.start(), symbol.end(), encoding),
                DiagnosticsConverter.range(lines, symbol.nameStart(), symbol.nameEnd(), encoding),
                null, children);
    }

    private static SymbolKind kind(OutlineSymbol.Kind kind) {
        switch (kind) {
            case CLASS:
                return SymbolKind.Class;
            case METHOD:
                return SymbolKind.Method;
            case FUNCTION:
                return SymbolKind.Function;
            case CONSTANT:
                return SymbolKind.Constant;
            case FIELD:
                return SymbolKind.Field;
            default:
                return SymbolKind.Variable;
        }
    }
}
