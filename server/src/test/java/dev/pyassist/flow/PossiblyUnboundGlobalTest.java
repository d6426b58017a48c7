package dev.pyassist.flow;

import static dev.pyassist.flow.FlowTesting.findings;
import static dev.pyassist.flow.FlowTesting.withOptIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyassist.config.Settings;
import dev.pyassist.config.SettingsMerger;
import dev.pyassist.diagnostics.ParsedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in {@code flow.possiblyUnboundGlobals}: a function's read of a module-level name that the module binds only
 * on some paths, as pylint reports it (E0606); off by default. The finding and the silence.
 */
class PossiblyUnboundGlobalTest {
    private static final String P = "flow.possibly-used-before-assignment ";

    private static final String[] OPTIONAL_IMPORT = {
        "matchpy = None",
        "if matchpy:",
        "    from matchpy import Wildcard",
        "def rule():",
        "    return Wildcard()"};

    @Test
    void aFunctionReadingANameTheModuleBindsUnderAnIfIsReportedWhenOptedIn() {
        assertEquals(List.of(P + "5:Wildcard"), withOptIn(OPTIONAL_IMPORT));
        var f = FlowLayer.findings(String.join("\n", OPTIONAL_IMPORT) + "\n",
                ParsedText.parse(String.join("\n", OPTIONAL_IMPORT) + "\n").parse(), EnumSet.allOf(FlowRule.class));
        assertEquals("Possibly using variable 'Wildcard' before assignment: the module leaves it unbound when the"
                + " `if` condition on line 2 is false", f.get(0).message());
        assertEquals("possiblyUnboundGlobals", f.get(0).data().get("optIn"));
    }

    @Test
    void onlyTheFirstReadInTheModuleIsReported() {
        assertEquals(List.of(P + "4:np"), withOptIn(
                "if c:",
                "    import numpy as np",
                "def f():",
                "    return np",
                "def g():",
                "    return np"));
    }

    @Test
    void aNameTheModuleItselfReadsFirstIsLeftToThatReadAndEnclosingParametersAreNotTheModules() {
        // sympy's rubi rules: `if matchpy: ... x_ = [WC(i) for i in ...]`, then functions read WC
        assertEquals(List.of(P + "5:Other"), withOptIn(
                "if c:",
                "    from m import WC, Other",
                "    x_ = [WC(i) for i in 'ab']",
                "def rules():",
                "    return WC('a'), Other"));
        // matplotlib's dviread: a decorator factory's parameter read in its nested function
        assertEquals(List.of(), withOptIn(
                "def _dispatch(table, args=('raw',)):",
                "    def decorate(method):",
                "        return [x for x in args]",
                "    return decorate",
                "if __name__ == '__main__':",
                "    args = 1"));
    }

    @Test
    void aMethodDefinedUnderTheSameTestInItsClassIsQuietOnEitherSide() {
        // subprocess.py: `if _mswindows: import _winapi ... else: import _posixsubprocess`, and in class Popen
        // `if _mswindows: def _execute_child(...): ... _winapi ...` / `else: def ...: ... _posixsubprocess ...`
        assertEquals(List.of(P + "12:_winapi"), withOptIn(
                "if _mswindows:",
                "    import _winapi",
                "else:",
                "    import _posixsubprocess",
                "class Popen:",
                "    if _mswindows:",
                "        def a(self):",
                "            return _winapi",
                "    else:",
                "        def b(self):",
                "            return _posixsubprocess",
                "    def c(self): return _winapi"));
    }

    @Test
    void aDefSeesWhatItsOwnBlockBindsAfterIt() {
        // sympy's testing/pytest.py: `else:` defines `raises`, then the `RaisesContext` class it returns
        assertEquals(List.of(), withOptIn(
                "if USE_PYTEST:",
                "    raises = 1",
                "else:",
                "    def raises(code=None):",
                "        return RaisesContext(code)",
                "    class RaisesContext:",
                "        pass"));
    }

    @Test
    void offByDefault() {
        assertEquals(List.of(), findings(OPTIONAL_IMPORT));
    }

    @Test
    void methodsAndNestedFunctionsTooButNotTheGuardedImportIdiom() {
        assertEquals(List.of(P + "4:np", P + "8:sp"), withOptIn(
                "if c:",
                "    import numpy as np",
                "    import scipy as sp",
                "def f(): return np.zeros(3)",
                "class C:",
                "    def m(self):",
                "        def inner():",
                "            return sp",
                "        return inner"));
        assertEquals(List.of(), withOptIn(
                "try:",
                "    import numpy as np",
                "except ImportError:",
                "    pass",
                "def f(): return np.zeros(3)"));
    }

    @Test
    void namesBoundOnEveryPathLocalsAndEnclosingFunctionsAreQuiet() {
        assertEquals(List.of(), withOptIn(
                "try:",
                "    import numpy as np",
                "except ImportError:",
                "    np = None",
                "import sys",
                "if sys.platform == 'win32':",
                "    sep = '\\\\'",
                "def f(sep):",
                "    return np, sep",
                "def g():",
                "    sep = '/'",
                "    def h():",
                "        return sep",
                "    return h"));
    }

    @Test
    void aFunctionDefinedUnderTheSameTestOrReadingUnderItIsQuiet() {
        assertEquals(List.of(), withOptIn(
                "import os",
                "if os.name == 'nt':",
                "    import winreg",
                "    def key():",
                "        return winreg.HKEY_CURRENT_USER",
                "def other():",
                "    if os.name == 'nt':",
                "        return winreg",
                "    try:",
                "        return winreg",
                "    except NameError:",
                "        return None"));
    }

    @Test
    void aNameTheModuleBindsLaterOrAModuleThatNeverEndsIsQuiet() {
        assertEquals(List.of(), withOptIn(
                "def f():",
                "    return later",
                "later = 1"));
        assertEquals(List.of(), withOptIn(
                "import sys",
                "if sys.argv:",
                "    x = 1",
                "def f():",
                "    return x",
                "raise SystemExit(f())"));
    }

    @Test
    void aKeystrokeInAnotherFunctionKeepsTheFindingAndAnEditOfTheBindingUpdatesIt() {
        UnitCache cache = new UnitCache(1 << 20);
        String a = "if c:\n    import m\ndef f():\n    return m\ndef g():\n    return 1\n";
        String b = a.replace("return 1", "return 12");
        String c = "import m\n" + a.substring(a.indexOf("def f"));
        for (String t : List.of(a, b, c, a)) {
            var parse = ParsedText.parse(t).parse();
            assertEquals(FlowLayer.findings(t, parse, EnumSet.allOf(FlowRule.class), null),
                    FlowLayer.findings(t, parse, EnumSet.allOf(FlowRule.class), cache), t);
        }
        assertEquals(List.of(), withOptIn(c.split("\n")));
    }

    @Test
    void oneCacheServesTheRuleOnAndOffEachWithItsOwnFindings() {
        UnitCache cache = new UnitCache(1 << 20);
        String t = String.join("\n", OPTIONAL_IMPORT) + "\n";
        var parse = ParsedText.parse(t).parse();
        for (int round = 0; round < 2; round++) {
            assertEquals(List.of(), FlowLayer.findings(t, parse, FlowRule.defaults(), cache), "off");
            assertEquals(1, FlowLayer.findings(t, parse, EnumSet.allOf(FlowRule.class), cache).size(), "on");
        }
    }

    @Test
    void withTheRuleOffALineShiftAboveAFunctionReusesItsResult() {
        // the module's unbound names name their lines: a unit that asked for them is re-analysed on a line shift,
        // so it asks only when the rule is on
        String unit = "def f():\n    return m";
        String a = "if c:\n    import m\n" + unit + "\n";
        String b = "\n" + a;
        for (boolean on : new boolean[] {false, true}) {
            UnitCache cache = new UnitCache(1 << 20);
            var rules = on ? EnumSet.allOf(FlowRule.class) : FlowRule.defaults();
            FlowLayer.findings(a, ParsedText.parse(a).parse(), rules, cache);
            UnitCache.Entry before = cache.get(unit);
            assertEquals(on ? 1 : 0, FlowLayer.findings(b, ParsedText.parse(b).parse(), rules, cache).size());
            assertEquals(!on, before == cache.get(unit), on ? "re-analysed: the line moved" : "reused");
        }
    }

    @Test
    void theSettingAndPyprojectTurnItOn(@TempDir Path dir) throws Exception {
        assertEquals(false, Settings.defaults().flow().possiblyUnboundGlobals());
        assertEquals(false, FlowLayer.enabledRules(Settings.defaults()).contains(FlowRule.POSSIBLY_UNBOUND_GLOBAL));
        Files.writeString(dir.resolve("pyproject.toml"), "[tool.pyassist.flow]\npossiblyUnboundGlobals = true\n");
        Settings s = SettingsMerger.merge(null, dev.pyassist.config.PyprojectSettings.read(dir));
        assertEquals(true, FlowLayer.enabledRules(s).contains(FlowRule.POSSIBLY_UNBOUND_GLOBAL));
        String src = String.join("\n", OPTIONAL_IMPORT) + "\n";
        assertEquals(1, new FlowLayer().analyze(ParsedText.parse(src), s).size());
        assertEquals(0, new FlowLayer().analyze(ParsedText.parse(src), Settings.defaults()).size());
    }
}
