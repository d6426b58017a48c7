"""Metrics against hand-computed values."""
from math import comb

import pytest

from pyassist_lm.metrics import corpus_bleu, mean_pass_at_k, pass_at_k, rouge_l


def test_bleu_hand_computed():
    # hyp "the cat sat on the mat" vs ref "the cat sat on a mat" (13a tokenization keeps the words):
    #   1-grams: the×2 (ref has one: clipped to 1), cat, sat, on, mat -> 5/6
    #   2-grams: the cat, cat sat, sat on | on the, the mat            -> 3/5
    #   3-grams: the cat sat, cat sat on | sat on the, on the mat       -> 2/4
    #   4-grams: the cat sat on | cat sat on the, sat on the mat        -> 1/3
    #   lengths 6 = 6, brevity penalty 1
    #   BLEU = (5/6 · 3/5 · 2/4 · 1/3) ** (1/4) = (1/12) ** 0.25 = 0.537285
    bleu = corpus_bleu(["the cat sat on the mat"], ["the cat sat on a mat"])
    assert bleu == pytest.approx((1 / 12) ** 0.25, abs=1e-4)


def test_bleu_brevity_penalty_and_perfect():
    assert corpus_bleu(["a b c d e"], ["a b c d e"]) == pytest.approx(1.0)
    # hyp "a b c d" (4) vs ref "a b c d e f" (6): all precisions 1, BP = exp(1 - 6/4) = exp(-0.5) = 0.606531
    assert corpus_bleu(["a b c d"], ["a b c d e f"]) == pytest.approx(0.606531, abs=1e-4)


def test_rouge_l_hand_computed():
    # ref "the cat sat on the mat" (6 tokens), hyp "The cat was on mat" (5; rouge-score lower-cases)
    # LCS = the cat on mat = 4 -> P = 4/5, R = 4/6, F = 2PR/(P+R) = (16/15)/(22/15) = 8/11 = 0.727273
    assert rouge_l(["The cat was on mat"], ["the cat sat on the mat"]) == pytest.approx(8 / 11, abs=1e-6)
    # mean over pairs: (8/11 + 1 + 0) / 3
    got = rouge_l(["The cat was on mat", "x y", "p"], ["the cat sat on the mat", "x y", "q"])
    assert got == pytest.approx((8 / 11 + 1) / 3, abs=1e-6)


@pytest.mark.parametrize("n", range(1, 8))
def test_pass_at_k_matches_closed_form(n):
    for c in range(n + 1):
        for k in range(1, n + 1):
            expected = 1 - comb(n - c, k) / comb(n, k)
            assert pass_at_k(n, c, k) == pytest.approx(expected, abs=1e-12), (n, c, k)


def test_pass_at_k_small_cases_by_hand():
    assert pass_at_k(5, 0, 1) == 0.0
    assert pass_at_k(5, 5, 1) == 1.0
    assert pass_at_k(5, 2, 1) == pytest.approx(2 / 5)          # pass@1 is c/n
    assert pass_at_k(4, 1, 2) == pytest.approx(1 - 3 / 6)      # C(3,2)/C(4,2) = 3/6
    assert pass_at_k(10, 3, 8) == 1.0                          # n - c < k
    assert mean_pass_at_k([(2, 1), (2, 2)], 1) == pytest.approx(0.75)
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError):
        pass_at_k(3, 1, 4)
