package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Grammar newer than the target version gets CPython's error naming the version (the messages and positions of
 * CPython 3.13's {@code ast.parse(src, feature_version=(3, minor))}), and wording follows the target's CPython.
 */
class TargetVersionTest {
    static String error(String src, PythonVersion v) {
        ParseResult r = PythonParser.parse(src, v);
        if (r.ok()) return null;
        SyntaxDiagnostic d = r.errors().get(0);
        int line = CPythonAgreementTest.line(src, d.start());
        int ls = d.start();
        while (ls > 0 && src.charAt(ls - 1) != '\n') ls--;
        return line + ":" + (d.start() - ls + 1) + " " + d.message();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "py39 | match x:\\n    case 1: pass\\n | 2:17 Pattern matching is only supported in Python 3.10 and greater",
        "py311 | type X = int\\n | 1:13 Type statement is only supported in Python 3.12 and greater",
        "py311 | def f[T](): pass\\n | 1:8 Type parameter lists are only supported in Python 3.12 and greater",
        "py38 | class C[T]: pass\\n | 1:10 Type parameter lists are only supported in Python 3.12 and greater",
        "py312 | def f[T=int](): pass\\n | 1:12 Type parameter defaults are only supported in Python 3.13 and greater",
        "py310 | try: pass\\nexcept* E: pass\\n | 2:16 Exception groups are only supported in Python 3.11 and greater",
        "py311 | def f(a=1, b): pass\\n | 1:12 non-default argument follows default argument",
        "py312 | def f(a=1, b): pass\\n | 1:12 parameter without a default follows parameter with a default",
        "py312 | yield from x\\n | 1:1 'yield' outside function",
        "py313 | yield from x\\n | 1:1 'yield from' outside function",
    })
    void versionErrors(String target, String src, String want) {
        assertEquals(want, error(src.replace("\\n", "\n"), PythonVersion.parse(target)));
    }

    @Test
    void newerGrammarParsesOnItsVersion() {
        assertNull(error("match x:\n    case 1: pass\n", PythonVersion.PY310));
        assertNull(error("type X = int\ndef f[T](): pass\n", PythonVersion.PY312));
        assertNull(error("def f[T=int, *Ts=*tuple[int], **P=[int]](): pass\n", PythonVersion.PY313));
        assertNull(error("try: pass\nexcept* E: pass\n", PythonVersion.PY311));
    }

    @Test
    void versionsFromSettingsAndRequiresPython() {
        assertEquals(PythonVersion.PY310, PythonVersion.parse("py310"));
        assertEquals(PythonVersion.PY312, PythonVersion.parse("3.12"));
        assertEquals(PythonVersion.PY312, PythonVersion.parse("3.12.1"));
        assertNull(PythonVersion.parse("py27"));
        assertEquals(PythonVersion.PY39, PythonVersion.fromRequiresPython(">=3.9, <4"));
        assertEquals(PythonVersion.PY38, PythonVersion.fromRequiresPython(">=3.6"));
        assertEquals(PythonVersion.PY311, PythonVersion.fromRequiresPython("~=3.11"));
        assertEquals(PythonVersion.PY313, PythonVersion.fromRequiresPython(">=3.14"));
        assertNull(PythonVersion.fromRequiresPython("<4"));
        assertTrue(PythonVersion.DEFAULT.atLeast(13));
    }
}
