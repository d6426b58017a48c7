"""Step 1: build the corpus of Python units (functions, methods, classes, module blocks).

    python -m pyvalidator.corpus --out data/corpus [--debian] [--max-files N]

Sources: the running CPython's standard library and, with --debian, the Debian
packages in DEBIAN_PACKAGES, fetched with `apt-get download` and unpacked with
`dpkg-deb -x` under data/debian (nothing is installed system-wide).
Units are de-duplicated (exact and whitespace/comment/docstring-insensitive)
and split train/val/test by file, so no file contributes to two splits.
"""
from __future__ import annotations

import argparse
import ast
import io
import subprocess
import sys
import sysconfig
import textwrap
import tokenize
from collections import Counter
from pathlib import Path

from .common import DATA_DIR, save_config, stable_hash, write_jsonl

DEBIAN_PACKAGES = ["python3-django", "python3-sympy", "python3-sklearn",
                   "python3-matplotlib", "python3-numpy", "python3-requests"]
SPLITS = ("train", "val", "test")
MAX_UNIT_LINES = 60
MAX_UNIT_CHARS = 3000
MAX_CLASS_LINES = 40
MAX_BLOCK_LINES = 25


# ---------------------------------------------------------------- sources
def stdlib_files(root: Path | None = None) -> list[tuple[str, Path, Path]]:
    root = Path(root or sysconfig.get_paths()["stdlib"])
    out = []
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root)
        if rel.parts and rel.parts[0] in ("site-packages", "dist-packages"):
            continue
        out.append(("stdlib", root, p))
    return out


def fetch_debian(dest: Path, packages=DEBIAN_PACKAGES) -> Path:
    """Download the .deb files with apt and unpack them (no install); returns the unpack root."""
    debs = dest / "debs"
    root = dest / "root"
    debs.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    have = {p.name.split("_")[0] for p in debs.glob("*.deb")}
    missing = [p for p in packages if p not in have]
    if missing:
        subprocess.run(["apt-get", "download", *missing], cwd=debs, check=True,
                       stdout=subprocess.DEVNULL)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root / "usr" / "lib" / "python3" / "dist-packages"


def debian_files(site: Path) -> list[tuple[str, Path, Path]]:
    out = []
    for p in sorted(site.rglob("*.py")):
        out.append(("debian", site, p))
    return out


# ---------------------------------------------------------------- extraction
def _lines_of(source: str) -> list[str]:
    return source.splitlines(keepends=True)


def _segment(lines: list[str], start: int, end: int) -> str | None:
    """Lines start..end (1-based, inclusive), dedented; None if the result does not parse."""
    code = textwrap.dedent("".join(lines[start - 1:end]))
    if not code.endswith("\n"):
        code += "\n"
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    return code


def extract_units(source: str, path: str) -> list[dict]:
    """Functions and methods (any nesting level except inside functions), small classes,
    and blocks of consecutive module-level statements."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    if "\f" in source or "\x0b" in source:
        return []  # form feeds confuse line handling; rare
    lines = _lines_of(source)
    units: list[dict] = []

    def start_line(node) -> int:
        decos = getattr(node, "decorator_list", [])
        return min([node.lineno] + [d.lineno for d in decos])

    def add(kind, qual, node, start, end):
        if end - start + 1 > MAX_UNIT_LINES:
            return
        code = _segment(lines, start, end)
        if code is None or len(code) > MAX_UNIT_CHARS:
            return
        doc = None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            doc = ast.get_docstring(node)
        units.append({"path": path, "qualname": qual, "kind": kind, "code": code,
                      "docstring": doc, "line": start})

    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                add("method" if prefix and prefix[-1][0] == "class" else "function",
                    ".".join(n for _, n in prefix + [("f", node.name)]), node,
                    start_line(node), node.end_lineno)
            elif isinstance(node, ast.ClassDef):
                qual = prefix + [("class", node.name)]
                if node.end_lineno - start_line(node) + 1 <= MAX_CLASS_LINES:
                    add("class", ".".join(n for _, n in qual), node, start_line(node), node.end_lineno)
                visit(node.body, qual)

    visit(tree.body, [])
    # module-level blocks: runs of statements that are not defs/classes/imports/docstrings
    block: list[ast.stmt] = []

    def flush():
        if block:
            s, e = block[0].lineno, block[-1].end_lineno
            add("module_block", f"<module>:{s}", block[0], s, e)
            block.clear()

    for i, node in enumerate(tree.body):
        plain = not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                      ast.Import, ast.ImportFrom))
        is_doc = (i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                  and isinstance(node.value.value, str))
        if plain and not is_doc:
            if block and node.end_lineno - block[0].lineno + 1 > MAX_BLOCK_LINES:
                flush()
            block.append(node)
        else:
            flush()
    flush()
    # keep only blocks that contain something beyond constant assignments
    return [u for u in units if u["kind"] != "module_block" or _interesting_block(u["code"])]


def _interesting_block(code: str) -> bool:
    tree = ast.parse(code)
    return any(isinstance(n, (ast.Compare, ast.BinOp, ast.BoolOp, ast.Call, ast.If, ast.For,
                              ast.While, ast.Try)) for n in ast.walk(tree))


# ---------------------------------------------------------------- dedup / split
def near_dup_key(code: str) -> str:
    """Token stream without comments, blank lines, indentation and docstrings."""
    out = []
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code
    at_stmt_start, skipping_doc = True, False
    for t in toks:
        if t.type in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
                      tokenize.ENDMARKER):
            continue
        if skipping_doc:
            skipping_doc = False
            if t.type == tokenize.NEWLINE:  # the string was a whole statement: drop it
                at_stmt_start = True
                continue
            out.append(doc)  # not a statement on its own after all
        if t.type == tokenize.STRING and at_stmt_start:
            skipping_doc, doc = True, t.string  # docstring-like statement
            at_stmt_start = False
            continue
        out.append(t.string)
        at_stmt_start = t.type == tokenize.NEWLINE
    return " ".join(out)


def split_of(source: str, path: str, val_pct: int = 5, test_pct: int = 5) -> str:
    b = stable_hash(f"{source}:{path}") % 100
    if b < 100 - val_pct - test_pct:
        return "train"
    return "val" if b < 100 - test_pct else "test"


def build(files, val_pct=5, test_pct=5, log=print) -> tuple[dict, dict]:
    """Extract, de-duplicate and split. Returns ({split: units}, stats)."""
    seen_exact, seen_near = set(), set()
    splits = {s: [] for s in SPLITS}
    stats = Counter()
    for source, root, p in files:
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            stats["unreadable_files"] += 1
            continue
        rel = str(p.relative_to(root))
        split = split_of(source, rel, val_pct, test_pct)
        units = extract_units(text, rel)
        stats["files"] += 1
        stats[f"files_{split}"] += 1
        for u in units:
            stats["units_extracted"] += 1
            h1 = stable_hash(u["code"])
            if h1 in seen_exact:
                stats["dup_exact"] += 1
                continue
            seen_exact.add(h1)
            h2 = stable_hash(near_dup_key(u["code"]))
            if h2 in seen_near:
                stats["dup_near"] += 1
                continue
            seen_near.add(h2)
            u["source"] = source
            u["split"] = split
            u["id"] = f"{source}:{rel}:{u['qualname']}"
            splits[split].append(u)
    for s in SPLITS:
        stats[f"units_{s}"] = len(splits[s])
    return splits, dict(stats)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DATA_DIR / "corpus")
    ap.add_argument("--debian", action="store_true", help="also use the allowed Debian packages")
    ap.add_argument("--debian-dir", type=Path, default=DATA_DIR / "debian")
    ap.add_argument("--stdlib", type=Path, default=None, help="stdlib root (default: this Python's)")
    ap.add_argument("--max-files", type=int, default=0, help="use only the first N files (tests)")
    ap.add_argument("--val-pct", type=int, default=5)
    ap.add_argument("--test-pct", type=int, default=5)
    args = ap.parse_args(argv)
    files = stdlib_files(args.stdlib)
    if args.debian:
        files += debian_files(fetch_debian(args.debian_dir))
    if args.max_files:
        files = files[: args.max_files]
    splits, stats = build(files, args.val_pct, args.test_pct)
    for s in SPLITS:
        write_jsonl(args.out / f"{s}.jsonl", splits[s])
    save_config(args.out, "corpus", args, stats=stats, python=sys.version,
                debian_packages=DEBIAN_PACKAGES if args.debian else [])
    print("corpus:", stats)
    return stats


if __name__ == "__main__":
    main()
