"""CPython's own syntax-error cases, with the running interpreter's verdict on each.

Run with the interpreter under test (for example ~/.pyenv/versions/3.12.1/bin/python3). It reads that
interpreter's own Lib/test files (nothing of them is copied into this repository) and extracts:
  - test_syntax's doctest examples whose expected output is a SyntaxError (or a subclass);
  - literal code arguments of _check_error (test_syntax), check (test_exceptions), assertAllRaise(SyntaxError, ...)
    (test_fstring) and check_syntax_error (all four files).
Each case is compiled with compile(src, "<case>", "exec") by this interpreter, which is the reference.

stdout: JSON {"version": "3.12", "cases": [{"id", "src" | "src_b64", "verdict"}]}, verdict null (accepted) or
[lineno, offset, msg, exception_name]. Cases are deduplicated on their source.
"""
import ast
import base64
import doctest
import json
import os
import sys
import sysconfig
import warnings

FILES = ("test_syntax.py", "test_exceptions.py", "test_fstring.py", "test_grammar.py")
CALLS = {
    "test_syntax.py": {"_check_error", "check_syntax_error"},
    "test_exceptions.py": {"check", "check_syntax_error"},
    "test_fstring.py": {"assertAllRaise", "check_syntax_error"},
    "test_grammar.py": {"check_syntax_error"},
}
ERRORS = ("SyntaxError", "IndentationError", "TabError")


def verdict(src):
    try:
        compile(src, "<case>", "exec", dont_inherit=True)
        return None
    except SyntaxError as e:
        return [e.lineno or 0, e.offset or 0, e.msg, type(e).__name__]
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        return [0, 0, str(e), type(e).__name__]


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def call_name(call):
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def code_args(call, name):
    """The code strings one call tests."""
    args = call.args
    if name == "assertAllRaise":
        if len(args) < 3 or not (isinstance(args[0], ast.Name) and args[0].id in ERRORS):
            return []
        value = literal(args[2])
        return [s for s in value if isinstance(s, (str, bytes))] if isinstance(value, (list, tuple)) else []
    if name == "check_syntax_error":
        value = literal(args[1]) if len(args) > 1 else None
    else:
        value = literal(args[0]) if args else None
    return [value] if isinstance(value, (str, bytes)) else []


def doctest_cases(tree, path):
    docs = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                docs.append((getattr(node, "lineno", 1), doc))
    out = []
    for line, doc in docs:
        try:
            examples = doctest.DocTestParser().get_examples(doc)
        except ValueError:
            continue
        for ex in examples:
            if ex.exc_msg and ex.exc_msg.split(":")[0].strip() in ERRORS:
                out.append((f"{os.path.basename(path)}:{line + ex.lineno}", ex.source))
    return out


def main():
    test_dir = os.path.join(sysconfig.get_paths()["stdlib"], "test")
    cases, seen = [], set()
    for name in FILES:
        path = os.path.join(test_dir, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), filename=path)
        found = doctest_cases(tree, path) if name == "test_syntax.py" else []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in CALLS[name]:
                for code in code_args(node, call_name(node)):
                    found.append((f"{name}:{node.lineno}", code))
        for where, code in found:
            key = (type(code).__name__, code)
            if key in seen:
                continue
            seen.add(key)
            case = {"id": where, "verdict": verdict(code)}
            if isinstance(code, bytes):
                case["src_b64"] = base64.b64encode(code).decode("ascii")
            else:
                case["src"] = code
            cases.append(case)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    json.dump({"version": version, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    main()
