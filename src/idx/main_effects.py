"""Effective importance: how much of the index's spread each pillar actually drives.

A pillar's *main effect* is Karl Pearson's correlation ratio

    S_j = Var(E[total | index_j]) / Var(total),

taken over the units: the share of the total's variance that would go, on average,
if pillar j's index were known. Nominal weights say what the developers meant each
pillar to count for; main effects say what it does count for, given the spread of
each pillar and the correlations among them (Paruolo, Saisana and Saltelli 2013).

:func:`main_effects` estimates S_j twice, linearly (the squared Pearson correlation)
and nonparametrically (a penalised cubic smoothing spline whose penalty is chosen by
generalised cross-validation), compares the relative main effects with the relative
weights and flags pillars that carry far more or far less than their weight.
:func:`optimise_weights` looks for the weights whose relative (linear) main effects
match a target, the inverse problem of Paruolo et al. and Becker et al. (2017).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.interpolate import make_smoothing_spline
from scipy.optimize import minimize

from idx.edition import Edition
from idx.errors import IdxError, WeightError
from idx.options import MainEffectEstimator
from idx.results import Result
from idx.scoring import weights_for
from idx.tolerances import CONTAINS_ATOL, WEIGHT_SUM_TOLERANCE
from idx.validation import finite_number, got, one_of
from idx.weight_spec import WeightsLike

__all__ = [
    "MIN_UNITS",
    "MainEffects",
    "OptimisedWeights",
    "correlation_ratio",
    "main_effects",
    "optimise_weights",
]

#: Fewest units a main effect is estimated from. A smoothing spline needs five distinct
#: points (scipy's ``make_smoothing_spline``), and a variance ratio over fewer units
#: says next to nothing.
MIN_UNITS = 5

#: A pillar carries "about its weight" while its relative main effect lies within this
#: factor of its relative weight (between half and double by default).
DEFAULT_FACTOR = 2.0

#: ``optimise_weights`` calls a target attained when no pillar's relative main effect
#: misses its target share by more than this (0.1 percentage point).
DEFAULT_TOLERANCE = 1e-3

# A spline fit whose nonlinear part carries less than this share of the total's
# variance is a straight line up to rounding (exactly linear data): its effective
# degrees of freedom are 2 whatever penalty GCV settled on.
_LINEAR_SHARE = 1e-12


def _check_units(n: int) -> None:
    if n < MIN_UNITS:
        msg = f"main effects need at least {MIN_UNITS} units (got {n})"
        raise IdxError(msg)


def _linear(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    # the squared Pearson correlation; a constant pillar explains nothing (S = 0)
    dx, dy = x - x.mean(), y - y.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    if sxx == 0.0:
        return 0.0
    return float((dx @ dy) ** 2 / (sxx * syy))


def _jumps(spline: object, knots: NDArray[np.float64]) -> NDArray[np.float64]:
    """Jumps of the third derivative of a natural cubic spline at its knots.

    The third derivative is constant between knots (evaluated at midpoints) and zero
    outside the data range, where a natural spline is linear.
    """
    third = spline.derivative(3)  # type: ignore[attr-defined]
    inside = np.asarray(third((knots[:-1] + knots[1:]) / 2.0), dtype=np.float64)
    pieces = np.concatenate(([0.0], inside, [0.0]))
    jumps: NDArray[np.float64] = np.diff(pieces)
    return jumps


def _spline_effect(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[float, float]:
    """Nonparametric main effect of ``x`` on ``y`` and the fit's effective degrees of freedom.

    Units sharing a value of ``x`` are merged into one knot holding their mean total,
    weighted by their count: the weighted penalised least-squares problem then has the
    same minimiser as the one over the units, and ``make_smoothing_spline`` gets the
    strictly increasing abscissas it needs, with nothing jittered.
    """
    knots, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    if len(knots) == 1:
        return 0.0, 1.0
    means = np.bincount(inverse, weights=y) / counts
    weights = counts.astype(np.float64)
    if len(knots) < MIN_UNITS:
        # Too few distinct values for a spline: E[y | x] is estimated by the group
        # means, Pearson's own correlation ratio for a discrete x.
        return float(means[inverse].var() / y.var()), float(len(knots))
    spline = make_smoothing_spline(knots, means, w=weights)  # lam=None: GCV
    fitted = np.asarray(spline(x), dtype=np.float64)
    effect = float(fitted.var() / y.var())
    slope = float((x - x.mean()) @ (y - y.mean()) / ((x - x.mean()) @ (x - x.mean())))
    straight = y.mean() + slope * (x - x.mean())
    if np.var(fitted - straight) <= _LINEAR_SHARE * np.var(y):
        return effect, 2.0
    return effect, _edf(spline, knots, means, weights)


def _edf(
    spline: object,
    knots: NDArray[np.float64],
    means: NDArray[np.float64],
    weights: NDArray[np.float64],
) -> float:
    """Effective degrees of freedom (trace of the hat matrix) of a GCV spline fit.

    scipy does not return the penalty GCV chose, but the fit reveals it: the
    minimiser of ``sum w_i (y_i - f(x_i))^2 + lam * int f''^2`` satisfies
    ``w_i (y_i - f(x_i)) = lam * J_i`` at every knot, ``J_i`` being the jump of its
    third derivative there (Green and Silverman 1994, section 2.3). Refitting the
    identity matrix with that penalty gives the hat matrix, whose trace runs from 2
    (a straight line) to the number of knots (interpolation).
    """
    at_knots = np.asarray(spline(knots), dtype=np.float64)  # type: ignore[operator]
    residual = weights * (means - at_knots)
    jumps = _jumps(spline, knots)
    lam = float(residual @ jumps / (jumps @ jumps))
    if not math.isfinite(lam) or lam < 0.0:  # pragma: no cover - rounding guard
        return 2.0
    hat = make_smoothing_spline(knots, np.eye(len(knots)), w=weights, lam=lam)(knots)
    return float(np.trace(hat))


def _pair(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    try:
        xs = np.asarray(x, dtype=np.float64)
        ys = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        msg = "'x' and 'y' must be numbers"
        raise IdxError(msg) from None
    if xs.ndim != 1 or ys.shape != xs.shape:
        msg = f"'x' and 'y' must be one-dimensional and of equal length (got shapes {xs.shape} and {ys.shape})"
        raise IdxError(msg)
    _check_units(len(xs))
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        msg = "'x' and 'y' must be finite"
        raise IdxError(msg)
    if np.ptp(ys) == 0:
        msg = f"the correlation ratio is undefined: 'y' is constant (got {got(float(ys[0]))} throughout)"
        raise IdxError(msg)
    return xs, ys


def correlation_ratio(
    x: ArrayLike, y: ArrayLike, *, estimator: MainEffectEstimator = "nonparametric"
) -> float:
    """Pearson's correlation ratio ``Var(E[y | x]) / Var(y)`` over paired observations.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        At least :data:`MIN_UNITS` pairs; ``y`` must vary.
    estimator : {"nonparametric", "linear"}
        ``"linear"``: ``E[y | x]`` is a straight line, and the ratio is the squared
        Pearson correlation. ``"nonparametric"``: ``E[y | x]`` is a cubic smoothing
        spline whose penalty generalised cross-validation chooses
        (``scipy.interpolate.make_smoothing_spline``); repeated values of ``x`` are
        merged into one knot weighted by their count, and with fewer than five
        distinct values of ``x`` the group means of ``y`` are used instead.

    Returns
    -------
    float
        In [0, 1]; 0 when ``x`` is constant. The nonparametric estimate is never
        below the linear one: a smoothing spline reproduces straight lines, so its
        fit is the least-squares line plus a part orthogonal to it.

    References
    ----------
    .. [1] Pearson, K. (1905). On the general theory of skew correlation and
       non-linear regression. Drapers' Company Research Memoirs, Biometric Series II.
    .. [2] Paruolo, P., Saisana, M. and Saltelli, A. (2013). Ratings and rankings:
       voodoo or science? Journal of the Royal Statistical Society A 176(3), 609-634.
    .. [3] Wahba, G. (1990). Spline Models for Observational Data. SIAM, ch. 4 (GCV).
    """
    one_of("estimator", estimator, MainEffectEstimator)
    xs, ys = _pair(x, y)
    return _linear(xs, ys) if estimator == "linear" else _spline_effect(xs, ys)[0]


def _shares(values: NDArray[np.float64]) -> NDArray[np.float64]:
    total = values.sum()
    if total <= 0:
        return np.full(len(values), np.nan)
    shares: NDArray[np.float64] = values / total
    return shares


def _divergence(weights: NDArray[np.float64], effects: NDArray[np.float64], ref: int) -> float:
    """Paruolo et al.'s maximal discrepancy ``max_i |w_i / w_ref - S_i / S_ref|``, i != ref."""
    if effects[ref] <= 0:
        return float("nan")
    gaps = np.abs(weights / weights[ref] - effects / effects[ref])
    gaps[ref] = 0.0
    return float(gaps.max())


@dataclass(frozen=True, eq=False, repr=False)
class MainEffects(Result):
    """Main effect of each pillar on the total, against the pillar's weight.

    Attributes
    ----------
    pillars : tuple of str
    weights : ndarray
        The weights the total was computed with (the published ones by default).
    weights_label : str
    n_units : int
    linear, nonparametric : ndarray
        The main effects ``S_j`` estimated linearly (squared Pearson correlation of
        pillar index and total) and by a GCV smoothing spline. Each lies in [0, 1];
        with correlated pillars they need not sum to 1.
    edf : ndarray
        Effective degrees of freedom of each spline fit: 2 is a straight line, more
        means GCV let the fit bend.
    factor : float
        A pillar is flagged when its relative main effect is more than ``factor``
        times, or less than ``1 / factor`` times, its relative weight.
    reference : str
        The pillar with the largest weight (ties: the largest nonparametric main
        effect), against which :attr:`divergence` compares the others.
    notes : tuple of str

    Notes
    -----
    Relative values are shares: ``S_j / sum_k S_k`` against ``w_j / sum_k w_k``.
    The flag and ``ratio`` use the nonparametric estimate, the correlation ratio
    proper; the linear one is its special case for a straight-line relation.
    """

    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    weights_label: str
    n_units: int
    linear: NDArray[np.float64]
    nonparametric: NDArray[np.float64]
    edf: NDArray[np.float64]
    factor: float
    reference: str
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """The notes as one line."""
        return " ".join(self.notes)

    @property
    def relative_weights(self) -> NDArray[np.float64]:
        """``w_j / sum w``."""
        return _shares(np.asarray(self.weights))

    @property
    def relative_linear(self) -> NDArray[np.float64]:
        """Linear main effects as shares of their sum."""
        return _shares(np.asarray(self.linear))

    @property
    def relative_nonparametric(self) -> NDArray[np.float64]:
        """Nonparametric main effects as shares of their sum."""
        return _shares(np.asarray(self.nonparametric))

    @property
    def ratio(self) -> NDArray[np.float64]:
        """Relative (nonparametric) main effect over relative weight; inf for an unweighted pillar that matters."""
        effect, weight = self.relative_nonparametric, self.relative_weights
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio: NDArray[np.float64] = np.where(
                weight > 0, effect / weight, np.where(effect > 0, np.inf, np.nan)
            )
        return ratio

    @property
    def flags(self) -> NDArray[np.bool_]:
        """True where the relative main effect is outside ``[w / factor, w * factor]``."""
        ratio = self.ratio
        with np.errstate(invalid="ignore"):
            flags: NDArray[np.bool_] = (ratio > self.factor) | (ratio < 1.0 / self.factor)
        return flags

    @property
    def flagged(self) -> tuple[str, ...]:
        """Pillars whose importance departs from their weight by more than ``factor``."""
        return tuple(p for p, f in zip(self.pillars, self.flags, strict=True) if f)

    @property
    def divergence(self) -> float:
        """Paruolo et al.'s maximal discrepancy ``d_m`` with the nonparametric estimates.

        ``max_i |w_i / w_ref - S_i / S_ref|`` over the pillars other than
        :attr:`reference`: 0 when relative main effects match relative weights.
        """
        return _divergence(
            np.asarray(self.weights),
            np.asarray(self.nonparametric),
            self.pillars.index(self.reference),
        )

    @property
    def divergence_linear(self) -> float:
        """The same discrepancy with the linear estimates."""
        return _divergence(
            np.asarray(self.weights), np.asarray(self.linear), self.pillars.index(self.reference)
        )

    def _describe(self) -> str:
        flagged = ", ".join(self.flagged) or "none"
        return (
            f"main effects of {len(self.pillars)} pillars over {self.n_units} units; "
            f"divergence {self.divergence:.3f}; flagged: {flagged}"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: weight, both estimates, edf, relative values, ratio, flag."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "weight": np.array(self.weights),
                "linear": np.array(self.linear),
                "nonparametric": np.array(self.nonparametric),
                "edf": np.array(self.edf),
                "relative_weight": self.relative_weights,
                "relative_linear": self.relative_linear,
                "relative_nonparametric": self.relative_nonparametric,
                "ratio": self.ratio,
                "flag": self.flags,
            }
        )
        return frame


def main_effects(
    edition: Edition, weights: WeightsLike = None, *, factor: float = DEFAULT_FACTOR
) -> MainEffects:
    """Main effect of each pillar on the total, compared with the pillar's weight.

    For each pillar j, ``S_j = Var(E[total | index_j]) / Var(total)`` over the units,
    estimated linearly and with a GCV smoothing spline (:func:`correlation_ratio`),
    the total being ``sum_j w_j * index_j`` under ``weights``.

    Parameters
    ----------
    edition : Edition
        At least :data:`MIN_UNITS` units.
    weights : optional
        Any weight specification :func:`idx.score` accepts; default the published weights.
    factor : float
        Flag threshold, > 1 (default 2: a pillar is flagged when its share of the main
        effects is under half or over double its share of the weights).

    Returns
    -------
    MainEffects

    Raises
    ------
    IdxError
        With fewer than 5 units, a total equal for every unit, or ``factor <= 1``;
        :class:`~idx.errors.WeightError` on bad weights.

    Notes
    -----
    Reliability with few units: the spline's penalty is chosen by GCV from the same
    units it is fitted to. With 31 units the nonparametric estimate can follow noise;
    it never falls below the linear one, and a fit with ``edf`` effective degrees of
    freedom adds roughly ``(1 - S_lin) * (edf - 2) / (n - 2)`` to it from noise alone,
    so only excesses well beyond that point to a genuinely nonlinear relation.

    References
    ----------
    .. [1] Paruolo, P., Saisana, M. and Saltelli, A. (2013). Ratings and rankings:
       voodoo or science? Journal of the Royal Statistical Society A 176(3), 609-634
       (main effects, section 3.1; the discrepancy statistic ``d_m``, eq. 6, taken
       here in absolute value).
    .. [2] Becker, W., Saisana, M., Paruolo, P. and Vandecasteele, I. (2017). Weights
       and importance in composite indicators: closing the gap. Ecological
       Indicators 80, 12-22.
    """
    _check_units(edition.n_units)
    factor = finite_number("factor", factor, low=1.0, low_open=True)
    choice = weights_for(edition, weights)
    w = np.asarray(choice.weights, dtype=np.float64)
    x = np.asarray(edition.index_array, dtype=np.float64)
    total = x @ w
    if np.ptp(total) == 0:
        msg = "main effects are undefined: the total is the same for every unit"
        raise IdxError(msg)
    m = len(edition.pillars)
    linear = np.array([_linear(x[:, j], total) for j in range(m)])
    fits = [_spline_effect(x[:, j], total) for j in range(m)]
    nonparametric = np.array([f[0] for f in fits])
    edf = np.array([f[1] for f in fits])
    heaviest = np.flatnonzero(w == w.max())
    reference = int(heaviest[np.argmax(nonparametric[heaviest])])
    result = MainEffects(
        pillars=edition.pillars,
        weights=w,
        weights_label=choice.label,
        n_units=edition.n_units,
        linear=linear,
        nonparametric=nonparametric,
        edf=edf,
        factor=factor,
        reference=edition.pillars[reference],
    )
    return replace(result, notes=(*choice.notes, *_notes(result, x)))


def _notes(result: MainEffects, x: NDArray[np.float64]) -> list[str]:
    n = result.n_units
    notes = [
        f"Nonparametric estimates fit a smoothing spline whose penalty GCV picks from the "
        f"same {n} units, so they can follow noise: they never fall below the linear ones, "
        f"and noise alone adds up to about (1 - linear) x (edf - 2) / {n - 2} to them."
    ]
    few = [p for j, p in enumerate(result.pillars) if 1 < len(np.unique(x[:, j])) < MIN_UNITS]
    if few:
        notes.append(
            f"Fewer than {MIN_UNITS} distinct values in {', '.join(few)}: "
            "E[total | index] is estimated by group means there."
        )
    constant = [p for j, p in enumerate(result.pillars) if np.ptp(x[:, j]) == 0]
    if constant:
        notes.append(f"Constant across units, so without effect: {', '.join(constant)}.")
    total = x @ np.asarray(result.weights)
    for j, pillar in enumerate(result.pillars):
        if np.ptp(x[:, j]) > 0 and np.corrcoef(x[:, j], total)[0, 1] < 0:
            notes.append(
                f"{pillar} falls as the total rises (negative correlation): its main effect "
                "measures how much of the total's spread it accounts for, against the total."
            )
    low, high = 1.0 / result.factor, result.factor
    for pillar, share, weight, ratio in zip(
        result.pillars,
        result.relative_nonparametric,
        result.relative_weights,
        result.ratio,
        strict=True,
    ):
        if ratio > high or ratio < low:
            notes.append(
                f"{pillar} carries {share:.3f} of the main effects against {weight:.3f} of the "
                f"weights (ratio {ratio:.2f}, outside [{low:.2g}, {high:.2g}])."
            )
    return notes


def _target(target: object, edition: Edition) -> tuple[NDArray[np.float64], str]:
    """The target shares as a vector in pillar order, and a label."""
    ids = edition.pillars
    if target is None or (isinstance(target, str) and target == "published"):
        return np.asarray(edition.system.weights, dtype=np.float64), "published weights"
    if isinstance(target, str):
        if target == "equal":
            return np.full(len(ids), 1.0 / len(ids)), "equal shares"
        msg = (
            "'target' must be 'published', 'equal', a mapping pillar -> share or one "
            f"share per pillar (got {got(target)})"
        )
        raise WeightError(msg)
    if isinstance(target, Mapping):
        unknown = [k for k in target if k not in ids]
        if unknown:
            msg = (
                f"'target' names unknown pillar {got(unknown[0])}; expected one of {', '.join(ids)}"
            )
            raise WeightError(msg)
        missing = [k for k in ids if k not in target]
        if missing:
            msg = f"'target' must give a share to every pillar (missing {', '.join(missing)})"
            raise WeightError(msg)
        values = [target[k] for k in ids]
    elif isinstance(target, (Sequence, np.ndarray)):
        values = (
            list(np.asarray(target, dtype=object).ravel())
            if isinstance(target, np.ndarray)
            else list(target)
        )
        if len(values) != len(ids):
            msg = f"'target' must hold one share per pillar ({len(ids)}) (got {len(values)})"
            raise WeightError(msg)
    else:
        msg = (
            "'target' must be 'published', 'equal', a mapping pillar -> share or one "
            f"share per pillar (got {type(target).__name__})"
        )
        raise WeightError(msg)
    vector = np.array(
        [
            finite_number(
                "target", v, low=0.0, error=WeightError, subject=f"target share of {ids[i]!r}"
            )
            for i, v in enumerate(values)
        ]
    )
    total = math.fsum(vector)
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        msg = f"'target' shares must sum to 1 (got {total:.12g})"
        raise WeightError(msg)
    return vector, "custom target"


@dataclass(frozen=True, eq=False, repr=False)
class OptimisedWeights(Result):
    """Weights whose relative main effects come closest to a target.

    Attributes
    ----------
    pillars : tuple of str
    target : ndarray
        The target shares of the main effects (sum 1).
    target_label : str
    nominal : ndarray
        The edition's published weights.
    weights : ndarray
        The optimised weights (>= 0, sum 1).
    linear : ndarray
        Linear main effects ``S_j`` under the optimised weights.
    nonparametric : ndarray
        Nonparametric main effects under the optimised weights, for comparison: the
        optimisation itself is linear.
    residual : float
        Root-mean-square gap between the attained shares ``S_j / sum S`` and the
        target under the optimised weights: the quantity minimised.
    residual_nominal : float
        The same gap under the published weights, for comparison.
    largest_gap : float
        Largest ``|S_j / sum S - target_j|`` under the optimised weights.
    attainable : bool
        ``largest_gap <= tolerance``.
    tolerance : float
    converged : bool
        Whether the optimiser reported success from its best start.
    notes : tuple of str
    """

    pillars: tuple[str, ...]
    target: NDArray[np.float64]
    target_label: str
    nominal: NDArray[np.float64]
    weights: NDArray[np.float64]
    linear: NDArray[np.float64]
    nonparametric: NDArray[np.float64]
    residual: float
    residual_nominal: float
    largest_gap: float
    attainable: bool
    tolerance: float
    converged: bool
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """The notes as one line."""
        return " ".join(self.notes)

    @property
    def relative(self) -> NDArray[np.float64]:
        """Linear main effects under the optimised weights, as shares."""
        return _shares(np.asarray(self.linear))

    def as_dict(self) -> dict[str, float]:
        """The optimised weights as ``{pillar: weight}``."""
        return dict(zip(self.pillars, (float(w) for w in self.weights), strict=True))

    def _describe(self) -> str:
        verdict = "attainable" if self.attainable else "not attainable"
        return f"target ({self.target_label}) {verdict}; largest gap {self.largest_gap:.4f}"

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: nominal and optimised weight, target, attained shares, gap."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "nominal_weight": np.array(self.nominal),
                "weight": np.array(self.weights),
                "target": np.array(self.target),
                "relative_linear": self.relative,
                "relative_nonparametric": _shares(np.asarray(self.nonparametric)),
                "gap": self.relative - np.asarray(self.target),
            }
        )
        return frame


def _linear_effects(cov: NDArray[np.float64], w: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """Squared correlations of every pillar with the total ``x @ w``, from the covariance.

    ``corr(x_j, total)^2 = (C w)_j^2 / (C_jj * w' C w)``; None when the total is constant.
    """
    cw = cov @ w
    variance = float(w @ cw)
    if variance <= 0.0:
        return None
    diag = np.diag(cov)
    with np.errstate(divide="ignore", invalid="ignore"):
        effects: NDArray[np.float64] = np.where(diag > 0, cw**2 / (diag * variance), 0.0)
    return effects


def optimise_weights(
    edition: Edition, target: object = None, *, tolerance: float = DEFAULT_TOLERANCE
) -> OptimisedWeights:
    """Weights whose relative main effects match a target, or come as close as they can.

    Solves the inverse problem of Paruolo et al. (2013) on the simplex, as Becker et
    al. (2017) and COINr's ``get_opt_weights`` do: minimise
    ``sum_j (S_j(w) / sum_k S_k(w) - target_j)^2`` over weights ``w >= 0`` summing to
    1, with ``S_j(w)`` the linear main effect (squared Pearson correlation of pillar j
    with the total under ``w``). SLSQP (``scipy.optimize.minimize``) runs from the
    target, the published weights and equal weights; the best end point is kept.

    Parameters
    ----------
    edition : Edition
        At least :data:`MIN_UNITS` units.
    target : None, "published", "equal", mapping or sequence
        Target shares of the main effects, one per pillar, >= 0, summing to 1.
        Default: the published weights (do the pillars matter as much as the weights
        say?).
    tolerance : float
        The target counts as attained when no share misses it by more than this
        (default 0.001).

    Returns
    -------
    OptimisedWeights

    Raises
    ------
    IdxError
        With fewer than 5 units or a tolerance outside (0, 1);
        :class:`~idx.errors.WeightError` on a target naming unknown pillars, missing
        one, negative or not summing to 1.

    Notes
    -----
    The linear main effect keeps the problem smooth, so a gradient method applies and
    the optimum is reproducible. The nonparametric main effects under the optimised
    weights are reported alongside; optimising them directly would refit six GCV
    splines per step and chase a criterion that jumps whenever GCV changes its mind.
    A target is unattainable when the pillars' spreads and correlations prevent it
    for every non-negative weight vector: Paruolo et al. show the linear inverse
    problem has one solution over real weights, so when that solution has a negative
    weight no admissible weights reach the target.

    References
    ----------
    .. [1] Paruolo, P., Saisana, M. and Saltelli, A. (2013). Ratings and rankings:
       voodoo or science? Journal of the Royal Statistical Society A 176(3), 609-634,
       section 3.4 and appendix.
    .. [2] Becker, W., Saisana, M., Paruolo, P. and Vandecasteele, I. (2017). Weights
       and importance in composite indicators: closing the gap. Ecological
       Indicators 80, 12-22, section 2.4.
    """
    _check_units(edition.n_units)
    tolerance = finite_number(
        "tolerance", tolerance, low=0.0, high=1.0, low_open=True, high_open=True
    )
    goal, label = _target(target, edition)
    x = np.asarray(edition.index_array, dtype=np.float64)
    cov = np.cov(x, rowvar=False, bias=True)
    m = len(edition.pillars)

    def objective(w: NDArray[np.float64]) -> float:
        effects = _linear_effects(cov, w)
        if effects is None or effects.sum() <= 0:
            return 4.0  # above the largest possible sum of squared share gaps (2)
        return float(((effects / effects.sum() - goal) ** 2).sum())

    def rms(w: NDArray[np.float64]) -> float:
        return math.sqrt(min(objective(w), 2.0) / m)

    nominal = np.asarray(edition.system.weights, dtype=np.float64)
    ones = np.ones(m)
    starts = [goal, nominal, np.full(m, 1.0 / m)]
    best = None
    for start in starts:
        fit = minimize(
            objective,
            start,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * m,
            constraints=[
                {"type": "eq", "fun": lambda w: float(w.sum() - 1.0), "jac": lambda w: ones},
                # every pillar moves with the total, never against it (Paruolo et al.'s
                # sign convention): a pillar is not "important" by pulling the index down
                {"type": "ineq", "fun": lambda w: cov @ w, "jac": lambda w: cov},
            ],
            options={"ftol": 1e-16, "maxiter": 1000},
        )
        if best is None or fit.fun < best.fun:
            best = fit
    assert best is not None
    weights = np.clip(np.asarray(best.x, dtype=np.float64), 0.0, None)
    weights = weights / weights.sum()
    linear = _linear_effects(cov, weights)
    if linear is None:  # pragma: no cover - every start has a varying total
        msg = "no weights give a total that varies across units"
        raise IdxError(msg)
    attained = _shares(linear)
    gaps = attained - goal
    largest = float(np.abs(gaps).max())
    total = x @ weights
    nonparametric = np.array([_spline_effect(x[:, j], total)[0] for j in range(m)])
    notes = []
    if largest > tolerance:
        worst = int(np.argmax(np.abs(gaps)))
        notes.append(
            f"The target is not attainable with non-negative weights: the closest weights "
            f"leave {edition.pillars[worst]} at a share of {attained[worst]:.3f} against "
            f"{goal[worst]:.3f}."
        )
    # zero up to the solver's accuracy, the slack WeightSpace.contains allows it too
    zero = [p for p, w in zip(edition.pillars, weights, strict=True) if w <= CONTAINS_ATOL]
    if zero:
        notes.append(f"Weight 0 for {', '.join(zero)}: the optimum sits on the simplex's edge.")
    return OptimisedWeights(
        pillars=edition.pillars,
        target=goal,
        target_label=label,
        nominal=nominal,
        weights=weights,
        linear=linear,
        nonparametric=nonparametric,
        residual=rms(weights),
        residual_nominal=rms(nominal),
        largest_gap=largest,
        attainable=largest <= tolerance,
        tolerance=tolerance,
        converged=bool(best.success),
        notes=tuple(notes),
    )
