package dev.pyassist.text;

import java.util.List;

/**
 * How an LSP {@code Position.character} counts columns. LSP 3.17 lets the client offer encodings in
 * {@code general.positionEncodings}; UTF-16 is the default and the only one every client supports.
 */
public enum PositionEncoding {
    UTF8("utf-8"),
    UTF16("utf-16"),
    UTF32("utf-32");

    private final String lspName;

    PositionEncoding(String lspName) {
        this.lspName = lspName;
    }

    public String lspName() {
        return lspName;
    }

    /**
     * Picks the encoding for a session. UTF-16 is Java's own string unit, so it costs no conversion and wins
     * whenever offered; otherwise the client's first offer we know; with no offer, the LSP default UTF-16.
     */
    public static PositionEncoding negotiate(List<String> offered) {
        if (offered == null || offered.isEmpty() || offered.contains(UTF16.lspName)) {
            return UTF16;
        }
        for (String name : offered) {
            for (PositionEncoding e : values()) {
                if (e.lspName.equalsIgnoreCase(name)) {
                    return e;
                }
            }
        }
        return UTF16;
    }
}
