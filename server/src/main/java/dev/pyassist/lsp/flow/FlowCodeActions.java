package dev.pyassist.lsp.flow;

import dev.pyassist.lsp.CodeActionProvider;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.config.Settings;
import dev.pyassist.flow.FlowFixes;
import dev.pyassist.flow.FlowLayer;
import dev.pyassist.names.NamesFixes;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.text.TextPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

/** Quick fixes of the flow layer: remove unreachable code, put out-of-order arguments back (see FlowFixes). */
public final class FlowCodeActions implements CodeActionProvider {
    private final Supplier<Settings> settings;

    public FlowCodeActions(Supplier<Settings> settings) {
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
        var rules = FlowLayer.enabledRules(current);
        if (rules.isEmpty() || document.text().length() > current.diagnostics().maxFileChars()) {
            return List.of();
        }
        PositionEncoding encoding = session.encoding();
        LineMap lines = document.lines();
        Range range = params.getRange();
        int start = lines.offset(range.getStart().getLine(), range.getStart().getCharacter(), encoding);
        int end = lines.offset(range.getEnd().getLine(), range.getEnd().getCharacter(), encoding);
        String text = document.text();
        List<CodeAction> out = new ArrayList<>();
        for (FlowFixes.Fix fix : FlowFixes.fixes(text, PythonParser.parse(text), start, Math.max(start, end), rules)) {
            CodeAction action = new CodeAction(fix.title());
            action.setKind(CodeActionKind.QuickFix);
            action.setIsPreferred(true);
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
            action.setEdit(new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(id, edits)))));
            action.setData(Map.of("source", "flow", "rule", fix.rule().code()));
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
