package dev.pyassist.cli;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Findings the way a compiler or an editor's problems panel shows them: {@code path:line:col: severity:
 * message [code]}, then the line with a caret under the range, then a one-line summary.
 */
final class TextReport {
    private TextReport() {}

    static void write(List<CheckedFile> files, PrintStream out) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        int filesWithFindings = 0;
        for (CheckedFile file : files) {
            if (!file.findings().isEmpty()) {
                filesWithFindings++;
            }
            for (Finding f : file.findings()) {
                counts.merge(f.severity(), 1, Integer::sum);
                CheckedFile.Span s = file.span(f);
                out.printf("%s:%d:%d: %s: %s [%s]%n", file.displayPath(), s.line(), s.column(),
                        f.severity().label(), f.message(), f.code());
                excerpt(file, f, s, out);
            }
        }
        out.println(summary(counts, filesWithFindings, files.size()));
    }

    private static void excerpt(CheckedFile file, Finding f, CheckedFile.Span s, PrintStream out) {
        String line = file.lines().lineText(s.line() - 1);
        if (line.length() > 200) {
            return; // a minified or generated line: the position says enough
        }
        String number = String.valueOf(s.line());
        String shown = line.replace('\t', ' ');
        out.printf(" %s | %s%n", number, shown);
        int lineLength = shown.codePointCount(0, shown.length());
        int width = s.endLine() == s.line() ? s.endColumn() - s.column() : lineLength - s.column() + 1;
        out.printf(" %s | %s%s%n", " ".repeat(number.length()), " ".repeat(s.column() - 1),
                "^".repeat(Math.max(1, width)));
    }

    static String summary(Map<Severity, Integer> counts, int filesWithFindings, int filesChecked) {
        String checked = filesChecked + (filesChecked == 1 ? " file" : " files") + " checked";
        if (counts.isEmpty()) {
            return "No problems found (" + checked + ").";
        }
        StringBuilder sb = new StringBuilder("Found ");
        String sep = "";
        for (Severity severity : Severity.values()) {
            int n = counts.getOrDefault(severity, 0);
            if (n > 0) {
                sb.append(sep).append(n).append(' ').append(plural(severity, n));
                sep = ", ";
            }
        }
        return sb.append(" in ").append(filesWithFindings).append(filesWithFindings == 1 ? " file" : " files")
                .append(" (").append(checked).append(").").toString();
    }

    private static String plural(Severity severity, int n) {
        String label = severity == Severity.INFORMATION ? "note" : severity.label();
        return n == 1 ? label : label + "s";
    }
}
