package dev.pyassist.flow;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.names.NamesFixes.TextEdit;
import dev.pyassist.python.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The flow layer's obvious repairs: delete unreachable code, put out-of-order arguments back in order. */
public final class FlowFixes {
    private FlowFixes() {
    }

    /** One quick fix: its title, the finding it repairs (by rule and range) and the edits. */
    public record Fix(String title, FlowRule rule, int findingStart, int findingEnd, List<TextEdit> edits) {
    }

    /** Fixes for the findings of {@code rules} that overlap [start, end] (offsets in {@code text}). */
    public static List<Fix> fixes(String text, ParseResult parse, int start, int end, Set<FlowRule> rules) {
        List<Fix> out = new ArrayList<>();
        for (Finding f : FlowLayer.findings(text, parse, rules)) {
            if (f.end() < start || f.start() > end) {
                continue;
            }
            FlowRule rule = FlowRule.byCode(f.code());
            if (rule == FlowRule.UNREACHABLE && f.data().get("removeStart") instanceof Integer from
                    && f.data().get("removeEnd") instanceof Integer to) {
                int lineStart = text.lastIndexOf('\n', from - 1) + 1;
                int lineEnd = text.indexOf('\n', to);
                lineEnd = lineEnd < 0 ? text.length() : lineEnd + 1;
                boolean onlyIndentBefore = text.substring(lineStart, from).isBlank();
                boolean onlySpaceAfter = text.substring(to, lineEnd).isBlank()
                        || text.substring(to, lineEnd).trim().startsWith("#");
                int a = onlyIndentBefore ? lineStart : from;
                int b = onlySpaceAfter ? lineEnd : to;
                out.add(new Fix("Remove unreachable code", rule, f.start(), f.end(), List.of(new TextEdit(a, b, ""))));
            } else if (rule == FlowRule.ARGUMENTS_OUT_OF_ORDER && f.data().get("order") instanceof List<?> order
                    && f.data().get("argsStart") instanceof Integer from
                    && f.data().get("argsEnd") instanceof Integer to) {
                List<String> names = new ArrayList<>();
                order.forEach(o -> names.add(String.valueOf(o)));
                String fixed = String.join(", ", names);
                out.add(new Fix("Put the arguments in the parameters' order: " + fixed, rule, f.start(), f.end(),
                        List.of(new TextEdit(from, to, fixed))));
            }
        }
        return out;
    }
}
