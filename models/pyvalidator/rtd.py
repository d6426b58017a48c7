"""Replaced-token detection data (format 2): corrupt units, label every token, name the original token.

    python -m pyvalidator.rtd --corpus data/corpus --tokenizer validator/tokenizer.json --out data/rtd \
        --variants 2 --max-units 0

Each unit gets zero to several plausible corruptions (mutations.py: operators and comparisons, a
variable swapped for another in scope, argument order, off-by-one constants, a dropped or added
`not`, True/False, and/or, and now and then one syntax corruption). The clean and the corrupted
text are tokenized with the artifact's byte-level BPE and aligned token by token (difflib over ids):

- label[t] = 1 where the corrupted token differs from the original, 0 elsewhere, -1 on <s>/</s>;
- repair[t] = the original token id at a replaced position, MASK_ID where a token was inserted
  (repair = delete it), -1 elsewhere (a deletion marks the token before it, with no repair).

Output: `<split>.npz` per split, the pre-tokenized corpus the CPU and the GPU trainers read:
ids int16 [N_tokens], labels int8 [N_tokens], repair int16 [N_tokens], starts int64 [N_examples + 1],
unit int32 [N_examples], n_bugs int8 [N_examples].
"""
from __future__ import annotations

import argparse
import difflib
import random
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from .common import DATA_DIR, MODELS_DIR, read_jsonl, save_config
from .mutations import EXTRA_SEMANTIC, SEMANTIC, SYNTAX, mutate

BOS_ID, PAD_ID, EOS_ID, UNK_ID, MASK_ID = 0, 1, 2, 3, 4
RTD_KINDS = list(SEMANTIC) + list(EXTRA_SEMANTIC)


@dataclass
class CorruptConfig:
    count_probs: tuple = (0.2, 0.4, 0.25, 0.15)  # P(0, 1, 2, 3 semantic corruptions)
    syntax_share: float = 0.1  # P(one syntax corruption on top)
    max_len: int = 256


def corrupt(code: str, rng: random.Random, cfg: CorruptConfig) -> tuple[str, list[str]]:
    """-> (corrupted code, kinds applied). Semantic corruptions first (they need a parse)."""
    n = rng.choices(range(len(cfg.count_probs)), weights=cfg.count_probs)[0]
    cur, kinds = code, []
    for _ in range(n):
        m = mutate(cur, rng, RTD_KINDS)
        if m is not None:
            cur, kinds = m.code, kinds + [m.kind]
    if rng.random() < cfg.syntax_share:
        m = mutate(cur, rng, list(SYNTAX))
        if m is not None:
            cur, kinds = m.code, kinds + [m.kind]
    return cur, kinds


def align(orig_ids: list[int], new_ids: list[int]) -> tuple[list[int], list[int]]:
    """Token labels and repair targets of new_ids against orig_ids (both with <s> ... </s>)."""
    labels = [0] * len(new_ids)
    repair = [-1] * len(new_ids)
    sm = difflib.SequenceMatcher(None, orig_ids, new_ids, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op == "delete":  # original tokens gone: mark the token before the gap
            j = max(1, j1 - 1)
            labels[j] = 1
            continue
        for k, j in enumerate(range(j1, j2)):
            labels[j] = 1
            repair[j] = orig_ids[i1 + k] if op == "replace" and i1 + k < i2 else MASK_ID
    labels[0] = labels[-1] = -1
    repair[0] = repair[-1] = -1
    return labels, repair


def make_example(tok: Tokenizer, code: str, rng: random.Random, cfg: CorruptConfig):
    """-> dict(ids, labels, repair, kinds) or None when a version does not fit in max_len."""
    orig = tok.encode(code).ids
    if len(orig) > cfg.max_len:
        return None
    new_code, kinds = corrupt(code, rng, cfg)
    new = tok.encode(new_code).ids if new_code != code else orig
    if len(new) > cfg.max_len:
        return None
    labels, repair = align(orig, new)
    return {"ids": new, "labels": labels, "repair": repair, "kinds": kinds}


def pack(examples: list[dict]) -> dict:
    lens = [len(e["ids"]) for e in examples]
    starts = np.zeros(len(examples) + 1, dtype=np.int64)
    starts[1:] = np.cumsum(lens)
    cat = lambda k, dt: np.array([x for e in examples for x in e[k]], dtype=dt)  # noqa: E731
    return {"ids": cat("ids", np.int16), "labels": cat("labels", np.int8), "repair": cat("repair", np.int16),
            "starts": starts, "unit": np.array([e["unit"] for e in examples], dtype=np.int32),
            "n_bugs": np.array([len(e["kinds"]) if 1 in e["labels"] else 0 for e in examples], dtype=np.int8)}


def load(*paths) -> dict:
    """One packed split from one or several .npz files (shards are concatenated)."""
    parts = []
    for p in paths:
        with np.load(p) as z:
            parts.append({k: z[k] for k in z.files})
    if len(parts) == 1:
        return parts[0]
    out = {k: np.concatenate([d[k] for d in parts]) for k in ("ids", "labels", "repair", "unit", "n_bugs")}
    starts, off = [np.zeros(1, dtype=np.int64)], 0
    for d in parts:
        starts.append(d["starts"][1:] + off)
        off += d["starts"][-1]
    out["starts"] = np.concatenate(starts)
    return out


def build_split(tok, units, variants, rng, cfg, log_every=5000):
    examples, stats = [], Counter()
    for ui, u in enumerate(units):
        for v in range(variants):
            e = make_example(tok, u["code"], rng, cfg)
            if e is None:
                stats["too_long"] += 1
                break
            e["unit"] = ui
            examples.append(e)
            stats["examples"] += 1
            stats["corrupted"] += int(any(x == 1 for x in e["labels"]))
            for k in e["kinds"]:
                stats[k] += 1
        if log_every and (ui + 1) % log_every == 0:
            print(f"  {ui + 1}/{len(units)} units, {stats['examples']} examples", flush=True)
    return examples, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DATA_DIR / "corpus")
    ap.add_argument("--tokenizer", type=Path, default=MODELS_DIR / "validator" / "tokenizer.json")
    ap.add_argument("--out", type=Path, default=DATA_DIR / "rtd")
    ap.add_argument("--variants", type=int, default=2, help="corrupted versions per training unit")
    ap.add_argument("--max-units", type=int, default=0, help="training units (0 = all)")
    ap.add_argument("--first-unit", type=int, default=0, help="skip this many shuffled training units (a later batch)")
    ap.add_argument("--name", default="train", help="output name of the training split (train*.npz are all read)")
    ap.add_argument("--val-units", type=int, default=2000)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--max-chars", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--shard", default="", help="i/n: only every n-th training unit from i (parallel runs)")
    args = ap.parse_args(argv)
    tok = Tokenizer.from_file(str(args.tokenizer))
    cfg = CorruptConfig(max_len=args.max_len)
    args.out.mkdir(parents=True, exist_ok=True)
    all_stats = {}
    for split, cap, variants in (("train", args.max_units, args.variants), ("val", args.val_units, 1)):
        rng = random.Random(f"{args.seed}:{split}:{args.shard}")
        units = [u for u in read_jsonl(args.corpus / f"{split}.jsonl") if len(u["code"]) <= args.max_chars]
        random.Random(f"{args.seed}:{split}").shuffle(units)
        if split == "train":
            units = units[args.first_unit:]
        if cap:
            units = units[:cap]
        name = args.name if split == "train" else split
        if args.shard and split == "train":
            i, n = map(int, args.shard.split("/"))
            units = units[i::n]
            name = f"{args.name}.{i}"
        elif args.shard and not args.shard.startswith("0/"):
            continue
        ex, stats = build_split(tok, units, variants, rng, cfg)
        np.savez_compressed(args.out / f"{name}.npz", **pack(ex))
        all_stats[name] = dict(stats)
        print(name, dict(stats), flush=True)
    (args.out / "tokenizer.json").write_bytes(args.tokenizer.read_bytes())  # the bundle is self-contained
    save_config(args.out, "rtd_data" + (f".{args.shard.replace('/', 'of')}" if args.shard else ""), args,
                corrupt=asdict(cfg), stats=all_stats, vocab_size=tok.get_vocab_size())
    return all_stats


if __name__ == "__main__":
    main()
