"""Train the three per-site detectors (sites_model.py) on sites_data's arrays and export them to ONNX.

    python -m pyvalidator.sites_train --data runs/sites_db --out runs/sites --minutes 3

Each detector trains for --minutes of this process's CPU time (one thread) with Adam; 5% of the examples
are held out for a quick AUROC. The output folder is the `sites` component of an artifact: swap.onnx,
op.onnx, misuse.onnx, sites.json (feature constants, hash, operators, files' SHA-256), the weights as
safetensors, and sites_train_config.json.
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

FORMAT = "sites-1"


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


def train_net(name, net, tensors, loss_fn, score_fn, minutes, batch, lr, seed):
    n = len(tensors[0])
    g = np.random.default_rng(seed)
    perm = g.permutation(n)
    hold, tr = perm[: n // 20], perm[n // 20:]
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    t0, step = time.process_time(), 0
    while time.process_time() - t0 < minutes * 60:
        g.shuffle(tr)
        for i in range(0, len(tr) - batch + 1, batch):
            b = torch.from_numpy(tr[i:i + batch])
            loss = loss_fn(net, [t[b] for t in tensors])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 500 == 0:
                print(f"{name}: step {step} loss {loss.item():.4f} ({time.process_time() - t0:.0f} cpu-s)", flush=True)
            if time.process_time() - t0 >= minutes * 60:
                break
    net.eval()
    with torch.no_grad():
        hb = torch.from_numpy(hold)
        s, y = score_fn(net, [t[hb] for t in tensors])
    a = fast_auroc(s, y)
    print(f"{name}: {step} steps, held-out AUROC {a:.4f} ({len(hold)} sites, {int((y > 0).sum())} bugged)", flush=True)
    return {"steps": step, "heldout_auroc": a, "heldout_sites": int(len(hold)), "examples": int(n)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--minutes", type=float, default=3.0, help="CPU minutes per detector")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dim", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--smoothing", type=float, default=0.05,
                    help="label smoothing: bounded logits, so no probability rounds to 1.0 in float32 and the "
                         "thresholds chosen by false alarms can still tell the top sites apart")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    cfg = NetConfig(dim=args.dim, hidden=args.hidden)
    d = load(args.data)
    T = lambda k, dt=torch.long: torch.from_numpy(d[k].astype(np.int64 if dt == torch.long else np.float32))  # noqa
    eps = args.smoothing
    bce = lambda logit, y: nn.functional.binary_cross_entropy_with_logits(logit, y * (1 - eps) + eps / 2)  # noqa
    ce = lambda logit, y: nn.functional.cross_entropy(logit, y, label_smoothing=eps)  # noqa
    stats = {}

    swap = SwapNet(cfg)
    stats["swap"] = train_net(
        "swap", swap, [T("swap_tokens"), T("swap_label", torch.float)],
        lambda m, b: bce(m.logits(b[0]), b[1]),
        lambda m, b: (m(b[0]).numpy(), b[1].numpy()), args.minutes, args.batch, args.lr, args.seed)

    op = OpNet(cfg)

    def op_loss(m, b):
        bug, rep = m.logits(b[0])
        pos = b[1] > 0
        rl = ce(rep[pos], b[2][pos]) if pos.any() else bug.sum() * 0
        return bce(bug, b[1]) + 0.5 * rl
    stats["op"] = train_net(
        "op", op, [T("op_tokens"), T("op_label", torch.float), T("op_orig")], op_loss,
        lambda m, b: (m(b[0])[0].numpy(), b[1].numpy()), args.minutes, args.batch, args.lr, args.seed)

    mis = MisuseNet(cfg)
    stats["misuse"] = train_net(
        "misuse", mis, [T("mis_ctx"), T("mis_cand"), T("mis_nums", torch.float), T("mis_mask", torch.float),
                        T("mis_target")],
        lambda m, b: ce(m.logits(*b[:4]), b[4]),
        lambda m, b: (1 - m(*b[:4])[:, 0].numpy(), b[4].numpy()), args.minutes, args.batch, args.lr, args.seed)
    export(args.out, swap, op, mis, cfg, stats)
    save_config(args.out, "sites_train", args, net=asdict(cfg), stats=stats)


def reexport(out: Path, swap_op_from: Path, misuse_from: Path, temperature: float, swap_op_temperature: float = 1.0) -> None:
    """A sites folder from two trained ones (swap and op of one, misuse of another), at inference temperatures."""
    from safetensors.torch import load_file

    meta = json.loads((swap_op_from / "sites.json").read_text())
    cfg = NetConfig(**meta["net"])
    nets = {"swap": SwapNet(cfg), "op": OpNet(cfg), "misuse": MisuseNet(cfg)}
    for k, net in nets.items():
        net.load_state_dict(load_file(str((misuse_from if k == "misuse" else swap_op_from) / f"{k}.safetensors")))
    nets["misuse"].temperature = temperature
    nets["swap"].temperature = nets["op"].temperature = swap_op_temperature
    stats = dict(meta["stats"])
    stats["misuse"] = json.loads((misuse_from / "sites.json").read_text())["stats"]["misuse"]
    stats["misuse"]["temperature"] = temperature
    stats["swap_op_temperature"] = swap_op_temperature
    stats["from"] = {"swap_op": str(swap_op_from), "misuse": str(misuse_from)}
    export(out, nets["swap"], nets["op"], nets["misuse"], cfg, stats)


def export(out: Path, swap, op, mis, cfg: NetConfig, stats: dict) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    n = 3
    ex_tok = torch.ones((n, st.S, st.T), dtype=torch.long)
    kw = dict(opset_version=17, dynamo=False)
    torch.onnx.export(swap.eval(), (ex_tok,), out / "swap.onnx", input_names=["tokens"],
                      output_names=["bug_probability"], dynamic_axes={"tokens": {0: "n"}}, **kw)
    torch.onnx.export(op.eval(), (ex_tok,), out / "op.onnx", input_names=["tokens"],
                      output_names=["bug_probability", "repair_probabilities"], dynamic_axes={"tokens": {0: "n"}}, **kw)
    mi = (torch.ones((n, 2, st.T), dtype=torch.long), torch.ones((n, st.K, st.T), dtype=torch.long),
          torch.zeros((n, st.K, st.F)), torch.ones((n, st.K)))
    torch.onnx.export(mis.eval(), mi, out / "misuse.onnx", input_names=["context", "candidates", "numbers", "mask"],
                      output_names=["candidate_probabilities"],
                      dynamic_axes={k: {0: "n"} for k in ["context", "candidates", "numbers", "mask"]}, **kw)
    for name, net in (("swap", swap), ("op", op), ("misuse", mis)):
        save_file({k: v.contiguous() for k, v in net.state_dict().items()}, str(out / f"{name}.safetensors"))
    meta = {"format": FORMAT, "hash": "fnv1a-32 over UTF-8, id = h % (buckets - 1) + 1", "buckets": st.BUCKETS,
            "T": st.T, "S": st.S, "K": st.K, "F": st.F, "max_subtokens": st.MAX_SUB, "ops": st.OPS,
            "net": asdict(cfg), "stats": stats,
            "files": {f: sha256_file(out / f) for f in ("swap.onnx", "op.onnx", "misuse.onnx")}}
    (out / "sites.json").write_text(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
