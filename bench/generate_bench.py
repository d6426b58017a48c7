#!/usr/bin/env python3
"""Local engine benchmark: `pyassist generate` (DJL PyTorch in Java) against `transformers` `generate()` in Python.

Same ~100M-parameter GPTBigCode checkpoint (random weights, StarCoder's shape at small scale: n_embd 768, 12 layers,
12 heads, multi-query, a 49152-token byte-level BPE trained on stdlib text), same PEFT LoRA adapter (non-zero B,
applied unmerged on both sides), same prompt, same thread count, greedy, same number of new tokens. Prints for each
side the first-token latency and tokens/s (median of --runs runs after --warmup warm-up runs), the ratio Java/Python
(above 1 means Java is faster), and whether both produced the same greedy tokens.

    tokens/s         generated tokens / the whole generate call (prompt tokenisation and prefill included)
    decode tokens/s  (generated - 1) / (time after the first token): the steady KV-cache decoding speed
    first token      generate call start to the first generated token (tokenisation + prefill + one step)

The checkpoint and adapter are built once and cached under bench/.cache/ (git-ignored). Every run writes its config
and results to bench/out/generate_bench-<time>.json.

Usage:
  models/.venv/bin/python bench/generate_bench.py --engine-jar local-engine/target/pyassist-local-engine.jar
      [--threads 2] [--max-new-tokens 64] [--runs 3] [--warmup 1] [--jar server/target/pyassist.jar]
  ... --tiny          a 2-layer model instead (fast check that both sides give the same greedy tokens)
  ... --dry-run       build the checkpoint and run the Python side only; print the Java command
Needs server/target/pyassist.jar (mvn -q -B -pl server -am -DskipTests package) and the engine jar
(mvn -q -B -pl local-engine -am -DskipTests package).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
OUT = ROOT / "bench" / "out"

PROMPT = '''import os


def read_config(path):
    """Read a key=value file into a dict, skipping comments."""
'''


@dataclass(frozen=True)
class ModelConfig:
    name: str
    vocab_size: int
    n_embd: int
    n_layer: int
    n_head: int
    n_positions: int
    lora_r: int
    lora_alpha: int
    target_modules: tuple = ("c_attn", "c_proj")
    seed: int = 20261121
    stdlib_files: int = 400  # how many stdlib modules the tokenizer is trained on


FULL = ModelConfig("gptbigcode-100m", vocab_size=49152, n_embd=768, n_layer=12, n_head=12, n_positions=2048,
                   lora_r=16, lora_alpha=32)
TINY = ModelConfig("gptbigcode-tiny", vocab_size=1024, n_embd=64, n_layer=2, n_head=4, n_positions=512,
                   lora_r=4, lora_alpha=8, stdlib_files=40)


def stdlib_texts(limit: int):
    lib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in lib.glob("*.py"))[:limit]
    for p in files:
        try:
            yield p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue


def build(cfg: ModelConfig) -> Path:
    """model/ (config.json, model.safetensors, tokenizer.json) and adapter/ under bench/.cache/<name>/; cached."""
    import torch
    from peft import LoraConfig, get_peft_model
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPTBigCodeConfig, GPTBigCodeForCausalLM, PreTrainedTokenizerFast

    out = CACHE / cfg.name
    done = out / "build_config.json"
    wanted = json.loads(json.dumps(dataclasses.asdict(cfg)))  # tuples as lists, as they come back from the file
    if done.exists() and json.loads(done.read_text()) == wanted:
        return out
    t0 = time.time()
    model_dir, adapter_dir = out / "model", out / "adapter"
    model_dir.mkdir(parents=True, exist_ok=True)

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=cfg.vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(stdlib_texts(cfg.stdlib_files), trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|endoftext|>", eos_token="<|endoftext|>",
                                   unk_token="<|endoftext|>")
    fast.save_pretrained(model_dir)
    vocab = tok.get_vocab_size()  # may be below cfg.vocab_size when the text has fewer merges

    torch.manual_seed(cfg.seed)
    mc = GPTBigCodeConfig(vocab_size=cfg.vocab_size, n_positions=cfg.n_positions, n_embd=cfg.n_embd,
                          n_layer=cfg.n_layer, n_head=cfg.n_head, multi_query=True,
                          activation_function="gelu_pytorch_tanh", bos_token_id=0, eos_token_id=0, pad_token_id=0)
    model = GPTBigCodeForCausalLM(mc).eval()
    model.save_pretrained(model_dir, safe_serialization=True)

    lc = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, target_modules=list(cfg.target_modules),
                    lora_dropout=0.0, bias="none", task_type="CAUSAL_LM")
    peft_model = get_peft_model(model, lc)
    with torch.no_grad():  # PEFT starts B at zero (a no-op adapter); make it change the output
        for name, p in peft_model.named_parameters():
            if "lora_B" in name:
                p.copy_(torch.randn_like(p) * 0.02)
    peft_model.save_pretrained(adapter_dir, safe_serialization=True)
    n_params = sum(p.numel() for p in model.parameters())
    done.write_text(json.dumps(dataclasses.asdict(cfg), indent=2))
    (out / "build_info.json").write_text(json.dumps({"parameters": n_params, "tokenizer_vocab": vocab,
                                                     "seconds": round(time.time() - t0, 1)}, indent=2))
    print(f"built {cfg.name}: {n_params / 1e6:.1f}M parameters, tokenizer {vocab} tokens, in {time.time() - t0:.0f}s",
          file=sys.stderr)
    return out


def python_side(out: Path, prompt: str, new_tokens: int, threads: int, warmup: int, runs: int):
    """transformers generate() with the adapter unmerged; one measurement per run."""
    import torch
    from peft import PeftModel
    from transformers import AutoTokenizer, GPTBigCodeForCausalLM
    from transformers.generation.streamers import BaseStreamer

    torch.set_num_threads(threads)
    tok = AutoTokenizer.from_pretrained(out / "model")
    base = GPTBigCodeForCausalLM.from_pretrained(out / "model", torch_dtype=torch.float32).eval()
    model = PeftModel.from_pretrained(base, out / "adapter").eval()  # unmerged: LoRA product added at run time

    class FirstToken(BaseStreamer):
        def __init__(self):
            self.calls = 0
            self.first = None

        def put(self, value):
            self.calls += 1  # the first put is the prompt, the second the first new token
            if self.calls == 2 and self.first is None:
                self.first = time.perf_counter()

        def end(self):
            pass

    results = []
    for i in range(warmup + runs):
        streamer = FirstToken()
        t0 = time.perf_counter()
        ids = tok(prompt, return_tensors="pt").input_ids  # [1, prompt_len]
        with torch.inference_mode():
            gen = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                                 do_sample=False, streamer=streamer, pad_token_id=0)
        total = time.perf_counter() - t0
        new = gen[0, ids.shape[1]:].tolist()
        if i >= warmup:
            results.append(measure(len(new), (streamer.first or t0) - t0, total, ids.shape[1], new))
    return results


def measure(n: int, first_s: float, total_s: float, prompt_tokens: int, ids: list):
    return {"generated_tokens": n, "prompt_tokens": prompt_tokens, "first_token_ms": first_s * 1e3,
            "total_ms": total_s * 1e3, "tokens_per_s": n / total_s if total_s > 0 else 0.0,
            "decode_tokens_per_s": (n - 1) / (total_s - first_s) if n > 1 and total_s > first_s else 0.0,
            "token_ids": ids}


def java_command(args, out: Path, prompt: str) -> list:
    return ["java", f"-XX:ErrorFile={os.path.join(tempfile.gettempdir(), 'pyassist-hs_err_pid%p.log')}",
            "-jar", str(args.jar), "generate", "--engine-jar", str(args.engine_jar),
            "--model", str(out / "model"), "--adapter", "generate=" + str(out / "adapter"), "--task", "generate",
            "--prompt", prompt, "--max-tokens", str(args.max_new_tokens), "--threads", str(args.threads),
            "--warmup", str(args.warmup), "--stats"]


def java_side(args, out: Path, prompt: str):
    """One JVM per run, each warmed up in process (--warmup) before its measured generation."""
    results = []
    for _ in range(args.runs):
        p = subprocess.run(java_command(args, out, prompt), capture_output=True, text=True, timeout=900)
        if p.returncode != 0:
            sys.exit(f"pyassist generate failed ({p.returncode}):\n{p.stderr}")
        stats = re.search(r"^stats: (.*)$", p.stderr, re.M)
        ids = re.search(r"^token_ids=(.*)$", p.stderr, re.M)
        if not stats or not ids:
            sys.exit("no --stats line in the output of pyassist generate:\n" + p.stderr)
        kv = dict(item.split("=", 1) for item in stats.group(1).split())
        token_ids = [int(x) for x in ids.group(1).split(",") if x]
        r = {k: float(kv[k]) for k in ("first_token_ms", "total_ms", "tokens_per_s", "decode_tokens_per_s",
                                        "load_ms")}
        r.update(generated_tokens=int(kv["generated_tokens"]), prompt_tokens=int(kv["prompt_tokens"]),
                 token_ids=token_ids)
        results.append(r)
    return results


def median(results, key):
    return statistics.median(r[key] for r in results)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--jar", type=Path, default=ROOT / "server" / "target" / "pyassist.jar")
    ap.add_argument("--engine-jar", type=Path, default=ROOT / "local-engine" / "target" / "pyassist-local-engine.jar")
    ap.add_argument("--tiny", action="store_true", help="a 2-layer model: a quick same-tokens check")
    ap.add_argument("--dry-run", action="store_true", help="Python side only; print the Java command")
    args = ap.parse_args()

    cfg = TINY if args.tiny else FULL
    out = build(cfg)
    info = json.loads((out / "build_info.json").read_text())
    print(f"model: {cfg.name}, {info['parameters'] / 1e6:.1f}M parameters, LoRA r={cfg.lora_r} on "
          f"{'+'.join(cfg.target_modules)} (unmerged); {args.threads} threads; greedy, {args.max_new_tokens} new "
          f"tokens; median of {args.runs} runs after {args.warmup} warm-up")
    py = python_side(out, PROMPT, args.max_new_tokens, args.threads, args.warmup, args.runs)
    report = {"config": {**dataclasses.asdict(cfg), **{k: str(v) for k, v in vars(args).items()}},
              "prompt": PROMPT, "python": py}
    row = "{:<22} {:>14} {:>12} {:>18}"
    print(row.format("", "first token ms", "tokens/s", "decode tokens/s"))
    print(row.format("python transformers", f"{median(py, 'first_token_ms'):.1f}",
                     f"{median(py, 'tokens_per_s'):.1f}", f"{median(py, 'decode_tokens_per_s'):.1f}"))
    if args.dry_run:
        print("dry run; the Java side would run:\n  " + shlex.join(java_command(args, out, PROMPT)))
    else:
        for needed in (args.jar, args.engine_jar):
            if not needed.is_file():
                sys.exit(f"{needed} is missing; see the usage at the top of {Path(__file__).name}")
        jv = java_side(args, out, PROMPT)
        report["java"] = jv
        print(row.format("java pyassist", f"{median(jv, 'first_token_ms'):.1f}",
                         f"{median(jv, 'tokens_per_s'):.1f}", f"{median(jv, 'decode_tokens_per_s'):.1f}"))
        ratio_tps = median(jv, "tokens_per_s") / median(py, "tokens_per_s")
        ratio_first = median(py, "first_token_ms") / median(jv, "first_token_ms")
        same = jv[0]["token_ids"] == py[0]["token_ids"]
        report["ratio"] = {"tokens_per_s_java_over_python": ratio_tps,
                           "first_token_speedup_java_over_python": ratio_first, "same_greedy_tokens": same}
        print(f"ratio Java/Python: tokens/s {ratio_tps:.2f}, first-token speed {ratio_first:.2f} "
              f"(above 1: Java faster)")
        print(f"same greedy tokens: {'yes' if same else 'NO'} ({len(py[0]['token_ids'])} python, "
              f"{len(jv[0]['token_ids'])} java)")
        if not same:
            print(f"  python: {py[0]['token_ids']}\n  java:   {jv[0]['token_ids']}")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / time.strftime("generate_bench-%Y%m%d-%H%M%S.json")
    path.write_text(json.dumps(report, indent=2))
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
