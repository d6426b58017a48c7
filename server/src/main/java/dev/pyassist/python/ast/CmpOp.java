package dev.pyassist.python.ast;

/** CPython {@code cmpop}. */
public enum CmpOp { EQ, NOT_EQ, LT, LTE, GT, GTE, IS, IS_NOT, IN, NOT_IN }
