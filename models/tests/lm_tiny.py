"""Test helper: a tiny random GPTBigCode folder (2 layers, n_embd 32) with a tiny byte-level BPE tokenizer,
laid out as the local engine expects (config.json, model.safetensors, tokenizer.json)."""
from __future__ import annotations

import json
from pathlib import Path

CORPUS = [
    "def add(a, b):\n    return a + b\n",
    "def is_even(n):\n    \"\"\"Return True when n is even.\"\"\"\n    return n % 2 == 0\n",
    "### Python code\n### Summary\nReturn the sum of two numbers.\n",
    "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n",
    "for item in items:\n    print(item)\nwhile True:\n    break\n",
]

SUMMARIZE_ROWS = [
    {"id": "a", "input": "def add(a, b):\n    return a + b", "output": "Add two numbers."},
    {"id": "b", "input": "def neg(x):\n    return -x", "output": "Negate a number."},
    {"id": "c", "input": "def first(xs):\n    return xs[0]", "output": "First item of a list."},
    {"id": "d", "input": "def twice(f, x):\n    return f(f(x))", "output": "Apply f two times."},
]


def make_tokenizer(vocab_size: int = 400):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS * 4, trainer)
    return tok


def make_tiny_model(out: Path, seed: int = 0, initializer_range: float = 0.02) -> Path:
    """initializer_range 0.2 gives greedy choices clear margins (for comparing two engines)."""
    import torch
    from transformers import GPTBigCodeConfig, GPTBigCodeForCausalLM

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tok = make_tokenizer()
    tok.save(str(out / "tokenizer.json"))
    torch.manual_seed(seed)
    cfg = GPTBigCodeConfig(vocab_size=tok.get_vocab_size(), n_positions=256, n_embd=32, n_layer=2, n_head=4,
                           multi_query=True, bos_token_id=0, eos_token_id=0,
                           initializer_range=initializer_range)
    model = GPTBigCodeForCausalLM(cfg)
    model.save_pretrained(str(out), safe_serialization=True)
    (out / "tokenizer_config.json").write_text(json.dumps(
        {"tokenizer_class": "PreTrainedTokenizerFast", "eos_token": "<|endoftext|>", "bos_token": "<|endoftext|>"}))
    return out


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
