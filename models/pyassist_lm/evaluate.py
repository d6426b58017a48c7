"""Evaluate a backend on one task over a JSONL test set: BLEU, ROUGE-L and, for records with tests, pass@k.

    python -m pyassist_lm.evaluate --task summarize --data test.jsonl --backend openai \
        --base-url https://api.openai.com/v1 --model gpt-4o-mini --out runs/eval-openai
    python -m pyassist_lm.evaluate --task generate --data pyassist_lm/problems/pyassist_eval.jsonl \
        --backend local --local-model DIR --adapter generate=ADAPTER --pyassist-jar ../server/target/pyassist.jar \
        --k 1,5 --samples 5 --out runs/eval-local

Writes OUT/generations.jsonl (one line per record and sample), OUT/results.json, OUT/results.md
(`| model | BLEU | ROUGE-L | pass@1 |`, all in percent) and OUT/eval_config.json.
BLEU and ROUGE-L compare the first sample of each record with its reference output; pass@k uses
all samples of the records that carry tests (HumanEval style) and the unbiased estimator.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyvalidator.common import write_jsonl

from .backends import BackendError, LocalBackend, OpenAIBackend, Sampling, log, parse_adapters
from .common import UserError, save_config
from .bertscore import bert_score
from .metrics import corpus_bleu, mean_pass_at_k, rouge_l
from .sandbox import Limits, run_check, unshare_available
from .templates import load_examples

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_JAR = REPO_ROOT / "server" / "target" / "pyassist.jar"


@dataclass
class EvalConfig:
    task: str = "summarize"
    data: str = ""
    backend: str = "openai"
    out: str = ""
    base_url: str | None = None
    model: str | None = None
    local_model: str | None = None
    adapter: list[str] = field(default_factory=list)
    pyassist_jar: str = str(DEFAULT_JAR)
    k: list[int] = field(default_factory=lambda: [1])
    samples: int = 0              # 0: max(k)
    temperature: float | None = None   # None: 0 for one sample, 0.8 for several
    max_tokens: int = 256
    seed: int = 0
    limit: int = 0                # 0: all records
    workers: int = 1              # concurrent generations
    exec_timeout: float = 10.0    # sandbox wall clock per program
    retries: int = 5              # HTTP retries on 429 / 5xx / connection errors
    name: str | None = None       # model name in the table
    bertscore_model: str | None = None   # local folder of the BERTScore scoring model; None: no BERTScore
    bertscore_layer: int | None = None   # its layer (default: the last)


def make_backend(cfg: EvalConfig):
    if cfg.backend == "openai":
        return OpenAIBackend(cfg.base_url, cfg.model, max_retries=cfg.retries)
    return LocalBackend(cfg.pyassist_jar, cfg.local_model, parse_adapters(cfg.adapter))


def run(cfg: EvalConfig) -> dict:
    examples = load_examples(cfg.data, cfg.task)
    if cfg.limit:
        examples = examples[: cfg.limit]
    n = cfg.samples or max(cfg.k)
    if min(cfg.k) < 1:
        raise UserError(f"--k {cfg.k}: every k must be at least 1")
    temperature = cfg.temperature if cfg.temperature is not None else (0.0 if n == 1 else 0.8)
    backend = make_backend(cfg)
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    save_config(out, "eval", cfg, samples_resolved=n, temperature_resolved=temperature)
    limits = Limits(timeout_s=cfg.exec_timeout, cpu_s=max(1, int(cfg.exec_timeout)))

    jobs = [(i, j) for i in range(len(examples)) for j in range(n)]
    t0 = time.time()

    def one(job):
        i, j = job
        ex = examples[i]
        s = Sampling(cfg.max_tokens, temperature, cfg.seed + j)
        row = {"record": i, "id": ex.id, "sample": j, "prompt": ex.prompt, "reference": ex.output}
        t = time.time()
        try:
            row["completion"], row["error"] = backend.complete(cfg.task, ex, s), None
        except BackendError as e:
            row["completion"], row["error"] = "", str(e)
        row["seconds"] = round(time.time() - t, 3)
        if ex.test is not None:
            if row["error"]:
                row["status"], row["reason"] = "error", "no completion: " + row["error"]
            else:
                r = run_check(ex.prompt, row["completion"], ex.test, ex.entry_point, limits)
                row["status"], row["reason"] = r.status, r.reason
        return row

    rows, done = [], 0
    with ThreadPoolExecutor(max_workers=max(1, cfg.workers)) as pool:
        for row in pool.map(one, jobs):
            rows.append(row)
            done += 1
            if done % 10 == 0 or done == len(jobs):
                log(f"[evaluate] {done}/{len(jobs)} generations ({time.time() - t0:.1f} s)")
            if row["error"]:
                log(f"[evaluate] {row['id']} sample {row['sample']}: {row['error']}")
    write_jsonl(out / "generations.jsonl", rows)

    first = [r for r in rows if r["sample"] == 0]
    hyps, refs = [r["completion"] for r in first], [r["reference"] for r in first]
    metrics = {"bleu": round(100 * corpus_bleu(hyps, refs), 2), "rouge_l": round(100 * rouge_l(hyps, refs), 2)}
    scored = bert_score(hyps, refs, cfg.bertscore_model, cfg.bertscore_layer) if cfg.bertscore_model else None
    if scored:
        metrics.update(scored.metrics())
        log(f"[evaluate] {scored.describe()}")
    tested = [i for i, ex in enumerate(examples) if ex.test is not None]
    counts = []
    for i in tested:
        mine = [r for r in rows if r["record"] == i]
        counts.append((len(mine), sum(r["status"] == "passed" for r in mine)))
    for k in cfg.k:
        if tested and k <= n:
            metrics[f"pass@{k}"] = round(100 * mean_pass_at_k(counts, k), 2)
    statuses = {}
    for r in rows:
        if "status" in r:
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    result = {
        "model": cfg.name or backend.describe(), "backend": cfg.backend, "task": cfg.task, "data": str(cfg.data),
        "records": len(examples), "records_with_tests": len(tested), "samples_per_record": n,
        "temperature": temperature, "metrics": metrics, "units": "percent",
        "generation_errors": sum(1 for r in rows if r["error"]), "execution": statuses,
        "retries": getattr(backend, "retries", 0), "network_namespace": unshare_available() if tested else None,
        "seconds": round(time.time() - t0, 2),
        "bertscore_model": scored and {"path": scored.model, "layer": scored.layer},
    }
    (out / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    (out / "results.md").write_text(results_markdown(result, cfg.k))
    log(f"[evaluate] {result['model']}: " + ", ".join(f"{k} {v}" for k, v in metrics.items()))
    return result


def results_table(results: list[dict], ks) -> str:
    """`| model | task | BLEU | ROUGE-L | pass@k ... |` in percent, one row per run."""
    bert = any("bertscore_f1" in r["metrics"] for r in results)
    cols = ["BLEU", "ROUGE-L"] + ["BERTScore"] * bert + [f"pass@{k}" for k in ks]
    keys = ["bleu", "rouge_l"] + ["bertscore_f1"] * bert + [f"pass@{k}" for k in ks]
    lines = ["| model | task | " + " | ".join(cols) + " |", "| --- | --- |" + " ---: |" * len(cols)]
    for r in results:
        vals = [f"{r['metrics'][k]:.2f}" if k in r["metrics"] else "n/a" for k in keys]
        lines.append(f"| {r['model']} | {r['task']} | " + " | ".join(vals) + " |")
    return "\n".join(lines) + "\n"


def results_markdown(result: dict, ks) -> str:
    note = (f"\n{result['records']} records, {result['samples_per_record']} sample(s) each, "
            f"temperature {result['temperature']}; BLEU = sacrebleu corpus BLEU, ROUGE-L = mean F-measure, "
            f"pass@k = unbiased estimator; all in percent.\n")
    return results_table([result], ks) + note


def parse_args(argv=None) -> EvalConfig:
    d = EvalConfig()
    ap = argparse.ArgumentParser(prog="python -m pyassist_lm.evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("--task", required=True, choices=["summarize", "generate", "translate", "instruction", "infill"],
                    help="infill: fill-in-the-middle holes (see infill.py); --data a problems JSONL or a folder")
    ap.add_argument("--data", required=True, help="test JSONL")
    ap.add_argument("--backend", required=True, choices=["openai", "local"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--base-url", help="OpenAI-compatible base URL, e.g. http://localhost:11434/v1")
    ap.add_argument("--model", help="model name for the OpenAI-compatible endpoint")
    ap.add_argument("--local-model", help="gpt_bigcode folder for --backend local")
    ap.add_argument("--adapter", action="append", default=[], metavar="TASK=DIR")
    ap.add_argument("--pyassist-jar", default=d.pyassist_jar)
    ap.add_argument("--k", default="1", help="comma-separated k for pass@k (default 1)")
    ap.add_argument("--samples", type=int, default=0, help="samples per record (default: the largest k)")
    ap.add_argument("--temperature", type=float, default=None)
    ap.add_argument("--max-tokens", type=int, default=d.max_tokens)
    ap.add_argument("--seed", type=int, default=d.seed)
    ap.add_argument("--limit", type=int, default=0, help="only the first N records")
    ap.add_argument("--workers", type=int, default=d.workers, help="concurrent generations")
    ap.add_argument("--exec-timeout", type=float, default=d.exec_timeout, help="seconds per test program")
    ap.add_argument("--retries", type=int, default=d.retries, help="HTTP retries on 429/5xx (Retry-After honoured)")
    ap.add_argument("--name", help="model name in the table")
    ap.add_argument("--bertscore-model", metavar="DIR", help="add BERTScore, scored by the model in DIR (offline)")
    ap.add_argument("--bertscore-layer", type=int, default=None, help="its layer (default: the last)")
    a = ap.parse_args(argv)
    try:
        ks = sorted({int(x) for x in a.k.split(",") if x.strip()})
    except ValueError:
        ap.error(f"--k {a.k!r}: expected comma-separated integers")
    return EvalConfig(task=a.task, data=a.data, backend=a.backend, out=a.out, base_url=a.base_url, model=a.model,
                      local_model=a.local_model, adapter=a.adapter, pyassist_jar=a.pyassist_jar, k=ks,
                      samples=a.samples, temperature=a.temperature, max_tokens=a.max_tokens, seed=a.seed,
                      limit=a.limit, workers=a.workers, exec_timeout=a.exec_timeout, retries=a.retries, name=a.name,
                      bertscore_model=a.bertscore_model, bertscore_layer=a.bertscore_layer)


def main(argv=None) -> int:
    cfg = parse_args(argv)
    try:
        if cfg.samples and cfg.samples < max(cfg.k):
            raise UserError(f"--samples {cfg.samples} is smaller than the largest k ({max(cfg.k)})")
        if cfg.task == "infill":
            from .infill import run as run_infill
            run_infill(cfg)
        else:
            run(cfg)
    except UserError as e:
        print(f"evaluate: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
