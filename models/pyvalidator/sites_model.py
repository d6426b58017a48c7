"""The three per-site detectors: hashed-subtoken embeddings (mean per slot), concatenated, a small MLP.

- SwapNet:   tokens [N, S_SWAP, T] -> bug_logit [N] (the two arguments look swapped)
- OpNet:     tokens [N, S, T] -> bug_logit [N], repair_probabilities [N, len(OPS)] (the operator meant)
- MisuseNet: context [N, 2, T], candidates [N, K, T], numbers [N, K, F], mask [N, K]
             -> misuse_logit [N] (log-odds that the name used is not the one meant: logsumexp of the other
                candidates' logits minus the current one's), candidate_probabilities [N, K] (which name was meant)

The detectors output log-odds, not probabilities (format sites-2): a confident net's probabilities round to 1.0
in float32 for many sites at once, and thresholds chosen by false alarms could not tell those sites apart. The
server shows sigmoid(logit), computed in double precision, as the confidence.
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
        self.head = mlp(st.S_SWAP * cfg.dim, cfg.hidden, 1)

    def logits(self, tokens):  # [N, S_SWAP, T] -> [N]
        return self.head(self.embed(tokens).flatten(1)).squeeze(-1)

    def forward(self, tokens):
        return self.logits(tokens)


class OpNet(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.embed = SlotEmbed(cfg)
        self.body = nn.Sequential(nn.Linear(st.S * cfg.dim, cfg.hidden), nn.ReLU(),
                                  nn.Linear(cfg.hidden, cfg.hidden), nn.ReLU())
        self.bug = nn.Linear(cfg.hidden, 1)
        self.repair = nn.Linear(cfg.hidden, len(st.OPS))

    def logits(self, tokens):  # -> bug [N], repair [N, OPS]
        h = self.body(self.embed(tokens).flatten(1))
        return self.bug(h).squeeze(-1), self.repair(h)

    def forward(self, tokens):
        b, r = self.logits(tokens)
        return b, torch.softmax(r, -1)


class MisuseNet(nn.Module):
    def __init__(self, cfg: NetConfig):
        super().__init__()
        self.embed = SlotEmbed(cfg)
        self.ctx = nn.Sequential(nn.Linear(2 * cfg.dim, cfg.hidden), nn.ReLU())
        self.score = mlp(cfg.hidden + cfg.dim + st.F, cfg.hidden, 1)

    def logits(self, ctx, cand, nums, mask):  # -> [N, K], -1e4 where there is no candidate
        c = self.ctx(self.embed(ctx).flatten(1))  # [N, H]
        e = self.embed(cand)  # [N, K, D]
        x = torch.cat([c.unsqueeze(1).expand(-1, e.shape[1], -1), e, nums], -1)
        return self.score(x).squeeze(-1) + (mask - 1.0) * 1e4

    def forward(self, ctx, cand, nums, mask):
        z = self.logits(ctx, cand, nums, mask)  # [N, K]
        return torch.logsumexp(z[:, 1:], -1) - z[:, 0], torch.softmax(z, -1)
