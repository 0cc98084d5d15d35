from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.sensitivity._rank_kernel import Workspace, rank_counts, ranks_of


def _reference_counts(totals):
    ranks = idx.rank_totals(totals)
    n = totals.shape[1]
    counts = np.zeros((n, n), dtype=np.int64)
    for row in ranks:
        for unit, rank in enumerate(row):
            counts[unit, rank - 1] += 1
    return counts, ranks == 1


@given(
    st.integers(1, 12),
    st.integers(1, 40),
    st.integers(0, 2**32 - 1),
    st.booleans(),
    st.sampled_from([1.0, -1.0, 1e9]),
)
def test_equal_to_rank_totals(n_units, rows, seed, coarse, scale):
    rng = np.random.default_rng(seed)
    # coarse values force many exact ties (1/3 is not exact in binary, so thirds also
    # exercise ties up to noise); fine ones almost none. A negative scale checks the
    # packed keys' sign handling; 1e9 makes keys too large to pack
    # (1e9 * 100 * 2**33 > 2**57), which takes the argsort path.
    totals = scale * (
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


def test_a_table_with_duplicate_units_ties_them_in_every_scenario():
    # Two identical rows tie at every weight vector: competition ranks give both the
    # better rank, so rank 2 is never used when they lead (here unit 0 and 1 lead).
    x = np.array([[90.0, 80.0], [90.0, 80.0], [10.0, 20.0], [50.0, 50.0]])
    w = np.random.default_rng(0).dirichlet([1.0, 1.0], 500)
    counts, first = rank_counts(w @ x.T, winners=True)
    assert counts[0, 0] == counts[1, 0] == 500
    assert counts[:, 1].sum() == 0
    assert first[:, :2].all() and not first[:, 2:].any()


def test_a_reused_workspace_gives_the_same_counts_chunk_after_chunk():
    # Buffers are overwritten by each chunk; a shorter last chunk uses their first rows.
    rng = np.random.default_rng(3)
    work = Workspace(50, 7)
    for rows in (50, 50, 13):
        totals = rng.integers(0, 3, (rows, 7)) / 3  # many ties
        counts, first = rank_counts(totals, winners=True, work=work)
        expected_counts, expected_first = _reference_counts(totals)
        np.testing.assert_array_equal(counts, expected_counts)
        np.testing.assert_array_equal(first, expected_first)


@given(st.integers(2, 9), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_near_ties_inside_and_beyond_the_band_are_counted_like_rank_totals(n_units, rows, seed):
    # Totals on a coarse grid nudged by amounts below the key resolution (1e-12), inside
    # the tie band (5e-9) and just beyond it (2e-8): the kernel's fast path must hand
    # every row that is not strictly ordered to the exact rule.
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 3, (rows, n_units)).astype(float) * 7.25
    nudges = rng.choice([0.0, 1e-12, 5e-9, -5e-9, 2e-8], size=(rows, n_units))
    totals = base + nudges
    counts, first = rank_counts(totals, winners=True)
    expected_counts, expected_first = _reference_counts(totals)
    np.testing.assert_array_equal(counts, expected_counts)
    np.testing.assert_array_equal(first, expected_first)
    np.testing.assert_array_equal(ranks_of(totals), idx.rank_totals(totals))
