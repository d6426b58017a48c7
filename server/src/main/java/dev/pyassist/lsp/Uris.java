package dev.pyassist.lsp;

import java.net.URI;
import java.nio.file.Path;

/** Document URIs as paths. */
public final class Uris {
    private Uris() {}

    /** The normalized path of a {@code file:} URI; null for other schemes and malformed URIs. */
    public static Path pathOf(String uri) {
        try {
            URI parsed = URI.create(uri);
            return "file".equals(parsed.getScheme()) ? Path.of(parsed).normalize() : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
