#!/usr/bin/python3
"""Development aid for the names layer: dumps CPython's own AST of every file under ROOT as JSON shaped like
dev.pyassist.python.ast records (plus the text and the comments), so that
`bench/names_parity.py --ast-json OUT` can check the scope analysis against pyflakes independently of pyassist's
parser (string annotations and type comments still go through pyassist's parser).

Usage: /usr/bin/python3 bench/names_ast_dump.py ROOT OUT
"""
import ast, json, os, re, sys

CLASS = {"Expr": "ExprStmt", "arguments": "Arguments", "arg": "Arg", "keyword": "Keyword", "alias": "Alias",
         "withitem": "WithItem", "match_case": "MatchCase", "comprehension": "Comprehension"}
FIELD = {"decorator_list": "decoratorList", "kw_defaults": "kwDefaults", "type_params": "typeParams",
         "is_async": "isAsync", "kwd_attrs": "kwdAttrs", "kwd_patterns": "kwdPatterns",
         "context_expr": "contextExpr", "optional_vars": "optionalVars", "format_spec": "formatSpec"}
ENUM = {"Load": "LOAD", "Store": "STORE", "Del": "DEL", "Add": "ADD", "Sub": "SUB", "Mult": "MULT",
        "MatMult": "MATMULT", "Div": "DIV", "Mod": "MOD", "Pow": "POW", "LShift": "LSHIFT", "RShift": "RSHIFT",
        "BitOr": "BITOR", "BitXor": "BITXOR", "BitAnd": "BITAND", "FloorDiv": "FLOORDIV", "Invert": "INVERT",
        "Not": "NOT", "UAdd": "UADD", "USub": "USUB", "Eq": "EQ", "NotEq": "NOT_EQ", "Lt": "LT", "LtE": "LTE",
        "Gt": "GT", "GtE": "GTE", "Is": "IS", "IsNot": "IS_NOT", "In": "IN", "NotIn": "NOT_IN", "And": "AND",
        "Or": "OR"}


class Dumper:
    def __init__(self, text):
        self.text = text
        self.lines = re.findall(r'[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$', text)
        self.starts = [0]
        for l in self.lines:
            self.starts.append(self.starts[-1] + u16(l))

    def off(self, lineno, col):
        if lineno - 1 >= len(self.lines):
            return self.starts[-1]
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + u16(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def span(self, n):
        return self.off(n.lineno, n.col_offset), self.off(n.end_lineno, n.end_col_offset)

    def ident(self, name, start, end=None):
        if name is None:
            return None
        return {"id": name, "start": start, "end": start + u16(name) if end is None else end}

    def search(self, pattern, name, s, e):
        m = re.compile(pattern).search(self.text, s, max(e, s))
        if m:
            return self.ident(name, m.start(1), m.end(1))
        return self.ident(name, s)

    def node(self, n):
        if n is None:
            return None
        t = type(n).__name__
        out = {"_": CLASS.get(t, t)}
        if hasattr(n, "lineno") and n.lineno is not None:
            s, e = self.span(n)
        else:
            s, e = 0, u16(self.text)
        out["start"], out["end"] = s, e
        for f, v in ast.iter_fields(n):
            if f == "type_comment":
                continue
            name = FIELD.get(f, f)
            out[name] = self.value(n, t, f, v, s, e)
        if t in ("FunctionDef", "AsyncFunctionDef", "ClassDef") and "typeParams" not in out:
            out["typeParams"] = []
        if t == "Constant":
            out["kind"], out["value"] = const(n.value)
            out.pop("kind_", None)
        return out

    def value(self, n, t, f, v, s, e):
        if isinstance(v, ast.AST) and type(v).__name__ in ENUM:
            return ENUM[type(v).__name__]
        if isinstance(v, ast.AST):
            return self.node(v)
        if isinstance(v, list):
            if v and isinstance(v[0], ast.AST) and type(v[0]).__name__ in ENUM:
                return [ENUM[type(x).__name__] for x in v]
            if t in ("Global", "Nonlocal"):
                return [self.search(r"\b(" + re.escape(x) + r")\b", x, s, e) for x in v]
            if f == "kwd_attrs":
                return [self.ident(x, s) for x in v]
            return [self.node(x) if isinstance(x, ast.AST) or x is None else x for x in v]
        if t in ("FunctionDef", "AsyncFunctionDef", "ClassDef") and f == "name":
            return self.search(r"(?:def|class)\s+(" + re.escape(v) + r")\b", v, s, e)
        if t == "alias" and f == "name":
            return self.ident(v, s)
        if t == "alias" and f == "asname":
            return None if v is None else self.ident(v, e - u16(v))
        if t in ("arg", "keyword") and f == "arg":
            return self.ident(v, s)
        if t == "ImportFrom" and f == "module":
            return None if v is None else self.search(r"from\s*\.*\s*(" + re.escape(v).replace(r"\.", r"\s*\.\s*") + r")", v, s, e)
        if t == "ExceptHandler" and f == "name":
            return None if v is None else self.search(r"\bas\s+(" + re.escape(v) + r")\b", v, s, e)
        if t in ("MatchAs", "MatchStar") and f == "name":
            return None if v is None else self.ident(v, e - u16(v))
        if t == "MatchMapping" and f == "rest":
            return None if v is None else self.search(r"\*\*\s*(" + re.escape(v) + r")\b", v, s, e)
        if t == "Attribute" and f == "attr":
            return self.ident(v, e - u16(v))
        if t in ("TypeVar", "ParamSpec", "TypeVarTuple") and f == "name":
            return self.ident(v, s)
        if t == "Constant" and f == "value":
            return None
        if t == "Constant" and f == "kind":
            return None
        return v


def const(v):
    if v is None: return "NONE", "None"
    if v is True: return "TRUE", "True"
    if v is False: return "FALSE", "False"
    if v is Ellipsis: return "ELLIPSIS", "..."
    if isinstance(v, bool): pass
    if isinstance(v, int): return "INT", repr(v)
    if isinstance(v, float): return "FLOAT", repr(v)
    if isinstance(v, complex): return "COMPLEX", repr(v)
    if isinstance(v, str): return "STR", v
    if isinstance(v, bytes): return "BYTES", repr(v)
    return "NONE", repr(v)


def u16(s):
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def main():
    root, outdir = sys.argv[1], sys.argv[2]
    sys.setrecursionlimit(100000)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        for fn in sorted(filenames):
            if not fn.endswith(".py"):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, root)
            try:
                text = open(path, "rb").read().decode("utf-8")
                tree = ast.parse(text)
            except Exception:
                continue
            d = Dumper(text)
            target = os.path.join(outdir, rel + ".json")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w") as f:
                json.dump(d.node(tree), f)
            import tokenize, io
            comments = []
            for tok in tokenize.generate_tokens(io.StringIO(text).readline):
                if tok.type == tokenize.COMMENT:
                    line = d.lines[tok.start[0]-1]
                    # tokenize columns are code points
                    s = d.starts[tok.start[0]-1] + u16(line[:tok.start[1]])
                    comments.append([tok.string, s, s + u16(tok.string), tok.start[0]])
            with open(os.path.join(outdir, rel + ".comments.json"), "w") as f:
                json.dump(comments, f)
            with open(os.path.join(outdir, rel + ".txt"), "w", encoding="utf-8", newline="") as f:
                f.write(text)


main()
