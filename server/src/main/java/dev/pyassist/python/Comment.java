package dev.pyassist.python;

/**
 * A {@code #} comment: {@code text} includes the leading {@code #}; {@code line} is 1-based; offsets are UTF-16,
 * end exclusive. Use it to find {@code # noqa} / {@code # pyassist: ignore} markers.
 */
public record Comment(String text, int start, int end, int line) {
}
