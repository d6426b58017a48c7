package dev.pyassist.lsp.validator;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.CodeActionProvider;
import dev.pyassist.lsp.DiagnosticsConverter;
import dev.pyassist.lsp.Json;

import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.validator.Repairs;
import dev.pyassist.validator.ValidatorEngine;
import dev.pyassist.validator.ValidatorKind;
import java.util.ArrayList;
import java.util.List;
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
 * Quick fixes for validator findings (the {@code validator.*} diagnostics in the request's context): the
 * model's own repair when the finding carries one (format 2: the repair head's token, or the swapped
 * arguments) and the text it was made for is still there, else the repair the finding's kind implies,
 * recomputed on the document as it is now; and {@code # pyassist: ignore} at the end of the line. Edits name
 * the document version they were computed for.
 */
public final class ValidatorCodeActions implements CodeActionProvider {
    static final String IGNORE_COMMENT = "  # pyassist: ignore";

    @Override
    public List<CodeAction> actions(TextDocument document, CodeActionParams params, Session session) {
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only != null && !only.isEmpty()
                && only.stream().noneMatch(k -> k.isEmpty() || CodeActionKind.QuickFix.startsWith(k))) {
            return List.of();
        }
        List<Diagnostic> diagnostics = params.getContext() == null ? List.of() : params.getContext().getDiagnostics();
        List<CodeAction> out = new ArrayList<>();
        PositionEncoding encoding = session.encoding();
        LineMap lines = document.lines();
        String text = document.text();
        java.util.Set<Integer> ignoredLines = new java.util.HashSet<>();
        for (Diagnostic d : diagnostics == null ? List.<Diagnostic>of() : diagnostics) {
            String code = d.getCode() == null ? null : d.getCode().isLeft() ? d.getCode().getLeft() : null;
            if (code == null || !code.startsWith("validator.") || d.getRange() == null) {
                continue;
            }
            int start = lines.offset(d.getRange().getStart().getLine(), d.getRange().getStart().getCharacter(), encoding);
            int end = lines.offset(d.getRange().getEnd().getLine(), d.getRange().getEnd().getCharacter(), encoding);
            if (end < start || end > text.length()) {
                continue;
            }
            String flagged = text.substring(start, end);
            ModelRepair model = ModelRepair.of(d.getData());
            if (model != null && model.flagged().equals(flagged)) {
                Range range = d.getRange();
                int to = end;
                if (model.newText().isEmpty()) {
                    // a deleted token takes the spaces after it: "if not x" becomes "if x"
                    while (to < text.length() && text.charAt(to) == ' ') {
                        to++;
                    }
                    range = DiagnosticsConverter.range(lines, start, to, encoding);
                }
                CodeAction fix = action(model.title() + " (validator)", document, d, new TextEdit(range, model.newText()));
                fix.setIsPreferred(true);
                out.add(fix);
            } else if (model == null) {
                ValidatorKind kind = kindOf(code);
                Repairs.propose(kind, flagged).ifPresent(r -> {
                    CodeAction fix = action(r.title() + " (validator)", document, d,
                            new TextEdit(d.getRange(), Repairs.apply(r, flagged)));
                    fix.setIsPreferred(true);
                    out.add(fix);
                });
            }
            int line = lines.lineOf(start);
            if (ignoredLines.add(line) && !ValidatorEngine.IGNORE.matcher(lines.lineText(line)).find()) {
                int eol = lines.lineContentEnd(line);
                Position at = DiagnosticsConverter.position(lines, eol, encoding);
                out.add(action("Ignore the validator on this line (# pyassist: ignore)", document, d,
                        new TextEdit(new Range(at, at), IGNORE_COMMENT)));
            }
        }
        return out;
    }

    /** A repair the model named ({@code data.repair} with {@code flagged}): the text to put over the range. */
    record ModelRepair(String title, String newText, String flagged) {
        static ModelRepair of(Object data) {
            // as the client sends it back (a Gson tree), or as the server made it (a map): read through Jackson
            com.fasterxml.jackson.databind.JsonNode r = data == null ? null : Json.toJackson(data).path("repair");
            if (r != null && text(r, "newText") && text(r, "flagged") && text(r, "title")) {
                return new ModelRepair(r.get("title").asText(), r.get("newText").asText(),
                        r.get("flagged").asText());
            }
            return null;
        }

        private static boolean text(com.fasterxml.jackson.databind.JsonNode o, String field) {
            return o.has(field) && o.get(field).isValueNode() && !o.get(field).isNull();
        }
    }

    private static ValidatorKind kindOf(String code) {
        for (ValidatorKind k : ValidatorKind.values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        return ValidatorKind.SUSPICIOUS;
    }

    private static CodeAction action(String title, TextDocument document, Diagnostic d, TextEdit edit) {
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(d));
        var versioned = new VersionedTextDocumentIdentifier(document.uri(), document.version());
        List<Either<TextEdit, org.eclipse.lsp4j.SnippetTextEdit>> edits = List.of(Either.forLeft(edit));
        action.setEdit(new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(versioned, edits)))));
        return action;
    }
}
