"""Prompt templates per task, the record formats they read, and `pyassist_task.json`.

The same template is used for training (here) and at inference (the server's local backend and
`pyassist_lm.evaluate --backend local`), so it is written into every adapter folder as
`pyassist_task.json`:

    {"format_version": 1, "task": "summarize",
     "template": "### Python code\\n{input}\\n### Summary\\n",
     "template_no_input": null, "stop": ["\\n###"], "append_eos": true, ...}

How to build a prompt from a record (any language can do this):
  1. take the record's fields: `input` (required), `instruction` (instruction task only),
     `language` (translate only, default "Java");
  2. strip trailing whitespace from every field (`str.rstrip()`);
  3. use `template_no_input` when it is not null and `input` is empty, else `template`;
  4. replace `{input}`, `{instruction}`, `{language}` with the fields (plain text substitution,
     braces in the fields are left alone).
The model then continues the prompt; the target it was trained on is the record's `output`
followed by the end-of-text token; generation should end at that token or at a `stop` string.

Record formats accepted (JSONL, one per line):
  - pairs from `pyassist dataset pairs`: {"id", "input", "output"} (summarize, generate, translate;
    translate may add "language");
  - instruction style: {"instruction", "input", "output"};
  - HumanEval style for generate: {"task_id", "prompt", "canonical_solution", "test", "entry_point"}
    (prompt -> input, canonical_solution -> output).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .common import UserError, read_json

FORMAT_VERSION = 1
TASK_FILE = "pyassist_task.json"


@dataclass(frozen=True)
class TaskTemplate:
    task: str
    template: str
    template_no_input: str | None = None
    stop: tuple[str, ...] = ()
    append_eos: bool = True
    description: str = ""

    def to_json(self, **extra) -> dict:
        d = asdict(self)
        d["stop"] = list(self.stop)
        return {"format_version": FORMAT_VERSION, **d, **extra}


TEMPLATES: dict[str, TaskTemplate] = {
    "summarize": TaskTemplate(
        "summarize", "### Python code\n{input}\n### Summary\n", stop=("\n###",),
        description="code -> docstring-style summary"),
    "generate": TaskTemplate(
        # the prompt is the signature + docstring itself, so the model continues with the body
        "generate", "{input}\n", stop=("\ndef ", "\nclass ", "\nif __name__", "\n#", "\nprint("),
        description="signature and docstring -> body"),
    "translate": TaskTemplate(
        "translate", "### Python code\n{input}\n### {language} translation\n", stop=("\n###",),
        description="Python -> another language (record field 'language', default Java)"),
    # the layout of the server's LocalPrompt (dev.pyassist.llm.local), so an instruction adapter also fits
    # the prompts the server builds from chat messages
    "instruction": TaskTemplate(
        "instruction", "### Instruction:\n{instruction}\n\n{input}\n\n### Response:\n",
        template_no_input="### Instruction:\n{instruction}\n\n### Response:\n", stop=("\n### Instruction:",),
        description="free-form instruction (+ optional input) -> response"),
}


def template_for(task: str) -> TaskTemplate:
    if task not in TEMPLATES:
        raise UserError(f"unknown task '{task}' (one of {', '.join(TEMPLATES)})")
    return TEMPLATES[task]


def render(tpl: TaskTemplate, fields: dict) -> str:
    vals = {k: str(fields.get(k) or "").rstrip() for k in ("input", "instruction", "language")}
    if not vals["language"]:
        vals["language"] = "Java"
    text = tpl.template_no_input if (tpl.template_no_input and not vals["input"]) else tpl.template
    return fill(text, vals)


def fill(text: str, vals: dict) -> str:
    """`text` with its `{name}` placeholders replaced by `vals`: one pass over the template's own placeholders,
    so braces inside the values (code) are never read as placeholders."""
    out, i = [], 0
    while i < len(text):
        for name, v in vals.items():
            ph = "{" + name + "}"
            if text.startswith(ph, i):
                out.append(v)
                i += len(ph)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@dataclass
class Example:
    """One record, normalised: the prompt to give the model and the reference output."""
    id: str
    prompt: str
    output: str
    test: str | None = None            # HumanEval-style check(candidate) code
    entry_point: str | None = None
    raw_input: str = ""                 # the record's input before the template (for chat backends)
    instruction: str = ""
    extra: dict = field(default_factory=dict)


def to_example(row: dict, tpl: TaskTemplate, where: str) -> Example:
    """`where` is 'file:line' for error messages."""
    if "prompt" in row and "canonical_solution" in row:  # HumanEval style
        for k in ("prompt", "test", "entry_point"):
            if not isinstance(row.get(k), str):
                raise UserError(f"{where}: HumanEval-style record needs a string '{k}'")
        fields = {"input": row["prompt"]}
        return Example(str(row.get("task_id", where)), render(tpl, fields), row["canonical_solution"],
                       test=row["test"], entry_point=row["entry_point"], raw_input=row["prompt"])
    if tpl.task == "instruction" or "instruction" in row:
        if not isinstance(row.get("instruction"), str) or not row["instruction"].strip():
            raise UserError(f"{where}: instruction-style record needs a non-empty 'instruction'")
    elif not isinstance(row.get("input"), str) or not row["input"].strip():
        raise UserError(f"{where}: record needs a non-empty string 'input'")
    if not isinstance(row.get("output"), str):
        raise UserError(f"{where}: record needs a string 'output'")
    if "instruction" in row and tpl.task != "instruction":
        # an instruction record used for another task: the instruction becomes part of the input
        tpl = TEMPLATES["instruction"]
    return Example(str(row.get("id", where)), render(tpl, row), row["output"],
                   raw_input=str(row.get("input") or ""), instruction=str(row.get("instruction") or ""),
                   extra={k: row[k] for k in ("language",) if k in row})


def load_examples(path, task: str) -> list[Example]:
    from .common import read_jsonl

    tpl = template_for(task)
    return [to_example(r, tpl, f"{path}: record {i}") for i, r in enumerate(read_jsonl(path), 1)]


def effective_template(task: str, examples: list[Example], where) -> TaskTemplate:
    """The template the examples were rendered with: the task's own, or the instruction layout (under the
    task's name) when the records are instruction style. A file that mixes both is refused."""
    n_instr = sum(1 for e in examples if e.instruction)
    if task == "instruction" or n_instr == 0:
        return template_for(task)
    if n_instr < len(examples):
        raise UserError(f"{where}: mixes {n_instr} instruction-style records with {len(examples) - n_instr} "
                        f"input/output pairs; train them as separate adapters")
    t = TEMPLATES["instruction"]
    return TaskTemplate(task, t.template, t.template_no_input, t.stop, t.append_eos,
                        f"{task} from instruction-style records")


def write_task_file(adapter_dir, task: str, template: TaskTemplate | None = None, **extra) -> Path:
    path = Path(adapter_dir) / TASK_FILE
    tpl = template or template_for(task)
    path.write_text(json.dumps(tpl.to_json(**extra), indent=2, ensure_ascii=False) + "\n")
    return path


def read_task_file(adapter_dir) -> TaskTemplate:
    path = Path(adapter_dir) / TASK_FILE
    if not path.is_file():
        raise UserError(f"{path}: missing (an adapter folder written by pyassist_lm.lora_train has it)")
    d = read_json(path)
    if d.get("format_version") != FORMAT_VERSION:
        raise UserError(f"{path}: format_version {d.get('format_version')!r}, expected {FORMAT_VERSION}")
    try:
        return TaskTemplate(d["task"], d["template"], d.get("template_no_input"), tuple(d.get("stop", ())),
                            bool(d.get("append_eos", True)), d.get("description", ""))
    except KeyError as e:
        raise UserError(f"{path}: missing key {e}") from None
