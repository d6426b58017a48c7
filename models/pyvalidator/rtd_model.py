"""The format-2 network: a RoBERTa encoder, a per-token detection head and a repair head.

detection: P(this token was corrupted), one sigmoid per token (ELECTRA's discriminator);
repair: a softmax over the vocabulary naming the original token (output layer tied to the
input embeddings); trained only where a token was corrupted, so its argmax is a real change.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn
from transformers import RobertaConfig, RobertaModel

from .rtd import BOS_ID, EOS_ID, PAD_ID, UNK_ID


def encoder_config(vocab_size, layers=4, hidden=256, heads=4, ffn=1024, max_len=256, dropout=0.1):
    return RobertaConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                         num_attention_heads=heads, intermediate_size=ffn,
                         max_position_embeddings=max_len + 2, type_vocab_size=1,
                         pad_token_id=PAD_ID, bos_token_id=BOS_ID, eos_token_id=EOS_ID,
                         hidden_dropout_prob=dropout, attention_probs_dropout_prob=dropout,
                         attn_implementation="eager")


class TokenValidator(nn.Module):
    def __init__(self, encoder: RobertaModel):
        super().__init__()
        self.encoder = encoder
        h, v = encoder.config.hidden_size, encoder.config.vocab_size
        self.det = nn.Sequential(nn.Linear(h, h), nn.GELU(), nn.Linear(h, 1))
        self.rep = nn.Sequential(nn.Linear(h, h), nn.GELU(), nn.LayerNorm(h))
        self.rep_bias = nn.Parameter(torch.zeros(v))

    def hidden(self, input_ids, attention_mask):  # -> [B, S, H]
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    def det_logits(self, hs):  # [B, S, H] -> [B, S]
        return self.det(hs).squeeze(-1)

    def repair_logits(self, hs):  # [..., H] -> [..., V]
        w = self.encoder.embeddings.word_embeddings.weight  # tied output layer
        return self.rep(hs) @ w.t() + self.rep_bias

    def forward(self, input_ids, attention_mask):
        hs = self.hidden(input_ids, attention_mask)
        return self.det_logits(hs), hs


def losses(model, det_logits, hs, batch, repair_weight=1.0):
    """Detection: BCE over real tokens; repair: CE at corrupted positions (gathered, so the
    vocabulary projection costs only there)."""
    labels = batch["labels"]  # [B, S] 1/0, -1 = ignore (specials, padding)
    keep = labels >= 0
    det = nn.functional.binary_cross_entropy_with_logits(det_logits[keep], labels[keep].float())
    rep_t = batch["repair"]  # [B, S] original token id, -1 = none
    sel = rep_t >= 0
    if sel.any():
        logits = model.repair_logits(hs[sel]).float()  # [N, V]
        rep = nn.functional.cross_entropy(logits, rep_t[sel])
        rep_acc = (logits.argmax(-1) == rep_t[sel]).float().mean()
    else:
        rep = det_logits.sum() * 0.0
        rep_acc = torch.tensor(float("nan"))
    return det + repair_weight * rep, det, rep, rep_acc


class ExportWrapper(nn.Module):
    """What model.onnx computes (VALIDATOR_V2.md): probabilities, top-K repairs, the unit's verdict."""

    def __init__(self, model: TokenValidator, k: int = 3):
        super().__init__()
        self.model, self.k = model, k
        banned = torch.zeros(model.encoder.config.vocab_size)
        banned[[BOS_ID, PAD_ID, EOS_ID, UNK_ID]] = -1e4  # special tokens are never a repair (MASK = delete)
        self.register_buffer("banned", banned, persistent=False)

    def forward(self, input_ids, attention_mask):
        det_logits, hs = self.model(input_ids, attention_mask)
        real = attention_mask * (input_ids != BOS_ID).long() * (input_ids != EOS_ID).long()
        real = real * (input_ids != PAD_ID).long()
        p = torch.sigmoid(det_logits) * real.to(det_logits.dtype)  # [B, S]
        probs = torch.softmax(self.model.repair_logits(hs) + self.banned, dim=-1)  # [B, S, V]
        rp, ri = torch.topk(probs, self.k, dim=-1)  # [B, S, K]
        return p, ri, rp, p.max(dim=1).values


OUTPUTS = ["token_bug_probability", "repair_token_ids", "repair_probabilities", "bug_probability"]


def save_model(model: TokenValidator, out: Path, meta: dict, fp16: bool = False):
    """safetensors (the tied output layer is the embedding, saved once) + rtd_model.json."""
    from safetensors.torch import save_file

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sd = {k: (v.detach().half() if fp16 and v.is_floating_point() else v.detach()).contiguous().cpu()
          for k, v in model.state_dict().items()}
    save_file(sd, str(out / "model.safetensors"))
    cfg = model.encoder.config
    arch = {"layers": cfg.num_hidden_layers, "hidden": cfg.hidden_size, "heads": cfg.num_attention_heads,
            "ffn": cfg.intermediate_size, "max_len": cfg.max_position_embeddings - 2, "vocab_size": cfg.vocab_size}
    (out / "rtd_model.json").write_text(json.dumps({"design": "token-rtd", "arch": arch,
                                                    "dtype": "float16" if fp16 else "float32", **meta}, indent=2))


def load_model(folder: Path) -> tuple[TokenValidator, dict]:
    from safetensors.torch import load_file

    folder = Path(folder)
    meta = json.loads((folder / "rtd_model.json").read_text())
    a = meta["arch"]
    enc = RobertaModel(encoder_config(a["vocab_size"], a["layers"], a["hidden"], a["heads"], a["ffn"], a["max_len"]),
                       add_pooling_layer=False)
    model = TokenValidator(enc)
    sd = {k: v.float() for k, v in load_file(str(folder / "model.safetensors")).items()}
    model.load_state_dict(sd)
    model.eval()
    return model, meta
