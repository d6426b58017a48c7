package dev.pyassist.flow;

import java.util.Map;

/**
 * One finding of the flow and calls layer, before settings and suppression comments apply.
 *
 * @param start UTF-16 offset of the range (inclusive)
 * @param end UTF-16 offset (exclusive)
 * @param data facts for hover and quick fixes (the name, the unbound path, the edit); empty when none
 */
public record FlowIssue(FlowRule rule, String message, int start, int end, Map<String, Object> data) {
    public FlowIssue {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
