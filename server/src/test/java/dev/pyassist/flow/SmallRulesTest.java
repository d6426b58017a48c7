package dev.pyassist.flow;

import static dev.pyassist.flow.FlowTesting.findings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules: each one's finding and its silence. */
class SmallRulesTest {
    @Test
    void unreachableAfterEveryKindOfExit() {
        assertEquals(List.of(
                "flow.unreachable 3:x = 1",
                "flow.unreachable 6:y = 2",
                "flow.unreachable 10:z = 3",
                "flow.unreachable 13:w = 4",
                "flow.unreachable 16:v = 5"), findings(FlowRule.UNREACHABLE,
                "def f(items):",
                "    return 1",
                "    x = 1",
                "def g():",
                "    raise ValueError",
                "    y = 2",
                "def h(items):",
                "    for i in items:",
                "        continue",
                "        z = 3",
                "    while items:",
                "        break",
                "        w = 4",
                "import sys",
                "sys.exit(0)",
                "v = 5",
                "def k(c):",
                "    if c:",
                "        return 1",
                "    return 2"));
    }

    @Test
    void unreachableIsQuietWhenNothingFollows() {
        assertEquals(List.of(), findings(FlowRule.UNREACHABLE,
                "def f(c):",
                "    if c:",
                "        return 1",
                "    else:",
                "        raise ValueError",
                "    # a comment is not code",
                "def g():",
                "    try:",
                "        return 1",
                "    finally:",
                "        print('done')"));
    }

    @Test
    void selfAssigningVariable() {
        assertEquals(List.of("flow.self-assigning-variable 2:x = x", "flow.self-assigning-variable 4:a",
                "flow.self-assigning-variable 4:b"), findings(FlowRule.SELF_ASSIGNING_VARIABLE,
                "def f(x, a, b):",
                "    x = x",
                "    a, b = b, a",
                "    a, b = a, b",
                "class C:",
                "    x = x",
                "len = len"));
    }

    @Test
    void comparisonWithItself() {
        assertEquals(List.of("flow.comparison-with-itself 1:x == x", "flow.comparison-with-itself 2:a.b  <  a.b"),
                findings(FlowRule.COMPARISON_WITH_ITSELF,
                        "r = x == x",
                        "r = a.b  <  a.b",
                        "r = f() == f()",
                        "r = 1 == 1",
                        "r = x == y",
                        "r = x < x < y"));
    }

    @Test
    void duplicateKey() {
        assertEquals(List.of("flow.duplicate-key 1:'a'", "flow.duplicate-key 2:0x1"),
                findings(FlowRule.DUPLICATE_KEY,
                        "d = {'a': 1, 'b': 2, 'a': 3}",
                        "e = {1: 1, 0x1: 2}",
                        "g = {**d, 'a': 1, 'b': 2}",
                        "h = {k: 1, k: 2}",
                        "i = {'a': 1, b'a': 2}"));
    }

    @Test
    void returnInInit() {
        assertEquals(List.of("flow.return-in-init 3:return 1"), findings(FlowRule.RETURN_IN_INIT,
                "class A:",
                "    def __init__(self):",
                "        return 1",
                "class B:",
                "    def __init__(self):",
                "        def inner():",
                "            return 2",
                "        if inner():",
                "            return",
                "        return None",
                "def __init__():",
                "    return 3"));
    }

    @Test
    void assertOnTuple() {
        assertEquals(List.of("flow.assert-on-tuple 1:(x, 'message')"), findings(FlowRule.ASSERT_ON_TUPLE,
                "assert (x, 'message')",
                "assert x, 'message'",
                "assert ()"));
    }

    @Test
    void literalComparisonWordedAsCPython() {
        var f = FlowTesting.raw("r = x is 1", "r = x is not 'a'", "r = -1 is x", "r = x is ()", "r = x is (1, 'a')",
                "r = x is None", "r = x is True", "r = x is ...", "r = x is []", "r = x is y");
        assertEquals(List.of(
                "\"is\" with 'int' literal. Did you mean \"==\"?",
                "\"is not\" with 'str' literal. Did you mean \"!=\"?",
                "\"is\" with 'int' literal. Did you mean \"==\"?",
                "\"is\" with 'tuple' literal. Did you mean \"==\"?",
                "\"is\" with 'tuple' literal. Did you mean \"==\"?"),
                f.stream().filter(x -> x.code().equals("flow.literal-comparison")).map(x -> x.message()).toList());
    }
}
