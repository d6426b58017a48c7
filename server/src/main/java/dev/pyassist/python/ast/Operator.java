package dev.pyassist.python.ast;

/** CPython {@code operator} (binary and augmented-assignment operators). */
public enum Operator {
    ADD("+"), SUB("-"), MULT("*"), MATMULT("@"), DIV("/"), MOD("%"), POW("**"), LSHIFT("<<"), RSHIFT(">>"),
    BITOR("|"), BITXOR("^"), BITAND("&"), FLOORDIV("//");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** Source spelling, e.g. {@code "+"}. */
    public String symbol() {
        return symbol;
    }
}
