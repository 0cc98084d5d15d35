"""Which pillar matters most for the whole ranking? Three views, one row per pillar."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import SpaceError
from idx.ranking import rank_totals
from idx.results import ConfidenceInterval, Result
from idx.sensitivity._parallel import seed_used
from idx.sensitivity.sobol import design, evaluate, resampled, standardise, total_order
from idx.space import WeightSpace, check_space
from idx.validation import finite_number, positive_int, probability

__all__ = ["PillarImportance", "importance"]


@dataclass(frozen=True, eq=False, repr=False)
class PillarImportance(Result):
    """How much each pillar moves the whole ranking (see :func:`importance`).

    Arrays have one value per pillar, in the system's order.

    Attributes
    ----------
    loo_mean_abs_shift, loo_share_moved : ndarray
        Mean over units of ``|rank without the pillar - base rank|``, and the share of
        units whose rank changes, when the pillar is dropped (others renormalised).
    up_mean_abs_shift, down_mean_abs_shift : ndarray
        The same mean when the pillar's weight factor is ``1 + shift`` / ``1 - shift``.
    pm_mean_abs_shift : ndarray
        Their average: the ``+/-shift`` one-at-a-time measure.
    pm_share_moved : ndarray
        Share of units whose rank changes under ``+shift`` or ``-shift``.
    sobol_total_mean : ndarray
        Mean over units of the total Sobol index of the unit's rank for the pillar.
    sobol_total_interval : ConfidenceInterval
        Percentile bootstrap interval of that mean (resampling the base rows, all units
        and pillars together).
    seed : int
        The integer seed of the Sobol design and bootstrap (a Generator gives one draw).
    """

    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    shift: float
    n: int
    seed: int
    loo_mean_abs_shift: NDArray[np.float64]
    loo_share_moved: NDArray[np.float64]
    up_mean_abs_shift: NDArray[np.float64]
    down_mean_abs_shift: NDArray[np.float64]
    pm_mean_abs_shift: NDArray[np.float64]
    pm_share_moved: NDArray[np.float64]
    sobol_total_mean: NDArray[np.float64]
    sobol_total_interval: ConfidenceInterval
    notes: tuple[str, ...]

    def _describe(self) -> str:
        return (
            f"importance of {len(self.pillars)} pillars for the ranking "
            f"(drop, +/-{self.shift:.0%}, Sobol n = {self.n:,})"
        )

    @property
    def most_important(self) -> dict[str, str]:
        """The pillar ranked first by each measure."""
        measures = {
            "leave_one_out": self.loo_mean_abs_shift,
            "plus_minus": self.pm_mean_abs_shift,
            "sobol_total": self.sobol_total_mean,
        }
        return {name: self.pillars[int(np.argmax(v))] for name, v in measures.items()}

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar (system order) with every measure and the Sobol interval."""
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "weight": self.weights,
                "loo_mean_abs_shift": self.loo_mean_abs_shift,
                "loo_share_moved": self.loo_share_moved,
                "up_mean_abs_shift": self.up_mean_abs_shift,
                "down_mean_abs_shift": self.down_mean_abs_shift,
                "pm_mean_abs_shift": self.pm_mean_abs_shift,
                "pm_share_moved": self.pm_share_moved,
                "sobol_total_mean": self.sobol_total_mean,
                "sobol_total_low": self.sobol_total_interval.low,
                "sobol_total_high": self.sobol_total_interval.high,
            }
        )
        return frame


def _shifts(
    x: NDArray[np.float64], base: NDArray[np.int64], weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Mean |rank shift| per weight vector (rows), and which units moved."""
    ranks = rank_totals(weights @ x.T)  # (rows, units)
    moved = ranks != base[None, :]
    mean: NDArray[np.float64] = np.abs(ranks - base[None, :]).mean(axis=1)
    return mean, moved


def importance(
    edition: Edition,
    space: WeightSpace | float = 0.25,
    *,
    shift: float = 0.25,
    n: int = 4096,
    seed: int | np.random.Generator | None = None,
    n_bootstrap: int = 500,
    confidence: float = 0.95,
) -> PillarImportance:
    """Which pillar matters most for the ranking as a whole.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace or float
        A ``"factors"`` space for the Sobol indices, or a spread: ``0.25`` means
        ``WeightSpace.around(system, 0.25, mode="factors")``. Its reference weights are
        the base of the leave-one-out and ``+/-shift`` measures.
    shift : float
        The one-at-a-time move, relative: each pillar's weight factor becomes
        ``1 + shift`` and ``1 - shift`` in turn, the others 1, then renormalised (the
        JRC/COINr convention). In (0, 1].
    n, seed, n_bootstrap, confidence
        As :func:`idx.sensitivity.sobol`; the same seed gives the same design, so the
        point estimates equal ``sobol(edition, space, n, seed=seed)``'s. The seed used
        is recorded.

    Returns
    -------
    PillarImportance

    Notes
    -----
    Three views, each averaged over all units:

    - *leave one out*: the pillar's weight set to 0 and the rest renormalised (the
      OECD/JRC Handbook's "exclusion of one pillar");
    - *one at a time*: the pillar's weight factor moved by ``+/-shift`` and the vector
      renormalised, as JRC audits do; the mean absolute rank shift of the two moves
      and the share of units that move under either;
    - *variance-based*: the total Sobol index of each unit's rank for the pillar's
      weight factor (Jansen's estimator on a scrambled Sobol design, as
      :func:`idx.sensitivity.sobol`), averaged over units. Units whose rank never moves
      count with index 0. The interval is a percentile bootstrap of the *mean*:
      every resample of the base rows gives all units' indices at once
      (:func:`idx.sensitivity.sobol.resampled`), whose mean over units is one draw.

    Ranks follow idx's tie rule (:func:`idx.rank_totals`).

    References
    ----------
    .. [1] OECD and JRC (2008). Handbook on Constructing Composite Indicators:
       Methodology and User Guide, section 7.
    .. [2] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    """
    if not isinstance(space, WeightSpace):
        spread = finite_number("space", space, low=0.0, low_open=True, error=SpaceError)
        space = WeightSpace.around(edition.system, spread, mode="factors")
    if space.mode != "factors":
        msg = (
            "importance needs a 'factors' space for its Sobol indices (independent "
            "inputs), e.g. WeightSpace.around(system, 0.25, mode='factors')"
        )
        raise SpaceError(msg)
    check_space(space, edition.pillars)
    step = finite_number("shift", shift, low=0.0, high=1.0, low_open=True)
    rows = positive_int("n", n, minimum=2)
    resamples = positive_int("n_bootstrap", n_bootstrap)
    level = probability("confidence", confidence)
    used = seed_used(seed)
    rng = np.random.default_rng(used)
    x = edition.index_array
    w = np.array(space.reference, dtype=np.float64)
    m = len(w)
    base = rank_totals(x @ w)

    # leave one out: row j has pillar j's weight at 0, the rest renormalised
    dropped = np.tile(w, (m, 1))
    np.fill_diagonal(dropped, 0.0)
    dropped /= dropped.sum(axis=1, keepdims=True)
    loo_mean, loo_moved = _shifts(x, base, dropped)

    # one at a time: factor 1 +/- shift on pillar j, then renormalised
    means, moved = [], []
    for factor in (1.0 + step, 1.0 - step):
        f = np.ones((m, m))
        np.fill_diagonal(f, factor)
        moved_w = w[None, :] * f
        moved_w /= moved_w.sum(axis=1, keepdims=True)
        mean, which = _shifts(x, base, moved_w)
        means.append(mean)
        moved.append(which)

    # Sobol: the same steps and random stream as idx.sensitivity.sobol (design first,
    # then the bootstrap counts), so the point estimates agree with it
    a, b = design(space, rows, rng)
    counts = rng.multinomial(rows, np.full(rows, 1.0 / rows), size=resamples).astype(np.float64)
    y = standardise(evaluate(edition, a, b, "rank"))
    st = total_order(y)  # (units, pillars)
    boot = resampled(y, counts)[1].mean(axis=1)  # (resamples, pillars): mean over units
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(boot, [tail, 1.0 - tail], axis=0)
    notes = (
        "leave one out and +/-shift start from the space's reference weights",
        "Sobol total indices of ranks, averaged over all units (a unit whose rank never "
        "moves counts 0)",
    )
    return PillarImportance(
        edition.pillars,
        w,
        step,
        rows,
        used,
        loo_mean,
        loo_moved.mean(axis=1),
        means[0],
        means[1],
        (means[0] + means[1]) / 2.0,
        (moved[0] | moved[1]).mean(axis=1),
        st.mean(axis=0),
        ConfidenceInterval(low, high, level),
        notes,
    )
