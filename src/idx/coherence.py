"""Statistical coherence of the pillars: do they hang together, and how are they spread?

The checks a JRC audit runs on a composite index's pillars (COINr's ``get_corr``,
``get_cronbach``, ``get_pca`` and ``get_stats``), on the 0-100 pillar indices:

- :func:`correlations`: Pearson, Spearman and Kendall correlations among the pillars
  and between each pillar and the total, with p-values; collinear pairs and pillars
  barely or negatively related to the total are flagged.
- :func:`reliability`: Cronbach's alpha of the pillars, and alpha with each dropped.
- :func:`pca_summary`: eigenvalues, explained variance and loadings of the pillars'
  principal components, and whether one dimension dominates.
- :func:`distribution_stats`: mean, sd, range, skewness and kurtosis of each pillar
  (and the total), flagged by the JRC rule, and outliers by Tukey's fences, by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import kendalltau, kurtosis, pearsonr, skew, spearmanr

from idx.edition import Edition
from idx.errors import IdxError
from idx.options import Correlation, choices
from idx.results import Result
from idx.schemes import pca as pca_weights
from idx.validation import finite_number, one_of, probability

__all__ = [
    "Correlations",
    "DistributionStats",
    "PCASummary",
    "Reliability",
    "correlations",
    "distribution_stats",
    "pca_summary",
    "reliability",
]

#: The total's label wherever it sits beside the pillars.
TOTAL = "total"

#: Pairs of pillars correlated beyond this (in absolute value) are flagged as
#: collinear: they largely measure the same thing, and each counts twice.
COLLINEAR = 0.9

#: A pillar correlated with the total below this is flagged as barely related to it
#: (a negative correlation is flagged as such): the customary 0.3 of JRC audits.
WEAK = 0.3

#: The JRC rule for a distribution worth treating: |skewness| above this ...
SKEW = 2.0
#: ... and (excess) kurtosis above this, both at once (COINr's ``get_stats`` defaults).
KURTOSIS = 3.5
#: Tukey's fences: values beyond this many interquartile ranges outside the quartiles.
FENCE = 1.5

_METHODS: tuple[str, ...] = choices(Correlation)


def _indices(edition: Edition, what: str, minimum: int = 3) -> NDArray[np.float64]:
    if edition.n_units < minimum:
        msg = f"{what} needs at least {minimum} units (got {edition.n_units})"
        raise IdxError(msg)
    return np.asarray(edition.index_array, dtype=np.float64)


def _varying(edition: Edition, x: NDArray[np.float64], what: str) -> None:
    for j, pillar in enumerate(edition.pillars):
        if np.ptp(x[:, j]) == 0:
            msg = f"{what} is undefined: pillar {pillar!r} is the same for every unit"
            raise IdxError(msg)


def _total(edition: Edition) -> NDArray[np.float64]:
    # the published total: the sum of the weighted sub-scores
    total: NDArray[np.float64] = np.asarray(edition.subscores, dtype=np.float64).sum(axis=1)
    return total


# --- correlations ---------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Correlations(Result):
    """Correlations among the pillars and with the total, with p-values.

    Attributes
    ----------
    variables : tuple of str
        The pillars, then ``"total"``.
    coefficients, p_values : mapping of str to ndarray
        Per method (``"pearson"``, ``"spearman"``, ``"kendall"``), a square matrix
        over ``variables``; p-values are two-sided, as scipy computes them.
    collinear_threshold, weak_threshold : float
    notes : tuple of str
    """

    variables: tuple[str, ...]
    coefficients: Mapping[str, NDArray[np.float64]]
    p_values: Mapping[str, NDArray[np.float64]]
    collinear_threshold: float
    weak_threshold: float
    notes: tuple[str, ...] = ()

    @property
    def pillars(self) -> tuple[str, ...]:
        return self.variables[:-1]

    def matrix(self, method: Correlation = "pearson") -> pd.DataFrame:
        """The square matrix of one method's coefficients, labelled."""
        values = self.coefficients[_method(method)]
        frame: pd.DataFrame = pd.DataFrame(
            np.array(values), index=list(self.variables), columns=list(self.variables)
        )
        return frame

    def with_total(self, method: Correlation = "pearson") -> NDArray[np.float64]:
        """Each pillar's correlation with the total."""
        out: NDArray[np.float64] = np.array(self.coefficients[_method(method)][:-1, -1])
        return out

    def collinear(self, method: Correlation = "pearson") -> tuple[tuple[str, str, float], ...]:
        """Pairs of pillars with ``|r| > collinear_threshold``: (a, b, r)."""
        r = self.coefficients[_method(method)]
        k = len(self.pillars)
        return tuple(
            (self.pillars[i], self.pillars[j], float(r[i, j]))
            for i in range(k)
            for j in range(i + 1, k)
            if abs(r[i, j]) > self.collinear_threshold
        )

    def weak(self, method: Correlation = "pearson") -> tuple[tuple[str, float], ...]:
        """Pillars whose correlation with the total is below ``weak_threshold`` (or negative)."""
        return tuple(
            (p, float(r))
            for p, r in zip(self.pillars, self.with_total(method), strict=True)
            if r < self.weak_threshold
        )

    def _flag(self, i: int, j: int, r: float) -> str:
        if j == len(self.variables) - 1:  # a pillar against the total
            if r < 0:
                return "negative"
            return "weak" if r < self.weak_threshold else ""
        return "collinear" if abs(r) > self.collinear_threshold else ""

    def _describe(self) -> str:
        collinear = ", ".join(f"{a}-{b}" for a, b, _ in self.collinear()) or "none"
        weak = ", ".join(p for p, _ in self.weak()) or "none"
        return f"{len(self.pillars)} pillars; collinear: {collinear}; weak with total: {weak}"

    def to_frame(self) -> pd.DataFrame:
        """One row per pair (pillar pairs in order, then each pillar with the total) and method.

        Columns: ``x``, ``y``, ``method``, ``r``, ``p_value``, ``flag`` (``collinear``
        for a pillar pair beyond the threshold; ``weak`` or ``negative`` for a pillar
        against the total; empty otherwise).
        """
        k = len(self.variables)
        pairs = [(i, j) for i in range(k - 1) for j in range(i + 1, k - 1)]
        pairs += [(i, k - 1) for i in range(k - 1)]
        rows = []
        for i, j in pairs:
            for method in self.coefficients:
                r = float(self.coefficients[method][i, j])
                rows.append(
                    {
                        "x": self.variables[i],
                        "y": self.variables[j],
                        "method": method,
                        "r": r,
                        "p_value": float(self.p_values[method][i, j]),
                        "flag": self._flag(i, j, r),
                    }
                )
        frame: pd.DataFrame = pd.DataFrame(rows)
        return frame


def _method(method: str) -> str:
    return str(one_of("method", method, Correlation))


def correlations(
    edition: Edition, *, collinear: float = COLLINEAR, weak: float = WEAK
) -> Correlations:
    """Pearson, Spearman and Kendall correlations among the pillars and with the total.

    Parameters
    ----------
    edition : Edition
        At least 3 units; every pillar must vary.
    collinear : float
        Pillar pairs with ``|r|`` above this are flagged (default 0.9).
    weak : float
        Pillars correlated with the total below this are flagged (default 0.3).

    Returns
    -------
    Correlations

    Notes
    -----
    The total is the published one (the sum of the sub-scores), and it contains each
    pillar: a pillar-total correlation is a part-whole correlation, inflated by the
    pillar's own share. Pillar correlations use the 0-100 indices (the same as on the
    sub-scores, since rescaling a column changes no correlation). Coefficients and
    p-values are scipy's: ``pearsonr`` (t test), ``spearmanr`` and ``kendalltau``
    (tau-b, which handles ties).

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators:
       Methodology and User Guide, section 3 (multivariate analysis).
    """
    collinear = probability("collinear", collinear)
    weak = finite_number("weak", weak, low=-1.0, high=1.0)
    x = _indices(edition, "correlations")
    _varying(edition, x, "correlation")
    data = np.column_stack([x, _total(edition)])
    k = data.shape[1]
    tests = {"pearson": pearsonr, "spearman": spearmanr, "kendall": kendalltau}
    coefficients: dict[str, NDArray[np.float64]] = {}
    p_values: dict[str, NDArray[np.float64]] = {}
    for method in _METHODS:
        r, p = np.eye(k), np.zeros((k, k))
        for i in range(k):
            for j in range(i + 1, k):
                result = tests[method](data[:, i], data[:, j])
                r[i, j] = r[j, i] = float(result.statistic)
                p[i, j] = p[j, i] = float(result.pvalue)
        coefficients[method], p_values[method] = r, p
    out = Correlations(
        variables=(*edition.pillars, TOTAL),
        coefficients=coefficients,
        p_values=p_values,
        collinear_threshold=collinear,
        weak_threshold=weak,
    )
    notes = ["Each pillar is part of the total, so its correlation with the total includes itself."]
    for a, b, coefficient in out.collinear():
        notes.append(f"{a} and {b} are collinear (Pearson r = {coefficient:.3f} > {collinear:g}).")
    for pillar, with_total in out.weak():
        kind = "negatively" if with_total < 0 else "barely"
        notes.append(f"{pillar} is {kind} related to the total (Pearson r = {with_total:.3f}).")
    return Correlations(out.variables, coefficients, p_values, collinear, weak, tuple(notes))


# --- reliability ----------------------------------------------------------------------


def _alpha(x: NDArray[np.float64]) -> float:
    """Cronbach's alpha of the columns of ``x`` (items), NaN for fewer than 2 items."""
    k = x.shape[1]
    if k < 2:
        return float("nan")
    total_variance = x.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - x.var(axis=0, ddof=1).sum() / total_variance))


@dataclass(frozen=True, eq=False, repr=False)
class Reliability(Result):
    """Cronbach's alpha of the pillars, overall and with each pillar dropped.

    Attributes
    ----------
    pillars : tuple of str
    cronbach_alpha : float
    alpha_if_dropped : ndarray
        Alpha of the other pillars when each is left out (NaN with only two pillars,
        when one item remains).
    n_units : int
    notes : tuple of str
    """

    pillars: tuple[str, ...]
    cronbach_alpha: float
    alpha_if_dropped: NDArray[np.float64]
    n_units: int
    notes: tuple[str, ...] = ()

    @property
    def raises_alpha(self) -> tuple[str, ...]:
        """Pillars whose removal would raise alpha: those least in line with the rest."""
        return tuple(
            p
            for p, a in zip(self.pillars, self.alpha_if_dropped, strict=True)
            if a > self.cronbach_alpha
        )

    def _describe(self) -> str:
        return f"Cronbach's alpha {self.cronbach_alpha:.3f} over {len(self.pillars)} pillars"

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: alpha if dropped, and its change from the overall alpha."""
        dropped = np.array(self.alpha_if_dropped)
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "alpha_if_dropped": dropped,
                "change": dropped - self.cronbach_alpha,
            }
        )
        return frame


def reliability(edition: Edition) -> Reliability:
    """Cronbach's alpha of the pillars, overall and with each pillar dropped.

    ``alpha = k / (k - 1) * (1 - sum_j var(x_j) / var(sum_j x_j))`` over the k
    pillars' 0-100 indices (unweighted, as COINr's ``get_cronbach`` treats a group of
    indicators), sample variances across units.

    Parameters
    ----------
    edition : Edition
        At least 3 units and 2 pillars.

    Returns
    -------
    Reliability

    Notes
    -----
    Alpha measures how far the pillars move together as measures of one concept;
    0.7 is the customary threshold for a consistent scale. It rises with the number
    of pillars and is not a test of unidimensionality (see :func:`pca_summary`).

    References
    ----------
    .. [1] Cronbach, L. J. (1951). Coefficient alpha and the internal structure of
       tests. Psychometrika 16(3), 297-334.
    """
    x = _indices(edition, "Cronbach's alpha")
    k = x.shape[1]
    if k < 2:
        msg = f"Cronbach's alpha needs at least 2 pillars (got {k})"
        raise IdxError(msg)
    if x.sum(axis=1).var() == 0:
        msg = "Cronbach's alpha is undefined: the pillars sum to the same value for every unit"
        raise IdxError(msg)
    alpha = _alpha(x)
    dropped = np.array([_alpha(np.delete(x, j, axis=1)) for j in range(k)])
    result = Reliability(edition.pillars, alpha, dropped, edition.n_units)
    notes = []
    if alpha < 0.7:
        notes.append(f"Alpha {alpha:.3f} is below the customary 0.7 for a consistent scale.")
    for pillar in result.raises_alpha:
        j = edition.pillars.index(pillar)
        notes.append(f"Dropping {pillar} would raise alpha to {dropped[j]:.3f}.")
    return Reliability(edition.pillars, alpha, dropped, edition.n_units, tuple(notes))


# --- principal components -------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class PCASummary(Result):
    """Principal components of the pillars' correlation matrix.

    Attributes
    ----------
    pillars : tuple of str
    eigenvalues : ndarray
        Largest first; they sum to the number of pillars.
    explained : ndarray
        Each component's share of the total variance.
    retained : int
        Components with eigenvalue above 1 (Kaiser's rule), at least one.
    loadings : ndarray, shape (n_pillars, retained)
        Loadings (eigenvector x sqrt(eigenvalue)) of the retained components,
        varimax-rotated when more than one is retained, each signed so that its
        largest loading is positive: exactly what :func:`idx.schemes.pca` computes.
    dominant : bool
        True when a single component has an eigenvalue above 1: one dimension
        dominates.
    notes : tuple of str
    """

    pillars: tuple[str, ...]
    eigenvalues: NDArray[np.float64]
    explained: NDArray[np.float64]
    retained: int
    loadings: NDArray[np.float64]
    dominant: bool
    notes: tuple[str, ...] = ()

    @property
    def cumulative(self) -> NDArray[np.float64]:
        """Cumulative share of variance explained."""
        return np.cumsum(np.asarray(self.explained))

    def _describe(self) -> str:
        verdict = "one dominant dimension" if self.dominant else f"{self.retained} dimensions"
        return f"{verdict}; the first explains {self.explained[0]:.1%}"

    def to_frame(self) -> pd.DataFrame:
        """One row per component: eigenvalue, explained, cumulative, retained."""
        m = len(self.eigenvalues)
        frame: pd.DataFrame = pd.DataFrame(
            {
                "component": np.arange(1, m + 1),
                "eigenvalue": np.array(self.eigenvalues),
                "explained": np.array(self.explained),
                "cumulative": self.cumulative,
                "retained": np.arange(m) < self.retained,
            }
        )
        return frame

    def loadings_frame(self) -> pd.DataFrame:
        """One row per pillar: its loading on each retained component."""
        columns: dict[str, object] = {"pillar": self.pillars}
        for c in range(self.retained):
            columns[f"loading_{c + 1}"] = np.array(self.loadings[:, c])
        frame: pd.DataFrame = pd.DataFrame(columns)
        return frame


def pca_summary(edition: Edition) -> PCASummary:
    """Eigenvalues, explained variance and loadings of the pillars' principal components.

    The decomposition is :func:`idx.schemes.pca`'s (correlation matrix of the 0-100
    indices; Kaiser's rule; varimax on the retained loadings), read here as a
    summary rather than turned into weights.

    Parameters
    ----------
    edition : Edition
        At least 3 units; every pillar must vary.

    Returns
    -------
    PCASummary

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators,
       section 3.1 (principal components analysis).
    .. [2] Kaiser, H. F. (1960). The application of electronic computers to factor
       analysis. Educational and Psychological Measurement 20(1), 141-151.
    """
    x = _indices(edition, "a principal component analysis")
    _varying(edition, x, "a principal component analysis")
    result = pca_weights(edition, min_eigenvalue=1.0, min_cumulative=0.0)
    eigenvalues = np.asarray(result.diagnostics["component_eigenvalues"], dtype=np.float64)
    explained = np.asarray(result.diagnostics["component_explained"], dtype=np.float64)
    retained = int(result.diagnostics["retained"])
    loadings = np.asarray(result.diagnostics["rotated_loadings"], dtype=np.float64)
    dominant = int((eigenvalues > 1.0).sum()) == 1
    notes = [
        f"The first component explains {explained[0]:.1%} of the variance "
        f"(eigenvalue {eigenvalues[0]:.3f})."
    ]
    if not dominant and retained > 1:
        notes.append(
            f"{retained} components have eigenvalues above 1 (Kaiser's rule): the pillars "
            "span more than one dimension; loadings are varimax-rotated."
        )
        for c in range(1, retained):
            top = int(np.argmax(np.abs(loadings[:, c])))
            notes.append(
                f"Component {c + 1} (eigenvalue {eigenvalues[c]:.3f}) is led by "
                f"{edition.pillars[top]} (loading {loadings[top, c]:.3f})."
            )
    return PCASummary(
        edition.pillars, eigenvalues, explained, retained, loadings, dominant, tuple(notes)
    )


# --- distributions --------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class DistributionStats(Result):
    """How each pillar's index (and the total) is spread across units.

    Attributes
    ----------
    variables : tuple of str
        The pillars (0-100 indices), then ``"total"`` (points).
    mean, sd, minimum, median, maximum : ndarray
        ``sd`` is the sample standard deviation (n - 1).
    skewness, kurtosis : ndarray
        Bias-corrected sample skewness and excess kurtosis (scipy's
        ``skew(bias=False)`` and ``kurtosis(bias=False)``; e1071's type 2, as COINr).
    skew_kurtosis_flag : ndarray of bool
        The JRC rule: ``|skewness| > skew_threshold`` and ``kurtosis > kurtosis_threshold``.
    lower_fence, upper_fence : ndarray
        Tukey's fences, ``Q1 - fence * IQR`` and ``Q3 + fence * IQR`` (quartiles by
        linear interpolation, numpy's and R's default).
    low_outliers, high_outliers : tuple of tuple of str
        Units beyond each fence, per variable, most extreme first.
    units : tuple of str
    values : ndarray, shape (n_units, n_variables)
    """

    variables: tuple[str, ...]
    mean: NDArray[np.float64]
    sd: NDArray[np.float64]
    minimum: NDArray[np.float64]
    median: NDArray[np.float64]
    maximum: NDArray[np.float64]
    skewness: NDArray[np.float64]
    kurtosis: NDArray[np.float64]
    skew_kurtosis_flag: NDArray[np.bool_]
    lower_fence: NDArray[np.float64]
    upper_fence: NDArray[np.float64]
    low_outliers: tuple[tuple[str, ...], ...]
    high_outliers: tuple[tuple[str, ...], ...]
    skew_threshold: float
    kurtosis_threshold: float
    fence: float
    units: tuple[str, ...]
    values: NDArray[np.float64]
    notes: tuple[str, ...] = ()

    def _describe(self) -> str:
        flagged = [v for v, f in zip(self.variables, self.skew_kurtosis_flag, strict=True) if f]
        outliers = sum(
            len(a) + len(b) for a, b in zip(self.low_outliers, self.high_outliers, strict=True)
        )
        return (
            f"{len(self.variables)} variables over {len(self.units)} units; "
            f"skew-kurtosis flags: {', '.join(flagged) or 'none'}; {outliers} outlying values"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per variable: the statistics, the flag, the fences and the outliers by name."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "variable": self.variables,
                "mean": np.array(self.mean),
                "sd": np.array(self.sd),
                "min": np.array(self.minimum),
                "median": np.array(self.median),
                "max": np.array(self.maximum),
                "skewness": np.array(self.skewness),
                "kurtosis": np.array(self.kurtosis),
                "flag": np.array(self.skew_kurtosis_flag),
                "lower_fence": np.array(self.lower_fence),
                "upper_fence": np.array(self.upper_fence),
                "low_outliers": [", ".join(u) for u in self.low_outliers],
                "high_outliers": [", ".join(u) for u in self.high_outliers],
            }
        )
        return frame

    def outliers_frame(self) -> pd.DataFrame:
        """One row per outlying value: variable, unit, value, side (``low`` / ``high``), fence."""
        rows = []
        for j, variable in enumerate(self.variables):
            for side, names, fence in (
                ("low", self.low_outliers[j], self.lower_fence[j]),
                ("high", self.high_outliers[j], self.upper_fence[j]),
            ):
                for unit in names:
                    value = float(self.values[self.units.index(unit), j])
                    rows.append(
                        {
                            "variable": variable,
                            "unit": unit,
                            "value": value,
                            "side": side,
                            "fence": float(fence),
                        }
                    )
        frame: pd.DataFrame = pd.DataFrame(
            rows, columns=["variable", "unit", "value", "side", "fence"]
        )
        return frame


def distribution_stats(
    edition: Edition,
    *,
    skew_threshold: float = SKEW,
    kurtosis_threshold: float = KURTOSIS,
    fence: float = FENCE,
) -> DistributionStats:
    """Mean, sd, range, skewness and kurtosis of each pillar and the total, with outliers.

    Parameters
    ----------
    edition : Edition
        At least 4 units (kurtosis needs four).
    skew_threshold, kurtosis_threshold : float
        The JRC rule flags a variable when ``|skewness| > skew_threshold`` and
        ``kurtosis > kurtosis_threshold`` (defaults 2 and 3.5, excess kurtosis).
    fence : float
        Tukey's multiplier of the interquartile range (default 1.5).

    Returns
    -------
    DistributionStats

    Notes
    -----
    A constant variable has no skewness or kurtosis: both are NaN and it is not
    flagged; a note names it.

    References
    ----------
    .. [1] Tukey, J. W. (1977). Exploratory Data Analysis. Addison-Wesley, ch. 2.
    .. [2] Becker, W. et al. (2022). COINr: an R package for developing composite
       indicators. Journal of Open Source Software 7(78), 4567 (``get_stats``).
    """
    skew_threshold = finite_number("skew_threshold", skew_threshold, low=0.0)
    kurtosis_threshold = finite_number("kurtosis_threshold", kurtosis_threshold)
    fence = finite_number("fence", fence, low=0.0)
    x = _indices(edition, "distribution statistics", minimum=4)
    values = np.column_stack([x, _total(edition)])
    variables = (*edition.pillars, TOTAL)
    constant = np.ptp(values, axis=0) == 0
    # a constant column has no shape: NaN, computed only where the data vary (scipy
    # would warn of catastrophic cancellation on the constant ones)
    skewness = np.full(values.shape[1], np.nan)
    excess = np.full(values.shape[1], np.nan)
    varying = ~constant
    skewness[varying] = skew(values[:, varying], axis=0, bias=False)
    excess[varying] = kurtosis(values[:, varying], axis=0, fisher=True, bias=False)
    flag = (np.abs(skewness) > skew_threshold) & (excess > kurtosis_threshold)
    q1, q3 = np.percentile(values, [25, 75], axis=0)
    lower, upper = q1 - fence * (q3 - q1), q3 + fence * (q3 - q1)
    units = edition.units
    low: list[tuple[str, ...]] = []
    high: list[tuple[str, ...]] = []
    for j in range(values.shape[1]):
        column = values[:, j]
        below = np.flatnonzero(column < lower[j])
        above = np.flatnonzero(column > upper[j])
        # most extreme first; ties keep the input order (stable sort)
        low.append(tuple(units[i] for i in below[np.argsort(column[below], kind="stable")]))
        high.append(tuple(units[i] for i in above[np.argsort(-column[above], kind="stable")]))
    notes = []
    for j, variable in enumerate(variables):
        if constant[j]:
            notes.append(f"{variable} is the same for every unit: no skewness or kurtosis.")
        if flag[j]:
            notes.append(
                f"{variable} is skewed (skewness {skewness[j]:.2f}, kurtosis {excess[j]:.2f}): "
                "the JRC rule suggests treating its outliers."
            )
        named = [f"{u} (low)" for u in low[j]] + [f"{u} (high)" for u in high[j]]
        if named:
            notes.append(f"Outliers in {variable}: {', '.join(named)}.")
    return DistributionStats(
        variables=variables,
        mean=values.mean(axis=0),
        sd=values.std(axis=0, ddof=1),
        minimum=values.min(axis=0),
        median=np.median(values, axis=0),
        maximum=values.max(axis=0),
        skewness=skewness,
        kurtosis=excess,
        skew_kurtosis_flag=flag,
        lower_fence=lower,
        upper_fence=upper,
        low_outliers=tuple(low),
        high_outliers=tuple(high),
        skew_threshold=skew_threshold,
        kurtosis_threshold=kurtosis_threshold,
        fence=fence,
        units=units,
        values=values,
        notes=tuple(notes),
    )
