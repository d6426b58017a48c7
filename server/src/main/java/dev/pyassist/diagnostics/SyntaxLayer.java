package dev.pyassist.diagnostics;

import dev.pyassist.config.Settings;
import dev.pyassist.python.SyntaxDiagnostic;
import java.util.ArrayList;
import java.util.List;

/** The exact syntax layer: CPython's own verdict on the text, as Error findings. */
public final class SyntaxLayer implements Analyzer {
    @Override
    public List<Finding> analyze(ParsedText text) {
        List<Finding> findings = new ArrayList<>();
        for (SyntaxDiagnostic error : text.parse().errors()) {
            findings.add(toFinding(error));
        }
        return findings;
    }

    @Override
    public boolean enabled(Settings settings) {
        return settings.syntax().enabled();
    }

    public static Finding toFinding(SyntaxDiagnostic error) {
        return new Finding(error.kind().code(), Severity.ERROR, error.message(), error.start(), error.end());
    }
}
