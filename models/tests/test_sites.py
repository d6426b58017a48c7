"""The per-site detectors on tiny fixtures: features, training sites from mutations.py, the scorers."""
import ast
import json
import random

import numpy as np
import pytest

from pyvalidator import sites as st
from pyvalidator import sites_data, sites_score

FIXTURE = '''def scale(values, factor, offset=0):
    total = 0
    out = []
    for v in values:
        if v >= offset:
            out.append(v * factor)
        total += v
    return max(total, offset), out
'''


def test_subtokens_and_hash_are_fixed():
    assert st.subtokens("maxLen") == ["max", "len"]
    assert st.subtokens("max_len") == ["max", "len"]
    assert st.subtokens("HTTPServer2") == ["http", "server", "2"]
    assert st.fnv1a("") == 0x811C9DC5
    assert st.fnv1a("a") == 0xE40C292C  # the published FNV-1a 32-bit value of "a"
    assert 1 <= st.token_id("F:x") < st.BUCKETS


def test_sites_of_a_unit():
    sites = st.extract(FIXTURE)
    swaps = [s for s in sites if s.kind == "swap"]
    assert [FIXTURE[s.start:s.end] for s in swaps] == ["total, offset"]
    assert swaps[0].tokens[0][:1] == ["F:max"]
    ops = {FIXTURE[s.start:s.end]: s.current for s in sites if s.kind == "op"}
    assert ops == {">=": ">=", "*": "*", "+=": "+"}
    mis = [s for s in sites if s.kind == "misuse"]
    first = next(s for s in mis if s.current == "v" and FIXTURE[:s.start].count("\n") == 4)
    assert first.cands[0] == "v" and "offset" in first.cands and "self" not in first.cands
    # `total` is defined on line 2, before this use on line 5, so it is a candidate
    assert "total" in first.cands
    assert all(len(n) == st.F for n in first.nums) and first.nums[0][0] == 1.0


def test_training_sites_come_from_the_mutation_operators():
    col = sites_data.Collector()
    sites_data.unit_examples(FIXTURE, random.Random(0), col, clean_per_kind=10, bugs_per_kind=3)
    arr = col.arrays()
    assert (arr["swap_label"] == 1).sum() >= 1 and (arr["swap_label"] == 0).sum() >= 1
    assert (arr["op_label"] == 1).sum() >= 1
    bugged = arr["op_label"] == 1
    # a mutated operator's repair target is the clean operator, never the operator shown
    assert all(st.OPS[o] in (">=", "*", "+") for o in arr["op_orig"][bugged])
    assert (arr["mis_target"] > 0).sum() >= 1
    assert arr["mis_mask"][:, 0].all()


@pytest.fixture(scope="module")
def tiny_sites(tmp_path_factory):
    from pyvalidator import sites_train

    d = tmp_path_factory.mktemp("sites_data")
    col = sites_data.Collector()
    for i in range(4):
        sites_data.unit_examples(FIXTURE, random.Random(i), col, 10, 3)
    np.savez(d / "train.npz", **col.arrays())
    out = tmp_path_factory.mktemp("sites_model")
    sites_train.main(["--data", str(d), "--out", str(out), "--minutes", "0.01", "--dim", "8", "--hidden", "8",
                      "--batch", "4"])
    return out


def test_export_and_scorer(tiny_sites):
    meta = json.loads((tiny_sites / "sites.json").read_text())
    assert meta["format"] == "sites-2" and meta["score"] == "logit" and meta["ops"] == st.OPS
    whole = sites_score.SiteScorer(tiny_sites)
    (arr,) = whole.score([FIXTURE])
    assert arr.shape[1] == 4 and len(arr) == len(st.extract(FIXTURE))
    assert np.isfinite(arr[:, 2]).all()  # log-odds, not probabilities
    swap = whole.only("swap")
    (sw,) = swap.score([FIXTURE])
    assert len(sw) == 1 and sw[0, 0] == 7  # the max(total, offset) line, 0-based
    res = sites_score.SiteModels(tiny_sites).run(st.extract(FIXTURE))
    assert all(r["expected"] for r in res)


def test_join_shares_the_false_alarm_budget(tiny_sites):
    whole = sites_score.SiteScorer(tiny_sites)
    parts = [whole.only("op"), whole.only("misuse")]
    joined = sites_score.JoinedScorer(parts, [1.0, 1.0], [FIXTURE], 0.008, ["op", "misuse"])
    (arr,) = joined.score([FIXTURE])
    assert len(arr) == len(parts[0].score([FIXTURE])[0]) + len(parts[1].score([FIXTURE])[0])
    assert ((arr[:, 2] > 0) & (arr[:, 2] <= 1)).all()
    raw = joined.raw_thresholds(0.99)
    assert set(raw) == {"op", "misuse"} and all(v is None or np.isfinite(v) for v in raw.values())
    # a unit's finding on the joined scale is >= u exactly when its own score is >= its raw threshold
    (op_arr,) = parts[0].score([FIXTURE])
    u = 1.0 / (1.0 + 1.0 / 0.008)
    r = joined.raw_thresholds(u)["op"]
    assert (joined._u(0, op_arr[:, 2]) >= u).sum() == (op_arr[:, 2] >= (np.inf if r is None else r)).sum()
    # a threshold above every validation finding of a part switches it off (None), whatever its score scale
    assert joined.raw_thresholds(1.0)["op"] is None


def test_logit_thresholds_separate_sites_that_saturate_in_float32():
    from pyvalidator import filemetric as fm

    # four clean-copy findings at log-odds 18..21: as float32 probabilities all four are 1.0, so no probability
    # threshold <= 1 keeps fewer than all four; on log-odds the metric can keep one
    z = np.array([18.0, 19.0, 20.0, 21.0])
    assert (np.float32(1) / (1 + np.exp(-z.astype(np.float32))) == 1.0).all()
    sites = np.stack([np.arange(4.0), np.zeros(4), z, np.zeros(4)], 1)
    t = fm.choose(sites, kloc=1.0, per_kloc=1.0)
    assert 20.0 < t <= 21.0 and fm.count_at(sites, [t])[0] == 1
    # probabilities keep their old behaviour: never above 1.0
    p = sites.copy()
    p[:, 2] = [0.2, 0.5, 0.9, 0.99]
    assert fm.choose(p, 1.0, 1.0) <= 1.0 and fm.count_at(p, [fm.choose(p, 1.0, 1.0)])[0] == 1


def test_swap_sites_read_the_callee_parameters_and_leave_the_exact_case_to_the_flow_layer():
    code = '''class Copier:
    def copy(self, src, dst, mode=1):
        return mode


def run(c, src, dst, src_file, target):
    c.copy(dst, src)
    c.copy(target, src_file)
    unknown(dst, src)
'''
    sigs = st.signatures(ast.parse(code))
    assert sigs["copy"] == ["src", "dst", "mode"] and sigs["run"] == ["c", "src", "dst", "src_file", "target"]
    swaps = [(code[s.start:s.end], s) for s in st.extract(code) if s.kind == "swap"]
    exact, other, unknown = (s for _, s in sorted(swaps, key=lambda x: x[1].start))
    assert exact.exact and not other.exact and not unknown.exact
    assert exact.tokens[4:] == [["P:src", "src"], ["P:dst", "dst"], ["M:known", "M:xq", "M:yp"]]
    assert other.tokens[4:] == [["P:src", "src"], ["P:dst", "dst"], ["M:known", "M:yp"]]
    assert unknown.tokens[4:] == [[], [], ["M:unknown"]]
    # a name defined twice with different parameters is no signature
    assert "f" not in st.signatures(ast.parse("def f(a, b): pass\ndef f(b, a): pass\n"))


def test_file_signatures_come_from_all_units_of_a_file():
    units = [{"path": "a.py", "code": "def copy(src, dst):\n    pass\n"},
             {"path": "a.py", "code": "def run(x, y):\n    copy(y, x)\n"},
             {"path": "b.py", "code": "def copy(dst, src):\n    pass\n"}]
    sigs = sites_data.file_signatures(units)
    assert sigs["a.py"]["copy"] == ["src", "dst"] and sigs["b.py"]["copy"] == ["dst", "src"]
    col = sites_data.Collector()
    sites_data.unit_examples(units[1]["code"], random.Random(0), col, 10, 3, sigs["a.py"])
    arr = col.arrays()
    assert arr["swap_tokens"].shape[1:] == (st.S_SWAP, st.T)
    assert (arr["swap_tokens"][:, 4, 0] == st.token_id("P:src")).all()


def tiny_sites_data(tmp_path):
    """A data folder of sites_data arrays from three mutated copies of FIXTURE, for quick training runs."""
    d = tmp_path / "data"
    d.mkdir()
    col = sites_data.Collector()
    for i in range(3):
        sites_data.unit_examples(FIXTURE, random.Random(i), col, 10, 3)
    np.savez(d / "train.npz", **col.arrays())
    return d


def test_training_resumes_from_its_checkpoint(tmp_path):
    from pyvalidator import sites_train

    d = tiny_sites_data(tmp_path)
    out = tmp_path / "m"
    common = ["--data", str(d), "--out", str(out), "--dim", "4", "--hidden", "4", "--batch", "4", "--only", "swap"]
    sites_train.main(common + ["--minutes", "0.005"])
    first = json.loads((out / "sites_train_swap_config.json").read_text())["stats"]
    assert not (out / "sites.json").exists()  # op and misuse are another process's
    sites_train.main(common + ["--minutes", "0.01", "--resume"])
    second = json.loads((out / "sites_train_swap_config.json").read_text())["stats"]
    assert second["steps"] > first["steps"] and second["cpu_minutes"] >= 0.01


GOLDEN_SOURCES = [FIXTURE, '''def copy(src, dst, mode=1):
    return mode


def run(src, dst, source_path, target, c):
    copy(dst, src)
    c.copy(target, source_path, 2)
    return copy(src, dst)
''', '''class Box(Base):
    @cached
    def area(self, width, height=2, *rest, scale=1.0, **kw):
        """Docstring."""
        @wraps(area)
        def inner(a):
            return a ** 2 % 7
        out = [inner(w) for w in rest if w is not None]
        total = sum(out) + width * height
        if total >= 0x10 and width not in out:  # a comment
            total -= -1
        elif 0 < height <= width:
            self.store(total, f"{width}", *rest, key="k")
        label = "\u00e9t\u00e9 \U0001F600"
        result = self.helper.combine(label, width, total, scale)
        result[height] = os.path.join(label, "x") <= (total  # why
                                                     )
        return isinstance(result, dict) or kw.get("a", None) != height
''', '''x = compute(1, -2)
y = x // 3 if x > y else x << 1
''']


def test_golden_file_for_the_java_features():
    """Writes the golden file the Java test (SiteFeaturesTest) reads; a diff in git means the features moved."""
    from pathlib import Path

    g = st.golden(GOLDEN_SOURCES)
    assert sum(len(x["sites"]) for x in g) > 30 and {r["kind"] for x in g for r in x["sites"]} == {"swap", "op", "misuse"}
    res = Path(__file__).resolve().parents[2] / "server/src/test/resources/validator"
    # ONNX Runtime's scores of the golden sites under the tiny detectors the Java tests load (sites_tiny/)
    models = sites_score.SiteModels(res / "sites_tiny")
    for unit in g:
        sites = sorted(st.extract(unit["code"]), key=lambda s: (s.kind, s.start, s.end))
        for row, r in zip(unit["sites"], models.run(sites)):
            row["score"], row["expected"] = round(r["score"], 6), r["expected"]
    (res / "sites_golden.json").write_text(json.dumps({"buckets": st.BUCKETS, "T": st.T, "S": st.S, "K": st.K,
                                                       "F": st.F, "units": g}, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")


def test_training_decays_the_lr_and_writes_the_held_out_curve(tmp_path):
    from pyvalidator import sites_train

    d = tiny_sites_data(tmp_path)
    out = tmp_path / "m"
    sites_train.main(["--data", str(d), "--out", str(out), "--dim", "4", "--hidden", "4", "--batch", "4",
                      "--only", "op", "--minutes", "0.01", "--lr-final", "1e-4", "--eval-minutes", "0.001"])
    curve = [json.loads(x) for x in (out / "auroc.jsonl").read_text().splitlines()]
    assert curve and all(c["kind"] == "op" and "auroc" in c for c in curve)
    state = __import__("torch").load(out / "ckpt_op.pt", weights_only=False)
    assert state["opt"]["param_groups"][0]["lr"] < 2e-3  # decayed from --lr towards --lr-final


def test_export_takes_per_detector_shares_and_turns_a_main_model_without_one_off(tiny_sites, tmp_path):
    from pyvalidator import sites_export

    art = tmp_path / "art"
    art.mkdir()
    (art / "validator.json").write_text(json.dumps({"thresholds": {"warning": {"threshold": 0.9},
                                                                   "information": {"threshold": 0.8}}}))
    metric = {"threshold_split_note": "val", "models": {"alloc": {"part_thresholds": {
        "warning": {"shipped": None, "swap": 1.0, "op": None, "misuse": 2.0},
        "information": {"shipped": 0.5, "swap": 0.5, "op": None, "misuse": 1.0}}}}}
    entry = sites_export.export(art, tiny_sites, metric, "alloc")
    assert entry["thresholds"] == {"swap": {"warning": 1.0, "information": 0.5},
                                   "misuse": {"warning": 2.0, "information": 1.0}}  # op earned no share: off
    th = json.loads((art / "validator.json").read_text())["thresholds"]
    assert th["warning"]["threshold"] == sites_export.MAIN_OFF < 1 and th["warning"]["before_sites"] == 0.9
    assert th["information"]["threshold"] == 0.5
