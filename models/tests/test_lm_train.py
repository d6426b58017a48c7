"""A tiny LoRA fine-tune on CPU: files written, loss falls, the adapter loads with peft and changes outputs."""
import json

import pytest

from lm_tiny import SUMMARIZE_ROWS, make_tiny_model, write_jsonl
from pyassist_lm.common import UserError
from pyassist_lm.lora_train import IGNORE, check_base, encode, main
from pyassist_lm.templates import TEMPLATES, load_examples, read_task_file, render


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    d = tmp_path_factory.mktemp("lora")
    base = make_tiny_model(d / "base", initializer_range=0.2)   # clear margins: the overfit shows
    data = write_jsonl(d / "train.jsonl", SUMMARIZE_ROWS)
    out = d / "adapter"
    rc = main(["--base", str(base), "--data", str(data), "--val", str(data), "--task", "summarize",
               "--out", str(out), "--rank", "8", "--alpha", "16", "--dropout", "0", "--lr", "3e-2",
               "--epochs", "12", "--batch-size", "4", "--max-length", "96", "--seed", "1"])
    assert rc == 0
    return base, data, out


def test_adapter_folder_has_peft_files_template_config_and_plot(trained):
    _, _, out = trained
    for name in ("adapter_config.json", "adapter_model.safetensors", "pyassist_task.json", "train_config.json",
                 "loss.png", "loss.jsonl"):
        assert (out / name).is_file(), name
    assert not list(out.glob("*.bin"))
    ac = json.loads((out / "adapter_config.json").read_text())
    assert ac["peft_type"] == "LORA" and ac["r"] == 8 and ac["lora_alpha"] == 16
    assert set(ac["target_modules"]) == {"c_attn", "c_proj", "c_fc"}
    tc = json.loads((out / "train_config.json").read_text())
    assert tc["rank"] == 8 and tc["task"] == "summarize" and tc["results"]["steps"] == 12
    assert read_task_file(out) == TEMPLATES["summarize"]


def test_loss_goes_down_on_a_tiny_overfit_set(trained):
    _, _, out = trained
    rows = [json.loads(line) for line in (out / "loss.jsonl").read_text().splitlines()]
    train = [r["loss"] for r in rows if "loss" in r]
    val = [r["val_loss"] for r in rows if "val_loss" in r]
    assert len(train) == 12 and len(val) == 12
    # measured: train 6.29 -> 3.54, validation 5.45 -> 2.95 (same 4 records); margins leave room for other CPUs
    assert sum(train[-3:]) / 3 < train[0] - 1.0, train
    assert val[-1] < val[0] - 1.0, val
    assert all(b < a for a, b in zip(val, val[1:])), val


def test_adapter_loads_with_peft_and_changes_the_outputs(trained):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base, _, out = trained
    ids = torch.tensor([[5, 17, 42, 7, 99, 3]])
    model = AutoModelForCausalLM.from_pretrained(str(base)).eval()
    with torch.no_grad():
        before = model(input_ids=ids).logits
    peft_model = PeftModel.from_pretrained(model, str(out)).eval()
    with torch.no_grad():
        after = peft_model(input_ids=ids).logits
    assert after.shape == before.shape
    assert (after - before).abs().max().item() > 1e-3
    with peft_model.disable_adapter(), torch.no_grad():
        assert torch.allclose(peft_model(input_ids=ids).logits, before, atol=1e-5)


def test_prompt_tokens_are_masked_and_eos_appended(trained):
    from tokenizers import Tokenizer

    base, data, _ = trained
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    ex = load_examples(data, "summarize")[0]
    ids, labels = encode(ex, tok, 0, 512)
    n_prompt = len(tok.encode(ex.prompt, add_special_tokens=False).ids)
    assert labels[:n_prompt] == [IGNORE] * n_prompt
    assert labels[n_prompt:] == ids[n_prompt:] and ids[-1] == 0
    assert tok.decode(ids[n_prompt:-1]) == ex.output
    short_ids, short_labels = encode(ex, tok, 0, 12)     # too long: the prompt loses its start
    assert len(short_ids) == 12 and short_labels[-1] == 0


def test_loader_accepts_pairs_instruction_and_humaneval(tmp_path):
    p = write_jsonl(tmp_path / "mixed.jsonl", [
        {"id": "x", "input": "def f():\n    return 1\n\n", "output": "One."},
        {"instruction": "Explain {this}", "input": "", "output": "ok"},
        {"instruction": "Rename", "input": "x = 1", "output": "y = 1"},
    ])
    with pytest.raises(UserError, match="record 1: instruction-style record needs a non-empty 'instruction'"):
        load_examples(p, "instruction")
    p2 = write_jsonl(tmp_path / "instr.jsonl", [{"instruction": "Explain {this}", "input": "", "output": "ok"},
                                                {"instruction": "Rename", "input": "x = 1", "output": "y = 1"}])
    b, c = load_examples(p2, "instruction")
    assert b.prompt == "### Instruction:\nExplain {this}\n\n### Response:\n"
    assert c.prompt == "### Instruction:\nRename\n\nx = 1\n\n### Response:\n"
    s, i = load_examples(p, "summarize")[:2]
    assert i.prompt.startswith("### Instruction:\nExplain {this}")   # an instruction record keeps its template
    assert s.prompt == "### Python code\ndef f():\n    return 1\n### Summary\n" and s.output == "One."
    h = write_jsonl(tmp_path / "he.jsonl", [{"task_id": "t/0", "prompt": "def g():\n    \"\"\"G.\"\"\"\n",
                                             "canonical_solution": "    return 2\n", "test": "def check(c): pass",
                                             "entry_point": "g"}])
    g = load_examples(h, "generate")[0]
    assert g.prompt == "def g():\n    \"\"\"G.\"\"\"\n" and g.output == "    return 2\n" and g.entry_point == "g"
    assert render(TEMPLATES["translate"], {"input": "x = 1", "language": "Go"}) == \
        "### Python code\nx = 1\n### Go translation\n"


def test_bad_records_are_named(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": "a", "input": "x", "output": "y"}\n{"id": "b", "output": "y"}\n')
    with pytest.raises(UserError, match=r"bad.jsonl: record 2: record needs a non-empty string 'input'"):
        load_examples(p, "summarize")
    p.write_text("not json\n")
    with pytest.raises(UserError, match=r"bad.jsonl:1: not valid JSON"):
        load_examples(p, "summarize")


def test_refuses_other_architectures_and_pickle_only_folders(tmp_path, capsys):
    other = tmp_path / "llama"
    other.mkdir()
    (other / "config.json").write_text(json.dumps({"model_type": "llama"}))
    with pytest.raises(UserError, match="model_type is 'llama'; only StarCoder-family 'gpt_bigcode'"):
        check_base(other)
    pick = tmp_path / "pickled"
    pick.mkdir()
    (pick / "config.json").write_text(json.dumps({"model_type": "gpt_bigcode"}))
    (pick / "pytorch_model.bin").write_bytes(b"\x80\x04not really")
    (pick / "tokenizer.json").write_text("{}")
    with pytest.raises(UserError, match=r"only pickle weights \(pytorch_model.bin\)"):
        check_base(pick)
    data = write_jsonl(tmp_path / "d.jsonl", SUMMARIZE_ROWS)
    rc = main(["--base", str(pick), "--data", str(data), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 1 and "lora_train: error:" in err and "pytorch_model.bin" in err and "Traceback" not in err


def test_instruction_records_under_another_task_keep_their_layout(tmp_path):
    from pyassist_lm.templates import effective_template

    instr = load_examples(write_jsonl(tmp_path / "i.jsonl", [{"instruction": "Sum", "input": "a, b", "output": "a+b"}]),
                          "generate")
    tpl = effective_template("generate", instr, "i.jsonl")
    assert tpl.task == "generate" and tpl.template == TEMPLATES["instruction"].template
    assert instr[0].prompt == render(tpl, {"instruction": "Sum", "input": "a, b"})
    mixed = load_examples(write_jsonl(tmp_path / "m.jsonl", [{"instruction": "Sum", "input": "", "output": "x"},
                                                             {"input": "def f(): pass", "output": "y"}]), "generate")
    with pytest.raises(UserError, match="m.jsonl: mixes 1 instruction-style records with 1 input/output pairs"):
        effective_template("generate", mixed, "m.jsonl")
    assert effective_template("summarize", load_examples(write_jsonl(tmp_path / "s.jsonl", SUMMARIZE_ROWS),
                                                         "summarize"), "s.jsonl") == TEMPLATES["summarize"]


def test_adapter_served_over_an_openai_api_and_evaluated(trained, tmp_path):
    """The trained adapter behind pyassist_lm.serve_hf, measured by pyassist_lm.evaluate; the completions are
    what transformers' greedy generate gives for the same prompt with the adapter on."""
    import threading

    import torch
    from peft import PeftModel
    from tokenizers import Tokenizer
    from transformers import AutoModelForCausalLM

    from pyassist_lm.evaluate import main as evaluate
    from pyassist_lm.serve_hf import HfGenerator, make_server

    base, data, adapter = trained
    srv = make_server(HfGenerator(str(base), {"summarize": str(adapter)}))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        out = tmp_path / "eval"
        rc = evaluate(["--task", "summarize", "--data", str(data), "--backend", "openai", "--base-url",
                       f"http://127.0.0.1:{srv.server_address[1]}/v1", "--model", "summarize", "--max-tokens", "6",
                       "--out", str(out)])
    finally:
        srv.shutdown()
        srv.server_close()
    assert rc == 0
    res = json.loads((out / "results.json").read_text())
    assert res["records"] == 4 and res["generation_errors"] == 0
    gens = [json.loads(line) for line in (out / "generations.jsonl").read_text().splitlines()]

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(str(base)), str(adapter)).eval()
    ex = load_examples(data, "summarize")[0]
    ids = torch.tensor([tok.encode(ex.prompt, add_special_tokens=False).ids])
    with torch.no_grad():
        ref = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=6, do_sample=False,
                             eos_token_id=0, pad_token_id=0)[0, ids.shape[1]:].tolist()
    ref = ref[: ref.index(0)] if 0 in ref else ref
    expected = tok.decode(ref)
    expected = expected[: expected.index("\n###")] if "\n###" in expected else expected
    assert gens[0]["completion"] == expected.strip()
