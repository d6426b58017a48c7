"""BERTScore through bert-score, offline, on a tiny BERT made here (random weights: the figures mean nothing; the
test checks the plumbing, that identical texts score 1, and that the result names its scoring model)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lm_tiny import write_jsonl
from pyassist_lm.bertscore import bert_score
from pyassist_lm.common import UserError

MODELS = Path(__file__).resolve().parent.parent

WORDS = "add two numbers return the sum of a and b negate number".split()


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory):
    torch = pytest.importorskip("torch")
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    torch.manual_seed(0)
    d = tmp_path_factory.mktemp("tiny-bert")
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2),
                                                                                                 ("[SEP]", 3)])
    PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                            sep_token="[SEP]", model_max_length=64).save_pretrained(d)
    BertModel(BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=32, max_position_embeddings=64)).save_pretrained(d)
    return d


def test_identical_texts_score_one_and_the_result_names_its_model(tiny_bert):
    same = bert_score(["add two numbers"], ["add two numbers"], str(tiny_bert))
    assert same.f1 == pytest.approx(1.0, abs=1e-5)
    assert same.model == str(tiny_bert) and same.layer == 2
    assert same.describe() == f"BERTScore scored by {tiny_bert} (layer 2)"
    other = bert_score(["negate a number"], ["return the sum of a and b"], str(tiny_bert), layer=1)
    assert other.f1 < 1.0 and other.layer == 1


def test_bad_options_get_a_clear_message(tiny_bert, tmp_path):
    with pytest.raises(UserError, match="not a folder"):
        bert_score(["x"], ["y"], "roberta-large")
    with pytest.raises(UserError, match="layers 1..2"):
        bert_score(["x"], ["y"], str(tiny_bert), layer=3)


def test_evaluate_adds_bertscore_and_prints_the_scoring_model(tiny_bert, tmp_path):
    # the command end to end, its answers from test_lm_evaluate's loopback OpenAI-compatible server
    import threading
    from http.server import ThreadingHTTPServer

    from test_lm_evaluate import SUMMARIES, MockOpenAI
    MockOpenAI.answers = {k: v[0] for k, v in SUMMARIES.items()}
    MockOpenAI.log = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), MockOpenAI)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        data = write_jsonl(tmp_path / "test.jsonl", [{"id": str(i), "input": k, "output": v[1]}
                                                     for i, (k, v) in enumerate(SUMMARIES.items())])
        out = tmp_path / "eval"
        env = {**os.environ, "PYTHONPATH": str(MODELS), "OPENAI_API_KEY": "sk-test", "HF_HUB_OFFLINE": "1"}
        p = subprocess.run([sys.executable, "-m", "pyassist_lm.evaluate", "--task", "summarize", "--data", str(data),
                            "--backend", "openai", "--base-url", f"http://127.0.0.1:{srv.server_address[1]}/v1",
                            "--model", "mock-model", "--out", str(out), "--bertscore-model", str(tiny_bert)],
                           capture_output=True, text=True, env=env, timeout=300)
    finally:
        srv.shutdown()
        srv.server_close()
    assert p.returncode == 0, p.stderr
    assert f"BERTScore scored by {tiny_bert} (layer 2)" in p.stderr
    res = json.loads((out / "results.json").read_text())
    assert 0 < res["metrics"]["bertscore_f1"] <= 100
    assert res["bertscore_model"] == {"path": str(tiny_bert), "layer": 2}
    assert (out / "results.md").read_text().startswith("| model | task | BLEU | ROUGE-L | BERTScore | pass@1 |")
