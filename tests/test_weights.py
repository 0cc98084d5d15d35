from __future__ import annotations

import math

import numpy as np
import pymcdm.weights as pw
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx import weights as W
from idx.space import WeightSpace
from idx.testing import editions

# A small table of 0-100 indices: 4 units x 3 pillars, weights 0.5/0.25/0.25.
SYSTEM = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.25, "c": 0.25})
X = np.array([[40.0, 20.0, 10.0], [20.0, 20.0, 30.0], [30.0, 60.0, 20.0], [10.0, 100.0, 40.0]])


def _edition(x=X, system=SYSTEM):
    return idx.Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(len(x))),
        subscores=x * system.weights,
        unit_kind="other",
    )


def test_entropy_by_hand():
    # Pillar a: p = (0.4, 0.2, 0.3, 0.1); e = -sum p ln p / ln 4, and so on.
    def e(col):
        p = col / col.sum()
        return -(p * np.log(p)).sum() / math.log(4)

    d = np.array([1 - e(X[:, j]) for j in range(3)])
    np.testing.assert_allclose(W.entropy(_edition()).weights, d / d.sum(), rtol=0, atol=1e-15)


def test_critic_by_hand():
    z = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    s = z.std(axis=0, ddof=1)
    r = np.corrcoef(z.T)
    c = np.array([s[j] * sum(1 - r[j, k] for k in range(3)) for j in range(3)])
    np.testing.assert_allclose(W.critic(_edition()).weights, c / c.sum(), rtol=0, atol=1e-15)


def test_std_by_hand():
    # sample sds: a = sqrt(500/3), b = sqrt(3200/3)... ratio is ddof-free
    s = np.array([np.std(X[:, j]) for j in range(3)])
    np.testing.assert_allclose(W.std(_edition()).weights, s / s.sum(), rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (W.entropy, pw.entropy_weights),
        (W.critic, pw.critic_weights),
        (W.std, pw.standard_deviation_weights),
    ],
)
def test_agree_with_pymcdm_on_2017(ours, theirs):
    edition = idx.load_2017()
    np.testing.assert_allclose(
        ours(edition).weights, theirs(edition.index_array), rtol=0, atol=1e-12
    )


def test_schemes_work_on_indices_not_subscores():
    # Scaling the published weights changes sub-scores but not indices, so not the weights.
    other_system = idx.IndexSystem.from_weights({"a": 0.2, "b": 0.4, "c": 0.4})
    a, b = _edition(), _edition(system=other_system)
    for scheme in (W.entropy, W.critic, W.std):
        np.testing.assert_allclose(scheme(a).weights, scheme(b).weights, atol=1e-15)


def test_rank_order_centroid_and_rank_sum_by_hand():
    e = _edition()
    # ROC for 3: (1 + 1/2 + 1/3)/3, (1/2 + 1/3)/3, (1/3)/3 = 11/18, 5/18, 2/18
    roc = W.rank_order_centroid(e, ["b", "a", "c"])
    np.testing.assert_allclose(roc.weights, [5 / 18, 11 / 18, 2 / 18])
    # rank sum for 3: 3/6, 2/6, 1/6
    np.testing.assert_allclose(W.rank_sum(e, ["c", "a", "b"]).weights, [2 / 6, 1 / 6, 3 / 6])
    with pytest.raises(idx.WeightError, match="'order' must list every pillar exactly once"):
        W.rank_order_centroid(e, ["a", "b"])


def test_ahp_consistent_matrix_returns_its_generating_weights():
    v = np.array([0.5, 0.3, 0.2])
    result = W.ahp(v[:, None] / v[None, :], ["a", "b", "c"])
    np.testing.assert_allclose(result.weights, v, atol=1e-12)
    assert result.diagnostics["consistency_ratio"] == pytest.approx(0.0, abs=1e-12)
    assert result.diagnostics["consistent"] and result.note == ""


def test_ahp_inconsistent_is_reported_and_known_cr():
    # a > b (3), b > c (3) but c > a (3): lambda_max = 3 + 3^(2/3)... computed by numpy,
    # CI = (lambda - 3) / 2 and RI(3) = 0.58, far above 0.1.
    m = np.array([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]])
    result = W.ahp(m, ["a", "b", "c"])
    lam = max(np.linalg.eigvals(m).real)
    assert result.diagnostics["consistency_ratio"] == pytest.approx((lam - 3) / 2 / 0.58)
    assert not result.diagnostics["consistent"]
    assert "inconsistent judgements" in result.note
    np.testing.assert_allclose(result.weights, [1 / 3] * 3, atol=1e-12)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2], [0.5, 1]], r"'matrix' must be 3 x 3"),
        ([[1, 2, 3], [0.5, 1, 2]], r"'matrix' must be square"),
        (
            [[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.4, 1]],
            r"'matrix' must be reciprocal \(got a\[1, 2\] \* a\[2, 1\] = 0.8\)",
        ),
        ([[1, -2, 3], [-0.5, 1, 2], [1 / 3, 0.5, 1]], "positive finite numbers"),
        ([[1, np.nan, 3], [0.5, 1, 2], [1 / 3, 0.5, 1]], "positive finite numbers"),
    ],
)
def test_ahp_malformed(matrix, message):
    with pytest.raises(idx.WeightError, match=message):
        W.ahp(matrix, ["a", "b", "c"])


def test_constant_pillar_gets_zero_entropy_and_critic_weight():
    x = X.copy()
    x[:, 2] = 25.0
    e = _edition(x)
    assert W.entropy(e).weights[2] == 0 and "constant" in W.entropy(e).note
    assert W.critic(e).weights[2] == 0
    x[:, :] = 25.0
    with pytest.raises(idx.WeightError, match="every pillar is constant"):
        W.entropy(_edition(x))


def test_pca_weights_on_2017():
    result = W.pca(idx.load_2017())
    assert result.weights.sum() == pytest.approx(1.0)
    eig = result.diagnostics["component_eigenvalues"]
    assert eig.sum() == pytest.approx(6.0)  # trace of a 6 x 6 correlation matrix
    kept = int((eig > 1).sum())
    assert result.diagnostics["rotated_loadings"].shape == (6, kept)
    # varimax keeps communalities: row sums of squared loadings equal the unrotated ones
    corr = np.corrcoef(idx.load_2017().index_array, rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    top = np.argsort(values)[::-1][:kept]
    unrotated = vectors[:, top] * np.sqrt(values[top])
    np.testing.assert_allclose(
        (result.diagnostics["rotated_loadings"] ** 2).sum(axis=1),
        (unrotated**2).sum(axis=1),
        atol=1e-10,
    )


def test_benefit_of_the_doubt_by_hand():
    # Unrestricted BoD with two pillars: u0 = (100, 0) and u1 = (0, 100) each lead when
    # their own pillar weighs at least half and score 1. u2 = (40, 40) totals 40 under any
    # weights (t, 1 - t) while the best unit totals max(100 t, 100 (1 - t)) >= 50, least
    # at t = 1/2: u2's best ratio is 40 / 50 = 0.8.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system,
        units=("u0", "u1", "u2"),
        subscores=[[50, 0], [0, 50], [20, 20]],
        unit_kind="other",
    )
    result = W.benefit_of_the_doubt(e)
    np.testing.assert_allclose(result.scores, [1.0, 1.0, 0.8], atol=1e-9)
    assert result.ranks.tolist() == [1, 1, 3]
    np.testing.assert_allclose(result.weights[2], [0.5, 0.5], atol=1e-9)
    assert result.weights[0][0] >= 0.5 - 1e-9


def test_benefit_of_the_doubt_respects_the_space():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    result = W.benefit_of_the_doubt(edition, space)
    assert space.contains(result.weights, atol=1e-7).all()
    # No unit does better under its own weights than its rank range allows
    assert (result.scores <= 1 + 1e-9).all() and result.scores.max() == pytest.approx(1.0)
    assert (result.own_ranks >= idx.rank_range(edition, space).best).all()


@given(editions(min_units=3, max_units=12, decimals=1))
def test_weights_are_non_negative_and_sum_to_one(edition):
    for scheme in (W.entropy, W.critic, W.std):
        try:
            result = scheme(edition)
        except idx.WeightError:
            continue  # all pillars constant
        assert (result.weights >= 0).all()
        assert result.weights.sum() == pytest.approx(1.0)


@given(editions(min_units=3, max_units=10, decimals=1), st.floats(0.1, 0.9))
def test_entropy_invariant_to_scaling_a_pillar(edition, c):
    try:
        before = W.entropy(edition).weights
    except idx.WeightError:
        return
    scaled = np.array(edition.index_array)
    scaled[:, 0] *= c
    other = idx.Edition(
        system=edition.system, units=edition.units, subscores=scaled * edition.system.weights
    )
    np.testing.assert_allclose(W.entropy(other).weights, before, atol=1e-9)
