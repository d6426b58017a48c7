package dev.pyassist.assist;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.SyntaxDiagnostic;
import dev.pyassist.text.LineMap;
import java.util.Optional;

/** Checks generated Python before it is offered: it must parse (the neural validator joins here when it exists). */
@FunctionalInterface
public interface PythonCheck {

    /** The first problem with {@code text}, or empty when it is fine. */
    Optional<String> problem(String text);

    /** The syntax layer's verdict. */
    PythonCheck PARSER = text -> {
        ParseResult r = PythonParser.parse(text);
        if (r.ok()) {
            return Optional.empty();
        }
        SyntaxDiagnostic d = r.errors().get(0);
        return Optional.of(d.message() + " (line " + (new LineMap(text).lineOf(d.start()) + 1) + ")");
    };
}
