package dev.pyassist.assist;

import java.nio.file.Path;

/**
 * What an action works on: one version of one document, and the selection or cursor in it (UTF-16 offsets).
 *
 * @param uri      the document's URI
 * @param path     the file on disk, or null for an unsaved buffer
 * @param text     the document's text at {@code version}
 * @param version  the document version the text belongs to (edits are checked against it)
 * @param selStart selection start, equal to {@code selEnd} when nothing is selected
 * @param selEnd   selection end
 */
public record Target(String uri, Path path, String text, int version, int selStart, int selEnd) {

    public boolean hasSelection() {
        return selEnd > selStart && !selection().isBlank();
    }

    public String selection() {
        return text.substring(selStart, selEnd);
    }

    /** Whether the editor holds this document, so that an edit of it can be applied ({@code version} is -1 if not). */
    public boolean editable() {
        return version >= 0;
    }

    /** The cursor: the selection's start. */
    public int cursor() {
        return selStart;
    }

    /** A short name for messages: the file name, or the URI. */
    public String displayName() {
        if (path != null && path.getFileName() != null) {
            return path.getFileName().toString();
        }
        int slash = uri.lastIndexOf('/');
        return slash >= 0 ? uri.substring(slash + 1) : uri;
    }
}
