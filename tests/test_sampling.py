from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import idx
from idx.sensitivity import sample_weights
from idx.space import WeightSpace

SYSTEM = idx.SYSTEM_2017


@pytest.mark.parametrize(
    ("mode", "sampler"),
    [
        ("simplex", "uniform"),
        ("factors", "jrc"),
        ("simplex", "dirichlet"),
        ("factors", "dirichlet"),
    ],
)
def test_samples_lie_in_the_space(mode, sampler):
    space = WeightSpace.around(SYSTEM, 0.25, mode=mode)
    w = sample_weights(space, 3000, sampler=sampler, seed=1)
    assert w.shape == (3000, 6)
    assert space.contains(w).all()


def test_uniform_on_the_whole_simplex_has_beta_marginals():
    # Uniform on the m-simplex is Dirichlet(1, ..., 1); each coordinate is Beta(1, m - 1).
    space = WeightSpace.simplex(SYSTEM)
    w = sample_weights(space, 20000, sampler="uniform", seed=11)
    for j in range(6):
        assert stats.kstest(w[:, j], stats.beta(1, 5).cdf).pvalue > 0.001


def test_uniform_in_a_box_matches_rejection_from_the_whole_simplex():
    # Independent method: plain rejection from the whole simplex, kept if in the box.
    space = WeightSpace.around(SYSTEM, 0.5)
    ours = sample_weights(space, 4000, sampler="uniform", seed=5)
    rng = np.random.default_rng(6)
    naive = rng.dirichlet(np.ones(6), 400000)
    naive = naive[space.contains(naive)][:4000]
    assert len(naive) > 1000
    for j in range(6):
        assert stats.ks_2samp(ours[:, j], naive[:, j]).pvalue > 0.001


def test_same_seed_same_draws():
    space = WeightSpace.around(SYSTEM, 0.25)
    a = sample_weights(space, 100, seed=3)
    b = sample_weights(space, 100, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


def test_errors():
    simplex = WeightSpace.around(SYSTEM, 0.25)
    factors = WeightSpace.around(SYSTEM, 0.25, mode="factors")
    with pytest.raises(idx.IdxError, match=r"'n' must be a positive integer \(got 0\)"):
        sample_weights(simplex, 0)
    with pytest.raises(idx.IdxError, match="'sampler' must be one of"):
        sample_weights(simplex, 10, sampler="grid")  # type: ignore[arg-type]
    with pytest.raises(idx.SpaceError, match="'uniform' needs a 'simplex' space"):
        sample_weights(factors, 10, sampler="uniform")
    with pytest.raises(idx.SpaceError, match="sampler 'jrc'"):
        sample_weights(simplex, 10, sampler="jrc")
