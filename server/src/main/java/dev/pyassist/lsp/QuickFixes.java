package dev.pyassist.lsp;

import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.text.TextPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

/**
 * What the exact layers' quick-fix providers share (names, flow): whether a request wants quick fixes, the
 * requested range in offsets, and a fix as a code action whose edit is tied to the document version it was made
 * for (a client applying it to a newer text gets a refusal, not a broken file) and to the finding it fixes.
 */
public final class QuickFixes {
    /** One replacement, in offsets of the document's text. */
    public record Edit(int start, int end, String newText) {}

    private QuickFixes() {}

    /** False when the request names only kinds that exclude quick fixes. */
    public static boolean wanted(CodeActionParams params) {
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        return only == null || only.isEmpty()
                || only.stream().anyMatch(k -> CodeActionKind.QuickFix.startsWith(k) || k.isEmpty());
    }

    /** The request's range as {@code [start, end]} offsets, {@code end >= start}. */
    public static int[] offsets(TextDocument document, CodeActionParams params, PositionEncoding encoding) {
        LineMap lines = document.lines();
        Range range = params.getRange();
        int start = lines.offset(range.getStart().getLine(), range.getStart().getCharacter(), encoding);
        int end = lines.offset(range.getEnd().getLine(), range.getEnd().getCharacter(), encoding);
        return new int[] {start, Math.max(start, end)};
    }

    /**
     * A quick fix for the finding {@code code} at {@code [findingStart, findingEnd)}: the request's diagnostics
     * of that code and range are attached, and {@code data} says which layer and rule made it.
     */
    public static CodeAction action(TextDocument document, CodeActionParams params, PositionEncoding encoding,
            String title, boolean preferred, String source, String code, int findingStart, int findingEnd,
            List<Edit> edits) {
        LineMap lines = document.lines();
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setIsPreferred(preferred);
        Range findingRange = range(lines, findingStart, findingEnd, encoding);
        List<Diagnostic> matching = new ArrayList<>();
        if (params.getContext() != null && params.getContext().getDiagnostics() != null) {
            for (Diagnostic d : params.getContext().getDiagnostics()) {
                if (d.getCode() != null && d.getCode().isLeft() && code.equals(d.getCode().getLeft())
                        && Objects.equals(d.getRange(), findingRange)) {
                    matching.add(d);
                }
            }
        }
        if (!matching.isEmpty()) {
            action.setDiagnostics(matching);
        }
        List<Either<TextEdit, org.eclipse.lsp4j.SnippetTextEdit>> changes = new ArrayList<>();
        for (Edit e : edits) {
            changes.add(Either.forLeft(new TextEdit(range(lines, e.start(), e.end(), encoding), e.newText())));
        }
        var id = new VersionedTextDocumentIdentifier(document.uri(), document.version());
        action.setEdit(new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(id, changes)))));
        action.setData(Map.of("source", source, "rule", code));
        return action;
    }

    private static Range range(LineMap lines, int start, int end, PositionEncoding encoding) {
        return new Range(position(lines.position(start, encoding)), position(lines.position(end, encoding)));
    }

    private static Position position(TextPosition p) {
        return new Position(p.line(), p.column());
    }
}
