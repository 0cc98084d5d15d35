"""The pair kernel and the sort kernel agree with idx.rank_totals, on both kernels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.sensitivity import _pairs
from idx.sensitivity._kernels_numba import available
from idx.sensitivity._pairs import canonical_totals, exact_ranks, pair_plan
from idx.sensitivity._rank_kernel import rank_counts
from idx.sensitivity.sampling import plan
from idx.sensitivity.scenarios import run_scenarios
from idx.space import WeightSpace

KERNELS = [
    "numpy",
    pytest.param("numba", marks=pytest.mark.skipif(not available(), reason="numba")),
]


def _reference(x, space, sampler, n, seed, chunk):
    """Today's kernel on the same draws: the chunks' weights from their own streams,
    totals by a BLAS product, ranks by rank_counts (sorting, rank_totals for ties)."""
    how = plan(space, sampler)
    counts = np.zeros((x.shape[0], x.shape[0]), dtype=np.int64)
    for i, start in enumerate(range(0, n, chunk)):
        w = how.draw(
            min(chunk, n - start),
            np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,))),
        )
        counts += rank_counts(w @ x.T)[0]
    return counts


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize(
    ("mode", "sampler"), [("simplex", "uniform"), ("factors", "jrc"), ("factors", "uniform")]
)
def test_counts_equal_todays_rank_counts_on_2017(edition, monkeypatch, kernel, mode, sampler):
    monkeypatch.setenv("IDX_KERNEL", kernel)
    space = WeightSpace.around(edition.system, 0.25, mode=mode)
    x = edition.index_array
    run = run_scenarios(x, space, plan(space, sampler), 20_000, 5, 4096)
    assert run.kernel == ("pairs, compiled" if kernel == "numba" else "pairs, numpy")
    np.testing.assert_array_equal(run.counts, _reference(x, space, sampler, 20_000, 5, 4096))


def test_2017_has_64_undecided_pairs_at_25_percent(edition):
    # the figure the design rests on: 64 of the 465 pairs can swap in the simplex
    # +/-25% space, 71 in the factors one
    x = edition.index_array
    assert pair_plan(x, WeightSpace.around(edition.system, 0.25)).n_pairs == 64
    assert pair_plan(x, WeightSpace.around(edition.system, 0.25, mode="factors")).n_pairs == 71


def _tricky(edition):
    """2017 plus three copies of Hunan: exact, 1e-12 above, and one exactly on the tie
    band's edge below it: with ``x_e = (1 - 1e-12) x_h - 1e-8`` and weights summing to
    1, ``t_h - t_e = 1e-8 + 1e-12 t_h``, the band itself, so whether Hunan is ahead
    depends on the last bits of the two totals in every scenario."""
    x = edition.index_array
    hunan = x[edition.units.index("Hunan")]
    edge = (1 - 1e-12) * hunan - 1e-8
    return np.vstack([x, hunan, hunan + 1e-12, edge])


@pytest.mark.parametrize("winners", [True, False])
@pytest.mark.parametrize("kernel", KERNELS)
def test_ties_and_near_ties_are_ranked_by_the_exact_rule(edition, monkeypatch, kernel, winners):
    # The copies tie with Hunan in every scenario (1e-12 is inside the band); the edge
    # copy sits within a few ulps of the band's edge, where the fast differences cannot
    # decide: those scenarios must be ranked from the canonical totals, and the counts
    # must equal rank_totals on them exactly, whichever kernel ran.
    monkeypatch.setenv("IDX_KERNEL", kernel)
    x = _tricky(edition)
    space = WeightSpace.around(edition.system, 0.25)
    how = plan(space, "uniform")
    # without SMAA tallies the compiled path also finishes the sampler's arithmetic
    run = run_scenarios(x, space, how, 3000, 9, 1000, winners=winners)
    expected = np.zeros_like(run.counts, dtype=np.int64)
    for i in range(3):
        w = how.draw(1000, np.random.default_rng(np.random.SeedSequence(9, spawn_key=(i,))))
        ranks = idx.rank_totals(canonical_totals(w, x))
        for unit in range(x.shape[0]):
            expected[unit] += np.bincount(ranks[:, unit] - 1, minlength=x.shape[0])
    np.testing.assert_array_equal(run.counts, expected)
    hunan = edition.units.index("Hunan")
    np.testing.assert_array_equal(run.counts[31], run.counts[hunan])
    np.testing.assert_array_equal(run.counts[32], run.counts[hunan])


def test_near_ties_are_flagged_not_guessed(edition):
    # The numpy kernel on the edge copy: some scenarios fall in the window around the
    # band's edge and are handed to the exact path, none of the others.
    x = _tricky(edition)
    space = WeightSpace.around(edition.system, 0.25)
    pairs = pair_plan(x, space)
    w = plan(space, "uniform").draw(2000, np.random.default_rng(3))
    compact = np.zeros(pairs.cells, dtype=np.int64)
    _, near = pairs.count(w, compact)
    d = canonical_totals(w, x)
    gap = np.abs(d[:, edition.units.index("Hunan")] - d[:, 33])
    in_window = np.abs(gap - 1e-8) < 1e-9
    assert near.any()
    assert not near[~in_window].any()


@pytest.mark.parametrize("kernel", KERNELS)
def test_same_seed_same_counts_with_or_without_numba(edition, monkeypatch, kernel):
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    monkeypatch.setenv("IDX_KERNEL", "numpy")
    reference = idx.smaa(edition, space, 30_000, seed=4)
    monkeypatch.setenv("IDX_KERNEL", kernel)
    other = idx.smaa(edition, space, 30_000, seed=4)
    np.testing.assert_array_equal(other.acceptability, reference.acceptability)
    np.testing.assert_array_equal(other.central_weights, reference.central_weights)


@pytest.mark.parametrize("kernel", KERNELS)
def test_many_undecided_pairs_use_the_sort_kernel_with_ties(monkeypatch, kernel):
    # Random indices with duplicated rows: every pair is undecided at +/-100%, too many
    # to compare; the sort kernel must still count exactly like rank_counts.
    monkeypatch.setenv("IDX_KERNEL", kernel)
    suffix = ", compiled" if kernel == "numba" else ", numpy"
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, (40, 6))
    x[5] = x[3]
    x[7] = x[3]
    system = idx.SYSTEM_2017
    space = WeightSpace.around(system, 1.0)
    assert pair_plan(x, space) is None
    run = run_scenarios(x, space, plan(space, "uniform"), 5000, 2, 1200, winners=True)
    assert run.kernel == "sort" + suffix
    np.testing.assert_array_equal(run.counts, _reference(x, space, "uniform", 5000, 2, 1200))
    # a forced sort on 2017 gives what the pair kernel gives
    monkeypatch.setattr(_pairs, "MAX_PAIRS_PER_UNIT", 0)
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    forced = run_scenarios(edition.index_array, space, plan(space, "uniform"), 5000, 3, 1000)
    monkeypatch.setattr(_pairs, "MAX_PAIRS_PER_UNIT", 8)
    paired = run_scenarios(edition.index_array, space, plan(space, "uniform"), 5000, 3, 1000)
    assert forced.kernel == "sort" + suffix and paired.kernel == "pairs" + suffix
    np.testing.assert_array_equal(forced.counts, paired.counts)


def test_the_count_matrix_is_int32(edition):
    space = WeightSpace.around(edition.system, 0.25)
    assert idx.monte_carlo(edition, space, 100, seed=1).counts.dtype == np.int32


def test_a_bad_kernel_choice_is_an_error(edition, monkeypatch):
    monkeypatch.setenv("IDX_KERNEL", "fortran")
    space = WeightSpace.around(edition.system, 0.25)
    with pytest.raises(idx.IdxError, match=r"'IDX_KERNEL' must be one of auto, numpy, numba"):
        idx.monte_carlo(edition, space, 100, seed=1)


@pytest.mark.parametrize("kernel", KERNELS)
def test_sort_kernel_on_ties_and_near_ties(edition, monkeypatch, kernel):
    # The tricky table (copies of Hunan, one on the band's edge) through the sort
    # kernel: counts and rank-1 tallies equal rank_totals on the canonical totals.
    monkeypatch.setenv("IDX_KERNEL", kernel)
    monkeypatch.setattr(_pairs, "MAX_PAIRS_PER_UNIT", 0)
    x = _tricky(edition)
    space = WeightSpace.around(edition.system, 0.25)
    how = plan(space, "uniform")
    run = run_scenarios(x, space, how, 2000, 9, 1000, winners=True)
    assert run.kernel.startswith("sort")
    expected = np.zeros_like(run.counts, dtype=np.int64)
    wins = np.zeros(x.shape[0], dtype=np.int64)
    for i in range(2):
        w = how.draw(1000, np.random.default_rng(np.random.SeedSequence(9, spawn_key=(i,))))
        ranks = idx.rank_totals(canonical_totals(w, x))
        wins += (ranks == 1).sum(axis=0)
        for unit in range(x.shape[0]):
            expected[unit] += np.bincount(ranks[:, unit] - 1, minlength=x.shape[0])
    np.testing.assert_array_equal(run.counts, expected)
    np.testing.assert_array_equal(run.wins, wins)


@given(
    st.integers(1, 40),
    st.integers(1, 6),
    st.integers(0, 2**32 - 1),
    st.booleans(),
)
def test_exact_ranks_equal_rank_totals(n_units, rows, seed, coarse):
    # coarse totals force exact ties and chains of ties; nudges put pairs inside the
    # band (5e-9), on its edge (1e-8 + 1e-12 t) and just beyond it (2e-8)
    rng = np.random.default_rng(seed)
    base = (
        rng.integers(0, 4, (rows, n_units)) * 7.25
        if coarse
        else rng.uniform(0, 100, (rows, n_units))
    )
    nudge = rng.choice([0.0, 5e-9, 1e-8, 2e-8, 1e-12], size=(rows, n_units))
    totals = base + nudge + 1e-12 * base * (nudge == 1e-8)
    np.testing.assert_array_equal(exact_ranks(totals), idx.rank_totals(totals))


@pytest.mark.skipif(not available(), reason="numba")
@pytest.mark.parametrize(("mode", "sampler"), [("simplex", "uniform"), ("factors", "jrc")])
def test_the_fused_kernel_repeats_numpys_sampler_bit_for_bit(edition, monkeypatch, mode, sampler):
    # The fused kernel takes numpy's uniforms and redoes the sampler's arithmetic; were
    # a single weight a bit off, near-tie scenarios could rank differently. Its counts
    # must equal the numpy path's over many chunks (several rejection batches each).
    # Its weights must be the sampler's bit for bit: on the table with a copy of Hunan
    # exactly on the band's edge, every scenario is ranked from the kernel's own
    # weights by the exact rule, and a last-bit difference would move counts.
    from idx.sensitivity import scenarios

    space = WeightSpace.around(edition.system, 0.25, mode=mode)
    monkeypatch.setenv("IDX_KERNEL", "numpy")
    reference = idx.monte_carlo(edition, space, 60_000, seed=13, sampler=sampler)
    monkeypatch.setenv("IDX_KERNEL", "numba")
    seen = []
    original = scenarios._fused_chunk
    monkeypatch.setattr(scenarios, "_fused_chunk", lambda *a: seen.append(1) or original(*a))
    fused = idx.monte_carlo(edition, space, 60_000, seed=13, sampler=sampler)
    assert seen  # the fused path ran
    np.testing.assert_array_equal(fused.counts, reference.counts)
    x = _tricky(edition)
    how = plan(space, sampler)
    for kernel in ("numpy", "numba"):
        monkeypatch.setenv("IDX_KERNEL", kernel)
        run = run_scenarios(x, space, how, 5000, 21, 2500)
        if kernel == "numpy":
            expected = run.counts
    np.testing.assert_array_equal(run.counts, expected)
