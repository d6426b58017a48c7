package dev.pyassist.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per scope rule: what the names layer reports (kind, name, 1-based line) for small programs. */
class ScopeRulesTest {
    static List<String> issues(String src) {
        return issues(src, false);
    }

    static List<String> issues(String src, boolean packageInit) {
        ParseResult parse = PythonParser.parse(src);
        assertTrue(parse.ok(), () -> "does not parse: " + parse.errors());
        LineMap lines = new LineMap(src);
        List<String> out = new ArrayList<>();
        for (NameIssue i : ScopeAnalyzer.analyze(src, parse.module(), packageInit)) {
            out.add(i.kind().pyflakesName() + " " + i.name() + " " + (lines.lineOf(i.start()) + 1));
        }
        out.sort(null);
        return out;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void undefinedNameAndBuiltins() {
        assertEquals(List.of("UndefinedName resutl 2"), issues(lines("result = len([])", "print(resutl)")));
        assertEquals(List.of(), issues(lines("print(__name__, __file__, __doc__, ExceptionGroup)")));
    }

    @Test
    void moduleNamesDefinedLaterAreFineInsideFunctionsButNotAtModuleLevel() {
        assertEquals(List.of(), issues(lines("def f():", "    return later", "later = 1")));
        assertEquals(List.of("UndefinedName later 1"), issues(lines("print(later)", "later = 1")));
    }

    @Test
    void classScopeDoesNotEncloseMethods() {
        assertEquals(List.of("UndefinedName attr 4"),
                issues(lines("class A:", "    attr = 1", "    def m(self):", "        return attr",
                        "    other = attr + 1")));
    }

    @Test
    void comprehensionVariablesStayInTheComprehension() {
        assertEquals(List.of("UndefinedName y 2"), issues(lines("squares = [y * y for y in range(3)]", "print(y)")));
        // pyflakes lets a comprehension in a class body see the class's names
        assertEquals(List.of(), issues(lines("class A:", "    base = 2", "    table = [base * i for i in range(3)]")));
    }

    @Test
    void nonlocalAndGlobal() {
        assertEquals(List.of(), issues(lines(
                "def outer():", "    x = 1", "    def inner():", "        nonlocal x", "        x = 2",
                "    inner()", "    return x")));
        assertEquals(List.of(), issues(lines(
                "def setup():", "    global CONFIG", "    CONFIG = {}", "def use():", "    return CONFIG")));
    }

    @Test
    void delThenUse() {
        assertEquals(List.of("UndefinedName x 3"), issues(lines("x = 1", "del x", "print(x)")));
        // a conditional del may not run
        assertEquals(List.of(), issues(lines("x = 1", "if x:", "    del x", "print(x)")));
        assertEquals(List.of("UndefinedName never 1"), issues(lines("del never")));
    }

    @Test
    void exceptNamesAreUnboundAfterTheHandler() {
        assertEquals(List.of("UndefinedName err 5"), issues(lines(
                "try:", "    pass", "except ValueError as err:", "    print(err)", "print(err)")));
        assertEquals(List.of("UnusedVariable err 3"), issues(lines(
                "try:", "    pass", "except ValueError as err:", "    pass")));
    }

    @Test
    void nameErrorHandlerProtectsTheTryBody() {
        assertEquals(List.of(), issues(lines(
                "try:", "    unicode", "except NameError:", "    unicode = str")));
    }

    @Test
    void conditionalImportsAreNotRedefinitions() {
        assertEquals(List.of(), issues(lines(
                "try:", "    import json", "except ImportError:", "    json = None", "print(json)")));
        assertEquals(List.of(), issues(lines(
                "import sys", "if sys.platform == 'win32':", "    import ntpath as pathmod", "else:",
                "    import posixpath as pathmod", "print(pathmod)")));
    }

    @Test
    void typeCheckingBlocksAndStringAnnotations() {
        assertEquals(List.of(), issues(lines(
                "from typing import TYPE_CHECKING", "if TYPE_CHECKING:", "    from collections import OrderedDict",
                "def f(x: 'OrderedDict') -> None:", "    pass")));
        assertEquals(List.of("UndefinedName Missing 1"), issues(lines("def f(x: 'list[Missing]'):", "    pass")));
    }

    @Test
    void stringAnnotationRangeIsTheNameInsideTheString() {
        String src = "def f(x: 'list[Missing]'):\n    pass\n";
        var parse = PythonParser.parse(src);
        var issue = ScopeAnalyzer.analyze(src, parse.module(), false).get(0);
        assertEquals("Missing", src.substring(issue.start(), issue.end()));
    }

    @Test
    void dunderAllCountsAsUseAndIsChecked() {
        assertEquals(List.of("UndefinedExport missing 2"),
                issues(lines("import os", "__all__ = ['os', 'missing']")));
        assertEquals(List.of(), issues(lines("import os", "__all__ = ['path']", "__all__ += ['os']", "path = 1")));
    }

    @Test
    void unusedImports() {
        assertEquals(List.of("UnusedImport os 1", "UnusedImport path 2"),
                issues(lines("import os", "from os import path", "import sys", "print(sys)")));
        assertEquals(List.of("UnusedImport json 2"), issues(lines("def f():", "    import json")));
        // a package's __init__.py re-exports what it imports
        assertEquals(List.of(), issues(lines("from .sub import thing"), true));
        // imports in a class body are attributes
        assertEquals(List.of(), issues(lines("class A:", "    import os")));
        assertEquals(List.of(), issues(lines("from __future__ import annotations")));
    }

    @Test
    void unusedVariables() {
        assertEquals(List.of("UnusedVariable unused 2"),
                issues(lines("def f():", "    unused = 1", "    used = 2", "    return used")));
        // tuple unpacking, '_', augmented assignment, locals() and module-level names are not reported
        assertEquals(List.of(), issues(lines("def f(pair):", "    a, b = pair", "    _ = 1", "    n = 0",
                "    n += 1", "    return n")));
        assertEquals(List.of(), issues(lines("def f():", "    x = 1", "    return locals()")));
        assertEquals(List.of(), issues(lines("x = 1")));
        assertEquals(List.of("UnusedVariable fp 2"), issues(lines("def f():", "    with open('x') as fp:",
                "        pass")));
    }

    @Test
    void redefinitionOfUnusedNames() {
        assertEquals(List.of("RedefinedWhileUnused os 2", "UnusedImport os 2"),
                issues(lines("import os", "import os")));
        assertEquals(List.of("RedefinedWhileUnused f 3"),
                issues(lines("def f():", "    pass", "def f():", "    pass")));
        // used before the redefinition: fine
        assertEquals(List.of(), issues(lines("def f():", "    pass", "f()", "def f():", "    pass", "f()")));
    }

    @Test
    void starImportsHideNames() {
        assertEquals(List.of("ImportStarUsage join 2", "ImportStarUsed os.path 1"),
                issues(lines("from os.path import *", "print(join)")));
        assertEquals(List.of("ImportStarUsed os.path 1", "UnusedImport os.path.* 1"),
                issues(lines("from os.path import *")));
    }

    @Test
    void localReadBeforeAssignment() {
        assertEquals(List.of("UndefinedLocal x 3"), issues(lines(
                "x = 1", "def f():", "    print(x)", "    x = 2", "    return x")));
    }

    @Test
    void typeParameterScopes() {
        assertEquals(List.of(), issues(lines(
                "def first[T](items: list[T]) -> T:", "    return items[0]",
                "class Box[T]:", "    item: T", "type Pair[K] = tuple[K, K]")));
        assertEquals(List.of("UndefinedName T 3"), issues(lines(
                "def first[T](items: list[T]) -> T:", "    return items[0]", "print(T)")));
    }

    @Test
    void matchCaptures() {
        assertEquals(List.of("UnusedVariable rest 4"), issues(lines(
                "def f(cmd):", "    match cmd:", "        case [first, *others]:", "            rest = others",
                "            return first")));
    }

    @Test
    void lambdasAndDefaults() {
        assertEquals(List.of("UndefinedName missing 1"), issues(lines("f = lambda a, b=missing: a + b")));
        assertEquals(List.of(), issues(lines("f = lambda a: lambda b: a + b")));
    }

    @Test
    void overloadsAreNotRedefinitions() {
        assertEquals(List.of(), issues(lines(
                "from typing import overload", "@overload", "def f(x: int) -> int: ...", "@overload",
                "def f(x: str) -> str: ...", "def f(x):", "    return x")));
    }

    @Test
    void identifiersCompareNfkcNormalised() {
        // PEP 3131: 'ｗｉｄｔｈ' (fullwidth) is the name 'width'
        assertEquals(List.of(), issues(lines("width = 1", "print(\uff57\uff49\uff44\uff54\uff48)")));
    }

    @Test
    void didYouMeanNeedsExactlyOneCandidate() {
        String src = "result = 1\nprint(resutl)\n";
        var one = ScopeAnalyzer.analyze(src, PythonParser.parse(src).module(), false);
        assertEquals("result", one.get(0).suggestion());
        String two = "cat = 1\ncar = 2\nprint(cap)\n";
        assertEquals(null, ScopeAnalyzer.analyze(two, PythonParser.parse(two).module(), false).get(0).suggestion());
    }
    // ---- pyflakes 4.1 parity (each was a listed difference of PyflakesSuiteTest)

    @Test
    void typingFunctionalFormsReadStringsAsAnnotationsAndFieldNamesAsValues() {
        assertEquals(List.of(), issues(lines("from typing import TypedDict, NamedTuple",
                "X = TypedDict('X', {'a': int})", "Y = NamedTuple('Y', [('b', int)])")));
        assertEquals(List.of(), issues(lines("from typing import NewType", "from u import C", "N = NewType('N', 'C')")));
        assertEquals(List.of("UndefinedName Missing 2"), issues(lines("from typing import TypeVar",
                "T = TypeVar('T', default='Missing')")));
    }

    @Test
    void castReportsAnUndefinedNameOnce() {
        assertEquals(List.of("UndefinedName undefined 2"), issues(lines("from typing import cast",
                "cast(undefined, 0)")));
    }

    @Test
    void anAnnotatedTargetIsBoundAfterItsValueIsRead() {
        assertEquals(List.of("UndefinedName x 1"), issues(lines("x: int = x")));
    }

    @Test
    void aDefRedefinesAnUnusedVariable() {
        assertEquals(List.of("RedefinedWhileUnused x 2"), issues(lines("x = 1", "def x(): pass")));
    }

    @Test
    void futureAnnotationsDoNotMakeAnAnnotatedLocalDefined() {
        assertEquals(List.of("UndefinedName x 4"), issues(lines("from __future__ import annotations", "def f():",
                "    x: str", "    print(x)")));
    }

    @Test
    void aDictDisplayIsReadKeyThenValue() {
        assertEquals(List.of(), issues(lines("d = {'1': (y := 2), y: '3'}")));
    }

    @Test
    void matchCasesAreAlternatives() {
        assertEquals(List.of(), issues(lines("def f(x):", "    match x:", "        case 1:", "            def y(): pass",
                "        case _:", "            def y(): print(1)", "    return y")));
    }
}
