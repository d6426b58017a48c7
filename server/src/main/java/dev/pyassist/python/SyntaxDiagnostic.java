package dev.pyassist.python;

/**
 * One syntax error, CPython wording. {@code start}/{@code end} are UTF-16 char offsets into the parsed source,
 * end exclusive, {@code 0 <= start <= end <= source.length()}.
 */
public record SyntaxDiagnostic(SyntaxErrorKind kind, String message, int start, int end) {
}
