from __future__ import annotations

import math

import numpy as np
import pymcdm.weights as pw
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx import schemes as W
from idx.space import WeightSpace
from idx.testing import editions, pairwise_matrices

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
        (
            [[1, -2, 3], [-0.5, 1, 2], [1 / 3, 0.5, 1]],
            r"positive finite numbers \(got a\[0, 1\] = -2\)",
        ),
        (
            [[1, np.nan, 3], [0.5, 1, 2], [1 / 3, 0.5, 1]],
            r"positive finite numbers \(got a\[0, 1\] = nan\)",
        ),
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


def test_entropy_known_numbers_with_a_zero_and_a_constant_pillar():
    # Two units. a = (10, 10): p = (1/2, 1/2), e = ln 2 / ln 2 = 1, d = 0.
    # b = (10, 30): p = (1/4, 3/4), e = -(1/4 ln 1/4 + 3/4 ln 3/4) / ln 2 = 0.811278124459133,
    # d = 0.188721875540867. c = (0, 50): p = (0, 1), 0 ln 0 = 0 and 1 ln 1 = 0, so e = 0, d = 1.
    # w = d / (0 + 0.188721875540867 + 1).
    x = np.array([[10.0, 10.0, 0.0], [10.0, 30.0, 50.0]])
    result = W.entropy(_edition(x))
    d_b = 0.188721875540867
    np.testing.assert_allclose(result.weights, [0.0, d_b / (1 + d_b), 1 / (1 + d_b)], atol=1e-14)
    assert result.note == "constant pillars get weight 0: a"


def test_critic_known_numbers_with_a_constant_pillar():
    # a = (0, 50, 100) -> min-max (0, 1/2, 1), sample sd 1/2.
    # b = (0, 0, 100) -> (0, 0, 1), sample sd sqrt(((1/3)^2 * 2 + (2/3)^2) / 2) = sqrt(1/3).
    # c = 30 everywhere: no contrast, weight 0, and left out of a's and b's conflict sums,
    # so C_a = (1/2)(1 - r), C_b = sqrt(1/3)(1 - r): w = (1/2, sqrt(1/3)) / (1/2 + sqrt(1/3)).
    x = np.array([[0.0, 0.0, 30.0], [50.0, 0.0, 30.0], [100.0, 100.0, 30.0]])
    result = W.critic(_edition(x))
    total = 0.5 + math.sqrt(1 / 3)
    np.testing.assert_allclose(result.weights, [0.5 / total, math.sqrt(1 / 3) / total, 0.0])


def test_pca_two_uncorrelated_blocks_by_hand():
    # Columns of a Hadamard matrix are centred and orthogonal over 8 units, so
    # a = h1, b = h1 + h2 (r_ab = 1/sqrt 2), c = h3, d = h3 + 2 h4 (r_cd = 1/sqrt 5), and
    # every cross-block correlation is 0. Eigenvalues: 1 + 1/sqrt 2, 1 + 1/sqrt 5 (kept,
    # > 1, 79 % of the variance) and 1 - 1/sqrt 5, 1 - 1/sqrt 2. The loadings already have
    # simple structure (a, b on factor 1; c, d on factor 2), so varimax leaves them; squared
    # and scaled per factor each pillar gets 1/2, times its factor's variance share:
    # w_a = w_b = (1/2) l1 / (l1 + l2), w_c = w_d = (1/2) l2 / (l1 + l2).
    from scipy.linalg import hadamard

    h = hadamard(8)[:, 1:].astype(float)
    x = 50 + 5 * np.column_stack([h[:, 0], h[:, 0] + h[:, 1], h[:, 2], h[:, 2] + 2 * h[:, 3]])
    system = idx.IndexSystem.from_weights(dict.fromkeys("abcd", 0.25))
    result = W.pca(_edition(x, system))
    l1, l2 = 1 + 1 / math.sqrt(2), 1 + 1 / math.sqrt(5)
    half = [0.5 * l1 / (l1 + l2)] * 2 + [0.5 * l2 / (l1 + l2)] * 2
    np.testing.assert_allclose(result.weights, half, atol=1e-12)
    assert result.diagnostics["retained"] == 2
    assert result.diagnostics["factor"][0] != result.diagnostics["factor"][2]


def test_pca_cumulative_variance_criterion_adds_components():
    # Same blocks, but a Kaiser threshold of 1.6 keeps only l1 = 1.71 (43 % of 4): the
    # 60 % criterion then adds the second component; with it disabled one is kept.
    from scipy.linalg import hadamard

    h = hadamard(8)[:, 1:].astype(float)
    x = 50 + 5 * np.column_stack([h[:, 0], h[:, 0] + h[:, 1], h[:, 2], h[:, 2] + 2 * h[:, 3]])
    e = _edition(x, idx.IndexSystem.from_weights(dict.fromkeys("abcd", 0.25)))
    assert W.pca(e, min_eigenvalue=1.6).diagnostics["retained"] == 2
    assert W.pca(e, min_eigenvalue=1.6, min_cumulative=0).diagnostics["retained"] == 1


def test_varimax_is_an_orthogonal_rotation_at_the_brute_force_optimum():
    # Independent check of the SVD iteration: with two factors every rotation is an
    # angle, so scan 20 000 angles for the largest (Kaiser-normalised) varimax criterion.
    x = idx.load_2017().index_array
    corr = np.corrcoef(x, rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    top = np.argsort(values)[::-1][:2]
    loadings = vectors[:, top] * np.sqrt(values[top])
    h = np.sqrt((loadings**2).sum(axis=1))[:, None]

    def criterion(rotated):
        z2 = (rotated / h) ** 2
        return ((z2**2).mean(axis=0) - z2.mean(axis=0) ** 2).sum()

    rotated = W.pca(idx.load_2017()).diagnostics["rotated_loadings"]
    r, *_ = np.linalg.lstsq(loadings, rotated, rcond=None)
    np.testing.assert_allclose(r.T @ r, np.eye(2), atol=1e-10)
    best = 0.0
    for t in np.linspace(0, np.pi / 2, 20001):
        c, s = math.cos(t), math.sin(t)
        best = max(best, criterion(loadings @ np.array([[c, -s], [s, c]])))
    assert criterion(rotated) >= best - 1e-9


def test_ahp_takes_the_pillars_of_a_system_and_rejects_more_than_ten():
    v = np.array([0.5, 0.25, 0.25])
    result = W.ahp(v[:, None] / v[None, :], pillars=SYSTEM)
    assert result.as_dict() == pytest.approx({"a": 0.5, "b": 0.25, "c": 0.25})
    ids = [f"p{i}" for i in range(11)]
    with pytest.raises(idx.WeightError, match=r"at most 10 pillars, .* \(got 11\)"):
        W.ahp(np.ones((11, 11)), ids)


def test_rank_weights_accept_a_system():
    assert W.rank_sum(SYSTEM, ["a", "b", "c"]).as_dict() == pytest.approx(
        {"a": 3 / 6, "b": 2 / 6, "c": 1 / 6}
    )


@pytest.mark.parametrize(
    ("bounds", "mode"),
    [({"a": (0.25, 0.75), "b": (0.25, 0.75)}, "simplex"), ({"a": (1, 3), "b": (1, 3)}, "factors")],
)
def test_benefit_of_the_doubt_with_binding_bounds_by_hand(bounds, mode):
    # u0 = (100, 50), u1 = (50, 100), u2 = (80, 0); weights (t, 1 - t).
    # Both spaces allow exactly t in [1/4, 3/4] (factors f in [1, 3]: t = f_a / (f_a + f_b)).
    # u2 totals 80 t; the best other unit is u0 with 50 + 50 t for t >= 1/2, so u2's ratio
    # 80 t / (50 + 50 t) grows with t: best at t = 3/4, 60 / 87.5 = 24/35 (unrestricted it
    # would reach t = 1 and 0.8). u0 and u1 lead at t >= 1/2 and t <= 1/2: score 1.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system,
        units=("u0", "u1", "u2"),
        subscores=[[50, 25], [25, 50], [40, 0]],
        unit_kind="other",
    )
    result = W.benefit_of_the_doubt(e, WeightSpace.from_bounds(system, bounds, mode=mode))
    np.testing.assert_allclose(result.scores, [1.0, 1.0, 24 / 35], atol=1e-9)
    np.testing.assert_allclose(result.weights[2], [0.75, 0.25], atol=1e-9)
    assert result.totals[2] == pytest.approx(60.0)
    # under (3/4, 1/4) u0 totals 87.5, u1 62.5 and u2 60: even its own best weights leave it 3rd
    assert result.own_ranks[2] == 3
    assert W.benefit_of_the_doubt(e).scores[2] == pytest.approx(0.8)


@given(st.integers(1, 8).flatmap(lambda n: pairwise_matrices(n, consistent=True)))
def test_ahp_recovers_the_weights_of_any_consistent_matrix(matrix):
    # a_ij = v_i / v_j, so column 0 is v / v_0: proportional to v; lambda_max = n, CR = 0.
    n = len(matrix)
    result = W.ahp(matrix, [f"p{i}" for i in range(n)])
    np.testing.assert_allclose(result.weights, matrix[:, 0] / matrix[:, 0].sum(), atol=1e-10)
    assert result.diagnostics["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)


@given(st.integers(3, 8).flatmap(pairwise_matrices))
def test_ahp_on_any_reciprocal_matrix(matrix):
    # Saaty: lambda_max >= n for a positive reciprocal matrix, so CI and CR are >= 0.
    result = W.ahp(matrix, [f"p{i}" for i in range(len(matrix))])
    assert (result.weights > 0).all() and result.weights.sum() == pytest.approx(1.0)
    assert result.diagnostics["consistency_ratio"] >= -1e-9
    assert result.diagnostics["consistent"] == (result.diagnostics["consistency_ratio"] <= 0.1)


def test_pca_errors():
    x = X.copy()
    x[:, 1] = 25.0
    with pytest.raises(idx.WeightError, match="'b' is constant, so its correlations are undefined"):
        W.pca(_edition(x))
    with pytest.raises(idx.WeightError, match=r"'min_cumulative' must be in \[0, 1\] \(got 60\)"):
        W.pca(_edition(), min_cumulative=60)
    with pytest.raises(idx.WeightError, match="need at least 2 units"):
        W.pca(_edition(X[:1]))


@given(editions(min_units=3, max_units=10, decimals=1), st.integers(0, 5), st.floats(0, 100))
def test_a_constant_pillar_gets_zero_entropy_and_critic_weight(edition, j, level):
    j %= len(edition.pillars)
    x = np.array(edition.index_array)
    x[:, j] = level
    e = idx.Edition(
        system=edition.system, units=edition.units, subscores=x * edition.system.weights
    )
    for scheme in (W.entropy, W.critic):
        try:
            result = scheme(e)
        except idx.WeightError as exc:
            # all constant, or (CRITIC) the varying pillars perfectly correlated
            varying = x[:, np.ptp(x, axis=0) > 0]
            assert varying.shape[1] == 0 or (
                "perfectly correlated" in str(exc)
                and np.allclose(np.abs(np.corrcoef(varying, rowvar=False)), 1.0)
            )
            continue
        assert result.weights[j] == 0.0


def test_critic_single_varying_pillar_and_perfect_correlation():
    x = np.array([[10.0, 5.0, 5.0], [20.0, 5.0, 5.0], [40.0, 5.0, 5.0]])
    result = W.critic(_edition(x))
    assert result.weights.tolist() == [1.0, 0.0, 0.0] and "only one pillar varies" in result.note
    x[:, 1] = [1.0, 2.0, 4.0]  # b = a / 10: r_ab = 1, so C_a = C_b = 0
    with pytest.raises(idx.WeightError, match="varying pillars are perfectly correlated"):
        W.critic(_edition(x))


def test_pca_on_one_pillar_is_an_error_not_a_linalg_error():
    system = idx.IndexSystem.from_weights({"a": 1.0})
    e = idx.Edition(
        system=system, units=("u0", "u1", "u2"), subscores=[[50], [60], [20]], unit_kind="other"
    )
    with pytest.raises(idx.WeightError, match=r"pca weights need at least 2 pillars \(got 1\)"):
        W.pca(e)


def test_ahp_refuses_a_string_of_labels_and_repeated_labels():
    with pytest.raises(
        idx.WeightError,
        match=r"'pillars' must be a sequence of pillar labels, an Edition or an IndexSystem "
        r"\(got 'abc'\)",
    ):
        W.ahp(np.ones((3, 3)), "abc")  # type: ignore[arg-type]
    with pytest.raises(
        idx.WeightError, match=r"'pillars' must not repeat a label \('a' appears twice\)"
    ):
        W.ahp(np.ones((2, 2)), ["a", "a"])


def test_rank_order_accepts_display_names():
    e = idx.load_2017()
    by_name = W.rank_order_centroid(
        e,
        [
            "Internet application",
            "infrastructure construction",
            "INNOVATION",
            "digital economy",
            "Cyber security",
            "Cyber regulation",
        ],
    )
    by_id = W.rank_order_centroid(
        e,
        [
            "application",
            "infrastructure",
            "innovation",
            "digital_economy",
            "security",
            "regulation",
        ],
    )
    assert by_name.weights.tolist() == by_id.weights.tolist()
