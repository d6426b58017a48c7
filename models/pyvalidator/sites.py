"""Per-site features for the DeepBugs-style detectors (format 3's `sites` component).

Three kinds of site in one unit of code, each described by names split into subtokens (hashed) and,
for variable misuse, a few counts per candidate name:

- swap:   each adjacent pair of positional arguments of a call (the sites op_swapped_arguments mutates), with the
          callee's parameter names at those positions when a function of that name is defined in the same file
          (`signatures`), and which argument's name shares a subtoken with which parameter;
- op:     each comparison operator, and each arithmetic/bitwise operator of a BinOp or AugAssign
          (the sites of op_inverted_comparison, op_boundary_comparison, op_wrong_arithmetic);
- misuse: each load of a name of the unit's first function (the sites of op_variable_misuse), with the
          names it could have been (other locals defined on an earlier or the same line, never `self`).

The Java server computes the same features (server/.../validator/SiteFeatures.java); a golden file written by
tests/test_sites.py keeps the two equal. Tokens are hashed with 32-bit FNV-1a over UTF-8 into `buckets`
(id 0 = padding). Shapes: swap tokens [S_SWAP, T], op tokens [S, T]; misuse context [2, T], candidates [K, T] and [K, F].
"""
from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field

from .common import LineIndex
from .mutations import ARITH_SWAP, BIN_PATTERNS, OP_PATTERNS, _find_in_gap

T = 6  # tokens per slot
S = 4  # slots of an op site
S_SWAP = 7  # slots of a swap site: callee, the two arguments, context, the two parameters, name matches
K = 8  # candidates of a misuse site (the current name first)
F = 9  # numbers per misuse candidate
BUCKETS = 1 << 15
MAX_SUB = 4
OPS = ["<", "<=", ">", ">=", "==", "!=", "is", "is not", "in", "not in",
       "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"]
N_COMPARISONS = 10  # OPS[:10] compare, the rest are arithmetic/bitwise
CMP_TEXT = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
            ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
BIN_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
            ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|",
            ast.BitXor: "^", ast.MatMult: "@"}
_SUB = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def token_id(text: str) -> int:
    return fnv1a(text) % (BUCKETS - 1) + 1


def subtokens(name: str) -> list[str]:
    """`maxLen`, `max_len`, `MAXLEN2` -> [max, len], [max, len], [maxlen, 2] (lower case, at most MAX_SUB)."""
    return [s.lower() for s in _SUB.findall(name)][:MAX_SUB]


def callee_name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def const_tokens(v) -> list[str]:
    if isinstance(v, bool):
        return ["K:bool", "V:" + str(v)]
    if v is None:
        return ["K:none"]
    if v is Ellipsis:
        return ["K:ellipsis"]
    if isinstance(v, int):
        return ["K:int"] + (["V:" + str(v)] if -1 <= v <= 10 else [])
    if isinstance(v, float):
        return ["K:float"]
    if isinstance(v, complex):
        return ["K:complex"]
    if isinstance(v, bytes):
        return ["K:bytes"]
    return ["K:str"] + (["V:empty"] if v == "" else ["V:char"] if len(v) == 1 else [])


def describe(node) -> list[str]:
    """What an operand or argument is, in words: its kind, its full name, its name's subtokens."""
    if isinstance(node, ast.Name):
        out = ["K:name", "F:" + node.id] + subtokens(node.id)
    elif isinstance(node, ast.Attribute):
        out = ["K:attr", "F:" + node.attr] + subtokens(node.attr)
    elif isinstance(node, ast.Call):
        name = callee_name(node.func)
        out = ["K:call"] + (["F:" + name] + subtokens(name) if name else [])
    elif isinstance(node, ast.Constant):
        out = const_tokens(node.value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        v = node.operand.value
        out = ["K:neg"] + (["V:-" + str(v)] if type(v) is int and v <= 10 else [])
    elif isinstance(node, ast.Subscript):
        out = ["K:sub"] + describe(node.value)[1:]
    else:
        out = ["K:" + type(node).__name__]
    return out[:T]


@dataclass
class Site:
    kind: str  # swap | op | misuse
    start: int  # code-point offset of the suspicious token in the unit (swap: the first argument)
    end: int  # end of the suspicious span (swap: end of the second argument)
    tokens: list  # [slots][<=T] strings
    current: str = ""  # op: the operator; misuse: the name used
    cands: list = field(default_factory=list)  # misuse: candidate names (current first)
    nums: list = field(default_factory=list)  # misuse: [K][F]
    exact: bool = False  # swap: the flow layer's exact case (exact_swap)


def _parents(tree):
    par = {}
    for n in ast.walk(tree):
        for c in ast.iter_child_nodes(n):
            par[c] = n
    return par


def _stmt_of(node, par):
    while node in par and not isinstance(node, ast.stmt):
        node = par[node]
    return node


def _context(node, par) -> list[str]:
    """Where an expression sits: its parent's type, the enclosing statement's type, and the name of a call
    it is an argument of or of the target it is assigned to."""
    p = par.get(node)
    st = _stmt_of(node, par)
    out = ["P:" + type(p).__name__, "G:" + type(st).__name__]
    if isinstance(p, ast.Call) and node is not p.func:
        name = callee_name(p.func)
        out += ["C:" + name] + subtokens(name)[:2] if name else []
    elif isinstance(st, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        tgt = st.targets[0] if isinstance(st, ast.Assign) else st.target
        out += ["A:" + t for t in describe(tgt)[1:4]]
    return out[:T]


def signatures(tree) -> dict:
    """Positional parameter names of every function defined in a module, by name (a first `self` or `cls`
    dropped, so a method's list lines up with the arguments of `obj.method(...)`); a name defined twice with
    different parameters is left out (None), since a call could mean either."""
    out = {}
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            ps = [a.arg for a in n.args.posonlyargs + n.args.args]
            if ps and ps[0] in ("self", "cls"):
                ps = ps[1:]
            out[n.name] = ps if out.get(n.name, ps) == ps else None
    return {k: v for k, v in out.items() if v is not None}


def _name_words(node) -> set:
    d = describe(node)
    return {w for w in d if ":" not in w}


def param_slots(x, y, i: int, params) -> list[list[str]]:
    """The swap site's last three slots: the parameters at positions i and i + 1 of the callee and which
    argument shares a name subtoken with which parameter (`M:xp` = the first argument with the first parameter,
    `M:xq` = with the second; `M:unknown` when the callee is not defined in the file)."""
    if params is None or i + 1 >= len(params):
        return [[], [], ["M:unknown"]]
    p, q = params[i], params[i + 1]
    sp, sq, sx, sy = set(subtokens(p)), set(subtokens(q)), _name_words(x), _name_words(y)
    m = ["M:known"] + [tag for tag, hit in (("M:xp", sx & sp), ("M:xq", sx & sq), ("M:yp", sy & sp),
                                            ("M:yq", sy & sq)) if hit]
    return [(["P:" + p] + subtokens(p))[:T], (["P:" + q] + subtokens(q))[:T], m[:T]]


def exact_swap(x, y, i: int, params) -> bool:
    """Both arguments are plain names that are the callee's parameters at each other's position: the flow layer's
    exact check (calls.arguments-out-of-order) reports this case, so the learned detector does not repeat it."""
    return (params is not None and i + 1 < len(params) and isinstance(x, ast.Name) and isinstance(y, ast.Name)
            and x.id == params[i + 1] and y.id == params[i])


def swap_sites(tree, idx, par, sigs=None) -> list[Site]:
    sigs = sigs or {}
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and len(node.args) >= 2):
            continue
        name = callee_name(node.func)
        callee = ["F:" + name] + subtokens(name) if name else ["K:" + type(node.func).__name__]
        base = node.func.value if isinstance(node.func, ast.Attribute) else None
        if base is not None:
            callee.append("B:" + (describe(base)[1] if len(describe(base)) > 1 else describe(base)[0]))
        for i, (x, y) in enumerate(zip(node.args, node.args[1:])):
            if isinstance(x, ast.Starred) or isinstance(y, ast.Starred):
                continue
            (xa, xb), (ya, yb) = idx.node_span(x), idx.node_span(y)
            ctx = ["I:" + str(min(i, 3)), "N:" + str(min(len(node.args), 5))] + _context(node, par)[:T - 2]
            params = sigs.get(name) if name else None
            s = Site("swap", xa, yb, [callee[:T], describe(x), describe(y), ctx[:T]] + param_slots(x, y, i, params))
            s.exact = exact_swap(x, y, i, params)
            out.append(s)
    return out


def op_sites(code, tree, idx, par) -> list[Site]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            prev = node.left
            for op, comp in zip(node.ops, node.comparators):
                sp = _find_in_gap(code, idx.node_span(prev)[1], idx.node_span(comp)[0], OP_PATTERNS[type(op)])
                if sp:
                    text = CMP_TEXT[type(op)]
                    out.append(Site("op", sp[0], sp[1], [["O:" + text, "M:cmp"], describe(prev), describe(comp),
                                                         _context(node, par)], current=text))
                prev = comp
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in ARITH_SWAP:
            aug = isinstance(node, ast.AugAssign)
            left, right = (node.target, node.value) if aug else (node.left, node.right)
            pat = BIN_PATTERNS[type(node.op)] + ("=" if aug else "")
            sp = _find_in_gap(code, idx.node_span(left)[1], idx.node_span(right)[0], pat)
            if sp:
                text = BIN_TEXT[type(node.op)]
                out.append(Site("op", sp[0], sp[1], [["O:" + text, "M:aug" if aug else "M:bin"], describe(left),
                                                     describe(right), _context(node, par)], current=text))
    return out


def _role(node, par) -> list[str]:
    """The use's own context: what is done with the name."""
    p = par.get(node)
    if isinstance(p, ast.Attribute):
        return ["R:attr", "F:" + p.attr] + subtokens(p.attr)
    if isinstance(p, ast.Call):
        if node is p.func:
            return ["R:func"]
        name = callee_name(p.func)
        pos = p.args.index(node) if node in p.args else -1
        return ["R:arg", "I:" + str(min(pos, 3))] + (["F:" + name] + subtokens(name) if name else [])
    if isinstance(p, ast.keyword):
        return ["R:kw", "F:" + (p.arg or "")] + subtokens(p.arg or "")
    if isinstance(p, (ast.BinOp, ast.Compare, ast.BoolOp)):
        others = [c for c in ast.iter_child_nodes(p) if isinstance(c, ast.expr) and c is not node]
        return ["R:" + type(p).__name__] + (describe(others[0])[:T - 1] if others else [])
    if isinstance(p, ast.Subscript):
        return ["R:subvalue" if node is p.value else "R:index"] + (describe(p.slice if node is p.value else p.value)[:T - 1])
    return ["R:" + type(p).__name__]


def local_names(fn) -> dict:
    """Parameters (line 0), stored names and nested def/class names of a function -> {name: first line}
    (the names op_variable_misuse swaps in, by their earliest line: independent of the walk order)."""
    out = {}
    a = fn.args
    for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]:
        if p is not None:
            out[p.arg] = 0
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out[n.id] = min(out.get(n.id, n.lineno), n.lineno)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not fn:
            out[n.name] = min(out.get(n.name, n.lineno), n.lineno)
    return out


def misuse_sites(tree, idx, par) -> list[Site]:
    fns = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not fns:
        return []
    fn = fns[0]
    defined = local_names(fn)
    if len(defined) < 2:
        return []
    params = {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs + [fn.args.vararg, fn.args.kwarg]
              if a is not None}
    loads, stores, by_line = {}, {}, {}
    for n in ast.walk(fn):
        if isinstance(n, ast.Name):
            by_line.setdefault(n.lineno, []).append(n)
            (loads if isinstance(n.ctx, ast.Load) else stores).setdefault(n.id, []).append(n)
    store_lines = {v: sorted([line] + [s.lineno for s in stores.get(v, [])]) for v, line in defined.items()}
    out = []
    for n in ast.walk(fn):
        if not (isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in defined):
            continue
        others = [v for v, line in defined.items() if v != n.id and line <= n.lineno and v != "self"]
        if not others:
            continue
        st = _stmt_of(n, par)

        def last_def(v):
            before = [ln for ln in store_lines[v] if ln <= n.lineno]
            return before[-1] if before else 0
        others.sort(key=lambda v: (n.lineno - last_def(v), v))
        cands = [n.id] + others[: K - 1]
        role = _role(n, par)
        tgt = []
        if isinstance(st, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For)):
            t = st.targets[0] if isinstance(st, ast.Assign) else st.target
            tgt = ["A:" + s for s in describe(t)[1:4]]
        ctx_tokens = [role[:T], (["G:" + type(st).__name__] + tgt)[:T]]
        ctx_words = {s.split(":", 1)[1].lower() for slot in ctx_tokens for s in slot if ":" in s} | \
                    {s for slot in ctx_tokens for s in slot if ":" not in s}
        tgt_names = set()
        if isinstance(st, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For)):
            for t in (st.targets if isinstance(st, ast.Assign) else [st.target]):
                tgt_names |= {m.id for m in ast.walk(t) if isinstance(m, ast.Name)}
        line_names = by_line.get(n.lineno, [])
        nums = []
        for j, v in enumerate(cands):
            lds = [m for m in loads.get(v, []) if m is not n]
            same_line = any(m.id == v and m is not n for m in line_names)
            is_tgt = v in tgt_names
            subs = subtokens(v)
            nums.append([1.0 if j == 0 else 0.0, math.log1p(len(lds)), 1.0 if not lds else 0.0,
                         math.log1p(len(stores.get(v, []))), 1.0 if v in params else 0.0,
                         min(n.lineno - last_def(v), 50) / 50.0, 1.0 if same_line else 0.0, 1.0 if is_tgt else 0.0,
                         float(sum(1 for s in subs if s in ctx_words))])
        a, b = idx.node_span(n)
        out.append(Site("misuse", a, b, ctx_tokens, current=n.id, cands=cands, nums=nums))
    return out


def extract(code: str, tree=None, sigs=None, kinds=("swap", "op", "misuse")) -> list[Site]:
    """The sites of a unit, in the order swap, op, misuse (each in ast.walk order); sigs = signatures() of the
    file the unit is in (None: the unit's own); kinds = which kinds (training data needs one per mutant)."""
    if tree is None:
        tree = ast.parse(code)
    if sigs is None:
        sigs = signatures(tree)
    idx, par = LineIndex(code), _parents(tree)
    return ((swap_sites(tree, idx, par, sigs) if "swap" in kinds else [])
            + (op_sites(code, tree, idx, par) if "op" in kinds else [])
            + (misuse_sites(tree, idx, par) if "misuse" in kinds else []))


def encode_tokens(slots, n_slots) -> list[list[int]]:
    """[n_slots][T] hashed ids (0 = padding)."""
    out = []
    for i in range(n_slots):
        slot = slots[i] if i < len(slots) else []
        ids = [token_id(t) for t in slot[:T]]
        out.append(ids + [0] * (T - len(ids)))
    return out


def encode_misuse(site: Site):
    """-> context ids [2][T], candidate ids [K][T], numbers [K][F], mask [K]."""
    ctx = encode_tokens(site.tokens, 2)
    cand, nums, mask = [], [], []
    for j in range(K):
        if j < len(site.cands):
            cand.append(encode_tokens([["F:" + site.cands[j]] + subtokens(site.cands[j])], 1)[0])
            nums.append(site.nums[j])
            mask.append(1.0)
        else:
            cand.append([0] * T)
            nums.append([0.0] * F)
            mask.append(0.0)
    return ctx, cand, nums, mask


def golden(sources: list[str]) -> list[dict]:
    """The features of each source's sites, for the Java parity test (offsets in code points)."""
    out = []
    for code in sources:
        rows = []
        for s in sorted(extract(code), key=lambda s: (s.kind, s.start, s.end)):
            row = {"kind": s.kind, "start": s.start, "end": s.end, "tokens": s.tokens, "current": s.current}
            if s.kind == "swap":
                row["exact"] = s.exact
            if s.kind == "misuse":
                ctx, cand, nums, mask = encode_misuse(s)
                row.update(cands=s.cands, nums=[[round(v, 6) for v in r] for r in s.nums], ids=ctx, cand_ids=cand)
            else:
                row["ids"] = encode_tokens(s.tokens, S_SWAP if s.kind == "swap" else S)
            rows.append(row)
        out.append({"code": code, "sites": rows})
    return out
