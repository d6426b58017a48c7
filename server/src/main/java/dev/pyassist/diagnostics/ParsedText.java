package dev.pyassist.diagnostics;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;

/**
 * A text and its one parse, shared by every layer so the text is parsed once per version. {@code path} is the
 * file's path or URI when known (layers may use its name, e.g. {@code __init__.py}), else null.
 */
public record ParsedText(String text, ParseResult parse, String path) {
    public ParsedText(String text, ParseResult parse) {
        this(text, parse, null);
    }

    public static ParsedText parse(String text) {
        return new ParsedText(text, PythonParser.parse(text));
    }

    public static ParsedText parse(String text, String path) {
        return new ParsedText(text, PythonParser.parse(text), path);
    }

    /** Whether {@code path} names a package's {@code __init__.py} (or {@code .pyi}). */
    public boolean isPackageInit() {
        if (path == null) {
            return false;
        }
        String p = path.replace('\\', '/');
        String name = p.substring(p.lastIndexOf('/') + 1);
        return name.equals("__init__.py") || name.equals("__init__.pyi");
    }
}
