package dev.pyassist.cli;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import dev.pyassist.text.TextPosition;
import java.nio.file.Path;
import java.util.List;

/** One checked file: its path as shown to the user, its text and what pyassist found in it. */
record CheckedFile(String displayPath, LineMap lines, List<Finding> findings) {

    /** A finding's range as people count it: 1-based lines, 1-based columns in Unicode characters. */
    record Span(int line, int column, int endLine, int endColumn) {}

    Span span(Finding f) {
        TextPosition start = lines.position(f.start(), PositionEncoding.UTF32);
        TextPosition end = lines.position(f.end(), PositionEncoding.UTF32);
        return new Span(start.line() + 1, start.column() + 1, end.line() + 1, end.column() + 1);
    }

    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        Path shown = abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }
}
