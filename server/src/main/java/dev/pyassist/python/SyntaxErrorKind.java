package dev.pyassist.python;

/** Kind of a syntax-layer diagnostic; {@link #code()} is the LSP diagnostic code. */
public enum SyntaxErrorKind {
    EXPECTED_COLON("syntax.expected-colon"),
    NEVER_CLOSED("syntax.never-closed"),
    UNMATCHED_BRACKET("syntax.unmatched-bracket"),
    MISMATCHED_BRACKET("syntax.mismatched-bracket"),
    UNTERMINATED_STRING("syntax.unterminated-string"),
    UNTERMINATED_TRIPLE_QUOTED_STRING("syntax.unterminated-triple-quoted-string"),
    UNEXPECTED_INDENT("syntax.unexpected-indent"),
    UNEXPECTED_UNINDENT("syntax.unexpected-unindent"),
    INCONSISTENT_DEDENT("syntax.inconsistent-dedent"),
    INCONSISTENT_TABS("syntax.inconsistent-tabs"),
    EXPECTED_INDENTED_BLOCK("syntax.expected-indented-block"),
    INVALID_SYNTAX("syntax.invalid-syntax"),
    INVALID_TARGET("syntax.invalid-target"),
    INVALID_CHARACTER("syntax.invalid-character"),
    INVALID_LITERAL("syntax.invalid-literal"),
    INVALID_ENCODING("syntax.invalid-encoding"),
    NULL_BYTES("syntax.null-bytes"),
    TOO_DEEP("syntax.too-deep"),
    LINE_CONTINUATION("syntax.line-continuation"),
    UNEXPECTED_EOF("syntax.unexpected-eof"),
    FSTRING("syntax.f-string"),
    /** Errors CPython's compiler (symtable/codegen) raises: 'return' outside function, duplicate argument, ... */
    COMPILE("syntax.compile"),
    OTHER("syntax.other");

    private final String code;

    SyntaxErrorKind(String code) {
        this.code = code;
    }

    static SyntaxErrorKind forExpected(String token) {
        return ":".equals(token) ? EXPECTED_COLON : INVALID_SYNTAX;
    }

    /** Diagnostic code, e.g. {@code "syntax.expected-colon"}. */
    public String code() {
        return code;
    }
}
