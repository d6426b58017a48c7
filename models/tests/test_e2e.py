"""Tiny end-to-end runs: corpus -> mutations -> tokenizer -> train -> evaluate -> export -> parity.

The from-scratch artifact is also copied to models/runs/tiny_artifact (reusable by the
server's tests; `python -m pyvalidator.pipeline tiny` makes the same thing)."""
import json
import shutil

import numpy as np
import pytest
from tokenizers import Tokenizer

from pyvalidator import evaluate, export, pipeline, train
from pyvalidator.common import RUNS_DIR, sha256_file
from pyvalidator.mutations import KINDS


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    work = tmp_path_factory.mktemp("tiny")
    out = work / "artifact"
    vj = pipeline.run_tiny(work, out, max_files=60, steps=30)
    try:
        dst = RUNS_DIR / "tiny_artifact"
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(out, dst)
    except OSError:
        pass
    return work, out, vj


def _check_artifact(out, vj):
    for f in ("model.onnx", "tokenizer.json", "validator.json", "MODEL_CARD.md", "golden.json"):
        assert (out / f).exists(), f
    assert vj["sha256"]["model.onnx"] == sha256_file(out / "model.onnx")
    assert vj["sha256"]["tokenizer.json"] == sha256_file(out / "tokenizer.json")
    assert vj["labels"] == KINDS
    assert set(vj["outputs"]) == {"bug_probability", "kind_probabilities", "token_scores"}
    assert vj["onnx"]["parity_max_abs_diff"] <= 1e-4
    assert "warning" in vj["thresholds"] and 0 <= vj["thresholds"]["warning"]["threshold"] <= 1
    # golden file: re-tokenize and re-run ONNX Runtime, compare
    gold = json.loads((out / "golden.json").read_text())
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    sess = export.ort_session(out / "model.onnx")
    names = set()
    for g in gold["inputs"]:
        names.add(g["name"])
        enc = tok.encode(g["text"])
        assert enc.ids == g["input_ids"]
        assert [list(o) for o in enc.offsets] == g["offsets"]
        assert g["input_ids"][0] == 0 and g["input_ids"][-1] == 2  # <s> ... </s>
        bug, kinds, scores = export.run_ort(sess, [g["input_ids"]], [g["attention_mask"]])
        assert abs(float(bug[0]) - g["bug_probability"]) < 1e-5
        assert np.allclose(scores[0], g["token_scores"], atol=1e-5)
        assert abs(sum(g["token_scores"]) - 1) < 1e-3
        assert abs(sum(g["kind_probabilities"]) - 1) < 1e-3
    assert "non_ascii_string" in names and "injected_inverted_comparison" in names
    # offsets are code points: the emoji is one character
    g = next(x for x in gold["inputs"] if x["name"] == "non_ascii_string")
    assert any(g["text"][s:e] == "👋" for s, e in g["offsets"])
    # dynamic batch and sequence axes: a padded batch equals single runs
    a, b = gold["inputs"][0], gold["inputs"][1]
    L = max(len(a["input_ids"]), len(b["input_ids"]))
    ids = [x["input_ids"] + [1] * (L - len(x["input_ids"])) for x in (a, b)]
    mask = [[1] * len(x["input_ids"]) + [0] * (L - len(x["input_ids"])) for x in (a, b)]
    bug, _, scores = export.run_ort(sess, ids, mask)
    assert abs(bug[0] - a["bug_probability"]) < 1e-5 and abs(bug[1] - b["bug_probability"]) < 1e-5
    assert np.all(scores[0][len(a["input_ids"]):] == 0)


def test_tiny_end_to_end(tiny):
    work, out, vj = tiny
    _check_artifact(out, vj)
    assert vj["architecture"]["num_hidden_layers"] == 2
    m = json.loads((work / "run" / "eval" / "metrics.json").read_text())
    assert {"all", "semantic", "syntax"} <= set(m["test"])
    for png in ("loss.png", "pr_curve.png", "reliability.png"):
        assert (out / png).exists()
    assert (out / "MODEL_CARD.md").read_text().startswith("# pyassist validator")


def test_resume_continues_from_checkpoint(tiny):
    work, _, _ = tiny
    run = work / "resume"
    base = ["--data", str(work / "mutations"), "--tokenizer", str(work / "tokenizer" / "tokenizer.json"),
            "--out", str(run), "--layers", "1", "--hidden", "32", "--heads", "2", "--ffn", "64",
            "--max-len", "128", "--log-every", "2", "--val-units", "10", "--tokens-per-batch", "1024"]
    train.main(base + ["--max-steps", "4"])
    state = json.loads((run / "checkpoint" / "trainer_state.json").read_text())
    assert state["step"] == 4
    train.main(base + ["--max-steps", "6", "--resume"])
    state = json.loads((run / "checkpoint" / "trainer_state.json").read_text())
    assert state["step"] == 6
    rows = [json.loads(x) for x in (run / "loss.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [2, 4, 6]


def test_base_path_with_tiny_random_roberta(tiny, tmp_path):
    """--base fine-tunes a Hugging Face RoBERTa folder (as microsoft/codebert-base is laid out:
    config.json, weights, vocab.json + merges.txt, no tokenizer.json)."""
    from transformers import RobertaConfig, RobertaModel

    work, _, _ = tiny
    base = tmp_path / "tiny-roberta"
    tok = Tokenizer.from_file(str(work / "tokenizer" / "tokenizer.json"))
    cfg = RobertaConfig(vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=130,
                        type_vocab_size=1, pad_token_id=1, bos_token_id=0, eos_token_id=2)
    RobertaModel(cfg).save_pretrained(base)
    tok.model.save(str(base))  # vocab.json + merges.txt
    assert (base / "vocab.json").exists() and not (base / "tokenizer.json").exists()
    run = tmp_path / "run"
    train.main(["--base", str(base), "--data", str(work / "mutations"), "--out", str(run),
                "--max-steps", "5", "--log-every", "5", "--val-units", "10", "--tokens-per-batch", "1024"])
    meta = json.loads((run / "model" / "validator_model.json").read_text())
    assert meta["base"] == str(base) and meta["max_len"] == 128
    evaluate.main(["--run", str(run), "--data", str(work / "mutations")])
    out = tmp_path / "artifact"
    vj = export.main(["--run", str(run), "--data", str(work / "mutations"), "--out", str(out)])
    _check_artifact(out, vj)
    assert vj["architecture"]["hidden_size"] == 32


def test_quantized_export(tiny, tmp_path):
    work, _, _ = tiny
    out = tmp_path / "q"
    vj = export.main(["--run", str(work / "run"), "--data", str(work / "mutations"), "--out", str(out),
                      "--quantize"])
    assert vj["onnx"]["quantized_int8"] is True
    assert (out / "model.onnx").exists() and not (out / "model.fp32.onnx").exists()


def test_unfused_export_then_fuse_and_rebuild(tiny, tmp_path):
    """--no-fuse keeps plain ONNX ops; optimize fuses that artifact in place (checksums and golden follow);
    from_onnx rebuilds the PyTorch model from the artifact alone and agrees with its golden outputs."""
    from pyvalidator import from_onnx, optimize

    work, _, _ = tiny
    out = tmp_path / "plain"
    vj = export.main(["--run", str(work / "run"), "--data", str(work / "mutations"), "--out", str(out),
                      "--no-fuse"])
    assert vj["onnx"]["fused_ops"] == {}
    optimize.main(["--artifact", str(out)])
    fused = json.loads((out / "validator.json").read_text())
    assert fused["onnx"]["fused_ops"].get("SkipLayerNormalization", 0) > 0
    assert fused["sha256"]["model.onnx"] == sha256_file(out / "model.onnx")
    golden = json.loads((out / "golden.json").read_text())
    assert golden["model_sha256"] == fused["sha256"]["model.onnx"]
    rebuilt = tmp_path / "rebuilt"
    from_onnx.main(["--artifact", str(out), "--out", str(rebuilt)])
    assert (rebuilt / "heads.safetensors").exists() and (rebuilt / "tokenizer.json").exists()
    model, _ = from_onnx.rebuild(out)
    assert from_onnx.max_abs_diff(model, out) < 1e-4

    # --init-from continues training the rebuilt model (new optimizer and schedule, same tokenizer and length)
    run = tmp_path / "continued"
    train.main(["--init-from", str(rebuilt), "--data", str(work / "mutations"), "--out", str(run),
                "--max-steps", "3", "--log-every", "3", "--val-units", "10", "--tokens-per-batch", "1024"])
    meta = json.loads((run / "model" / "validator_model.json").read_text())
    assert meta["init_from"] == str(rebuilt) and meta["steps"] == 3
    assert (run / "model" / "tokenizer.json").read_bytes() == (out / "tokenizer.json").read_bytes()
