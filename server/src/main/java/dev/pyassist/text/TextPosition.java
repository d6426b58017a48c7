package dev.pyassist.text;

/** A zero-based line and a column in some {@link PositionEncoding}'s units. */
public record TextPosition(int line, int column) {}
