"""`evaluate --task infill`: fill-in-the-middle, scored the way inline completion is used.

Holes are cut out of the shipped problems' reference solutions (a JSONL with `prompt`, `canonical_solution`,
`test`, `entry_point`, as problems/pyassist_eval.jsonl) or out of the functions of held-out Python files (`--data`
a folder): a single-line hole (one statement line of a body) and a multi-line hole (up to three consecutive
lines) per function. The backend sees the code before the hole and after it in its family's fill-in-the-middle
layout, the same layouts the server's inline completion sends (server/.../complete/FimTemplate.java):

    --backend openai   POST {base-url}/completions, the layout picked from --model's name (starcoder, codellama,
                       deepseek-coder, qwen*-coder, codestral)
    --backend local    `pyassist generate` with StarCoder's suffix-first layout (the local engine's), the
                       `complete` adapter when --adapter complete=DIR is given

Scores (percent): exact match (the middle's lines, stripped, equal the hole's), pass@1 (problems with tests: the
function with the middle spliced in runs the problem's tests in the sandbox), and parses (the spliced file is valid
Python). The middle is cut as the server cuts a suggestion: text that repeats the code after the hole is trimmed,
a single-line hole keeps one line, a multi-line hole as many lines as it had.
"""
from __future__ import annotations

import ast
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pyvalidator.common import write_jsonl

from .backends import BackendError, LocalBackend, OpenAIBackend, Sampling, log, parse_adapters
from .common import UserError, save_config
from .sandbox import Limits, run_check, unshare_available
from .templates import fill

# (layout, stop sequences) by family: the server's FimTemplate, written out again for the evaluation
LAYOUTS = {
    "starcoder": ("<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>",
                  ["<|endoftext|>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>"]),
    "starcoder-spm": ("<fim_prefix><fim_suffix>{suffix}<fim_middle>{prefix}",
                      ["<|endoftext|>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>"]),
    "codellama": ("<PRE> {prefix} <SUF>{suffix} <MID>", ["<EOT>", "<PRE>", "<SUF>", "<MID>", "</s>"]),
    "deepseek": ("<｜fim▁begin｜>{prefix}<｜fim▁hole｜>{suffix}<｜fim▁end｜>",
                 ["<｜end▁of▁sentence｜>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<|EOT|>"]),
    "qwen": ("<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>",
             ["<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>", "<|file_sep|>"]),
    "codestral": ("[SUFFIX]{suffix}[PREFIX]{prefix}", ["[PREFIX]", "[SUFFIX]", "[MIDDLE]", "</s>"]),
}


def layout_for(model: str) -> str:
    m = (model or "").lower()
    if any(s in m for s in ("starcoder", "santacoder", "stable-code")):
        return "starcoder"
    if any(s in m for s in ("codellama", "code-llama", "code_llama")):
        return "codellama"
    if "deepseek" in m and "coder" in m:
        return "deepseek"
    if "qwen" in m and "coder" in m:
        return "qwen"
    if "codestral" in m:
        return "codestral"
    raise UserError(f"no fill-in-the-middle layout is known for model {model!r} (StarCoder, Code Llama, "
                    "DeepSeek-Coder, Qwen-Coder, Codestral)")


def render(layout: str, prefix: str, suffix: str) -> str:
    """The prompt; one pass over the layout, so braces in the code are never read as placeholders."""
    return fill(LAYOUTS[layout][0], {"prefix": prefix, "suffix": suffix})


@dataclass
class Hole:
    id: str
    kind: str            # "line" or "lines"
    prefix: str          # the file before the hole (ends at a line start)
    middle: str          # the hidden lines, with their indentation and line ends
    suffix: str          # the file after the hole
    problem: dict | None = None  # the problem (prompt, test, entry_point) when it has tests
    body_before: str = ""        # for problems: the solution's lines before the hole
    body_after: str = ""


def _statement_lines(lines: list[str]) -> list[int]:
    return [i for i, l in enumerate(lines) if l.strip() and not l.strip().startswith(("#", '"""', "'''"))]


def _cut(lines: list[str], kind: str) -> tuple[int, int] | None:
    """(start, end) of the hole in `lines`: the middle statement line, or up to three lines from a third in."""
    cand = _statement_lines(lines)
    if not cand:
        return None
    if kind == "line":
        i = cand[len(cand) // 2]
        return i, i + 1
    if len(cand) < 3:
        return None
    start = cand[len(cand) // 3]
    return start, min(len(lines), start + 3)


def holes_from_problems(path: Path) -> list[Hole]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        p = json.loads(line)
        body = p["canonical_solution"].splitlines(keepends=True)
        for kind in ("line", "lines"):
            cut = _cut(body, kind)
            if cut is None:
                continue
            a, b = cut
            before, middle, after = "".join(body[:a]), "".join(body[a:b]), "".join(body[b:])
            out.append(Hole(f"{p.get('task_id', n)}/{kind}", kind, p["prompt"] + before, middle, after,
                            problem=p, body_before=before, body_after=after))
    return out


def holes_from_files(folder: Path, limit: int = 0) -> list[Hole]:
    """Holes in the bodies of the functions of `folder`'s Python files (held out from training)."""
    out = []
    for f in sorted(folder.rglob("*.py")):
        try:
            text = f.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        lines = text.splitlines(keepends=True)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.end_lineno - node.lineno < 4:
                continue
            first = node.body[0].lineno - 1
            if isinstance(node.body[0], ast.Expr) and isinstance(getattr(node.body[0], "value", None), ast.Constant):
                first = node.body[0].end_lineno  # after the docstring
            body = lines[first:node.end_lineno]
            for kind in ("line", "lines"):
                cut = _cut(body, kind)
                if cut is None:
                    continue
                a, b = first + cut[0], first + cut[1]
                out.append(Hole(f"{f.relative_to(folder)}:{node.name}/{kind}", kind, "".join(lines[:a]),
                                "".join(lines[a:b]), "".join(lines[b:])))
            if limit and len(out) >= limit:
                return out
    return out


def trim_suffix_repeat(text: str, suffix: str) -> str:
    for k in range(min(len(text), len(suffix), 4000), 0, -1):
        if text.endswith(suffix[:k]):
            return text[:-k]
    return text


def cut_middle(text: str, hole: Hole) -> str:
    """The suggestion as the server would show it for this hole."""
    text = trim_suffix_repeat(text, hole.suffix)
    want = hole.middle.count("\n") or 1
    lines = text.split("\n")
    kept = lines[:want]
    return "\n".join(kept) + ("\n" if len(lines) > want else "")


def same_lines(a: str, b: str) -> bool:
    strip = lambda s: [l.strip() for l in s.strip("\n").split("\n")]  # noqa: E731
    return strip(a) == strip(b)


def parses(text: str) -> bool:
    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError):
        return False


class FimOpenAI(OpenAIBackend):
    """POST {base_url}/completions with a raw fill-in-the-middle prompt."""

    def __init__(self, base_url, model, max_retries=5):
        super().__init__(base_url, model, max_retries=max_retries)
        self.url = base_url.rstrip("/") + "/completions"
        self.layout = layout_for(model)

    def infill(self, hole: Hole, s: Sampling) -> str:
        body = {"model": self.model, "prompt": render(self.layout, hole.prefix, hole.suffix),
                "max_tokens": s.max_tokens, "temperature": s.temperature, "seed": s.seed,
                "stop": LAYOUTS[self.layout][1][:4]}  # OpenAI itself takes at most four
        resp = self._post(body)
        try:
            return resp["choices"][0]["text"] or ""
        except (KeyError, IndexError, TypeError):
            raise BackendError(f"{self.url}: no choices[0].text in the answer") from None


class FimLocal(LocalBackend):
    """`pyassist generate` with StarCoder's suffix-first layout."""

    layout = "starcoder-spm"

    def infill(self, hole: Hole, s: Sampling) -> str:
        prompt = render(self.layout, hole.prefix, hole.suffix)
        with tempfile.TemporaryDirectory(prefix="pyassist-infill-") as tmp:
            pf = Path(tmp) / "prompt.txt"
            pf.write_text(prompt, encoding="utf-8")
            cmd = [self.java, "-jar", self.jar, "generate", "--model", self.model_dir]
            for t, d in self.adapters.items():
                cmd += ["--adapter", f"{t}={d}"]
            if "complete" in self.adapters:
                cmd += ["--task", "complete"]
            cmd += ["--prompt-file=" + str(pf), "--max-tokens", str(s.max_tokens), "--temperature",
                    str(s.temperature), "--seed", str(s.seed)]
            cmd += ["--stop=" + stop for stop in LAYOUTS[self.layout][1]]
            return self._run(cmd)


def load_holes(data: str, limit: int) -> list[Hole]:
    path = Path(data)
    if path.is_dir():
        holes = holes_from_files(path, limit)
    elif path.is_file():
        holes = holes_from_problems(path)
    else:
        raise UserError(f"--data {data}: no such file or folder")
    return holes[:limit] if limit else holes


def run(cfg, backend=None) -> dict:
    """Scores `cfg.backend` (or a given backend with an `infill(hole, sampling)` method) on the holes of `cfg.data`."""
    holes = load_holes(cfg.data, cfg.limit)
    if not holes:
        raise UserError(f"--data {cfg.data}: no holes to fill (no functions with bodies of a few lines)")
    if backend is None:
        backend = (FimOpenAI(cfg.base_url, cfg.model, max_retries=cfg.retries) if cfg.backend == "openai"
                   else FimLocal(cfg.pyassist_jar, cfg.local_model, parse_adapters(cfg.adapter)))
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    save_config(out, "eval", cfg)
    limits = Limits(timeout_s=cfg.exec_timeout, cpu_s=max(1, int(cfg.exec_timeout)))
    s = Sampling(cfg.max_tokens, cfg.temperature or 0.0, cfg.seed)
    rows, t0 = [], time.time()
    for hole in holes:
        row = {"id": hole.id, "kind": hole.kind, "reference": hole.middle}
        try:
            row["middle"], row["error"] = cut_middle(backend.infill(hole, s), hole), None
        except BackendError as e:
            row["middle"], row["error"] = "", str(e)
        row["exact"] = not row["error"] and same_lines(row["middle"], hole.middle)
        row["parses"] = not row["error"] and parses(hole.prefix + row["middle"] + hole.suffix)
        if hole.problem is not None and hole.problem.get("test"):
            p = hole.problem
            completion = hole.body_before + row["middle"] + hole.body_after
            r = run_check(p["prompt"], completion, p["test"], p["entry_point"], limits)
            row["status"], row["reason"] = r.status, r.reason
        rows.append(row)
        if len(rows) % 10 == 0 or len(rows) == len(holes):
            log(f"[evaluate infill] {len(rows)}/{len(holes)} holes ({time.time() - t0:.1f} s)")
    write_jsonl(out / "generations.jsonl", rows)

    def pct(xs):
        return round(100 * sum(xs) / len(xs), 2) if xs else None

    metrics = {}
    for kind in ("line", "lines", None):
        mine = [r for r in rows if kind is None or r["kind"] == kind]
        tested = [r for r in mine if "status" in r]
        name = {"line": "single-line", "lines": "multi-line", None: "all"}[kind]
        metrics[name] = {"holes": len(mine), "exact_match": pct([r["exact"] for r in mine]),
                         "pass@1": pct([r["status"] == "passed" for r in tested]),
                         "parses": pct([r["parses"] for r in mine])}
    result = {"model": cfg.name or backend.describe(), "backend": cfg.backend, "task": "infill",
              "data": str(cfg.data), "layout": getattr(backend, "layout", None), "metrics": metrics,
              "units": "percent", "generation_errors": sum(1 for r in rows if r["error"]),
              "network_namespace": unshare_available() if any("status" in r for r in rows) else None,
              "seconds": round(time.time() - t0, 2)}
    (out / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    table = ["| model | holes | exact match | pass@1 | parses |", "| --- | --- | ---: | ---: | ---: |"]
    for name, m in metrics.items():
        table.append(f"| {result['model']} | {name} ({m['holes']}) | {m['exact_match']} | {m['pass@1']} | "
                     f"{m['parses']} |")
    (out / "results.md").write_text("\n".join(table) + "\n")
    log(f"[evaluate infill] {result['model']}: " + ", ".join(
        f"{k}: exact {m['exact_match']}, pass@1 {m['pass@1']}, parses {m['parses']}" for k, m in metrics.items()))
    return result
