package dev.pyassist.python.ast;

/** CPython {@code unaryop}. */
public enum UnaryOperator { INVERT, NOT, UADD, USUB }
