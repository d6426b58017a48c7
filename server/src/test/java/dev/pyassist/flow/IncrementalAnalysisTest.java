package dev.pyassist.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.python.CPythonSuiteTest;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The flow layer reusing unchanged functions from its cache finds exactly what a full analysis finds: on edits that
 * change what other functions depend on (a signature, a module name, a nonlocal, a line count), and on random
 * single-line edits of standard-library files, each version analysed after the one before as an editor sends them.
 */
class IncrementalAnalysisTest {
    private static List<Finding> incremental(String text, UnitCache cache) {
        return FlowLayer.findings(text, parse(text), EnumSet.allOf(FlowRule.class), cache);
    }

    private static List<Finding> full(String text) {
        return FlowLayer.findings(text, parse(text), EnumSet.allOf(FlowRule.class), null);
    }

    private static ParseResult parse(String text) {
        return PythonParser.parse(text);
    }

    /** Analyses each version after the one before with one cache; each must equal its full analysis. */
    private static void sameAsFull(String... versions) {
        UnitCache cache = new UnitCache(1_000_000);
        for (String v : versions) {
            assertEquals(full(v), incremental(v, cache), v);
        }
    }

    @Test
    void aCalleesNewSignatureRechecksItsCallers() {
        String caller = "def f():\n    return g(1, 2)\n\n";
        sameAsFull(caller + "def g(a, b):\n    return a\n", caller + "def g(a):\n    return a\n",
                caller + "def g(a, b, c):\n    return a\n", caller + "def g(a, b):\n    return a\n");
        UnitCache cache = new UnitCache(1_000_000);
        incremental(caller + "def g(a, b):\n    return a\n", cache);
        assertEquals(1, incremental(caller + "def g(a):\n    return a\n", cache).size(), "the caller's finding");
    }

    @Test
    void aModuleNameAClassBodyReadsRechecksTheClass() {
        String cls = "class C:\n    if c:\n        x = 1\n    y = x\n";
        sameAsFull(cls, "x = 0\n" + cls, cls);
        UnitCache cache = new UnitCache(1_000_000);
        assertEquals(1, incremental(cls, cache).size(), "x is possibly unbound in the class body");
        assertEquals(List.of(), incremental("x = 0\n" + cls, cache), "the read finds the module's x");
    }

    @Test
    void aNonlocalDeclaredInAnotherFunctionRechecksTheFunctionsThatAsked() {
        String h = "def h(c):\n    if c:\n        z = 2\n    print(z)\n";
        String g = "def f():\n    z = 1\n    def g():\n        %s\n        z = 2\n    return g\n\n";
        sameAsFull(String.format(g, "pass") + h, String.format(g, "nonlocal z") + h, String.format(g, "pass") + h);
        UnitCache cache = new UnitCache(1_000_000);
        assertEquals(1, incremental(String.format(g, "pass") + h, cache).size());
        assertEquals(List.of(), incremental(String.format(g, "nonlocal z") + h, cache));
    }

    @Test
    void aFunctionThatNowNeverReturnsMakesItsCallersTailUnreachable() {
        String caller = "def f():\n    stop()\n    return 1\n\n";
        sameAsFull(caller + "def stop():\n    return 0\n", caller + "def stop():\n    raise SystemExit\n",
                "exit = print\n" + caller + "def stop():\n    exit()\n");
    }

    @Test
    void linesInAReusedFunctionsMessageFollowTheEditsAbove() {
        String f = "def f(c):\n    if c:\n        x = 1\n    return x\n";
        UnitCache cache = new UnitCache(1_000_000);
        incremental("import os\n" + f, cache);
        List<Finding> after = incremental("import os\n\n\n" + f, cache);
        assertEquals(full("import os\n\n\n" + f), after);
        assertEquals("the `if` condition on line 5 is false", after.get(0).data().get("path"));
    }

    @Test
    void anEvictedOrTinyCacheChangesNothing() {
        String a = "def f(c):\n    if c:\n        x = 1\n    return x\n";
        String b = "def g():\n    return f(1, 2)\n";
        UnitCache tiny = new UnitCache(10);
        for (String v : List.of(a + b, b + a, a + b + "x = 1\n")) {
            assertEquals(full(v), incremental(v, tiny));
        }
    }

    // ---------------------------------------------------------------- random single-line edits of real files

    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");
    private static final List<String> STATEMENTS = List.of("del %s", "%s = 0", "return", "global %s",
            "nonlocal %s", "raise", "break", "%s(1, 2)", "%s(a=1)", "pass", "if %s:", "    %s = 1", "else:");

    @Test
    void randomSingleLineEditsOfStandardLibraryFilesGiveTheFullAnalysisFindings() throws IOException {
        Optional<Path> python = CPythonSuiteTest.interpreter("3.12");
        assumeTrue(python.isPresent(), "no CPython 3.12 under pyenv");
        Path lib = python.get().getParent().getParent().resolve("lib/python3.12");
        List<Path> files;
        try (Stream<Path> s = Files.list(lib)) {
            files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".py")).sorted().toList());
        }
        long seed = Long.getLong("pyassist.flowSeed", 17L);
        Random random = new Random(seed);
        Collections.shuffle(files, random);
        int checked = 0;
        for (Path file : files.subList(0, Math.min(10, files.size()))) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!parse(text).errors().isEmpty() || text.length() > 200_000) {
                continue;
            }
            UnitCache cache = new UnitCache(random.nextBoolean() ? 4_000_000 : 20_000);
            incremental(text, cache);
            for (int edit = 0; edit < 20; edit++) {
                String next = edit(text, random);
                ParseResult parsed = parse(next);
                if (!parsed.errors().isEmpty()) {
                    continue;
                }
                text = next;
                var rules = EnumSet.allOf(FlowRule.class);
                assertEquals(FlowLayer.findings(text, parsed, rules, null), FlowLayer.findings(text, parsed, rules,
                        cache), file + ", edit " + edit + ", seed " + seed);
                checked++;
            }
        }
        assertTrue(checked > 60, "too few edits parsed: " + checked);
    }

    private static void assertTrue(boolean ok, String message) {
        org.junit.jupiter.api.Assertions.assertTrue(ok, message);
    }

    /** One edit of one line: deleted, doubled, a name swapped for another of the file's, or a statement added. */
    private static String edit(String text, Random random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        if (random.nextInt(4) == 0) { // a parameter more for some function: its callers elsewhere change
            List<Integer> defs = new ArrayList<>();
            for (int k = 0; k < lines.size(); k++) {
                if (lines.get(k).stripLeading().startsWith("def ") && lines.get(k).contains("(")) {
                    defs.add(k);
                }
            }
            if (!defs.isEmpty()) {
                int k = defs.get(random.nextInt(defs.size()));
                lines.set(k, lines.get(k).replaceFirst("\\(", "(" + someName(text, random) + "_p, "));
                return String.join("\n", lines);
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, line);
            case 2 -> {
                List<int[]> names = spans(line);
                if (!names.isEmpty()) {
                    int[] at = names.get(random.nextInt(names.size()));
                    lines.set(i, line.substring(0, at[0]) + someName(text, random) + line.substring(at[1]));
                }
            }
            default -> lines.add(i + 1, indent + String.format(STATEMENTS.get(random.nextInt(STATEMENTS.size())),
                    someName(text, random)));
        }
        return String.join("\n", lines);
    }

    private static List<int[]> spans(String line) {
        List<int[]> out = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(line);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private static String someName(String text, Random random) {
        Matcher m = IDENTIFIER.matcher(text);
        int from = random.nextInt(Math.max(1, text.length() - 200));
        return m.find(from) ? m.group() : "x";
    }
}
