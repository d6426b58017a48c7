package dev.pyassist.complete;

/**
 * A suggestion that passed the gates: the text to insert at the cursor.
 *
 * @param text   what goes in at the cursor
 * @param cached it came from the {@link SuggestionCache}, without a model call
 */
public record Suggestion(String text, boolean cached) {}
