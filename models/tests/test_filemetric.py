"""The file metric on a tiny fixture: units and windows as the server cuts them, thresholds by false
findings per 1,000 clean lines, located within +-1 line."""
import ast
import json
from pathlib import Path

import numpy as np
import pytest

from pyvalidator import filemetric as fm
from pyvalidator.tok import train_tokenizer

SOURCE = '''"""Module docstring."""
import os

LIMIT = 3

@decorator
def clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


class Box:
    size = 2

    def area(self, w, h):
        def inner(a):
            return a * 2
        return inner(w) * h


print(clamp(1, 2, 3))
for i in range(LIMIT):
    print(i)
'''

FILE_TEMPLATE = '''def f{n}(a, b, c):
    total = 0
    for i in range(a):
        if i < b:
            total = total + c
    return total


def g{n}(xs, lo):
    out = []
    for x in xs:
        if x < lo:
            out.append(min(x, lo))
    return out
'''


def test_server_units_follow_units_java():
    tree = ast.parse(SOURCE)
    units = fm.server_units(tree)
    # the decorated function from its decorator; the method (its nested function inside it);
    # LIMIT = 3 alone holds no operation; the last block holds calls and a loop
    assert units == [(5, 11), (17, 20), (23, 25)]


def test_dedent_like_snippet():
    text, margin = fm.dedent(["    def f():", "  ", "        return 1"])
    assert text == "def f():\n\n    return 1\n" and margin == 4


def test_windows_cover_long_units_within_max_len():
    code = "".join(f"x{i} = f(a{i}, b{i}) + g(c{i})\n" for i in range(40))
    tok = train_tokenizer([code], vocab_size=300, min_frequency=1)
    ws = fm.windows(tok, code, 64)
    assert len(ws) > 1 and all(len(ids) <= 64 for _, _, ids, _ in ws)
    firsts = [w[0] for w in ws]
    assert firsts[0] == 0 and firsts == sorted(set(firsts))
    assert all(ids[0] == 0 and ids[-1] == 2 for _, _, ids, _ in ws)
    assert fm.windows(tok, "x = 1\n", 64)[0][0] == 0


def test_count_and_choose_thresholds():
    # sites: line, col, score, previous token's score (format 2 runs: a finding starts where prev < t <= score)
    sites = np.array([[0, 0, 0.9, 0.0], [0, 4, 0.95, 0.9], [3, 0, 0.5, 0.0], [7, 2, 0.2, 0.0]])
    assert list(fm.count_at(sites, [0.1, 0.3, 0.6, 0.92, 0.99])) == [3, 2, 1, 1, 0]
    # 2 kLOC: at most 1 per kLOC -> 2 findings allowed -> lowest threshold just above 0.2
    t = fm.choose(sites, 2.0, 1.0)
    assert 0.2 < t <= 0.5 and fm.count_at(sites, [t])[0] == 2
    assert fm.choose(sites, 1.0, 0.0) > 0.95
    assert fm.near_score(sites, 2) == 0.5 and fm.near_score(sites, 5) == 0.0 and fm.near_score(sites, 1) == 0.95


class FlagGreaterEqual(fm.Scorer):
    """A format-2 stand-in that flags exactly the tokens holding '>=' (what an inverted '<' becomes)."""

    def __init__(self, tok):
        self.tok, self.format, self.max_len, self.shipped, self.cache, self.path = tok, 2, 128, {}, {}, Path("fake")
        ge = {i for t, i in tok.get_vocab().items() if ">=" in t}

        def run(ids, mask):
            p = np.isin(ids, list(ge)).astype(np.float32) * 0.97 * mask
            return {"token_bug_probability": p}
        self.run = run


@pytest.fixture
def fixture_corpus(tmp_path):
    root = tmp_path / "lib"
    root.mkdir()
    for n in range(6):
        (root / f"m{n}.py").write_text(FILE_TEMPLATE.format(n=n))
    cfg = {"stdlib": str(root), "debian": False, "max_files": 0, "val_pct": 50, "test_pct": 50}
    (tmp_path / "corpus_config.json").write_text(json.dumps(cfg))
    return tmp_path / "corpus_config.json"


def test_located_and_false_findings_end_to_end(fixture_corpus):
    args = fm.parse_args(["--model", "x=unused", "--corpus-config", str(fixture_corpus), "--eval-split", "test",
                          "--threshold-split", "val"])
    ev, thr, bugs = fm.prepare(args)
    ev, thr = ev or thr, thr or ev  # whichever split the hash gave the files to
    if not bugs:
        args.eval_split, args.threshold_split = "val", "test"
        ev, thr, bugs = fm.prepare(args)
    kinds = {b["kind"] for b in bugs}
    assert {"inverted_comparison", "variable_misuse", "swapped_arguments", "missing_colon"} <= kinds
    for b in bugs:  # the bug line points into the unit, at the changed line
        assert 0 <= b["line_in_unit"] <= 6
    tok = train_tokenizer([FILE_TEMPLATE.format(n=0).replace("<", ">=")] * 3 + [FILE_TEMPLATE.format(n=0)] * 3,
                          vocab_size=400, min_frequency=1)
    r = fm.evaluate_model(FlagGreaterEqual(tok), ev, bugs, thr, args)
    w = r["operating_points"]["warning"]
    assert w["false_per_kloc"] == 0.0  # clean files hold no '>='
    assert w["located"]["inverted_comparison"] == 1.0  # every '<' inverted becomes '>=', flagged on its line
    assert w["located"]["variable_misuse"] == 0.0
    assert r["curve"][0]["threshold"] == fm.CURVE[0]


def test_format1_artifact_one_site_per_window():
    """The shipped format-1 model, scored as the server does: one finding per window, on its top token."""
    shipped = Path(__file__).resolve().parent.parent / "validator"
    if not (shipped / "model.onnx").exists():
        pytest.skip("no shipped artifact")
    s = fm.Scorer(shipped)
    assert s.format == 1 and set(s.shipped) == {"warning", "information"}
    bad = FILE_TEMPLATE.format(n=1).split("\n\n\n")[0] + "\n"
    (sites,) = s.score([bad])
    assert sites.shape == (1, 4) and sites[0, 3] == 0.0 and 0 <= sites[0, 0] <= 5


def test_merge_runs_of_the_same_files(tmp_path):
    base = {"split_note": "s", "threshold_split_note": "t", "clean_lines": 10, "groups": {}, "primary": "a",
            "config": {"model": "['a=x']", "max_files": "5", "seed": "0", "out": "o"}}
    a = {**base, "models": {"a": {"format": 1}}}
    b = {**base, "models": {"b": {"format": 2}}, "config": {**base["config"], "model": "['b=y']", "out": "p"}}
    (tmp_path / "a.json").write_text(json.dumps(a))
    (tmp_path / "b.json").write_text(json.dumps(b))
    m = fm.main(["merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--out", str(tmp_path / "c.json")])
    assert set(m["models"]) == {"a", "b"}
    c = {**base, "models": {"c": {}}, "config": {**base["config"], "max_files": "9"}}
    (tmp_path / "c2.json").write_text(json.dumps(c))
    with pytest.raises(SystemExit):
        fm.main(["merge", str(tmp_path / "a.json"), str(tmp_path / "c2.json"), "--out", str(tmp_path / "d.json")])


def test_card_gets_the_file_metric_section(tmp_path):
    from pyvalidator.card import FILE_METRIC_HEADING, add_file_metric

    op = {"threshold": 0.9, "located": {"wrong_arithmetic": 0.5}, "false_per_kloc": 0.8}
    res = {"split_note": "s", "threshold_split_note": "t", "clean_lines": 1000, "primary": "m",
           "models": {"m": {"path": "p", "kinds": {"wrong_arithmetic": {"n": 4}},
                            "operating_points": {"warning": op, "information": {**op, "threshold": 0.5}},
                            "curve": [{"threshold": 0.5, "false_per_kloc": 2.0, "located": {"semantic": 0.25}}]}}}
    (tmp_path / "m.json").write_text(json.dumps(res))
    card = tmp_path / "MODEL_CARD.md"
    card.write_text("# card\n\n## Thresholds\nx\n\n## Intended use and limits\n- y\n")
    add_file_metric(card, tmp_path / "m.json", "m")
    add_file_metric(card, tmp_path / "m.json", "m")  # replaced, not added twice
    text = card.read_text()
    assert text.count(FILE_METRIC_HEADING) == 1 and text.index(FILE_METRIC_HEADING) < text.index("## Intended use")
    assert "| wrong_arithmetic | 4 | 0.500 | 0.500 |" in text and "| 0.500 | 2.00 | 0.250 |" in text


def test_prepared_files_and_unit_scores_are_kept_between_runs(fixture_corpus, tmp_path):
    """--prepared keeps the files and bugs, --score-cache a model's unit scores: a second run reads both."""
    args = fm.parse_args(["--model", "x=unused", "--corpus-config", str(fixture_corpus), "--eval-split", "test",
                          "--threshold-split", "val", "--prepared", str(tmp_path / "prep.json")])
    first = fm.prepare(args)
    assert (tmp_path / "prep.json").exists()
    assert list(fm.prepare(args)) == json.loads(json.dumps(first))
    args.seed = 1  # other bugs: the cache is not used
    assert json.loads((tmp_path / "prep.json").read_text())["key"]["seed"] == "0"
    fm.prepare(args)
    assert json.loads((tmp_path / "prep.json").read_text())["key"]["seed"] == "1"

    tok = train_tokenizer([FILE_TEMPLATE.format(n=0)] * 3, vocab_size=400, min_frequency=1)
    a = FlagGreaterEqual(tok)
    a.path = Path("flag")
    a.cache["some unit\n"] = np.array([[0, 4, 0.9, 0.0]])
    a.cache["empty unit\n"] = np.zeros((0, 4))
    fm.save_scores(a, tmp_path / "scores", "flag")
    b = FlagGreaterEqual(tok)
    b.path = Path("flag")
    fm.load_scores(b, tmp_path / "scores", "flag")
    assert set(b.cache) == {"some unit\n", "empty unit\n"} and b.cache["some unit\n"][0, 2] == 0.9
    assert b.cache["empty unit\n"].shape == (0, 4)
    c = FlagGreaterEqual(tok)
    c.path = Path("another model")
    fm.load_scores(c, tmp_path / "scores", "flag")
    assert c.cache == {}
