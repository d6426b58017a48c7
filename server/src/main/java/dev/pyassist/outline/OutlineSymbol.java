package dev.pyassist.outline;

import java.util.List;

/**
 * One entry of a module's outline: a class, function, method or module/class-level variable.
 *
 * @param start UTF-16 offset of the whole definition (decorators included)
 * @param nameStart UTF-16 offset of the name itself
 */
public record OutlineSymbol(
        String name, Kind kind, int start, int end, int nameStart, int nameEnd, List<OutlineSymbol> children) {
    public enum Kind { CLASS, FUNCTION, METHOD, VARIABLE, CONSTANT, FIELD }

    public OutlineSymbol {
        children = List.copyOf(children);
    }
}
