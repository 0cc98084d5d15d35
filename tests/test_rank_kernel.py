from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.sensitivity._rank_kernel import rank_counts, ranks_of


def _reference_counts(totals):
    ranks = idx.rank_totals(totals)
    n = totals.shape[1]
    counts = np.zeros((n, n), dtype=np.int64)
    for row in ranks:
        for unit, rank in enumerate(row):
            counts[unit, rank - 1] += 1
    return counts, ranks == 1


@given(st.integers(1, 12), st.integers(1, 40), st.integers(0, 2**32 - 1), st.booleans())
def test_equal_to_rank_totals(n_units, rows, seed, coarse):
    rng = np.random.default_rng(seed)
    # coarse values force many exact ties; fine ones almost none
    totals = (
        rng.integers(0, 4, (rows, n_units)) / 3 if coarse else rng.uniform(0, 100, (rows, n_units))
    )
    counts, first = rank_counts(totals, winners=True)
    expected_counts, expected_first = _reference_counts(totals)
    np.testing.assert_array_equal(counts, expected_counts)
    np.testing.assert_array_equal(first, expected_first)
    np.testing.assert_array_equal(ranks_of(totals), idx.rank_totals(totals))


def test_floating_noise_ties_like_rank_totals():
    edition = idx.load_2017()
    totals = (edition.index_array @ edition.system.weights)[None, :]
    np.testing.assert_array_equal(ranks_of(totals), idx.rank_totals(totals))
    hunan = edition.units.index("Hunan")
    assert ranks_of(totals)[0, hunan] == 13
