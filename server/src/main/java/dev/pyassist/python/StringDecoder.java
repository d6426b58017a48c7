package dev.pyassist.python;

/** Decodes Python string-literal escapes (internal). */
final class StringDecoder {
    private StringDecoder() {
    }

    /** Thrown for a malformed escape; message in CPython wording. */
    static final class EscapeError extends RuntimeException {
        EscapeError(String msg) {
            super(msg, null, false, false);
        }
    }

    static String decodeEscapes(String raw, boolean bytes) {
        int i = raw.indexOf('\\');
        if (i < 0) return raw;
        StringBuilder sb = new StringBuilder(raw.length());
        sb.append(raw, 0, i);
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            int escStart = i;
            i++;
            if (i >= n) {
                sb.append('\\');
                break;
            }
            char e = raw.charAt(i++);
            switch (e) {
                case '\n' -> { }
                case '\r' -> {
                    if (i < n && raw.charAt(i) == '\n') i++;
                }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < n && raw.charAt(i) >= '0' && raw.charAt(i) <= '7'; k++) {
                        v = v * 8 + (raw.charAt(i++) - '0');
                    }
                    sb.append((char) (bytes ? (v & 0xFF) : v));
                }
                case 'x' -> i = hex(raw, i, 2, sb, escStart, bytes ? "\\x" : "\\xXX", bytes);
                case 'u' -> {
                    if (bytes) sb.append("\\u");
                    else i = hex(raw, i, 4, sb, escStart, "\\uXXXX", false);
                }
                case 'U' -> {
                    if (bytes) sb.append("\\U");
                    else i = hex(raw, i, 8, sb, escStart, "\\UXXXXXXXX", false);
                }
                case 'N' -> {
                    if (bytes) {
                        sb.append("\\N");
                        break;
                    }
                    boolean brace = i < n && raw.charAt(i) == '{';
                    int close = brace ? raw.indexOf('}', i) : -1;
                    if (close < 0 || close == i + 1) {
                        // CPython's span: '\N' alone, the rest of the literal after an open '\N{', or '\N{' of '\N{}'
                        int last = !brace ? i - 1 : close < 0 ? n - 1 : i;
                        throw new EscapeError("(unicode error) 'unicodeescape' codec can't decode bytes in position "
                                + escStart + "-" + last + ": malformed \\N character escape");
                    }
                    String name = raw.substring(i + 1, close);
                    int cp;
                    try {
                        cp = Character.codePointOf(name);
                    } catch (IllegalArgumentException ex) {
                        cp = -1;
                    }
                    if (cp < 0) {
                        // Java's name table may lag CPython's; keep the text rather than reject valid code
                        sb.append(raw, escStart, close + 1);
                    } else {
                        sb.appendCodePoint(cp);
                    }
                    i = close + 1;
                }
                default -> {
                    sb.append('\\');
                    sb.append(e);
                }
            }
        }
        return sb.toString();
    }

    private static int hex(String raw, int i, int digits, StringBuilder sb, int escStart, String what, boolean bytes) {
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = i + k < raw.length() ? Character.digit(raw.charAt(i + k), 16) : -1;
            if (d < 0 || raw.charAt(i + k) >= 128) {
                if (bytes) throw new EscapeError("(value error) invalid \\x escape at position " + escStart);
                throw new EscapeError("(unicode error) 'unicodeescape' codec can't decode bytes in position " + escStart
                        + "-" + (i + k - 1) + ": truncated " + what + " escape");
            }
            v = v * 16 + d;
        }
        if (v > 0x10FFFF) {
            throw new EscapeError("(unicode error) 'unicodeescape' codec can't decode bytes in position " + escStart
                    + "-" + (i + digits - 1) + ": illegal Unicode character");
        }
        sb.appendCodePoint(v);
        return i + digits;
    }
}
