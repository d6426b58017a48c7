"""Train the three per-site detectors (sites_model.py) on sites_data's arrays and export them to ONNX.

    python -m pyvalidator.sites_train --data data/sites --out runs/sites --minutes 3 [--only swap,misuse] [--resume]

Each detector trains for --minutes of this process's CPU time (one thread) with Adam; 5% of the examples
are held out for a quick AUROC. A checkpoint per detector (weights, optimizer, step, CPU time used) is written
every --ckpt-minutes to OUT/ckpt_<kind>.pt; --resume continues from it with what is left of the budget, and a
detector whose budget is spent is only exported again. Two processes with --only on disjoint detectors use a
2-core machine best (one thread each); --only writes the ONNX files of those detectors, and the last process
to finish (or `--export-only`) writes sites.json once all three are there.
The output folder is the `sites` component of an artifact: swap.onnx, op.onnx, misuse.onnx, sites.json
(format sites-2: the detectors output log-odds; feature constants, hash, operators, files' SHA-256), the
weights as safetensors, and sites_train_config.json.
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import sites as st
from .common import auroc, save_config, sha256_file
from .sites_model import MisuseNet, NetConfig, OpNet, SwapNet

FORMAT = "sites-2"
KINDS = ("swap", "op", "misuse")


def load(data: Path) -> dict:
    parts = [np.load(p) for p in sorted(data.glob("train*.npz"))]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0].files}


def fast_auroc(scores, labels) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels > 0
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / max(1, n1 * n0)) if n1 and n0 else float("nan")


def train_net(name, net, tensors, loss_fn, score_fn, minutes, batch, lr, seed, ckpt: Path | None = None,
              ckpt_minutes: float = 5.0, resume: bool = False, lr_final: float | None = None,
              eval_minutes: float = 0.0, log: Path | None = None):
    """lr_final: the learning rate decays linearly (in CPU time) from lr to it over what is left of the budget
    at the start of this run (a resumed run decays over its own remainder). eval_minutes: the held-out AUROC
    every so many CPU minutes, printed and appended to `log` (the curve that says whether more epochs help)."""
    n = len(tensors[0])
    g = np.random.default_rng(seed)
    perm = g.permutation(n)
    hold, tr = perm[: n // 20], perm[n // 20:]
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    used, step, wall = 0.0, 0, 0.0  # CPU seconds, steps and wall seconds of earlier runs (from the checkpoint)
    if resume and ckpt is not None and ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        net.load_state_dict(state["net"])
        opt.load_state_dict(state["opt"])
        used, step, wall = state["cpu_seconds"], state["step"], state.get("wall_seconds", 0.0)
        g = np.random.default_rng(seed + step)  # a fresh order for the rest of the budget
        print(f"{name}: resumed at step {step} ({used:.0f} cpu-s used)", flush=True)
    t0, w0, last = time.process_time() - used, time.time() - wall, time.process_time()
    start, last_eval = used, time.process_time()

    def held_out_auroc():
        net.eval()
        with torch.no_grad():
            hb = torch.from_numpy(hold)
            s, y = score_fn(net, [t[hb] for t in tensors])
        net.train()
        return fast_auroc(s, y), s, y

    def set_lr():
        if lr_final is None:
            return
        f = min(1.0, max(0.0, (time.process_time() - t0 - start) / max(1.0, minutes * 60 - start)))
        for grp in opt.param_groups:
            grp["lr"] = lr + (lr_final - lr) * f

    def save():
        if ckpt is not None:
            torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "step": step,
                        "cpu_seconds": time.process_time() - t0, "wall_seconds": time.time() - w0}, ckpt)

    while time.process_time() - t0 < minutes * 60:
        g.shuffle(tr)
        for i in range(0, len(tr) - batch + 1, batch):
            b = torch.from_numpy(tr[i:i + batch])
            loss = loss_fn(net, [t[b] for t in tensors])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 50 == 0:
                set_lr()
            if eval_minutes and time.process_time() - last_eval >= eval_minutes * 60:
                a = held_out_auroc()[0]
                cpu = time.process_time() - t0
                print(f"{name}: step {step} held-out AUROC {a:.4f} ({cpu:.0f} cpu-s)", flush=True)
                if log is not None:
                    with open(log, "a") as f:
                        f.write(json.dumps({"kind": name, "step": step, "cpu_s": round(cpu), "auroc": a}) + "\n")
                last_eval = time.process_time()
            if step % 500 == 0:
                print(f"{name}: step {step} loss {loss.item():.4f} ({time.process_time() - t0:.0f} cpu-s)", flush=True)
            if time.process_time() - last >= ckpt_minutes * 60:
                save()
                last = time.process_time()
            if time.process_time() - t0 >= minutes * 60:
                break
    save()
    a, s, y = held_out_auroc()
    net.eval()
    print(f"{name}: {step} steps, held-out AUROC {a:.4f} ({len(hold)} sites, {int((y > 0).sum())} bugged)", flush=True)
    return {"steps": step, "heldout_auroc": a, "heldout_sites": int(len(hold)), "examples": int(n),
            "cpu_minutes": round((time.process_time() - t0) / 60, 2), "wall_minutes": round((time.time() - w0) / 60, 2),
            "epochs": round(step * batch / max(1, len(tr)), 2)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--minutes", type=float, default=3.0, help="CPU minutes per detector")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--lr-final", type=float, default=None, help="decay the lr linearly to this (default: constant)")
    ap.add_argument("--eval-minutes", type=float, default=0.0, help="held-out AUROC every so many CPU minutes")
    ap.add_argument("--dim", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--smoothing", type=float, default=0.0,
                    help="label smoothing (not needed since the detectors output log-odds: sites-2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default="swap,op,misuse", help="detectors this process trains (comma-separated)")
    ap.add_argument("--ckpt-minutes", type=float, default=5.0)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--export-only", action="store_true", help="write sites.json from the detectors already there")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    cfg = NetConfig(dim=args.dim, hidden=args.hidden)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.export_only:
        train_some(args, cfg, [k.strip() for k in args.only.split(",") if k.strip()])
    if all((args.out / f"{k}.onnx").exists() for k in KINDS):
        write_meta(args.out, cfg)
        print(f"sites_train: {args.out}/sites.json", flush=True)


def nets(cfg: NetConfig) -> dict:
    return {"swap": SwapNet(cfg), "op": OpNet(cfg), "misuse": MisuseNet(cfg)}


def train_some(args, cfg: NetConfig, only: list) -> None:
    d = load(args.data)
    T = lambda k, dt=torch.long: torch.from_numpy(d[k].astype(np.int64 if dt == torch.long else np.float32))  # noqa
    eps = args.smoothing
    bce = lambda logit, y: nn.functional.binary_cross_entropy_with_logits(logit, y * (1 - eps) + eps / 2)  # noqa
    ce = lambda logit, y: nn.functional.cross_entropy(logit, y, label_smoothing=eps)  # noqa

    def op_loss(m, b):
        bug, rep = m.logits(b[0])
        pos = b[1] > 0
        rl = ce(rep[pos], b[2][pos]) if pos.any() else bug.sum() * 0
        return bce(bug, b[1]) + 0.5 * rl

    plans = {
        "swap": ([T("swap_tokens"), T("swap_label", torch.float)], lambda m, b: bce(m.logits(b[0]), b[1]),
                 lambda m, b: (m(b[0]).numpy(), b[1].numpy())),
        "op": ([T("op_tokens"), T("op_label", torch.float), T("op_orig")], op_loss,
               lambda m, b: (m(b[0])[0].numpy(), b[1].numpy())),
        "misuse": ([T("mis_ctx"), T("mis_cand"), T("mis_nums", torch.float), T("mis_mask", torch.float),
                    T("mis_target")], lambda m, b: ce(m.logits(*b[:4]), b[4]),
                   lambda m, b: (m(*b[:4])[0].numpy(), b[4].numpy())),
    }
    made = nets(cfg)
    for k in only:
        tensors, loss, score = plans[k]
        stats = train_net(k, made[k], tensors, loss, score, args.minutes, args.batch, args.lr, args.seed,
                          args.out / f"ckpt_{k}.pt", args.ckpt_minutes, args.resume, args.lr_final,
                          args.eval_minutes, args.out / "auroc.jsonl")
        export_one(args.out, k, made[k])
        save_config(args.out, f"sites_train_{k}", args, net=asdict(cfg), stats=stats)


def export_one(out: Path, kind: str, net) -> None:
    """kind.onnx and kind.safetensors of one trained detector (log-odds outputs, see sites_model)."""
    from safetensors.torch import save_file

    n = 3
    kw = dict(opset_version=17, dynamo=False)
    net = net.eval()
    if kind == "swap":
        torch.onnx.export(net, (torch.ones((n, st.S_SWAP, st.T), dtype=torch.long),), out / "swap.onnx",
                          input_names=["tokens"], output_names=["bug_logit"], dynamic_axes={"tokens": {0: "n"}}, **kw)
    elif kind == "op":
        torch.onnx.export(net, (torch.ones((n, st.S, st.T), dtype=torch.long),), out / "op.onnx", input_names=["tokens"],
                          output_names=["bug_logit", "repair_probabilities"], dynamic_axes={"tokens": {0: "n"}}, **kw)
    else:
        mi = (torch.ones((n, 2, st.T), dtype=torch.long), torch.ones((n, st.K, st.T), dtype=torch.long),
              torch.zeros((n, st.K, st.F)), torch.ones((n, st.K)))
        torch.onnx.export(net, mi, out / "misuse.onnx", input_names=["context", "candidates", "numbers", "mask"],
                          output_names=["misuse_logit", "candidate_probabilities"],
                          dynamic_axes={k: {0: "n"} for k in ["context", "candidates", "numbers", "mask"]}, **kw)
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, str(out / f"{kind}.safetensors"))


def write_meta(out: Path, cfg: NetConfig) -> None:
    stats = {}
    for k in KINDS:
        c = out / f"sites_train_{k}_config.json"
        if c.exists():
            stats[k] = json.loads(c.read_text()).get("stats")
    meta = {"format": FORMAT, "score": "logit", "hash": "fnv1a-32 over UTF-8, id = h % (buckets - 1) + 1",
            "buckets": st.BUCKETS, "T": st.T, "S": st.S, "S_swap": st.S_SWAP, "K": st.K, "F": st.F,
            "max_subtokens": st.MAX_SUB, "ops": st.OPS, "net": asdict(cfg), "stats": stats,
            "files": {f: sha256_file(out / f) for f in ("swap.onnx", "op.onnx", "misuse.onnx")}}
    (out / "sites.json").write_text(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
