package dev.pyassist.lsp;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.text.TextPosition;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Findings (UTF-16 offsets) to LSP diagnostics (line and column in the session's position encoding). */
public final class DiagnosticsConverter {
    private DiagnosticsConverter() {}

    public static List<Diagnostic> toLsp(List<Finding> findings, LineMap lines, PositionEncoding encoding) {
        List<Diagnostic> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Diagnostic d = new Diagnostic();
            d.setRange(range(lines, f.start(), f.end(), encoding));
            d.setSeverity(DiagnosticSeverity.forValue(f.severity().lspValue()));
            d.setSource(Finding.SOURCE);
            d.setCode(f.code());
            d.setMessage(f.message());
            if (!f.data().isEmpty()) {
                d.setData(f.data());
            }
            out.add(d);
        }
        return out;
    }

    public static Range range(LineMap lines, int start, int end, PositionEncoding encoding) {
        return new Range(position(lines, start, encoding), position(lines, end, encoding));
    }

    public static Position position(LineMap lines, int offset, PositionEncoding encoding) {
        TextPosition p = lines.position(offset, encoding);
        return new Position(p.line(), p.column());
    }
}
