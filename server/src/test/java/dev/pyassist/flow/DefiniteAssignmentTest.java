package dev.pyassist.flow;

import static dev.pyassist.flow.FlowTesting.findings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.diagnostics.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** used-before-assignment and possibly-used-before-assignment over every construct: the finding and the silence. */
class DefiniteAssignmentTest {
    private static final FlowRule UBA = FlowRule.USED_BEFORE_ASSIGNMENT;
    private static final FlowRule PUBA = FlowRule.POSSIBLY_USED_BEFORE_ASSIGNMENT;
    private static final String P = "flow.possibly-used-before-assignment ";
    private static final String U = "flow.used-before-assignment ";

    private static List<String> assignment(String... lines) {
        return findings(lines).stream().filter(s -> s.startsWith(P) || s.startsWith(U)).toList();
    }

    @Test
    void ifWithoutElseLeavesTheNamePossiblyUnbound() {
        assertEquals(List.of(P + "4:x"), assignment(
                "def f(c):",
                "    if c:",
                "        x = 1",
                "    return x"));
    }

    @Test
    void everyBranchBindingIsQuiet() {
        assertEquals(List.of(), assignment(
                "def f(c, d):",
                "    if c:",
                "        x = 1",
                "    elif d:",
                "        x = 2",
                "    else:",
                "        x = 3",
                "    return x"));
    }

    @Test
    void elifWithoutElseAndTheElseBranchAreNamedInTheMessage() {
        List<Finding> f = FlowTesting.raw(
                "def f(c, d):",
                "    if c:",
                "        x = 1",
                "    else:",
                "        pass",
                "    return x");
        assertEquals(1, f.size());
        assertEquals("Possibly using variable 'x' before assignment: it is unbound when the `else` branch on line 4"
                + " is taken", f.get(0).message());
        assertEquals("the `else` branch on line 4 is taken", f.get(0).data().get("path"));
        assertEquals(List.of(P + "6:x"), assignment(
                "def f(c, d):",
                "    if c:",
                "        x = 1",
                "    elif d:",
                "        y = 2",
                "    return x"));
        assertEquals("the `elif` on line 4 is false", FlowTesting.raw(
                "def f(c, d):",
                "    if c:",
                "        x = 1",
                "    elif d:",
                "        y = 2",
                "    return x").get(0).data().get("path"));
    }

    @Test
    void unboundOnEveryPathIsAnError() {
        assertEquals(List.of(U + "5:x"), assignment(
                "def f(c):",
                "    if c:",
                "        x = 1",
                "        return x",
                "    return x"));
        assertEquals(dev.pyassist.diagnostics.Severity.ERROR, UBA.severity());
        assertEquals(dev.pyassist.diagnostics.Severity.WARNING, PUBA.severity());
    }

    @Test
    void aNameIsReportedOncePerScope() {
        assertEquals(List.of(P + "4:x"), assignment(
                "def f(c):",
                "    if c:",
                "        x = 1",
                "    print(x)",
                "    print(x)"));
    }

    @Test
    void textualUseBeforeAnyBindingIsLeftToTheNamesLayer() {
        assertEquals(List.of(), assignment(
                "def f():",
                "    print(x)",
                "    x = 1",
                "y = y"));
    }

    @Test
    void loopsAreTakenToRunAndLoopCarriedNamesAreBound() {
        assertEquals(List.of(), assignment(
                "def f(items):",
                "    for i in items:",
                "        last = i",
                "    first = True",
                "    for i in items:",
                "        if first:",
                "            prev = i",
                "        else:",
                "            print(prev)",
                "    while items:",
                "        w = items.pop()",
                "    return last, i, w"));
    }

    @Test
    void breakContinueAndLoopElse() {
        assertEquals(List.of(), assignment(
                "def f(items):",
                "    for i in items:",
                "        if i:",
                "            found = i",
                "            break",
                "    else:",
                "        found = None",
                "    while True:",
                "        y = g()",
                "        if y:",
                "            break",
                "    for i in items:",
                "        if not i:",
                "            continue",
                "        z = i",
                "        print(z)",
                "    return found, y"));
        assertEquals(List.of(P + "7:z"), assignment(
                "def f(items, c):",
                "    for i in items:",
                "        pass",
                "    else:",
                "        if c:",
                "            z = 1",
                "    return z"));
    }

    @Test
    void tryExceptElseFinally() {
        assertEquals(List.of(P + "6:foo"), assignment(
                "def f():",
                "    try:",
                "        import foo",
                "    except ImportError:",
                "        pass",
                "    foo.bar()"));
        assertEquals("Possibly using variable 'foo' before assignment: it is unbound when an exception is raised in"
                + " the `try` on line 2 before it is assigned", FlowTesting.raw(
                "def f():",
                "    try:",
                "        import foo",
                "        x = 1",
                "    except ImportError as e:",
                "        print(foo)").get(0).message());
        assertEquals(List.of(), assignment(
                "def f():",
                "    try:",
                "        x = g()",
                "    except ValueError:",
                "        x = None",
                "    try:",
                "        y = g()",
                "    except ValueError:",
                "        raise",
                "    try:",
                "        z = g()",
                "    except ValueError:",
                "        log()",
                "    else:",
                "        print(z)",
                "    try:",
                "        w = g()",
                "    finally:",
                "        cleanup()",
                "    return x, y, w"));
        assertEquals(List.of(P + "5:x"), assignment(
                "def f():",
                "    try:",
                "        x = g()",
                "    finally:",
                "        print(x)"));
        assertEquals(List.of(P + "7:e"), assignment(
                "def f():",
                "    e = 0",
                "    try:",
                "        g()",
                "    except Exception as e:",
                "        pass",
                "    return e"), "the handler deletes its name at its end");
    }

    @Test
    void exceptStar() {
        assertEquals(List.of(P + "5:v", P + "10:json"), assignment(
                "def f():",
                "    try:",
                "        v = g()",
                "    except* ValueError:",
                "        print(v)",
                "    try:",
                "        import json",
                "    except* ImportError:",
                "        pass",
                "    return json"));
    }

    @Test
    void afterAFallingThroughHandlerOnlyImportsStayPossiblyUnbound() {
        assertEquals(List.of(), assignment(
                "def f(line):",
                "    try:",
                "        version, status = line.split()",
                "    except ValueError:",
                "        log()",
                "    return status"));
    }

    @Test
    void withBodiesRunAndSuppressMayStopThem() {
        assertEquals(List.of(), assignment(
                "def f(p):",
                "    with open(p) as fh:",
                "        data = fh.read()",
                "    return data, fh"));
        assertEquals(List.of(P + "5:data"), assignment(
                "import contextlib",
                "def f(p):",
                "    with contextlib.suppress(OSError):",
                "        data = open(p).read()",
                "    return data"));
    }

    @Test
    void matchWithGuardsAndWildcards() {
        assertEquals(List.of(P + "7:z"), assignment(
                "def f(v):",
                "    match v:",
                "        case 1:",
                "            z = 1",
                "        case [a] if a > 0:",
                "            z = a",
                "    return z"));
        assertEquals(List.of(), assignment(
                "def f(v):",
                "    match v:",
                "        case {'k': a, **rest} if a and rest:",
                "            z = a",
                "        case Point(x=b) | [b, *_]:",
                "            z = b",
                "        case _:",
                "            z = 0",
                "    return z"));
    }

    @Test
    void delUnderAConditionMakesTheNamePossiblyUnbound() {
        assertEquals(List.of(P + "5:x"), assignment(
                "def f(c):",
                "    x = 1",
                "    if c:",
                "        del x",
                "    return x"));
    }

    @Test
    void walrusBindsWhereItRuns() {
        assertEquals(List.of(), assignment(
                "def f(c):",
                "    if (m := g()) is not None:",
                "        pass",
                "    if c and (n := g()):",
                "        print(n)",
                "    return m"));
        assertEquals(List.of(P + "4:n"), assignment(
                "def f(c):",
                "    if c and (n := g()):",
                "        pass",
                "    return n"));
    }

    @Test
    void comprehensionsRunNowLambdasAndGeneratorsLater() {
        assertEquals(List.of(P + "4:y"), assignment(
                "def f(c, r):",
                "    if c:",
                "        y = 1",
                "    return [y for _ in r]"));
        assertEquals(List.of(), assignment(
                "def f(c, r):",
                "    if c:",
                "        y = 1",
                "    a = lambda: y",
                "    b = (y for _ in r)",
                "    d = [x for x in r if x]",
                "    if any((w := x) for x in r):",
                "        print(w)",
                "    return a, b, d"));
    }

    @Test
    void globalAndNonlocalNamesAreNotTracked() {
        assertEquals(List.of(), assignment(
                "def setup():",
                "    global CONFIG",
                "    CONFIG = 1",
                "if flag:",
                "    CONFIG = 2",
                "print(CONFIG)",
                "def outer(c):",
                "    def inner():",
                "        nonlocal v",
                "        v = 1",
                "    if c:",
                "        v = 0",
                "    inner()",
                "    return v"));
    }

    @Test
    void conditionalImportsAtModuleLevel() {
        assertEquals(List.of(), assignment(
                "try:",
                "    import json",
                "except ImportError:",
                "    json = None",
                "print(json)"));
        assertEquals(List.of(P + "4:tomllib"), assignment(
                "import sys",
                "if sys.version_info >= (3, 11):",
                "    import tomllib",
                "print(tomllib)"));
    }

    @Test
    void typeCheckingImportsCountAsBound() {
        assertEquals(List.of(), assignment(
                "from typing import TYPE_CHECKING",
                "if TYPE_CHECKING:",
                "    from collections import OrderedDict",
                "x: OrderedDict = None",
                "print(OrderedDict)"));
    }

    @Test
    void callsThatNeverReturnEndThePath() {
        assertEquals(List.of(), assignment(
                "import os, sys",
                "from typing import NoReturn",
                "def die(msg) -> NoReturn:",
                "    raise SystemExit(msg)",
                "def fail(msg):",
                "    raise ValueError(msg)",
                "def f(c):",
                "    if c == 1:",
                "        q = 1",
                "    elif c == 2:",
                "        sys.exit(1)",
                "    elif c == 3:",
                "        die('x')",
                "    elif c == 4:",
                "        fail('y')",
                "    elif c == 5:",
                "        os._exit(2)",
                "    else:",
                "        raise ValueError",
                "    return q"));
    }

    @Test
    void classScopes() {
        assertEquals(List.of(P + "4:x"), assignment(
                "class A:",
                "    if flag:",
                "        x = 1",
                "    y = x"));
        assertEquals(List.of(), assignment(
                "x = 0",
                "class A:",
                "    if flag:",
                "        x = 1",
                "    y = x"), "an unbound class name falls back to the global");
    }

    @Test
    void augmentedAssignmentReads() {
        assertEquals(List.of(P + "4:n"), assignment(
                "def f(c):",
                "    if c:",
                "        n = 1",
                "    n += 1"));
    }

    @Test
    void aReadGuardedByTheBindingsOwnTestIsQuiet() {
        assertEquals(List.of(), assignment(
                "def f(c):",
                "    if c:",
                "        x = 1",
                "    g()",
                "    if c:",
                "        print(x)"));
    }

    @Test
    void starImportMayBindAnything() {
        assertEquals(List.of(), assignment(
                "if flag:",
                "    x = 1",
                "from os import *",
                "print(x)"));
    }

    @Test
    void deepNestingNeitherOverflowsNorReports() {
        StringBuilder sb = new StringBuilder("def f(c):\n");
        int depth = 150;
        for (int i = 0; i < depth; i++) {
            sb.append("    ".repeat(i + 1)).append("if c:\n");
        }
        sb.append("    ".repeat(depth + 1)).append("x = 1\n");
        sb.append("    return x\n");
        var parse = dev.pyassist.python.PythonParser.parse(sb.toString());
        if (parse.module() != null) {
            List<Finding> f = FlowLayer.findings(sb.toString(), parse, java.util.EnumSet.allOf(FlowRule.class));
            assertTrue(f.stream().noneMatch(x -> x.code().startsWith("flow.used")), f.toString());
        }
        // as long as the parser accepts (CPython's compiler stops near 10,000 nested operations; deeper input is
        // a syntax error, see DeepNestingTest, and never reaches this layer)
        String longSum = "def g(c):\n    if c:\n        a = 1\n    return " + "a + ".repeat(9_000) + "a\n";
        var sumParse = dev.pyassist.python.PythonParser.parse(longSum);
        assertTrue(sumParse.module() != null, "the parser accepts a 9,000-term sum");
        List<Finding> f = FlowLayer.findings(longSum, sumParse, java.util.EnumSet.allOf(FlowRule.class));
        assertEquals(1, f.size(), "one report for the first read of a");
    }

    @Test
    void anAnnotatedAttributeWithoutValueKeepsTheFileAnalysed() {
        // `self.x: int` has no value: the scope walk once failed on it and the whole file lost its flow findings
        assertEquals(List.of(P + "8:y"), assignment(
                "class C:",
                "    def __init__(self):",
                "        self.x: int",
                "",
                "def f(c):",
                "    if c:",
                "        y = 1",
                "    return y"));
    }

    @Test
    void aReadInATryThatCatchesNameErrorAsksWhetherTheNameIsBound() {
        // sklearn's datasets/_covtype.py: `try: X, y` / `except NameError:` after an if/elif that binds them
        assertEquals(List.of(), assignment(
                "def f(a, b):",
                "    if a:",
                "        X = 1",
                "    elif b:",
                "        X = 2",
                "    try:",
                "        X",
                "    except (NameError, UnboundLocalError):",
                "        X = 0",
                "    return X"));
        assertEquals(List.of(P + "5:X"), assignment(
                "def f(a):",
                "    if a:",
                "        X = 1",
                "    try:",
                "        X",
                "    except ValueError:",
                "        pass"));
    }

    @Test
    void boundInAnElseAndReadInTheElseOfTheSameTestIsQuiet() {
        // sklearn's decomposition/_nmf.py: `if sp.issparse(X): ... else: WH = ...`, later the same test again
        assertEquals(List.of(), assignment(
                "def f(X):",
                "    if issparse(X):",
                "        d = 1",
                "    else:",
                "        WH = 2",
                "    if issparse(X):",
                "        return d",
                "    else:",
                "        return WH"));
        assertEquals(List.of(P + "7:WH"), assignment(
                "def f(X):",
                "    if issparse(X):",
                "        pass",
                "    else:",
                "        WH = 2",
                "    if dense(X):",
                "        return WH"));
    }

    @Test
    void boundInTheIfOfAnIfElifChainAndReadUnderTheSameTestIsQuiet() {
        // matplotlib's mlab.py: `freqcenter` bound when sides == 'twosided', read under that test again
        assertEquals(List.of(), assignment(
                "def f(sides):",
                "    if sides == 'two':",
                "        c = 1",
                "    elif sides == 'one':",
                "        pass",
                "    if sides == 'two':",
                "        return c"));
        assertEquals(List.of(P + "7:c"), assignment(
                "def f(sides):",
                "    if sides == 'two':",
                "        c = 1",
                "    elif sides == 'one':",
                "        pass",
                "    if sides == 'one':",
                "        return c"));
    }

    @Test
    void aModuleLevelNameTestedForWithNameErrorIsBoundAfterTheTry() {
        // numpy/__init__.py: `try: __NUMPY_SETUP__` / `except NameError: __NUMPY_SETUP__ = False`, then read
        assertEquals(List.of(), assignment(
                "try:",
                "    SETUP",
                "except NameError:",
                "    SETUP = False",
                "if SETUP:",
                "    pass"));
        assertEquals(List.of(P + "5:SETUP"), assignment(
                "try:",
                "    import setup_flag as SETUP",
                "except ImportError:",
                "    pass",
                "if SETUP:",
                "    pass"));
    }

    @Test
    void aReadUnderAFlagSetBesideTheBindingIsQuiet() {
        // numpy/f2py/diagnose.py: `try: import numpy / has_newnumpy = 1 / except ImportError: has_newnumpy = 0`
        assertEquals(List.of(), assignment(
                "def f():",
                "    try:",
                "        import numpy",
                "        has = 1",
                "    except ImportError:",
                "        has = 0",
                "    if has:",
                "        return numpy"));
        // numpy/testing: the flag's early exit guards the rest of the block
        assertEquals(List.of(), assignment(
                "def f():",
                "    ok = True",
                "    try:",
                "        import nose",
                "    except ImportError:",
                "        ok = False",
                "    if not ok:",
                "        raise ImportError('nose')",
                "    return nose"));
        // a flag the test uses, one step away (numpy's arraysetops: `optional = a or b`, `if optional:`, `if a:`)
        assertEquals(List.of(), assignment(
                "def f(a, b):",
                "    optional = a or b",
                "    if optional:",
                "        perm = 1",
                "    else:",
                "        pass",
                "    if a:",
                "        return perm"));
        // a loop over what the test checked is not empty (numpy's lib/utils.py: `if len(sta) > 0:`, `for val in sta:`)
        assertEquals(List.of(), assignment(
                "def f(sta):",
                "    if len(sta) > 0:",
                "        width = 10",
                "    for val in sta:",
                "        print(width)"));
        // not correlated: the guard reads nothing the deciding statement sets or tests
        assertEquals(List.of(P + "8:numpy"), assignment(
                "def f(other):",
                "    try:",
                "        import numpy",
                "        has = 1",
                "    except ImportError:",
                "        has = 0",
                "    if other:",
                "        return numpy"));
        // the guard is the test of the very branch that leaves it unbound: it fails whenever it runs
        assertEquals(List.of(P + "5:x"), assignment(
                "def f(flag):",
                "    if flag:",
                "        x = 1",
                "    if not flag:",
                "        return x"));
    }

    @Test
    void boundInEveryCaseOfAnEnumerationChainIsQuiet() {
        // sklearn's mixture/_gaussian_mixture.py: `if covariance_type == "full": ... elif ... == "tied": ...`
        assertEquals(List.of(), assignment(
                "def f(kind, x):",
                "    if kind == 'full':",
                "        p = 1",
                "    elif kind == 'tied':",
                "        p = 2",
                "    elif kind in ('diag', 'spherical'):",
                "        p = 3",
                "    return p"));
        assertEquals(List.of(), assignment(
                "def f(x):",
                "    if isinstance(x, int):",
                "        p = 1",
                "    elif isinstance(x, str):",
                "        p = 2",
                "    return p"));
        // tests of different things that all bind (sympy's `if func.LETTER(): ... elif func.SYMBOL(): ...` over a
        // parse tree's alternatives): the author's cases too, quiet
        assertEquals(List.of(), assignment(
                "def f(kind, other):",
                "    if kind == 'full':",
                "        p = 1",
                "    elif other == 'tied':",
                "        p = 2",
                "    return p"));
        // one test only, or a case that does not bind it: reported
        assertEquals(List.of(P + "4:p"), assignment(
                "def f(kind):",
                "    if kind == 'full':",
                "        p = 1",
                "    return p"));
        assertEquals(List.of(P + "6:p"), assignment(
                "def f(kind):",
                "    if kind == 'full':",
                "        p = 1",
                "    elif kind == 'tied':",
                "        pass",
                "    return p"));
    }

    @Test
    void moreCorrelationsOnlyValuesSettleAreQuiet() {
        // matplotlib's axes/_base.py: bound under `is not None`, read in the else of `is None`
        assertEquals(List.of(), assignment(
                "def f(self):",
                "    if self.box is not None:",
                "        pb = 1",
                "    if self.box is None:",
                "        pass",
                "    else:",
                "        return pb"));
        // sklearn's ensemble/_gb.py: `if self.verbose:` binds, `if self.verbose > 0:` reads
        assertEquals(List.of(), assignment(
                "def f(self):",
                "    if self.verbose:",
                "        rep = 1",
                "    if self.verbose > 0:",
                "        return rep"));
        // sklearn's gaussian_process/kernels.py: the branch that does not bind raises when the flag is set
        assertEquals(List.of(), assignment(
                "def f(Y, grad):",
                "    if Y is None:",
                "        base = 1",
                "    else:",
                "        if grad:",
                "            raise ValueError('no gradient')",
                "    if grad:",
                "        return base"));
        // sklearn's linear_model/_logistic.py: one option compared with different strings
        assertEquals(List.of(), assignment(
                "def f(mode):",
                "    if mode == 'ovr':",
                "        pass",
                "    else:",
                "        Y = 1",
                "    if mode == 'multinomial':",
                "        return Y"));
        // the negation of the binding test: unbound whenever the read runs
        assertEquals(List.of(P + "5:pb"), assignment(
                "def f(self):",
                "    if self.box is not None:",
                "        pb = 1",
                "    if self.box is None:",
                "        return pb"));
        // the same string the non-binding branch tests
        assertEquals(List.of(P + "5:Y"), assignment(
                "def f(mode):",
                "    if mode == 'ovr':",
                "        Y = 1",
                "    if mode == 'multinomial':",
                "        return Y",
                "    return 0"));
    }

    @Test
    void handlersAfterAnImportErrorHandlerAndLoopTargetsInHandlers() {
        // django's sqlite3/schema.py: `except sqlite3.ProgrammingError:` after `except ImportError:`
        assertEquals(List.of(), assignment(
                "def f(value):",
                "    try:",
                "        import sqlite3",
                "        value = sqlite3.adapt(value)",
                "    except ImportError:",
                "        pass",
                "    except sqlite3.ProgrammingError:",
                "        pass",
                "    return value"));
        // without the ImportError handler first the type is evaluated with the import taken to have gone through, as
        // any import (sympy's `try: from ..polyerrors import CoercionFailed ... except (CoercionFailed, ...):`)
        assertEquals(List.of(), assignment(
                "def f(value):",
                "    try:",
                "        import sqlite3",
                "        value = sqlite3.adapt(value)",
                "    except sqlite3.ProgrammingError:",
                "        pass",
                "    return value"));
        // django's sql/query.py: `try: for name in field_names: ...` / `except MultiJoin: ... name`
        assertEquals(List.of(), assignment(
                "def f(names):",
                "    try:",
                "        cols = []",
                "        for name in names:",
                "            cols.append(join(name))",
                "    except MultiJoin:",
                "        raise FieldError(name)"));
        // sympy's uniq: `except TypeError:` also catches iterating a non-iterable, before the target is bound
        assertEquals(List.of(P + "6:s"), assignment(
                "def uniq(seq):",
                "    try:",
                "        for s in seq:",
                "            yield s",
                "    except TypeError:",
                "        yield s"));
        // a name the try binds some other way is still possibly unbound in the handler
        assertEquals(List.of(P + "6:name"), assignment(
                "def f(names):",
                "    try:",
                "        name = names[0]",
                "        join(name)",
                "    except MultiJoin:",
                "        raise FieldError(name)"));
    }

    @Test
    void aTestSeenAgainRefinesWhatItsEarlierIfLeftPossiblyUnbound() {
        // matplotlib's _mathtext.py: `if found: font = ...`, `if not found: ... else: ...`, then `return font`
        assertEquals(List.of(), assignment(
                "def f(found, fallback):",
                "    if found:",
                "        font = 1",
                "    if not found:",
                "        if fallback:",
                "            return 0",
                "        font = 2",
                "    return font"));
        // django's creation.py: `if not auto: confirm = input()`, then `if auto or confirm == 'yes':`
        assertEquals(List.of(), assignment(
                "def f(auto):",
                "    if not auto:",
                "        confirm = input()",
                "    if auto or confirm == 'yes':",
                "        return 1"));
        // the other side of the test: still possibly unbound (and reported once)
        assertEquals(List.of(P + "4:confirm"), assignment(
                "def f(auto):",
                "    if not auto:",
                "        confirm = input()",
                "    if auto and confirm == 'yes':",
                "        return 1"));
    }
}
