"""One unit on one page: its pillars, strengths and weaknesses, how firm its rank is, its
neighbours, and what it would take to climb one place.

The module is not called ``profile``: importing a submodule sets it as an attribute of
the package, which would hide the function :func:`idx.profile` behind the module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx._unit_rank import rank_bound
from idx.edition import Edition
from idx.neighbours import gaps
from idx.options import Sampler
from idx.ranking import rank_totals, tied
from idx.results import Result
from idx.sensitivity._parallel import seed_used
from idx.sensitivity.montecarlo import monte_carlo
from idx.sensitivity.rank_path import rank_path
from idx.sensitivity.sampling import default_sampler
from idx.space import WeightSpace, check_space
from idx.targets import Improvement, improvement, ordinal
from idx.validation import positive_int

__all__ = ["Profile", "profile", "strengths_weaknesses"]


def strengths_weaknesses(
    ranks: NDArray[np.int64],
    worst_ranks: NDArray[np.int64],
    *,
    top_n: int = 2,
    bottom_n: int = 2,
    min_discard: bool = True,
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Positions of the strengths and weaknesses among a unit's pillar ranks, as COINr.

    COINr's ``get_str_weak`` ranks every indicator across units (competition ranks,
    ``ties.method = "min"``), drops, with ``min_discard``, the indicators on which the
    unit holds the column's worst rank (``rank == max rank``), sorts the rest by the
    unit's rank (a stable sort, so ties keep the column order) and calls the first
    ``top_n`` strengths and the last ``bottom_n`` weaknesses. The two lists may share
    entries when few indicators remain.

    Parameters
    ----------
    ranks : ndarray of int
        The unit's rank on each pillar.
    worst_ranks : ndarray of int
        The largest rank on each pillar over all units.
    """
    keep = np.arange(len(ranks))
    if min_discard:
        keep = keep[ranks != worst_ranks]
    ordered = keep[np.argsort(ranks[keep], kind="stable")]
    strengths = tuple(int(j) for j in ordered[:top_n])
    weaknesses = tuple(int(j) for j in ordered[max(0, len(ordered) - bottom_n) :])
    return strengths, weaknesses


@dataclass(frozen=True, eq=False, repr=False)
class Profile(Result):
    """Result of :func:`profile`.

    Per pillar (arrays in the system's order): ``index`` (0-100), ``pillar_ranks``
    (rank among all units on that pillar's index, tie rule), ``contributions``
    (``weight x index``, points of the total), ``relative`` (overall rank minus pillar
    rank: positive where the pillar ranks the unit better than the whole index does),
    ``stable_low``/``stable_high`` (the weight interval of the pillar, others rescaled
    proportionally, over which the unit keeps its rank: :func:`idx.rank_path`).

    Attributes
    ----------
    strengths, weaknesses : tuple of str
        COINr's rule (:func:`strengths_weaknesses`).
    best_rank, worst_rank : int
        Exact rank range over ``space``; certified by ``best_weights``/``worst_weights``.
    mc_median, mc_low, mc_high : int
        Median and 5th/95th percentiles of the rank over ``n`` sampled weights.
    p_base_rank : float
        Share of the samples keeping the base rank (its rank acceptability).
    above, below : str or None
        Neighbours in rank order; ``gap_above`` and ``lead_below`` in points.
    climb : Improvement or None
        Gains to reach one place higher (``rank - 1``) at the fixed weights; None at 1st.
    """

    unit: str
    rank: int
    total: float
    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    index: NDArray[np.float64]
    pillar_ranks: NDArray[np.int64]
    contributions: NDArray[np.float64]
    relative: NDArray[np.int64]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    stable_low: NDArray[np.float64]
    stable_high: NDArray[np.float64]
    best_rank: int
    worst_rank: int
    best_weights: NDArray[np.float64]
    worst_weights: NDArray[np.float64]
    mc_median: int
    mc_low: int
    mc_high: int
    p_base_rank: float
    n: int
    seed: int
    sampler: str
    above: str | None
    gap_above: float
    below: str | None
    lead_below: float
    climb: Improvement | None

    def _describe(self) -> str:
        return f"{self.unit}: {ordinal(self.rank)}, total {self.total:.2f}"

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar: weight, index, pillar rank, contribution and its share,
        relative rank, role (strength / weakness), the stable weight interval, and the
        index gain on that pillar alone to climb one place (NaN at 1st or infeasible)."""
        roles = [
            "strength" if p in self.strengths else "weakness" if p in self.weaknesses else ""
            for p in self.pillars
        ]
        if self.strengths and set(self.strengths) & set(self.weaknesses):
            roles = [
                "strength, weakness" if p in self.strengths and p in self.weaknesses else r
                for p, r in zip(self.pillars, roles, strict=True)
            ]
        climb = np.full(len(self.pillars), np.nan) if self.climb is None else self.climb.index_gain
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "weight": self.weights,
                "index": self.index,
                "pillar_rank": self.pillar_ranks,
                "contribution": self.contributions,
                "share": self.contributions / self.total if self.total > 0 else np.nan,
                "relative": self.relative,
                "role": roles,
                "stable_low": self.stable_low,
                "stable_high": self.stable_high,
                "climb_index_gain": climb,
            }
        )
        return frame

    def neighbour_phrases(self) -> list[str]:
        """``"0.13 points behind Henan"``, ``"level with Shaanxi"`` (a tie under the tie
        rule, whatever the last bits of the difference), for each neighbour there is."""
        phrases = []
        for name, gap, words in (
            (self.above, self.gap_above, "points behind"),
            (self.below, self.lead_below, "points ahead of"),
        ):
            if name is None:
                continue
            level = bool(tied(self.total, self.total + gap))
            phrases.append(f"level with {name}" if level else f"{gap:.2f} {words} {name}")
        return phrases

    def summary(self) -> str:
        """The profile in a few lines of text."""
        lines = [
            f"{self.unit}: {ordinal(self.rank)}, total {self.total:.2f}",
            f"strengths: {', '.join(self.strengths) or 'none'}; "
            f"weaknesses: {', '.join(self.weaknesses) or 'none'}",
            f"exact rank range over the space: {ordinal(self.best_rank)} to "
            f"{ordinal(self.worst_rank)}",
            f"sampled ({self.n:,} weights, {self.sampler!r}): median {ordinal(self.mc_median)}, "
            f"90% interval {ordinal(self.mc_low)}-{ordinal(self.mc_high)}, keeps "
            f"{ordinal(self.rank)} in {self.p_base_rank:.1%}",
        ]
        lines.extend(self.neighbour_phrases())
        if self.climb is not None:
            lines.append(
                f"to climb to {ordinal(self.climb.rank)}: {self.climb.combined.note} "
                "(cheapest combination)"
            )
        return "\n".join(lines)


def _stable(
    edition: Edition, u: int, w: NDArray[np.float64], j: int, base: int
) -> tuple[float, float]:
    """The interval of pillar j's weight (others proportional) over which u keeps ``base``."""
    if w[j] >= 1.0:
        return float(w[j]), float(w[j])
    path = rank_path(edition, edition.pillars[j], w)
    edges = path.edges
    ranks = path.segment_ranks[:, u]
    t = float(w[j])
    holding = [s for s in range(len(ranks)) if edges[s] <= t <= edges[s + 1] and ranks[s] == base]
    if not holding:
        return t, t  # the rank holds at the base weight alone (a band edge)
    lo = hi = holding[0]
    while lo > 0 and ranks[lo - 1] == base:
        lo -= 1
    while hi + 1 < len(ranks) and ranks[hi + 1] == base:
        hi += 1
    return float(edges[lo]), float(edges[hi + 1])


def profile(
    edition: Edition,
    unit: str,
    space: WeightSpace | None = None,
    *,
    n: int = 20_000,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
    top_n: int = 2,
    bottom_n: int = 2,
    min_discard: bool = True,
) -> Profile:
    """A unit's pillars, strengths and weaknesses, rank range, neighbours and next step.

    Parameters
    ----------
    edition : Edition
    unit : str
    space : WeightSpace, optional
        Admissible weights for the rank range and the sampled interval (default:
        ``WeightSpace.around(system, 0.25)``); its reference weights are the base.
    n, sampler, seed
        The Monte Carlo sample (:func:`idx.monte_carlo`); the seed used is recorded.
    top_n, bottom_n, min_discard
        COINr's ``get_str_weak`` settings (:func:`strengths_weaknesses`); COINr's
        default of 5 each assumes many indicators, 2 suits six pillars.

    Returns
    -------
    Profile

    Notes
    -----
    Pillar ranks rank every unit's 0-100 index on the pillar under idx's tie rule.
    The exact range is the one-unit MILP of :func:`idx.rank_range`, with certificates;
    the stable intervals come from :func:`idx.rank_path` (exact step functions); the
    neighbours from :func:`idx.gaps`; the climb from :func:`idx.improvement` with
    ``rank - 1`` at the base weights.
    """
    u = edition.unit_position(unit)
    name = edition.units[u]
    if space is None:
        space = WeightSpace.around(edition.system, 0.25)
    check_space(space, edition.pillars)
    top = positive_int("top_n", top_n)
    bottom = positive_int("bottom_n", bottom_n)
    x = edition.index_array
    w = np.array(space.reference, dtype=np.float64)
    totals = x @ w
    ranks = rank_totals(totals)
    base = int(ranks[u])
    pillar_ranks = rank_totals(x.T)  # (pillars, units): each pillar's index ranked
    own = pillar_ranks[:, u]
    strong, weak = strengths_weaknesses(
        own, pillar_ranks.max(axis=1), top_n=top, bottom_n=bottom, min_discard=min_discard
    )
    stable = [_stable(edition, u, w, j, base) for j in range(len(w))]
    best_w, best = rank_bound(x, u, space, worst=False)
    worst_w, worst = rank_bound(x, u, space, worst=True)
    used = seed_used(seed)
    chosen_sampler = sampler or default_sampler(space)
    mc = monte_carlo(edition, space, n, sampler=chosen_sampler, seed=used)
    neighbours = gaps(edition, w)
    climb = improvement(edition, name, base - 1, weights=w) if base > 1 else None
    above, below = int(neighbours.above[u]), int(neighbours.below[u])
    return Profile(
        name,
        base,
        float(totals[u]),
        edition.pillars,
        w,
        x[u].copy(),
        own.copy(),
        w * x[u],
        base - own,
        tuple(edition.pillars[j] for j in strong),
        tuple(edition.pillars[j] for j in weak),
        np.array([s[0] for s in stable]),
        np.array([s[1] for s in stable]),
        best,
        worst,
        best_w,
        worst_w,
        int(mc.median[u]),
        int(mc.percentile(5.0)[u]),
        int(mc.percentile(95.0)[u]),
        float(mc.acceptability[u, base - 1]),
        mc.n,
        used,
        chosen_sampler,
        edition.units[above] if above >= 0 else None,
        float(neighbours.gap_above[u]),
        edition.units[below] if below >= 0 else None,
        float(neighbours.lead_below[u]),
        climb,
    )
