"""Document-level ranking: each part shows at most its top-K findings per file, thresholds chosen under that cap.

    python -m pyvalidator.docrank --val runs/prepval120.json --test runs/prep120.json \
        --model shipped=validator --sites runs/sites2 --jar ../server/target/pyassist.jar \
        --score-cache runs/fmcache --out runs/docrank.json [--max-files 40]

The per-site detectors' false alarms cluster by file, a real bug is usually the one site of its file that stands
out. So every policy here ranks a part's (the format-1 model's, each detector's) findings within a file and keeps
the top K of them (K per part; 0 = no cap), optionally on a score relative to the file's own sites:

- `raw`: the site's own score;
- `gap`: s + alpha * (s - s2), s2 the file's highest other site of that part (a site that stands out rises);
- `center`: s - beta * mean of the part's sites in the file.

Relative scores apply to the detectors (log-odds); the format-1 model's probabilities always rank raw.

For each policy the per-part thresholds are chosen on the validation files by allocate.choose (each part its own
count of false findings, at most 1 false Warning / 3 false Information per 1,000 clean lines in all, the best
worst-kind located share on bugged validation copies; with --jar, what the exact layers locate needs no budget),
then measured on the test files, in the same run as the shipped policy (validator.json's thresholds, no cap).
The policy to ship is the one with the best validation objective (never chosen on test); the output holds all.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from . import allocate as al
from . import filemetric as fm
from .common import MODELS_DIR

TARGETS = al.TARGETS
DETECTORS = ("swap", "op", "misuse")


# ---------------------------------------------------------------- a part's sites per file
unit_sites = al.unit_sites


def transform(scores: np.ndarray, how: str, param: float) -> np.ndarray:
    """A file's scores of one part -> the scores it is ranked and thresholded by."""
    if how == "raw" or len(scores) == 0:
        return scores
    if how == "gap":
        order = np.argsort(-scores)
        top, second = scores[order[0]], (scores[order[1]] if len(scores) > 1 else None)
        other = np.full(len(scores), top)  # the highest other site: the top for all but the top itself
        other[order[0]] = second if second is not None else top - 1.0  # alone in its file: a margin of 1
        return scores + param * (scores - other)
    if how == "center":
        return scores - param * scores.mean()
    raise ValueError(how)


def file_values(units: list, how: str, param: float, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """-> (ranked scores of the file's kept findings, per site the unit index and line) for one part."""
    rows = [(k, u) for k, u in enumerate(units) if len(u)]
    if not rows:
        return np.zeros(0), np.zeros((0, 2))
    s = np.concatenate([u[:, 2] for _, u in rows])
    where = np.concatenate([np.stack([np.full(len(u), k), u[:, 0]], 1) for k, u in rows])
    v = transform(s, how, param)
    if cap:
        keep = np.argsort(-v, kind="stable")[:cap]
        mask = np.zeros(len(v), dtype=bool)
        mask[keep] = True
        v = np.where(mask, v, -np.inf)
    return v, where


def part_values(per_file: dict, bug_units: list, bugs: list, how: str, param: float, cap: int):
    """allocate.part_scores under a ranking policy -> (descending kept scores on the clean files, near-bug score
    of each bugged copy: the best kept site within +-1 line of the bug in its unit, -inf if none)."""
    allv = []
    for units in per_file.values():
        v, _ = file_values(list(units), how, param, cap)
        allv.append(v[np.isfinite(v)])
    allv = np.concatenate(allv or [np.zeros(0)])
    near = np.full(len(bugs), -np.inf)
    for i, (b, s) in enumerate(zip(bugs, bug_units)):
        units = list(per_file[b["file"]])
        units[b["unit"]] = s
        v, where = file_values(units, how, param, cap)
        ok = (where[:, 0] == b["unit"]) & (np.abs(where[:, 1] - b["line_in_unit"]) <= 1) if len(v) else []
        if len(v) and ok.any():
            near[i] = float(v[ok].max())
    return -np.sort(-allv), near


# ---------------------------------------------------------------- the shipped policy
def shipped_thresholds(artifact: Path, names: list) -> dict:
    """validator.json's thresholds per part ({op: [t per part]}), None for a part that is off."""
    vj = json.loads((artifact / "validator.json").read_text())
    out = {}
    for op in ("warning", "information"):
        row = []
        for n in names:
            if n in ("swap", "op", "misuse"):
                t = vj.get("sites", {}).get("thresholds", {}).get(n)
                row.append(None if t is None else t[op])
            else:
                t = vj["thresholds"][op]
                row.append(t["threshold"] if isinstance(t, dict) else t)
        out[op] = row
    return out


def measure(parts, thresholds, base, gm, groups, kloc) -> dict:
    ws, infos = thresholds["warning"], thresholds["information"]
    return {"located": al.located_at(parts, ws, base, gm, groups),
            "false_warning_per_kloc": sum(al.false_at(parts, ws).values()) / kloc,
            "false_warning_per_part": list(al.false_at(parts, ws).values()),
            # Information counts the Warnings too (the budget is on all findings)
            "findings_per_kloc": sum(al.false_at(parts, infos).values()) / kloc,
            "located_information": al.located_at(parts, infos, base, gm, groups)}


def objective(located: dict) -> float:
    v = [located[g] for g in TARGETS]
    return min(v) + 1e-3 * float(np.mean(v))


def parse_policy(spec: str, names: list) -> dict:
    """'raw:1' (cap 1 for every part), 'raw:shipped=0,swap=1,op=1,misuse=2', 'gap@1.0:1', 'center@0.5:1'."""
    head, _, caps = spec.partition(":")
    how, _, param = head.partition("@")
    if "=" in caps:
        got = dict(kv.split("=") for kv in caps.split(","))
        cap = [int(got.get(n, 0)) for n in names]
    else:
        cap = [int(caps or 0)] * len(names)
    return {"name": spec, "how": how, "param": float(param or 0.0), "cap": cap}


# ---------------------------------------------------------------- into an artifact
def export(result: dict, policy: str, artifact: Path, sites_dir: Path) -> dict:
    """Writes a policy's thresholds (sites_export: the main model's and each detector's) and its caps
    (`document_ranking.top_k`, read by the server's DocumentRanking) into artifact/validator.json."""
    from .sites_export import export as sites_export

    r = result["policies"][policy]
    how = r["policy"]["how"]
    if how not in ("raw", "gap"):
        raise SystemExit(f"docrank: error: the server ranks raw scores or by the gap; policy {policy!r} ranks {how!r}")
    names = result["parts"]
    main_name = names[0] if names[0] not in ("swap", "op", "misuse") else None
    note = (f"document-level ranking {policy!r} (pyvalidator.docrank): per-part thresholds chosen under the cap on "
            f"{result['val']['files']} validation files ({int(result['val']['kloc'] * 1000)} lines, "
            f"{result['val']['bugs']} bugged copies), at most 1.0 false Warning / 3.0 false Information per 1,000 "
            f"clean lines in all" + (", what the exact layers locate needing no budget" if result["server_level"] else ""))
    metric = {"threshold_split_note": note,
              "models": {"rank": {"part_thresholds": {op: dict(zip(names, t)) for op, t in r["thresholds"].items()},
                                  "threshold_note": note}}}
    entry = sites_export(artifact, sites_dir, metric, "rank", main_name or "shipped")
    vj_path = artifact / "validator.json"
    vj = json.loads(vj_path.read_text())
    caps = {("model" if n == main_name else n): int(c) for n, c in zip(names, r["policy"]["cap"]) if c}
    t = r["test"]["with_exact"]
    vj["document_ranking"] = {"top_k": caps}
    if how == "gap":
        rel = [n for n in DETECTORS if caps.get(n) == 1]
        if len(rel) != sum(1 for n, c in zip(names, r["policy"]["cap"]) if n in DETECTORS):
            raise SystemExit("docrank: error: the server ranks by the gap only with top_k 1 for every detector")
        vj["document_ranking"]["relative"] = {"how": "gap", "alpha": r["policy"]["param"], "sources": rel}
    vj["document_ranking"].update({
        "policy": policy, "chosen_on": note,
        "test": {"files": result["test"]["files"], "kloc": round(result["test"]["kloc"], 3),
                 "false_warning_per_kloc": round(t["false_warning_per_kloc"], 3),
                 "findings_per_kloc": round(t["findings_per_kloc"], 3),
                 "located_with_exact_layers": {g: round(t["located"][g], 4) for g in TARGETS}},
        "note": "each source (the model, each per-site detector) shows at most its top_k findings per document, "
                "ranked by score; with relative.how 'gap', a detector's top site is judged by s1 + alpha * (s1 - s2), "
                "s2 the document's next site of that detector (s1 - 1 when none), and its thresholds in "
                "sites.thresholds are on that scale; all thresholds were chosen under the same policy"})
    vj_path.write_text(json.dumps(vj, indent=1))
    return {"sites": entry["thresholds"], "document_ranking": vj["document_ranking"]}


def main(argv=None):
    if argv is None:
        import sys

        argv = sys.argv[1:]
    if argv and argv[0] == "export":  # python -m pyvalidator.docrank export RESULT POLICY ARTIFACT SITES
        res, policy, artifact, sites_dir = argv[1:5]
        print(json.dumps(export(json.loads(Path(res).read_text()), policy, Path(artifact), Path(sites_dir)), indent=1))
        return None
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--val", type=Path, required=True)
    ap.add_argument("--test", type=Path, required=True)
    ap.add_argument("--model", default=None, help="NAME=ARTIFACT of the format-1 model (its validator.json is the "
                                                 "shipped policy)")
    ap.add_argument("--sites", type=Path, required=True)
    ap.add_argument("--jar", type=Path, default=None)
    ap.add_argument("--policy", action="append", default=None, help="see parse_policy (repeatable)")
    ap.add_argument("--max-files", type=int, default=0, help="use only the first N files of each prepared split")
    ap.add_argument("--false-warnings", type=float, default=1.0)
    ap.add_argument("--false-information", type=float, default=3.0)
    ap.add_argument("--info-step", type=int, default=4, help="grid step of the Information counts")
    ap.add_argument("--warning-step", type=int, default=1,
                    help="grid step of the Warning counts (2 on 281 validation files keeps the search to minutes)")
    ap.add_argument("--score-cache", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "runs" / "docrank.json")
    args = ap.parse_args(argv)
    t0 = time.time()
    splits = {}
    for name, path in (("val", args.val), ("test", args.test)):
        files, bugs = al.load_prepared(path)
        if args.max_files:
            files = files[: args.max_files]
            keep = {f["path"] for f in files}
            bugs = [b for b in bugs if b["file"] in keep]
        splits[name] = {"files": files, "bugs": bugs, "kloc": sum(f["n_lines"] for f in files) / 1000}
    from .sites_score import SiteScorer

    scorers, names = [], []
    if args.model:
        name, path = args.model.split("=", 1)
        scorers.append(fm.Scorer(Path(path)))
        names.append(name)
    whole = SiteScorer(args.sites)
    for k in SiteScorer.KINDS:
        scorers.append(whole.only(k))
        names.append(k)
    raw = {}
    for n, s in zip(names, scorers):
        if args.score_cache is not None:
            fm.load_scores(s, args.score_cache, n)
        raw[n] = {sp: unit_sites(s, d["files"], d["bugs"]) for sp, d in splits.items()}
        if args.score_cache is not None and (n == names[0] or n == names[-1]):
            fm.save_scores(s, args.score_cache, n)  # the detectors share one store: saved once, after the last
        print(f"docrank: {n} scored ({time.time() - t0:.0f}s)", flush=True)
    logit = [getattr(s, "logit", False) for s in scorers]
    for sp, d in splits.items():
        d["gm"], groups = al.group_matrix(d["bugs"])
        d["exact"] = (al.exact_located(args.jar, d["files"], d["bugs"]) if args.jar
                      else np.zeros(len(d["bugs"]), dtype=bool))
        d["none"] = np.zeros(len(d["bugs"]), dtype=bool)
    policies = [parse_policy(p, names) for p in (args.policy or ["raw:0", "raw:1", "raw:2"])]
    res = {"note": __doc__.split("\n\n")[1].strip(), "parts": names, "server_level": bool(args.jar),
           "val": {"files": len(splits["val"]["files"]), "kloc": splits["val"]["kloc"], "bugs": len(splits["val"]["bugs"])},
           "test": {"files": len(splits["test"]["files"]), "kloc": splits["test"]["kloc"],
                    "bugs": len(splits["test"]["bugs"])}, "policies": {}}
    base_key = "exact" if args.jar else "none"

    def values(pol):
        # relative scores are for the detectors' log-odds; the format-1 model's probabilities rank raw
        return {sp: [part_values(*raw[n][sp], d["bugs"], pol["how"] if n in DETECTORS else "raw", pol["param"], c)
                     for n, c in zip(names, pol["cap"])] for sp, d in splits.items()}

    if args.model:  # the shipped policy: validator.json's thresholds, no cap
        pol = parse_policy("raw:0", names)
        v = values(pol)
        th = shipped_thresholds(Path(args.model.split("=", 1)[1]), names)
        res["policies"]["shipped"] = {"policy": pol, "thresholds": th, **{
            sp: {"with_exact": measure(v[sp], th, splits[sp][base_key], splits[sp]["gm"], groups, splits[sp]["kloc"]),
                 "validator_alone": measure(v[sp], th, splits[sp]["none"], splits[sp]["gm"], groups, splits[sp]["kloc"])}
            for sp in splits}}
    for pol in policies:
        v = values(pol)
        dv = splits["val"]
        ths, counts = al.choose(names, logit, v["val"], dv["kloc"], dv[base_key], dv["gm"], groups, args)
        r = {"policy": pol, "thresholds": ths, "val_false_counts": counts}
        for sp, d in splits.items():
            r[sp] = {"with_exact": measure(v[sp], ths, d[base_key], d["gm"], groups, d["kloc"]),
                     "validator_alone": measure(v[sp], ths, d["none"], d["gm"], groups, d["kloc"])}
        r["val_objective"] = objective(r["val"]["with_exact"]["located"])
        res["policies"][pol["name"]] = r
    for name, r in res["policies"].items():
        t = r["test"]["with_exact"]
        print(f"docrank [{name}]: val obj {r.get('val_objective', float('nan')):.3f} | test W/kLOC "
              f"{t['false_warning_per_kloc']:.2f} all/kLOC {t['findings_per_kloc']:.2f} | located " +
              " ".join(f"{g} {100 * t['located'][g]:.1f}%" for g in TARGETS) +
              f" | val W/kLOC {r['val']['with_exact']['false_warning_per_kloc']:.2f}", flush=True)
    chosen = max((n for n in res["policies"] if n != "shipped"), key=lambda n: res["policies"][n]["val_objective"])
    res["chosen"] = chosen
    res["seconds"] = round(time.time() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1, default=float))
    print(f"docrank: chosen on val: {chosen}; {args.out}", flush=True)
    return res


if __name__ == "__main__":
    main()
