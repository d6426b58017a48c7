#!/usr/bin/python3
"""pyflakes reference findings for the names-layer parity check (run with Debian's /usr/bin/python3 + python3-pyflakes).

Usage: /usr/bin/python3 bench/pyflakes_ref.py ROOT > ref.jsonl
One JSON object per line: {"file": relative path, "kind": pyflakes message class, "line": 1-based, "name": first arg}.
Files pyflakes cannot parse (test data with deliberate syntax errors) are listed with kind "SyntaxError".
"""
import ast
import json
import os
import sys

from pyflakes import checker

KINDS = {"UndefinedName", "UndefinedExport", "UndefinedLocal", "UnusedImport", "UnusedVariable",
         "RedefinedWhileUnused", "ImportShadowedByLoopVar", "ImportStarUsed", "ImportStarUsage"}


def files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        for f in sorted(filenames):
            if f.endswith(".py"):
                yield os.path.join(dirpath, f)


def main():
    root = sys.argv[1]
    out = sys.stdout
    for path in files(root):
        rel = os.path.relpath(path, root)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            text = data.decode("utf-8")
            tree = ast.parse(data, filename=path)
        except (SyntaxError, ValueError, UnicodeDecodeError) as e:
            out.write(json.dumps({"file": rel, "kind": "SyntaxError", "line": 0, "name": str(e)[:80]}) + "\n")
            continue
        w = checker.Checker(tree, filename=path, file_tokens=checker.make_tokens(text))
        for m in w.messages:
            kind = type(m).__name__
            if kind not in KINDS:
                continue
            out.write(json.dumps({"file": rel, "kind": kind, "line": m.lineno, "name": str(m.message_args[0])}) + "\n")


if __name__ == "__main__":
    main()
