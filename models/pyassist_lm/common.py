"""Small shared helpers: JSONL with errors that name the file and line, configs beside outputs, seeds."""
from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Iterable


class UserError(Exception):
    """Bad input: the command prints the message (which names the file and the problem) and exits 1."""


def read_jsonl(path) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise UserError(f"{path}:{lineno}: not valid JSON ({e.msg})") from None
            if not isinstance(row, dict):
                raise UserError(f"{path}:{lineno}: expected a JSON object, got {type(row).__name__}")
            rows.append(row)
    if not rows:
        raise UserError(f"{path}: no records")
    return rows


def write_jsonl(path, rows: Iterable[dict]) -> int:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def save_config(out_dir, name: str, cfg, **extra) -> Path:
    """Write `<out_dir>/<name>_config.json` (a dataclass or dict, plus extra keys and the time)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = asdict(cfg) if is_dataclass(cfg) else dict(cfg)
    data = {k: (str(v) if isinstance(v, Path) else v) for k, v in data.items()}
    data.update(extra)
    data["_time_utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    path = out / f"{name}_config.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def set_seed(seed: int) -> None:
    random.seed(seed)
    import torch

    torch.manual_seed(seed)
