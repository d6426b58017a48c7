"""Encoding examples for the model and batching them by length."""
from __future__ import annotations

import random
from collections import defaultdict

import torch
from tokenizers import Tokenizer

from .mutations import KINDS

PAD_ID = 1


def encode(tok: Tokenizer, code: str, span=None, max_len: int = 256):
    """-> dict(ids, offsets, token_targets) or None if longer than max_len.

    token_targets marks the tokens whose character offsets overlap the bug span."""
    enc = tok.encode(code)
    if len(enc.ids) > max_len:
        return None
    targets = [0] * len(enc.ids)
    if span is not None:
        a, b = span
        for i, (s, e) in enumerate(enc.offsets):
            if e > s and s < b and e > a and enc.special_tokens_mask[i] == 0:
                targets[i] = 1
        if not any(targets):
            return None
    return {"ids": enc.ids, "offsets": [list(o) for o in enc.offsets], "token_targets": targets}


def encode_rows(tok, rows, max_len):
    """Encode example rows; keeps a unit only if its clean version and >=1 mutant fit."""
    by_unit = defaultdict(list)
    for r in rows:
        e = encode(tok, r["code"], r["span"], max_len)
        if e is None:
            continue
        e["label"] = KINDS.index(r["label"])
        e["category"] = r["category"]
        e["variant"] = r.get("variant", 0)
        e["unit"] = r["unit"]
        by_unit[r["unit"]].append(e)
    units = []
    for u, exs in by_unit.items():
        clean = [e for e in exs if e["label"] == 0]
        muts = [e for e in exs if e["label"] != 0]
        if clean and muts:
            units.append({"unit": u, "clean": clean[0], "mutants": muts})
    return units


def collate(examples, pad_to_multiple: int = 1):
    """Right-pad to the longest example, rounded up to a multiple of `pad_to_multiple`
    (few distinct shapes keep CPU kernel caches and the allocator from growing)."""
    n = max(len(e["ids"]) for e in examples)
    n = -(-n // pad_to_multiple) * pad_to_multiple
    ids = torch.full((len(examples), n), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(examples), n), dtype=torch.long)
    tt = torch.zeros((len(examples), n), dtype=torch.float)
    for i, e in enumerate(examples):
        L = len(e["ids"])
        ids[i, :L] = torch.tensor(e["ids"])
        mask[i, :L] = 1
        tt[i, :L] = torch.tensor(e["token_targets"], dtype=torch.float)
    labels = torch.tensor([e["label"] for e in examples], dtype=torch.long)
    return {"input_ids": ids, "attention_mask": mask, "token_targets": tt, "labels": labels}


def paired_batches(units, epoch, tokens_per_batch, rng: random.Random, max_batch=128):
    """Batches of (clean, mutant) pairs of similar length; mutant variant rotates per epoch.
    The padded size of a batch (rows x longest) stays under tokens_per_batch."""
    pairs = []
    for u in units:
        m = u["mutants"][epoch % len(u["mutants"])]
        pairs.append((u["clean"], m))
    pairs.sort(key=lambda p: (max(len(p[0]["ids"]), len(p[1]["ids"])), rng.random()))
    batches, cur, longest = [], [], 0
    for p in pairs:
        L = max(len(p[0]["ids"]), len(p[1]["ids"]))
        if cur and (2 * (len(cur) + 1) * max(longest, L) > tokens_per_batch or 2 * len(cur) >= max_batch):
            batches.append(cur)
            cur, longest = [], 0
        cur.append(p)
        longest = max(longest, L)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return [[e for p in b for e in p] for b in batches]


def eval_examples(units):
    """Flat list: each unit's clean example and its first mutant (1:1)."""
    out = []
    for u in units:
        out.append(u["clean"])
        out.append(u["mutants"][0])
    return out


def length_batches(examples, tokens_per_batch=8192, max_batch=256):
    return batches_by_length([len(e["ids"]) for e in examples], tokens_per_batch, max_batch)


def batches_by_length(lens, tokens_per_batch, max_batch=256, tiebreak=None):
    """Indices grouped so that len(batch) * its longest length stays within tokens_per_batch.
    Sorted by length (ties broken by `tiebreak(i)` when given), so padding stays small."""
    order = sorted(range(len(lens)), key=lambda i: (lens[i], tiebreak(i)) if tiebreak else lens[i])
    batches, cur, longest = [], [], 0
    for i in order:
        L = int(lens[i])
        if cur and ((len(cur) + 1) * max(longest, L) > tokens_per_batch or len(cur) >= max_batch):
            batches.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, L)
    if cur:
        batches.append(cur)
    return batches
