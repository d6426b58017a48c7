package dev.pyassist.lsp;

import dev.pyassist.lsp.validator.ValidatorCodeActions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** Format-2 quick fixes: the repair the finding carries (as the client sends it back), applied if still valid. */
class ModelRepairActionsTest {
    private static final String URI = "file:///work/clamp.py";

    private static Diagnostic diagnostic(Range range, String code, String title, String newText, String flagged) {
        var d = new Diagnostic(range, "`>=` looks wrong here; `<` expected (validator, 0.91)",
                DiagnosticSeverity.Warning, "pyassist", code);
        JsonObject repair = new JsonObject();
        repair.addProperty("title", title);
        repair.addProperty("newText", newText);
        repair.addProperty("flagged", flagged);
        JsonObject data = new JsonObject();
        data.addProperty("confidence", 0.91);
        data.add("repair", repair);
        d.setData(data);
        return d;
    }

    private static List<CodeAction> actions(String text, Diagnostic d) {
        var doc = new TextDocument(URI, 3, text);
        return new ValidatorCodeActions().actions(doc, new CodeActionParams(new TextDocumentIdentifier(URI),
                d.getRange(), new CodeActionContext(List.of(d))), new Session());
    }

    private static TextEdit edit(CodeAction a) {
        return a.getEdit().getDocumentChanges().get(0).getLeft().getEdits().get(0).getLeft();
    }

    @Test
    void theFixAppliesTheRepairHeadsTokenNotTheKindsGuess() {
        String text = "def clamp(x, lo):\n    if x >= lo:\n        return lo\n";
        Range range = new Range(new Position(1, 9), new Position(1, 11));
        List<CodeAction> actions = actions(text, diagnostic(range, "validator.inverted-comparison",
                "Change '>=' to '<'", "<", ">="));
        assertEquals(2, actions.size());
        assertEquals("Change '>=' to '<' (validator)", actions.get(0).getTitle());
        assertTrue(actions.get(0).getIsPreferred());
        assertEquals("<", edit(actions.get(0)).getNewText());
        assertEquals(range, edit(actions.get(0)).getRange());
        assertEquals("Ignore the validator on this line (# pyassist: ignore)", actions.get(1).getTitle());
    }

    @Test
    void noFixOnceTheFlaggedTextHasChanged() {
        String text = "def clamp(x, lo):\n    if x <= lo:\n        return lo\n";
        Range range = new Range(new Position(1, 9), new Position(1, 11));
        List<CodeAction> actions = actions(text, diagnostic(range, "validator.inverted-comparison",
                "Change '>=' to '<'", "<", ">="));
        assertEquals(1, actions.size(), "only the ignore comment");
    }

    @Test
    void aDeletionTakesTheSpaceAfterItAndASwapReplacesBothArguments() {
        String text = "def f(x):\n    if not x:\n        return pow(b, a)\n";
        Range not = new Range(new Position(1, 7), new Position(1, 10));
        TextEdit deletion = edit(actions(text, diagnostic(not, "validator.spurious-not", "Delete 'not'", "", "not"))
                .get(0));
        assertEquals(new Range(new Position(1, 7), new Position(1, 11)), deletion.getRange());
        assertEquals("", deletion.getNewText());

        Range args = new Range(new Position(2, 19), new Position(2, 23));
        TextEdit swap = edit(actions(text, diagnostic(args, "validator.swapped-arguments", "Swap 'b' and 'a'", "a, b",
                "b, a")).get(0));
        assertEquals("a, b", swap.getNewText());
        assertEquals(args, swap.getRange());
    }
}
