"""BERTScore (Zhang et al., 2020) through the `bert-score` package, with a scoring model from a local folder.

BERTScore matches each token of a hypothesis to its most similar token of the reference (cosine of contextual
embeddings from one layer of the scoring model) and reports precision, recall and their F1. Scores depend on the
scoring model and layer, so both are printed and stored with every result. Only a local folder is accepted
(a Hugging Face model saved with `save_pretrained`, e.g. roberta-large or microsoft/codebert-base downloaded once):
evaluation stays offline and the figure names exactly what scored it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .common import UserError


@dataclass
class BertScore:
    precision: float     # mean over records, 0..1
    recall: float
    f1: float
    model: str           # the scoring model's folder
    layer: int           # the layer whose embeddings were compared (1-based, as bert-score counts)

    def metrics(self) -> dict:
        """The F1 in percent, like the other metrics of evaluate."""
        return {"bertscore_f1": round(100 * self.f1, 2)}

    def describe(self) -> str:
        return f"BERTScore scored by {self.model} (layer {self.layer})"


def model_layers(model_dir: Path) -> int:
    """The scoring model's number of layers, from its config.json (the default layer is the last one)."""
    config = model_dir / "config.json"
    try:
        cfg = json.loads(config.read_text())
    except (OSError, ValueError) as e:
        raise UserError(f"--bertscore-model {model_dir}: cannot read {config.name}: {e}") from e
    for key in ("num_hidden_layers", "n_layer", "num_layers"):
        if isinstance(cfg.get(key), int) and cfg[key] > 0:
            return cfg[key]
    raise UserError(f"--bertscore-model {model_dir}: {config.name} names no layer count (num_hidden_layers)")


def bert_score(hyps: list[str], refs: list[str], model: str, layer: int | None = None,
               batch_size: int = 16) -> BertScore:
    """Mean BERTScore of `hyps` against `refs` with the model in folder `model`, on CPU."""
    model_dir = Path(model)
    if not model_dir.is_dir():
        raise UserError(f"--bertscore-model {model}: not a folder (give a model saved with save_pretrained; "
                        "scoring is offline, so hub names are not fetched)")
    layers = model_layers(model_dir)
    layer = layers if layer is None else layer
    if not 1 <= layer <= layers:
        raise UserError(f"--bertscore-layer {layer}: the model has layers 1..{layers}")
    if len(hyps) != len(refs):
        raise UserError(f"{len(hyps)} hypotheses for {len(refs)} references")
    if not hyps:
        raise UserError("no records to score")
    try:
        from bert_score import score
    except ImportError as e:
        raise UserError("BERTScore needs the bert-score package (pip install -e ./models)") from e
    # bert-score scores an empty hypothesis as 0 but warns per call; a single space keeps its tokenizer calm.
    p, r, f = score([h if h.strip() else " " for h in hyps], list(refs), model_type=str(model_dir),
                    num_layers=layer, batch_size=batch_size, device="cpu", verbose=False)
    return BertScore(float(p.mean()), float(r.mean()), float(f.mean()), str(model_dir), layer)
