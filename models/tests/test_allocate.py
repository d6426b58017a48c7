"""Per-detector shares of one false-alarm budget (allocate.py) on a tiny synthetic fixture."""
import numpy as np

from pyvalidator import allocate as al


def test_threshold_for_counts_findings_at_or_above():
    desc = np.array([9.0, 7.0, 7.0, 3.0])
    assert (desc >= al.threshold_for(desc, 0, True)).sum() == 0
    assert (desc >= al.threshold_for(desc, 1, True)).sum() == 1
    assert (desc >= al.threshold_for(desc, 2, True)).sum() <= 2  # a tie cannot be split: fewer, never more
    assert al.threshold_for(desc, 10, True) == 3.0


def test_near_score_is_minus_infinity_without_a_site_nearby():
    sites = np.array([[4, 0, 2.5, 0], [9, 1, 7.0, 0]])
    assert al.near_score(sites, 5) == 2.5
    assert al.near_score(sites, 20) == -np.inf
    assert al.near_score(np.zeros((0, 4)), 1) == -np.inf


def test_search_gives_the_budget_to_the_worst_group():
    # two groups of two bugs; part 0 finds group A's bugs after 1 and 2 false findings, part 1 group B's
    # after 3 and 5. Budget 5: the best worst-group share is 1/2 (1 + 3 = 4 spent); 2 + 3 = 5 also
    # gives (1, 1/2), better on the mean, so that is the answer.
    gm = np.array([[1, 0], [1, 0], [0, 1], [0, 1]], dtype=float)
    levels = [np.arange(6), np.arange(6)]
    loc0 = np.zeros((6, 4), dtype=bool)
    loc0[1:, 0] = True
    loc0[2:, 1] = True
    loc1 = np.zeros((6, 4), dtype=bool)
    loc1[3:, 2] = True
    loc1[5:, 3] = True
    idx = al.search(levels, [loc0, loc1], np.zeros(4, dtype=bool), gm, [0, 1], 5)
    assert [levels[0][idx[0]], levels[1][idx[1]]] == [2, 3]
    # what another layer finds anyway needs no budget: with group B's first bug found by it, budget 4 goes
    # to part 0 (group A complete), and part 1, which would need 5 to add bug 3, gets nothing
    base = np.array([False, False, True, False])
    idx = al.search(levels, [loc0, loc1], base, gm, [0, 1], 4)
    assert [levels[0][idx[0]], levels[1][idx[1]]] == [2, 0]


def test_search_respects_the_floor():
    gm = np.array([[1.0]])
    loc = np.array([[False], [True], [True]])
    idx = al.search([np.arange(3)], [loc], np.zeros(1, dtype=bool), gm, [0], 2, floor=[2])
    assert idx == [2]


class _Fixed:
    """A scorer with fixed findings per unit text: rows (line, col, score, 0)."""

    def __init__(self, rows):
        self.rows = rows

    def score(self, texts):
        return [np.array(self.rows.get(t, []), dtype=float).reshape(-1, 4) for t in texts]


def test_a_cap_per_file_keeps_each_files_top_findings_and_the_bugs_within_them():
    files = [{"path": "a", "units": [{"text": "u1"}, {"text": "u2"}]}, {"path": "b", "units": [{"text": "u3"}]}]
    rows = {"u1": [[0, 0, 5.0, 0], [1, 0, 4.0, 0]], "u2": [[0, 0, 9.0, 0]], "u3": [[0, 0, 1.0, 0]],
            "bug_low": [[2, 0, 6.0, 0]], "bug_high": [[2, 0, 10.0, 0]]}
    bugs = [{"file": "a", "unit": 0, "text": "bug_low", "line_in_unit": 2},
            {"file": "a", "unit": 0, "text": "bug_high", "line_in_unit": 2}]
    desc, near = al.part_scores(_Fixed(rows), files, bugs)
    assert list(desc) == [9.0, 5.0, 4.0, 1.0] and list(near) == [6.0, 10.0]
    desc, near = al.part_scores(_Fixed(rows), files, bugs, cap=1)
    assert list(desc) == [9.0, 1.0]  # file a's top finding, file b's
    assert near[0] == -np.inf and near[1] == 10.0  # 6.0 is under file a's 9.0; 10.0 is the file's top
