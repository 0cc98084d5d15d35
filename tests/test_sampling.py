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
        ("factors", "uniform"),
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


def test_uniform_in_a_factors_space_matches_rejection_from_the_whole_simplex():
    # The factors space's weights are a polytope of the simplex; uniform on it is what
    # plain rejection from the whole simplex gives (about 1.5% acceptance at +/-50%).
    space = WeightSpace.around(SYSTEM, 0.5, mode="factors")
    ours = sample_weights(space, 4000, sampler="uniform", seed=5)
    rng = np.random.default_rng(6)
    naive = rng.dirichlet(np.ones(6), 400000)
    naive = naive[space.contains(naive)][:4000]
    assert len(naive) > 3000
    for j in range(6):
        assert stats.ks_2samp(ours[:, j], naive[:, j]).pvalue > 0.001


def test_uniform_and_jrc_differ_in_a_factors_space():
    # Independent factors renormalised crowd the centre: the jrc weights have a smaller
    # spread than uniform ones on the same polytope. The KS test must see the difference.
    space = WeightSpace.around(SYSTEM, 0.5, mode="factors")
    uniform = sample_weights(space, 4000, sampler="uniform", seed=1)
    jrc = sample_weights(space, 4000, sampler="jrc", seed=1)
    assert stats.ks_2samp(uniform[:, 3], jrc[:, 3]).pvalue < 1e-6
    assert jrc[:, 3].std() < uniform[:, 3].std()


def test_a_fixed_pillar_is_held_and_the_rest_are_uniform():
    # application fixed at 0.25, the others free in [0, 1]: the other five share 0.75
    # uniformly, so w_j / 0.75 is a coordinate of the uniform 4-simplex: Beta(1, 4).
    space = WeightSpace.from_bounds(SYSTEM, {}, fixed=["application"])
    w = sample_weights(space, 20000, sampler="uniform", seed=2)
    assert (w[:, 3] == 0.25).all()
    for j in (0, 1, 2, 4, 5):
        assert stats.kstest(w[:, j] / 0.75, stats.beta(1, 4).cdf).pvalue > 0.001
    held = WeightSpace.around(SYSTEM, 0.25, fixed=["application"])
    d = sample_weights(held, 500, sampler="dirichlet", seed=2)
    assert (d[:, 3] == 0.25).all() and held.contains(d).all()


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
    two_free = WeightSpace.around(
        SYSTEM, 0.25, mode="factors", fixed=["infrastructure", "innovation", "security"]
    )
    with pytest.raises(
        idx.SpaceError, match=r"sampler 'uniform' needs at least 5 free factors .* \(got 3\)"
    ):
        sample_weights(two_free, 10, sampler="uniform")
    assert sample_weights(two_free, 10, sampler="jrc", seed=1).shape == (10, 6)
    with pytest.raises(idx.IdxError, match=r"'kappa' must be finite and > 0 \(got 0.0\)"):
        sample_weights(simplex, 10, sampler="dirichlet", kappa=0.0)
    assert sample_weights(factors, 10, sampler="uniform", seed=1).shape == (10, 6)
    with pytest.raises(idx.SpaceError, match="sampler 'jrc'"):
        sample_weights(simplex, 10, sampler="jrc")
