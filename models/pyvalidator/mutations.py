"""Corruption and mutation operators.

Every operator takes source code and returns candidate mutations
``(new_code, start, end, detail)`` where ``new_code[start:end]`` is the exact
character (code point) span of the bug in the mutated code. Semantic operators
produce code that still parses (and has a different AST); syntax operators
produce code that does not parse. `mutate()` checks both properties.

For a deletion (syntax operators) the span is the token just before the
deletion point, or the damaged token itself (misspelling, unterminated string).
"""
from __future__ import annotations

import ast
import functools
import io
import keyword
import random
import re
import tokenize
import warnings

warnings.filterwarnings("ignore", category=SyntaxWarning)
from dataclasses import dataclass

from .common import LineIndex

CLEAN = "clean"


@dataclass
class Mutation:
    kind: str
    category: str  # "semantic" | "syntax"
    code: str
    start: int
    end: int
    detail: str = ""

    def as_dict(self):
        return {"label": self.kind, "category": self.category, "code": self.code,
                "span": [self.start, self.end], "detail": self.detail}


# ---------------------------------------------------------------- helpers
def _replace(code, a, b, repl):
    return code[:a] + repl + code[b:]


def _mask_comments(seg: str) -> str:
    return re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), seg)


def _find_in_gap(code, a, b, pattern):
    """First match of `pattern` in code[a:b] outside comments -> absolute (start, end)."""
    m = re.search(pattern, _mask_comments(code[a:b]))
    if not m:
        return None
    return a + m.start(), a + m.end()


@functools.lru_cache(maxsize=32)
def _tokens(code):
    """Python tokens of `code` (cached: the syntax operators all tokenize the same unit)."""
    try:
        return tuple(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return ()


def _tok_offsets(code, toks):
    idx = LineIndex(code)

    def off(pos):  # tokenize columns are code points already
        r, c = pos
        return idx.starts[r - 1] + c if r - 1 < len(idx.starts) else len(code)
    return [(t, off(t.start), off(t.end)) for t in toks]


@functools.lru_cache(maxsize=32)
def _offsets(code):
    return tuple(_tok_offsets(code, _tokens(code)))


def _parses(code) -> bool:
    try:
        ast.parse(code)
        return True
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False


ATOMS = (ast.Name, ast.Attribute, ast.Constant, ast.Call, ast.Subscript)

# ---------------------------------------------------------------- semantic operators
OP_PATTERNS = {
    ast.Lt: r"<(?!=)", ast.LtE: r"<=", ast.Gt: r">(?!=)", ast.GtE: r">=",
    ast.Eq: r"==", ast.NotEq: r"!=", ast.Is: r"\bis\b(?!\s+not\b)", ast.IsNot: r"\bis\s+not\b",
    ast.In: r"\bin\b", ast.NotIn: r"\bnot\s+in\b",
}
NEGATE = {ast.Lt: ">=", ast.GtE: "<", ast.Gt: "<=", ast.LtE: ">", ast.Eq: "!=",
          ast.NotEq: "==", ast.Is: "is not", ast.IsNot: "is", ast.In: "not in", ast.NotIn: "in"}
BOUNDARY = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">"}
BIN_PATTERNS = {
    ast.Add: r"\+", ast.Sub: r"-", ast.Mult: r"\*(?!\*)", ast.Div: r"/(?!/)", ast.FloorDiv: r"//",
    ast.Mod: r"%", ast.Pow: r"\*\*", ast.LShift: r"<<", ast.RShift: r">>", ast.BitAnd: r"&",
    ast.BitOr: r"\|", ast.BitXor: r"\^", ast.MatMult: r"@",
}
ARITH_SWAP = {ast.Add: "-", ast.Sub: "+", ast.Mult: "/", ast.Div: "*", ast.FloorDiv: "*",
              ast.Mod: "//", ast.Pow: "*", ast.LShift: ">>", ast.RShift: "<<",
              ast.BitAnd: "|", ast.BitOr: "&", ast.BitXor: "&"}
NON_COMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.LShift, ast.RShift)


def _compare_ops(code, tree, idx):
    """Yield (node, i, op, (a, b)) for each comparison operator with its text span."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            prev = node.left
            for op, comp in zip(node.ops, node.comparators):
                a = idx.node_span(prev)[1]
                b = idx.node_span(comp)[0]
                sp = _find_in_gap(code, a, b, OP_PATTERNS[type(op)])
                if sp:
                    yield node, op, sp
                prev = comp


def op_inverted_comparison(code, tree, idx):
    for node, op, (a, b) in _compare_ops(code, tree, idx):
        repl = NEGATE[type(op)]
        yield _replace(code, a, b, repl), a, a + len(repl), f"{code[a:b]} -> {repl}"


def op_boundary_comparison(code, tree, idx):
    for node, op, (a, b) in _compare_ops(code, tree, idx):
        if type(op) in BOUNDARY:
            repl = BOUNDARY[type(op)]
            yield _replace(code, a, b, repl), a, a + len(repl), f"{code[a:b]} -> {repl}"


def op_wrong_arithmetic(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and type(node.op) in ARITH_SWAP:
            a0 = idx.node_span(node.left)[1]
            b0 = idx.node_span(node.right)[0]
            sp = _find_in_gap(code, a0, b0, BIN_PATTERNS[type(node.op)])
            repl = ARITH_SWAP[type(node.op)]
        elif isinstance(node, ast.AugAssign) and type(node.op) in ARITH_SWAP:
            a0 = idx.node_span(node.target)[1]
            b0 = idx.node_span(node.value)[0]
            sp = _find_in_gap(code, a0, b0, BIN_PATTERNS[type(node.op)] + "=")
            repl = ARITH_SWAP[type(node.op)] + "="
        else:
            continue
        if sp:
            a, b = sp
            yield _replace(code, a, b, repl), a, a + len(repl), f"{code[a:b]} -> {repl}"


def op_wrong_boolean(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp):
            word = "and" if isinstance(node.op, ast.And) else "or"
            repl = "or" if word == "and" else "and"
            for left, right in zip(node.values, node.values[1:]):
                sp = _find_in_gap(code, idx.node_span(left)[1], idx.node_span(right)[0], rf"\b{word}\b")
                if sp:
                    a, b = sp
                    yield _replace(code, a, b, repl), a, a + len(repl), f"{word} -> {repl}"


def _scope_names(fn):
    """Parameters and locally stored names of a function -> {name: first line defined}."""
    defined = {}
    args = fn.args
    for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
        if a is not None:
            defined.setdefault(a.arg, 0)
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            defined.setdefault(n.id, n.lineno)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not fn:
            defined.setdefault(n.name, n.lineno)
    return defined


def op_variable_misuse(code, tree, idx):
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not scopes:
        scopes = [None]
    for fn in scopes[:1] if scopes[0] is not None else []:
        defined = _scope_names(fn)
        if len(defined) < 2:
            continue
        for n in ast.walk(fn):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in defined:
                others = sorted(v for v, line in defined.items()
                                if v != n.id and line <= n.lineno and v != "self")
                if not others or n.id == "self" and len(others) < 1:
                    continue
                a, b = idx.node_span(n)
                for repl in others:
                    yield _replace(code, a, b, repl), a, a + len(repl), f"{n.id} -> {repl}"


def op_swapped_arguments(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            for x, y in zip(node.args, node.args[1:]):
                if isinstance(x, ast.Starred) or isinstance(y, ast.Starred):
                    continue
                (xa, xb), (ya, yb) = idx.node_span(x), idx.node_span(y)
                tx, ty = code[xa:xb], code[ya:yb]
                if tx == ty or "\n" in tx or "\n" in ty:
                    continue
                new = code[:xa] + ty + code[xb:ya] + tx + code[yb:]
                yield new, xa, yb, f"swap {tx} , {ty}"


def op_swapped_operands(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, NON_COMMUTATIVE):
            x, y = node.left, node.right
        elif (isinstance(node, ast.Compare) and len(node.ops) == 1
              and isinstance(node.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn))):
            x, y = node.left, node.comparators[0]
        else:
            continue
        if not (isinstance(x, ATOMS) and isinstance(y, ATOMS)):
            continue
        (xa, xb), (ya, yb) = idx.node_span(x), idx.node_span(y)
        tx, ty = code[xa:xb], code[ya:yb]
        if tx == ty or "\n" in code[xa:yb]:
            continue
        new = code[:xa] + ty + code[xb:ya] + tx + code[yb:]
        yield new, xa, yb, f"swap {tx} , {ty}"


def op_off_by_one(code, tree, idx):
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and type(node.value) is int and 0 <= node.value <= 1000):
            a, b = idx.node_span(node)
            if not code[a:b].isdigit():
                continue
            for repl in ([str(node.value + 1)] + ([str(node.value - 1)] if node.value > 0 else [])):
                yield _replace(code, a, b, repl), a, a + len(repl), f"{code[a:b]} -> {repl}"


def op_dropped_not(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            a, b = idx.node_span(node)
            m = re.match(r"not\s*", code[a:b])
            if not m:
                continue
            new = code[:a] + code[a + m.end():]
            yield new, a, b - m.end(), "drop not"


def op_added_not(code, tree, idx):
    """A `not` where none belongs: before the test of an if/while/assert/conditional expression."""
    for node in ast.walk(tree):
        if not isinstance(node, (ast.If, ast.While, ast.Assert, ast.IfExp)):
            continue
        test = node.test
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            continue
        a, b = idx.node_span(test)
        yield code[:a] + "not " + code[a:], a, a + 3, "add not"


def op_true_false(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is bool:
            a, b = idx.node_span(node)
            repl = "False" if node.value else "True"
            if code[a:b] in ("True", "False"):
                yield _replace(code, a, b, repl), a, a + len(repl), f"{code[a:b]} -> {repl}"


# ---------------------------------------------------------------- syntax operators
def _prev_token_span(offs, i):
    """Span of the closest significant token before index i."""
    for t, a, b in reversed(offs[:i]):
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT,
                          tokenize.DEDENT) and a < b:
            return a, b
    return None


def _deletion(code, offs, i, detail):
    t, a, b = offs[i]
    prev = _prev_token_span(offs, i)
    if prev is None:
        return None
    new = code[:a] + code[b:]
    pa, pb = prev  # prev is before a, so unchanged
    return new, pa, pb, detail


def op_missing_colon(code, tree, idx):
    offs = _offsets(code)
    for i, (t, a, b) in enumerate(offs):
        if t.type == tokenize.OP and t.string == ":":
            nxt = [x for x in offs[i + 1:i + 3] if x[0].type != tokenize.COMMENT]
            if nxt and nxt[0][0].type == tokenize.NEWLINE:
                r = _deletion(code, offs, i, "delete ':'")
                if r:
                    yield r


def op_missing_bracket(code, tree, idx):
    offs = _offsets(code)
    for i, (t, a, b) in enumerate(offs):
        if t.type == tokenize.OP and t.string in ")]}":
            r = _deletion(code, offs, i, f"delete '{t.string}'")
            if r:
                yield r


def op_missing_quote(code, tree, idx):
    offs = _offsets(code)
    for t, a, b in offs:
        if t.type == tokenize.STRING and "\n" not in t.string:
            s = t.string
            body = s.lstrip("rRbBuUfF")
            if body[:3] in ('"""', "'''") or len(body) < 2:
                continue
            new = code[:b - 1] + code[b:]
            yield new, a, b - 1, "delete closing quote"


def op_missing_operand(code, tree, idx):
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.right, ATOMS):
            a0 = idx.node_span(node.left)[1]
            ra, rb = idx.node_span(node.right)
            if code[ra:rb].count("\n"):
                continue
            sp = _find_in_gap(code, a0, ra, BIN_PATTERNS[type(node.op)])
            if not sp:
                continue
            oa, ob = sp
            new = code[:ob] + code[rb:]
            yield new, oa, ob, f"delete operand {code[ra:rb]}"


KEYWORDS = sorted(set(keyword.kwlist) - {"async", "await"})


def _misspell(word, rng):
    i = rng.randrange(len(word) - 1)
    if rng.random() < 0.5 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


def op_misspelled_keyword(code, tree, idx, rng=None):
    rng = rng or random.Random(0)
    offs = _offsets(code)
    for t, a, b in offs:
        if t.type == tokenize.NAME and t.string in KEYWORDS and len(t.string) >= 2:
            repl = _misspell(t.string, rng)
            if repl and not keyword.iskeyword(repl):
                yield _replace(code, a, b, repl), a, a + len(repl), f"{t.string} -> {repl}"


def op_bad_indentation(code, tree, idx):
    offs = _offsets(code)
    starts = idx.starts
    prev_sig = None
    for i, (t, a, b) in enumerate(offs):
        if t.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.NL, tokenize.COMMENT):
            continue
        first_of_line = prev_sig is None or prev_sig.type == tokenize.NEWLINE
        prev_sig = t
        if not first_of_line or t.type == tokenize.ENDMARKER or t.start[0] == 1:
            continue
        line_start = starts[t.start[0] - 1]
        indent = code[line_start:a]
        if "\t" in indent or indent.strip():
            continue
        if len(indent) >= 1:  # dedent by one space: "unindent does not match"
            new = code[:line_start] + indent[1:] + code[a:]
            yield new, a - 1, b - 1, "unindent by one space"
        new = code[:line_start] + indent + "  " + code[a:]
        yield new, a + 2, b + 2, "indent by two spaces"


# ---------------------------------------------------------------- registry
SEMANTIC = {
    "inverted_comparison": op_inverted_comparison,
    "boundary_comparison": op_boundary_comparison,
    "wrong_arithmetic": op_wrong_arithmetic,
    "wrong_boolean": op_wrong_boolean,
    "variable_misuse": op_variable_misuse,
    "swapped_arguments": op_swapped_arguments,
    "swapped_operands": op_swapped_operands,
    "off_by_one": op_off_by_one,
    "dropped_not": op_dropped_not,
}
SYNTAX = {
    "missing_colon": op_missing_colon,
    "missing_bracket": op_missing_bracket,
    "missing_quote": op_missing_quote,
    "missing_operand": op_missing_operand,
    "misspelled_keyword": op_misspelled_keyword,
    "bad_indentation": op_bad_indentation,
}
OPERATORS = {**SEMANTIC, **SYNTAX}
KINDS = [CLEAN] + list(OPERATORS)  # label index order used by the format-1 model (unchanged)
# semantic corruptions used by the token-level (format 2) design and the file metric, not format-1 labels
EXTRA_SEMANTIC = {"added_not": op_added_not, "true_false": op_true_false}
ALL_OPERATORS = {**OPERATORS, **EXTRA_SEMANTIC}
KIND_INFO = {
    CLEAN: "no bug",
    "inverted_comparison": "comparison looks inverted; repair: negate it (< to >=, == to !=, is to is not, in to not in)",
    "boundary_comparison": "comparison boundary looks wrong; repair: toggle '=' (< to <=, > to >=)",
    "wrong_arithmetic": "arithmetic or bitwise operator looks wrong (+/-, * and /, // and %, << and >>, & and |)",
    "wrong_boolean": "boolean operator looks wrong; repair: 'and' <-> 'or'",
    "variable_misuse": "this variable looks misused: another variable in scope was probably meant",
    "swapped_arguments": "call arguments look swapped; repair: swap the two arguments",
    "swapped_operands": "operands look swapped; repair: swap them",
    "off_by_one": "constant looks off by one; repair: +1 or -1",
    "dropped_not": "a 'not' looks missing before this expression; repair: insert 'not'",
    "missing_colon": "':' expected after this token",
    "missing_bracket": "a closing bracket looks missing after this token",
    "missing_quote": "unterminated string literal",
    "missing_operand": "operand missing after this operator",
    "misspelled_keyword": "misspelled keyword",
    "bad_indentation": "indentation looks wrong",
    "added_not": "a 'not' looks wrong here; repair: delete it",
    "true_false": "True/False looks swapped",
}


KIND_WEIGHT = {"variable_misuse": 1.0, "swapped_arguments": 1.0, "off_by_one": 1.0,
               "boundary_comparison": 8.0, "dropped_not": 8.0, "wrong_boolean": 8.0,
               "missing_operand": 8.0, "swapped_operands": 4.0}


def candidates(code: str, kind: str, rng=None, tree=None, idx=None):
    """All valid mutations of `kind` for `code` (checked: semantic parse, syntax do not).
    `tree` and `idx` (the parse and LineIndex of `code`) save parsing again for every kind."""
    if tree is None:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            return []
    idx = idx or LineIndex(code)
    fn = ALL_OPERATORS[kind]
    gen = fn(code, tree, idx, rng) if kind == "misspelled_keyword" else fn(code, tree, idx)
    out, seen = [], set()
    for new, a, b, detail in gen:
        if new == code or new in seen or not (0 <= a < b <= len(new)):
            continue
        seen.add(new)
        out.append(Mutation(kind, "syntax" if kind in SYNTAX else "semantic", new, a, b, detail))
    return out


def is_valid(m: Mutation, original: str) -> bool:
    if m.category == "semantic":
        try:
            return ast.dump(ast.parse(m.code)) != ast.dump(ast.parse(original))
        except (SyntaxError, ValueError):
            return False
    return not _parses(m.code)


def mutate(code: str, rng: random.Random, kinds=None, max_tries: int = 8) -> Mutation | None:
    """One random valid mutation, kind chosen uniformly among `kinds` that apply."""
    kinds = list(kinds or OPERATORS)
    # weighted shuffle: kinds that rarely apply go first when they do apply, to balance the mix
    kinds.sort(key=lambda k: -rng.random() ** (1.0 / KIND_WEIGHT.get(k, 3.0)))
    for kind in kinds[:max_tries]:
        cands = candidates(code, kind, rng)
        rng.shuffle(cands)
        for m in cands[:4]:
            if is_valid(m, code):
                return m
    return None
