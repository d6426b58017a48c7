"""The bake-off table: several designs trained at an equal CPU budget, judged by the file metric of one run.

    python -m pyvalidator.bakeoff --metric runs/bake/filemetric.json --run rtd=runs/bake/rtd \
        --run sequence=runs/bake/seq --run ranking=runs/bake/rank --out runs/bake/bakeoff.md

Score of a design = mean of `located at Warning` (at its own threshold of <= 1 false Warning per 1,000 clean
lines) over wrong_operator, variable_misuse and swapped_arguments; the winner has the highest score.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

TARGET_GROUPS = ["wrong_operator", "variable_misuse", "swapped_arguments"]


def run_facts(run: Path) -> dict:
    """Steps, budget used and examples seen, from rtd_train's or train's own files."""
    run = Path(run)
    if (run / "model" / "rtd_model.json").exists():
        m = json.loads((run / "model" / "rtd_model.json").read_text())
        return {"steps": m["steps"], "cpu_minutes": m["budget_minutes_used"], "clock": m["clock"],
                "params": m["n_params"]}
    m = json.loads((run / "model" / "validator_model.json").read_text())
    cfg = json.loads((run / "train_config.json").read_text())
    return {"steps": m["steps"], "cpu_minutes": m["train_minutes"], "clock": cfg.get("clock", "wall"),
            "params": m["n_params"]}


def score(model_result: dict) -> float:
    loc = model_result["operating_points"]["warning"]["located"]
    return sum(loc[g] for g in TARGET_GROUPS) / len(TARGET_GROUPS)


def table(metric: dict, runs: dict[str, Path], describe: dict[str, str]) -> tuple[str, str]:
    head = ("| design | budget (min, clock) | steps | params | located at Warning: wrong operator | variable misuse "
            "| swapped arguments | all semantic | syntax | false Warning / kLOC | located at Information: "
            "semantic | false Information / kLOC | score |")
    rows = [head, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    best, best_s = None, -1.0
    for name, r in metric["models"].items():
        w, i = r["operating_points"]["warning"], r["operating_points"]["information"]
        f = run_facts(runs[name]) if name in runs else {}
        s = score(r)
        if name in runs and s > best_s:
            best, best_s = name, s
        budget = f"{f['cpu_minutes']:.1f} {f['clock']}" if f else "shipped"
        rows.append(f"| {name}: {describe.get(name, '')} | {budget} | {f.get('steps', '')} | {f.get('params', '')} | "
                    + " | ".join(f"{w['located'][g]:.3f}" for g in TARGET_GROUPS + ["semantic", "syntax"])
                    + f" | {w['false_per_kloc']:.2f} | {i['located']['semantic']:.3f} | {i['false_per_kloc']:.2f} "
                      f"| {s:.3f} |")
    return "\n".join(rows), best


DESCRIBE = {"bake_rtd": "token-rtd (replaced-token detection + repair head, every token labelled)",
            "bake_seq": "today's sequence classifier (kind head + location pointer)",
            "bake_rank": "sequence classifier + pairwise ranking of each original against its variant",
            "shipped": "the shipped format-1 model (about 160 CPU-minutes of training)"}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--metric", type=Path, required=True)
    ap.add_argument("--run", action="append", default=[], help="NAME=RUN_DIR")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--note", default="")
    args = ap.parse_args(argv)
    metric = json.loads(args.metric.read_text())
    runs = dict(s.split("=", 1) for s in args.run)
    runs = {k: Path(v) for k, v in runs.items()}
    tab, best = table(metric, runs, DESCRIBE)
    text = "\n".join(["## Bake-off", "", metric["split_note"] + ". Each design at its own thresholds chosen on "
                      + metric["threshold_split_note"] + ".", "", tab, "",
                      f"Winner by score (mean located at Warning over {', '.join(TARGET_GROUPS)}): **{best}**.",
                      "", args.note]).rstrip() + "\n"
    args.out.write_text(text)
    (args.out.with_suffix(".json")).write_text(json.dumps({"winner": best, "scores": {
        n: score(r) for n, r in metric["models"].items()}}, indent=1))
    print(text)
    return best


if __name__ == "__main__":
    main()
