"""The local path end to end: tiny LoRA adapter -> `java -jar pyassist.jar generate` -> evaluate.

Runs when server/target/pyassist.jar (or $PYASSIST_JAR) and the engine jar (pyassist-local-engine.jar:
$PYASSIST_LOCAL_ENGINE_JAR, next to pyassist.jar, or local-engine/target/) exist and `pyassist generate`
works; skipped with the reason otherwise, or failed when PYASSIST_REQUIRE_E2E=1.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lm_tiny import SUMMARIZE_ROWS, make_tiny_model, write_jsonl

REPO = Path(__file__).resolve().parent.parent.parent
REQUIRE = os.environ.get("PYASSIST_REQUIRE_E2E") == "1"


def need(ok, reason):
    if not ok:
        if REQUIRE:
            pytest.fail(reason + " (PYASSIST_REQUIRE_E2E=1)")
        pytest.skip(reason)


def engine_jar(server_jar: Path):
    env = os.environ.get("PYASSIST_LOCAL_ENGINE_JAR")
    for p in ([Path(env)] if env else []) + [server_jar.parent / "pyassist-local-engine.jar",
                                              REPO / "local-engine" / "target" / "pyassist-local-engine.jar"]:
        if p.is_file():
            return p
    return None


def test_local_engine_runs_the_tiny_adapter_end_to_end(tmp_path):
    jar = Path(os.environ.get("PYASSIST_JAR", REPO / "server" / "target" / "pyassist.jar"))
    need(shutil.which("java") is not None, "no java on PATH")
    need(jar.is_file(), f"{jar} does not exist (mvn -pl server -am package)")
    ejar = engine_jar(jar)
    need(ejar is not None, "pyassist-local-engine.jar not found (mvn -pl local-engine -am package)")
    env = {**os.environ, "PYASSIST_LOCAL_ENGINE_JAR": str(ejar)}
    h = subprocess.run(["java", "-jar", str(jar), "generate", "--help"], capture_output=True, text=True, env=env,
                       timeout=120)
    need(h.returncode == 0, f"`pyassist generate --help` exited {h.returncode}: this jar has no generate command")

    from pyassist_lm.evaluate import main as evaluate
    from pyassist_lm.lora_train import main as train

    base = make_tiny_model(tmp_path / "base", initializer_range=0.2)
    smoke = subprocess.run(["java", "-jar", str(jar), "generate", "--model", str(base), "--prompt=def f(x):",
                            "--max-tokens", "4"], capture_output=True, text=True, env=env, timeout=300)
    need(smoke.returncode == 0, f"`pyassist generate` on the tiny model failed: {smoke.stderr.strip()[-400:]}")
    data = write_jsonl(tmp_path / "train.jsonl", SUMMARIZE_ROWS)
    adapter = tmp_path / "adapter"
    assert train(["--base", str(base), "--data", str(data), "--task", "summarize", "--out", str(adapter),
                  "--epochs", "3", "--batch-size", "4", "--lr", "3e-2", "--rank", "4", "--dropout", "0"]) == 0

    out = tmp_path / "eval"
    old = os.environ.get("PYASSIST_LOCAL_ENGINE_JAR")
    os.environ["PYASSIST_LOCAL_ENGINE_JAR"] = str(ejar)
    try:
        rc = evaluate(["--task", "summarize", "--data", str(data), "--backend", "local", "--local-model", str(base),
                       "--adapter", f"summarize={adapter}", "--pyassist-jar", str(jar), "--max-tokens", "8",
                       "--limit", "2", "--out", str(out)])
    finally:
        if old is None:
            os.environ.pop("PYASSIST_LOCAL_ENGINE_JAR", None)
        else:
            os.environ["PYASSIST_LOCAL_ENGINE_JAR"] = old
    assert rc == 0
    res = json.loads((out / "results.json").read_text())
    assert res["backend"] == "local" and res["records"] == 2 and res["generation_errors"] == 0, res
    assert res["model"] == "local:base+summarize"
    # the Java engine continues each prompt exactly as transformers + peft do (greedy, same adapter)
    from pyassist_lm.serve_hf import HfGenerator

    hf = HfGenerator(str(base), {"summarize": str(adapter)})
    rows = [json.loads(line) for line in data.read_text().splitlines()][:2]
    expected = [hf.generate("summarize", r["input"], 8, 0.0, 0)[0] for r in rows]
    gens = [json.loads(line) for line in (out / "generations.jsonl").read_text().splitlines()]
    assert all(g["prompt"].startswith("### Python code\n") for g in gens)
    assert [g["completion"] for g in gens] == expected and any(e.strip() for e in expected), expected
