"""Step 6: export to ONNX, check parity, write the artifact the server loads.

    python -m pyvalidator.export --run runs/main --out validator [--quantize] [--no-fuse]

Writes OUT/model.onnx, tokenizer.json, validator.json (with SHA-256s), golden.json
(for the Java side's parity tests), MODEL_CARD.md and the PNG plots.
The parity check (PyTorch vs ONNX Runtime, padded batches and single inputs)
prints the max absolute difference and fails above --tolerance.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from .common import DATA_DIR, MODELS_DIR, read_jsonl, save_config, sha256_file
from .data import PAD_ID, collate
from .modeling import ExportWrapper, load_model
from .optimize import fuse
from .tok import legacy_merges
from .mutations import KIND_INFO, KINDS, SEMANTIC, SYNTAX

FORMAT_VERSION = 1
OUTPUTS = ["bug_probability", "kind_probabilities", "token_scores"]

GOLDEN_INPUTS = [
    ("ascii_clean", "def add(a, b):\n    return a + b\n"),
    ("comparison_clean", "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n    if x > hi:\n        return hi\n    return x\n"),
    ("injected_inverted_comparison",
     "def clamp(x, lo, hi):\n    if x >= lo:\n        return lo\n    if x > hi:\n        return hi\n    return x\n"),
    ("non_ascii_identifiers", "def größe(länge, breite):\n    fläche = länge * breite\n    return fläche\n"),
    ("non_ascii_string", "def greet(name):\n    return f\"héllo, {name} — 你好 👋\"\n"),
    ("loop", "def total(items):\n    s = 0\n    for it in items:\n        s += it.price\n    return s\n"),
    ("syntax_missing_colon", "def f(x)\n    return x\n"),
    ("method", "class Stack:\n    def push(self, item):\n        self.items.append(item)\n"),
]


def export_onnx(model, path: Path, opset: int = 17, max_len: int = 256):
    wrapper = ExportWrapper(model).eval()
    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 150, 2, PAD_ID, PAD_ID]], dtype=torch.long)
    mask = (ids != PAD_ID).long()
    mask[:, 0] = 1
    torch.onnx.export(
        wrapper, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
        output_names=OUTPUTS, opset_version=opset, do_constant_folding=True, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                      "attention_mask": {0: "batch", 1: "sequence"},
                      "bug_probability": {0: "batch"}, "kind_probabilities": {0: "batch"},
                      "token_scores": {0: "batch", 1: "sequence"}})


def ort_session(path):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def run_ort(sess, ids, mask):
    return sess.run(OUTPUTS, {"input_ids": np.asarray(ids, dtype=np.int64),
                              "attention_mask": np.asarray(mask, dtype=np.int64)})


@torch.no_grad()
def parity(model, sess, examples):
    """Max |torch - onnxruntime| over outputs, for a padded batch and single inputs."""
    wrapper = ExportWrapper(model).eval()
    worst = 0.0
    groups = [examples] + [[e] for e in examples[:4]]
    for g in groups:
        b = collate(g)
        pt = [t.numpy() for t in wrapper(b["input_ids"], b["attention_mask"])]
        on = run_ort(sess, b["input_ids"].numpy(), b["attention_mask"].numpy())
        for x, y in zip(pt, on):
            worst = max(worst, float(np.abs(x - y).max()))
    return worst


def golden(tok, sess, max_len):
    out = []
    for name, code in GOLDEN_INPUTS:
        enc = tok.encode(code)
        assert len(enc.ids) <= max_len
        ids = [enc.ids]
        mask = [[1] * len(enc.ids)]
        bug_p, kinds, scores = run_ort(sess, ids, mask)
        bug = None
        if name == "injected_inverted_comparison":
            a = code.index(">=")
            bug = {"kind": "inverted_comparison", "span": [a, a + 2],
                   "original": code[:a] + "<" + code[a + 2:]}
        elif name == "syntax_missing_colon":
            a = code.index(")")
            bug = {"kind": "missing_colon", "span": [a, a + 1], "original": code[:a + 1] + ":" + code[a + 1:]}
        out.append({"name": name, "text": code, "injected_bug": bug, "input_ids": enc.ids,
                    "offsets": [list(o) for o in enc.offsets], "attention_mask": mask[0],
                    "tokens": enc.tokens, "bug_probability": float(bug_p[0]),
                    "kind_probabilities": [float(x) for x in kinds[0]],
                    "predicted_kind": KINDS[1 + int(np.argmax(kinds[0][1:]))],
                    "top_token": int(np.argmax(scores[0])),
                    "token_scores": [float(x) for x in scores[0]]})
    return out


def sample_examples(tok, data: Path, max_len, n=8, seed=0):
    rows = list(read_jsonl(data / "test.jsonl")) if (data / "test.jsonl").exists() else []
    random.Random(seed).shuffle(rows)
    exs = []
    for r in rows:
        enc = tok.encode(r["code"])
        if len(enc.ids) <= max_len:
            exs.append({"ids": enc.ids, "token_targets": [0] * len(enc.ids), "label": 0})
        if len(exs) >= n:
            break
    for _, code in GOLDEN_INPUTS:
        if len(exs) >= n + 4:
            break
        ids = tok.encode(code).ids
        exs.append({"ids": ids, "token_targets": [0] * len(ids), "label": 0})
    return exs


def build_validator_json(model, meta, run: Path, onnx_path: Path, tok_path: Path, diff, quantized,
                         opset, data: Path):
    cfg = model.encoder.config
    ev = json.loads((run / "eval" / "metrics.json").read_text()) if (run / "eval" / "metrics.json").exists() else {}
    data_cfg = {}
    mp = Path(data) / "mutate_config.json"
    if mp.exists():
        data_cfg["mutations"] = json.loads(mp.read_text())
        cp = Path(data_cfg["mutations"].get("corpus", "")) / "corpus_config.json"
        if cp.exists():
            data_cfg["corpus"] = json.loads(cp.read_text())
    tm = ev.get("test", {})

    def pick(g):
        m = tm.get(g, {})
        w = m.get("warning", {})
        return {"auroc": m.get("auroc"), "precision": w.get("precision"), "recall": w.get("recall"),
                "f1": w.get("f1"), "top1_localization_detected": w.get("top1_localization_detected"),
                "top1_localization_all_bugs": m.get("top1_localization_all_bugs"),
                "n_bugs": m.get("n_bugs"), "n_clean": m.get("n_clean")}
    return {
        "format_version": FORMAT_VERSION,
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "architecture": {
            "type": "roberta-encoder+validator-heads", "model_type": "roberta",
            "num_hidden_layers": cfg.num_hidden_layers, "hidden_size": cfg.hidden_size,
            "num_attention_heads": cfg.num_attention_heads, "intermediate_size": cfg.intermediate_size,
            "vocab_size": cfg.vocab_size, "max_position_embeddings": cfg.max_position_embeddings,
            "parameters": meta.get("n_params"), "base": meta.get("base"),
            "heads": "sequence: [<s>; masked max-pool; location-attention pool] -> MLP -> kind softmax; "
                     "token: MLP -> location logit, softmax over positions"},
        "max_seq_len": meta["max_len"],
        "input_format": {
            "tokenizer": "tokenizer.json",
            "tokenizer_type": "byte-level BPE (RoBERTa conventions)",
            "add_special_tokens": True,
            "bos_token": "<s>", "bos_id": 0, "eos_token": "</s>", "eos_id": 2,
            "pad_token": "<pad>", "pad_id": PAD_ID, "unk_token": "<unk>", "mask_token": "<mask>",
            "lowercase": False, "normalization": "none", "add_prefix_space": False,
            "offsets": "code points into the input text (HF tokenizers char offsets; DJL returns the same); "
                       "special tokens have (0,0)",
            "text": "one unit's source (function, method, class or module-level block), dedented so its first "
                    "line starts at column 0, '\\n' line ends, ending with '\\n'",
            "max_tokens_including_specials": meta["max_len"],
            "longer_inputs": "not truncated in training; split long code at statement/line boundaries into "
                             "windows of at most max_seq_len tokens (including <s> and </s>)",
            "padding": "right-pad input_ids with pad_id and attention_mask with 0; any batch size",
        },
        "inputs": {"input_ids": "int64 [batch, sequence]", "attention_mask": "int64 [batch, sequence], 1 = real token"},
        "outputs": {
            "bug_probability": {"shape": ["batch"], "dtype": "float32",
                                "meaning": "P(sequence contains an injected bug) = 1 - kind_probabilities[:, 0]; "
                                           "compare with thresholds"},
            "kind_probabilities": {"shape": ["batch", len(KINDS)], "dtype": "float32",
                                   "meaning": "softmax over labels (index 0 = clean); the argmax over indices >= 1 "
                                              "is the most likely mutation kind, used to phrase the message/repair"},
            "token_scores": {"shape": ["batch", "sequence"], "dtype": "float32",
                             "meaning": "where the bug is, given there is one: softmax over the sequence's "
                                        "real positions (sums to 1 per row, 0 on padding); flag the top-1 "
                                        "token (and its neighbours with comparable scores)"},
        },
        "labels": KINDS,
        "kinds": {k: {"category": "clean" if k == "clean" else ("semantic" if k in SEMANTIC else "syntax"),
                      "message": KIND_INFO[k]} for k in KINDS},
        "thresholds": ev.get("thresholds", {}),
        "threshold_use": "report a finding when bug_probability >= thresholds.warning.threshold (Warning); "
                         "between information and warning thresholds at Information severity",
        "sha256": {"model.onnx": sha256_file(onnx_path), "tokenizer.json": sha256_file(tok_path)},
        "size_bytes": {"model.onnx": onnx_path.stat().st_size, "tokenizer.json": tok_path.stat().st_size},
        "onnx": {"opset": opset, "quantized_int8": quantized, "parity_max_abs_diff": diff,
                 "runtime_tested": "onnxruntime 1.28.0 CPU"},
        "training": {k: meta.get(k) for k in ("steps", "epochs_completed", "train_minutes", "train_units",
                                                "init_from", "quick_val_auroc")},
        "training_data": {
            "sources": "CPython standard library of the training machine"
                       + (" + Debian packages " + ", ".join(data_cfg.get("corpus", {}).get("debian_packages", []))
                          if data_cfg.get("corpus", {}).get("debian_packages") else ""),
            "corpus_stats": data_cfg.get("corpus", {}).get("stats"),
            "mutation_stats": data_cfg.get("mutations", {}).get("stats"),
            "split": "by file (hash of source:path) train/val/test {}/{}/{} %; exact and "
                     "whitespace/comment/docstring-insensitive duplicates removed before splitting".format(
                         100 - data_cfg.get("corpus", {}).get("val_pct", 5) - data_cfg.get("corpus", {}).get("test_pct", 5),
                         data_cfg.get("corpus", {}).get("val_pct", 5), data_cfg.get("corpus", {}).get("test_pct", 5))},
        "metrics": {"split": "test (1 clean : 1 mutant per unit)",
                    "all": pick("all"), "semantic": pick("semantic"), "syntax": pick("syntax"),
                    "ece": ev.get("test_ece"),
                    "per_kind": {k: pick(k) for k in KINDS[1:] if k in tm}},
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=MODELS_DIR / "validator")
    ap.add_argument("--data", type=Path, default=DATA_DIR / "mutations")
    ap.add_argument("--quantize", action="store_true", help="ship int8 dynamic-quantized weights")
    ap.add_argument("--no-fuse", action="store_true",
                    help="keep plain ONNX ops (no ONNX Runtime contrib-op fusion; see optimize.py)")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--tolerance", type=float, default=1e-4,
                    help="max |torch - onnx| allowed (fp32); quantized models are checked at 0.15")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, meta = load_model(args.run / "model", attn="eager")
    tok = Tokenizer.from_file(str(args.run / "model" / "tokenizer.json"))
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / "model.onnx"
    tmp = out / "model.fp32.onnx"
    export_onnx(model, tmp, args.opset, meta["max_len"])
    exs = sample_examples(tok, args.data, meta["max_len"])
    diff = parity(model, ort_session(tmp), exs)
    print(f"parity fp32: max |torch - onnxruntime| = {diff:.3e}")
    assert diff <= args.tolerance, f"ONNX parity failed: {diff} > {args.tolerance}"
    fused_ops = {}
    if not args.no_fuse:
        cfg = model.encoder.config
        fused_ops = fuse(tmp, tmp, cfg.num_attention_heads, cfg.hidden_size)
        diff = max(diff, parity(model, ort_session(tmp), exs))
        print(f"fused {fused_ops}; parity: max |torch - onnxruntime| = {diff:.3e}")
        assert diff <= args.tolerance, f"fused ONNX parity failed: {diff} > {args.tolerance}"
    if args.quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        from onnx import TensorProto

        # fused contrib ops defeat ONNX shape inference; their outputs are float
        quantize_dynamic(str(tmp), str(onnx_path), weight_type=QuantType.QInt8,
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
        tmp.unlink()
        qdiff = parity(model, ort_session(onnx_path), exs)
        print(f"parity int8: max |torch - onnxruntime| = {qdiff:.3e}")
        assert qdiff <= 0.15, f"quantized parity failed: {qdiff}"
        diff = qdiff
    else:
        tmp.replace(onnx_path)
    tok_path = out / "tokenizer.json"
    shutil.copy(args.run / "model" / "tokenizer.json", tok_path)
    legacy_merges(tok_path)
    assert Tokenizer.from_file(str(tok_path)).encode(GOLDEN_INPUTS[4][1]).ids == tok.encode(GOLDEN_INPUTS[4][1]).ids
    sess = ort_session(onnx_path)
    (out / "golden.json").write_text(json.dumps(
        {"about": "ONNX Runtime outputs for parity tests of the Java side; offsets are code points",
         "model_sha256": sha256_file(onnx_path), "inputs": golden(tok, sess, meta["max_len"])},
        indent=1, ensure_ascii=False))
    vj = build_validator_json(model, meta, args.run, onnx_path, tok_path, diff, args.quantize, args.opset,
                              args.data)
    vj["onnx"]["fused_ops"] = fused_ops
    (out / "validator.json").write_text(json.dumps(vj, indent=2, ensure_ascii=False))
    for png in ("loss.png", "eval/pr_curve.png", "eval/reliability.png"):
        if (args.run / png).exists():
            shutil.copy(args.run / png, out / Path(png).name)
    from .card import write_card

    write_card(out, args.run, vj)
    save_config(args.run, "export", args, parity_max_abs_diff=diff)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"artifact: {out} ({size / 1e6:.1f} MB)")
    return vj


if __name__ == "__main__":
    main()
