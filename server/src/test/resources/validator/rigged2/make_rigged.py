"""Writes a rigged format-2 artifact for the server's tests (run from the repository root):

    models/.venv/bin/python server/src/test/resources/validator/rigged2/make_rigged.py

The tiny format-2 fixture's tokenizer, with a hand-built ONNX graph instead of a trained network: per-token
lookup tables (Gather on input_ids) flag the pieces of ` >=` (`Ġ>` and `=`) at 0.95 and name `Ġ<` and
delete (mask) as their originals, everything else 0.01 and itself. So the whole server path (ONNX outputs,
tokens, findings, LSP data, the quick fix) can be tested on examples/clamp.py before a trained model exists.
"""
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
TINY = HERE.parent / "tiny2"
K = 3


def main():
    tok = Tokenizer.from_file(str(TINY / "tokenizer.json"))
    meta = json.loads((TINY / "validator.json").read_text())
    mask = meta["input_format"]["mask_id"]
    vocab = tok.get_vocab_size()
    gt, eq, lt = (tok.token_to_id(t) for t in ("Ġ>", "=", "Ġ<"))
    assert None not in (gt, eq, lt), "the tiny tokenizer has no Ġ>, = or Ġ<"
    p = np.full(vocab, 0.01, dtype=np.float32)
    ids = np.stack([np.arange(vocab), np.full(vocab, mask), np.full(vocab, 5)], axis=1).astype(np.int64)
    probs = np.tile(np.array([0.9, 0.05, 0.01], dtype=np.float32), (vocab, 1))
    for special in (meta["input_format"]["bos_id"], meta["input_format"]["eos_id"], meta["input_format"]["pad_id"]):
        p[special] = 0.0
    p[gt] = p[eq] = 0.95
    ids[gt] = [lt, gt, 5]
    ids[eq] = [mask, eq, 5]
    probs[gt] = probs[eq] = [0.8, 0.15, 0.01]

    inits = [numpy_helper.from_array(p, "table_p"), numpy_helper.from_array(ids, "table_ids"),
             numpy_helper.from_array(probs, "table_probs")]
    nodes = [
        helper.make_node("Gather", ["table_p", "input_ids"], ["raw_p"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["raw_p", "mask_f"], ["token_bug_probability"]),
        helper.make_node("Gather", ["table_ids", "input_ids"], ["repair_token_ids"], axis=0),
        helper.make_node("Gather", ["table_probs", "input_ids"], ["repair_probabilities"], axis=0),
        helper.make_node("ReduceMax", ["token_bug_probability"], ["bug_probability"], axes=[1], keepdims=0),
    ]
    dims = ["batch", "sequence"]
    graph = helper.make_graph(
        nodes, "rigged_rtd",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, dims),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, dims)],
        [helper.make_tensor_value_info("token_bug_probability", TensorProto.FLOAT, dims),
         helper.make_tensor_value_info("repair_token_ids", TensorProto.INT64, dims + [K]),
         helper.make_tensor_value_info("repair_probabilities", TensorProto.FLOAT, dims + [K]),
         helper.make_tensor_value_info("bug_probability", TensorProto.FLOAT, ["batch"])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="pyassist-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(HERE / "model.onnx"))
    (HERE / "tokenizer.json").write_bytes((TINY / "tokenizer.json").read_bytes())

    sha = lambda f: hashlib.sha256((HERE / f).read_bytes()).hexdigest()  # noqa: E731
    meta["repair_top_k"] = K
    meta["architecture"] = {"type": "rigged lookup tables (tests only)", "model_type": "lookup",
                            "num_hidden_layers": 0, "hidden_size": 0, "parameters": int(p.size + ids.size + probs.size)}
    meta["sha256"] = {"model.onnx": sha("model.onnx"), "tokenizer.json": sha("tokenizer.json")}
    meta.pop("metrics", None)
    (HERE / "validator.json").write_text(json.dumps(meta, indent=2))
    print("rigged artifact:", HERE)


if __name__ == "__main__":
    main()
