"""The three per-site detectors: hashed-subtoken embeddings (mean per slot), concatenated, a small MLP.

- SwapNet:   tokens [N, S, T] -> bug_probability [N] (the two arguments look swapped)
- OpNet:     tokens [N, S, T] -> bug_probability [N], repair_probabilities [N, len(OPS)] (the operator meant)
- MisuseNet: context [N, 2, T], candidates [N, K, T], numbers [N, K, F], mask [N, K]
             -> candidate_probabilities [N, K] (softmax over the candidate names; 1 - p[:, 0] = misused)
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from . import sites as st


@dataclass
class NetConfig:
    dim: int = 32  # embedding width per token
    hidden: int = 128
    buckets: int = st.BUCKETS


class SlotEmbed(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.emb = nn.Embedding(cfg.buckets, cfg.dim, padding_idx=0)

    def forward(self, ids):  # ids [..., T] -> [..., dim], mean over the non-padding tokens
        m = (ids > 0).unsqueeze(-1).float()
        return (self.emb(ids) * m).sum(-2) / m.sum(-2).clamp(min=1.0)


def mlp(i, h, o):
    return nn.Sequential(nn.Linear(i, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, o))


class SwapNet(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.embed = SlotEmbed(cfg)
        self.head = mlp(st.S * cfg.dim, cfg.hidden, 1)
        self.temperature = 1.0  # at inference (see MisuseNet)

    def logits(self, tokens):  # [N, S, T] -> [N]
        return self.head(self.embed(tokens).flatten(1)).squeeze(-1)

    def forward(self, tokens):
        return torch.sigmoid(self.logits(tokens) / self.temperature)


class OpNet(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.embed = SlotEmbed(cfg)
        self.body = nn.Sequential(nn.Linear(st.S * cfg.dim, cfg.hidden), nn.ReLU(),
                                  nn.Linear(cfg.hidden, cfg.hidden), nn.ReLU())
        self.bug = nn.Linear(cfg.hidden, 1)
        self.repair = nn.Linear(cfg.hidden, len(st.OPS))
        self.temperature = 1.0  # at inference, on the bug logit (see MisuseNet)

    def logits(self, tokens):  # -> bug [N], repair [N, OPS]
        h = self.body(self.embed(tokens).flatten(1))
        return self.bug(h).squeeze(-1), self.repair(h)

    def forward(self, tokens):
        b, r = self.logits(tokens)
        return torch.sigmoid(b / self.temperature), torch.softmax(r, -1)


class MisuseNet(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.embed = SlotEmbed(cfg)
        self.ctx = nn.Sequential(nn.Linear(2 * cfg.dim, cfg.hidden), nn.ReLU())
        self.score = mlp(cfg.hidden + cfg.dim + st.F, cfg.hidden, 1)
        # softmax temperature at inference: 1 - p(current) of a confident net rounds to 1.0 in float32 for many
        # sites at once, and thresholds chosen by false alarms cannot tell those apart (training uses logits)
        self.temperature = 1.0

    def logits(self, ctx, cand, nums, mask):  # -> [N, K], -1e4 where there is no candidate
        c = self.ctx(self.embed(ctx).flatten(1))  # [N, H]
        e = self.embed(cand)  # [N, K, D]
        x = torch.cat([c.unsqueeze(1).expand(-1, e.shape[1], -1), e, nums], -1)
        return self.score(x).squeeze(-1) + (mask - 1.0) * 1e4

    def forward(self, ctx, cand, nums, mask):
        return torch.softmax(self.logits(ctx, cand, nums, mask) / self.temperature, -1)
