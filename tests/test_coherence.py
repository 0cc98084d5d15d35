"""Statistical coherence: correlations, Cronbach's alpha, PCA summary, distributions.

Expected values are computed here by textbook formulas (Pearson from sums, Spearman
as Pearson on ranks, Kendall's tau-b by counting pairs, alpha from variances,
e1071's type-2 skewness and kurtosis as COINr uses, quartiles by R's type 7), or
taken from data built so the answer is exact.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import idx
from idx import Edition, IdxError, IndexSystem
from idx.coherence import correlations, distribution_stats, pca_summary, reliability


def _edition(indices: np.ndarray, names: list[str] | None = None) -> Edition:
    m = indices.shape[1]
    names = names or [f"p{j + 1}" for j in range(m)]
    weights = [1.0 / m] * m
    system = IndexSystem.from_weights(dict(zip(names, weights, strict=True)))
    return Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(len(indices))),
        subscores=indices * np.array(weights),
        unit_kind="other",
    )


def _data(edition: Edition) -> np.ndarray:
    x = np.asarray(edition.index_array)
    return np.column_stack([x, np.asarray(edition.subscores).sum(axis=1)])


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    da, db = a - a.mean(), b - b.mean()
    return float((da * db).sum() / math.sqrt((da * da).sum() * (db * db).sum()))


def _ranks(a: np.ndarray) -> np.ndarray:
    # average ranks of ties, by hand
    order = np.argsort(a, kind="stable")
    ranks = np.empty(len(a))
    i = 0
    while i < len(a):
        j = i
        while j + 1 < len(a) and a[order[j + 1]] == a[order[i]]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _tau_b(a: np.ndarray, b: np.ndarray) -> float:
    concordant = discordant = ties_a = ties_b = 0
    for i, j in combinations(range(len(a)), 2):
        da, db = np.sign(a[i] - a[j]), np.sign(b[i] - b[j])
        if da == 0 and db == 0:
            continue
        if da == 0:
            ties_a += 1
        elif db == 0:
            ties_b += 1
        elif da == db:
            concordant += 1
        else:
            discordant += 1
    n0 = concordant + discordant
    return (concordant - discordant) / math.sqrt((n0 + ties_a) * (n0 + ties_b))


def _t_test_p(r: float, n: int) -> float:
    # two-sided p-value of a correlation under the t distribution with n - 2 df
    t = r * math.sqrt((n - 2) / (1 - r * r))
    return float(2 * stats.t.sf(abs(t), n - 2))


# --- correlations ---------------------------------------------------------------------------


def test_correlations_match_textbook_formulas(edition):
    result = correlations(edition)
    data = _data(edition)
    n, k = data.shape
    for method in ("pearson", "spearman", "kendall"):
        assert result.coefficients[method].shape == (k, k)
    for i, j in combinations(range(k), 2):
        a, b = data[:, i], data[:, j]
        r = _pearson(a, b)
        rho = _pearson(_ranks(a), _ranks(b))
        assert result.coefficients["pearson"][i, j] == pytest.approx(r, abs=1e-12)
        assert result.p_values["pearson"][i, j] == pytest.approx(_t_test_p(r, n), rel=1e-9)
        assert result.coefficients["spearman"][i, j] == pytest.approx(rho, abs=1e-12)
        assert result.p_values["spearman"][i, j] == pytest.approx(_t_test_p(rho, n), rel=1e-9)
        assert result.coefficients["kendall"][i, j] == pytest.approx(_tau_b(a, b), abs=1e-12)
        assert result.p_values["kendall"][i, j] == pytest.approx(
            stats.kendalltau(a, b).pvalue, rel=1e-12
        )
    # and the Pearson matrix equals pandas' independent implementation
    frame = pd.DataFrame(data, columns=result.variables)
    np.testing.assert_allclose(
        result.matrix("pearson").to_numpy(), frame.corr().to_numpy(), atol=1e-12
    )


def test_flags_collinear_and_weak_2017(edition):
    result = correlations(edition)
    r = np.corrcoef(_data(edition), rowvar=False)
    pillars = edition.pillars
    expected = [
        (pillars[i], pillars[j])
        for i, j in combinations(range(len(pillars)), 2)
        if abs(r[i, j]) > 0.9
    ]
    assert (
        [(a, b) for a, b, _ in result.collinear()]
        == expected
        == [("innovation", "digital_economy")]
    )
    weak = [p for p, v in zip(pillars, r[:-1, -1], strict=True) if v < 0.3]
    assert [p for p, _ in result.weak()] == weak == ["security"]
    frame = result.to_frame()
    assert len(frame) == (15 + 6) * 3
    row = frame[(frame.x == "security") & (frame.y == "total") & (frame.method == "pearson")]
    assert row["flag"].item() == "negative"
    row = frame[
        (frame.x == "innovation") & (frame.y == "digital_economy") & (frame.method == "pearson")
    ]
    assert row["flag"].item() == "collinear"
    assert set(frame["flag"]) <= {"", "collinear", "weak", "negative"}


def test_thresholds_change_the_flags(edition):
    loose = correlations(edition, collinear=0.5, weak=0.95)
    assert len(loose.collinear()) > 1
    assert {p for p, _ in loose.weak()} == set(edition.pillars)  # all below 0.95


def test_correlation_errors(edition):
    with pytest.raises(IdxError, match=r"'collinear' must be in \(0, 1\) \(got 1\.5\)"):
        correlations(edition, collinear=1.5)
    with pytest.raises(IdxError, match=r"'weak' must be in \[-1, 1\] \(got 2\)"):
        correlations(edition, weak=2)
    with pytest.raises(IdxError, match="'method' must be one of pearson, spearman, kendall"):
        correlations(edition).matrix("cosine")  # type: ignore[arg-type]
    flat = _edition(np.column_stack([np.linspace(10, 90, 6), np.full(6, 30.0)]))
    with pytest.raises(
        IdxError, match="correlation is undefined: pillar 'p2' is the same for every unit"
    ):
        correlations(flat)
    with pytest.raises(IdxError, match=r"correlations needs at least 3 units \(got 2\)"):
        correlations(_edition(np.array([[10.0, 20.0], [30.0, 50.0]])))


# --- Cronbach's alpha ------------------------------------------------------------------------


def _textbook_alpha(x: np.ndarray) -> float:
    # alpha = k / (k - 1) * (1 - sum of item variances / variance of the sum score),
    # written with the covariance matrix: var(sum) is the sum of all its entries.
    k = x.shape[1]
    cov = np.cov(x, rowvar=False)
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def test_cronbach_alpha_matches_the_textbook_formula(edition):
    x = np.asarray(edition.index_array)
    result = reliability(edition)
    assert result.cronbach_alpha == pytest.approx(_textbook_alpha(x), abs=1e-12)
    for j in range(x.shape[1]):
        dropped = _textbook_alpha(np.delete(x, j, axis=1))
        assert result.alpha_if_dropped[j] == pytest.approx(dropped, abs=1e-12)
    # in 2017 only dropping security raises alpha
    assert result.raises_alpha == ("security",)
    frame = result.to_frame()
    np.testing.assert_allclose(frame["change"], frame["alpha_if_dropped"] - result.cronbach_alpha)


def test_cronbach_alpha_known_values():
    base = np.linspace(10, 90, 9)
    parallel = reliability(_edition(np.column_stack([base, base, base])))
    assert parallel.cronbach_alpha == pytest.approx(1.0)
    # three columns with zero sample covariances: var(sum) = sum of variances, alpha 0
    z = np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], dtype=float)
    independent = reliability(_edition(50 + 10 * z))
    assert independent.cronbach_alpha == pytest.approx(0.0, abs=1e-12)
    two = reliability(_edition(np.column_stack([base, base[::-1] / 2 + 20])))
    assert np.isnan(two.alpha_if_dropped).all()  # one item left: undefined


def test_reliability_errors():
    system = IndexSystem.from_weights({"only": 1.0})
    one = Edition(
        system=system, units=("a", "b", "c"), subscores=[[1.0], [2.0], [3.0]], unit_kind="other"
    )
    with pytest.raises(IdxError, match=r"at least 2 pillars \(got 1\)"):
        reliability(one)


# --- principal components ---------------------------------------------------------------------


def test_pca_summary_2017(edition):
    result = pca_summary(edition)
    x = np.asarray(edition.index_array)
    eigenvalues = np.sort(np.linalg.eigvalsh(np.corrcoef(x, rowvar=False)))[::-1]
    np.testing.assert_allclose(result.eigenvalues, eigenvalues, atol=1e-10)
    assert result.eigenvalues.sum() == pytest.approx(len(edition.pillars))
    np.testing.assert_allclose(result.explained, eigenvalues / eigenvalues.sum(), atol=1e-12)
    kaiser = int((eigenvalues > 1).sum())
    assert result.retained == kaiser
    assert result.dominant is (kaiser == 1)
    assert result.loadings.shape == (6, kaiser)
    frame = result.to_frame()
    np.testing.assert_allclose(frame["cumulative"], np.cumsum(eigenvalues) / 6, atol=1e-12)
    assert result.loadings_frame().columns.tolist() == ["pillar"] + [
        f"loading_{c + 1}" for c in range(kaiser)
    ]


def test_one_factor_data_has_a_dominant_dimension():
    # Four noisy copies of one factor: one eigenvalue near 4, the rest small.
    rng = np.random.default_rng(11)
    factor = rng.normal(size=(50, 1))
    x = 50 + 10 * (factor + 0.2 * rng.normal(size=(50, 4)))
    result = pca_summary(_edition(x))
    assert result.dominant and result.retained == 1
    # one retained component: the loadings are the first eigenvector x sqrt(eigenvalue)
    values, vectors = np.linalg.eigh(np.corrcoef(x, rowvar=False))
    first = vectors[:, -1] * math.sqrt(values[-1])
    np.testing.assert_allclose(np.abs(result.loadings[:, 0]), np.abs(first), atol=1e-10)


# --- distributions --------------------------------------------------------------------------


def _skew_type2(x: np.ndarray) -> float:
    # e1071::skewness(type = 2), COINr's skew(): sqrt(n (n-1)) / (n-2) * g1
    n = len(x)
    d = x - x.mean()
    g1 = math.sqrt(n) * (d**3).sum() / (d**2).sum() ** 1.5
    return g1 * math.sqrt(n * (n - 1)) / (n - 2)


def _kurt_type2(x: np.ndarray) -> float:
    # e1071::kurtosis(type = 2), COINr's kurt(): ((n+1)(g2) + 6)(n-1) / ((n-2)(n-3))
    n = len(x)
    d = x - x.mean()
    r = n * (d**4).sum() / (d**2).sum() ** 2
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


def _quartiles(x: np.ndarray) -> tuple[float, float]:
    # R's type 7: h = (n - 1) p, linear between order statistics
    s = np.sort(x)
    out = []
    for p in (0.25, 0.75):
        h = (len(s) - 1) * p
        lo = math.floor(h)
        out.append(s[lo] + (h - lo) * (s[min(lo + 1, len(s) - 1)] - s[lo]))
    return out[0], out[1]


def test_distribution_statistics_2017(edition):
    result = distribution_stats(edition)
    data = _data(edition)
    assert result.variables == (*edition.pillars, "total")
    for j in range(data.shape[1]):
        column = data[:, j]
        assert result.mean[j] == pytest.approx(column.mean())
        assert result.sd[j] == pytest.approx(math.sqrt(((column - column.mean()) ** 2).sum() / 30))
        assert result.minimum[j] == column.min() and result.maximum[j] == column.max()
        assert result.skewness[j] == pytest.approx(_skew_type2(column), abs=1e-12)
        assert result.kurtosis[j] == pytest.approx(_kurt_type2(column), abs=1e-12)
        flag = bool(abs(_skew_type2(column)) > 2 and _kurt_type2(column) > 3.5)
        assert bool(result.skew_kurtosis_flag[j]) is flag
        q1, q3 = _quartiles(column)
        low = {u for u, v in zip(edition.units, column, strict=True) if v < q1 - 1.5 * (q3 - q1)}
        high = {u for u, v in zip(edition.units, column, strict=True) if v > q3 + 1.5 * (q3 - q1)}
        assert set(result.low_outliers[j]) == low
        assert set(result.high_outliers[j]) == high
    j = edition.pillars.index("security")
    assert result.high_outliers[j] == ("Xizang",)  # the highest security index, 53.8
    frame = result.outliers_frame()
    assert set(frame.columns) == {"variable", "unit", "value", "side", "fence"}
    assert ((frame.side == "high") == (frame.value > frame.fence)).all()


def test_the_jrc_rule_flags_a_heavy_tail():
    # 29 moderate values and two extreme ones: skewness and kurtosis both large
    values = np.concatenate([np.linspace(20, 30, 29), [95.0, 99.0]])
    x = np.column_stack([values, np.linspace(10, 90, 31)])
    result = distribution_stats(_edition(x, ["tail", "even"]))
    assert result.skewness[0] > 2 and result.kurtosis[0] > 3.5
    assert result.skew_kurtosis_flag.tolist() == [True, False, False]
    assert result.high_outliers[0] == ("u30", "u29")  # most extreme first


def test_constant_variable_has_no_shape_statistics():
    x = np.column_stack([np.linspace(10, 90, 6), np.full(6, 40.0)])
    result = distribution_stats(_edition(x))
    assert np.isnan(result.skewness[1]) and np.isnan(result.kurtosis[1])
    assert not result.skew_kurtosis_flag[1]
    assert any("p2 is the same for every unit" in n for n in result.notes)


def test_distribution_errors(edition):
    with pytest.raises(IdxError, match=r"'fence' must be finite and >= 0 \(got -1\)"):
        distribution_stats(edition, fence=-1)
    three = _edition(np.array([[10.0, 20.0], [30.0, 50.0], [60.0, 70.0]]))
    with pytest.raises(IdxError, match=r"distribution statistics needs at least 4 units \(got 3\)"):
        distribution_stats(three)


def test_public_names():
    assert idx.correlations is correlations
    assert idx.reliability is reliability
    assert idx.pca_summary is pca_summary
    assert idx.distribution_stats is distribution_stats
