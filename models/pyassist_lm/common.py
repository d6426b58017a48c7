"""Small shared helpers: JSON and JSONL reading with errors that name the file and line, configs beside outputs,
seeds (JSONL writing: `pyvalidator.common.write_jsonl`)."""
from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, is_dataclass
from pathlib import Path


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


def read_json(path) -> dict:
    """A JSON file, or a UserError naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: not valid JSON ({e})") from None


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
