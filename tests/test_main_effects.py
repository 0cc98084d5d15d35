"""Main effects (correlation ratios) and optimised weights, against known answers.

Known answers come from Paruolo, Saisana and Saltelli (2013), section 1.1 (the
Dean's example, whose main effects are closed-form), from their closed-form solution
of the inverse problem (eq. 7), and from data built so the answer is exact.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.interpolate import make_smoothing_spline

import idx
from idx import Edition, IdxError, IndexSystem, WeightError
from idx.main_effects import _edf, correlation_ratio, main_effects, optimise_weights


def _edition(indices: np.ndarray, weights: list[float], names: list[str] | None = None) -> Edition:
    names = names or [f"x{j + 1}" for j in range(indices.shape[1])]
    system = IndexSystem.from_weights(dict(zip(names, weights, strict=True)))
    return Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(len(indices))),
        subscores=indices * np.array(weights),
        unit_kind="other",
    )


def _with_covariance(n: int, cov: np.ndarray, seed: int) -> np.ndarray:
    """n x k data whose *sample* covariance (1/n) is exactly ``cov``, mean 0."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, cov.shape[0]))
    z -= z.mean(axis=0)
    whitened = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False, bias=True))).T
    return whitened @ np.linalg.cholesky(cov).T


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    da, db = a - a.mean(), b - b.mean()
    return float((da * db).sum() / math.sqrt((da * da).sum() * (db * db).sum()))


# --- the linear estimate ------------------------------------------------------------------


def test_linear_estimate_is_the_squared_pearson_correlation_2017(edition):
    result = main_effects(edition)
    x = np.asarray(edition.subscores)
    total = x.sum(axis=1)  # the published total: the sum of the sub-scores
    for j in range(x.shape[1]):
        assert result.linear[j] == pytest.approx(_pearson(x[:, j], total) ** 2, abs=1e-12)


def test_deans_example_unequal_variances():
    # Paruolo et al. (2013), section 1.1: uncorrelated x1, x2, x3 with variances 7, 1, 1
    # and equal weights. For uncorrelated pillars their section 3.1 gives
    # S_i = w_i^2 s_ii / sum_t w_t^2 s_tt: 7/9, 1/9, 1/9, summing to 1. (Section 1.1
    # prints R2^2 = 1/63, which contradicts that formula and the sum; 1/9 is right:
    # cov(y, x2)^2 / (s_22 V(y)) = (1/3)^2 / (1 x 1).)
    z = _with_covariance(60, np.diag([7.0, 1.0, 1.0]), seed=1)
    result = main_effects(_edition(50 + 4 * z, [1 / 3, 1 / 3, 1 / 3]))
    np.testing.assert_allclose(result.linear, [7 / 9, 1 / 9, 1 / 9], atol=1e-10)
    assert result.linear.sum() == pytest.approx(1.0)


def test_deans_example_correlated_pillars_and_the_divergence():
    # Standardised x1, x2, x3 with corr(x2, x3) = 0.7, equal weights:
    # R1^2 = 1 / (3 + 2 rho) = 5/22, R2^2 = R3^2 = (1 + rho)^2 / (3 + 2 rho) = 289/440.
    cov = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.7], [0.0, 0.7, 1.0]])
    z = _with_covariance(80, cov, seed=2)
    result = main_effects(_edition(50 + 5 * z, [1 / 3, 1 / 3, 1 / 3]))
    np.testing.assert_allclose(result.linear, [5 / 22, 289 / 440, 289 / 440], atol=1e-10)
    # Equal weights tie for the reference; the larger main effect wins (x2 or x3), and
    # d_m = |1 - S1 / S_ref| = 1 - (5/22) / (289/440) = 189/289.
    assert result.reference in ("x2", "x3")
    assert result.divergence_linear == pytest.approx(189 / 289, abs=1e-10)
    # x1's share of the main effects, 100/678 = 0.147, is under half its weight (1/3).
    assert result.relative_linear[0] == pytest.approx(100 / 678, abs=1e-10)


# --- the nonparametric estimate -----------------------------------------------------------


def test_nonparametric_equals_linear_when_the_relation_is_exactly_linear():
    x = np.linspace(0.0, 100.0, 12)
    y = 3.0 + 0.4 * x
    assert correlation_ratio(x, y, estimator="linear") == pytest.approx(1.0)
    assert correlation_ratio(x, y) == pytest.approx(1.0)


def test_nonparametric_equals_linear_when_group_means_are_exactly_linear():
    # Three units per value of x, with deviations summing to zero within each group:
    # E[y | x] = 2x exactly while y is not a function of x (R^2 < 1). Tied x values
    # become one knot holding the group mean, so the spline is the straight line.
    x = np.repeat(np.arange(10.0), 3)
    deviations = np.tile([1.0, -1.0, 0.0], 10) * np.repeat(np.linspace(0.5, 3.0, 10), 3)
    y = 2.0 * x + deviations
    linear = _pearson(x, y) ** 2
    assert linear < 0.95
    assert correlation_ratio(x, y, estimator="linear") == pytest.approx(linear, abs=1e-12)
    assert correlation_ratio(x, y) == pytest.approx(linear, abs=1e-9)


def test_nonparametric_exceeds_linear_on_a_quadratic_relation():
    x = np.linspace(-1.0, 1.0, 31)
    y = x**2
    assert correlation_ratio(x, y, estimator="linear") == pytest.approx(0.0, abs=1e-12)
    assert correlation_ratio(x, y) > 0.99


def test_nonparametric_exceeds_linear_on_an_edition_with_a_curved_pillar():
    # b is a parabola of a: the total w_a a + w_b b is curved in a.
    a = np.linspace(10.0, 90.0, 25)
    b = (a - 50.0) ** 2 / 16.0
    result = main_effects(_edition(np.column_stack([a, b]), [0.5, 0.5], ["a", "b"]))
    assert result.nonparametric[0] > result.linear[0] + 0.5
    assert result.edf[0] > 2.5


def test_nonparametric_is_never_below_linear(edition):
    # The spline reproduces straight lines, so its fit is the least-squares line plus a
    # part orthogonal to it: its variance is at least the line's.
    result = main_effects(edition)
    assert (result.nonparametric >= result.linear - 1e-12).all()
    rng = np.random.default_rng(7)
    for _ in range(5):
        x = rng.uniform(0, 100, 31)
        y = np.sin(x / 15.0) + rng.normal(0, 0.5, 31)
        assert correlation_ratio(x, y) >= correlation_ratio(x, y, estimator="linear") - 1e-12


def test_a_constant_pillar_has_no_effect():
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.uniform(10, 90, 12), np.full(12, 40.0)])
    result = main_effects(_edition(x, [0.6, 0.4], ["a", "b"]))
    assert result.linear[1] == 0.0 and result.nonparametric[1] == 0.0
    assert any("Constant across units" in n for n in result.notes)


def test_few_distinct_values_use_group_means():
    # x takes 3 values: E[y | x] is the group means, Pearson's discrete correlation ratio
    # sum_g n_g (mean_g - mean)^2 / sum_i (y_i - mean)^2.
    x = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 2.0])
    y = np.array([1.0, 2.0, 3.0, 7.0, 5.0, 1.0, 0.0, 2.0])
    groups = [y[x == v] for v in (0.0, 1.0, 2.0)]
    between = sum(len(g) * (g.mean() - y.mean()) ** 2 for g in groups)
    assert correlation_ratio(x, y) == pytest.approx(between / ((y - y.mean()) ** 2).sum())


def test_edf_recovers_the_penalty_of_a_spline_fit():
    # For a known penalty, the trace of the hat matrix built one column at a time.
    rng = np.random.default_rng(5)
    knots = np.sort(rng.uniform(0, 10, 20))
    weights = rng.integers(1, 4, 20).astype(float)
    means = np.sin(knots) + rng.normal(0, 0.3, 20)
    for lam in (0.01, 0.5, 20.0):
        spline = make_smoothing_spline(knots, means, w=weights, lam=lam)
        trace = sum(
            make_smoothing_spline(knots, np.eye(20)[k], w=weights, lam=lam)(knots[k])
            for k in range(20)
        )
        assert _edf(spline, knots, means, weights) == pytest.approx(trace, rel=1e-6)


def test_exactly_linear_fit_has_two_degrees_of_freedom():
    a = np.linspace(10.0, 90.0, 15)
    result = main_effects(_edition(np.column_stack([a, 100.0 - a / 2]), [0.7, 0.3], ["a", "b"]))
    np.testing.assert_allclose(result.linear, 1.0)
    np.testing.assert_allclose(result.nonparametric, 1.0)
    np.testing.assert_array_equal(result.edf, 2.0)


# --- comparison with the weights ------------------------------------------------------------


def test_relative_values_flags_and_divergence_2017(edition):
    result = main_effects(edition)
    w = np.asarray(edition.system.weights)
    s = np.asarray(result.nonparametric)
    np.testing.assert_allclose(result.relative_weights, w / w.sum())
    np.testing.assert_allclose(result.relative_nonparametric, s / s.sum())
    ratio = (s / s.sum()) / (w / w.sum())
    np.testing.assert_allclose(result.ratio, ratio)
    expected = tuple(p for p, r in zip(edition.pillars, ratio, strict=True) if r > 2 or r < 0.5)
    assert result.flagged == expected
    # the reference is the heaviest pillar, application (25%); d_m by its definition
    assert result.reference == "application"
    j = edition.pillars.index("application")
    gaps = [abs(w[i] / w[j] - s[i] / s[j]) for i in range(len(w)) if i != j]
    assert result.divergence == pytest.approx(max(gaps))


def test_frame_has_one_row_per_pillar_with_the_issue_columns(edition):
    frame = main_effects(edition).to_frame()
    assert frame["pillar"].tolist() == list(edition.pillars)
    for column in (
        "weight",
        "linear",
        "nonparametric",
        "relative_weight",
        "relative_nonparametric",
        "flag",
    ):
        assert column in frame.columns


def test_other_weights_and_the_factor(edition):
    equal = main_effects(edition, "equal", factor=1.5)
    total = np.asarray(edition.index_array).mean(axis=1)
    x = np.asarray(edition.index_array)
    assert equal.weights_label == "equal"
    assert equal.linear[0] == pytest.approx(_pearson(x[:, 0], total) ** 2)
    ratio = equal.ratio
    assert equal.flagged == tuple(
        p for p, r in zip(edition.pillars, ratio, strict=True) if r > 1.5 or r < 1 / 1.5
    )


def test_results_are_read_only(edition):
    result = main_effects(edition)
    with pytest.raises(ValueError, match="read-only"):
        result.linear[0] = 1.0


# --- optimised weights ---------------------------------------------------------------------


def _paruolo_inverse(x: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Paruolo et al. (2013), eq. 7: the unique real weights with R_i^2 / R_1^2 = z_i^2.

    ``w* = Sigma^-1 g / (1' Sigma^-1 g)`` with ``g_i = z_i sqrt(sigma_ii / sigma_11)``
    and ``z_i^2 = target_i / target_1``.
    """
    sigma = np.cov(x, rowvar=False, bias=True)
    z = np.sqrt(target / target[0])
    g = z * np.sqrt(np.diag(sigma) / sigma[0, 0])
    w = np.linalg.solve(sigma, g)
    return w / w.sum()


def _attainable_case() -> tuple[Edition, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    common = rng.normal(size=(40, 1))
    x = 50 + 10 * (0.6 * common + 0.8 * rng.normal(size=(40, 4))) * np.array([1.0, 0.6, 1.4, 0.9])
    truth = np.array([0.1, 0.4, 0.2, 0.3])
    total = x @ truth
    effects = np.array([_pearson(x[:, j], total) ** 2 for j in range(4)])
    return _edition(x, [0.25] * 4), truth, effects / effects.sum()


def test_optimised_weights_reproduce_an_attainable_target():
    # The target is the relative main effects of known positive weights, so it is
    # attained by them, and by them only (Paruolo's inverse solution is unique).
    edition, truth, target = _attainable_case()
    np.testing.assert_allclose(_paruolo_inverse(np.asarray(edition.index_array), target), truth)
    result = optimise_weights(edition, list(target))
    assert result.attainable and result.converged
    assert result.largest_gap < 1e-6
    np.testing.assert_allclose(result.weights, truth, atol=1e-6)
    np.testing.assert_allclose(result.relative, target, atol=1e-6)
    assert result.notes == ()


def test_optimised_weights_report_an_unattainable_target():
    # x1 and x2 are nearly the same variable: no weights give them main effects of
    # 0.45 and 0.05. Paruolo's real solution needs negative weights.
    rng = np.random.default_rng(4)
    base = rng.normal(size=40)
    x = 50 + 10 * np.column_stack([base, base + 0.05 * rng.normal(size=40), rng.normal(size=40)])
    target = np.array([0.45, 0.05, 0.5])
    assert (_paruolo_inverse(x, target) < 0).any()
    result = optimise_weights(_edition(x, [0.4, 0.3, 0.3]), {"x1": 0.45, "x2": 0.05, "x3": 0.5})
    assert not result.attainable
    assert result.largest_gap > 0.1
    assert result.residual <= result.residual_nominal
    assert "not attainable" in result.note
    assert (result.weights >= 0).all() and result.weights.sum() == pytest.approx(1.0)


def test_the_2017_weights_are_not_attainable_as_importance(edition):
    x = np.asarray(edition.index_array)
    target = np.asarray(edition.system.weights)
    assert (_paruolo_inverse(x, target) < 0).any()
    result = optimise_weights(edition)
    assert result.target_label == "published weights"
    assert not result.attainable
    assert result.residual <= result.residual_nominal + 1e-12
    # every pillar stays positively related to the total under the optimised weights
    total = x @ result.weights
    assert all(_pearson(x[:, j], total) >= -1e-9 for j in range(x.shape[1]))
    # the reported main effects are those of the optimised weights
    again = main_effects(edition, list(result.weights))
    np.testing.assert_allclose(result.linear, again.linear, atol=1e-12)
    np.testing.assert_allclose(result.nonparametric, again.nonparametric, atol=1e-12)


def test_optimisation_is_deterministic(edition):
    first, second = optimise_weights(edition, "equal"), optimise_weights(edition, "equal")
    np.testing.assert_array_equal(first.weights, second.weights)
    frame = first.to_frame()
    assert frame["pillar"].tolist() == list(edition.pillars)
    np.testing.assert_allclose(frame["target"], 1 / 6)


# --- bad input ----------------------------------------------------------------------------


def test_fewer_than_five_units_is_an_error():
    x = np.array([[10.0, 20.0], [30.0, 40.0], [50.0, 10.0], [70.0, 90.0]])
    small = _edition(x, [0.5, 0.5], ["a", "b"])
    with pytest.raises(IdxError, match=r"main effects need at least 5 units \(got 4\)"):
        main_effects(small)
    with pytest.raises(IdxError, match=r"at least 5 units \(got 4\)"):
        optimise_weights(small)
    with pytest.raises(IdxError, match=r"at least 5 units \(got 3\)"):
        correlation_ratio([1, 2, 3], [1, 2, 4])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"nope": 1.0}, r"'target' names unknown pillar 'nope'; expected one of infrastructure"),
        (
            {"infrastructure": 1.0},
            r"'target' must give a share to every pillar \(missing innovation",
        ),
        ([0.2] * 6, r"'target' shares must sum to 1 \(got 1\.2\)"),
        ([0.5, 0.5], r"'target' must hold one share per pillar \(6\) \(got 2\)"),
        (
            [-0.1, 0.3, 0.2, 0.2, 0.2, 0.2],
            r"target share of 'infrastructure' must be finite and >= 0 \(got -0\.1\)",
        ),
        ("balanced", r"'target' must be 'published', 'equal', .* \(got 'balanced'\)"),
        (3.0, r"'target' must be 'published', 'equal', .* \(got float\)"),
    ],
)
def test_bad_targets(edition, target, message):
    with pytest.raises(WeightError, match=message):
        optimise_weights(edition, target)


def test_other_bad_arguments(edition):
    with pytest.raises(IdxError, match=r"'factor' must be finite and > 1 \(got 1\)"):
        main_effects(edition, factor=1)
    with pytest.raises(IdxError, match=r"'tolerance' must be in \(0, 1\) \(got 0\)"):
        optimise_weights(edition, tolerance=0)
    with pytest.raises(IdxError, match=r"'estimator' must be one of linear, nonparametric"):
        correlation_ratio(range(6), range(6), estimator="kernel")  # type: ignore[arg-type]
    with pytest.raises(IdxError, match=r"equal length"):
        correlation_ratio(range(6), range(7))
    with pytest.raises(IdxError, match=r"'y' is constant"):
        correlation_ratio(range(6), [1.0] * 6)
    with pytest.raises(WeightError, match="unknown pillar"):
        main_effects(edition, {"nope": 0.5})


def test_a_total_equal_for_every_unit_is_an_error():
    a = np.linspace(10.0, 90.0, 8)
    flat = _edition(np.column_stack([a, 100.0 - a]), [0.5, 0.5], ["a", "b"])
    with pytest.raises(IdxError, match="the total is the same for every unit"):
        main_effects(flat)


def test_public_names():
    assert idx.main_effects is main_effects
    assert idx.optimise_weights is optimise_weights
