"""Weighting schemes: weight vectors over an edition's pillars, from judgement or from data.

Every data-driven scheme works on the 0-100 pillar indices (``edition.index_array``),
never on the published sub-scores, which are already multiplied by the published
weights: weighting them again would silently compound the two.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from idx.edition import Edition
from idx.errors import IdxError, WeightError
from idx.options import SchemeName, choices
from idx.ranking import rank_totals
from idx.results import Result, rank_order
from idx.solvers import solver_quiet
from idx.space import WeightSpace, check_space
from idx.system import IndexSystem
from idx.tolerances import COLLINEAR_RTOL, RECIPROCAL_ATOL
from idx.validation import finite_number, got
from idx.weight_spec import resolve_pillars

__all__ = [
    "RANDOM_INDEX",
    "SCHEMES",
    "BenefitOfTheDoubt",
    "SchemeWeights",
    "ahp",
    "benefit_of_the_doubt",
    "critic",
    "entropy",
    "equal",
    "pca",
    "published",
    "rank_order_centroid",
    "rank_sum",
    "scheme_weights",
    "std",
]

#: Saaty's random consistency indices RI(n) for n = 1..10: the mean consistency index
#: of random reciprocal matrices with entries from the 1/9..9 scale (Saaty 1980, ch. 1).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


@dataclass(frozen=True, eq=False, repr=False)
class SchemeWeights(Result):
    """A weight vector produced by a weighting scheme.

    Attributes
    ----------
    scheme : str
    pillars : tuple of str
    weights : ndarray
        Non-negative, summing to 1, read-only.
    diagnostics : mapping
        Scheme-specific figures (entropies, eigenvalues, consistency ratio, ...), a
        read-only mapping of read-only arrays.
    notes : tuple of str
        Anything the caller should know (zero-weight pillars, inconsistency), one
        sentence each; ``note`` joins them.
    """

    scheme: str
    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    diagnostics: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """The notes as one line."""
        return "; ".join(self.notes)

    def _describe(self) -> str:
        shown = ", ".join(f"{p} {w:.3f}" for p, w in zip(self.pillars, self.weights, strict=True))
        return f"{self.scheme} weights ({shown})"

    def as_dict(self) -> dict[str, float]:
        """The weights as ``{pillar_id: weight}``."""
        return dict(zip(self.pillars, (float(w) for w in self.weights), strict=True))

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: pillar, weight, and per-pillar diagnostics if any."""
        columns: dict[str, Any] = {"pillar": self.pillars, "weight": np.array(self.weights)}
        for key, value in self.diagnostics.items():
            array = np.asarray(value)
            # per-component figures (PCA) are not per-pillar, whatever their length
            if key.startswith("component_"):
                continue
            if array.ndim == 1 and len(array) == len(self.pillars):
                columns[key] = array
            elif array.ndim == 2 and array.shape[0] == len(self.pillars):
                for k in range(array.shape[1]):
                    columns[f"{key}_{k + 1}"] = array[:, k]
        table: pd.DataFrame = pd.DataFrame(columns)
        return table


def _result(
    scheme: str, pillars: Sequence[str], w: NDArray[np.float64], note: str = "", **diagnostics: Any
) -> SchemeWeights:
    # numpy scalars and arrays alike become read-only arrays or plain numbers
    frozen = {k: np.array(v) if isinstance(v, np.ndarray) else v for k, v in diagnostics.items()}
    notes = (note,) if note else ()
    return SchemeWeights(scheme, tuple(pillars), np.array(w, dtype=np.float64), frozen, notes)


def _normalise(scores: NDArray[np.float64], scheme: str) -> NDArray[np.float64]:
    total = scores.sum()
    if not np.isfinite(total) or total <= 0:
        msg = f"{scheme} weights are undefined: every pillar is constant across units"
        raise WeightError(msg)
    normalised: NDArray[np.float64] = scores / total
    return normalised


def _indices(edition: Edition, scheme: str) -> NDArray[np.float64]:
    if edition.n_units < 2:
        msg = f"{scheme} weights need at least 2 units (got {edition.n_units})"
        raise WeightError(msg)
    return np.asarray(edition.index_array, dtype=np.float64)


def published(edition: Edition) -> SchemeWeights:
    """The weights the edition's sub-scores were computed with."""
    return _result("published", edition.pillars, np.asarray(edition.system.weights))


def equal(edition: Edition) -> SchemeWeights:
    """``1 / n_pillars`` each."""
    m = len(edition.pillars)
    return _result("equal", edition.pillars, np.full(m, 1.0 / m))


def _pillar_ids(of: Edition | IndexSystem) -> tuple[str, ...]:
    return of.pillars if isinstance(of, Edition) else of.ids


def _order(of: Edition | IndexSystem, order: Sequence[str]) -> list[int]:
    ids = _pillar_ids(of)
    system = of.system if isinstance(of, Edition) else of
    named = resolve_pillars(system, order, what="order")
    if len(named) != len(ids):
        msg = f"'order' must list every pillar exactly once ({', '.join(ids)}) (got {got(list(order))})"
        raise WeightError(msg)
    return [ids.index(p) for p in named]


def rank_order_centroid(of: Edition | IndexSystem, order: Sequence[str]) -> SchemeWeights:
    """Rank-order centroid weights from an importance order (most important first).

    ``w_r = (1 / m) * sum_{k = r}^{m} 1 / k`` for the pillar ranked r: the centre of
    the set of weight vectors consistent with the order.

    Parameters
    ----------
    of : Edition or IndexSystem
        Whose pillars are ordered.
    order : sequence of str
        Every pillar id exactly once, most important first.

    Returns
    -------
    SchemeWeights

    References
    ----------
    .. [1] Barron, F. H. and Barrett, B. E. (1996). Decision quality using ranked
       attribute weights. Management Science 42(11), 1515-1523.
    """
    positions = _order(of, order)
    m = len(positions)
    centroid = np.array([sum(1.0 / k for k in range(r, m + 1)) / m for r in range(1, m + 1)])
    w = np.empty(m)
    w[positions] = centroid
    return _result("rank_order_centroid", _pillar_ids(of), w)


def rank_sum(of: Edition | IndexSystem, order: Sequence[str]) -> SchemeWeights:
    """Rank-sum weights: ``w_r = 2 (m + 1 - r) / (m (m + 1))`` for the pillar ranked r.

    Parameters
    ----------
    of : Edition or IndexSystem
    order : sequence of str
        Every pillar id exactly once, most important first.

    Returns
    -------
    SchemeWeights

    References
    ----------
    .. [1] Stillwell, W. G., Seaver, D. A. and Edwards, W. (1981). A comparison of
       weight approximation techniques in multiattribute utility decision making.
       Organizational Behavior and Human Performance 28(1), 62-77.
    """
    positions = _order(of, order)
    m = len(positions)
    w = np.empty(m)
    w[positions] = [2.0 * (m + 1 - r) / (m * (m + 1)) for r in range(1, m + 1)]
    return _result("rank_sum", _pillar_ids(of), w)


def entropy(edition: Edition) -> SchemeWeights:
    """Shannon entropy weights: pillars whose indices differ more across units weigh more.

    With ``p_ij = x_ij / sum_i x_ij``, ``e_j = -sum_i p_ij ln p_ij / ln n`` (0 ln 0 = 0),
    ``d_j = 1 - e_j`` and ``w_j = d_j / sum_k d_k``. A constant pillar (or one that is 0
    everywhere) has ``e_j = 1`` and weight 0. Invariant to rescaling a pillar.

    References
    ----------
    .. [1] Zeleny, M. (1982). Multiple Criteria Decision Making. McGraw-Hill, ch. 7.
    .. [2] Hwang, C.-L. and Yoon, K. (1981). Multiple Attribute Decision Making.
       Springer, section 2.2 (entropy method).
    """
    x = _indices(edition, "entropy")
    n = x.shape[0]
    sums = x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(sums > 0, x / np.where(sums > 0, sums, 1.0), 1.0 / n)
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    d = np.clip(1.0 - e, 0.0, None)
    d[np.ptp(x, axis=0) == 0] = 0.0
    w = _normalise(d, "entropy")
    zero = [p for p, v in zip(edition.pillars, w, strict=True) if v == 0]
    note = f"constant pillars get weight 0: {', '.join(zero)}" if zero else ""
    return _result("entropy", edition.pillars, w, note, entropy=e, divergence=d)


def critic(edition: Edition) -> SchemeWeights:
    """CRITIC weights: contrast (standard deviation) times conflict (1 - correlation).

    Indices are min-max normalised per pillar; ``C_j = s_j * sum_k (1 - r_jk)`` with
    ``s_j`` the sample standard deviation and ``r_jk`` Pearson correlations;
    ``w_j = C_j / sum C``. A constant pillar carries no contrast: it gets weight 0,
    and since its correlations are undefined it is left out of the others' sums.
    When a single pillar varies it has nothing to conflict with and takes weight 1;
    when the varying pillars are all perfectly correlated every ``C_j`` is 0 and the
    weights are undefined (a :class:`~idx.errors.WeightError`).

    Parameters
    ----------
    edition : Edition

    Returns
    -------
    SchemeWeights
        Diagnostic ``information`` holds ``C_j``.

    References
    ----------
    .. [1] Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining
       objective weights in multiple criteria problems: the CRITIC method.
       Computers & Operations Research 22(7), 763-770.
    """
    x = _indices(edition, "critic")
    spread = np.ptp(x, axis=0)
    varying = spread > 0
    c = np.zeros(x.shape[1])
    note = ""
    if varying.sum() == 1:
        c[varying] = 1.0
        note = "only one pillar varies across units: it takes all the weight"
    elif varying.any():
        z = (x[:, varying] - x[:, varying].min(axis=0)) / spread[varying]
        s = z.std(axis=0, ddof=1)
        r = np.corrcoef(z, rowvar=False)
        c[varying] = s * (1.0 - r).sum(axis=0)
        # 1 - r can only reach 0 exactly (all pairs collinear) up to rounding noise
        if c.sum() <= COLLINEAR_RTOL * s.sum():
            msg = "critic weights are undefined: the varying pillars are perfectly correlated"
            raise WeightError(msg)
    zero = [p for p, v in zip(edition.pillars, varying, strict=True) if not v]
    if zero and not note:
        note = f"constant pillars get weight 0: {', '.join(zero)}"
    w = _normalise(c, "critic")
    return _result("critic", edition.pillars, w, note, information=c)


def std(edition: Edition) -> SchemeWeights:
    """Standard-deviation weights: ``w_j = s_j / sum_k s_k`` over the 0-100 indices.

    References
    ----------
    .. [1] Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995), as for CRITIC,
       which this is without the correlation term.
    """
    x = _indices(edition, "std")
    s = x.std(axis=0, ddof=1)
    return _result("std", edition.pillars, _normalise(s, "std"), "", std=s)


def _varimax(
    loadings: NDArray[np.float64], iterations: int = 1000, tol: float = 1e-12
) -> NDArray[np.float64]:
    """Varimax rotation with Kaiser normalisation of a (variables x factors) loading matrix.

    The SVD iteration of R's ``stats::varimax`` (normalize = TRUE): rows are scaled
    to unit communality before rotating and scaled back after, so pillars with
    small communalities do not drive the rotation (Kaiser 1958).
    """
    p, k = loadings.shape
    if k < 2:
        return loadings
    communality = np.sqrt((loadings**2).sum(axis=1))
    z = loadings / communality[:, None]
    rotation = np.eye(k)
    objective = 0.0
    for _ in range(iterations):
        rotated = z @ rotation
        u, s, vt = np.linalg.svd(z.T @ (rotated**3 - rotated * (rotated**2).sum(axis=0) / p))
        rotation = u @ vt
        if s.sum() < objective * (1 + tol):
            break
        objective = s.sum()
    out: NDArray[np.float64] = (z @ rotation) * communality[:, None]
    return out


def pca(
    edition: Edition, *, min_eigenvalue: float = 1.0, min_cumulative: float = 0.6
) -> SchemeWeights:
    """Factor-based weights of the OECD/JRC Handbook (principal components, varimax).

    1. Principal components of the pillars' correlation matrix (i.e. of the
       standardised 0-100 indices).
    2. Retain the components with eigenvalue above ``min_eigenvalue`` (Kaiser's
       rule); if they explain less than ``min_cumulative`` of the total variance,
       add the next components until they do (the Handbook's 60 % criterion). At
       least one component is kept.
    3. Rotate the retained loadings (eigenvector x sqrt(eigenvalue)) with varimax.
    4. Square the rotated loadings and scale each factor's column to sum 1.
    5. Each pillar joins the factor with its largest scaled squared loading and gets
       that value times the factor's share of the retained (rotated) variance.
    6. Normalise to sum 1.

    Parameters
    ----------
    edition : Edition
    min_eigenvalue : float
        Kaiser threshold (default 1).
    min_cumulative : float
        Share of total variance the retained components must explain (default 0.6;
        0 disables the criterion).

    Returns
    -------
    SchemeWeights
        Diagnostics: ``component_eigenvalues``, ``component_explained`` (variance
        ratio), ``retained`` (count), ``rotated_loadings`` (pillars x retained
        factors) and ``factor`` (0-based factor of each pillar).

    Raises
    ------
    WeightError
        With fewer than 2 units or a constant pillar (its correlations are undefined).

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators:
       Methodology and User Guide, sections 3.1 (principal components analysis and
       factor analysis) and 6.1 (weights based on factor analysis).
    .. [2] Kaiser, H. F. (1958). The varimax criterion for analytic rotation in
       factor analysis. Psychometrika 23(3), 187-200.
    """
    finite_number("min_cumulative", min_cumulative, low=0.0, high=1.0, error=WeightError)
    x = _indices(edition, "pca")
    if x.shape[1] < 2:
        # one pillar has no correlations to factor: it would simply take weight 1
        msg = f"pca weights need at least 2 pillars (got {x.shape[1]})"
        raise WeightError(msg)
    constant = [p for p, v in zip(edition.pillars, np.ptp(x, axis=0), strict=True) if v == 0]
    if constant:
        msg = (
            f"pca weights need every pillar to vary across units ({constant[0]!r} is "
            "constant, so its correlations are undefined)"
        )
        raise WeightError(msg)
    corr = np.corrcoef(x, rowvar=False)
    eigenvalues, vectors = np.linalg.eigh(corr)
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, vectors = np.clip(eigenvalues[order], 0.0, None), vectors[:, order]
    explained = eigenvalues / eigenvalues.sum()
    keep = max(1, int((eigenvalues > min_eigenvalue).sum()))
    while keep < len(eigenvalues) and explained[:keep].sum() < min_cumulative:
        keep += 1
    loadings = vectors[:, :keep] * np.sqrt(eigenvalues[:keep])
    rotated = _varimax(loadings)
    # a factor's sign is arbitrary; report each with its largest loading positive
    peak = rotated[np.abs(rotated).argmax(axis=0), np.arange(rotated.shape[1])]
    rotated = rotated * np.where(peak < 0, -1.0, 1.0)
    squared = rotated**2
    variance = squared.sum(axis=0)
    scaled = squared / variance
    factor = scaled.argmax(axis=1)
    share = variance / variance.sum()
    raw = scaled[np.arange(len(factor)), factor] * share[factor]
    w = _normalise(raw, "pca")
    note = (
        f"{keep} factor(s) retained (eigenvalue > {min_eigenvalue:g}, cumulative "
        f"variance {explained[:keep].sum():.3f})"
    )
    return _result(
        "pca",
        edition.pillars,
        w,
        note,
        factor=factor,
        retained=keep,
        component_eigenvalues=eigenvalues,
        component_explained=explained,
        rotated_loadings=rotated,
    )


def ahp(matrix: ArrayLike, pillars: Sequence[str] | Edition | IndexSystem) -> SchemeWeights:
    """Weights from a pairwise comparison matrix (Saaty's analytic hierarchy process).

    Parameters
    ----------
    matrix : array_like, shape (m, m)
        ``a_ij``: how much more important pillar i is than pillar j (positive,
        ``a_ji = 1 / a_ij`` within 1e-9, ones on the diagonal).
    pillars : sequence of str, Edition or IndexSystem
        The pillars, in the matrix's order (an edition or system gives its own order).

    Returns
    -------
    SchemeWeights
        The principal eigenvector, normalised; diagnostics ``lambda_max``,
        ``consistency_index`` ``(lambda_max - m) / (m - 1)`` and
        ``consistency_ratio`` (CI / RI(m)); ``consistent`` is ``CR <= 0.1`` and an
        inconsistent matrix says so in ``note``.

    References
    ----------
    .. [1] Saaty, T. L. (1977). A scaling method for priorities in hierarchical
       structures. Journal of Mathematical Psychology 15(3), 234-281.
    .. [2] Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill.
    """
    if isinstance(pillars, (Edition, IndexSystem)):
        ids = _pillar_ids(pillars)
    elif isinstance(pillars, str) or not isinstance(pillars, Sequence):
        # a string is a sequence of letters, never of pillars
        msg = f"'pillars' must be a sequence of pillar labels, an Edition or an IndexSystem (got {got(pillars)})"
        raise WeightError(msg)
    else:
        ids = tuple(pillars)
        blank = [p for p in ids if not isinstance(p, str) or not p.strip()]
        if blank:
            msg = f"'pillars' must be non-empty labels (got {got(blank[0])})"
            raise WeightError(msg)
        repeated = sorted({p for p in ids if ids.count(p) > 1})
        if repeated:
            msg = f"'pillars' must not repeat a label ({repeated[0]!r} appears twice)"
            raise WeightError(msg)
    try:
        a = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        msg = "'matrix' must be a square array of positive numbers"
        raise WeightError(msg) from None
    m = len(ids)
    if m > len(RANDOM_INDEX):
        msg = f"ahp supports at most {len(RANDOM_INDEX)} pillars, Saaty's random-index table (got {m})"
        raise WeightError(msg)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        msg = f"'matrix' must be square (got shape {a.shape})"
        raise WeightError(msg)
    if a.shape[0] != m:
        msg = f"'matrix' must be {m} x {m}, one row per pillar (got {a.shape[0]} x {a.shape[1]})"
        raise WeightError(msg)
    bad = np.argwhere(~np.isfinite(a) | (a <= 0))
    if len(bad):
        i, j = bad[0]
        msg = f"'matrix' must hold positive finite numbers (got a[{i}, {j}] = {a[i, j]:g})"
        raise WeightError(msg)
    product = a * a.T
    bad = np.argwhere(np.abs(product - 1.0) > RECIPROCAL_ATOL)
    if len(bad):
        i, j = bad[0]
        msg = f"'matrix' must be reciprocal (got a[{i}, {j}] * a[{j}, {i}] = {product[i, j]:g})"
        raise WeightError(msg)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    v = np.abs(vectors[:, k].real)
    w = v / v.sum()
    ci = (lam - m) / (m - 1) if m > 1 else 0.0
    # RI is 0 for m <= 2: every reciprocal 1x1 or 2x2 matrix is consistent
    ri = RANDOM_INDEX[m - 1]
    cr = ci / ri if ri > 0 else 0.0
    consistent = cr <= 0.1
    note = "" if consistent else f"inconsistent judgements: CR = {cr:.3f} > 0.1 (Saaty's limit)"
    return _result(
        "ahp",
        ids,
        w,
        note,
        lambda_max=lam,
        consistency_index=ci,
        consistency_ratio=cr,
        consistent=consistent,
    )


@dataclass(frozen=True, eq=False, repr=False)
class BenefitOfTheDoubt(Result):
    """Each unit's most favourable weights and its score under them.

    Attributes
    ----------
    units, pillars : tuple of str
    scores : ndarray
        Best attainable ratio of the unit's total to the best unit's total (1 means
        no admissible weights put anyone ahead of it).
    weights : ndarray, shape (n_units, n_pillars)
        The unit's most favourable admissible weights.
    totals : ndarray
        The unit's total under its own weights.
    ranks : ndarray of int
        Competition ranks of the benefit-of-the-doubt scores.
    own_ranks : ndarray of int
        Each unit's rank when everyone is scored with that unit's weights.
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    scores: NDArray[np.float64]
    weights: NDArray[np.float64]
    totals: NDArray[np.float64]
    ranks: NDArray[np.int64]
    own_ranks: NDArray[np.int64]

    def _describe(self) -> str:
        return f"benefit-of-the-doubt scores and weights of {len(self.units)} units"

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: BoD score and rank, total and rank under own weights, weights."""
        columns: dict[str, Any] = {
            "unit": self.units,
            "bod_score": self.scores,
            "rank": self.ranks,
            "total_own_weights": self.totals,
            "rank_own_weights": self.own_ranks,
        }
        for j, p in enumerate(self.pillars):
            columns[f"w_{p}"] = self.weights[:, j]
        table: pd.DataFrame = pd.DataFrame(columns)
        ordered: pd.DataFrame = table.iloc[rank_order(self.ranks)].reset_index(drop=True)
        return ordered


def benefit_of_the_doubt(edition: Edition, space: WeightSpace | None = None) -> BenefitOfTheDoubt:
    """Benefit-of-the-doubt weights: each unit judged by its most favourable weights.

    For unit i, solve the linear programme (Charnes-Cooper form of maximising the
    ratio of i's total to the best unit's total over admissible weights)::

        max  v . x_i   s.t.  v . x_k <= 1 for every unit k,  v >= 0,
             v / sum(v) in the WeightSpace  (homogeneous constraints on v)

    The optimum is i's score in (0, 1]; ``w = v / sum(v)`` are its weights.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace, optional
        Admissible weights (default: the whole simplex, i.e. unrestricted BoD). In
        ``"simplex"`` mode the homogeneous constraints are
        ``lower_j sum(v) <= v_j <= upper_j sum(v)``; in ``"factors"`` mode an extra
        scale variable ``t >= 0`` gives ``lower_j t <= v_j <= upper_j t``.

    Returns
    -------
    BenefitOfTheDoubt
        Scores, the optimal weights of each unit, its total (0-100 scale) and rank
        when every unit is scored with those weights.

    References
    ----------
    .. [1] Cherchye, L., Moesen, W., Rogge, N. and Van Puyenbroeck, T. (2007). An
       introduction to 'benefit of the doubt' composite indicators. Social
       Indicators Research 82(1), 111-145.
    """
    if space is None:
        space = WeightSpace.simplex(edition.system)
    check_space(space, edition.pillars)
    x = edition.index_array
    n, m = x.shape
    if (x.sum(axis=1) == 0).all():
        msg = "benefit-of-the-doubt needs at least one unit with a positive index"
        raise WeightError(msg)
    eye = np.eye(m)
    if space.mode == "simplex":
        # lower_j * sum(v) <= v_j <= upper_j * sum(v); variables v (m) and an unused 0
        ones = np.ones((m, m))
        cone = np.vstack([eye - space.upper[:, None] * ones, space.lower[:, None] * ones - eye])
        cone = np.hstack([cone, np.zeros((2 * m, 1))])
    else:
        cone = np.vstack(
            [np.hstack([eye, -space.upper[:, None]]), np.hstack([-eye, space.lower[:, None]])]
        )
    frontier = np.hstack([x, np.zeros((n, 1))])
    a_ub = np.vstack([frontier, cone])
    b_ub = np.concatenate([np.ones(n), np.zeros(2 * m)])
    bounds = [(0.0, None)] * (m + 1)
    scores = np.empty(n)
    weights = np.empty((n, m))
    for i in range(n):
        cost = -np.append(x[i], 0.0)
        with solver_quiet():
            result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if result.status != 0 or result.x[:m].sum() <= 0:  # pragma: no cover - bounded, feasible
            msg = f"benefit-of-the-doubt LP failed for {edition.units[i]!r} ({result.message})"
            raise IdxError(msg)
        v = result.x[:m]
        scores[i] = -result.fun
        weights[i] = v / v.sum()
    totals = (weights * x).sum(axis=1)
    own = np.array([rank_totals(x @ weights[i])[i] for i in range(n)], dtype=np.int64)
    # HiGHS optima are exact to about 1e-9, inside the tie band: units on the frontier tie
    ranks = rank_totals(scores)
    return BenefitOfTheDoubt(edition.units, edition.pillars, scores, weights, totals, ranks, own)


SCHEMES: tuple[SchemeName, ...] = choices(SchemeName)
_BY_NAME: dict[SchemeName, Callable[[Edition], SchemeWeights]] = {
    "published": published,
    "equal": equal,
    "entropy": entropy,
    "critic": critic,
    "std": std,
    "pca": pca,
}


def scheme_weights(edition: Edition, name: str) -> SchemeWeights:
    """Weights of the named data-free or data-driven scheme (one of ``SCHEMES``)."""
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in _BY_NAME:
        msg = f"unknown weighting scheme {name!r}; expected one of {', '.join(SCHEMES)}"
        raise WeightError(msg)
    return _BY_NAME[key](edition)
