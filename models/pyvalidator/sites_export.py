"""Add the per-site detectors to an artifact as its `sites` component, with thresholds from a joined file metric.

    python -m pyvalidator.sites_export --artifact validator --sites runs/sites --metric runs/fm.json \
        --joined shipped+sites [--main shipped]

The joined model of the metric (filemetric --model J=join:shipped,swap,op,misuse) chose one threshold on its
common scale for at most 1 false Warning / 3 false Information per 1,000 clean validation lines, all parts
together; its `part_thresholds` are each part's own threshold at those points. They go into validator.json:
the main model's `thresholds` (it now shares the budget) and `sites.thresholds` per detector, in log-odds (design
sites-2: the detectors output log-odds). A detector that earned no share (no threshold) is left out (off). The ONNX files are copied as sites_<kind>.onnx with
their SHA-256; the feature constants are recorded for the server to check. The ONNX Runtime outputs of the
golden units (tests/test_sites.py's) are written to sites_golden.json for the Java parity test.
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from . import sites as st
from .common import sha256_file

KINDS = ("swap", "op", "misuse")
MAIN_OFF = 0.99999999


def export(artifact: Path, sites_dir: Path, metric: dict, joined: str, main_name: str = "shipped",
           parts: dict | None = None) -> dict:
    """-> the `sites` entry written into artifact/validator.json."""
    res = metric["models"][joined]
    parts = parts or {k: k for k in KINDS}  # detector -> its part's name in the join
    pt = res["part_thresholds"]
    vj_path = artifact / "validator.json"
    vj = json.loads(vj_path.read_text())
    meta = json.loads((sites_dir / "sites.json").read_text())
    for k in ("T", "S", "K", "F", "buckets"):
        assert meta[k] == getattr(st, k.upper() if k == "buckets" else k), k
    assert meta.get("score") == "logit", "sites-2 folders only (sites_train writes them)"
    entry = {"design": "sites-2", "constants": {"T": st.T, "S": st.S, "S_swap": st.S_SWAP, "K": st.K, "F": st.F,
                                                "buckets": st.BUCKETS,
                                                "ops": st.OPS, "hash": meta["hash"], "max_subtokens": st.MAX_SUB},
             "sha256": {}, "thresholds": {}, "net": meta["net"], "training": meta.get("stats"),
             "chosen_on": res.get("threshold_note", metric["threshold_split_note"]) + f" (joined model '{joined}')"}
    for k in KINDS:
        dst = artifact / f"sites_{k}.onnx"
        shutil.copyfile(sites_dir / f"{k}.onnx", dst)
        entry["sha256"][dst.name] = sha256_file(dst)
        w = pt["warning"].get(parts[k])
        i = pt["information"].get(parts[k])
        i = w if i is None else (i if w is None else min(w, i))
        if w is None and i is not None:  # Information only: a Warning threshold no site reaches
            w = max(i, 50.0)
        if w is not None:
            entry["thresholds"][k] = {"warning": w, "information": i}
    if main_name in pt["warning"]:
        for op in ("warning", "information"):
            th = vj["thresholds"][op]
            # a main model that earned no share is off: the server needs 0 < threshold < 1, and no float32
            # probability lies between 1 - 6e-8 and 1, so only a score rounded to exactly 1.0 would pass
            new = pt[op][main_name] if pt[op][main_name] is not None else MAIN_OFF
            if isinstance(th, dict):
                th.setdefault("before_sites", th["threshold"])
                th["previous"] = th["threshold"]
                th["threshold"] = new
                th["chosen_on"] = f"joined with the per-site detectors: {entry['chosen_on']}"
            else:
                vj["thresholds"][op] = new
    vj["sites"] = entry
    vj_path.write_text(json.dumps(vj, indent=1))
    return entry


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--artifact", type=Path, required=True)
    ap.add_argument("--sites", type=Path, required=True)
    ap.add_argument("--metric", type=Path, required=True)
    ap.add_argument("--joined", required=True)
    ap.add_argument("--main", default="shipped")
    args = ap.parse_args(argv)
    entry = export(args.artifact, args.sites, json.loads(args.metric.read_text()), args.joined, args.main)
    print(json.dumps(entry["thresholds"], indent=1))


if __name__ == "__main__":
    main()
