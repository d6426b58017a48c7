package dev.pyassist.complete;

import dev.pyassist.python.ParseResult;

/**
 * A check that may flag a suggestion once it is spliced into the buffer: whether it reports something inside the
 * inserted text. The names gate is one ({@link SuggestionGates#addsUndefinedName}); the composition root supplies
 * the validator's, which this package cannot see.
 */
@FunctionalInterface
public interface SuggestionCheck {

    /**
     * @param spliced the buffer with the suggestion in
     * @param parsed  its parse, which succeeded
     * @param from    where the suggestion starts in {@code spliced}
     * @param to      where it ends (exclusive)
     * @return whether a finding of this check starts or ends inside {@code [from, to)}
     */
    boolean flags(String spliced, ParseResult parsed, int from, int to);

    SuggestionCheck NONE = (spliced, parsed, from, to) -> false;
}
