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


# --- the exact samplers: elimination (simplex) and Kuhn triangulation (factors) -------


def _rejection_on_the_whole_simplex(space, n, seed):
    """The plainest exact sampler: uniform on the whole simplex (Dirichlet(1)) of the
    free pillars, fixed ones held, kept when inside the space. Uniform on a set
    restricted to a subset is uniform on the subset, so this is an independent
    reference for any space."""
    rng = np.random.default_rng(seed)
    free = space.upper > space.lower
    kept = []
    have = 0
    while have < n:
        w = np.empty((200_000, space.n_pillars))
        w[:, ~free] = space.lower[~free]
        w[:, free] = rng.dirichlet(np.ones(free.sum()), 200_000) * (1 - space.lower[~free].sum())
        w = w[space.contains(w)]
        kept.append(w)
        have += len(w)
    return np.concatenate(kept)[:n]


def test_sum_of_uniforms_cdf_by_hand():
    from idx.sensitivity.sampling import _sum_of_uniforms_cdf

    # Irwin-Hall: two U[0,1]: F(1/2) = (1/2)^2 / 2 = 1/8, F(1) = 1/2, F(3/2) = 7/8;
    # three: F(3/2) = 1/2 by symmetry. U[0,1] + U[0,2]: F(1) = 1/4 (a triangle of
    # area 1/2 over the rectangle's 2), F(2) = 3/4.
    ones = np.ones(2)
    assert _sum_of_uniforms_cdf(0.5, ones) == pytest.approx(1 / 8)
    assert _sum_of_uniforms_cdf(1.0, ones) == pytest.approx(1 / 2)
    assert _sum_of_uniforms_cdf(1.5, ones) == pytest.approx(7 / 8)
    assert _sum_of_uniforms_cdf(1.5, np.ones(3)) == pytest.approx(1 / 2)
    assert _sum_of_uniforms_cdf(1.0, np.array([1.0, 2.0])) == pytest.approx(1 / 4)
    assert _sum_of_uniforms_cdf(2.0, np.array([1.0, 2.0])) == pytest.approx(3 / 4)
    assert _sum_of_uniforms_cdf(-1.0, ones) == 0.0 and _sum_of_uniforms_cdf(9.0, ones) == 1.0


@pytest.mark.parametrize("spread", [0.1, 0.25, 0.5, 1.0, 2.0])
def test_the_computed_acceptance_is_what_the_proposals_achieve(spread):
    from idx.sensitivity.sampling import plan

    # 200,000 proposals: the observed share has SE <= 0.0012; 5 SE of slack
    how = plan(WeightSpace.around(SYSTEM, spread), "uniform")
    proposals = how._propose(200_000, np.random.default_rng(1))
    observed = how._inside(proposals).mean()
    assert observed == pytest.approx(how.acceptance, abs=0.006)
    # elimination keeps 79% at every spread up to 100%; at 200% the Dirichlet(1)
    # proposal does better and is chosen
    if spread <= 1.0:
        assert how.method == "elimination" and how.acceptance == pytest.approx(0.791, abs=1e-3)
    else:
        assert how.method == "dirichlet1"


def test_the_whole_simplex_uses_dirichlet_which_accepts_everything():
    from idx.sensitivity.sampling import plan

    # elimination would keep P(U_1 + ... + U_5 <= 1) = 1/5! = 1/120 of its proposals
    how = plan(WeightSpace.simplex(SYSTEM), "uniform")
    assert how.method == "dirichlet1" and how.acceptance == pytest.approx(1.0)


@pytest.mark.parametrize(
    "space",
    [
        WeightSpace.around(SYSTEM, 0.5),
        WeightSpace.around(SYSTEM, 0.6, fixed=["security"]),
        WeightSpace.from_bounds(SYSTEM, {"application": (0.1, 0.5), "security": (0.0, 0.2)}),
    ],
)
def test_elimination_matches_plain_rejection(space):
    # Two exact samplers of the same uniform distribution: each marginal must agree
    # (two-sample KS at 4,000 draws each).
    ours = sample_weights(space, 4000, sampler="uniform", seed=21)
    reference = _rejection_on_the_whole_simplex(space, 4000, 22)
    assert space.contains(ours, atol=1e-15).all()
    for j in range(6):
        assert stats.ks_2samp(ours[:, j], reference[:, j]).pvalue > 0.001


@pytest.mark.parametrize(
    "space",
    [
        WeightSpace.around(SYSTEM, 0.25, mode="factors"),
        WeightSpace.around(SYSTEM, 0.5, mode="factors", fixed=["security"]),
        WeightSpace.from_bounds(
            SYSTEM,
            {
                p: (lo, hi)
                for p, lo, hi in zip(
                    SYSTEM.ids, [1, 0.5, 2, 1, 0, 1], [3, 1, 2.5, 4, 2, 1.5], strict=True
                )
            },
            mode="factors",
            # the factors' midpoints, renormalised: a reference inside these bounds
            reference=np.array([2, 0.75, 2.25, 2.5, 1, 1.25]) / 9.75,
        ),
    ],
)
def test_kuhn_sampler_matches_the_rejection_sampler(space):
    from idx.sensitivity.sampling import _SamplerPlan, plan

    # Derivation: every ray from 0 through the factor box leaves it through exactly one
    # upper face f_j = upper_j, so the central projections of the upper faces tile the
    # admissible weights (with one factor fixed, the box is one face). Kuhn's
    # triangulation cuts each face into simplices; central projection maps a simplex
    # to a simplex, whose volume on the plane sum w = 1 is proportional to |det| of its
    # normalised vertices. Picking a simplex with probability proportional to that
    # volume, then a uniform point in it, is uniform on the union. The reference is
    # idx's previous exact sampler (uniform proposals on a simplex containing the
    # space, kept when inside); KS on every marginal, 4,000 draws each.
    how = plan(space, "uniform")
    assert how.method == "kuhn"
    ours = how.draw(4000, np.random.default_rng(31))
    reference = _SamplerPlan(space, "uniform", "rejection", 1.0).draw(
        4000, np.random.default_rng(32)
    )
    assert space.contains(ours).all()
    for j in range(6):
        assert stats.ks_2samp(ours[:, j], reference[:, j]).pvalue > 0.001
    # the simplices' volumes add up to the space's share of the simplex, which plain
    # rejection from the whole simplex estimates (cone volumes: |det| / m! each, and
    # 1 / m! for the whole simplex)
    from idx.sensitivity.sampling import _kuhn_vertices

    vertices = _kuhn_vertices(space, np.flatnonzero(space.upper > space.lower))
    share = np.abs(np.linalg.det(vertices / vertices.sum(axis=2, keepdims=True))).sum()
    d = np.random.default_rng(5).dirichlet(np.ones(6), 400_000)
    inside = space.contains(d).mean()
    assert share == pytest.approx(inside, abs=5 * np.sqrt(inside * (1 - inside) / 400_000))


def test_kuhn_simplex_counts_and_the_nine_pillar_fallback():
    from idx.sensitivity.sampling import plan

    six = plan(WeightSpace.around(SYSTEM, 0.25, mode="factors"), "uniform")
    assert six.method == "kuhn" and len(six.probabilities) == 720  # 6 faces x 5!
    one_fixed = plan(
        WeightSpace.around(SYSTEM, 0.25, mode="factors", fixed=["security"]), "uniform"
    )
    assert len(one_fixed.probabilities) == 120  # the box itself, 5!
    nine = idx.IndexSystem.from_weights({f"p{j}": 1 / 9 for j in range(9)})
    space = WeightSpace.around(nine, 0.25, mode="factors")
    how = plan(space, "uniform")
    assert how.method == "rejection"  # 9! = 362,880 simplices: rejection instead
    assert space.contains(how.draw(500, np.random.default_rng(1))).all()


def test_alias_table_reproduces_its_probabilities():
    from idx.sensitivity.sampling import _alias_draw, _alias_table

    p = np.array([0.5, 0.25, 0.125, 0.0625, 0.0625])
    threshold, alias = _alias_table(p)
    drawn = _alias_draw(threshold, alias, 400_000, np.random.default_rng(2))
    observed = np.bincount(drawn, minlength=5) / 400_000
    np.testing.assert_allclose(observed, p, atol=5 * np.sqrt(0.25 / 400_000))


def test_too_small_an_acceptance_is_refused_before_sampling():
    # application in [0.9, 1] and the other five free in [0, 1]: elimination keeps
    # the draws whose five uniforms sum to at most 0.1, P = 0.1^5 / 5! < 1e-4... but
    # Dirichlet(1) over the shifted simplex accepts them all, so no error here;
    # a narrow band on a sum of uniforms with every pillar bounded is refused.
    bounds = {p: (0.0, 1.0) for p in SYSTEM.ids}
    bounds["application"] = (0.9, 1.0)
    inside = [0.01, 0.01, 0.01, 0.95, 0.01, 0.01]  # a reference within these bounds
    space = WeightSpace.from_bounds(SYSTEM, bounds, reference=inside)
    assert sample_weights(space, 10, seed=1).shape == (10, 6)
    tight = {p: (0.199, 0.2) for p in SYSTEM.ids[:5]}
    tight["regulation"] = (0.0, 1.0)
    space = WeightSpace.from_bounds(SYSTEM, tight, reference=[0.1995] * 5 + [0.0025])
    from idx.sensitivity.sampling import plan

    how = plan(space, "uniform")
    assert how.acceptance > 1e-4  # tightening pins regulation to [0, 0.005]: cheap


def test_jrc_draws_are_those_of_numpy_uniform_renormalised():
    # the jrc sampler is unchanged by the speed work: each factor is
    # rng.uniform(lower, upper) and the vector is divided by its sum
    space = WeightSpace.around(SYSTEM, 0.25, mode="factors")
    ours = sample_weights(space, 50_000, sampler="jrc", seed=2017)
    f = np.random.default_rng(2017).uniform(space.lower, space.upper, size=(50_000, 6))
    np.testing.assert_array_equal(ours, f / f.sum(axis=1, keepdims=True))
