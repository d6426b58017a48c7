package dev.pyassist.python.ast;

/**
 * Kind of a {@link Constant}. The constant's {@code value} string is: the decoded text for STR; the bytes as
 * ISO-8859-1 chars for BYTES; the source spelling for INT, FLOAT, COMPLEX; {@code "None"}, {@code "True"},
 * {@code "False"}, {@code "..."} for the singletons.
 */
public enum ConstantKind { NONE, TRUE, FALSE, ELLIPSIS, INT, FLOAT, COMPLEX, STR, BYTES }
