package dev.pyassist.diagnostics;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;

/** A text and its one parse, shared by every layer so the text is parsed once per version. */
public record ParsedText(String text, ParseResult parse) {
    public static ParsedText parse(String text) {
        return new ParsedText(text, PythonParser.parse(text));
    }
}
