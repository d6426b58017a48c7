package dev.pyassist.diagnostics;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.PythonVersion;

/**
 * A text and its one parse, shared by every layer so the text is parsed once per version. {@code path} is the
 * file's path or URI when known (layers may use its name, e.g. {@code __init__.py}), else null. {@code target} is
 * the Python version the text was parsed for.
 */
public record ParsedText(String text, ParseResult parse, String path, PythonVersion target) {
    public ParsedText(String text, ParseResult parse) {
        this(text, parse, null);
    }

    public ParsedText(String text, ParseResult parse, String path) {
        this(text, parse, path, PythonVersion.DEFAULT);
    }

    public static ParsedText parse(String text) {
        return new ParsedText(text, PythonParser.parse(text));
    }

    public static ParsedText parse(String text, String path) {
        return new ParsedText(text, PythonParser.parse(text), path);
    }

    public static ParsedText parse(String text, String path, PythonVersion target) {
        return new ParsedText(text, PythonParser.parse(text, target), path, target);
    }

    /** This text parsed for another target version (itself when it already is). */
    public ParsedText forTarget(PythonVersion other) {
        return other == target ? this : parse(text, path, other);
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
