package dev.pyassist.lsp.names;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.CodeActionProvider;
import dev.pyassist.lsp.QuickFixes;

import dev.pyassist.config.Settings;
import dev.pyassist.names.NamesFixes;
import dev.pyassist.names.NamesLayer;
import dev.pyassist.names.NamesRule;
import dev.pyassist.text.PositionEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;

/** Quick fixes of the names layer: remove an unused import, replace a misspelt name. */
public final class NamesCodeActions implements CodeActionProvider {
    private final Supplier<Settings> settings;

    public NamesCodeActions(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public List<CodeAction> actions(TextDocument document, CodeActionParams params, Session session) {
        if (!QuickFixes.wanted(params)) {
            return List.of();
        }
        Settings current = settings.get();
        if (!current.names().enabled() || document.text().length() > current.diagnostics().maxFileChars()) {
            return List.of(); // no findings over the limit, so nothing to fix (and no parse that overfills the heap)
        }
        Set<NamesRule> rules = NamesLayer.enabledRules(current);
        PositionEncoding encoding = session.encoding();
        int[] at = QuickFixes.offsets(document, params, encoding);
        String text = document.text();
        List<CodeAction> out = new ArrayList<>();
        for (NamesFixes.Fix fix : NamesFixes.fixes(text, document.parsed().parse(), at[0], at[1], rules)) {
            List<QuickFixes.Edit> edits = fix.edits().stream()
                    .map(e -> new QuickFixes.Edit(e.start(), e.end(), e.replacement())).toList();
            out.add(QuickFixes.action(document, params, encoding, fix.title(), fix.preferred(), "names", fix.rule().code(),
                    fix.findingStart(), fix.findingEnd(), edits));
        }
        return out;
    }
}
