import ast
import random

import pytest

from pyvalidator.mutations import (KINDS, OPERATORS, SEMANTIC, SYNTAX, candidates, is_valid, mutate)

CODE = '''def f(a, b, ü=3, *rest):
    """Docstring ü."""
    s = "héllo"
    t = a - b
    if a < b and not ü:
        return foo(a, b) - 1
    for i in range(10):
        a += i * 2
    while a is None or b in rest:
        a = [1, 2][0]
    return a >= t
'''

# for each operator: the text expected at the span in the mutated code, for at least one candidate
EXPECTED = {
    "inverted_comparison": {">=", "is not", "not in", "<"},
    "boundary_comparison": {"<=", ">"},
    "wrong_arithmetic": {"+", "-=", "/", "*"},
    "wrong_boolean": {"or", "and"},
    "variable_misuse": {"b", "a", "s", "t", "i", "ü", "rest"},
    "swapped_arguments": {"b, a"},
    "swapped_operands": {"b < a", "b - a", "t >= a"},
    "off_by_one": {"4", "2", "11", "9", "1", "0", "3"},
    "dropped_not": {"ü"},
    "missing_colon": {")", "rest", "10", "None"},
    "missing_bracket": {"3", "b", "10", "rest", "2", "0"},
    "missing_quote": {'"héllo'},
    "missing_operand": {"-", "*"},
    "misspelled_keyword": None,
    "bad_indentation": None,
}


def test_every_operator_is_covered():
    assert set(EXPECTED) == set(OPERATORS)
    assert KINDS[0] == "clean" and len(KINDS) == len(OPERATORS) + 1


@pytest.mark.parametrize("kind", list(OPERATORS))
def test_operator_parses_or_not_with_correct_span(kind):
    cands = candidates(CODE, kind, random.Random(1))
    assert cands, kind
    valid = [m for m in cands if is_valid(m, CODE)]
    assert valid, kind
    for m in valid:
        assert 0 <= m.start < m.end <= len(m.code)
        if kind in SEMANTIC:
            ast.parse(m.code)
            assert ast.dump(ast.parse(m.code)) != ast.dump(ast.parse(CODE))
            assert m.category == "semantic"
        else:
            with pytest.raises(SyntaxError):
                ast.parse(m.code)
            assert m.category == "syntax"
        # the text before the span is unchanged: the span starts where the edit is
        assert m.code[:m.start] == CODE[:m.start] or kind in ("bad_indentation",)
    spans = {m.code[m.start:m.end] for m in valid}
    if EXPECTED[kind] is not None:
        assert spans & EXPECTED[kind], (kind, spans)


def test_inverted_comparison_exact():
    code = "def f(x, y):\n    return x < y\n"
    (m,) = candidates(code, "inverted_comparison")
    assert m.code == "def f(x, y):\n    return x >= y\n"
    assert m.code[m.start:m.end] == ">="


def test_is_not_and_not_in():
    code = "def f(x, y):\n    return x is not None and x not in y\n"
    out = {m.code for m in candidates(code, "inverted_comparison")}
    assert "def f(x, y):\n    return x is None and x not in y\n" in out
    assert "def f(x, y):\n    return x is not None and x in y\n" in out


def test_for_in_is_not_a_comparison():
    code = "def f(xs):\n    for x in xs:\n        print(x)\n"
    assert candidates(code, "inverted_comparison") == []


def test_variable_misuse_replaces_a_use_with_another_local():
    code = "def f(a, b):\n    c = a + 1\n    return c * b\n"
    ms = candidates(code, "variable_misuse")
    assert ms
    for m in ms:
        assert m.code[m.start:m.end] in {"a", "b", "c"}
        ast.parse(m.code)


def test_swapped_arguments_span_covers_both():
    code = "def f(a, b):\n    return g(a, b)\n"
    (m,) = candidates(code, "swapped_arguments")
    assert m.code[m.start:m.end] == "b, a"


def test_dropped_not_span_is_operand():
    code = "def f(a):\n    if not (a and a.x):\n        return 1\n"
    (m,) = candidates(code, "dropped_not")
    assert m.code == "def f(a):\n    if (a and a.x):\n        return 1\n"
    assert m.code[m.start:m.end] == "(a and a.x)"


def test_missing_colon_span_is_token_before():
    code = "def f(a):\n    return a\n"
    (m,) = candidates(code, "missing_colon")
    assert m.code == "def f(a)\n    return a\n"
    assert m.code[m.start:m.end] == ")" and m.end == len("def f(a)")


def test_non_ascii_spans():
    code = "def f(ä, b):\n    s = 'ü' + ä\n    return s < b\n"
    (m,) = candidates(code, "inverted_comparison")
    assert m.code[m.start:m.end] == ">="
    ms = candidates(code, "missing_quote")
    assert ms and all(m.code[m.start:m.end] == "'ü" for m in ms)


def test_mutate_random_is_valid_and_seeded():
    rng1, rng2 = random.Random(5), random.Random(5)
    a = mutate(CODE, rng1)
    b = mutate(CODE, rng2)
    assert a is not None and a.code == b.code and a.kind == b.kind
    assert is_valid(a, CODE)
    for kinds in (SEMANTIC, SYNTAX):
        m = mutate(CODE, random.Random(2), kinds)
        assert m.kind in kinds


def test_unparsable_input_gives_nothing():
    assert candidates("def f(:\n", "off_by_one") == []
