"""`evaluate --task infill`: the holes, the layouts, the cut of the middle and the scores, with a scripted backend."""
import json

from pyassist_lm import infill
from pyassist_lm.evaluate import parse_args


class Scripted:
    """Answers each hole with its own hidden lines (a perfect model), or with broken code for one hole."""

    layout = "starcoder"

    def __init__(self, broken_id=None):
        self.broken_id = broken_id
        self.prompts = []

    def describe(self):
        return "scripted"

    def infill(self, hole, s):
        self.prompts.append(infill.render(self.layout, hole.prefix, hole.suffix))
        if hole.id == self.broken_id:
            return "    return ((\n"
        return hole.middle + hole.suffix[:5]  # a model that runs on into the suffix gets trimmed


def problems(tmp_path):
    p = tmp_path / "problems.jsonl"
    p.write_text(json.dumps({
        "task_id": "t/0", "prompt": "def total(xs):\n    \"\"\"Sum.\"\"\"\n",
        "canonical_solution": "    s = 0\n    for x in xs:\n        s += x\n    return s\n",
        "test": "def check(candidate):\n    assert candidate([1, 2]) == 3\n", "entry_point": "total"}) + "\n")
    return p


def test_layouts_put_prefix_and_suffix_where_each_family_wants_them():
    assert infill.render("starcoder", "a{suffix}", "b") == "<fim_prefix>a{suffix}<fim_suffix>b<fim_middle>"
    assert infill.render("codestral", "a", "b") == "[SUFFIX]b[PREFIX]a"
    assert infill.render("starcoder-spm", "a", "b") == "<fim_prefix><fim_suffix>b<fim_middle>a"
    assert infill.layout_for("qwen2.5-coder:7b") == "qwen"


def test_single_and_multi_line_holes_from_problems_and_files(tmp_path):
    holes = infill.holes_from_problems(problems(tmp_path))
    assert [h.kind for h in holes] == ["line", "lines"]
    for h in holes:
        assert h.prefix + h.middle + h.suffix == "def total(xs):\n    \"\"\"Sum.\"\"\"\n" + \
            "    s = 0\n    for x in xs:\n        s += x\n    return s\n"
    src = tmp_path / "src"
    src.mkdir()
    (src / "m.py").write_text("def f(a):\n    \"\"\"Doc.\"\"\"\n    b = a + 1\n    c = b * 2\n    d = c - 3\n"
                              "    return d\n")
    file_holes = infill.holes_from_files(src)
    assert {h.kind for h in file_holes} == {"line", "lines"}
    assert all("Doc." in h.prefix for h in file_holes), "the docstring stays in the prefix"


def test_scores_a_perfect_model_fully_and_a_broken_middle_as_neither_exact_nor_parsing(tmp_path):
    cfg = parse_args(["--task", "infill", "--data", str(problems(tmp_path)), "--backend", "openai",
                      "--out", str(tmp_path / "out")])
    result = infill.run(cfg, backend=Scripted())
    assert result["metrics"]["all"] == {"holes": 2, "exact_match": 100.0, "pass@1": 100.0, "parses": 100.0}
    broken = infill.run(cfg, backend=Scripted(broken_id="t/0/line"))
    assert broken["metrics"]["single-line"]["exact_match"] == 0.0
    assert broken["metrics"]["single-line"]["parses"] == 0.0
    assert broken["metrics"]["single-line"]["pass@1"] == 0.0
    assert (tmp_path / "out" / "results.md").read_text().startswith("| model | holes |")
