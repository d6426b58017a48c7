package dev.pyassist.python.ast;

/** CPython {@code expr_context}. */
public enum ExprContext { LOAD, STORE, DEL }
