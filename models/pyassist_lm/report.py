"""One Markdown table from several evaluation runs, to compare backends side by side.

    python -m pyassist_lm.report runs/eval-openai/results.json runs/eval-local/results.json [--out table.md]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .evaluate import results_table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pyassist_lm.report", description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="+", help="results.json files written by pyassist_lm.evaluate")
    ap.add_argument("--out", help="write the table here as well as to stdout")
    a = ap.parse_args(argv)
    results = []
    for p in a.results:
        try:
            r = json.loads(Path(p).read_text(encoding="utf-8"))
            r["metrics"], r["model"], r["task"]  # noqa: B018 (shape check)
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as e:
            print(f"report: error: {p}: not a results.json of pyassist_lm.evaluate ({e})", file=sys.stderr)
            return 1
        results.append(r)
    ks = sorted({int(k.split("@")[1]) for r in results for k in r["metrics"] if k.startswith("pass@")}) or [1]
    table = results_table(results, ks)
    sys.stdout.write(table)
    if a.out:
        Path(a.out).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
