"""Training sites for the per-site detectors: clean sites and sites bugged by mutations.py's own operators.

    python -m pyvalidator.sites_data --split train --max-units 30000 --out data/sites

For each unit of the split (corpus.py's units, split by file): every site of the clean code is a negative
(at most --clean-per-kind per kind and unit), and for each bug kind of the file metric up to --bugs-per-kind
mutations of the unit (mutations.candidates, the same operators the metric injects) give positives: the
mutated code is parsed again and the site at the mutation's start is taken from it, so the features of a
bug are those the server computes on buggy code. Output `<split>.npz`:
  swap_tokens [N, S_SWAP, T] int32, swap_label [N] int8;
  op_tokens [N, S, T] int32, op_label [N] int8, op_orig [N] int8 (index in OPS of the clean operator);
  mis_ctx [N, 2, T] int32, mis_cand [N, K, T] int32, mis_nums [N, K, F] float32, mis_mask [N, K] float32,
  mis_target [N] int8 (index of the original name among the candidates; 0 = the use is correct).
"""
from __future__ import annotations

import argparse
import ast
import random
import time
from pathlib import Path

import numpy as np

from . import sites as st
from .common import DATA_DIR, LineIndex, read_jsonl, save_config
from .mutations import candidates

BUG_KINDS = {"swapped_arguments": "swap", "inverted_comparison": "op", "boundary_comparison": "op",
             "wrong_arithmetic": "op", "variable_misuse": "misuse"}


class Collector:
    def __init__(self):
        self.swap, self.op, self.mis = [], [], []

    def add(self, site: st.Site, label: int, orig: str = ""):
        if site.kind == "swap":
            self.swap.append((st.encode_tokens(site.tokens, st.S_SWAP), label))
        elif site.kind == "op":
            self.op.append((st.encode_tokens(site.tokens, st.S), label, st.OPS.index(orig or site.current)))
        else:
            target = site.cands.index(orig) if orig else 0
            self.mis.append((*st.encode_misuse(site), target))

    def arrays(self) -> dict:
        z = lambda shape: np.zeros(shape, dtype=np.int32)  # noqa: E731
        out = {}
        out["swap_tokens"] = np.array([r[0] for r in self.swap], dtype=np.int32).reshape(-1, st.S_SWAP, st.T)
        out["swap_label"] = np.array([r[1] for r in self.swap], dtype=np.int8)
        out["op_tokens"] = np.array([r[0] for r in self.op], dtype=np.int32).reshape(-1, st.S, st.T)
        out["op_label"] = np.array([r[1] for r in self.op], dtype=np.int8)
        out["op_orig"] = np.array([r[2] for r in self.op], dtype=np.int8)
        out["mis_ctx"] = np.array([r[0] for r in self.mis], dtype=np.int32).reshape(-1, 2, st.T) if self.mis else z((0, 2, st.T))
        out["mis_cand"] = np.array([r[1] for r in self.mis], dtype=np.int32).reshape(-1, st.K, st.T)
        out["mis_nums"] = np.array([r[2] for r in self.mis], dtype=np.float32).reshape(-1, st.K, st.F)
        out["mis_mask"] = np.array([r[3] for r in self.mis], dtype=np.float32).reshape(-1, st.K)
        out["mis_target"] = np.array([r[4] for r in self.mis], dtype=np.int8)
        return out


def unit_examples(code: str, rng: random.Random, col: Collector, clean_per_kind: int, bugs_per_kind: int,
                  sigs: dict | None = None) -> None:
    """sigs: st.signatures of the unit's file (file_signatures), as the server sees them; None = the unit's own."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError):
        return
    sites = st.extract(code, tree, sigs)
    for kind in ("swap", "op", "misuse"):
        ks = [s for s in sites if s.kind == kind]
        rng.shuffle(ks)
        for s in ks[:clean_per_kind]:
            col.add(s, 0)
    idx, dump = LineIndex(code), ast.dump(tree)
    for mkind, skind in BUG_KINDS.items():
        if not any(s.kind == skind for s in sites):
            continue
        cands = candidates(code, mkind, rng, tree=tree, idx=idx)
        rng.shuffle(cands)
        used = 0
        for m in cands[: 3 * bugs_per_kind]:
            if used >= bugs_per_kind:
                break
            try:
                mtree = ast.parse(m.code)
            except (SyntaxError, ValueError, RecursionError):
                continue
            if ast.dump(mtree) == dump:
                continue
            hit = [s for s in st.extract(m.code, mtree, sigs, (skind,)) if s.kind == skind and s.start == m.start]
            if not hit:
                continue
            s = hit[0]
            if skind == "op":
                orig = next((o.current for o in sites if o.kind == "op" and o.start == m.start), "")
                if not orig or orig == s.current:
                    continue
                col.add(s, 1, orig)
            elif skind == "misuse":
                orig = next((o.current for o in sites if o.kind == "misuse" and o.start == m.start), "")
                if orig not in s.cands or orig == s.current:
                    continue
                col.add(s, 1, orig)
            else:
                col.add(s, 1)
            used += 1


def file_signatures(units) -> dict:
    """{path: signatures of all the functions among that file's units} (the corpus keeps units, not files: a
    function too long to be a unit is missing, as are conflicts, see st.signatures)."""
    per: dict = {}
    for u in units:
        try:
            sig = st.signatures(ast.parse(u["code"]))
        except (SyntaxError, ValueError, RecursionError):
            continue
        d = per.setdefault(u["path"], {})
        for k, v in sig.items():
            d[k] = v if d.get(k, v) == v else None
    return {p: {k: v for k, v in d.items() if v is not None} for p, d in per.items()}


def build(units, seed: int, clean_per_kind: int, bugs_per_kind: int, log_every: int = 2000, sigs=None) -> dict:
    col, t0 = Collector(), time.time()
    sigs = sigs or {}
    for i, u in enumerate(units):
        unit_examples(u["code"], random.Random(seed * 1_000_003 + i), col, clean_per_kind, bugs_per_kind,
                      sigs.get(u.get("path")))
        if log_every and (i + 1) % log_every == 0:
            print(f"sites_data: {i + 1} units, swap {len(col.swap)} op {len(col.op)} misuse {len(col.mis)} "
                  f"({time.time() - t0:.0f}s)", flush=True)
    return col.arrays()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DATA_DIR / "corpus")
    ap.add_argument("--split", default="train")
    ap.add_argument("--out", type=Path, default=DATA_DIR / "sites")
    ap.add_argument("--max-units", type=int, default=30000, help="0 = all")
    ap.add_argument("--clean-per-kind", type=int, default=6)
    ap.add_argument("--bugs-per-kind", type=int, default=2)
    ap.add_argument("--max-chars", type=int, default=6000, help="skip longer units (slow to mutate)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shard", default="0/1", help="i/n: this process takes every n-th unit from the i-th")
    args = ap.parse_args(argv)
    every = list(read_jsonl(args.corpus / f"{args.split}.jsonl"))
    sigs = file_signatures(every)
    units = [u for u in every if len(u["code"]) <= args.max_chars]
    random.Random(args.seed).shuffle(units)
    if args.max_units:
        units = units[: args.max_units]
    i, n = map(int, args.shard.split("/"))
    units = units[i::n]
    arr = build(units, args.seed, args.clean_per_kind, args.bugs_per_kind, sigs=sigs)
    args.out.mkdir(parents=True, exist_ok=True)
    name = args.split + (f"_{i}" if n > 1 else "")
    np.savez_compressed(args.out / f"{name}.npz", **arr)
    save_config(args.out, f"sites_data_{name}", args, units=len(units),
                counts={k: int(len(v)) for k, v in arr.items() if k.endswith("label") or k == "mis_target"})
    print(f"sites_data: {args.split}: {len(units)} units -> " +
          ", ".join(f"{k} {len(v)} ({int((v > 0).sum())} bugged)" for k, v in arr.items()
                    if k in ("swap_label", "op_label", "mis_target")), flush=True)


if __name__ == "__main__":
    main()
