package dev.pyassist.lsp;

import dev.pyassist.text.LineMap;

/** An immutable snapshot of one open buffer: what the client sent, at one version. */
public final class TextDocument {
    private final String uri;
    private final int version;
    private final String text;
    private LineMap lines; // built on first use; racy but idempotent

    public TextDocument(String uri, int version, String text) {
        this.uri = uri;
        this.version = version;
        this.text = text;
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

    public LineMap lines() {
        LineMap map = lines;
        if (map == null) {
            map = new LineMap(text);
            lines = map;
        }
        return map;
    }
}
