"""Step 4: train the validator (from scratch, or fine-tune a Hugging Face RoBERTa with --base).

    python -m pyvalidator.train --data data/mutations --tokenizer data/tokenizer/tokenizer.json \
        --out runs/main --max-minutes 60
    python -m pyvalidator.train --base /path/to/codebert-base --out runs/codebert ...
    accelerate launch -m pyvalidator.train ...      # GPUs / several machines, unchanged

Prints the loss as it trains, writes loss.jsonl and loss.png, checkpoints
(accelerate state) every --ckpt-minutes into OUT/checkpoint, resumes with --resume,
and saves the final model (safetensors) into OUT/model.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import time
from pathlib import Path

import torch
from accelerate import Accelerator
from tokenizers import Tokenizer
from transformers import RobertaModel

from .common import DATA_DIR, RUNS_DIR, auroc, read_jsonl, save_config, set_seed
from .data import collate, encode_rows, eval_examples, length_batches, paired_batches
from .modeling import Validator, load_model, losses, save_model, small_config
from .tok import from_base


def plot_losses(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not rows:
        return
    fig, ax = plt.subplots(figsize=(7, 4))
    steps = [r["step"] for r in rows]

    def smooth(v, k=20):
        out, acc = [], []
        for x in v:
            acc.append(x)
            acc = acc[-k:]
            out.append(sum(acc) / len(acc))
        return out
    for key, lab in (("loss", "total"), ("seq_loss", "kind (sequence)"), ("tok_loss", "location (token)")):
        ax.plot(steps, smooth([r[key] for r in rows]), label=lab)
    vals = [r for r in rows if "val_auroc" in r]
    ax.set_xlabel("step")
    ax.set_ylabel("loss (moving avg)")
    ax.legend(loc="upper right")
    if vals:
        ax2 = ax.twinx()
        ax2.plot([r["step"] for r in vals], [r["val_auroc"] for r in vals], "k--o", label="val AUROC")
        ax2.set_ylabel("val AUROC (buggy vs clean)")
        ax2.set_ylim(0.5, 1.0)
    ax.set_title("validator training")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


@torch.no_grad()
def quick_val(model, examples, device):
    model.eval()
    scores, labels = [], []
    for b in length_batches(examples, 8192):
        batch = collate([examples[i] for i in b])
        kl, _ = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))
        p = 1 - torch.softmax(kl.float(), -1)[:, 0]
        scores += p.tolist()
        labels += [int(examples[i]["label"] != 0) for i in b]
    model.train()
    return auroc(scores, labels)


def build_model(args, vocab_size):
    # eager attention: with bf16 autocast it is ~2x faster than sdpa on CPU, and exports cleanly
    if args.init_from:
        return load_model(args.init_from, attn="eager")[0].train()
    if args.base:
        enc = RobertaModel.from_pretrained(args.base, add_pooling_layer=False,
                                           attn_implementation="eager")
    else:
        cfg = small_config(vocab_size, args.layers, args.hidden, args.heads, args.ffn, args.max_len)
        cfg._attn_implementation = "eager"
        enc = RobertaModel(cfg, add_pooling_layer=False)
    return Validator(enc)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA_DIR / "mutations")
    ap.add_argument("--tokenizer", type=Path, default=DATA_DIR / "tokenizer" / "tokenizer.json")
    ap.add_argument("--base", type=Path, default=None,
                    help="Hugging Face RoBERTa folder to fine-tune (its own tokenizer is used)")
    ap.add_argument("--init-from", type=Path, default=None,
                    help="continue training a validator model folder (RUN/model, or one rebuilt from a shipped "
                         "artifact by pyvalidator.from_onnx): its weights, tokenizer and max length; new "
                         "optimizer and schedule")
    ap.add_argument("--out", type=Path, default=RUNS_DIR / "main")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=1024)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--tokens-per-batch", type=int, default=4096)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup-steps", type=int, default=200)
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after N steps (0 = no limit)")
    ap.add_argument("--max-minutes", type=float, default=0,
                    help="stop after this many minutes; the LR schedule follows elapsed time")
    ap.add_argument("--tok-weight", type=float, default=1.0)
    ap.add_argument("--rank-weight", type=float, default=0.0,
                    help="add a pairwise ranking loss: each unit's mutant must score above its clean version "
                         "(softplus(s_clean - s_mutant) on the bug logit; batches hold both)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="what --max-minutes counts: wall time or this process's CPU time (fair on a shared machine)")
    ap.add_argument("--max-train-units", type=int, default=0)
    ap.add_argument("--val-units", type=int, default=600)
    ap.add_argument("--val-minutes", type=float, default=8)
    ap.add_argument("--ckpt-minutes", type=float, default=10)
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--pad-multiple", type=int, default=16,
                    help="pad batches to a multiple of this length (bounds the number of shapes)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=True,
                    help="bf16 autocast (fp32 master weights); ~2x faster on AVX512-BF16 CPUs")
    ap.add_argument("--finalize-from-checkpoint", action="store_true",
                    help="only write OUT/model from OUT/checkpoint (e.g. after stopping a run early)")
    args = ap.parse_args(argv)
    if args.init_from:
        args.tokenizer = args.init_from / "tokenizer.json"
        args.max_len = json.loads((args.init_from / "validator_model.json").read_text())["max_len"]
    if args.finalize_from_checkpoint:
        return finalize_from_checkpoint(args)

    torch.set_num_threads(args.threads)
    set_seed(args.seed)
    try:  # several runs in one process (tests): start from a fresh accelerate state
        from accelerate.state import AcceleratorState

        AcceleratorState._reset_state(reset_partial_state=True)
    except Exception:
        pass
    acc = Accelerator(mixed_precision="bf16" if args.bf16 else "no")
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    tok = from_base(args.base) if args.base else Tokenizer.from_file(str(args.tokenizer))
    if args.base:
        args.max_len = min(args.max_len, RobertaModel.config_class.from_pretrained(args.base)
                           .max_position_embeddings - 2)

    t0 = time.time()
    train_rows = list(read_jsonl(args.data / "train.jsonl"))
    train_units = encode_rows(tok, train_rows, args.max_len)
    if args.max_train_units:
        train_units = train_units[: args.max_train_units]
    val_units = encode_rows(tok, list(read_jsonl(args.data / "val.jsonl")), args.max_len)
    random.Random(args.seed).shuffle(val_units)
    val_ex = eval_examples(val_units[: args.val_units])
    acc.print(f"data: {len(train_units)} train units, {len(val_ex)} quick-val examples, "
              f"encoded in {time.time() - t0:.0f}s")

    model = build_model(args, tok.get_vocab_size())
    n_params = sum(p.numel() for p in model.parameters())
    acc.print(f"model: {n_params / 1e6:.2f}M parameters")
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    model, opt = acc.prepare(model, opt)
    save_config(out, "train", args, n_params=n_params, train_units=len(train_units),
                vocab_size=tok.get_vocab_size(), processes=acc.num_processes)

    state = {"step": 0, "epoch": 0, "batch_in_epoch": 0, "elapsed": 0.0}
    ckpt = out / "checkpoint"
    log_rows = []
    if args.resume and (ckpt / "trainer_state.json").exists():
        acc.load_state(str(ckpt))
        state = json.loads((ckpt / "trainer_state.json").read_text())
        log_rows = list(read_jsonl(out / "loss.jsonl")) if (out / "loss.jsonl").exists() else []
        log_rows = [r for r in log_rows if r["step"] <= state["step"]]  # drop rows past the checkpoint
        if acc.is_main_process:
            with open(out / "loss.jsonl", "w") as f:
                f.writelines(json.dumps(r) + "\n" for r in log_rows)
        acc.print(f"resumed at step {state['step']} epoch {state['epoch']}")
    elif acc.is_main_process and (out / "loss.jsonl").exists():
        (out / "loss.jsonl").unlink()

    budget = args.max_minutes * 60 if args.max_minutes else None

    def lr_at(step, elapsed):
        warm = min(1.0, (step + 1) / args.warmup_steps)
        if budget:
            frac = min(1.0, elapsed / budget)
        elif args.max_steps:
            frac = min(1.0, step / args.max_steps)
        else:
            frac = 0.0
        return args.lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))

    now = time.process_time if args.clock == "cpu" else time.time
    start = now() - state["elapsed"]
    last_ckpt = last_val = time.time()
    run_sum = {"loss": 0.0, "seq_loss": 0.0, "tok_loss": 0.0, "n": 0, "tokens": 0}
    t_log = time.time()
    model.train()
    done = False
    while state["epoch"] < args.epochs and not done:
        rng = random.Random(f"{args.seed}:{state['epoch']}")
        batches = paired_batches(train_units, state["epoch"], args.tokens_per_batch, rng)
        batches = batches[acc.process_index::acc.num_processes]
        for bi in range(state["batch_in_epoch"], len(batches)):
            batch = collate(batches[bi], args.pad_multiple)
            batch = {k: v.to(acc.device) for k, v in batch.items()}
            elapsed = now() - start
            for g in opt.param_groups:
                g["lr"] = lr_at(state["step"], elapsed)
            with acc.autocast():
                kind_logits, token_logits = model(batch["input_ids"], batch["attention_mask"])
            loss, sl, tl = losses(kind_logits.float(), token_logits.float(), batch, args.tok_weight)
            if args.rank_weight:
                loss = loss + args.rank_weight * rank_loss(kind_logits.float(), batch["labels"])
            opt.zero_grad()
            acc.backward(loss)
            acc.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            state["step"] += 1
            state["batch_in_epoch"] = bi + 1
            state["elapsed"] = now() - start
            run_sum["loss"] += loss.item()
            run_sum["seq_loss"] += sl.item()
            run_sum["tok_loss"] += tl.item()
            run_sum["n"] += 1
            run_sum["tokens"] += int(batch["attention_mask"].sum())
            if state["step"] % args.log_every == 0:
                n = run_sum["n"]
                dt = time.time() - t_log
                row = {"step": state["step"], "epoch": state["epoch"],
                       "loss": run_sum["loss"] / n, "seq_loss": run_sum["seq_loss"] / n,
                       "tok_loss": run_sum["tok_loss"] / n, "lr": opt.param_groups[0]["lr"],
                       "tokens_per_s": run_sum["tokens"] / dt, "steps_per_s": n / dt,
                       "minutes": state["elapsed"] / 60}
                if time.time() - last_val > args.val_minutes * 60:
                    row["val_auroc"] = quick_val(acc.unwrap_model(model), val_ex, acc.device)
                    last_val = time.time()
                log_rows.append(row)
                if acc.is_main_process:
                    with open(out / "loss.jsonl", "a") as f:
                        f.write(json.dumps(row) + "\n")
                acc.print(f"step {row['step']:6d} ep {row['epoch']} loss {row['loss']:.4f} "
                          f"(kind {row['seq_loss']:.4f} loc {row['tok_loss']:.4f}) lr {row['lr']:.2e} "
                          f"{row['tokens_per_s']:.0f} tok/s {row['minutes']:.1f} min"
                          + (f" val_auroc {row['val_auroc']:.4f}" if "val_auroc" in row else ""),
                          flush=True)
                run_sum = {"loss": 0.0, "seq_loss": 0.0, "tok_loss": 0.0, "n": 0, "tokens": 0}
                _malloc_trim()
                t_log = time.time()
            if time.time() - last_ckpt > args.ckpt_minutes * 60:
                save_ckpt(acc, ckpt, state, out, log_rows)
                last_ckpt = time.time()
            if (args.max_steps and state["step"] >= args.max_steps) or (budget and state["elapsed"] >= budget):
                done = True
                break
        if not done:
            state["epoch"] += 1
            state["batch_in_epoch"] = 0
    save_ckpt(acc, ckpt, state, out, log_rows)
    if acc.is_main_process:
        final = acc.unwrap_model(model)
        val_auc = quick_val(final, val_ex, acc.device)
        save_model(final, out / "model", {
            "max_len": args.max_len, "base": str(args.base) if args.base else None,
            "init_from": str(args.init_from) if args.init_from else None,
            "steps": state["step"], "epochs_completed": state["epoch"],
            "train_minutes": state["elapsed"] / 60, "n_params": n_params,
            "quick_val_auroc": val_auc, "train_units": len(train_units)})
        if args.base:
            tok.save(str(out / "model" / "tokenizer.json"))
        else:
            shutil.copy(args.tokenizer, out / "model" / "tokenizer.json")
        plot_losses(log_rows, out / "loss.png")
        acc.print(f"done: {state['step']} steps, {state['elapsed'] / 60:.1f} min, "
                  f"quick val AUROC {val_auc:.4f}; model in {out / 'model'}")


def finalize_from_checkpoint(args):
    from safetensors.torch import load_file

    tok = from_base(args.base) if args.base else Tokenizer.from_file(str(args.tokenizer))
    model = build_model(args, tok.get_vocab_size())
    model.load_state_dict(load_file(str(args.out / "checkpoint" / "model.safetensors")))
    state = json.loads((args.out / "checkpoint" / "trainer_state.json").read_text())
    cfg_path = args.out / "train_config.json"  # the interrupted run's own config knows its data size
    train_units = json.loads(cfg_path.read_text()).get("train_units") if cfg_path.exists() else None
    n_params = sum(p.numel() for p in model.parameters())
    save_model(model, args.out / "model", {
        "max_len": args.max_len, "base": str(args.base) if args.base else None,
            "init_from": str(args.init_from) if args.init_from else None,
        "steps": state["step"], "epochs_completed": state["epoch"],
        "train_minutes": state["elapsed"] / 60, "n_params": n_params, "quick_val_auroc": None,
        "train_units": train_units})
    if args.base:
        tok.save(str(args.out / "model" / "tokenizer.json"))
    else:
        shutil.copy(args.tokenizer, args.out / "model" / "tokenizer.json")
    rows = list(read_jsonl(args.out / "loss.jsonl")) if (args.out / "loss.jsonl").exists() else []
    plot_losses(rows, args.out / "loss.png")
    print(f"model from checkpoint at step {state['step']} written to {args.out / 'model'}")


def rank_loss(kind_logits, labels):
    """Pairwise logistic ranking of (clean, mutant) neighbours: paired_batches puts each unit's clean
    version right before its mutant. s = log P(bug) - log P(clean)."""
    s = torch.logsumexp(kind_logits[:, 1:], dim=-1) - kind_logits[:, 0]
    clean, mut = s[0::2], s[1::2]
    ok = (labels[0::2] == 0) & (labels[1::2] != 0)
    if not ok.any():
        return s.sum() * 0.0
    return torch.nn.functional.softplus(clean[ok] - mut[ok]).mean()


def _malloc_trim():
    """Give freed heap back to the OS (glibc): variable-shape CPU training otherwise grows RSS."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def save_ckpt(acc, ckpt, state, out, log_rows):
    acc.save_state(str(ckpt))
    if acc.is_main_process:
        (ckpt / "trainer_state.json").write_text(json.dumps(state))
        plot_losses(log_rows, out / "loss.png")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
