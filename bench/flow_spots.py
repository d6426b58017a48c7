"""Where the flow benchmarks type: inside a plain string literal of a function body of the valid 5,000-line file.

Two spots: a top-level function near the file's middle, and a method near the middle of the file's largest class
(a keystroke in a method re-analyses its whole top-level class, the unit the flow layer caches).
"""
import ast


def _string_starts(node, lines):
    """(line0, col in code points) just after the opening quotes of each plain string literal under node."""
    in_fstrings = {id(n) for f in ast.walk(node) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
    out = []
    for n in ast.walk(node):
        if not (isinstance(n, ast.Constant) and isinstance(n.value, str)) or id(n) in in_fstrings:
            continue
        line = lines[n.lineno - 1]
        col = len(line.encode("utf-8")[:n.col_offset].decode("utf-8"))
        for quote in ('"""', "'''", '"', "'"):
            if line.startswith(quote, col):
                out.append((n.lineno - 1, col + len(quote)))
                break
    return sorted(out)


def _nearest(candidates, middle):
    """The function or method nearest `middle` (a line) that has a string literal in its body, and the spot."""
    best = None
    for node, spots in candidates:
        if spots:
            distance = abs((node.lineno + node.end_lineno) / 2 - middle)
            if best is None or distance < best[0]:
                best = (distance, node, spots[len(spots) // 2])
    return best[1], best[2]


def keystroke_spots(text):
    """[(label, line0, col)]: where to type, as (0-based line, column in code points)."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    functions = [(n, _string_starts(n, lines)) for n in tree.body if isinstance(n, ast.FunctionDef)]
    fn, (fl, fc) = _nearest(functions, len(lines) / 2)
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    cls = max(classes, key=lambda c: c.end_lineno - c.lineno)
    methods = [(n, _string_starts(n, lines)) for n in cls.body if isinstance(n, ast.FunctionDef)]
    m, (ml, mc) = _nearest(methods, (cls.lineno + cls.end_lineno) / 2)
    return [(f"function {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)", fl, fc),
            (f"method {cls.name}.{m.name} (class of {cls.end_lineno - cls.lineno + 1} lines)", ml, mc)]


def utf16_offset(text, line0, col):
    """The UTF-16 offset (Java's String index) of (line0, col in code points)."""
    lines = text.splitlines(keepends=True)
    prefix = "".join(lines[:line0]) + lines[line0][:col]
    return len(prefix.encode("utf-16-le")) // 2


def utf16_column(text, line0, col):
    """The LSP character (UTF-16) of (line0, col in code points)."""
    line = text.splitlines(keepends=True)[line0]
    return len(line[:col].encode("utf-16-le")) // 2
