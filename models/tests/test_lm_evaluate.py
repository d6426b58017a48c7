"""The evaluation command end to end against a mock OpenAI-compatible server (http.server on 127.0.0.1)."""
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lm_tiny import write_jsonl
from pyassist_lm.backends import LocalBackend, retry_after_seconds, strip_fences
from pyassist_lm.evaluate import main
from pyassist_lm.templates import load_examples

MODELS = Path(__file__).resolve().parent.parent
PROBLEMS = MODELS / "pyassist_lm" / "problems" / "pyassist_eval.jsonl"

SUMMARIES = {
    "def add(a, b):\n    return a + b": ("Add two numbers.", "Return the sum of a and b."),
    "def neg(x):\n    return -x": ("Negate a number.", "Negate a number."),
}


class MockOpenAI(BaseHTTPRequestHandler):
    """/v1/chat/completions answers from `answers` (user message -> text); /flaky/v1/... answers 429 with
    Retry-After: 1 to the first request, then like /v1."""
    answers: dict = {}
    log: list = []
    flaky_seen = [0]

    def log_message(self, *a):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).log.append((self.path, self.headers.get("Authorization"), body))
        if self.path == "/flaky/v1/chat/completions" and self.flaky_seen[0] == 0:
            self.flaky_seen[0] += 1
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "rate limited"}}')
            return
        if self.path not in ("/v1/chat/completions", "/flaky/v1/chat/completions"):
            self.send_response(404)
            self.end_headers()
            return
        user = body["messages"][-1]["content"]
        text = self.answers.get(user, "I do not know.")
        out = json.dumps({"id": "x", "object": "chat.completion", "model": body["model"],
                          "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                       "finish_reason": "stop"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


@pytest.fixture()
def server():
    MockOpenAI.log = []
    MockOpenAI.flaky_seen = [0]
    srv = ThreadingHTTPServer(("127.0.0.1", 0), MockOpenAI)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_summarize_end_to_end_through_the_command_with_a_429(server, tmp_path):
    MockOpenAI.answers = {k: v[0] for k, v in SUMMARIES.items()}
    data = write_jsonl(tmp_path / "test.jsonl", [{"id": str(i), "input": k, "output": v[1]}
                                                 for i, (k, v) in enumerate(SUMMARIES.items())])
    out = tmp_path / "eval"
    env = {**os.environ, "PYTHONPATH": str(MODELS), "OPENAI_API_KEY": "sk-test"}
    t0 = time.time()
    p = subprocess.run([sys.executable, "-m", "pyassist_lm.evaluate", "--task", "summarize", "--data", str(data),
                        "--backend", "openai", "--base-url", server + "/flaky/v1", "--model", "mock-model",
                        "--out", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert time.time() - t0 >= 1.0                       # waited for Retry-After
    paths = [path for path, _, _ in MockOpenAI.log]
    assert paths == ["/flaky/v1/chat/completions"] * 3     # 429, then one success per record
    assert all(auth == "Bearer sk-test" for _, auth, _ in MockOpenAI.log)
    body = MockOpenAI.log[-1][2]
    assert body["model"] == "mock-model" and body["temperature"] == 0.0 and body["messages"][0]["role"] == "system"

    res = json.loads((out / "results.json").read_text())
    assert res["records"] == 2 and res["generation_errors"] == 0 and res["retries"] == 1
    # hypotheses "Add two numbers." / "Negate a number." against "Return the sum of a and b." / "Negate a number."
    # ROUGE-L: pair 1 has no common token (F 0), pair 2 is identical (F 1) -> mean 50.00
    assert res["metrics"]["rouge_l"] == pytest.approx(50.0)
    assert 0 < res["metrics"]["bleu"] < 100
    md = (out / "results.md").read_text()
    assert md.startswith("| model | task | BLEU | ROUGE-L | pass@1 |")
    assert "| mock-model | summarize |" in md and "| n/a |" in md
    gens = [json.loads(line) for line in (out / "generations.jsonl").read_text().splitlines()]
    assert [g["completion"] for g in gens] == ["Add two numbers.", "Negate a number."]
    cfg = json.loads((out / "eval_config.json").read_text())
    assert cfg["backend"] == "openai" and "sk-test" not in (out / "eval_config.json").read_text()


def test_generate_pass_at_k_on_the_shipped_problems(server, tmp_path):
    problems = [json.loads(line) for line in PROBLEMS.read_text().splitlines()]
    answers = {p["prompt"]: "Here you go:\n```python\n" + p["canonical_solution"] + "```\n" for p in problems}
    answers[problems[2]["prompt"]] = "```python\n    return ranges\n```"                 # broken
    answers[problems[3]["prompt"]] = ("```python\ndef is_balanced(text):\n"             # whole function: fine
                                      "    s = ''.join(c for c in text if c in '()[]{}')\n"
                                      "    while any(p in s for p in ('()', '[]', '{}')):\n"
                                      "        for p in ('()', '[]', '{}'):\n"
                                      "            s = s.replace(p, '')\n"
                                      "    return not s\n```")
    answers[problems[4]["prompt"]] = "```python\n    while True:\n        pass\n```"    # loops forever
    answers[problems[5]["prompt"]] = ("```python\n    import socket\n"
                                      "    socket.create_connection(('127.0.0.1', 9))\n```")  # network
    MockOpenAI.answers = answers
    out = tmp_path / "gen"
    rc = main(["--task", "generate", "--data", str(PROBLEMS), "--backend", "openai", "--base-url", server + "/v1",
               "--model", "mock-coder", "--out", str(out), "--k", "1,2", "--samples", "2", "--workers", "2",
               "--exec-timeout", "2"])
    assert rc == 0
    res = json.loads((out / "results.json").read_text())
    n = len(problems)
    assert res["records_with_tests"] == n and res["samples_per_record"] == 2 and res["temperature"] == 0.8
    assert res["metrics"]["pass@1"] == pytest.approx(round(100 * (n - 3) / n, 2))
    assert res["metrics"]["pass@2"] == pytest.approx(round(100 * (n - 3) / n, 2))
    assert res["execution"] == {"passed": 2 * (n - 3), "failed": 2, "timeout": 2, "error": 2}
    gens = {(g["id"], g["sample"]): g for g in map(json.loads, (out / "generations.jsonl").read_text().splitlines())}
    assert gens[(problems[4]["task_id"], 0)]["status"] == "timeout"
    assert "network access is blocked" in gens[(problems[5]["task_id"], 1)]["reason"]
    assert "| mock-coder | generate |" in (out / "results.md").read_text()
    assert {s for _, _, b in MockOpenAI.log for s in [b["seed"]]} == {0, 1}


def test_unreachable_server_is_recorded_not_a_crash(tmp_path):
    data = write_jsonl(tmp_path / "t.jsonl", [{"id": "a", "input": "x = 1", "output": "Set x."}])
    rc = main(["--task", "summarize", "--data", str(data), "--backend", "openai", "--retries", "0",
               "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--out", str(tmp_path / "o")])
    assert rc == 0
    res = json.loads((tmp_path / "o" / "results.json").read_text())
    assert res["generation_errors"] == 1 and res["metrics"]["bleu"] == 0.0


def test_bad_input_gets_a_clear_message(tmp_path, capsys):
    assert main(["--task", "summarize", "--data", str(tmp_path / "missing.jsonl"), "--backend", "openai",
                 "--base-url", "http://x/v1", "--model", "m", "--out", str(tmp_path / "o")]) == 1
    assert "missing.jsonl: no such file" in capsys.readouterr().err
    data = write_jsonl(tmp_path / "t.jsonl", [{"id": "a", "input": "x", "output": "y"}])
    assert main(["--task", "summarize", "--data", str(data), "--backend", "local", "--local-model", str(tmp_path),
                 "--pyassist-jar", str(tmp_path / "nope.jar"), "--out", str(tmp_path / "o")]) == 1
    assert "nope.jar: no such file" in capsys.readouterr().err


def test_helpers():
    assert strip_fences("text\n```python\nx = 1\n```\nmore") == "x = 1\n"
    assert strip_fences("no fence") == "no fence"
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_local_backend_builds_the_generate_command(tmp_path):
    jar = tmp_path / "pyassist.jar"
    jar.write_bytes(b"PK")
    ad = tmp_path / "ad"
    ad.mkdir()
    from pyassist_lm.templates import write_task_file

    write_task_file(ad, "summarize")
    be = LocalBackend(str(jar), str(tmp_path), {"summarize": str(ad)})
    data = write_jsonl(tmp_path / "t.jsonl", [{"id": "a", "input": "x = 1\n", "output": "y"}])
    ex = load_examples(data, "summarize")[0]
    from pyassist_lm.backends import Sampling

    cmd = be.command("summarize", be.prompt_for("summarize", ex), Sampling(32, 0.0, 7))
    assert cmd[:4] == ["java", "-jar", str(jar), "generate"]
    assert cmd[cmd.index("--adapter") + 1] == f"summarize={ad}" and cmd[cmd.index("--task") + 1] == "summarize"
    assert "--prompt=### Python code\nx = 1\n### Summary\n" in cmd
    assert "--stop=\n###" in cmd and cmd[cmd.index("--max-tokens") + 1] == "32"


FAKE_JAVA = """#!/usr/bin/env python3
# stands in for `java -jar pyassist.jar generate ...`: records its arguments, prints a canned completion
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_JAVA_LOG"], "a") as f:
    f.write(json.dumps(args) + "\\n")
opts = dict(a[2:].split("=", 1) for a in args if a.startswith("--prompt"))
prompt = open(opts["prompt-file"]).read() if "prompt-file" in opts else opts["prompt"]
if "FAIL" in prompt:
    sys.stderr.write("error: the engine could not load the model\\n")
    sys.exit(1)
sys.stdout.write("Add two numbers.\\n")
"""


def test_local_backend_through_a_stand_in_java(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "java").write_text(FAKE_JAVA)
    (bin_dir / "java").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_JAVA_LOG", str(tmp_path / "calls.jsonl"))
    jar = tmp_path / "pyassist.jar"
    jar.write_bytes(b"PK")
    from pyassist_lm.templates import write_task_file

    ad = tmp_path / "ad"
    ad.mkdir()
    write_task_file(ad, "summarize")
    data = write_jsonl(tmp_path / "t.jsonl", [
        {"id": "a", "input": "def add(a, b):\n    return a + b", "output": "Add two numbers."},
        {"id": "b", "input": "FAIL = 1", "output": "x"},
        {"id": "c", "input": "x = '" + "y" * 120_000 + "'", "output": "A long string."},
    ])
    out = tmp_path / "o"
    assert main(["--task", "summarize", "--data", str(data), "--backend", "local", "--local-model", str(tmp_path),
                 "--adapter", f"summarize={ad}", "--pyassist-jar", str(jar), "--out", str(out)]) == 0
    gens = [json.loads(line) for line in (out / "generations.jsonl").read_text().splitlines()]
    assert gens[0]["completion"] == "Add two numbers." and gens[0]["error"] is None   # trailing newline dropped
    assert gens[1]["error"] == "pyassist generate exited 1: error: the engine could not load the model"
    assert gens[2]["error"] is None
    calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    assert calls[0][:3] == ["-jar", str(jar), "generate"]
    assert any(a.startswith("--prompt=### Python code") for a in calls[0])
    assert any(a.startswith("--prompt-file=") for a in calls[2])
    assert not any(a.startswith("--prompt=") for a in calls[2])
    res = json.loads((out / "results.json").read_text())
    assert res["model"] == "local:" + tmp_path.name + "+summarize" and res["generation_errors"] == 1


def test_report_merges_runs_into_one_table(tmp_path, capsys):
    from pyassist_lm.report import main as report

    a = tmp_path / "a.json"
    a.write_text(json.dumps({"model": "m1", "task": "generate", "metrics": {"bleu": 1.5, "rouge_l": 2.0,
                                                                             "pass@1": 50.0, "pass@5": 75.0}}))
    b = tmp_path / "b.json"
    b.write_text(json.dumps({"model": "m2", "task": "summarize", "metrics": {"bleu": 10.0, "rouge_l": 20.25}}))
    assert report([str(a), str(b), "--out", str(tmp_path / "t.md")]) == 0
    assert capsys.readouterr().out == (
        "| model | task | BLEU | ROUGE-L | pass@1 | pass@5 |\n"
        "| --- | --- | ---: | ---: | ---: | ---: |\n"
        "| m1 | generate | 1.50 | 2.00 | 50.00 | 75.00 |\n"
        "| m2 | summarize | 10.00 | 20.25 | n/a | n/a |\n")
    (tmp_path / "bad.json").write_text("[]")
    assert report([str(tmp_path / "bad.json")]) == 1
    assert "bad.json: not a results.json" in capsys.readouterr().err
