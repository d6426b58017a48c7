"""Export a format-2 (token-rtd) artifact: model.onnx, tokenizer.json, validator.json, golden.json, MODEL_CARD.md.

    python -m pyvalidator.rtd_export --model runs/rtd/model --metric runs/rtd/filemetric.json --out DIR

The contract is /work/wt/VALIDATOR_V2.md (copied into the README): ONNX inputs input_ids and
attention_mask int64 [batch, seq]; outputs token_bug_probability [batch, seq], repair_token_ids and
repair_probabilities [batch, seq, K], bug_probability [batch]. Thresholds come from the file metric
(`pyvalidator.filemetric`, chosen by false findings per 1,000 clean lines) or --thresholds W,I.
"""
from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from .common import sha256_file
from .export import GOLDEN_INPUTS, ort_session
from .rtd import BOS_ID, EOS_ID, MASK_ID, PAD_ID
from .rtd_model import OUTPUTS, ExportWrapper, load_model
from .tok import legacy_merges

FORMAT_VERSION = 2


def export_onnx(model, path: Path, k: int, opset: int = 17):
    wrapper = ExportWrapper(model, k).eval()
    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 150, 2, PAD_ID, PAD_ID]], dtype=torch.long)
    mask = (ids != PAD_ID).long()
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
            "token_bug_probability": {0: "batch", 1: "sequence"},
            "repair_token_ids": {0: "batch", 1: "sequence"}, "repair_probabilities": {0: "batch", 1: "sequence"},
            "bug_probability": {0: "batch"}}
    torch.onnx.export(wrapper, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                      output_names=OUTPUTS, opset_version=opset, do_constant_folding=True, dynamo=False,
                      dynamic_axes=axes)


def run_ort(sess, ids, mask):
    return sess.run(OUTPUTS, {"input_ids": np.asarray(ids, dtype=np.int64),
                              "attention_mask": np.asarray(mask, dtype=np.int64)})


def batch_of(tok, texts, max_len):
    seqs = [tok.encode(t).ids[:max_len] for t in texts]
    w = max(map(len, seqs))
    ids = np.full((len(seqs), w), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(seqs), w), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)], mask[i, : len(s)] = s, 1
    return ids, mask


@torch.no_grad()
def parity(model, sess, tok, max_len, k):
    """Max |torch - onnxruntime| over the probability outputs; the top-1 repair ids must agree."""
    wrapper = ExportWrapper(model, k).eval()
    worst = 0.0
    texts = [c for _, c in GOLDEN_INPUTS]
    for group in [texts] + [[t] for t in texts[:3]]:
        ids, mask = batch_of(tok, group, max_len)
        pt = [t.numpy() for t in wrapper(torch.from_numpy(ids), torch.from_numpy(mask))]
        on = run_ort(sess, ids, mask)
        for name, x, y in zip(OUTPUTS, pt, on):
            if name == "repair_token_ids":
                real = mask.astype(bool)
                assert (x[..., 0][real] == y[..., 0][real]).mean() > 0.99, "top-1 repair ids differ"
            else:
                worst = max(worst, float(np.abs(x - y).max()))
    return worst


def golden(tok, sess, max_len):
    out = []
    for name, code in GOLDEN_INPUTS:
        enc = tok.encode(code)
        ids, mask = [enc.ids[:max_len]], [[1] * len(enc.ids[:max_len])]
        p, ri, rp, bug = run_ort(sess, ids, mask)
        out.append({"name": name, "text": code, "input_ids": enc.ids, "offsets": [list(o) for o in enc.offsets],
                    "attention_mask": mask[0], "tokens": enc.tokens,
                    "token_bug_probability": [float(x) for x in p[0]],
                    "repair_token_ids": ri[0].tolist(), "repair_probabilities": rp[0].tolist(),
                    "bug_probability": float(bug[0])})
    return out


def thresholds_from(metric_path: Path | None, fixed: str | None, model: str | None = None):
    if fixed:
        w, i = map(float, fixed.split(","))
        return {"warning": w, "information": i}, {"measured_on": "given on the command line"}
    m = json.loads(Path(metric_path).read_text())
    op = m["models"][model or m["primary"]]["operating_points"]
    return ({"warning": op["warning"]["threshold"], "information": op["information"]["threshold"]},
            {"measured_on": m["threshold_split_note"]})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="a model folder written by rtd_train")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--metric", type=Path, default=None, help="filemetric.json with the chosen thresholds")
    ap.add_argument("--metric-model", default=None, help="which model of --metric (default: its primary)")
    ap.add_argument("--thresholds", default=None, help="W,I instead of --metric")
    ap.add_argument("--top-k", type=int, default=3)
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--no-fuse", action="store_true")
    ap.add_argument("--card-extra", type=Path, default=None, help="markdown appended to MODEL_CARD.md")
    ap.add_argument("--false-warnings-per-kloc", type=float, default=1.0)
    ap.add_argument("--false-information-per-kloc", type=float, default=3.0)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, meta = load_model(args.model)
    tok = Tokenizer.from_file(str(args.model / "tokenizer.json"))
    max_len = meta["arch"]["max_len"]
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / "model.onnx"
    export_onnx(model, onnx_path, args.top_k, args.opset)
    diff = parity(model, ort_session(onnx_path), tok, max_len, args.top_k)
    print(f"parity: max |torch - onnxruntime| = {diff:.3e}")
    assert diff <= 1e-4, f"ONNX parity failed: {diff}"
    fused = {}
    if not args.no_fuse:
        from .optimize import fuse

        cfg = model.encoder.config
        try:
            fused = fuse(onnx_path, onnx_path, cfg.num_attention_heads, cfg.hidden_size)
            diff = max(diff, parity(model, ort_session(onnx_path), tok, max_len, args.top_k))
            print(f"fused {fused}; parity {diff:.3e}")
            assert diff <= 1e-4, f"fused ONNX parity failed: {diff}"
        except AssertionError:
            raise
        except Exception as e:  # the optimizer does not know every graph: keep the plain one
            print(f"fusion skipped: {e}")
            export_onnx(model, onnx_path, args.top_k, args.opset)
    tok_path = out / "tokenizer.json"
    shutil.copy(args.model / "tokenizer.json", tok_path)
    legacy_merges(tok_path)
    sess = ort_session(onnx_path)
    (out / "golden.json").write_text(json.dumps(
        {"about": "ONNX Runtime outputs of the format-2 model for parity tests; offsets are code points",
         "model_sha256": sha256_file(onnx_path), "inputs": golden(tok, sess, max_len)}, indent=1,
        ensure_ascii=False))
    th, th_meta = thresholds_from(args.metric, args.thresholds, args.metric_model)
    a = meta["arch"]
    vj = {
        "format_version": FORMAT_VERSION,
        "design": "token-rtd",
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "architecture": {"type": "roberta-encoder+token-detection+repair", "model_type": "roberta",
                         "num_hidden_layers": a["layers"], "hidden_size": a["hidden"],
                         "num_attention_heads": a["heads"], "intermediate_size": a["ffn"],
                         "vocab_size": a["vocab_size"], "max_position_embeddings": a["max_len"] + 2,
                         "parameters": meta.get("n_params"),
                         "heads": "detection: MLP -> sigmoid per token; repair: MLP -> LayerNorm -> tied "
                                  "embedding -> softmax over the vocabulary"},
        "max_seq_len": max_len,
        "input_format": {
            "tokenizer": "tokenizer.json", "tokenizer_type": "byte-level BPE (RoBERTa conventions)",
            "add_special_tokens": True, "bos_token": "<s>", "bos_id": BOS_ID, "eos_token": "</s>", "eos_id": EOS_ID,
            "pad_token": "<pad>", "pad_id": PAD_ID, "unk_token": "<unk>", "mask_token": "<mask>", "mask_id": MASK_ID,
            "lowercase": False, "normalization": "none", "add_prefix_space": False,
            "offsets": "code points into the input text (HF tokenizers char offsets; DJL returns the same); "
                       "special tokens have (0,0)",
            "text": "one unit's source (function, method or module-level block as the server's Units cuts "
                    "them), dedented so its first line starts at column 0, '\\n' line ends, ending with '\\n'",
            "max_tokens_including_specials": max_len,
            "longer_inputs": "split long code at line boundaries into windows of at most max_seq_len tokens "
                             "(including <s> and </s>)",
            "padding": "right-pad input_ids with pad_id and attention_mask with 0; any batch size"},
        "inputs": {"input_ids": "int64 [batch, sequence]", "attention_mask": "int64 [batch, sequence], 1 = real token"},
        "outputs": {
            "token_bug_probability": {"shape": ["batch", "sequence"], "dtype": "float32",
                                      "meaning": "P(the token at this position was corrupted); 0 at padding and "
                                                 "special tokens"},
            "repair_token_ids": {"shape": ["batch", "sequence", args.top_k], "dtype": "int64",
                                 "meaning": "top-K tokenizer ids for the ORIGINAL token here (special tokens "
                                            "excluded; mask_id = delete this token)"},
            "repair_probabilities": {"shape": ["batch", "sequence", args.top_k], "dtype": "float32",
                                     "meaning": "their probabilities (softmax over the vocabulary)"},
            "bug_probability": {"shape": ["batch"], "dtype": "float32",
                                "meaning": "max of token_bug_probability over real tokens (the unit's verdict)"}},
        "repair_top_k": args.top_k,
        "thresholds": th,
        "threshold_policy": {"false_warnings_per_kloc": args.false_warnings_per_kloc,
                             "false_information_per_kloc": args.false_information_per_kloc, **th_meta},
        "threshold_use": "a finding is a run of tokens with token_bug_probability >= thresholds.information; "
                         "Warning when its maximum >= thresholds.warning, else Information",
        "sha256": {"model.onnx": sha256_file(onnx_path), "tokenizer.json": sha256_file(tok_path)},
        "size_bytes": {"model.onnx": onnx_path.stat().st_size, "tokenizer.json": tok_path.stat().st_size},
        "onnx": {"opset": args.opset, "parity_max_abs_diff": diff, "fused_ops": fused,
                 "runtime_tested": "onnxruntime 1.28.0 CPU"},
        "training": {k: meta.get(k) for k in ("steps", "epochs", "budget_minutes_used", "clock", "train_examples",
                                                "val_token_auroc", "val_repair_acc")},
    }
    if args.metric:
        m = json.loads(args.metric.read_text())
        r = m["models"][args.metric_model or m["primary"]]
        vj["metrics"] = {"file_metric": {"split": m["split_note"], "thresholds_on": m["threshold_split_note"],
                                         "clean_lines": m["clean_lines"],
                                         "operating_points": r["operating_points"], "curve": r["curve"]}}
    (out / "validator.json").write_text(json.dumps(vj, indent=2, ensure_ascii=False))
    from .card import write_card_v2

    write_card_v2(out, vj, args.metric, args.card_extra, args.metric_model)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"artifact: {out} ({size / 1e6:.1f} MB)")
    return vj


if __name__ == "__main__":
    main()
