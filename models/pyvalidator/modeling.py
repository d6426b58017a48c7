"""The validator network: a RoBERTa encoder with a per-sequence kind head and a per-token location head."""
from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn
from transformers import RobertaConfig, RobertaModel

from .mutations import KINDS


def small_config(vocab_size, layers=4, hidden=256, heads=4, ffn=1024, max_len=256):
    return RobertaConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                         num_attention_heads=heads, intermediate_size=ffn,
                         max_position_embeddings=max_len + 2, type_vocab_size=1,
                         pad_token_id=1, bos_token_id=0, eos_token_id=2,
                         hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)


class Validator(nn.Module):
    """kind_logits [B, K+1] (index 0 = clean) from the <s> state and a masked max-pool;
    token_logits [B, S]: where the bug is, trained as a pointer (softmax over positions)."""

    def __init__(self, encoder: RobertaModel, num_kinds: int = len(KINDS)):
        super().__init__()
        self.encoder = encoder
        h = encoder.config.hidden_size
        self.seq_head = nn.Sequential(nn.Linear(3 * h, h), nn.Tanh(), nn.Dropout(0.1),
                                      nn.Linear(h, num_kinds))
        self.tok_head = nn.Sequential(nn.Linear(h, h), nn.GELU(), nn.Linear(h, 1))

    def forward(self, input_ids, attention_mask):
        hs = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        token_logits = self.tok_head(hs).squeeze(-1)
        m = attention_mask.unsqueeze(-1).to(hs.dtype)
        maxpool = (hs + (m - 1.0) * 1e4).max(dim=1).values
        # attention-pool the states with the token head's own scores: where is the bug, what is there
        w = torch.softmax(token_logits + (attention_mask.to(hs.dtype) - 1.0) * 1e4, dim=1)
        attpool = torch.einsum("bs,bsh->bh", w, hs)
        kind_logits = self.seq_head(torch.cat([hs[:, 0], maxpool, attpool], dim=-1))
        return kind_logits, token_logits


def losses(kind_logits, token_logits, batch, tok_weight=1.0):
    labels = batch["labels"]
    seq_loss = nn.functional.cross_entropy(kind_logits, labels)
    mask = batch["attention_mask"].to(token_logits.dtype)
    logits = token_logits + (mask - 1.0) * 1e4
    tgt = batch["token_targets"]
    buggy = labels != 0
    if buggy.any():
        lz = torch.logsumexp(logits[buggy], dim=1)
        lt = torch.logsumexp(logits[buggy] + (tgt[buggy] - 1.0) * 1e4, dim=1)
        tok_loss = (lz - lt).mean()
    else:
        tok_loss = token_logits.sum() * 0.0
    return seq_loss + tok_weight * tok_loss, seq_loss, tok_loss


class ExportWrapper(nn.Module):
    """What model.onnx computes: probabilities, not logits."""

    def __init__(self, model: Validator):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        kind_logits, token_logits = self.model(input_ids, attention_mask)
        kind_probs = torch.softmax(kind_logits, dim=-1)
        bug_prob = 1.0 - kind_probs[:, 0]
        mask = attention_mask.to(token_logits.dtype)
        token_scores = torch.softmax(token_logits + (mask - 1.0) * 1e4, dim=-1) * mask
        return bug_prob, kind_probs, token_scores


def save_model(model: Validator, out: Path, extra: dict):
    from safetensors.torch import save_file

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(out / "encoder", safe_serialization=True)
    heads = {k: v.detach().contiguous() for k, v in model.state_dict().items()
             if not k.startswith("encoder.")}
    save_file(heads, str(out / "heads.safetensors"))
    (out / "validator_model.json").write_text(json.dumps({"kinds": KINDS, **extra}, indent=2))


def load_model(folder: Path, attn="eager") -> tuple[Validator, dict]:
    from safetensors.torch import load_file

    folder = Path(folder)
    meta = json.loads((folder / "validator_model.json").read_text())
    enc = RobertaModel.from_pretrained(folder / "encoder", add_pooling_layer=False,
                                       attn_implementation=attn)
    model = Validator(enc, len(meta["kinds"]))
    missing, unexpected = model.load_state_dict(load_file(str(folder / "heads.safetensors")), strict=False)
    assert not unexpected and all(k.startswith("encoder.") for k in missing), (missing, unexpected)
    model.eval()
    return model, meta
