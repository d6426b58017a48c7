"""Test fixtures for the Java local engine: a tiny random GPTBigCode, two PEFT LoRA adapters and golden outputs.

The Java engine (``local-engine/``) must compute what ``transformers`` computes; these files let its tests check
that without a real checkpoint. Everything is seeded, so running this twice gives byte-identical files.

    PYTHONPATH=models python -m pyassist_lm.tiny_bigcode --out local-engine/src/test/resources/tiny-starcoder

Writes ``model/`` (config.json, model.safetensors, tokenizer.json), ``model-mha/`` (the same without multi-query),
``adapters/attn`` (c_attn + c_proj),
``adapters/mlp`` (c_fc, rsLoRA), ``golden.json`` and ``fixture_config.json`` (this run's config).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import torch


@dataclass
class FixtureConfig:
    seed: int = 1234
    vocab_size: int = 384  # BPE vocab trained on the stdlib sources below (byte alphabet + merges)
    n_embd: int = 64
    n_layer: int = 2
    n_head: int = 4
    n_positions: int = 128
    initializer_range: float = 0.2  # larger than the default 0.02 so greedy choices have clear margins
    new_tokens: int = 20
    logit_steps: int = 3
    lora_r: int = 4
    stdlib_sources: tuple = ("textwrap.py", "json/decoder.py", "string.py")
    prompts: tuple = (
        "def add(a, b):\n    return",
        "# café → naïve 数据 ünïcode\nname = '",
        "import os\n\nclass Config:\n",
    )
    adapters: dict = field(default_factory=lambda: {
        "attn": {"target_modules": ["c_attn", "c_proj"], "lora_alpha": 8, "use_rslora": False},
        "mlp": {"target_modules": r".*\.h\.\d+\.mlp\.c_fc", "lora_alpha": 16, "use_rslora": True},
    })
    merged: str = "attn"


def train_tokenizer(cfg: FixtureConfig):
    """A byte-level BPE (like StarCoder's) with ``<|endoftext|>`` as id 0."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    lib = Path(sysconfig.get_paths()["stdlib"])
    text = [(lib / name).read_text(encoding="utf-8") for name in cfg.stdlib_sources]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=cfg.vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(text, trainer=trainer)
    return tok


def build_model(cfg: FixtureConfig, vocab_size: int, multi_query: bool = True):
    from transformers import GPTBigCodeConfig, GPTBigCodeForCausalLM

    torch.manual_seed(cfg.seed)
    mc = GPTBigCodeConfig(vocab_size=vocab_size, n_positions=cfg.n_positions, n_embd=cfg.n_embd,
                          n_layer=cfg.n_layer, n_head=cfg.n_head, multi_query=multi_query,
                          activation_function="gelu_pytorch_tanh", initializer_range=cfg.initializer_range,
                          bos_token_id=0, eos_token_id=0, pad_token_id=0, tie_word_embeddings=True)
    model = GPTBigCodeForCausalLM(mc).eval()
    with torch.no_grad():  # non-zero biases and layer-norm parameters so every term of the forward is exercised
        for name, p in model.named_parameters():
            if name.endswith("bias") or ".ln_" in name or name.startswith("transformer.ln_f"):
                p.add_(torch.randn_like(p) * 0.1)
    return model


def add_adapter(model, cfg: FixtureConfig, name: str):
    from peft import LoraConfig, get_peft_model

    a = cfg.adapters[name]
    lc = LoraConfig(r=cfg.lora_r, lora_alpha=a["lora_alpha"], target_modules=a["target_modules"],
                    use_rslora=a["use_rslora"], lora_dropout=0.0, bias="none", init_lora_weights=False)
    peft_model = get_peft_model(model, lc).eval()
    torch.manual_seed(cfg.seed + sum(map(ord, name)))
    with torch.no_grad():  # B non-zero (and large enough) so the adapter changes greedy outputs
        for pname, p in peft_model.named_parameters():
            if "lora_A" in pname or "lora_B" in pname:
                p.copy_(torch.randn_like(p) * 0.3)
    return peft_model


@torch.no_grad()
def golden_for(model, tok, cfg: FixtureConfig) -> list[dict]:
    """Per prompt: ids, the first logit rows of greedy decoding (full recompute) and generate()'s greedy tokens."""
    out = []
    for prompt in cfg.prompts:
        ids = tok.encode(prompt, add_special_tokens=False)
        x = torch.tensor([ids])
        logits, margins = [], []
        for _ in range(cfg.logit_steps):
            row = model(input_ids=x).logits[0, -1]  # [vocab]
            logits.append([float(v) for v in row])
            top = torch.topk(row, 2).values
            margins.append(float(top[0] - top[1]))
            x = torch.cat([x, row.argmax().view(1, 1)], dim=1)
        gen = model.generate(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                             max_new_tokens=cfg.new_tokens, do_sample=False, eos_token_id=0, pad_token_id=0)
        new = [int(t) for t in gen[0, len(ids):]]
        out.append({"prompt": prompt, "prompt_ids": ids, "logits": logits, "top2_margins": margins,
                    "greedy_ids": new, "greedy_text": tok.decode(new, skip_special_tokens=True)})
    return out


def _sort_target_modules(path: Path) -> None:
    """peft writes target_modules from a set, so its order follows the process's hash seed: sort it."""
    c = json.loads(path.read_text())
    if isinstance(c.get("target_modules"), list):
        c["target_modules"] = sorted(c["target_modules"])
    path.write_text(json.dumps(c, indent=2, sort_keys=True))


def write(cfg: FixtureConfig, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    (out / "fixture_config.json").write_text(json.dumps(dataclasses.asdict(cfg), indent=1) + "\n")
    tok_raw = train_tokenizer(cfg)
    mdir = out / "model"
    mdir.mkdir(exist_ok=True)
    tok_raw.save(str(mdir / "tokenizer.json"))
    from transformers import PreTrainedTokenizerFast

    tok = PreTrainedTokenizerFast(tokenizer_file=str(mdir / "tokenizer.json"), eos_token="<|endoftext|>")

    model = build_model(cfg, tok_raw.get_vocab_size())
    model.save_pretrained(mdir, safe_serialization=True)
    golden = {"base": golden_for(model, tok, cfg)}
    mha = build_model(cfg, tok_raw.get_vocab_size(), multi_query=False)  # the multi-head attention path too
    mha.save_pretrained(out / "model-mha", safe_serialization=True)
    tok_raw.save(str(out / "model-mha" / "tokenizer.json"))
    golden["mha"] = golden_for(mha, tok, cfg)
    for name in cfg.adapters:
        base = build_model(cfg, tok_raw.get_vocab_size())
        peft_model = add_adapter(base, cfg, name)
        peft_model.save_pretrained(out / "adapters" / name, safe_serialization=True)
        _sort_target_modules(out / "adapters" / name / "adapter_config.json")
        golden[name] = golden_for(peft_model, tok, cfg)
        if name == cfg.merged:
            golden["merged:" + name] = golden_for(peft_model.merge_and_unload().eval(), tok, cfg)
    (out / "golden.json").write_text(json.dumps(golden) + "\n")
    for f in [*out.rglob("README.md")]:
        f.unlink()  # peft's model card template: not needed by the tests
    return golden


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    golden = write(FixtureConfig(), args.out)
    worst = min(m for rows in golden.values() for r in rows for m in r["top2_margins"])
    print(f"wrote {args.out} (smallest top-2 logit margin {worst:.4f})")


if __name__ == "__main__":
    main()
