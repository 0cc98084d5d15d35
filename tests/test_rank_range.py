from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idx
from idx.sensitivity import rank_range, sample_weights
from idx.space import WeightSpace
from idx.testing import editions


@pytest.fixture(scope="module")
def edition():
    return idx.load_2017()


@pytest.mark.parametrize("mode", ["simplex", "factors"])
def test_certificates_and_containment_2017(edition, mode):
    space = WeightSpace.around(edition.system, 0.25, mode=mode)
    result = rank_range(edition, space)
    x = edition.index_array
    for i in range(edition.n_units):
        assert space.contains(result.best_weights[i])
        assert space.contains(result.worst_weights[i])
        assert idx.rank_totals(x @ result.best_weights[i])[i] == result.best[i]
        assert idx.rank_totals(x @ result.worst_weights[i])[i] == result.worst[i]
    # Never narrower than any sampled scenario (independent: sampling)
    w = sample_weights(space, 20000, seed=7)
    ranks = idx.rank_totals(w @ x.T)
    assert (ranks.min(axis=0) >= result.best).all()
    assert (ranks.max(axis=0) <= result.worst).all()
    assert (result.best <= result.base_ranks).all() and (result.base_ranks <= result.worst).all()


def test_hunan_under_25_percent(edition):
    result = rank_range(edition, WeightSpace.around(edition.system, 0.25))
    hunan = edition.units.index("Hunan")
    assert (result.best[hunan], result.worst[hunan]) == (11, 18)


def test_fixed_everything_is_the_base_ranking(edition):
    space = WeightSpace.around(edition.system, 0.0)
    result = rank_range(edition, space)
    assert (result.best == result.base_ranks).all()
    assert (result.worst == result.base_ranks).all()


@settings(max_examples=25)
@given(editions(min_units=2, max_units=6, decimals=1), st.integers(0, 2**31 - 1))
def test_brute_force_on_small_tables(edition, seed):
    space = WeightSpace.simplex(edition.system)
    result = rank_range(edition, space)
    x = edition.index_array
    rng = np.random.default_rng(seed)
    m = len(edition.system)
    # vertices of the simplex and random points: every rank must lie within the bounds
    w = np.vstack([np.eye(m), rng.dirichlet(np.ones(m), 2000)])
    ranks = idx.rank_totals(w @ x.T)
    assert (ranks.min(axis=0) >= result.best).all()
    assert (ranks.max(axis=0) <= result.worst).all()
    for i in range(edition.n_units):
        assert idx.rank_totals(x @ result.best_weights[i])[i] == result.best[i]
        assert idx.rank_totals(x @ result.worst_weights[i])[i] == result.worst[i]
