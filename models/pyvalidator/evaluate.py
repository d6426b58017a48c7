"""Step 5: evaluate on the test split and choose thresholds on the validation split.

    python -m pyvalidator.evaluate --run runs/main [--data data/mutations] [--precision 0.9]

Each val/test unit gives a clean example and one mutated example (1:1). Metrics per
mutation kind use the kind's mutants and the clean versions of the same units.
Writes OUT/eval/metrics.json, thresholds.json, pr_curve.png, reliability.png.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from .common import DATA_DIR, read_jsonl, save_config
from .data import collate, encode_rows, eval_examples, length_batches
from .modeling import load_model
from .mutations import CLEAN, KINDS, SEMANTIC, SYNTAX
from .common import auroc


@torch.no_grad()
def predict(model, examples, tokens_per_batch=8192):
    n = len(examples)
    bug = np.zeros(n)
    kinds = np.zeros((n, len(KINDS)))
    top = np.zeros(n, dtype=int)
    for b in length_batches(examples, tokens_per_batch):
        batch = collate([examples[i] for i in b])
        kl, tl = model(batch["input_ids"], batch["attention_mask"])
        kp = torch.softmax(kl.float(), -1)
        tl = tl.float() + (batch["attention_mask"].float() - 1) * 1e4
        for j, i in enumerate(b):
            bug[i] = 1 - kp[j, 0].item()
            kinds[i] = kp[j].numpy()
            top[i] = int(tl[j].argmax())
    return bug, kinds, top


def choose_threshold(scores, labels, precision, min_pos=10):
    """Lowest threshold whose precision >= target (with >= min_pos predicted positives);
    if none reaches it, the threshold with the best precision."""
    order = np.argsort(-scores)
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    k = np.arange(1, len(s) + 1)
    prec = tp / k
    rec = tp / max(1, y.sum())
    ok = [i for i in range(len(s)) if k[i] >= min_pos and prec[i] >= precision
          and (i + 1 == len(s) or s[i + 1] < s[i])]
    if ok:
        i = ok[-1]
        reached = True
    else:
        cands = [i for i in range(min(len(s), max(min_pos, 1)) - 1, len(s))]
        i = max(cands, key=lambda j: (prec[j], rec[j]))
        reached = False
    return {"threshold": float(s[i]), "target_precision": precision, "val_precision": float(prec[i]),
            "val_recall": float(rec[i]), "target_reached": reached}


def prf(scores, labels, thr):
    pred = scores >= thr
    tp = int((pred & (labels == 1)).sum())
    fp = int((pred & (labels == 0)).sum())
    fn = int((~pred & (labels == 1)).sum())
    tn = int((~pred & (labels == 0)).sum())
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp else 0.0
    return {"precision": p, "recall": r, "f1": f, "accuracy": (tp + tn) / max(1, len(labels)),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def ece(scores, labels, bins=10):
    edges = np.linspace(0, 1, bins + 1)
    total, out = 0.0, []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (scores >= lo) & ((scores < hi) if hi < 1 else (scores <= hi))
        if m.sum():
            conf, accu = scores[m].mean(), labels[m].mean()
            total += m.sum() / len(scores) * abs(conf - accu)
            out.append((float(lo), float(hi), int(m.sum()), float(conf), float(accu)))
    return float(total), out


def evaluate_split(model, examples):
    bug, kinds, top = predict(model, examples)
    labels = np.array([int(e["label"] != 0) for e in examples])
    kind_names = [KINDS[e["label"]] for e in examples]
    units = [e["unit"] for e in examples]
    loc_ok = np.array([bool(e["token_targets"][t]) for e, t in zip(examples, top)])
    pred_kind = [KINDS[1 + int(np.argmax(k[1:]))] for k in kinds]
    return {"bug": bug, "labels": labels, "kind": kind_names, "unit": units, "loc_ok": loc_ok,
            "pred_kind": pred_kind}


def subset(res, kinds):
    """Indices of the mutants of `kinds` and of the clean examples of the same units."""
    units = {u for u, k in zip(res["unit"], res["kind"]) if k in kinds}
    return np.array([i for i, (u, k) in enumerate(zip(res["unit"], res["kind"]))
                     if u in units and (k in kinds or k == CLEAN)], dtype=int)


def metrics(res, thresholds):
    out = {}
    groups = {"all": set(SEMANTIC) | set(SYNTAX), "semantic": set(SEMANTIC), "syntax": set(SYNTAX)}
    groups.update({k: {k} for k in list(SEMANTIC) + list(SYNTAX)})
    for g, ks in groups.items():
        idx = subset(res, ks)
        if len(idx) == 0:
            continue
        s, y = res["bug"][idx], res["labels"][idx]
        m = {"n_bugs": int(y.sum()), "n_clean": int((1 - y).sum()), "auroc": auroc(s.tolist(), y.tolist())}
        bug_idx = idx[y == 1]
        m["top1_localization_all_bugs"] = float(res["loc_ok"][bug_idx].mean()) if len(bug_idx) else float("nan")
        for name, t in thresholds.items():
            r = prf(s, y, t["threshold"])
            det = bug_idx[res["bug"][bug_idx] >= t["threshold"]]
            r["top1_localization_detected"] = float(res["loc_ok"][det].mean()) if len(det) else float("nan")
            r["kind_accuracy_detected"] = (float(np.mean([res["pred_kind"][i] == res["kind"][i] for i in det]))
                                           if len(det) else float("nan"))
            m[name] = r
        out[g] = m
    return out


def plots(res, out_dir, thresholds):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    for g, ks in (("all", set(SEMANTIC) | set(SYNTAX)), ("semantic", set(SEMANTIC)), ("syntax", set(SYNTAX))):
        idx = subset(res, ks)
        s, y = res["bug"][idx], res["labels"][idx]
        order = np.argsort(-s)
        tp = np.cumsum(y[order])
        prec = tp / np.arange(1, len(s) + 1)
        rec = tp / max(1, y.sum())
        ax.plot(rec, prec, label=g)
    ax.axhline(thresholds["warning"]["target_precision"], color="grey", ls=":", lw=1)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_ylim(0.4, 1.01)
    ax.set_title("precision-recall, test split (1 clean : 1 mutant)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out_dir / "pr_curve.png", dpi=90)
    plt.close(fig)
    e, bins = ece(res["bug"], res["labels"])
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], "k:", lw=1)
    ax.bar([(lo + hi) / 2 for lo, hi, *_ in bins], [b[4] for b in bins], width=0.09, alpha=0.6,
           label="fraction buggy")
    ax.plot([b[3] for b in bins], [b[4] for b in bins], "o-", color="C1", label="mean confidence")
    ax.set_xlabel("predicted bug probability")
    ax.set_ylabel("observed fraction buggy")
    ax.set_title(f"reliability, test split (ECE {e:.3f})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out_dir / "reliability.png", dpi=90)
    plt.close(fig)
    return e, bins


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=DATA_DIR / "mutations")
    ap.add_argument("--precision", type=float, default=0.9, help="precision the warning threshold is chosen for")
    ap.add_argument("--info-precision", type=float, default=0.7)
    ap.add_argument("--max-units", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    model, meta = load_model(args.run / "model")
    tok = Tokenizer.from_file(str(args.run / "model" / "tokenizer.json"))
    out = args.run / "eval"
    out.mkdir(parents=True, exist_ok=True)
    res = {}
    for split in ("val", "test"):
        units = encode_rows(tok, list(read_jsonl(args.data / f"{split}.jsonl")), meta["max_len"])
        if args.max_units:
            units = units[: args.max_units]
        res[split] = evaluate_split(model, eval_examples(units))
        print(f"{split}: {len(units)} units", flush=True)
    v = res["val"]
    sem = subset(v, set(SEMANTIC))
    thresholds = {
        "warning": choose_threshold(v["bug"][sem], v["labels"][sem], args.precision),
        "information": choose_threshold(v["bug"][sem], v["labels"][sem], args.info_precision),
    }
    for t in thresholds.values():
        t["chosen_on"] = "validation split, semantic mutations vs clean, 1:1"
    m = metrics(res["test"], thresholds)
    e, bins = plots(res["test"], out, thresholds)
    result = {"test": m, "thresholds": thresholds, "test_ece": e, "reliability_bins": bins,
              "val_semantic_auroc": auroc(v["bug"][sem].tolist(), v["labels"][sem].tolist()),
              "n_test_units": int(len(res["test"]["bug"]) // 2),
              "n_val_units": int(len(v["bug"]) // 2)}
    (out / "metrics.json").write_text(json.dumps(result, indent=2))
    (out / "thresholds.json").write_text(json.dumps(thresholds, indent=2))
    save_config(out, "evaluate", args)
    a, s = m["all"], m["semantic"]
    print(f"test AUROC all {a['auroc']:.4f} semantic {s['auroc']:.4f} syntax {m['syntax']['auroc']:.4f}; "
          f"semantic @warning P {s['warning']['precision']:.3f} R {s['warning']['recall']:.3f}; "
          f"top1 loc (detected) {a['warning']['top1_localization_detected']:.3f} "
          f"(all bugs) {a['top1_localization_all_bugs']:.3f}; ECE {e:.4f}")
    return result


if __name__ == "__main__":
    main()
