"""Step 2: make labelled examples: clean units and mutated copies with bug spans.

    python -m pyvalidator.mutate --corpus data/corpus --out data/mutations --sample-size 60000

--sample-size is the number of training units used (the original tool's knob):
each gives one clean example plus --mutants-per-unit mutated ones (a different
mutant is shown each epoch). Validation and test keep all their units, each as
one clean and one mutated example (balanced 1:1). Guidance for this 2-core
machine (4-layer d=256 model, one thread, bf16, ~95-token examples): 25-45
training examples/s, so 10,000 units x 1 epoch of (clean + mutant) ~ 8-14 min.
About a fifth of mutants are syntax corruptions (--syntax-share).
"""
from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from .common import DATA_DIR, read_jsonl, save_config, write_jsonl
from .mutations import CLEAN, SEMANTIC, SYNTAX, mutate


def make_examples(units, rng, mutants_per_unit=1, syntax_share=0.2, max_chars=1200):
    rows, stats = [], Counter()
    for u in units:
        code = u["code"]
        if len(code) > max_chars:
            stats["skipped_long"] += 1
            continue
        muts = []
        for k in range(mutants_per_unit):
            kinds = SYNTAX if rng.random() < syntax_share else SEMANTIC
            m = mutate(code, rng, kinds)
            if m is None:
                m = mutate(code, rng, SEMANTIC if kinds is SYNTAX else SYNTAX)
            if m is not None:
                muts.append(m)
        if not muts:
            stats["no_mutation"] += 1
            continue
        rows.append({"unit": u["id"], "label": CLEAN, "category": CLEAN, "code": code,
                     "span": None, "detail": "", "variant": 0})
        stats[CLEAN] += 1
        for k, m in enumerate(muts):
            rows.append({"unit": u["id"], **m.as_dict(), "variant": k})
            stats[m.kind] += 1
    return rows, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DATA_DIR / "corpus")
    ap.add_argument("--out", type=Path, default=DATA_DIR / "mutations")
    ap.add_argument("--sample-size", type=int, default=20000, help="training units to use (0 = all)")
    ap.add_argument("--eval-size", type=int, default=0, help="cap on val/test units (0 = all)")
    ap.add_argument("--mutants-per-unit", type=int, default=2)
    ap.add_argument("--syntax-share", type=float, default=0.2)
    ap.add_argument("--max-chars", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    all_stats = {}
    for split in ("train", "val", "test"):
        rng = random.Random(f"{args.seed}:{split}")
        units = list(read_jsonl(args.corpus / f"{split}.jsonl"))
        units = [u for u in units if len(u["code"]) <= args.max_chars]
        rng.shuffle(units)
        cap = args.sample_size if split == "train" else args.eval_size
        if cap:
            units = units[:cap]
        k = args.mutants_per_unit if split == "train" else 1
        rows, stats = make_examples(units, rng, k, args.syntax_share, args.max_chars)
        write_jsonl(args.out / f"{split}.jsonl", rows)
        all_stats[split] = dict(stats)
        print(split, dict(stats), flush=True)
    save_config(args.out, "mutate", args, stats=all_stats)
    return all_stats


if __name__ == "__main__":
    main()
