package dev.pyassist.names;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Analyzer;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.python.ParseResult;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact names layer: undefined names, unused imports and variables, redefinitions and star imports, from
 * the shared parse. Runs only on a text that parses (with a syntax error there is no tree to analyse).
 */
public final class NamesLayer implements Analyzer {
    /** Files remembered by path: re-analysis of an unchanged text (save, settings change) reuses the issues. */
    private static final int CACHED_FILES = 16;
    private static final int CACHED_MAX_CHARS = 1_000_000;

    private record Cached(String text, boolean packageInit, List<NameIssue> issues) {
    }

    private final Map<String, Cached> cache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    return size() > CACHED_FILES;
                }
            });

    @Override
    public List<Finding> analyze(ParsedText text) {
        return analyze(text, EnumSet.allOf(NamesRule.class));
    }

    @Override
    public List<Finding> analyze(ParsedText text, Settings settings) {
        return analyze(text, enabledRules(settings));
    }

    private List<Finding> analyze(ParsedText text, Set<NamesRule> rules) {
        ParseResult parse = text.parse();
        if (parse == null || parse.module() == null || rules.isEmpty()) {
            return List.of();
        }
        boolean init = text.isPackageInit();
        List<NameIssue> issues = null;
        if (text.path() != null) {
            Cached hit = cache.get(text.path());
            if (hit != null && hit.packageInit == init && hit.text.equals(text.text())) {
                issues = hit.issues;
            }
        }
        if (issues == null) {
            issues = List.copyOf(ScopeAnalyzer.analyze(text.text(), parse.module(), init, true, parse.comments()));
            if (text.path() != null && text.text().length() <= CACHED_MAX_CHARS) {
                cache.put(text.path(), new Cached(text.text(), init, issues));
            }
        }
        return select(text.text(), parse, issues, rules);
    }

    /** Whether this layer holds results for {@code path} (for tests). */
    boolean cached(String path) {
        return cache.containsKey(path);
    }

    @Override
    public boolean enabled(Settings settings) {
        return settings.names().enabled();
    }

    /** The rules the settings switch on. */
    public static Set<NamesRule> enabledRules(Settings settings) {
        Set<NamesRule> rules = EnumSet.noneOf(NamesRule.class);
        Settings.NamesSettings names = settings.names();
        if (names.undefinedName()) {
            rules.add(NamesRule.UNDEFINED_NAME);
        }
        if (names.unusedImport()) {
            rules.add(NamesRule.UNUSED_IMPORT);
        }
        if (names.unusedVariable()) {
            rules.add(NamesRule.UNUSED_VARIABLE);
        }
        if (names.redefinedUnused()) {
            rules.add(NamesRule.REDEFINED_UNUSED);
        }
        if (names.importStar()) {
            rules.add(NamesRule.IMPORT_STAR);
        }
        return rules;
    }

    /**
     * Findings for one parsed text: the issues of the enabled rules, minus those on lines with a suppression
     * comment. Empty when the text did not parse.
     *
     * @param packageInit whether the text is a package's {@code __init__.py}: its module-level imports are
     *     re-exports (not reported unused), {@code __path__} is defined and {@code __all__} is not checked
     */
    public static List<Finding> findings(String text, ParseResult parse, Set<NamesRule> rules, boolean packageInit) {
        if (parse == null || parse.module() == null || rules.isEmpty()) {
            return List.of();
        }
        return select(text, parse, ScopeAnalyzer.analyze(text, parse.module(), packageInit, true, parse.comments()),
                rules);
    }

    private static List<Finding> select(String text, ParseResult parse, List<NameIssue> issues, Set<NamesRule> rules) {
        Suppressions suppressions = new Suppressions(parse.comments());
        LineMap lines = suppressions.isEmpty() ? null : new LineMap(text);
        List<Finding> out = new ArrayList<>(issues.size());
        for (NameIssue issue : issues) {
            if (!rules.contains(issue.rule())) {
                continue;
            }
            if (lines != null && suppressions.silences(lines.lineOf(issue.start()) + 1)) {
                continue;
            }
            out.add(toFinding(issue));
        }
        return out;
    }

    static Finding toFinding(NameIssue issue) {
        NamesRule rule = issue.rule();
        Map<String, Object> data = new HashMap<>();
        data.put("name", issue.name());
        if (issue.suggestion() != null) {
            data.put("suggestion", issue.suggestion());
        }
        String message = issue.suggestion() == null ? issue.message()
                : issue.message() + " (did you mean '" + issue.suggestion() + "'?)";
        return new Finding(rule.code(), rule.severity(), message, issue.start(), issue.end(), data);
    }
}
