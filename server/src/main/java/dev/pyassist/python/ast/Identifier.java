package dev.pyassist.python.ast;

/**
 * An identifier with its own source range (function/class names, import names and aliases, global/nonlocal names,
 * except-as names, match captures, keyword-argument names, attribute names, parameter names).
 * For dotted module names in {@code import a.b.c} / {@code from a.b import x}, {@code id} is the dotted text and the
 * range covers all of it. {@code id} is NFKC-normalised like CPython does.
 */
public record Identifier(String id, int start, int end) {
}
