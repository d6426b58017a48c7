package dev.pyassist.flow;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.python.ParseResult;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a hover over a name the flow layer flags as (possibly) unbound says: why, with the path that leaves it
 * unbound ("`x` is unbound when the `else` branch on line 12 is taken").
 */
public final class FlowHover {
    private FlowHover() {
    }

    /** The hover's Markdown and the flagged name's range. */
    public record Text(String markdown, int start, int end) {
    }

    /** The hover at {@code offset} (a cursor on or just after a flagged name), if any. */
    public static Optional<Text> at(String text, ParseResult parse, int offset, Set<FlowRule> rules) {
        for (Finding f : FlowLayer.findings(text, parse, rules)) {
            FlowRule rule = FlowRule.byCode(f.code());
            boolean assignment = rule == FlowRule.USED_BEFORE_ASSIGNMENT
                    || rule == FlowRule.POSSIBLY_USED_BEFORE_ASSIGNMENT;
            if (assignment && offset >= f.start() && offset <= f.end()) {
                return Optional.of(new Text(markdown(rule, f.data()), f.start(), f.end()));
            }
        }
        return Optional.empty();
    }

    static String markdown(FlowRule rule, Map<String, Object> data) {
        String name = "`" + data.get("name") + "`";
        Object path = data.get("path");
        String why;
        if (rule == FlowRule.POSSIBLY_USED_BEFORE_ASSIGNMENT) {
            why = path != null ? name + " is unbound when " + path + "."
                    : name + " is unbound on some path to this line.";
        } else {
            why = path != null ? name + " is unbound on every path to this line: " + path + "."
                    : name + " is unbound on every path to this line: no statement before it assigns it.";
        }
        return "**" + rule.code() + "** (pylint's " + rule.symbol() + ")\n\n" + why + "\n\n"
                + "`# pyassist: ignore` on the line silences it; setting `flow." + camel(rule.symbol())
                + "` turns the rule off.";
    }

    private static String camel(String symbol) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : symbol.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
