from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.sensitivity import monte_carlo, sample_weights
from idx.sensitivity.montecarlo import percentile_from_counts
from idx.space import WeightSpace


@pytest.mark.parametrize("mode", ["simplex", "factors"])
def test_summaries_equal_a_run_that_keeps_every_rank(edition, mode):
    space = WeightSpace.around(edition.system, 0.25, mode=mode)
    result = monte_carlo(edition, space, 3000, seed=4, percentiles=(5, 50, 95), chunk_size=700)
    # Independent: draw the same weights (chunk i from child i of SeedSequence(4)) and
    # keep every rank.
    children = np.random.SeedSequence(4).spawn(5)
    w = np.vstack(
        [
            sample_weights(space, size, seed=np.random.default_rng(child))
            for size, child in zip((700, 700, 700, 700, 200), children, strict=True)
        ]
    )
    ranks = idx.rank_totals(w @ edition.index_array.T)
    for q in (5, 50, 95):
        np.testing.assert_array_equal(
            result.percentile(q), np.percentile(ranks, q, axis=0, method="inverted_cdf")
        )
    np.testing.assert_allclose(result.mean, ranks.mean(axis=0))
    np.testing.assert_allclose(result.probability_top(3), (ranks <= 3).mean(axis=0))
    assert result.counts.sum() == 3000 * 31
    assert (result.counts.sum(axis=1) == 3000).all()


def test_same_seed_same_output_and_chunking_does_not_matter(edition):
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    a = monte_carlo(edition, space, 5000, seed=9)
    b = monte_carlo(edition, space, 5000, seed=9)
    np.testing.assert_array_equal(a.counts, b.counts)
    assert a.to_frame().equals(b.to_frame())


def test_a_point_space_gives_the_base_ranks_with_the_tie(edition):
    space = WeightSpace.around(edition.system, 0.0)
    result = monte_carlo(edition, space, 500, sampler="uniform", seed=1)
    hunan = edition.units.index("Hunan")
    assert result.counts[hunan, 12] == 500  # rank 13, tied with Shaanxi
    assert (result.median == idx.score(edition).ranks).all()


def test_ranges_stay_within_the_exact_rank_range(edition):
    from idx.sensitivity import rank_range

    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    result = monte_carlo(edition, space, 20000, seed=2)
    exact = rank_range(edition, space)
    seen = result.counts > 0
    best_seen = seen.argmax(axis=1) + 1
    worst_seen = 31 - seen[:, ::-1].argmax(axis=1)
    assert (best_seen >= exact.best).all() and (worst_seen <= exact.worst).all()


def test_percentile_from_counts_by_hand():
    # ranks 1,1,2,4: inverted CDF -> 25th pct 1, 50th 1, 75th 2, 100th 4
    counts = np.array([[2, 1, 0, 1]])
    assert [int(percentile_from_counts(counts, q)[0]) for q in (25, 50, 75, 100)] == [1, 1, 2, 4]


def test_progress_and_errors(edition):
    space = WeightSpace.around(edition.system, 0.25)
    seen = []
    monte_carlo(
        edition, space, 2500, seed=1, chunk_size=1000, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]
    with pytest.raises(idx.IdxError, match=r"'n' must be a positive integer \(got 0\)"):
        monte_carlo(edition, space, 0)
    with pytest.raises(idx.IdxError, match=r"'percentiles' must lie in \[0, 100\]"):
        monte_carlo(edition, space, 10, percentiles=(101,))
    with pytest.raises(idx.IdxError, match=r"'top_k' must lie in \[1, 31\]"):
        monte_carlo(edition, space, 10, top_k=(0,))
    with pytest.raises(idx.IdxError, match=r"'chunk_size' must be a positive integer \(got 0\)"):
        monte_carlo(edition, space, 10, chunk_size=0)


def test_default_chunks_shrink_with_many_units():
    from idx.sensitivity.montecarlo import chunk_rows

    # 2**19 cells per chunk: 8192 scenarios up to 64 units (the cap), 256 at least
    assert chunk_rows(None, 31) == 8192
    assert chunk_rows(None, 1000) == 2**19 // 1000 == 524
    assert chunk_rows(None, 3000) == 256
    assert chunk_rows(500, 3000) == 500


def test_sample_weights_helper_is_what_monte_carlo_draws(edition):
    # one chunk: its stream is the first child of SeedSequence(8)
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    first_child = np.random.SeedSequence(8).spawn(1)[0]
    w = sample_weights(space, 1000, seed=np.random.default_rng(first_child))
    ranks = idx.rank_totals(w @ edition.index_array.T)
    result = monte_carlo(edition, space, 1000, seed=8)
    np.testing.assert_allclose(result.mean, ranks.mean(axis=0))


def _process_map(func, items):
    # a process pool's map, as a user would pass it (the Dask pattern: any callable
    # that maps and returns results in order)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(func, items))


def test_any_number_of_workers_gives_the_same_result(edition):
    space = WeightSpace.around(edition.system, 0.25)
    one = monte_carlo(edition, space, 20_000, seed=12, chunk_size=3000)
    two = monte_carlo(edition, space, 20_000, seed=12, chunk_size=3000, workers=2)
    mapped = monte_carlo(
        edition, space, 20_000, seed=12, chunk_size=3000, workers=lambda f, xs: list(map(f, xs))
    )
    processes = monte_carlo(edition, space, 20_000, seed=12, chunk_size=3000, workers=_process_map)
    for other in (two, mapped, processes):
        np.testing.assert_array_equal(other.counts, one.counts)


def test_the_seed_used_is_recorded_and_repeats_the_run(edition):
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    assert monte_carlo(edition, space, 500, seed=2017).seed == 2017
    for seed in (None, np.random.default_rng(1)):
        first = monte_carlo(edition, space, 3000, seed=seed)
        again = monte_carlo(edition, space, 3000, seed=first.seed)
        np.testing.assert_array_equal(again.counts, first.counts)
    # a Generator gives its next integer: the seed is that draw
    assert monte_carlo(edition, space, 10, seed=np.random.default_rng(1)).seed == int(
        np.random.default_rng(1).integers(2**63)
    )


def test_stated_limits_are_checked_before_any_work(edition, monkeypatch):
    from idx.sensitivity import scenarios

    space = WeightSpace.around(edition.system, 0.25)
    with pytest.raises(
        idx.IdxError, match=r"'n' must be at most 2,147,483,647 .* \(got 2,147,483,648\)"
    ):
        monte_carlo(edition, space, 2**31)
    with pytest.raises(
        idx.IdxError, match=r"'workers' must be a positive integer, -1 .* \(got 0\)"
    ):
        monte_carlo(edition, space, 10, workers=0)
    monkeypatch.setattr(scenarios, "MAX_UNITS", 30)
    with pytest.raises(idx.IdxError, match=r"31 units would need 0.0 GiB; at most 30 units"):
        monte_carlo(edition, space, 10)


def test_summaries_of_a_large_count_matrix_work_in_blocks():
    # 600 units: more rows than one summary block (256); the blocked percentile must
    # equal the whole-matrix formula
    rng = np.random.default_rng(1)
    counts = rng.integers(0, 5, (600, 600)).astype(np.int32)
    cumulative = np.cumsum(counts, axis=1, dtype=np.int64)
    reached = 100 * cumulative >= 37.5 * cumulative[:, -1:]
    reached[:, -1] = True
    np.testing.assert_array_equal(percentile_from_counts(counts, 37.5), reached.argmax(axis=1) + 1)
