"""The GPU path: one prepared command trains the token-rtd design on a GPU from the pre-tokenized corpus.

    python -m pyvalidator.gpu check [--data data/rtd]       # sizes (<= 64 MiB with the code) + the command
    # on the GPU machine, from the repository root, with models/data/rtd carried along:
    cd models && python -m pyvalidator.rtd_train --data data/rtd --out $OUT/run --ckpt-dir /tmp/rtd_ckpt \
        --device cuda --clock wall --budget-minutes 7 --tokens-per-batch 65536 --lr 1e-3 --warmup-steps 100 \
        --log-every 50 --val-every-minutes 2 --fp16-out
    # back here: export and measure the returned fp16 weights
    python -m pyvalidator.rtd_export --model RETURNED/run/model --thresholds 0.9,0.5 --out runs/gpu_artifact
    python -m pyvalidator.filemetric --model gpu=runs/gpu_artifact --model shipped=validator --out ...

Needs only PyTorch, transformers and numpy there (no accelerate, no tokenizers, no network). What returns:
OUT/run/model/model.safetensors (fp16, about 11 MB for 4 layers d=256), rtd_model.json, tokenizer.json,
OUT/run/loss.jsonl and train_config.json; the checkpoint stays in /tmp on the GPU machine (optimizer state
is larger than the 16 MiB a returned file may have).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .common import DATA_DIR, MODELS_DIR

LIMIT_BYTES = 64 * 1024 * 1024
CODE = ["pyvalidator/__init__.py", "pyvalidator/common.py", "pyvalidator/rtd.py", "pyvalidator/rtd_model.py",
        "pyvalidator/rtd_train.py", "pyvalidator/mutations.py"]


def command(data: str = "data/rtd", budget_minutes: float = 7.0, device: str = "cuda") -> list[str]:
    return ["python", "-m", "pyvalidator.rtd_train", "--data", data, "--out", "$OUT/run", "--ckpt-dir",
            "/tmp/rtd_ckpt", "--device", device, "--clock", "wall", "--budget-minutes", str(budget_minutes),
            "--tokens-per-batch", "65536", "--lr", "1e-3", "--warmup-steps", "100", "--log-every", "50",
            "--val-every-minutes", "2", "--fp16-out"]


def bundle_size(data: Path) -> int:
    files = [p for p in Path(data).glob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) + sum((MODELS_DIR / c).stat().st_size for c in CODE)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["check"])
    ap.add_argument("--data", type=Path, default=DATA_DIR / "rtd")
    args = ap.parse_args(argv)
    size = bundle_size(args.data)
    print(f"pre-tokenized corpus + code: {size / 2**20:.1f} MiB (limit 64 MiB)")
    if size > LIMIT_BYTES:
        raise SystemExit("gpu: error: the bundle is over 64 MiB; make fewer variants or units with pyvalidator.rtd")
    print("carry: models/" + str(Path(args.data).resolve().relative_to(MODELS_DIR)))
    print("command: cd models && " + " ".join(command()))
    return size


if __name__ == "__main__":
    main()
