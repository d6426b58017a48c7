package dev.pyassist.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * One finding of the flow and calls layer, before settings and suppression comments apply.
 *
 * @param start UTF-16 offset of the range (inclusive)
 * @param end UTF-16 offset (exclusive)
 * @param data facts for hover and quick fixes (the name, the unbound path, the edit); empty when none
 */
public record FlowIssue(FlowRule rule, String message, int start, int end, Map<String, Object> data) {
    /**
     * The data key of the offset that {@code {line}} in the message and the path stands for, while the issue is
     * relative to its unit (see {@link #withLines}): lines are counted only once the issue has its final place.
     */
    static final String LINE_AT = "lineAt";
    /** The data keys that hold offsets into the text, moved with the issue. */
    private static final List<String> OFFSETS = List.of("removeStart", "removeEnd", "argsStart", "argsEnd", LINE_AT);

    public FlowIssue {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** This issue {@code delta} characters further on (a cached unit's issues, placed where the unit is now). */
    FlowIssue shifted(int delta) {
        if (delta == 0) {
            return this;
        }
        Map<String, Object> moved = data;
        for (String key : OFFSETS) {
            if (data.get(key) instanceof Integer at) {
                if (moved == data) {
                    moved = new HashMap<>(data);
                }
                moved.put(key, at + delta);
            }
        }
        return new FlowIssue(rule, message, start + delta, end + delta, moved);
    }

    /** This issue with {@code {line}} replaced by the 1-based line of its {@link #LINE_AT} offset. */
    FlowIssue withLines(IntUnaryOperator lineOf) {
        if (!(data.get(LINE_AT) instanceof Integer at)) {
            return this;
        }
        String line = Integer.toString(lineOf.applyAsInt(at));
        Map<String, Object> out = new HashMap<>(data);
        out.remove(LINE_AT);
        if (out.get("path") instanceof String path) {
            out.put("path", path.replace("{line}", line));
        }
        return new FlowIssue(rule, message.replace("{line}", line), start, end, out);
    }
}
