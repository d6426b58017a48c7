package dev.pyassist.lsp.flow;

import dev.pyassist.config.Settings;
import dev.pyassist.flow.FlowHover;
import dev.pyassist.flow.FlowLayer;
import dev.pyassist.lsp.DiagnosticsConverter;
import dev.pyassist.lsp.HoverProvider;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import java.util.function.Supplier;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/** Hovers over names the flow layer flags as unbound: why, with the path (see FlowHover). */
public final class FlowHovers implements HoverProvider {
    private final Supplier<Settings> settings;

    public FlowHovers(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public Hover hover(TextDocument document, HoverParams params, Session session) {
        Settings current = settings.get();
        if (document.text().length() > current.diagnostics().maxFileChars()) {
            return null;
        }
        var pos = params.getPosition();
        int offset = document.lines().offset(pos.getLine(), pos.getCharacter(), session.encoding());
        // the shared parse when the target is the default one (outline and hover use it), else one for the target
        var parse = document.parsed().forTarget(current.pythonVersion()).parse();
        return FlowHover.at(document.text(), parse, offset, FlowLayer.enabledRules(current)).map(t -> {
            Hover hover = new Hover(new MarkupContent(MarkupKind.MARKDOWN, t.markdown()));
            hover.setRange(DiagnosticsConverter.range(document.lines(), t.start(), t.end(), session.encoding()));
            return hover;
        }).orElse(null);
    }
}
