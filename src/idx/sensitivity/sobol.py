"""Sobol sensitivity indices of every unit's rank and total to the pillar weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import qmc

from idx.edition import Edition
from idx.errors import IdxError, SpaceError
from idx.sensitivity._rank_kernel import ranks_of
from idx.space import WeightSpace

__all__ = ["OUTPUTS", "SobolIndices", "sobol"]

OUTPUTS = ("rank", "total")


@dataclass(frozen=True, eq=False)
class SobolIndices:
    """First-order and total Sobol indices, with bootstrap confidence intervals.

    Arrays have shape (n_outputs, n_units, n_pillars), outputs in ``outputs`` order.

    Attributes
    ----------
    first, total : ndarray
        Point estimates (Saltelli et al. 2010 first-order, Jansen 1999 total), equal
        to ``SALib.analyze.sobol.analyze``'s ``S1`` and ``ST`` on the same samples.
    first_low, first_high, total_low, total_high : ndarray
        Percentile bootstrap intervals at ``confidence``.
    constant : ndarray of bool, shape (n_outputs, n_units)
        Outputs that did not vary over A and B (variance within machine epsilon
        of 0, on their own scale or standardised): their indices and intervals
        are 0, not NaN.
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    outputs: tuple[str, ...]
    n: int
    confidence: float
    first: NDArray[np.float64]
    total: NDArray[np.float64]
    first_low: NDArray[np.float64]
    first_high: NDArray[np.float64]
    total_low: NDArray[np.float64]
    total_high: NDArray[np.float64]
    constant: NDArray[np.bool_]

    def to_frame(self) -> pd.DataFrame:
        """Tidy: output, unit, pillar, S1 with interval, ST with interval, note."""
        o, u, p = self.first.shape
        table: pd.DataFrame = pd.DataFrame(
            {
                "output": np.repeat(self.outputs, u * p),
                "unit": np.tile(np.repeat(self.units, p), o),
                "pillar": np.tile(self.pillars, o * u),
                "S1": self.first.ravel(),
                "S1_low": self.first_low.ravel(),
                "S1_high": self.first_high.ravel(),
                "ST": self.total.ravel(),
                "ST_low": self.total_low.ravel(),
                "ST_high": self.total_high.ravel(),
                "note": np.where(
                    np.repeat(self.constant.ravel(), p), "output constant: indices set to 0", ""
                ),
            }
        )
        return table


def _model(
    x_t: NDArray[np.float64], factors: NDArray[np.float64], output: str
) -> NDArray[np.float64]:
    w = factors / factors.sum(axis=1, keepdims=True)
    totals: NDArray[np.float64] = w @ x_t
    if output == "total":
        return totals
    ranks: NDArray[np.float64] = ranks_of(totals).astype(np.float64)
    return ranks


def _design(
    space: WeightSpace, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The base matrices A and B, ``(n, m)`` each, drawn from ``rng``.

    A and B are the two halves of one scrambled ``2m``-dimensional Sobol sample,
    scaled into the space's factor bounds. ``sobol`` calls this first on its
    generator (the bootstrap draws come after), so the same seed rebuilds the
    same design.
    """
    m = space.n_pillars
    base = qmc.Sobol(d=2 * m, scramble=True, seed=rng).random(int(n))
    span = space.upper - space.lower
    a: NDArray[np.float64] = space.lower + base[:, :m] * span
    b: NDArray[np.float64] = space.lower + base[:, m:] * span
    return a, b


def _standardise(
    y_a: NDArray[np.float64], y_b: NDArray[np.float64], y_ab: list[NDArray[np.float64]]
) -> tuple[NDArray[np.float64], NDArray[np.float64], list[NDArray[np.float64]]]:
    """Each unit's outputs less their mean over all n(m + 2) runs, over their sd.

    This is SALib's ``analyze`` step ``Y = (Y - Y.mean()) / Y.std()``, per unit:
    the first-order estimator is not shift-invariant, so centring on any other
    mean (e.g. of A and B only) gives other estimates. Outputs whose variance
    over A and B is at most machine epsilon on their own scale (a total that is
    constant up to floating-point noise) are set to 0 rather than blown up to
    unit variance.
    """
    blocks = [y_a, y_b, *y_ab]
    count = len(blocks) * y_a.shape[0]
    centre = sum(block.sum(axis=0) for block in blocks) / count
    sd = np.sqrt(sum(((block - centre) ** 2).sum(axis=0) for block in blocks) / count)
    flat = np.concatenate([y_a, y_b]).var(axis=0) <= np.finfo(float).eps
    # dividing by inf zeroes them, so every estimate and resample of them is 0
    scale = np.where(flat | (sd == 0), np.inf, sd)
    return (
        (y_a - centre) / scale,
        (y_b - centre) / scale,
        [(y - centre) / scale for y in y_ab],
    )


def _estimate(
    weights: NDArray[np.float64],
    sum_y: NDArray[np.float64],
    sum_y2: NDArray[np.float64],
    first_terms: NDArray[np.float64],
    total_terms: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Estimators for each row of ``weights`` (resample counts over the base rows).

    Every estimator is a mean of per-row terms, so all resamples are one BLAS
    product ``(k, rows) @ (rows, units * pillars)`` per term.
    """
    rows = weights.shape[1]
    k = weights.shape[0]
    mean_y = weights @ sum_y / (2 * rows)
    var = weights @ sum_y2 / (2 * rows) - mean_y**2
    f = (weights @ first_terms.reshape(rows, -1)).reshape(k, *first_terms.shape[1:]) / rows
    t = (weights @ total_terms.reshape(rows, -1)).reshape(k, *total_terms.shape[1:]) / rows
    return f, t, var


def sobol(
    edition: Edition,
    space: WeightSpace,
    n: int = 4096,
    *,
    seed: int | np.random.Generator | None = None,
    n_bootstrap: int = 500,
    confidence: float = 0.95,
    outputs: Sequence[str] = OUTPUTS,
) -> SobolIndices:
    """First-order and total Sobol indices of each unit's rank and total.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace
        Must be a ``"factors"`` space: Sobol indices assume independent inputs, so
        the inputs are the per-pillar weight factors, drawn independently within
        their bounds and renormalised inside the model, as JRC audits of composite
        indicators do. A simplex space (dependent weights) is refused.
    n : int
        Base sample size (a power of 2 keeps the Sobol sequence balanced); the model
        is evaluated ``n * (n_pillars + 2)`` times, all units at once.
    seed : int, Generator or None
        Seeds the scrambled Sobol sequence and the bootstrap.
    n_bootstrap : int
        Bootstrap resamples of the base rows for the intervals.
    confidence : float
        Level of the percentile bootstrap intervals.
    outputs : sequence of {"rank", "total"}

    Returns
    -------
    SobolIndices

    Notes
    -----
    With A, B the two halves of a ``2m``-dimensional scrambled Sobol sample and
    ``AB_j`` equal to A with column j from B, each unit's output y is first
    standardised by its mean and (population) standard deviation over all
    ``n (m + 2)`` runs (A, B and every ``AB_j``), as SALib's ``analyze`` does, then::

        S_j  = mean(y_B * (y_ABj - y_A)) / var(y_A, y_B)        (Saltelli et al. 2010)
        ST_j = mean((y_A - y_ABj) ** 2) / 2 / var(y_A, y_B)     (Jansen 1999)

    with ``var`` the population variance of A and B stacked. ``S_j`` depends on the
    centre (``ST_j`` does not; the scale cancels in both). The point estimates
    equal ``SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False)``
    fed the same A and B (``Y`` in SALib's row layout: blocks of A, AB_1..AB_m,
    B) to 1e-12 (tested for ranks and totals), including SALib's rule that an
    output whose standardised variance over A and B is at most machine epsilon
    gets 0; an output equal in every run gets 0 from both. The one difference:
    an output whose variance over A and B is at most machine epsilon on its own
    scale (e.g. a total constant up to rounding) is reported ``constant`` with
    indices 0, where ``analyze`` standardises the rounding noise and returns
    arbitrary values.

    The intervals are percentile bootstrap intervals over resamples of the base
    rows, the standardisation being done once on the full sample (as in
    ``analyze``); they are not SALib's ``S1_conf`` / ``ST_conf``, which are
    normal-approximation half-widths ``z * sd`` of its bootstrap estimates.
    Every bootstrap mean is a linear function of per-row terms, so all resamples
    are one matrix product of resample counts with those terms.

    References
    ----------
    .. [1] Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and
       Tarantola, S. (2010). Variance based sensitivity analysis of model output.
       Computer Physics Communications 181(2), 259-270.
    .. [2] Jansen, M. J. W. (1999). Analysis of variance designs for model output.
       Computer Physics Communications 117(1-2), 35-43.
    .. [3] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    """
    if space.mode != "factors":
        msg = (
            "sobol needs independent inputs: use a 'factors' space, e.g. "
            "WeightSpace.around(system, 0.25, mode='factors')"
        )
        raise SpaceError(msg)
    space.check_pillars(edition.pillars)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        msg = f"'n' must be an integer >= 2 (got {n!r})"
        raise IdxError(msg)
    if (
        isinstance(n_bootstrap, bool)
        or not isinstance(n_bootstrap, (int, np.integer))
        or n_bootstrap < 1
    ):
        msg = f"'n_bootstrap' must be a positive integer (got {n_bootstrap!r})"
        raise IdxError(msg)
    if not 0.0 < confidence < 1.0:
        msg = f"'confidence' must be in (0, 1) (got {confidence!r})"
        raise IdxError(msg)
    chosen = tuple(outputs)
    bad = [o for o in chosen if o not in OUTPUTS]
    if bad or not chosen:
        msg = f"'outputs' must be drawn from {', '.join(OUTPUTS)} (got {list(outputs)})"
        raise IdxError(msg)
    rng = np.random.default_rng(seed)
    m = space.n_pillars
    a, b = _design(space, int(n), rng)
    x_t = np.ascontiguousarray(edition.index_array.T)
    counts = rng.multinomial(int(n), np.full(int(n), 1.0 / n), size=int(n_bootstrap)).astype(
        np.float64
    )

    results: dict[str, list[NDArray[np.generic]]] = {
        key: [] for key in ("first", "total", "fl", "fh", "tl", "th", "const")
    }
    tail = (1.0 - confidence) / 2.0
    for output in chosen:
        y_a = _model(x_t, a, output)
        y_b = _model(x_t, b, output)
        y_ab = []
        for j in range(m):
            mixed = a.copy()
            mixed[:, j] = b[:, j]
            y_ab.append(_model(x_t, mixed, output))
        # once, on the full sample, before any resampling: as SALib's analyze does
        y_a, y_b, y_ab = _standardise(y_a, y_b, y_ab)
        # per-row terms whose means give every estimator: (rows, units) each
        sum_y = y_a + y_b
        sum_y2 = y_a**2 + y_b**2
        first_terms = np.stack([y_b * (y - y_a) for y in y_ab], axis=-1)  # rows, units, m
        total_terms = np.stack([0.5 * (y_a - y) ** 2 for y in y_ab], axis=-1)
        rows = int(n)
        ones = np.ones((1, rows))
        f0, t0, v0 = _estimate(ones, sum_y, sum_y2, first_terms, total_terms)
        fb, tb, vb = _estimate(counts, sum_y, sum_y2, first_terms, total_terms)
        constant = v0[0] <= np.finfo(float).eps
        with np.errstate(divide="ignore", invalid="ignore"):
            first = np.where(constant[:, None], 0.0, f0[0] / v0[0][:, None])
            total = np.where(constant[:, None], 0.0, t0[0] / v0[0][:, None])
            boot_first = np.where(vb[:, :, None] > np.finfo(float).eps, fb / vb[:, :, None], 0.0)
            boot_total = np.where(vb[:, :, None] > np.finfo(float).eps, tb / vb[:, :, None], 0.0)
        results["first"].append(first)
        results["total"].append(total)
        results["fl"].append(np.quantile(boot_first, tail, axis=0))
        results["fh"].append(np.quantile(boot_first, 1 - tail, axis=0))
        results["tl"].append(np.quantile(boot_total, tail, axis=0))
        results["th"].append(np.quantile(boot_total, 1 - tail, axis=0))
        results["const"].append(constant)
    arrays = {key: np.stack(value) for key, value in results.items()}
    for array in arrays.values():
        array.flags.writeable = False
    return SobolIndices(
        edition.units,
        edition.pillars,
        chosen,
        int(n),
        float(confidence),
        arrays["first"],
        arrays["total"],
        arrays["fl"],
        arrays["fh"],
        arrays["tl"],
        arrays["th"],
        arrays["const"],
    )
