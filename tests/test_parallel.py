"""Seeds, chunk streams and workers (idx.sensitivity._parallel)."""

from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.sensitivity._parallel import chunk_rng, mapper, seed_used, worker_count
from idx.space import WeightSpace
from idx.validation import random_seed


def test_an_int_seed_is_kept_and_a_generator_gives_its_next_integer():
    assert seed_used(2017) == 2017
    assert seed_used(np.int64(5)) == 5
    # a Generator gives one draw of integers(2**63): the same as drawing it by hand
    expected = int(np.random.default_rng(3).integers(2**63))
    assert seed_used(np.random.default_rng(3)) == expected
    fresh = seed_used(None)
    assert isinstance(fresh, int) and fresh >= 0
    assert seed_used(None) != fresh  # fresh entropy each time (128 bits: never equal)


@pytest.mark.parametrize("bad", [-1, "abc", 1.5, True, [1, 2]])
def test_bad_seeds_are_named(bad):
    with pytest.raises(idx.IdxError, match=r"'seed' must be an integer >= 0, a numpy.random"):
        random_seed("seed", bad)
    with pytest.raises(idx.IdxError, match=rf"\(got {bad!r}\)".replace("[", r"\[")):
        seed_used(bad)


@pytest.mark.parametrize("bad", [-1, "abc"])
def test_every_random_method_checks_its_seed(edition, bad):
    simplex = WeightSpace.around(edition.system, 0.25)
    factors = WeightSpace.around(edition.system, 0.25, mode="factors")
    calls = [
        lambda: idx.sample_weights(simplex, 10, seed=bad),
        lambda: idx.monte_carlo(edition, simplex, 10, seed=bad),
        lambda: idx.smaa(edition, simplex, 10, seed=bad),
        lambda: idx.sobol(edition, factors, 8, seed=bad, n_bootstrap=2),
    ]
    for call in calls:
        with pytest.raises(idx.IdxError, match=rf"'seed' must be .* \(got {bad!r}\)"):
            call()


def test_chunk_streams_are_the_children_of_the_seed_sequence():
    # chunk i's stream is child i of SeedSequence(seed).spawn(...), whoever draws it
    children = np.random.SeedSequence(11).spawn(4)
    for i, child in enumerate(children):
        np.testing.assert_array_equal(
            chunk_rng(11, i).random(5), np.random.default_rng(child).random(5)
        )
    assert not np.array_equal(chunk_rng(11, 0).random(5), chunk_rng(11, 1).random(5))


def test_workers_are_checked_and_mapped():
    assert worker_count(1) == 1
    assert worker_count(3) == 3
    assert worker_count(-1) >= 1
    assert worker_count(map) is None
    for bad in (0, -2, 1.5, "2", True):
        with pytest.raises(idx.IdxError, match=r"'workers' must be a positive integer, -1"):
            worker_count(bad)
    with mapper(1) as run:
        assert list(run(abs, [-1, 2])) == [1, 2]
    with mapper(2) as run:
        assert list(run(abs, [-1, 2, -3])) == [1, 2, 3]
    seen = []

    def spy(func, items):
        seen.append(True)
        return [func(i) for i in items]

    with mapper(spy) as run:
        assert list(run(abs, [-4])) == [4]
    assert seen == [True]
