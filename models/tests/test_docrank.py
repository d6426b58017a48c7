"""Document-level ranking (docrank.py) on a tiny synthetic fixture: the cap per file, the scores relative to the
file's own sites, the near-bug score of a bugged copy under the cap, and the shipped policy's thresholds."""
import json

import numpy as np

from pyvalidator import docrank as dr


def rows(*scores, line=0):
    return np.array([[line + i, 0, s, 0] for i, s in enumerate(scores)], dtype=float).reshape(-1, 4)


FILES = {"a": [rows(5.0, 4.0), rows(9.0)], "b": [rows(1.0)]}


def test_a_cap_keeps_each_files_top_findings():
    desc, _ = dr.part_values(FILES, [], [], "raw", 0.0, 0)
    assert list(desc) == [9.0, 5.0, 4.0, 1.0]
    desc, _ = dr.part_values(FILES, [], [], "raw", 0.0, 1)
    assert list(desc) == [9.0, 1.0]  # file a's top, file b's top
    desc, _ = dr.part_values(FILES, [], [], "raw", 0.0, 2)
    assert list(desc) == [9.0, 5.0, 1.0]


def test_a_bug_counts_only_when_it_is_among_its_files_kept_sites():
    # the bug's unit replaces unit 0 of file a: its site on line 2 scores 6 (under the file's 9) or 10 (the top)
    bugs = [{"file": "a", "unit": 0, "line_in_unit": 2}, {"file": "a", "unit": 0, "line_in_unit": 2},
            {"file": "a", "unit": 0, "line_in_unit": 7}]
    bug_units = [rows(6.0, line=2), rows(10.0, line=2), rows(10.0, line=2)]
    _, near = dr.part_values(FILES, bug_units, bugs, "raw", 0.0, 0)
    assert list(near) == [6.0, 10.0, -np.inf]  # the third bug is 5 lines from the site
    _, near = dr.part_values(FILES, bug_units, bugs, "raw", 0.0, 1)
    assert list(near) == [-np.inf, 10.0, -np.inf]
    # a site in another unit on the bug's line number is not near the bug
    _, near = dr.part_values({"a": [rows(0.5), rows(9.0, line=2)]}, [rows(0.1, line=9)], bugs[:1], "raw", 0.0, 0)
    assert near[0] == -np.inf


def test_relative_scores():
    s = np.array([3.0, 7.0, 5.0])
    # gap: the top rises by alpha * (top - second), the others fall by alpha * (top - s)
    assert list(dr.transform(s, "gap", 1.0)) == [3.0 - 4.0, 7.0 + 2.0, 5.0 - 2.0]
    assert list(dr.transform(np.array([4.0]), "gap", 1.0)) == [5.0]  # alone in its file: a margin of 1
    assert list(dr.transform(s, "center", 1.0)) == [-2.0, 2.0, 0.0]
    assert list(dr.transform(s, "raw", 1.0)) == [3.0, 7.0, 5.0]


def test_policies_and_shipped_thresholds(tmp_path):
    names = ["shipped", "swap", "op", "misuse"]
    p = dr.parse_policy("raw:op=1,misuse=2", names)
    assert p["cap"] == [0, 0, 1, 2] and p["how"] == "raw"
    p = dr.parse_policy("gap@0.5:1", names)
    assert p["cap"] == [1, 1, 1, 1] and p["param"] == 0.5 and p["how"] == "gap"
    (tmp_path / "validator.json").write_text(json.dumps({
        "thresholds": {"warning": {"threshold": 0.96}, "information": {"threshold": 0.9}},
        "sites": {"thresholds": {"swap": {"warning": 22.0, "information": 17.0}, "op": {"warning": 10.0, "information": 8.0}}}}))
    th = dr.shipped_thresholds(tmp_path, names)
    assert th == {"warning": [0.96, 22.0, 10.0, None], "information": [0.9, 17.0, 8.0, None]}


def test_objective_is_the_worst_target_kind_first():
    a = {"wrong_operator": 0.3, "variable_misuse": 0.2, "swapped_arguments": 0.5}
    b = {"wrong_operator": 0.9, "variable_misuse": 0.1, "swapped_arguments": 0.9}
    assert dr.objective(a) > dr.objective(b)
