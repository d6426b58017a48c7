package dev.pyassist.python.ast;

/** CPython {@code boolop}. */
public enum BoolOperator { AND, OR }
