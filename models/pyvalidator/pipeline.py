"""All steps in one command.

    python -m pyvalidator.pipeline tiny [--out runs/tiny_artifact]   # ~1 min: a few stdlib files,
                                                                  # 2-layer model, export + parity
    python -m pyvalidator.pipeline tiny --design rtd --out DIR     # the same for format 2 (token-rtd)
    python -m pyvalidator.pipeline full --minutes 60 [--sample-size 0] [--out validator]

`tiny` makes a small, useless-but-valid artifact (same format as the shipped one)
for tests of the server; `full` reproduces the shipped model.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from . import corpus, evaluate, export, mutate, tok, train
from .common import DATA_DIR, MODELS_DIR, RUNS_DIR


def run_tiny(work: Path, out: Path, max_files: int = 60, steps: int = 30, base: Path | None = None,
             stdlib: Path | None = None):
    work = Path(work)
    c, m, t, r = work / "corpus", work / "mutations", work / "tokenizer", work / "run"
    argv = ["--out", str(c), "--max-files", str(max_files), "--val-pct", "20", "--test-pct", "20"]
    if stdlib:
        argv += ["--stdlib", str(stdlib)]
    corpus.main(argv)
    mutate.main(["--corpus", str(c), "--out", str(m), "--sample-size", "300", "--eval-size", "80",
                 "--mutants-per-unit", "2"])
    tok.main(["--corpus", str(c), "--out", str(t), "--vocab-size", "800"])
    targs = ["--data", str(m), "--out", str(r), "--layers", "2", "--hidden", "64", "--heads", "2",
             "--ffn", "128", "--max-len", "128", "--max-steps", str(steps), "--log-every", "10",
             "--warmup-steps", "5", "--val-units", "40", "--tokens-per-batch", "2048"]
    if base:
        targs += ["--base", str(base)]
    else:
        targs += ["--tokenizer", str(t / "tokenizer.json")]
    train.main(targs)
    evaluate.main(["--run", str(r), "--data", str(m)])
    return export.main(["--run", str(r), "--data", str(m), "--out", str(out)])


def run_tiny_rtd(work: Path, out: Path, max_files: int = 60, steps: int = 30, stdlib: Path | None = None):
    """Format 2: corpus -> tokenizer -> corrupted/labelled tokens -> 2-layer token model -> ONNX artifact,
    thresholds chosen by the file metric on the tiny validation files."""
    from . import filemetric, rtd, rtd_export, rtd_train

    work = Path(work)
    c, t, d, r = work / "corpus", work / "tokenizer", work / "rtd", work / "rtd_run"
    argv = ["--out", str(c), "--max-files", str(max_files), "--val-pct", "20", "--test-pct", "20"]
    if stdlib:
        argv += ["--stdlib", str(stdlib)]
    corpus.main(argv)
    tok.main(["--corpus", str(c), "--out", str(t), "--vocab-size", "800"])
    rtd.main(["--corpus", str(c), "--tokenizer", str(t / "tokenizer.json"), "--out", str(d),
              "--max-units", "300", "--val-units", "60", "--max-len", "128"])
    rtd_train.main(["--data", str(d), "--out", str(r), "--layers", "2", "--hidden", "64", "--heads", "2",
                    "--ffn", "128", "--max-len", "128", "--max-steps", str(steps), "--log-every", "10",
                    "--warmup-steps", "5", "--tokens-per-batch", "2048", "--val-examples", "60"])
    filemetric.main(["--corpus-config", str(c / "corpus_config.json"), "--model", f"tiny={r / 'model'}",
                     "--out", str(r / "filemetric.json"), "--max-files", "6", "--threshold-split", "val",
                     "--eval-split", "test"])
    return rtd_export.main(["--model", str(r / "model"), "--metric", str(r / "filemetric.json"),
                            "--out", str(out)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("preset", choices=["tiny", "full"])
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--sample-size", type=int, default=0)
    ap.add_argument("--quantize", action="store_true")
    ap.add_argument("--design", choices=["sequence", "rtd"], default="sequence",
                    help="sequence = format 1 (today's classifier); rtd = format 2 (token-rtd)")
    args = ap.parse_args(argv)
    if args.preset == "tiny":
        work = args.work or RUNS_DIR / "tiny_work"
        shutil.rmtree(work, ignore_errors=True)
        if args.design == "rtd":
            return run_tiny_rtd(work, args.out or RUNS_DIR / "tiny_artifact_v2")
        return run_tiny(work, args.out or RUNS_DIR / "tiny_artifact")
    run = args.work or RUNS_DIR / "main"
    corpus.main(["--debian", "--out", str(DATA_DIR / "corpus")])
    mutate.main(["--out", str(DATA_DIR / "mutations"), "--sample-size", str(args.sample_size),
                 "--mutants-per-unit", "2"])
    tok.main(["--out", str(DATA_DIR / "tokenizer"), "--vocab-size", "8000"])
    train.main(["--data", str(DATA_DIR / "mutations"), "--out", str(run), "--max-minutes", str(args.minutes),
                "--tokens-per-batch", "6144", "--warmup-steps", "300", "--log-every", "50"])
    evaluate.main(["--run", str(run)])
    return export.main(["--run", str(run), "--out", str(args.out or MODELS_DIR / "validator")]
                       + (["--quantize"] if args.quantize else []))


if __name__ == "__main__":
    main()
