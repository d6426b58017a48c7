"""Rebuild the PyTorch model from a shipped artifact (model.onnx + validator.json + tokenizer.json).

The artifact is all that ships; this brings back the RUN/model folder that `load_model` reads, so anyone can
re-evaluate, fine-tune further or benchmark PyTorch against ONNX Runtime without the original run.
The exporter keeps parameter names for biases, LayerNorms and Gemm weights but turns Linear weights into
anonymous transposed MatMul initializers; each of those is named by the bias added right after it (by an
Add, or by the BiasGelu / SkipLayerNormalization that optimize.py fused it into).

    python -m pyvalidator.from_onnx --artifact validator --out runs/from-artifact/model
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from transformers import RobertaModel

from .common import MODELS_DIR, save_config
from .modeling import ExportWrapper, Validator, save_model, small_config


BIAS_ADDERS = {"Add", "BiasGelu", "SkipLayerNormalization"}


def onnx_state_dict(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    named = {k: v for k, v in inits.items() if k.startswith("model.")}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in model.graph.node:
        for x in node.input:
            consumers.setdefault(x, []).append(node)
    for node in model.graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits or node.input[1] in named:
            continue
        # the bias is added by the next node: Add, or a fused BiasGelu / SkipLayerNormalization
        nxt = [n for n in consumers.get(node.output[0], []) if n.op_type in BIAS_ADDERS]
        biases = [x for n in nxt for x in n.input
                  if x.endswith(".bias") and "LayerNorm" not in x and x in inits]
        if len(biases) != 1:
            raise ValueError(f"cannot name MatMul weight {node.input[1]}: bias candidates {biases}")
        named[biases[0][:-len(".bias")] + ".weight"] = inits[node.input[1]].T  # [in, out] -> Linear's [out, in]
    return {k[len("model."):]: v for k, v in named.items()}


def rebuild(artifact: Path) -> tuple[Validator, dict]:
    meta = json.loads((artifact / "validator.json").read_text())
    arch = meta["architecture"]
    cfg = small_config(arch["vocab_size"], arch["num_hidden_layers"], arch["hidden_size"],
                       arch["num_attention_heads"], arch["intermediate_size"], meta["max_seq_len"])
    model = Validator(RobertaModel(cfg, add_pooling_layer=False), len(meta["labels"]))
    state = {k: torch.from_numpy(np.array(v, copy=True)) for k, v in
             onnx_state_dict(onnx.load(str(artifact / "model.onnx"))).items()}
    expected = model.state_dict()
    # position_ids / buffers are not parameters of the ONNX graph; everything else must be there
    missing = [k for k, v in expected.items() if k not in state and k in dict(model.named_parameters())]
    if missing:
        raise ValueError(f"the ONNX graph lacks parameters: {missing[:5]}")
    model.load_state_dict(state, strict=False)
    return model.eval(), meta


def max_abs_diff(model: Validator, artifact: Path) -> float:
    """Compare with the golden ONNX Runtime outputs the artifact ships."""
    golden = json.loads((artifact / "golden.json").read_text())["inputs"]
    wrapper, worst = ExportWrapper(model).eval(), 0.0
    with torch.inference_mode():
        for g in golden:
            ids = torch.tensor([g["input_ids"]])
            bug, kinds, tokens = wrapper(ids, torch.ones_like(ids))
            worst = max(worst, abs(bug.item() - g["bug_probability"]),
                        float((tokens[0] - torch.tensor(g["token_scores"])).abs().max()))
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--artifact", type=Path, default=MODELS_DIR / "validator")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (RUN/model layout)")
    args = ap.parse_args(argv)
    model, meta = rebuild(args.artifact)
    diff = max_abs_diff(model, args.artifact)
    print(f"rebuilt {sum(p.numel() for p in model.parameters())} parameters; "
          f"max |torch - golden onnxruntime| = {diff:.2e}")
    assert diff < 1e-4, f"rebuilt model disagrees with the artifact: {diff}"
    save_model(model, args.out, {"max_len": meta["max_seq_len"], "rebuilt_from": str(args.artifact)})
    (args.out / "tokenizer.json").write_bytes((args.artifact / "tokenizer.json").read_bytes())
    save_config(args.out, "from_onnx", args, parity_max_abs_diff=diff)


if __name__ == "__main__":
    main()
