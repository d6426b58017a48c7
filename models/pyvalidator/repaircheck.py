"""How often a format-2 model's quick fix restores the original token, on the file metric's injected bugs
that replace one BPE piece (operators, comparisons, constants, True/False, and/or): the repair head's first
guess (what the server applies) against an alternative that was tried and measured worse: each plausible
guess put in place and the window scored again, the least suspicious one winning ("rescored").

    python -m pyvalidator.repaircheck --model runs/rtd/model --max-files 120 [--warning 0.66]

"Plausible" mirrors the server's Repairs.plausible by lexical class (operator for operator, number for number,
a name of the unit for a name, True/False, and/or). "flagged" counts the bugs whose piece scores at least
--warning. Prints and writes OUT (JSON).
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from .common import DATA_DIR, MODELS_DIR
from .filemetric import prepare
from .rtd import MASK_ID, align
from .rtd_model import ExportWrapper, load_model

OPS = {"<", "<=", ">", ">=", "==", "!=", "is", "in", "+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^",
       "<<", ">>"}
PAIRS = ({"True", "False"}, {"and", "or"})
NUMBER = re.compile(r"(?i)(0[xob])?[0-9][0-9a-f_]*(\.[0-9_]*)?(e[-+]?[0-9]+)?j?")
NAME = re.compile(r"[^\W\d]\w*")


def plausible(orig: str, guess: str, unit_names: set) -> bool:
    o, g = orig.strip(), guess.strip()
    if not o or not g or o == g:
        return False
    if o in OPS and g in OPS:
        return True
    if any(o in p and g in p for p in PAIRS):
        return True
    if NUMBER.fullmatch(o) and NUMBER.fullmatch(g):
        return True
    return bool(NAME.fullmatch(o) and NAME.fullmatch(g) and g in unit_names)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="a model folder written by rtd_train")
    ap.add_argument("--corpus-config", type=Path, default=DATA_DIR / "corpus" / "corpus_config.json")
    ap.add_argument("--max-files", type=int, default=120)
    ap.add_argument("--warning", type=float, default=0.5, help="count also the bugs flagged at this threshold")
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "runs" / "repaircheck.json")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, meta = load_model(args.model)
    w = ExportWrapper(model).eval()
    tok = Tokenizer.from_file(str(args.model / "tokenizer.json"))
    margs = argparse.Namespace(corpus_config=args.corpus_config, eval_split="test", threshold_split="test",
                               max_files=args.max_files, seed=0)
    _, _, bugs = prepare(margs)
    counts = {"all": [0, 0, 0], "flagged": [0, 0, 0]}  # n, head right, rescored right
    for b in bugs:
        orig, new = tok.encode(b["clean"]).ids, tok.encode(b["text"]).ids
        if len(new) > meta["arch"]["max_len"]:
            continue
        labels, repair = align(orig, new)
        at = [t for t, lab in enumerate(labels) if lab == 1]
        if len(at) != 1 or repair[at[0]] < 0 or repair[at[0]] == MASK_ID:
            continue  # one replaced piece: what the one-token fix is for
        t, want = at[0], repair[at[0]]
        ids = torch.tensor([new])
        with torch.no_grad():
            p, rid, _, _ = w(ids, torch.ones_like(ids))
        names = set(NAME.findall(b["text"]))
        flagged = tok.decode([new[t]])
        guesses = [int(g) for g in rid[0, t] if int(g) not in (new[t], MASK_ID)
                   and plausible(flagged, tok.decode([int(g)]), names)]
        head = next((int(g) for g in rid[0, t] if int(g) not in (new[t], MASK_ID)), None)
        chosen = head
        if len(guesses) >= 2:
            variants = torch.tensor([new[:t] + [g] + new[t + 1:] for g in guesses])
            with torch.no_grad():
                pv, _, _, _ = w(variants, torch.ones_like(variants))
            chosen = guesses[int(np.argmin(pv[:, t].numpy()))]
        for key in ("all", "flagged") if float(p[0, t]) >= args.warning else ("all",):
            counts[key][0] += 1
            counts[key][1] += head == want
            counts[key][2] += chosen == want
    res = {k: {"n": n, "head_first_guess": h / max(n, 1), "rescored": v / max(n, 1)}
           for k, (n, h, v) in counts.items()}
    res["config"] = {k: str(v) for k, v in vars(args).items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1))
    for k in ("all", "flagged"):
        r = res[k]
        print(f"repaircheck {k}: n={r['n']} head first guess {r['head_first_guess']:.3f} rescored {r['rescored']:.3f}")
    return res


if __name__ == "__main__":
    main()
