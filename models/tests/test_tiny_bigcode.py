"""The local engine's fixture generator runs and is deterministic (same bytes twice, goldens self-consistent)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("peft")

from pyassist_lm import tiny_bigcode  # noqa: E402


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    tiny_bigcode.main(["--out", str(a)])
    # a second process with another hash seed: set iteration order must not leak into the files
    models_dir = Path(tiny_bigcode.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(models_dir)}
    subprocess.run([sys.executable, "-m", "pyassist_lm.tiny_bigcode", "--out", str(b)], check=True, env=env,
                   capture_output=True)
    fa, fb = _files(a), _files(b)
    assert set(fa) >= {"model/config.json", "model/model.safetensors", "model/tokenizer.json",
                       "adapters/attn/adapter_config.json", "adapters/attn/adapter_model.safetensors",
                       "adapters/mlp/adapter_config.json", "adapters/mlp/adapter_model.safetensors",
                       "golden.json", "fixture_config.json", "model-mha/model.safetensors"}
    assert fa == fb

    golden = json.loads(fa["golden.json"])
    assert set(golden) == {"base", "mha", "attn", "mlp", "merged:attn"}
    cfg = tiny_bigcode.FixtureConfig()
    for rows in golden.values():
        assert len(rows) == len(cfg.prompts)
        for r in rows:
            assert len(r["logits"]) == cfg.logit_steps and len(r["logits"][0]) == cfg.vocab_size
            # the first greedy token is the argmax of the first logit row
            first = r["logits"][0]
            assert r["greedy_ids"][0] == max(range(len(first)), key=first.__getitem__)
    # adapters change outputs; merging gives the unmerged adapter's tokens
    assert golden["attn"][0]["greedy_ids"] != golden["base"][0]["greedy_ids"]
    assert golden["mlp"][0]["greedy_ids"] != golden["base"][0]["greedy_ids"]
    assert [r["greedy_ids"] for r in golden["merged:attn"]] == [r["greedy_ids"] for r in golden["attn"]]
    assert sum(len(v) for v in fa.values()) < 3_000_000
