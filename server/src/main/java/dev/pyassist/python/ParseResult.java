package dev.pyassist.python;

import dev.pyassist.python.ast.Module;
import java.util.List;

/**
 * Result of {@link PythonParser#parse}. {@code module} is null exactly when {@code errors} is non-empty (at most
 * one error, the first one CPython reports). {@code comments} lists every comment the tokenizer saw (up to the
 * error, if any), in source order.
 */
public record ParseResult(Module module, List<SyntaxDiagnostic> errors, List<Comment> comments) {
    public ParseResult {
        errors = List.copyOf(errors);
        comments = comments == null ? List.of() : List.copyOf(comments);
    }

    public ParseResult(Module module, List<SyntaxDiagnostic> errors) {
        this(module, errors, List.of());
    }

    /** True when there is no syntax error. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
