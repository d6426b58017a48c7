package dev.pyassist.python;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes Python source bytes like CPython: UTF-8 BOM, PEP 263 coding cookie, UTF-8 default. Never throws. */
public final class SourceDecoder {
    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    private SourceDecoder() {
    }

    public static DecodedSource decode(byte[] bytes) {
        int off = 0;
        boolean bom = false;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            off = 3;
            bom = true;
        }
        String declared = cookie(bytes, off);
        Charset cs = StandardCharsets.UTF_8;
        if (declared != null) {
            String norm = normalize(declared);
            String low = declared.toLowerCase(Locale.ROOT).replace('_', '-');
            if (bom && !(low.equals("utf-8") || low.startsWith("utf-8-"))) {
                String text = lossy(bytes, off, StandardCharsets.UTF_8);
                return new DecodedSource(text, Optional.of(new SyntaxDiagnostic(SyntaxErrorKind.INVALID_ENCODING,
                        "encoding problem: " + declared + " with BOM", 0, 0)));
            }
            try {
                cs = Charset.forName(norm);
            } catch (RuntimeException e) {
                String text = lossy(bytes, off, StandardCharsets.ISO_8859_1);
                int lineEnd = text.indexOf('\n');
                return new DecodedSource(text, Optional.of(new SyntaxDiagnostic(SyntaxErrorKind.INVALID_ENCODING,
                        "unknown encoding: " + declared, 0, lineEnd < 0 ? text.length() : lineEnd)));
            }
        }
        if (isAscii(bytes, off) && (cs == StandardCharsets.UTF_8 || isAsciiCompatible(cs))) {
            // most sources are ASCII: one copy into a compact string, no decoder and no CharBuffer
            return new DecodedSource(new String(bytes, off, bytes.length - off, StandardCharsets.ISO_8859_1),
                    Optional.empty());
        }
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            // a NUL is the parser's to report (PythonParser.parse), for the editor's text and check's bytes alike
            String text = dec.decode(ByteBuffer.wrap(bytes, off, bytes.length - off)).toString();
            return new DecodedSource(text, Optional.empty());
        } catch (CharacterCodingException e) {
            // find the first bad byte: decode growing prefixes is quadratic; scan with a fresh decoder instead
            CharsetDecoder d2 = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes, off, bytes.length - off);
            CharBuffer out = CharBuffer.allocate(bytes.length + 16);
            d2.decode(in, out, true);
            int badByte = in.position();
            String prefix = out.flip().toString();
            String text = prefix + lossy(bytes, badByte, cs);
            int line = 1;
            for (int i = 0; i < prefix.length(); i++) if (prefix.charAt(i) == '\n') line++;
            String msg;
            int b = bytes[badByte] & 0xFF;
            if (declared == null) {
                msg = String.format("Non-UTF-8 code starting with '\\x%02x' in file <unknown> on line %d, but no "
                        + "encoding declared; see https://peps.python.org/pep-0263/ for details", b, line);
            } else {
                msg = String.format("(unicode error) '%s' codec can't decode byte 0x%02x in position %d",
                        declared.toLowerCase(Locale.ROOT), b, badByte - off);
            }
            int at = prefix.length();
            return new DecodedSource(text, Optional.of(new SyntaxDiagnostic(SyntaxErrorKind.INVALID_ENCODING, msg, at,
                    Math.min(at + 1, text.length()))));
        }
    }

    private static boolean isAscii(byte[] bytes, int off) {
        for (int i = off; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Charsets that decode every byte below 0x80 as that ASCII character (not UTF-16, UTF-32, UTF-7, EBCDIC). */
    private static boolean isAsciiCompatible(Charset cs) {
        String name = cs.name();
        return name.equals("ISO-8859-1") || name.equals("US-ASCII") || name.startsWith("ISO-8859-")
                || name.startsWith("windows-125");
    }

    private static String lossy(byte[] bytes, int off, Charset cs) {
        return new String(bytes, off, bytes.length - off, cs);
    }

    private static String cookie(byte[] bytes, int off) {
        int lineStart = off;
        for (int lineNo = 0; lineNo < 2 && lineStart < bytes.length; lineNo++) {
            int e = lineStart;
            while (e < bytes.length && bytes[e] != '\n' && bytes[e] != '\r') e++;
            String line = new String(bytes, lineStart, e - lineStart, StandardCharsets.ISO_8859_1);
            Matcher m = COOKIE.matcher(line);
            if (m.find()) return m.group(1);
            // the cookie may be on line 2 only if line 1 is blank or a comment
            String t = line.strip();
            if (!(t.isEmpty() || t.startsWith("#"))) return null;
            lineStart = e;
            if (lineStart < bytes.length && bytes[lineStart] == '\r') lineStart++;
            if (lineStart < bytes.length && bytes[lineStart] == '\n') lineStart++;
        }
        return null;
    }

    private static String normalize(String enc) {
        String e = enc.toLowerCase(Locale.ROOT).replace('_', '-');
        if (e.equals("utf-8") || e.startsWith("utf-8-") || e.equals("utf8")) return "utf-8";
        if (e.equals("latin-1") || e.equals("iso-8859-1") || e.equals("iso-latin-1") || e.startsWith("latin-1-")
                || e.startsWith("iso-8859-1-") || e.startsWith("iso-latin-1-") || e.equals("latin1")) {
            return "ISO-8859-1";
        }
        if (e.equals("ascii") || e.equals("us-ascii")) return "US-ASCII";
        return e;
    }
}
