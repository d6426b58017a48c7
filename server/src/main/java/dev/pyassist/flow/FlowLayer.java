package dev.pyassist.flow;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Analyzer;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.names.Suppressions;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.ast.Module;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The exact flow and calls layer: definite assignment, same-module call signatures and the small control-flow
 * rules, from the shared parse. Like the names layer it runs only on a text that parses. A keystroke re-analyses
 * the module's own code and the top-level function or class it is in; the others come from {@link UnitCache}
 * ({@link FlowAnalysis}).
 */
public final class FlowLayer implements Analyzer {
    private static final Logger LOG = Logger.getLogger(FlowLayer.class.getName());

    @Override
    public List<Finding> analyze(ParsedText text) {
        return findings(text.text(), text.parse(), FlowRule.defaults());
    }

    @Override
    public List<Finding> analyze(ParsedText text, Settings settings) {
        return findings(text.text(), text.parse(), enabledRules(settings));
    }

    @Override
    public boolean enabled(Settings settings) {
        return settings.flow().enabled();
    }

    /** The rules the settings switch on (none when the layer is off). */
    public static Set<FlowRule> enabledRules(Settings settings) {
        Set<FlowRule> rules = EnumSet.noneOf(FlowRule.class);
        if (!settings.flow().enabled()) {
            return rules;
        }
        for (FlowRule r : FlowRule.values()) {
            if (r.on(settings.flow())) {
                rules.add(r);
            }
        }
        return rules;
    }

    /** Findings of the enabled rules, minus those on lines with {@code # noqa} or {@code # pyassist: ignore}. */
    public static List<Finding> findings(String text, ParseResult parse, Set<FlowRule> rules) {
        return findings(text, parse, rules, UnitCache.SHARED);
    }

    /** As {@link #findings(String, ParseResult, Set)}, reusing units from {@code cache} (null: analyse all). */
    static List<Finding> findings(String text, ParseResult parse, Set<FlowRule> rules, UnitCache cache) {
        if (parse == null || parse.module() == null || rules.isEmpty()) {
            return List.of();
        }
        List<FlowIssue> issues = issues(text, parse.module(), cache,
                rules.contains(FlowRule.POSSIBLY_UNBOUND_GLOBAL));
        Suppressions suppressions = new Suppressions(parse.comments());
        LineMap lines = suppressions.isEmpty() ? null : new LineMap(text);
        List<Finding> out = new ArrayList<>(issues.size());
        for (FlowIssue issue : issues) {
            if (!rules.contains(issue.rule())) {
                continue;
            }
            if (lines != null && suppressions.silences(lines.lineOf(issue.start()) + 1)) {
                continue;
            }
            out.add(new Finding(issue.rule().code(), issue.rule().severity(), issue.message(), issue.start(),
                    issue.end(), issue.data()));
        }
        return out;
    }

    /** One order for issues however they were found (unit by unit, from the cache or not). */
    private static final Comparator<FlowIssue> ORDER = Comparator.comparingInt(FlowIssue::start)
            .thenComparingInt(FlowIssue::end).thenComparing(FlowIssue::rule).thenComparing(FlowIssue::message);

    /**
     * Every issue, in source order (settings and suppressions not applied); {@code cache} may be null. The opt-in
     * {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL} is looked for only when {@code unboundGlobals}.
     */
    static List<FlowIssue> issues(String text, Module module, UnitCache cache, boolean unboundGlobals) {
        List<FlowIssue> issues;
        try {
            issues = FlowAnalysis.issues(text, module, cache, unboundGlobals);
        } catch (RuntimeException | StackOverflowError e) {
            // a defect here must not take the other layers' findings with it
            LOG.log(Level.WARNING, "flow analysis failed; this text gets no flow findings", e);
            return List.of();
        }
        issues.sort(ORDER);
        LineCounter lines = new LineCounter(text);
        issues.replaceAll(f -> f.withLines(lines));
        return issues;
    }

    /**
     * 1-based lines of offsets, counted forward from the last one asked (the few findings that name a line are
     * asked in about source order): no line table of the whole text is built for them.
     */
    private static final class LineCounter implements java.util.function.IntUnaryOperator {
        private final String text;
        private int at;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        @Override
        public int applyAsInt(int offset) {
            if (offset < at) {
                at = 0;
                line = 1;
            }
            for (int i = text.indexOf('\n', at); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
                line++;
                at = i + 1;
            }
            return line;
        }
    }
}
