"""CPython's verdict on Python sources, for the parser agreement test.

stdin: JSON {"files": [path, ...], "sources": {id: text, ...}}
       optional "ast_files": [path, ...]: node positions for the AST comparison
stdout: JSON {path_or_id: null | [lineno, offset, msg, exception_name], "ast:" + path: [sorted "Type l c el ec"]}
Files are compiled from bytes (so PEP 263 cookies apply), sources from str; both with compile(..., 'exec').
"""
import json
import sys
import warnings


def verdict(src, name):
    try:
        compile(src, name, "exec", dont_inherit=True)
        return None
    except SyntaxError as e:
        return [e.lineno or 0, e.offset or 0, e.msg, type(e).__name__]
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        return [0, 0, str(e), type(e).__name__]


def ast_positions(path):
    import ast

    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    out = []

    def visit(node, skip):
        name = type(node).__name__
        if hasattr(node, "lineno") and not skip and name != "FormattedValue":
            out.append(f"{name} {node.lineno} {node.col_offset} {node.end_lineno} {node.end_col_offset}")
        for child in ast.iter_child_nodes(node):
            visit(child, skip or name == "JoinedStr")

    visit(tree, False)
    return sorted(out)


def main():
    warnings.simplefilter("ignore")
    req = json.load(sys.stdin)
    out = {}
    for path in req.get("files", []):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            out[path] = [0, 0, str(e), "OSError"]
            continue
        out[path] = verdict(data, path)
    for path in req.get("ast_files", []):
        out["ast:" + path] = ast_positions(path)
    for key, text in req.get("sources", {}).items():
        out[key] = verdict(text, key)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main()
