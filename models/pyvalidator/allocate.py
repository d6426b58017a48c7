"""Per-detector thresholds that share one false-alarm budget so that the worst bug kind does best.

    python -m pyvalidator.allocate --val runs/prepval120.json --test runs/prep120.json \
        --model shipped=validator --sites runs/sites3 [--jar server/target/pyassist.jar] \
        --score-cache runs/fmcache --out runs/alloc.json

The joined scorer of sites_score gives every part a share of the budget fixed by weights. The targets are per
kind (wrong operator, variable misuse, swapped arguments), so here each part p (the format-1 model, the swap, op
and misuse detectors) gets its own count n_p of false findings on the clean validation files, with
sum(n_p) <= 1 per 1,000 validation lines (Warning) and <= 3 (Information, counting the Warnings too), and the
counts are searched exhaustively (Warning: every count; Information: a coarser grid) for the largest
located share of the worst target group on *bugged validation copies* (filemetric's `prepare` run with
--eval-split val: the same 120 validation files whose clean copies set the budget, one bug per kind),
ties broken by the mean of the groups, then by fewer false findings. A part with n_p = 0 and no site above
every validation finding is off.

With --jar, a bug that `pyassist check --no-validator` already locates (the exact layers: names, flow, calls)
counts as located whatever the validator does: the budget goes to what only the validator can find, as the
server shows it. The chosen thresholds are then measured on the test split (clean copies: false findings per
kLOC; bugged copies: located per group, validator alone and with the exact layers), never chosen there.
The output has filemetric's shape for a joined model (`models.alloc.part_thresholds`), which sites_export reads.
"""
from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from . import filemetric as fm
from .common import MODELS_DIR

TARGETS = ("wrong_operator", "variable_misuse", "swapped_arguments")


# ---------------------------------------------------------------- scores of each part
def unit_sites(scorer, files: list, bugs: list) -> tuple[dict, list]:
    """-> ({file path: [unit rows]}, [rows of each bug's unit]); rows [n, 4] (line, col, score, prev)."""
    if hasattr(scorer, "set_context"):
        scorer.set_context({u["text"]: f.get("sigs", {}) for f in files for u in f["units"]})
        scorer.set_context({b["text"]: b.get("sigs", {}) for b in bugs})
    clean = scorer.score([u["text"] for f in files for u in f["units"]])
    per_file, i = {}, 0
    for f in files:
        n = len(f["units"])
        per_file[f["path"]] = clean[i: i + n]
        i += n
    return per_file, scorer.score([b["text"] for b in bugs])


def part_scores(scorer, files: list, bugs: list, cap: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """-> (scores of every finding on the clean units, descending; near-bug score of each bugged copy).
    cap > 0: only a file's `cap` highest findings of this part count (a what-if for a per-file limit: false
    alarms cluster by file); a bug's site then counts only when it is among its bugged file's top `cap`."""
    per_file, bug_units = unit_sites(scorer, files, bugs)
    if cap:
        tops = [np.sort(np.concatenate([s[:, 2] for s in u if len(s)] or [np.zeros(0)]))[::-1][:cap]
                for u in per_file.values()]
        allv = np.concatenate(tops or [np.zeros(0)])
    else:
        allv = np.concatenate([s[:, 2] for u in per_file.values() for s in u if len(s)] or [np.zeros(0)])
    bug_sites = bug_units
    near = np.array([near_score(s, b["line_in_unit"]) for b, s in zip(bugs, bug_sites)])
    if cap:
        for k, (b, s) in enumerate(zip(bugs, bug_sites)):
            units = list(per_file[b["file"]])
            units[b["unit"]] = s
            v = np.sort(np.concatenate([u[:, 2] for u in units if len(u)] or [np.zeros(0)]))[::-1]
            if len(v) >= cap and near[k] < v[cap - 1]:
                near[k] = -np.inf
    return -np.sort(-allv), near


def near_score(sites: np.ndarray, line: int) -> float:
    """filemetric.near_score, but -inf with no site within +-1 line (log-odds thresholds may be below 0)."""
    near = sites[np.abs(sites[:, 0] - line) <= 1] if len(sites) else sites
    return float(near[:, 2].max()) if len(near) else -np.inf


def threshold_for(desc: np.ndarray, n: int, logit: bool) -> float:
    """The lowest threshold with at most n findings at or above it: just above the (n+1)-th highest score;
    with n >= all findings, the lowest score (everything counts)."""
    if n < len(desc):
        return float(np.nextafter(desc[n], np.inf))
    return float(desc[-1]) if len(desc) else (-np.inf if logit else 0.0)


def group_matrix(bugs: list) -> tuple[np.ndarray, list]:
    groups = list(fm.GROUPS)
    g = np.zeros((len(bugs), len(groups)))
    for i, b in enumerate(bugs):
        for j, name in enumerate(groups):
            g[i, j] = b["kind"] in fm.GROUPS[name]
    return g, groups


# ---------------------------------------------------------------- the search
def search(levels: list[np.ndarray], located: list[np.ndarray], base: np.ndarray, gm: np.ndarray,
           target_cols: list[int], budget: float, floor: list[np.ndarray] | None = None):
    """Exhaustive over one count per part. levels[p]: the candidate counts of part p (ascending); located[p]:
    bool [len(levels[p]), bugs] (the bug is located by part p at that count); base: bool [bugs] (located
    anyway); gm: [bugs, groups] membership; floor[p]: the smallest level index allowed (Information >=
    Warning). -> best level index per part."""
    P = len(levels)
    floor = floor or [0] * P
    gm = gm[:, target_cols]
    sizes = gm.sum(0)
    best = (-np.inf, None, None)
    last = P - 1
    ranges = [range(floor[p], len(levels[p])) for p in range(last)]
    for combo in itertools.product(*ranges):
        spent = sum(levels[p][i] for p, i in zip(range(last), combo))
        if spent > budget:
            continue
        hit = base.copy()
        for p, i in zip(range(last), combo):
            hit |= located[p][i]
        ok = np.nonzero((levels[last] <= budget - spent) & (np.arange(len(levels[last])) >= floor[last]))[0]
        if not len(ok):
            continue
        m = hit[None, :] | located[last][ok]  # [k, bugs]
        t = (m.astype(np.float32) @ gm) / np.maximum(sizes, 1)  # [k, target groups]
        key = t.min(1) + 1e-3 * t.mean(1) - 1e-7 * (spent + levels[last][ok])
        k = int(np.argmax(key))
        if key[k] > best[0]:
            best = (key[k], list(combo) + [int(ok[k])])
    return best[1]


def located_at(parts: list, thresholds: list, base: np.ndarray, gm: np.ndarray, groups: list) -> dict:
    hit = base.copy()
    for (_, near), t in zip(parts, thresholds):
        if t is not None:
            hit |= near >= t
    share = (hit.astype(np.float64) @ gm) / np.maximum(gm.sum(0), 1)
    return {g: float(s) for g, s in zip(groups, share)}


def false_at(parts: list, thresholds: list) -> dict:
    return {str(i): int((desc >= t).sum()) if t is not None else 0 for i, ((desc, _), t) in enumerate(zip(parts, thresholds))}


# ---------------------------------------------------------------- the exact layers
def exact_located(jar: Path, files: list, bugs: list) -> np.ndarray:
    """bool per bug: `pyassist check --no-validator` reports a Warning or Error within +-1 line of it that the
    clean copy does not have on the same line with the same code (servermetric's located_new)."""
    from . import servermetric as sm

    root = Path(tempfile.mkdtemp(prefix="allocate-"))
    clean, bugged = sm.write_tree(files, bugs, root)
    diags = sm.run_check(jar, root, "clean", None, root / "cache", 0)
    diags.update(sm.run_check(jar, root, "bugged", None, root / "cache", 0))
    clean_of = {f["path"]: p for p, f in clean.items()}
    by_bug = {id(b): p for p, b in bugged.items()}
    out = np.zeros(len(bugs), dtype=bool)
    for i, b in enumerate(bugs):
        p = by_bug[id(b)]
        before = {(d["line"], d["code"]) for d in diags.get(clean_of[b["file"]], [])}
        out[i] = any(d["severity"] in sm.AT_LEAST_WARNING and abs(d["line"] - 1 - b["line"]) <= 1
                     and (d["line"], d["code"]) not in before for d in diags.get(p, []))
    return out


# ---------------------------------------------------------------- main
def load_prepared(path: Path) -> tuple[list, list]:
    got = json.loads(Path(path).read_text())
    return got["ev"], got["bugs"]


def choose(names, logit, val_parts, val_kloc, base, gm, groups, args):
    """-> {"warning": [threshold per part], "information": [...]}, and the counts."""
    tcols = [groups.index(g) for g in TARGETS]
    out, counts = {}, {}
    prev_idx = None
    for op, per_kloc, step in (("warning", args.false_warnings, getattr(args, "warning_step", 1)),
                               ("information", args.false_information, args.info_step)):
        budget = int(np.floor(per_kloc * val_kloc + 1e-9))
        levels, located = [], []
        for (desc, near), lg in zip(val_parts, logit):
            lv = np.arange(0, budget + 1, step)
            if op == "information" and prev_idx is not None:  # the Warning counts must be reachable levels
                lv = np.unique(np.concatenate([lv, [counts["warning"][len(levels)]]]))
            th = [threshold_for(desc, int(n), lg) for n in lv]
            levels.append(lv)
            located.append(np.array([near >= t for t in th]))
        floor = None
        if op == "information":
            floor = [int(np.searchsorted(levels[p], counts["warning"][p])) for p in range(len(levels))]
        idx = search(levels, located, base, gm, tcols, budget, floor)
        counts[op] = [int(levels[p][i]) for p, i in enumerate(idx)]
        ths = []
        for p, n in enumerate(counts[op]):
            desc = val_parts[p][0]
            t = threshold_for(desc, n, logit[p])
            ths.append(None if n == 0 and not (val_parts[p][1] >= t).any() else t)
        out[op] = ths
        prev_idx = idx
    return out, counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--val", type=Path, required=True, help="filemetric prepare --eval-split val (bugged val copies)")
    ap.add_argument("--test", type=Path, required=True, help="filemetric prepare (test split)")
    ap.add_argument("--model", default=None, help="NAME=ARTIFACT of the format-1 model (omit: detectors only)")
    ap.add_argument("--sites", type=Path, required=True)
    ap.add_argument("--jar", type=Path, default=None, help="count what the exact layers locate (server level)")
    ap.add_argument("--false-warnings", type=float, default=1.0)
    ap.add_argument("--false-information", type=float, default=3.0)
    ap.add_argument("--info-step", type=int, default=4, help="grid step of the Information counts")
    ap.add_argument("--score-cache", type=Path, default=None)
    ap.add_argument("--cap-per-file", type=int, default=0,
                    help="what-if: count only each part's N highest findings per file (0 = no cap)")
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "runs" / "alloc.json")
    args = ap.parse_args(argv)
    t0 = time.time()
    val_files, val_bugs = load_prepared(args.val)
    test_files, test_bugs = load_prepared(args.test)
    from .sites_score import SiteScorer

    scorers, names = [], []
    if args.model:
        name, path = args.model.split("=", 1)
        s = fm.Scorer(Path(path))
        scorers.append(s)
        names.append(name)
    whole = SiteScorer(args.sites)
    for k in SiteScorer.KINDS:
        scorers.append(whole.only(k))
        names.append(k)
    if args.score_cache is not None:
        for n, s in zip(names, scorers):
            fm.load_scores(s, args.score_cache, n)
    logit = [getattr(s, "logit", False) for s in scorers]
    val_parts = [part_scores(s, val_files, val_bugs, args.cap_per_file) for s in scorers]
    test_parts = [part_scores(s, test_files, test_bugs, args.cap_per_file) for s in scorers]
    if args.score_cache is not None:
        for n, s in list(zip(names, scorers))[: len(names) - 2]:  # the three detectors share one store
            fm.save_scores(s, args.score_cache, n)
    print(f"allocate: scored in {time.time() - t0:.0f}s", flush=True)
    val_kloc = sum(f["n_lines"] for f in val_files) / 1000
    test_kloc = sum(f["n_lines"] for f in test_files) / 1000
    gm_v, groups = group_matrix(val_bugs)
    gm_t, _ = group_matrix(test_bugs)
    none_v, none_t = np.zeros(len(val_bugs), dtype=bool), np.zeros(len(test_bugs), dtype=bool)
    exact_v, exact_t = none_v, none_t
    if args.jar:
        exact_v, exact_t = exact_located(args.jar, val_files, val_bugs), exact_located(args.jar, test_files, test_bugs)
    res = {"note": __doc__.split("\n\n")[1].strip(), "parts": names, "val_kloc": val_kloc, "test_kloc": test_kloc,
           "val_bugs": len(val_bugs), "test_bugs": len(test_bugs), "server_level": bool(args.jar), "policies": {}}
    policies = {"validator alone": none_v}
    if args.jar:
        policies = {"with the exact layers": exact_v, "validator alone": none_v}
        res["exact_layers"] = {"val": located_at([], [], exact_v, gm_v, groups),
                               "test": located_at([], [], exact_t, gm_t, groups)}
    for pol, base_v in policies.items():
        ths, counts = choose(names, logit, val_parts, val_kloc, base_v, gm_v, groups, args)
        base_t = exact_t if pol == "with the exact layers" else none_t
        r = {"thresholds": {op: dict(zip(names, t)) for op, t in ths.items()},
             "val_false_counts": {op: dict(zip(names, c)) for op, c in counts.items()}}
        for op, t in ths.items():
            r[op] = {
                "val": {"located": located_at(val_parts, t, base_v, gm_v, groups),
                        "false_per_kloc": sum(false_at(val_parts, t).values()) / val_kloc},
                "test": {"located": located_at(test_parts, t, base_t, gm_t, groups),
                         "located_validator_alone": located_at(test_parts, t, none_t, gm_t, groups),
                         "false_per_kloc": sum(false_at(test_parts, t).values()) / test_kloc,
                         "false_per_part": dict(zip(names, false_at(test_parts, t).values()))}}
        res["policies"][pol] = r
        w = r["warning"]["test"]
        print(f"allocate [{pol}]: warning thresholds {r['thresholds']['warning']} (val false {counts['warning']}); "
              f"test false/kLOC {w['false_per_kloc']:.2f} located " +
              " ".join(f"{g} {w['located'][g]:.3f}" for g in TARGETS + ("semantic", "syntax")), flush=True)
    main_pol = res["policies"]["with the exact layers" if args.jar else "validator alone"]
    res["chosen_policy"] = "with the exact layers" if args.jar else "validator alone"
    # filemetric's shape of a joined model, for sites_export
    res["models"] = {"alloc": {"part_thresholds": main_pol["thresholds"]}}
    res["threshold_split_note"] = (f"per-detector shares of the budget, chosen on {len(val_files)} validation files "
                                   f"({int(val_kloc * 1000)} lines, {len(val_bugs)} bugged copies): at most "
                                   f"{args.false_warnings} false Warning / {args.false_information} false Information "
                                   f"per 1,000 clean lines in all (pyvalidator.allocate, {res['chosen_policy']})")
    res["seconds"] = round(time.time() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
