"""Train the format-2 token validator (replaced-token detection + repair head) on a pre-tokenized corpus.

    python -m pyvalidator.rtd_train --data data/rtd --out runs/rtd --budget-minutes 10 --clock cpu
    python -m pyvalidator.rtd_train --data DIR --out OUT --device cuda --budget-minutes 7 --fp16-out  # GPU

Reads `train*.npz` and `val.npz` of `pyvalidator.rtd`. The budget is in minutes of this process's
CPU time (`--clock cpu`, fair when the machine is shared) or of wall time (`--clock wall`); the
cosine schedule follows the budget. Writes OUT/train_config.json, OUT/loss.jsonl, a checkpoint
(OUT/checkpoint.pt: model, optimizer, step, position in the epoch) every --ckpt-minutes, continued
with --resume, and the model (safetensors) in OUT/model.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import RobertaModel

from . import rtd
from .data import batches_by_length
from .rtd_model import TokenValidator, encoder_config, load_model, losses, save_model


@dataclass
class Config:
    data: str = "data/rtd"
    out: str = "runs/rtd"
    tokenizer: str = ""  # copied into OUT/model (default: DATA/tokenizer.json if present)
    layers: int = 4
    hidden: int = 256
    heads: int = 4
    ffn: int = 1024
    max_len: int = 256
    dropout: float = 0.1
    tokens_per_batch: int = 6144
    lr: float = 5e-4
    weight_decay: float = 0.01
    warmup_steps: int = 200
    repair_weight: float = 1.0
    budget_minutes: float = 10.0
    clock: str = "cpu"  # cpu | wall
    max_steps: int = 0
    epochs: int = 100
    log_every: int = 25
    val_every_minutes: float = 5.0
    val_examples: int = 1000
    ckpt_minutes: float = 5.0
    threads: int = 1
    device: str = "cpu"
    bf16: bool = True
    seed: int = 13
    resume: bool = False
    init_from: str = ""  # a token-rtd model folder to continue (new optimizer and schedule)
    init_encoder: str = ""  # a Hugging Face RoBERTa folder (e.g. the shipped model's, via from_onnx) to start from
    fp16_out: bool = False  # save OUT/model in float16 (the GPU path's returned weights)
    ckpt_dir: str = ""  # where checkpoint.pt goes (default OUT; the GPU path keeps it out of what returns)


def parse(argv=None) -> Config:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for f in dataclasses.fields(Config):
        if f.type in ("bool", bool):
            ap.add_argument("--" + f.name.replace("_", "-"), action=argparse.BooleanOptionalAction, default=f.default)
        else:
            ap.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=f.default)
    return Config(**vars(ap.parse_args(argv)))


class Split:
    """A packed split; batches of examples of similar length, padded size <= tokens_per_batch."""

    def __init__(self, d: dict):
        self.d = d
        self.lens = np.diff(d["starts"])

    def __len__(self):
        return len(self.lens)

    def batches(self, tokens_per_batch, rng: random.Random, max_batch=256):
        keys = [rng.random() for _ in range(len(self))]  # random order among equal lengths
        out = batches_by_length(self.lens, tokens_per_batch, max_batch, tiebreak=keys.__getitem__)
        rng.shuffle(out)
        return out

    def collate(self, idx, pad_multiple=16):
        d, n = self.d, int(max(self.lens[i] for i in idx))
        n = -(-n // pad_multiple) * pad_multiple
        ids = np.full((len(idx), n), rtd.PAD_ID, dtype=np.int64)  # [B, S]
        labels = np.full((len(idx), n), -1, dtype=np.int64)  # [B, S]
        repair = np.full((len(idx), n), -1, dtype=np.int64)  # [B, S]
        for r, i in enumerate(idx):
            a, b = d["starts"][i], d["starts"][i + 1]
            ids[r, : b - a] = d["ids"][a:b]
            labels[r, : b - a] = d["labels"][a:b]
            repair[r, : b - a] = d["repair"][a:b]
        t = {"input_ids": torch.from_numpy(ids), "labels": torch.from_numpy(labels),
             "repair": torch.from_numpy(repair)}
        t["attention_mask"] = (t["input_ids"] != rtd.PAD_ID).long()
        return t


def load_splits(data: Path):
    shards = sorted(data.glob("train*.npz"))
    assert shards, f"no train*.npz in {data} (make them with python -m pyvalidator.rtd)"
    return Split(rtd.load(*shards)), Split(rtd.load(data / "val.npz"))


def build(cfg: Config, vocab_size: int) -> TokenValidator:
    if cfg.init_from:
        return load_model(Path(cfg.init_from))[0]
    if cfg.init_encoder:
        enc = RobertaModel.from_pretrained(cfg.init_encoder, add_pooling_layer=False, attn_implementation="eager")
        assert enc.config.vocab_size == vocab_size, "the encoder's vocabulary is not the data's tokenizer"
        return TokenValidator(enc)
    enc = RobertaModel(encoder_config(vocab_size, cfg.layers, cfg.hidden, cfg.heads, cfg.ffn, cfg.max_len,
                                      cfg.dropout), add_pooling_layer=False)
    return TokenValidator(enc)


@torch.no_grad()
def validate(model, split: Split, cfg: Config, dev):
    """Token AUROC (corrupted vs not, real tokens), detection loss, repair top-1 accuracy."""
    from .common import auroc

    model.eval()
    scores, labels, rep_ok, rep_n, loss_sum, nb = [], [], 0, 0, 0.0, 0
    idx = list(range(min(len(split), cfg.val_examples)))
    for b in Split.batches(split, cfg.tokens_per_batch, random.Random(0)):
        b = [i for i in b if i < len(idx)]
        if not b:
            continue
        t = {k: v.to(dev) for k, v in split.collate(b).items()}
        det, hs = model(t["input_ids"], t["attention_mask"])
        _, dl, _, acc = losses(model, det.float(), hs.float(), t)
        keep = t["labels"] >= 0
        scores += torch.sigmoid(det.float())[keep].tolist()
        labels += t["labels"][keep].tolist()
        loss_sum, nb = loss_sum + dl.item(), nb + 1
        n = int((t["repair"] >= 0).sum())
        if n and acc == acc:
            rep_ok, rep_n = rep_ok + acc.item() * n, rep_n + n
    model.train()
    return {"val_token_auroc": auroc(scores, labels), "val_det_loss": loss_sum / max(1, nb),
            "val_repair_acc": rep_ok / max(1, rep_n)}


def main(argv=None, cfg: Config | None = None):
    cfg = cfg or parse(argv)
    torch.set_num_threads(cfg.threads)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    out, data = Path(cfg.out), Path(cfg.data)
    out.mkdir(parents=True, exist_ok=True)
    dev = torch.device(cfg.device)
    train, val = load_splits(data)
    vocab = json.loads((data / "rtd_data_config.json").read_text()).get("vocab_size") \
        if (data / "rtd_data_config.json").exists() else None
    tok_path = Path(cfg.tokenizer) if cfg.tokenizer else data / "tokenizer.json"
    if vocab is None:
        from tokenizers import Tokenizer

        vocab = Tokenizer.from_file(str(tok_path)).get_vocab_size()
    model = build(cfg, vocab).to(dev)
    n_params = sum(p.numel() for p in model.parameters())
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr)
    state = {"step": 0, "epoch": 0, "batch": 0, "used_s": 0.0}
    ckpt = Path(cfg.ckpt_dir or out) / "checkpoint.pt"
    ckpt.parent.mkdir(parents=True, exist_ok=True)
    if cfg.resume and ckpt.exists():
        c = torch.load(ckpt, map_location=dev, weights_only=True)
        model.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        state = json.loads(c["state"])
        if (out / "loss.jsonl").exists():  # rows logged after the checkpoint are redone
            rows = [r for r in map(json.loads, (out / "loss.jsonl").read_text().splitlines())
                    if r["step"] <= state["step"]]
            (out / "loss.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        print(f"resumed at step {state['step']} (epoch {state['epoch']}, batch {state['batch']})", flush=True)
    elif (out / "loss.jsonl").exists():
        (out / "loss.jsonl").unlink()
    (out / "train_config.json").write_text(json.dumps({**dataclasses.asdict(cfg), "n_params": n_params,
                                                       "train_examples": len(train), "vocab_size": vocab},
                                                      indent=2))
    print(f"model {n_params / 1e6:.2f}M parameters, {len(train)} training examples, device {dev}", flush=True)
    clock = time.process_time if cfg.clock == "cpu" else time.time
    budget = cfg.budget_minutes * 60
    c0 = clock() - state["used_s"]
    used = lambda: clock() - c0  # noqa: E731
    autocast = torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=cfg.bf16)

    def lr_at(step):
        warm = min(1.0, (step + 1) / cfg.warmup_steps)
        frac = min(1.0, step / cfg.max_steps) if cfg.max_steps else min(1.0, used() / budget)
        return cfg.lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))

    def save_ckpt():
        state["used_s"] = used()
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": json.dumps(state)}, tmp)
        tmp.replace(ckpt)  # atomic: an interruption never leaves half a checkpoint

    run = {"loss": 0.0, "det": 0.0, "rep": 0.0, "acc": 0.0, "n": 0, "tokens": 0}
    t_log, last_ckpt, last_val = time.time(), time.time(), time.time()
    model.train()
    done = False
    while state["epoch"] < cfg.epochs and not done:
        batches = train.batches(cfg.tokens_per_batch, random.Random(f"{cfg.seed}:{state['epoch']}"))
        for bi in range(state["batch"], len(batches)):
            t = {k: v.to(dev, non_blocking=True) for k, v in train.collate(batches[bi]).items()}
            for g in opt.param_groups:
                g["lr"] = lr_at(state["step"])
            with autocast:
                det, hs = model(t["input_ids"], t["attention_mask"])
                loss, dl, rl, acc = losses(model, det.float(), hs, t, cfg.repair_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state["step"] += 1
            state["batch"] = bi + 1
            run["loss"] += loss.item()
            run["det"] += dl.item()
            run["rep"] += rl.item()
            run["acc"] += acc.item() if acc == acc else 0.0
            run["n"] += 1
            run["tokens"] += int(t["attention_mask"].sum())
            if state["step"] % cfg.log_every == 0:
                n, dt = run["n"], time.time() - t_log
                row = {"step": state["step"], "epoch": state["epoch"], "loss": run["loss"] / n,
                       "det_loss": run["det"] / n, "repair_loss": run["rep"] / n, "repair_acc": run["acc"] / n,
                       "lr": opt.param_groups[0]["lr"], "tokens_per_s": run["tokens"] / dt,
                       "budget_minutes_used": used() / 60}
                if time.time() - last_val > cfg.val_every_minutes * 60:
                    row.update(validate(model, val, cfg, dev))
                    last_val = time.time()
                with open(out / "loss.jsonl", "a") as f:
                    f.write(json.dumps(row) + "\n")
                print(" ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items()),
                      flush=True)
                run = dict.fromkeys(run, 0) | {"loss": 0.0}
                t_log = time.time()
            if time.time() - last_ckpt > cfg.ckpt_minutes * 60:
                save_ckpt()
                last_ckpt = time.time()
            if (cfg.max_steps and state["step"] >= cfg.max_steps) or (not cfg.max_steps and used() >= budget):
                done = True
                break
        if not done:
            state["epoch"] += 1
            state["batch"] = 0
    save_ckpt()
    v = validate(model, val, cfg, dev)
    meta = {"steps": state["step"], "epochs": state["epoch"] + state["batch"] / max(1, len(batches)),
            "budget_minutes_used": state["used_s"] / 60, "clock": cfg.clock, "n_params": n_params,
            "train_examples": len(train), **v}
    save_model(model.float(), out / "model", meta, fp16=cfg.fp16_out)
    if tok_path.exists():
        (out / "model" / "tokenizer.json").write_bytes(tok_path.read_bytes())
    print("done:", json.dumps(meta), flush=True)
    return meta


if __name__ == "__main__":
    main()
