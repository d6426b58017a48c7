package dev.pyassist.python;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python version a file is checked against ({@code target-version}): syntax errors use that version's CPython
 * wording, and grammar the version lacks is an error naming the version, as CPython's parser reports it.
 */
public enum PythonVersion {
    PY38(8), PY39(9), PY310(10), PY311(11), PY312(12), PY313(13);

    /** The default when nothing is configured: the newest supported version. */
    public static final PythonVersion DEFAULT = PY313;

    private static final Pattern LOWER_BOUND = Pattern.compile("(>=|~=|==|>)\\s*3\\.(\\d+)");

    private final int minor;

    PythonVersion(int minor) {
        this.minor = minor;
    }

    public int minor() {
        return minor;
    }

    /** True when this version is {@code 3.minor} or newer. */
    public boolean atLeast(int minor) {
        return this.minor >= minor;
    }

    /** {@code "3.12"}. */
    public String dotted() {
        return "3." + minor;
    }

    /** The setting's spelling, {@code "py312"}. */
    public String settingName() {
        return "py3" + minor;
    }

    /**
     * Reads {@code py312}, {@code 3.12} or {@code 3.12.1}; null when the text names no supported version.
     */
    public static PythonVersion parse(String text) {
        if (text == null) return null;
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = Pattern.compile("py3(\\d{1,2})|3\\.(\\d{1,2})(\\.\\d+)?").matcher(t);
        if (!m.matches()) return null;
        return ofMinor(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
    }

    /** The supported version for {@code 3.minor}, or null. */
    public static PythonVersion ofMinor(int minor) {
        for (PythonVersion v : values()) if (v.minor == minor) return v;
        return null;
    }

    /**
     * The oldest version a {@code requires-python} specifier allows (its lower bound, as ruff derives its target),
     * clamped to the supported range; null when the specifier has no lower bound on 3.x.
     */
    public static PythonVersion fromRequiresPython(String spec) {
        if (spec == null) return null;
        Matcher m = LOWER_BOUND.matcher(spec);
        Integer lowest = null;
        while (m.find()) {
            // '>3.9' still allows 3.9.1, so every bound counts as its own minor version
            int minor = Integer.parseInt(m.group(2));
            lowest = lowest == null ? minor : Math.max(lowest, minor);
        }
        if (lowest == null) return null;
        if (lowest < PY38.minor) return PY38;
        if (lowest > DEFAULT.minor) return DEFAULT;
        return ofMinor(lowest);
    }
}
