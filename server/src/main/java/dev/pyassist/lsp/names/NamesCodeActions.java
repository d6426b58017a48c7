package dev.pyassist.lsp.names;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.CodeActionProvider;

import dev.pyassist.config.Settings;
import dev.pyassist.names.NamesFixes;
import dev.pyassist.names.NamesLayer;
import dev.pyassist.names.NamesRule;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.text.TextPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Quick fixes of the names layer: remove an unused import, replace a misspelt name. */
public final class NamesCodeActions implements CodeActionProvider {
    private final Supplier<Settings> settings;

    public NamesCodeActions(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public List<CodeAction> actions(TextDocument document, CodeActionParams params, Session session) {
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only != null && !only.isEmpty()
                && only.stream().noneMatch(k -> CodeActionKind.QuickFix.startsWith(k) || k.isEmpty())) {
            return List.of();
        }
        Settings current = settings.get();
        if (!current.names().enabled() || document.text().length() > current.diagnostics().maxFileChars()) {
            return List.of(); // no findings over the limit, so nothing to fix (and no parse that overfills the heap)
        }
        Set<NamesRule> rules = NamesLayer.enabledRules(current);
        PositionEncoding encoding = session.encoding();
        LineMap lines = document.lines();
        Range range = params.getRange();
        int start = lines.offset(range.getStart().getLine(), range.getStart().getCharacter(), encoding);
        int end = lines.offset(range.getEnd().getLine(), range.getEnd().getCharacter(), encoding);
        String text = document.text();
        List<CodeAction> out = new ArrayList<>();
        for (NamesFixes.Fix fix : NamesFixes.fixes(text, PythonParser.parse(text), start, Math.max(start, end), rules)) {
            CodeAction action = new CodeAction(fix.title());
            action.setKind(CodeActionKind.QuickFix);
            action.setIsPreferred(fix.preferred());
            Range findingRange = range(lines, fix.findingStart(), fix.findingEnd(), encoding);
            List<Diagnostic> matching = new ArrayList<>();
            if (params.getContext() != null && params.getContext().getDiagnostics() != null) {
                for (Diagnostic d : params.getContext().getDiagnostics()) {
                    if (d.getCode() != null && d.getCode().isLeft()
                            && fix.rule().code().equals(d.getCode().getLeft())
                            && Objects.equals(d.getRange(), findingRange)) {
                        matching.add(d);
                    }
                }
            }
            if (!matching.isEmpty()) {
                action.setDiagnostics(matching);
            }
            List<Either<TextEdit, org.eclipse.lsp4j.SnippetTextEdit>> edits = new ArrayList<>();
            for (NamesFixes.TextEdit e : fix.edits()) {
                edits.add(Either.forLeft(new TextEdit(range(lines, e.start(), e.end(), encoding), e.replacement())));
            }
            var id = new VersionedTextDocumentIdentifier(document.uri(), document.version());
            var edit = new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(id, edits))));
            action.setEdit(edit);
            action.setData(Map.of("source", "names", "rule", fix.rule().code()));
            out.add(action);
        }
        return out;
    }

    private static Range range(LineMap lines, int start, int end, PositionEncoding encoding) {
        return new Range(position(lines.position(start, encoding)), position(lines.position(end, encoding)));
    }

    private static Position position(TextPosition p) {
        return new Position(p.line(), p.column());
    }
}
