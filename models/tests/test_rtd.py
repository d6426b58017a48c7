"""Format 2 (token-rtd): token alignment of corruptions, the tiny artifact, resume."""
import json
import random

import numpy as np
import pytest
from tokenizers import Tokenizer

from pyvalidator import export, pipeline, rtd, rtd_train
from pyvalidator.common import RUNS_DIR, sha256_file
from pyvalidator.rtd import MASK_ID, align


def test_align_replace_insert_delete():
    orig = [0, 10, 11, 12, 13, 2]
    labels, repair = align(orig, [0, 10, 99, 12, 13, 2])  # one token replaced
    assert labels == [-1, 0, 1, 0, 0, -1] and repair == [-1, -1, 11, -1, -1, -1]
    labels, repair = align(orig, [0, 10, 11, 77, 12, 13, 2])  # one token inserted: repair = delete
    assert labels == [-1, 0, 0, 1, 0, 0, -1] and repair[3] == MASK_ID
    labels, repair = align(orig, [0, 10, 12, 13, 2])  # a token deleted: the one before the gap is marked
    assert labels == [-1, 1, 0, 0, -1] and repair == [-1] * 5
    labels, repair = align(orig, orig)
    assert labels == [-1, 0, 0, 0, 0, -1]


def test_corruptions_are_labelled_on_the_changed_tokens(tmp_path):
    from pyvalidator.tok import train_tokenizer

    code = "def f(a, b):\n    if a < b and not a:\n        return g(a, b) - 1\n    return True\n"
    tok = train_tokenizer([code] * 20, vocab_size=300, min_frequency=1)
    rng = random.Random(3)
    cfg = rtd.CorruptConfig(count_probs=(0, 1.0), syntax_share=0.0)
    seen = 0
    for _ in range(20):
        e = rtd.make_example(tok, code, rng, cfg)
        if not e["kinds"] or 1 not in e["labels"]:
            continue
        seen += 1
        assert e["labels"][0] == -1 and e["labels"][-1] == -1
        for lab, rep in zip(e["labels"], e["repair"]):
            assert rep == -1 or lab == 1  # a repair target only where a token is flagged
    assert seen >= 10
    packed = rtd.pack([{**e, "unit": 0}])
    assert packed["starts"][-1] == len(packed["ids"]) == len(e["ids"])


@pytest.fixture(scope="module")
def tiny_v2(tmp_path_factory):
    work = tmp_path_factory.mktemp("tiny_v2")
    out = work / "artifact"
    vj = pipeline.run_tiny_rtd(work, out, max_files=40, steps=12)
    try:  # for the server's tests, as the format-1 tiny artifact
        import shutil

        dst = RUNS_DIR / "tiny_artifact_v2"
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(out, dst)
    except OSError:
        pass
    return work, out, vj


def test_tiny_format2_artifact(tiny_v2):
    """The folder VALIDATOR_V2.md describes: outputs, dtypes, shapes, zeros at specials and padding."""
    work, out, vj = tiny_v2
    for f in ("model.onnx", "tokenizer.json", "validator.json", "MODEL_CARD.md", "golden.json"):
        assert (out / f).exists(), f
    assert vj["format_version"] == 2 and vj["design"] == "token-rtd" and vj["repair_top_k"] >= 1
    assert set(vj["thresholds"]) == {"warning", "information"}
    assert vj["thresholds"]["warning"] >= vj["thresholds"]["information"]
    assert vj["threshold_policy"]["false_warnings_per_kloc"] == 1.0
    assert vj["sha256"]["model.onnx"] == sha256_file(out / "model.onnx")
    assert vj["sha256"]["tokenizer.json"] == sha256_file(out / "tokenizer.json")
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    sess = export.ort_session(out / "model.onnx")
    names = [o.name for o in sess.get_outputs()]
    assert names == ["token_bug_probability", "repair_token_ids", "repair_probabilities", "bug_probability"]
    a, b = (tok.encode(t).ids for t in ("def f(x):\n    return x + 1\n", "x = y\n"))
    ids = np.array([a, b + [1] * (len(a) - len(b))], dtype=np.int64)
    mask = (np.arange(len(a))[None, :] < np.array([[len(a)], [len(b)]])).astype(np.int64)
    p, ri, rp, bug = sess.run(names, {"input_ids": ids, "attention_mask": mask})
    k = vj["repair_top_k"]
    assert p.dtype == np.float32 and p.shape == ids.shape
    assert ri.dtype == np.int64 and ri.shape == (*ids.shape, k) and rp.shape == (*ids.shape, k)
    assert bug.shape == (2,)
    assert p[0, 0] == 0 and p[0, len(a) - 1] == 0 and np.all(p[1, len(b) - 1:] == 0)
    assert np.allclose(bug, p.max(axis=1))
    assert not np.isin(ri, [0, 1, 2, 3]).any()  # specials are never a repair (4 = <mask> = delete)
    assert np.all(rp[..., :-1] >= rp[..., 1:])
    gold = json.loads((out / "golden.json").read_text())
    g = gold["inputs"][0]
    assert tok.encode(g["text"]).ids == g["input_ids"]
    p1, _, _, _ = sess.run(names, {"input_ids": np.array([g["input_ids"]]),
                                   "attention_mask": np.array([g["attention_mask"]])})
    assert np.allclose(p1[0], g["token_bug_probability"], atol=1e-5)
    assert "format 2" in (out / "MODEL_CARD.md").read_text()


def test_rtd_train_resumes(tiny_v2, tmp_path):
    work, _, _ = tiny_v2
    base = ["--data", str(work / "rtd"), "--out", str(tmp_path / "r"), "--layers", "1", "--hidden", "32",
            "--heads", "2", "--ffn", "64", "--max-len", "128", "--log-every", "2", "--tokens-per-batch", "1024",
            "--val-examples", "20"]
    rtd_train.main(base + ["--max-steps", "4"])
    rtd_train.main(base + ["--max-steps", "6", "--resume"])
    rows = [json.loads(x) for x in (tmp_path / "r" / "loss.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [2, 4, 6]
    meta = json.loads((tmp_path / "r" / "model" / "rtd_model.json").read_text())
    assert meta["steps"] == 6 and (tmp_path / "r" / "model" / "tokenizer.json").exists()


def test_gpu_command_at_tiny_scale_on_cpu(tiny_v2, tmp_path):
    """The GPU path's command (pyvalidator.gpu), run here on the CPU at tiny scale; its fp16 weights export."""
    from safetensors.torch import load_file

    from pyvalidator import gpu, rtd_export

    work, _, _ = tiny_v2
    cmd = gpu.command(str(work / "rtd"), budget_minutes=0.02, device="cpu")
    assert cmd[:3] == ["python", "-m", "pyvalidator.rtd_train"]
    argv = [a.replace("$OUT", str(tmp_path / "out")).replace("/tmp/rtd_ckpt", str(tmp_path / "ck")) for a in cmd[3:]]
    argv += ["--layers", "1", "--hidden", "32", "--heads", "2", "--ffn", "64", "--max-len", "128",
             "--tokens-per-batch", "2048", "--no-bf16", "--val-examples", "20"]
    rtd_train.main(argv)
    model_dir = tmp_path / "out" / "run" / "model"
    weights = load_file(str(model_dir / "model.safetensors"))
    assert all(v.dtype.is_floating_point is False or str(v.dtype) == "torch.float16" for v in weights.values())
    assert not (tmp_path / "out" / "run" / "checkpoint.pt").exists() and (tmp_path / "ck" / "checkpoint.pt").exists()
    assert all(p.stat().st_size <= 16 * 2**20 for p in (tmp_path / "out").rglob("*") if p.is_file())
    vj = rtd_export.main(["--model", str(model_dir), "--thresholds", "0.9,0.5", "--out", str(tmp_path / "art")])
    assert vj["format_version"] == 2 and vj["onnx"]["parity_max_abs_diff"] <= 1e-4
    assert gpu.bundle_size(work / "rtd") < gpu.LIMIT_BYTES


def test_init_encoder_starts_from_a_roberta_folder(tiny_v2, tmp_path):
    import torch
    from transformers import RobertaModel

    from pyvalidator.rtd_model import encoder_config, load_model

    work, _, _ = tiny_v2
    enc = RobertaModel(encoder_config(800, layers=1, hidden=32, heads=2, ffn=64, max_len=128), add_pooling_layer=False)
    enc.save_pretrained(tmp_path / "enc")
    rtd_train.main(["--data", str(work / "rtd"), "--out", str(tmp_path / "r"), "--init-encoder", str(tmp_path / "enc"),
                    "--max-steps", "1", "--lr", "1e-9", "--warmup-steps", "1", "--tokens-per-batch", "1024",
                    "--val-examples", "10", "--no-bf16"])
    model, meta = load_model(tmp_path / "r" / "model")
    assert meta["arch"]["layers"] == 1 and meta["arch"]["hidden"] == 32
    w0 = enc.embeddings.word_embeddings.weight
    assert torch.allclose(model.encoder.embeddings.word_embeddings.weight, w0, atol=1e-4)
