#!/usr/bin/env python3
"""Names-layer parity with pyflakes on the whole CPython standard library.

Runs pyflakes (Debian's python3-pyflakes, through /usr/bin/python3 bench/pyflakes_ref.py) and pyassist's names
layer (dev.pyassist.names.NamesParityDump, from the test classes) over the same stdlib and prints, for
undefined names, unused imports and unused variables (and, for information, redefinitions and star imports):
how many findings each reports, the share of pyflakes' findings pyassist also reports (recall) and the share
of pyassist's findings pyflakes also reports (precision). A finding matches on (file, kind group, line, name).
Disagreements are listed with --show.

Usage: python3 bench/names_parity.py [--root STDLIB] [--show N] [--pyflakes-compat]
(--root defaults to the running python3's standard library; test data with deliberate syntax errors is skipped
on both sides; with --pyflakes-compat a package's __init__.py is analysed like pyflakes does, reporting its
unused imports, which pyassist otherwise treats as re-exports)
Needs `mvn -q -B -pl server test-compile` first (the script builds the classpath with the dependency plugin).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "UndefinedName": "undefined names", "UndefinedExport": "undefined names", "UndefinedLocal": "undefined names",
    "UnusedImport": "unused imports", "UnusedVariable": "unused variables",
    "RedefinedWhileUnused": "redefinitions", "ImportShadowedByLoopVar": "redefinitions",
    "ImportStarUsed": "star imports", "ImportStarUsage": "star imports",
}


def classpath():
    cp_file = ROOT / "server" / "target" / "names-classpath.txt"
    if not cp_file.exists():
        subprocess.run(["mvn", "-q", "-B", "-pl", "server", "dependency:build-classpath",
                        f"-Dmdep.outputFile={cp_file}"], cwd=ROOT, check=True)
    deps = cp_file.read_text().strip()
    return os.pathsep.join([str(ROOT / "server/target/test-classes"), str(ROOT / "server/target/classes"), deps])


def load(lines):
    out = []
    for line in lines:
        if line.strip():
            out.append(json.loads(line))
    return out


def key(f):
    return (f["file"], GROUPS.get(f["kind"], f["kind"]), f["line"], f["name"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("--show", type=int, default=0, help="list up to N disagreements per group")
    ap.add_argument("--pyflakes-compat", action="store_true",
                    help="analyse __init__.py like pyflakes (report its unused imports)")
    ap.add_argument("--ast-json", help="(development) analyse CPython's ASTs dumped as JSON instead of parsing")
    args = ap.parse_args()
    ref = load(subprocess.run(["/usr/bin/python3", str(ROOT / "bench/pyflakes_ref.py"), args.root],
                              capture_output=True, text=True, check=True).stdout.splitlines())
    cmd = ["java", "-Xss8m", "-cp", classpath(), "dev.pyassist.names.NamesParityDump", args.root]
    if args.pyflakes_compat:
        cmd.append("--pyflakes-compat")
    if args.ast_json:
        cmd += ["--ast-json", args.ast_json]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    ours = load(proc.stdout.splitlines())
    print(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "", file=sys.stderr)
    skipped_ref = {f["file"] for f in ref if f["kind"] == "SyntaxError"}
    skipped_ours = {f["file"] for f in ours if f["kind"] in ("SyntaxError", "ParserCrash")}
    skipped = skipped_ref | skipped_ours
    if skipped_ours - skipped_ref:
        print(f"pyassist could not parse {len(skipped_ours - skipped_ref)} files pyflakes parsed:",
              sorted(skipped_ours - skipped_ref)[:10], file=sys.stderr)
    ref = [f for f in ref if f["file"] not in skipped and f["kind"] in GROUPS]
    ours = [f for f in ours if f["file"] not in skipped and f["kind"] in GROUPS]
    rc, oc = collections.Counter(map(key, ref)), collections.Counter(map(key, ours))
    files = len({f["file"] for f in ref} | {f["file"] for f in ours})
    print(f"stdlib {args.root}: files with findings {files}, files skipped (syntax errors) {len(skipped)}")
    print(f"{'rule':18} {'pyflakes':>8} {'pyassist':>8} {'both':>6} {'recall':>8} {'precision':>9}")
    for group in ["undefined names", "unused imports", "unused variables", "redefinitions", "star imports"]:
        r = collections.Counter({k: v for k, v in rc.items() if k[1] == group})
        o = collections.Counter({k: v for k, v in oc.items() if k[1] == group})
        both = sum((r & o).values())
        nr, no = sum(r.values()), sum(o.values())
        recall = both / nr if nr else 1.0
        precision = both / no if no else 1.0
        print(f"{group:18} {nr:8} {no:8} {both:6} {recall:8.1%} {precision:9.1%}")
        if args.show:
            for k in list((r - o).elements())[:args.show]:
                print("   only pyflakes:", k)
            for k in list((o - r).elements())[:args.show]:
                print("   only pyassist:", k)


if __name__ == "__main__":
    main()
