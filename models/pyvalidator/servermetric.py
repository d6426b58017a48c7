"""The file metric at the server's level: what `pyassist check` shows, all layers together.

    python -m pyvalidator.servermetric --jar ../server/target/pyassist.jar --max-files 120 --out runs/sm.json \
        [--model validator] [--filemetric runs/fm.json]

The same held-out files and injected bugs as filemetric (its `prepare`: the test split, one bugged copy per file
and kind where the kind applies, the same seed) are written as whole files into a temporary folder, the clean
copies and the bugged ones, and `pyassist check --format json` runs over them twice: with the validator
artifact (--model) and with --no-validator (the exact layers alone: syntax, names, flow). From its report:

- located(kind): share of the kind's bugged copies with a diagnostic at Warning or Error within +-1 line of
  the bug; `located_new` counts only diagnostics the clean copy does not have on the same line with the same
  code (a finding that was there before the bug did not find it);
- false per kLOC: Warning-or-Error (and Information) diagnostics on the clean copies per 1,000 lines.

Thresholds are the server's own (validator.json's), not chosen again: this is what a user sees. The clean copies
run first and the bugged ones second with the same cache folder, so only the bugged unit is scored again.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from . import filemetric as fm
from .common import MODELS_DIR

AT_LEAST_WARNING = ("error", "warning")


def bugged_file(f: dict, bug: dict) -> str:
    """The whole file with its bugged unit in place (the unit's text is dedented; its margin goes back on)."""
    lines = f["text"].split("\n")
    u = f["units"][bug["unit"]]
    new = bug["text"].split("\n")[:-1]
    assert len(new) == u["last"] - u["first"] + 1, "a bugged unit keeps its line count"
    margin = u.get("margin", "")
    lines[u["first"]: u["last"] + 1] = [(margin + ln) if ln else ln for ln in new]
    return "\n".join(lines)


def write_tree(files: list, bugs: list, root: Path) -> tuple[dict, dict]:
    """-> ({clean path: file}, {bugged path: bug}); paths relative to root."""
    clean, bugged = {}, {}
    index = {f["path"]: i for i, f in enumerate(files)}
    for i, f in enumerate(files):
        p = Path("clean") / f"f{i:04d}.py"
        (root / p).parent.mkdir(parents=True, exist_ok=True)
        (root / p).write_text(f["text"], encoding="utf-8")
        clean[str(p)] = f
    for b in bugs:
        i = index[b["file"]]
        p = Path("bugged") / b["kind"] / f"f{i:04d}.py"
        (root / p).parent.mkdir(parents=True, exist_ok=True)
        (root / p).write_text(bugged_file(files[i], b), encoding="utf-8")
        bugged[str(p)] = b
    return clean, bugged


def run_check(jar: Path, root: Path, folder: str, validator: Path | None, cache: Path, jobs: int) -> dict:
    """{relative path: [diagnostics]} from `pyassist check --format json` over root/folder."""
    if not (root / folder).is_dir():
        return {}
    cmd = ["java", "-jar", str(jar), "check", "--format", "json", "--progress", "never", "--cache-dir", str(cache)]
    cmd += ["--model", str(validator)] if validator else ["--no-validator"]
    cmd += ["-j", str(jobs)] if jobs else []
    res = subprocess.run(cmd + [folder], cwd=root, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        raise SystemExit(f"servermetric: check failed ({res.returncode}): {res.stderr[-2000:]}")
    try:
        report = json.loads(res.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"servermetric: check printed no JSON report ({res.returncode}): {res.stderr[-2000:]}")
    return {str(Path(x["path"])): x["diagnostics"] for x in report["files"]}


def count(clean: dict, bugged: dict, diags: dict) -> dict:
    """The metric from one configuration's diagnostics (1-based lines in the report, 0-based bug lines)."""
    lines = sum(f["n_lines"] for f in clean.values())
    warn = sum(1 for p in clean for d in diags.get(p, []) if d["severity"] in AT_LEAST_WARNING)
    info = sum(1 for p in clean for d in diags.get(p, []) if d["severity"] == "information")
    clean_of = {f["path"]: p for p, f in clean.items()}
    per_kind: dict = {}
    for p, b in bugged.items():
        near = [d for d in diags.get(p, []) if d["severity"] in AT_LEAST_WARNING and abs(d["line"] - 1 - b["line"]) <= 1]
        before = {(d["line"], d["code"]) for d in diags.get(clean_of[b["file"]], [])}
        new = [d for d in near if (d["line"], d["code"]) not in before]
        k = per_kind.setdefault(b["kind"], {"n": 0, "located": 0, "located_new": 0, "codes": {}})
        k["n"] += 1
        k["located"] += bool(near)
        k["located_new"] += bool(new)
        for d in new[:1]:
            k["codes"][d["code"]] = k["codes"].get(d["code"], 0) + 1
    groups = {}
    for g, ks in fm.GROUPS.items():
        n = sum(per_kind[k]["n"] for k in ks if k in per_kind)
        groups[g] = {"n": n, "located": sum(per_kind[k]["located"] for k in ks if k in per_kind) / n if n else None,
                     "located_new": sum(per_kind[k]["located_new"] for k in ks if k in per_kind) / n if n else None}
    codes: dict = {}  # what the Warnings on clean code are
    for p in clean:
        for d in diags.get(p, []):
            if d["severity"] in AT_LEAST_WARNING:
                codes[d["code"]] = codes.get(d["code"], 0) + 1
    return {"clean_lines": lines, "false_warning_per_kloc": 1000 * warn / lines, "information_per_kloc": 1000 * info / lines,
            "kinds": per_kind, "groups": groups, "clean_warning_codes": dict(sorted(codes.items(), key=lambda x: -x[1]))}


def validator_only(diags: dict) -> dict:
    """The same report restricted to the validator's own diagnostics (codes validator.*)."""
    return {p: [d for d in ds if d["code"].startswith("validator.")] for p, ds in diags.items()}


def measure(jar: Path, files: list, bugs: list, model: Path, jobs: int = 0, keep: Path | None = None) -> dict:
    root = Path(tempfile.mkdtemp(prefix="servermetric-")) if keep is None else keep
    try:
        clean, bugged = write_tree(files, bugs, root)
        out = {}
        for name, validator in (("server", model), ("server_no_validator", None)):
            t0 = time.time()
            cache = root / f"cache-{name}"
            diags = run_check(jar, root, "clean", validator, cache, jobs)
            diags.update(run_check(jar, root, "bugged", validator, cache, jobs))
            out[name] = count(clean, bugged, diags)
            out[name]["seconds"] = round(time.time() - t0, 1)
            if validator:
                out["validator_in_server"] = count(clean, bugged, validator_only(diags))
        return out
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def table(res: dict, alone: dict | None = None, alone_name: str = "shipped") -> str:
    """Markdown: validator alone (filemetric, at its shipped Warning threshold) beside the server's columns."""
    cols = [("validator in the server", res.get("validator_in_server")), ("server, all layers", res["server"]),
            ("server without the validator", res["server_no_validator"])]
    head = "| | " + (f"validator alone (filemetric, `{alone_name}`) | " if alone else "") + \
        " | ".join(c for c, _ in cols) + " |"
    rows = [head, "|" + " --- |" * (len(cols) + 1 + bool(alone))]
    op = None
    if alone:
        m = alone["models"][alone_name]
        op = m["operating_points"].get("shipped_warning") or m["operating_points"]["warning"]
    for g in ("wrong_operator", "variable_misuse", "swapped_arguments", "semantic", "syntax"):
        cells = [f"{100 * op['located'][g]:.1f}%"] if op else []
        for _, c in cols:
            v = c["groups"][g] if c else None
            cells.append(f"{100 * v['located']:.1f}% ({100 * v['located_new']:.1f}% new)" if v and v["n"] else "")
        rows.append(f"| located at Warning: {g.replace('_', ' ')} | " + " | ".join(cells) + " |")
    cells = [f"{op['false_per_kloc']:.2f}"] if op else []
    cells += [f"{c['false_warning_per_kloc']:.2f}" if c else "" for _, c in cols]
    rows.append("| Warnings or Errors per 1,000 clean lines | " + " | ".join(cells) + " |")
    cells = [""] if op else []
    cells += [f"{c['information_per_kloc']:.2f}" if c else "" for _, c in cols]
    rows.append("| Information per 1,000 clean lines | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", type=Path, default=MODELS_DIR.parent / "server" / "target" / "pyassist.jar")
    ap.add_argument("--model", type=Path, default=MODELS_DIR / "validator", help="validator artifact folder")
    ap.add_argument("--filemetric", type=Path, default=None, help="a filemetric result for the validator-alone column")
    ap.add_argument("--alone", default="shipped", help="the model of --filemetric to show")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "runs" / "servermetric.json")
    # the same files and bugs as filemetric
    ap.add_argument("--corpus-config", type=Path, default=fm.DATA_DIR / "corpus" / "corpus_config.json")
    ap.add_argument("--eval-split", default="test")
    ap.add_argument("--threshold-split", default="val", help="(not used here; as filemetric, so --prepared matches)")
    ap.add_argument("--max-files", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--prepared", type=Path, default=None, help="filemetric's cache of the files and bugs")
    args = ap.parse_args(argv)
    ev, _, bugs = fm.prepare(args)
    print(f"servermetric: {len(ev)} files ({sum(f['n_lines'] for f in ev)} lines), {len(bugs)} bugged copies", flush=True)
    res = measure(args.jar, ev, bugs, args.model.resolve(), args.jobs, args.keep)
    res["split_note"] = (f"{len(ev)} files of the {args.eval_split} split (by file), "
                         f"{sum(f['n_lines'] for f in ev)} lines; {len(bugs)} bugged copies (filemetric's files and bugs)")
    res["config"] = {k: str(v) for k, v in vars(args).items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1))
    alone = json.loads(args.filemetric.read_text()) if args.filemetric else None
    print(table(res, alone, args.alone))


if __name__ == "__main__":
    main()
