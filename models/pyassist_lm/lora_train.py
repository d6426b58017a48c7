"""LoRA fine-tuning of a StarCoder-family (`gpt_bigcode`) Hugging Face folder for one pyassist task.

    python -m pyassist_lm.lora_train --base DIR --data train.jsonl [--val val.jsonl] \
        --task summarize|generate|translate|instruction --out ADAPTER_DIR [--rank 8 --alpha 16 ...]
    accelerate launch -m pyassist_lm.lora_train --base DIR ...     # GPUs / several machines, unchanged
    accelerate launch --mixed_precision bf16 --num_processes 4 -m pyassist_lm.lora_train ...

Writes into ADAPTER_DIR: the PEFT adapter (`adapter_config.json`, `adapter_model.safetensors`),
`pyassist_task.json` (the prompt template, see templates.py), `train_config.json`, `loss.jsonl`
and `loss.png`. The loss is computed on the output tokens only: the prompt's labels are -100.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

from .common import UserError, read_json, save_config
from .templates import Example, effective_template, load_examples, write_task_file

PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl")
IGNORE = -100


@dataclass
class LoraTrainConfig:
    base: str = ""
    data: str = ""
    out: str = ""
    task: str = "summarize"
    val: str | None = None
    rank: int = 8
    alpha: int = 16
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["c_attn", "c_proj", "c_fc"])
    lr: float = 2e-4
    weight_decay: float = 0.0
    warmup_steps: int = 0
    epochs: int = 3
    batch_size: int = 8         # per process; effective batch = batch_size x processes x grad_accum
    grad_accum: int = 1
    max_length: int = 512
    seed: int = 0
    max_steps: int = 0          # 0: no limit (epochs decide)
    log_every: int = 1
    dtype: str = "float32"      # weights of the base: float32, or bfloat16 / float16 for big models on GPUs


def check_base(base) -> dict:
    """Refuses what the local engine would refuse too; returns config.json."""
    base = Path(base)
    cfg_path = base / "config.json"
    if not base.is_dir():
        raise UserError(f"{base}: not a folder (expected a Hugging Face model folder)")
    if not cfg_path.is_file():
        raise UserError(f"{cfg_path}: missing (expected a Hugging Face model folder)")
    cfg = read_json(cfg_path)
    if cfg.get("model_type") != "gpt_bigcode":
        raise UserError(f"{cfg_path}: model_type is {cfg.get('model_type')!r}; only StarCoder-family "
                        f"'gpt_bigcode' models are supported")
    safe = (base / "model.safetensors").is_file() or (base / "model.safetensors.index.json").is_file()
    if not safe:
        pickles = sorted(p.name for p in base.iterdir() if p.suffix in PICKLE_SUFFIXES)
        if pickles:
            raise UserError(f"{base}: only pickle weights ({', '.join(pickles)}); pickles can run code when "
                            f"loaded and are refused. Convert them to model.safetensors first")
        raise UserError(f"{base}: no model.safetensors or model.safetensors.index.json")
    if not (base / "tokenizer.json").is_file():
        raise UserError(f"{base / 'tokenizer.json'}: missing (a Hugging Face tokenizers file is needed)")
    return cfg


def encode(ex: Example, tok, eos_id: int, max_length: int, append_eos: bool = True):
    """-> (input_ids, labels), both lists of the same length <= max_length; labels are -100 on the prompt.

    The prompt and the output are tokenized separately, as at inference (prompt alone, then continued).
    Too long: the prompt loses tokens at its start (down to half of max_length), then the output its end.
    """
    p = tok.encode(ex.prompt, add_special_tokens=False).ids
    o = tok.encode(ex.output, add_special_tokens=False).ids + ([eos_id] if append_eos else [])
    if len(p) + len(o) > max_length:
        keep_p = max(max_length - len(o), max_length // 2)
        p = p[-keep_p:] if keep_p > 0 else []
        o = o[: max_length - len(p)]
    if not o:
        return None
    return p + o, [IGNORE] * len(p) + o


def collate(batch, pad_id: int):
    import torch

    n = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), n), pad_id, dtype=torch.long)      # [B, T]
    labels = torch.full((len(batch), n), IGNORE, dtype=torch.long)   # [B, T]
    mask = torch.zeros((len(batch), n), dtype=torch.long)            # [B, T]
    for i, (x, y) in enumerate(batch):
        ids[i, : len(x)] = torch.tensor(x)
        labels[i, : len(y)] = torch.tensor(y)
        mask[i, : len(x)] = 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def plot_losses(rows, val_rows, path, title):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot([r["step"] for r in rows], [r["loss"] for r in rows], label="train (output tokens)")
    if val_rows:
        ax.plot([r["step"] for r in val_rows], [r["val_loss"] for r in val_rows], "k--o", label="validation")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy loss")
    ax.set_title(title)
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def train(cfg: LoraTrainConfig) -> dict:
    """Runs the fine-tune; returns a summary (also stored in train_config.json)."""
    model_cfg = check_base(cfg.base)
    train_ex = load_examples(cfg.data, cfg.task)
    val_ex = load_examples(cfg.val, cfg.task) if cfg.val else []
    tpl = effective_template(cfg.task, train_ex, cfg.data)
    if val_ex and effective_template(cfg.task, val_ex, cfg.val) != tpl:
        raise UserError(f"{cfg.val}: its records are not of the same style as those of {cfg.data}")
    if cfg.rank <= 0 or cfg.batch_size <= 0 or cfg.max_length < 8 or cfg.epochs <= 0:
        raise UserError("rank, batch size and epochs must be positive and max length at least 8")

    import torch
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from peft import LoraConfig, get_peft_model
    from tokenizers import Tokenizer
    from transformers import AutoModelForCausalLM

    if cfg.grad_accum < 1:
        raise UserError("--grad-accum must be at least 1")
    acc = Accelerator(gradient_accumulation_steps=cfg.grad_accum)
    set_seed(cfg.seed)
    base = Path(cfg.base)
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    eos_id = model_cfg.get("eos_token_id")
    if not isinstance(eos_id, int):
        raise UserError(f"{base / 'config.json'}: no integer eos_token_id")
    pad_id = model_cfg.get("pad_token_id") if isinstance(model_cfg.get("pad_token_id"), int) else eos_id

    def enc(exs):
        out = [e for e in (encode(x, tok, eos_id, cfg.max_length, tpl.append_eos) for x in exs) if e]
        return out
    train_rows, val_rows_enc = enc(train_ex), enc(val_ex)
    if not train_rows:
        raise UserError(f"{cfg.data}: no usable records after tokenization")

    dtypes = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
    if cfg.dtype not in dtypes:
        raise UserError(f"--dtype {cfg.dtype}: one of {', '.join(dtypes)}")
    model = AutoModelForCausalLM.from_pretrained(str(base), use_safetensors=True, dtype=dtypes[cfg.dtype])
    present = {n.rsplit(".", 1)[-1] for n, _ in model.named_modules()}
    missing = [m for m in cfg.target_modules if m not in present]
    if missing:
        raise UserError(f"target modules {missing} are not in the model at {base}")
    lora = LoraConfig(r=cfg.rank, lora_alpha=cfg.alpha, lora_dropout=cfg.dropout,
                      target_modules=list(cfg.target_modules), task_type="CAUSAL_LM", bias="none")
    model = get_peft_model(model, lora)
    n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)
    n_all = sum(p.numel() for p in model.parameters())
    acc.print(f"[lora_train] {len(train_rows)} train / {len(val_rows_enc)} val records, task {cfg.task}, "
              f"trainable {n_train:,} of {n_all:,} parameters", flush=True)

    loader = torch.utils.data.DataLoader(train_rows, batch_size=cfg.batch_size, shuffle=True,
                                         collate_fn=lambda b: collate(b, pad_id))
    val_loader = torch.utils.data.DataLoader(val_rows_enc, batch_size=cfg.batch_size,
                                             collate_fn=lambda b: collate(b, pad_id)) if val_rows_enc else None
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr,
                            weight_decay=cfg.weight_decay)
    steps_per_epoch = math.ceil(math.ceil(len(train_rows) / (cfg.batch_size * acc.num_processes)) / cfg.grad_accum)
    total = steps_per_epoch * cfg.epochs
    if cfg.max_steps:
        total = min(total, cfg.max_steps)

    def lr_at(step):  # linear warm-up, then linear decay to 10%
        if step < cfg.warmup_steps:
            return (step + 1) / cfg.warmup_steps
        return 1.0 - 0.9 * (step - cfg.warmup_steps) / max(1, total - cfg.warmup_steps)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    # the scheduler stays unprepared: accelerate would step it once per process, and `total` already counts
    # optimizer steps of this process
    model, opt, loader = acc.prepare(model, opt, loader)
    if val_loader is not None:
        val_loader = acc.prepare(val_loader)

    def evaluate_val():
        """Mean loss per output token over the whole validation set (per-record sums, gathered across
        processes without the padding duplicates of an uneven last batch)."""
        model.eval()
        tot, ntok = 0.0, 0
        with torch.no_grad():
            for b in val_loader:
                logits = model(input_ids=b["input_ids"], attention_mask=b["attention_mask"]).logits  # [B, T, V]
                labels = b["labels"][:, 1:]                                                          # [B, T-1]
                ce = torch.nn.functional.cross_entropy(logits[:, :-1].float().transpose(1, 2), labels,
                                                       ignore_index=IGNORE, reduction="none")       # [B, T-1]
                sums, counts = acc.gather_for_metrics((ce.sum(1), (labels != IGNORE).sum(1)))        # [N], [N]
                tot += float(sums.sum())
                ntok += int(counts.sum())
        model.train()
        return tot / max(ntok, 1)

    out_dir = Path(cfg.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, val_hist = [], []
    step, t0 = 0, time.time()
    model.train()
    for epoch in range(cfg.epochs):
        micro = []
        for batch in loader:
            with acc.accumulate(model):   # optimizer steps only every --grad-accum micro-batches
                out = model(**batch)      # HF shifts labels by one inside; -100 is ignored
                acc.backward(out.loss)
                opt.step()
                opt.zero_grad()
            micro.append(out.loss.detach().reshape(1))
            if not acc.sync_gradients:
                continue
            sched.step()
            step += 1
            loss = float(acc.gather(torch.cat(micro).mean().reshape(1)).mean())
            micro = []
            rows.append({"step": step, "epoch": epoch, "loss": loss, "lr": sched.get_last_lr()[0],
                         "elapsed_s": round(time.time() - t0, 2)})
            if step % cfg.log_every == 0 or step == 1:
                acc.print(f"[lora_train] step {step}/{total} epoch {epoch} loss {loss:.4f}", flush=True)
            if step >= total:
                break
        if val_loader is not None:
            v = evaluate_val()
            val_hist.append({"step": step, "epoch": epoch, "val_loss": v})
            acc.print(f"[lora_train] epoch {epoch} validation loss {v:.4f}", flush=True)
        if step >= total:
            break

    acc.wait_for_everyone()
    summary = {"steps": step, "train_seconds": round(time.time() - t0, 2),
               "first_loss": rows[0]["loss"], "last_loss": rows[-1]["loss"],
               "val_loss": val_hist[-1]["val_loss"] if val_hist else None,
               "trainable_parameters": n_train, "train_records": len(train_rows),
               "val_records": len(val_rows_enc), "processes": acc.num_processes}
    if acc.is_main_process:
        acc.unwrap_model(model).save_pretrained(str(out_dir), safe_serialization=True)
        write_task_file(out_dir, cfg.task, tpl, base_model_type="gpt_bigcode", max_length=cfg.max_length)
        with open(out_dir / "loss.jsonl", "w", encoding="utf-8") as f:
            for r in rows + val_hist:
                f.write(json.dumps(r) + "\n")
        plot_losses(rows, val_hist, out_dir / "loss.png", f"LoRA r={cfg.rank} on {base.name}, task {cfg.task}")
        save_config(out_dir, "train", cfg, results=summary)
        acc.print(f"[lora_train] adapter written to {out_dir} ({step} steps, loss {summary['first_loss']:.4f} "
                  f"-> {summary['last_loss']:.4f})", flush=True)
    return summary


def parse_args(argv=None) -> LoraTrainConfig:
    d = LoraTrainConfig()
    ap = argparse.ArgumentParser(prog="python -m pyassist_lm.lora_train", description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, help="Hugging Face gpt_bigcode folder (safetensors + tokenizer.json)")
    ap.add_argument("--data", required=True, help="training JSONL")
    ap.add_argument("--val", help="validation JSONL (loss per epoch)")
    ap.add_argument("--task", default=d.task, choices=["summarize", "generate", "translate", "instruction"])
    ap.add_argument("--out", required=True, help="adapter folder to write")
    for f in fields(LoraTrainConfig):
        if f.name in ("base", "data", "val", "task", "out", "target_modules"):
            continue
        ap.add_argument("--" + f.name.replace("_", "-"), type=type(getattr(d, f.name)), default=getattr(d, f.name))
    ap.add_argument("--target-modules", default=",".join(d.target_modules),
                    help="comma-separated module names (default for gpt_bigcode: c_attn,c_proj,c_fc)")
    a = ap.parse_args(argv)
    kw = {f.name: getattr(a, f.name) for f in fields(LoraTrainConfig) if f.name != "target_modules"}
    return LoraTrainConfig(target_modules=[m.strip() for m in a.target_modules.split(",") if m.strip()], **kw)


def main(argv=None) -> int:
    cfg = parse_args(argv)
    try:
        train(cfg)
    except UserError as e:
        print(f"lora_train: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
