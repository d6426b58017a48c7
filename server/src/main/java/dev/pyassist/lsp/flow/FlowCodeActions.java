package dev.pyassist.lsp.flow;

import dev.pyassist.lsp.CodeActionProvider;
import dev.pyassist.lsp.QuickFixes;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.config.Settings;
import dev.pyassist.flow.FlowFixes;
import dev.pyassist.flow.FlowLayer;
import dev.pyassist.text.PositionEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;

/** Quick fixes of the flow layer: remove unreachable code, put out-of-order arguments back (see FlowFixes). */
public final class FlowCodeActions implements CodeActionProvider {
    private final Supplier<Settings> settings;

    public FlowCodeActions(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public List<CodeAction> actions(TextDocument document, CodeActionParams params, Session session) {
        if (!QuickFixes.wanted(params)) {
            return List.of();
        }
        Settings current = settings.get();
        var rules = FlowLayer.enabledRules(current);
        if (rules.isEmpty() || document.text().length() > current.diagnostics().maxFileChars()) {
            return List.of();
        }
        PositionEncoding encoding = session.encoding();
        int[] at = QuickFixes.offsets(document, params, encoding);
        String text = document.text();
        List<CodeAction> out = new ArrayList<>();
        for (FlowFixes.Fix fix : FlowFixes.fixes(text, document.parsed().parse(), at[0], at[1], rules)) {
            List<QuickFixes.Edit> edits = fix.edits().stream()
                    .map(e -> new QuickFixes.Edit(e.start(), e.end(), e.replacement())).toList();
            out.add(QuickFixes.action(document, params, encoding, fix.title(), true, "flow", fix.rule().code(),
                    fix.findingStart(), fix.findingEnd(), edits));
        }
        return out;
    }
}
