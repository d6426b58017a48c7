#!/usr/bin/env python3
"""Agreement of pyassist's flow and calls layer with pylint, per message symbol.

Runs pylint (from a venv of the benchmark's own, never the server's: `python3 -m venv bench/.venv &&
bench/.venv/bin/pip install pylint`) with only the matching messages enabled, and `pyassist check
--no-validator --format json` over the same files, then prints one row per symbol: how many findings each
tool makes, how many match (same file, line and symbol; for the two assignment symbols also the name), pylint's
findings pyassist reports under the other assignment symbol or as names.undefined-name (pyflakes' textual
check, which the names layer already makes), and the findings only one tool makes. --show N lists up to N
disagreements per symbol.

Usage: python3 bench/flow_agreement.py [--lib DIR] [--packages a,b] [--no-stdlib] [--sample N] [--limit N] [--show N]
       [--pylint PATH] [-j N] [--pylint-only] [--cached-only] [--verdicts FILE]
After the table per symbol it prints one per package, the disagreements counted by their verdict in
bench/flow_agreement_verdicts.txt (real bug, needs types, needs values, pylint's false alarm) and the rest listed as
unexplained.
Default files: the top-level modules of the standard library of pyenv's 3.12 (Lib/*.py), plus the packages
named by --packages (sub-folders of --lib, or of /usr/lib/python3/dist-packages when there). pylint's output
is cached in bench/out/ by the file list, pylint's version and the symbols, so a rerun only runs pyassist.
Needs the server jar (`mvn -q -B -pl server -DskipTests package`).
"""
import argparse
import ast
import collections
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SYMBOLS = {
    "used-before-assignment": "flow", "possibly-used-before-assignment": "flow", "unreachable": "flow",
    "self-assigning-variable": "flow", "comparison-with-itself": "flow", "duplicate-key": "flow",
    "return-in-init": "flow", "assert-on-tuple": "flow", "literal-comparison": "flow",
    "too-many-function-args": "calls", "no-value-for-parameter": "calls", "unexpected-keyword-arg": "calls",
    "arguments-out-of-order": "calls",
}
ASSIGNMENT = {"used-before-assignment", "possibly-used-before-assignment"}
DIST = Path("/usr/lib/python3/dist-packages")


def default_lib():
    root = Path(os.path.expanduser("~/.pyenv/versions"))
    for v in sorted(root.glob("3.12*"), reverse=True):
        lib = v / "lib" / "python3.12"
        if lib.is_dir():
            return lib
    import sysconfig
    return Path(sysconfig.get_paths()["stdlib"])


def files(lib, packages, limit, stdlib=True, sample=0):
    out = sorted(Path(p) for p in glob.glob(str(lib / "*.py"))) if stdlib else []
    for pkg in packages:
        base = lib / pkg if (lib / pkg).is_dir() else DIST / pkg
        if not base.is_dir():
            print(f"note: package {pkg} not found (neither {lib / pkg} nor {DIST / pkg}); skipped", file=sys.stderr)
            continue
        found = sorted(p for p in base.rglob("*.py") if "/tests/" not in str(p) and "/test/" not in str(p))
        if sample and len(found) > sample:  # every k-th file: the same sample on every run
            found = [found[i * len(found) // sample] for i in range(sample)]
        out.extend(found)
    good = []
    for p in out:
        try:
            ast.parse(p.read_text(encoding="utf-8"))
            good.append(p)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            pass  # deliberate syntax errors (lib2to3 data and the like): neither tool has anything to compare
    return good[:limit] if limit else good


def name_of(message):
    # pylint: "Using variable 'x' before assignment"; pyassist the same start
    if "'" in message:
        return message.split("'")[1]
    return ""


def run_pylint(pylint, paths, jobs=1, chunk=100, cached_only=False, group=lambda p: ""):
    """pylint's messages over paths, in chunks of files each cached in bench/out/ by its file list, pylint's
    version and the symbols: a rerun, or a run over more packages, only runs pylint on chunks it has not seen,
    and an interrupted run keeps the chunks it finished. Returns (messages, CPU-s of the chunks run or cached,
    chunks from the cache, chunks in all)."""
    version = subprocess.run([pylint, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    OUT.mkdir(parents=True, exist_ok=True)
    messages, cpu, cached = [], 0.0, 0
    skipped = []
    groups = {}  # chunked per package, so that a run over several packages reuses each one's cache
    for p in paths:
        groups.setdefault(group(p), []).append(p)
    chunks = [g[i:i + chunk] for g in groups.values() for i in range(0, len(g), chunk)]
    for n, part in enumerate(chunks):
        names = [str(p) for p in part]
        digest = hashlib.sha256(("\n".join(names) + version + ",".join(SYMBOLS)).encode()).hexdigest()[:16]
        cache = OUT / f"pylint-{digest}.json"
        if cache.exists():
            data = json.loads(cache.read_text())
            messages.extend(data["messages"])
            cpu += data["cpu_s"]
            cached += 1
            continue
        if cached_only:
            skipped.extend(part)  # not run yet: left out of this comparison
            continue
        t0 = os.times()
        r = subprocess.run([pylint, "--disable=all", "--enable=" + ",".join(SYMBOLS), "--output-format=json",
                            "--score=n", "--persistent=n", "-j", str(jobs), *names], capture_output=True, text=True)
        t1 = os.times()
        try:
            found = json.loads(r.stdout or "[]")
        except json.JSONDecodeError:
            print(f"pylint gave no JSON for {names[0]} and the {len(names) - 1} after it: {r.stderr[-300:]}",
                  file=sys.stderr)
            continue  # not cached: the next run tries this chunk again
        used = (t1.children_user + t1.children_system) - (t0.children_user + t0.children_system)
        cache.write_text(json.dumps({"messages": found, "cpu_s": used, "files": names}))
        messages.extend(found)
        cpu += used
        print(f"pylint: chunk {n + 1}/{len(chunks)} ({names[0]} ...), {used:.0f} CPU-s", file=sys.stderr,
              flush=True)
    return messages, cpu, cached, len(chunks), skipped


def run_pyassist(paths, opt_in=True):
    """pyassist's findings, with the opt-in flow.possiblyUnboundGlobals on (through [tool.pyassist] in a
    pyproject.toml of the run's directory) unless opt_in is false."""
    jar = ROOT / "server" / "target" / "pyassist.jar"
    found = []
    chunk = 200
    workdir = tempfile.mkdtemp(prefix="flow-agreement-")
    if opt_in:
        Path(workdir, "pyproject.toml").write_text("[tool.pyassist.flow]\npossiblyUnboundGlobals = true\n")
    for i in range(0, len(paths), chunk):
        r = subprocess.run(["java", "-jar", str(jar), "check", "--no-validator", "--format", "json", "-j", "1",
                            *map(str, paths[i:i + chunk])], capture_output=True, text=True, cwd=workdir)
        report = json.loads(r.stdout)
        for f in report["files"]:
            for d in f["diagnostics"]:
                found.append((str(Path(f["path"]).resolve()), d))
    return found


def init_lines(path, cache={}):
    """Line of each `return` inside an __init__ -> the def's line (pylint reports the def, pyassist the return)."""
    if path not in cache:
        m = {}
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Return):
                        m[sub.lineno] = node.lineno
        cache[path] = m
    return cache[path]


VERDICTS = {"bug": "pyassist only, a real bug in that code",
            "types": "pylint only, needs type inference (the callee or value comes from another module, a"
                     " super() or cls(), an attribute of a value)",
            "values": "pylint only, needs value inference: which branch runs (a loop's first iteration, a flag or a"
                      " test read again, one value's cases), which pyassist leaves to the code",
            "pylint-false": "pylint only, a false alarm of pylint's (the code cannot fail there)"}


def load_verdicts(path):
    """{(relative path, line, symbol, name): (verdict, reason)} from lines `path:line symbol[ name] | verdict |
    reason`, paths relative to --lib; # starts a comment."""
    out = {}
    if not path.exists():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        where, verdict, reason = (x.strip() for x in line.split("|", 2))
        loc, symbol, *name = where.split()
        file, _, lineno = loc.rpartition(":")
        if verdict not in VERDICTS:
            raise SystemExit(f"{path}: unknown verdict {verdict!r} in: {raw}")
        out[(file, int(lineno), symbol, name[0] if name else "")] = (verdict, reason)
    return out


def by_package(lib, pylint, mine, undefined, verdicts, messages_of, opt_in=frozenset()):
    """One row per package (the first folder under --lib; the library's top level as `stdlib`): findings of
    each tool over all symbols, those both make (also under the other assignment symbol or as names), and the
    disagreements by verdict; `unexplained` ones are not in the verdicts file yet and are listed."""
    rows = collections.defaultdict(collections.Counter)
    unexplained = []
    used = set()
    for symbol in SYMBOLS:
        p, a = pylint[symbol], mine[symbol]
        twin = (ASSIGNMENT - {symbol}).pop() if symbol in ASSIGNMENT else None
        for side, keys, others in (("pylint", p, a | (mine[twin] if twin else set()) | undefined),
                                   ("pyassist", a, p | (pylint[twin] if twin else set()))):
            for k in keys:
                rel = os.path.relpath(k[0], lib)
                pkg = rel.split(os.sep)[0] if os.sep in rel else "stdlib"
                row = rows[pkg]
                row[side] += 1
                if k in others:
                    row["both " + side] += 1
                    if side == "pyassist" and (symbol, k) in opt_in:
                        row["both, opt-in"] += 1
                    continue
                v = verdicts.get((rel, k[1], symbol, k[2]))
                if v is None:
                    row[side + " only, unexplained"] += 1
                    unexplained.append(f"{side} only: {rel}:{k[1]} {symbol}{' ' + k[2] if k[2] else ''}"
                                       f"  {messages_of.get((symbol, k), '')}")
                else:
                    used.add((rel, k[1], symbol, k[2]))
                    row[side + " only, " + v[0]] += 1
    print()
    cols = ["pylint", "pyassist", "both", "both, opt-in", "pyassist only, bug", "pyassist only, unexplained", "pylint only, types",
            "pylint only, values", "pylint only, pylint-false", "pylint only, unexplained"]
    print("| package | " + " | ".join(cols) + " |")
    print("| --- |" + " ---: |" * len(cols))
    total = collections.Counter()
    for pkg in sorted(rows):
        r = rows[pkg]
        r["both"] = r["both pyassist"]
        total.update(r)
        print(f"| {pkg} | " + " | ".join(str(r[c]) for c in cols) + " |")
    if len(rows) > 1:
        print("| all | " + " | ".join(str(total[c]) for c in cols) + " |")
    print("\nboth: pyassist's findings pylint also makes (same file and line; the name and the symbol, or the other"
          " assignment symbol); both, opt-in: of those, the ones of the opt-in flow.possiblyUnboundGlobals. bug / types / values / pylint-false: verdicts from " + "bench/flow_agreement_verdicts.txt.")
    stale = [k for k in verdicts if k not in used]
    for u in unexplained:
        print("  unexplained " + u)
    if stale:
        print(f"  ({len(stale)} verdicts name no disagreement of this run: files not in it, or fixed)")
    return stale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", type=Path, default=default_lib())
    ap.add_argument("--packages", default="", help="comma-separated packages to add (stdlib or dist-packages)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--no-stdlib", action="store_true", help="only the packages, not the library's top level")
    ap.add_argument("--sample", type=int, default=0, help="at most N files per package, evenly spread")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--pylint", default=str(ROOT / "bench" / ".venv" / "bin" / "pylint"))
    ap.add_argument("--jobs", "-j", type=int, default=1, help="pylint's -j")
    ap.add_argument("--cached-only", action="store_true",
                    help="compare only the files whose pylint chunk is cached (while a long pylint run goes on)")
    ap.add_argument("--pylint-only", action="store_true", help="only fill pylint's cache (run it ahead, per package)")
    ap.add_argument("--drop-stale", action="store_true",
                    help="remove from the verdicts file those naming no disagreement of this run (run over all files)")
    ap.add_argument("--no-opt-in", action="store_true",
                    help="pyassist with its defaults only (without the opt-in flow.possiblyUnboundGlobals)")
    ap.add_argument("--verdicts", type=Path, default=ROOT / "bench" / "flow_agreement_verdicts.txt",
                    help="the disagreements looked at, each with its verdict (see the file's head)")
    args = ap.parse_args()
    paths = [p.resolve() for p in files(args.lib, [p for p in args.packages.split(",") if p], args.limit,
                                        not args.no_stdlib, args.sample)]
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
    print(f"files: {len(paths)} ({lines:,} lines) from {args.lib}"
          + (f" + {args.packages}" if args.packages else ""))
    lib = args.lib.resolve()

    def package_of(p):
        rel = os.path.relpath(p, lib)
        return rel.split(os.sep)[0] if os.sep in rel else ""

    messages, cpu, cached, chunks, skipped = run_pylint(args.pylint, paths, args.jobs, cached_only=args.cached_only,
                                                        group=package_of)
    if skipped:
        left = set(skipped)
        paths = [p for p in paths if p not in left]
        print(f"--cached-only: {len(skipped)} files whose pylint chunk has not run are left out; {len(paths)} compared")
    print(f"pylint: {len(messages)} findings, {cpu:.0f} CPU-s" + (f" ({cached} of {chunks} chunks cached)"
                                                                  if cached else ""))
    if args.pylint_only:
        return
    pylint = collections.defaultdict(set)
    pylint_said = {}
    for m in messages:
        if m["symbol"] in SYMBOLS:
            name = name_of(m["message"]) if m["symbol"] in ASSIGNMENT else ""
            key = (str(Path(m["path"]).resolve()), m["line"], name)
            pylint[m["symbol"]].add(key)
            pylint_said[(m["symbol"], key)] = m["message"]
    mine = collections.defaultdict(set)
    undefined = set()
    messages_of = {}
    opt_in = set()
    for path, d in run_pyassist(paths, not args.no_opt_in):
        code = d["code"]
        if code == "names.undefined-name":
            undefined.add((path, d["line"], d.get("data", {}).get("name", name_of(d["message"]))))
            continue
        layer, _, symbol = code.partition(".")
        if symbol not in SYMBOLS or SYMBOLS[symbol] != layer:
            continue
        line = d["line"]
        if symbol == "return-in-init":
            line = init_lines(path).get(line, line)
        name = d.get("data", {}).get("name", "") if symbol in ASSIGNMENT else ""
        k = (path, line, name)
        mine[symbol].add(k)
        messages_of[(symbol, k)] = d["message"]
        if d.get("data", {}).get("optIn"):
            opt_in.add((symbol, k))
    print()
    header = f"{'symbol':34} {'pylint':>6} {'pyassist':>8} {'both':>5} {'other sym':>9} {'names':>5}" \
             f" {'pylint only':>11} {'pyassist only':>13}"
    print(header)
    print("-" * len(header))
    for symbol in SYMBOLS:
        p, a = pylint[symbol], mine[symbol]
        both = p & a
        other = set()
        if symbol in ASSIGNMENT:
            twin = (ASSIGNMENT - {symbol}).pop()
            other = (p - a) & mine[twin]
        names = (p - a - other) & undefined
        p_only = p - a - other - names
        a_only = a - p
        if symbol in ASSIGNMENT:
            twin = (ASSIGNMENT - {symbol}).pop()
            a_only = a_only - pylint[twin]
        print(f"{symbol:34} {len(p):6} {len(a):8} {len(both):5} {len(other):9} {len(names):5} {len(p_only):11}"
              f" {len(a_only):13}")
        if args.show:
            for k in sorted(p_only)[:args.show]:
                print(f"    pylint only:   {k[0]}:{k[1]} {k[2]}")
            for k in sorted(a_only)[:args.show]:
                print(f"    pyassist only: {k[0]}:{k[1]} {messages_of.get((symbol, k), '')}")
    stale = by_package(args.lib, pylint, mine, undefined, load_verdicts(args.verdicts), {**pylint_said, **messages_of},
                       opt_in)
    if args.drop_stale and stale:  # the verdicts of disagreements this run no longer has (fixed, or now both)
        gone = {f"{f}:{line} {symbol}{' ' + name if name else ''}" for f, line, symbol, name in stale}
        kept = [raw for raw in args.verdicts.read_text(encoding="utf-8").splitlines()
                if raw.lstrip().startswith("#") or not raw.strip() or raw.split("|", 1)[0].strip() not in gone]
        args.verdicts.write_text("\n".join(kept) + "\n", encoding="utf-8")
        print(f"--drop-stale: {len(stale)} verdicts removed from {args.verdicts}")
    print("\nboth: same file, line and symbol (and name, for the assignment symbols); other sym: pylint's finding"
          " made by pyassist under the other assignment symbol; names: made by the names layer as"
          " names.undefined-name (pyflakes' check); pyassist only excludes findings pylint makes under the other"
          " assignment symbol.")


if __name__ == "__main__":
    main()
