package dev.pyassist.flow;

import static dev.pyassist.flow.FlowTesting.findings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Same-module call signatures: each rule's finding, and silence where the signature is not certain. */
class CallChecksTest {
    private static List<String> calls(String... lines) {
        return findings(lines).stream().filter(s -> s.startsWith("calls.")).toList();
    }

    @Test
    void arityAndKeywordsOfAModuleFunction() {
        assertEquals(List.of(
                "calls.no-value-for-parameter 3:add(1)",
                "calls.no-value-for-parameter 3:add(1)",
                "calls.too-many-function-args 4:4",
                "calls.unexpected-keyword-arg 5:z=4",
                "calls.no-value-for-parameter 6:add(1, 2, c=3, e=1)"), calls(
                "def add(a, b, /, c=1, *, d, e=2):",
                "    return a",
                "add(1)",
                "add(1, 2, 3, 4, d=1)",
                "add(1, 2, d=1, z=4)",
                "add(1, 2, c=3, e=1)",
                "add(1, 2, 3, d=1, e=3)"));
    }

    @Test
    void keywordOnlyRequiredAndPositionalOnly() {
        assertEquals(List.of(
                "calls.no-value-for-parameter 3:f(1)",
                "calls.no-value-for-parameter 4:f(a=1, k=2)"), calls(
                "def f(a, /, *, k):",
                "    return a",
                "f(1)",
                "f(a=1, k=2)",
                "f(1, k=2)"));
    }

    @Test
    void starArgumentsAndStarParametersSilenceCounting() {
        assertEquals(List.of("calls.unexpected-keyword-arg 6:z=1"), calls(
                "def f(a, b):",
                "    return a",
                "def g(*args, **kwargs):",
                "    return args",
                "f(*[1, 2, 3])",
                "f(*[1], z=1)",
                "f(**{'a': 1})",
                "g(1, 2, 3, x=1)"));
    }

    @Test
    void argumentsOutOfOrder() {
        assertEquals(List.of("calls.arguments-out-of-order 4:b, a, c", "calls.arguments-out-of-order 7:b, a"), calls(
                "def f(a, b, c=0):",
                "    return a",
                "a, b, c = 1, 2, 3",
                "f(b, a, c)",
                "f(a, b, c)",
                "f(b, b, c)",
                "f(b, a, c=c)"));
        // as pylint: only when the names passed are exactly the parameters' names (sympy's diophantine.py:
        // `sum_of_squares(k, n, zeros=True)` for `sum_of_squares(n, k, zeros=False)`, where k is the number)
        assertEquals(List.of(), calls(
                "def f(a, b, c=0):",
                "    return a",
                "a, b = 1, 2",
                "f(b, a)",
                "f(b, a, c=True)"));
    }

    @Test
    void methodsThroughSelfAndCls() {
        assertEquals(List.of(
                "calls.no-value-for-parameter 11:self.m()",
                "calls.too-many-function-args 12:3",
                "calls.too-many-function-args 13:2",
                "calls.no-value-for-parameter 18:cls.c()"), calls(
                "class A:",
                "    def m(self, p):",
                "        return p",
                "    @staticmethod",
                "    def s(p):",
                "        return p",
                "    @classmethod",
                "    def c(cls, p):",
                "        return p",
                "    def use(self):",
                "        self.m()",
                "        self.m(1, 3)",
                "        self.s(1, 2)",
                "        self.s(1)",
                "        return self.c(1)",
                "    @classmethod",
                "    def make(cls):",
                "        cls.c()",
                "        cls.m(1, 2)"));
    }

    @Test
    void constructors() {
        assertEquals(List.of("calls.too-many-function-args 4:2", "calls.no-value-for-parameter 5:C()"), calls(
                "class C:",
                "    def __init__(self, a):",
                "        self.a = a",
                "C(1, 2)",
                "C()",
                "C(a=1)",
                "class D(C):",
                "    def __init__(self):",
                "        super().__init__(1)",
                "D()"));
        assertEquals(List.of(), calls(
                "import dataclasses, enum",
                "class E(enum.Enum):",
                "    def __init__(self, v):",
                "        self.v = v",
                "E(1, 2)",
                "@dataclasses.dataclass",
                "class F:",
                "    def __init__(self, a):",
                "        pass",
                "F()",
                "class G:",
                "    def __new__(cls, *a):",
                "        return object.__new__(cls)",
                "    def __init__(self):",
                "        pass",
                "G(1)"));
    }

    @Test
    void decoratorsThatMayChangeTheSignatureSilenceTheCheck() {
        assertEquals(List.of("calls.too-many-function-args 11:2"), calls(
                "import functools",
                "def deco(fn):",
                "    return fn",
                "@deco",
                "def f(a):",
                "    return a",
                "@functools.wraps(f)",
                "def w(a):",
                "    return a",
                "f(1, 2)",
                "w(1, 2)"));
    }

    @Test
    void shadowedOrRedefinedNamesAreNotChecked() {
        assertEquals(List.of(), calls(
                "def f(a):",
                "    return a",
                "def g(f):",
                "    return f(1, 2)",
                "def h():",
                "    f = print",
                "    return f(1, 2)",
                "k = [f(1, 2) for f in (print,)]",
                "def r(a):",
                "    return a",
                "if flag:",
                "    def r(a, b):",
                "        return a",
                "r(1, 2)",
                "class A:",
                "    def m(self, a):",
                "        return a",
                "    def u(self):",
                "        self.m = print",
                "        return self.m(1, 2)",
                "class B(A):",
                "    def m(self, a, b):",
                "        return a",
                "    def v(self):",
                "        return self.m(1, 2)"));
    }
}
