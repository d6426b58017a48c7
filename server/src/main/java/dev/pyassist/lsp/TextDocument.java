package dev.pyassist.lsp;

import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.text.LineMap;

/** An immutable snapshot of one open buffer: what the client sent, at one version. */
public final class TextDocument {
    private final String uri;
    private final int version;
    private final String text;
    private LineMap lines; // built on first use; racy but idempotent
    private ParsedText parsed; // likewise: every feature shares one parse per version

    public TextDocument(String uri, int version, String text) {
        this(uri, version, text, null);
    }

    /** A snapshot whose line map is known already ({@code lines} of {@code text}, or null to build it on use). */
    TextDocument(String uri, int version, String text, LineMap lines) {
        this.uri = uri;
        this.version = version;
        this.text = text;
        this.lines = lines;
    }

    public String uri() {
        return uri;
    }

    public int version() {
        return version;
    }

    public String text() {
        return text;
    }

    /** The parse of this version, made on first use and shared by diagnostics and requests. */
    public ParsedText parsed() {
        ParsedText p = parsed;
        if (p == null) {
            p = ParsedText.parse(text, uri);
            parsed = p;
        }
        return p;
    }

    public LineMap lines() {
        LineMap map = lines;
        if (map == null) {
            map = new LineMap(text);
            lines = map;
        }
        return map;
    }
}
