"""Checking an edition's published totals and ranks against its sub-scores, within rounding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import TableError
from idx.ranking import ahead, rank_totals, tied
from idx.results import Result, rank_order
from idx.tolerances import FIGURE_SLACK

__all__ = ["AmbiguousPair", "PairStatus", "Verification", "verify"]

#: How far the printed figures settle a pair's printed order (see :func:`verify`).
PairStatus = Literal["undecided", "confirmed_by_totals"]

_TIE = "recomputed totals tie"
_REVERSED = "recomputed totals reversed"
_OVERLAP = "true totals may be equal or reversed"


@dataclass(frozen=True, eq=False, repr=False)
class AmbiguousPair(Result):
    """Two units printed in an order their sub-scores do not settle.

    Attributes
    ----------
    ahead, behind : str
        The units as the report orders them (``ahead`` has the better printed rank).
    reported_ranks : tuple of int
    recomputed_totals : tuple of float
        Sums of the printed sub-scores, ``(ahead, behind)``.
    reason : str
        What the sums say: ``"recomputed totals tie"`` (tied under
        :func:`idx.ranking.tied`), ``"recomputed totals reversed"`` (``behind``'s sum
        is ahead) or ``"true totals may be equal or reversed"`` (the sums follow the
        printed order, but not by enough to rule out the other one).
    status : {"undecided", "confirmed_by_totals"}
        ``"undecided"``: the printed figures allow either order. ``"confirmed_by_totals"``:
        the printed totals confirm the printed order although the sums tie or are
        reversed, so any analysis that starts from the sub-scores (every total under
        other weights does) starts from a tie or from the other order.
    reported_totals : tuple of float or None
        The printed totals, ``(ahead, behind)``, when the edition prints totals.
    """

    ahead: str
    behind: str
    reported_ranks: tuple[int, int]
    recomputed_totals: tuple[float, float]
    reason: str
    status: PairStatus = "undecided"
    reported_totals: tuple[float, float] | None = None

    def _describe(self) -> str:
        return f"{self.ahead} printed ahead of {self.behind}: {self.status}, {self.reason}"

    def to_frame(self) -> pd.DataFrame:
        """One row: the pair, its printed ranks and totals, the sums, reason and status."""
        totals = self.reported_totals or (np.nan, np.nan)
        frame: pd.DataFrame = pd.DataFrame(
            {
                "ahead": [self.ahead],
                "behind": [self.behind],
                "rank_ahead": [self.reported_ranks[0]],
                "rank_behind": [self.reported_ranks[1]],
                "printed_total_ahead": [totals[0]],
                "printed_total_behind": [totals[1]],
                "sum_ahead": [self.recomputed_totals[0]],
                "sum_behind": [self.recomputed_totals[1]],
                "reason": [self.reason],
                "status": [self.status],
            }
        )
        return frame


@dataclass(frozen=True, eq=False, repr=False)
class Verification(Result):
    """Result of :func:`verify`.

    Attributes
    ----------
    consistent : bool
        Every printed total is compatible with its printed sub-scores (they differ
        by less than ``tolerance``), the printed ranks follow the printed totals, and
        no pair is printed in an order the figures rule out.
    decimals : int or None
        Precision of the printed figures (``None``: exact).
    tolerance : float
        ``(n_pillars + 1) * 0.5 * 10**-decimals``: a printed total and the sum of the
        printed sub-scores can differ by anything less than this with no error.
    units : tuple of str
    reported_totals, recomputed_totals, differences : ndarray
    lower, upper : ndarray
        Each unit's unrounded total lies in ``[lower, upper)``, the bounds implied by
        both its printed sub-scores and its printed total (``lower == upper``: the
        figures are exact).
    reported_ranks, recomputed_ranks : ndarray of int
        ``recomputed_ranks`` are competition ranks of the recomputed totals.
    total_mismatches : tuple of str
        Units whose printed total is ``tolerance`` or more away from the sum of
        their printed sub-scores.
    rank_mismatches : tuple of str
        Units whose printed rank differs from the competition rank of the printed totals.
    contradictions : tuple of (str, str)
        Pairs (ahead, behind) printed in an order the figures rule out.
    ambiguous : tuple of AmbiguousPair
        Pairs whose printed order the printed figures cannot confirm
        (``status="undecided"``).
    confirmed_by_totals : tuple of AmbiguousPair
        Pairs whose printed order only the printed totals confirm: the sums of the
        sub-scores tie or are reversed (``status="confirmed_by_totals"``).
    """

    consistent: bool
    decimals: int | None
    tolerance: float
    units: tuple[str, ...]
    reported_totals: NDArray[np.float64] | None
    recomputed_totals: NDArray[np.float64]
    differences: NDArray[np.float64] | None
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    reported_ranks: NDArray[np.int64] | None
    recomputed_ranks: NDArray[np.int64]
    total_mismatches: tuple[str, ...]
    rank_mismatches: tuple[str, ...]
    contradictions: tuple[tuple[str, str], ...]
    ambiguous: tuple[AmbiguousPair, ...]
    confirmed_by_totals: tuple[AmbiguousPair, ...] = ()

    def _describe(self) -> str:
        verdict = "consistent" if self.consistent else "INCONSISTENT"
        return (
            f"{verdict}, {len(self.units)} units, {len(self.contradictions)} contradicted, "
            f"{len(self.confirmed_by_totals)} confirmed by totals only, "
            f"{len(self.ambiguous)} undecided"
        )

    @property
    def max_abs_difference(self) -> float:
        """Largest |recomputed - printed| total (0 when no totals are printed)."""
        if self.differences is None:
            return 0.0
        return float(np.abs(self.differences).max())

    @property
    def rank_differences(self) -> tuple[str, ...]:
        """Units whose recomputed competition rank differs from the printed rank."""
        if self.reported_ranks is None:
            return ()
        return tuple(
            u
            for u, a, b in zip(self.units, self.recomputed_ranks, self.reported_ranks, strict=True)
            if a != b
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (by printed rank): printed and recomputed total and rank,
        difference, bounds, flags.

        ``ambiguous_with`` names the units each unit's printed order with is undecided;
        ``confirmed_by_totals_with`` those it is ordered against by the printed totals only.
        """
        n = len(self.units)
        nan = np.full(n, np.nan)

        def partners(pairs: tuple[AmbiguousPair, ...]) -> list[str]:
            return [
                ", ".join(
                    p.behind if p.ahead == u else p.ahead for p in pairs if u in (p.ahead, p.behind)
                )
                for u in self.units
            ]

        frame: pd.DataFrame = pd.DataFrame(
            {
                "unit": self.units,
                "reported_rank": (
                    np.array(self.reported_ranks)
                    if self.reported_ranks is not None
                    else pd.array([pd.NA] * n, dtype="Int64")
                ),
                "recomputed_rank": np.array(self.recomputed_ranks),
                "reported_total": nan
                if self.reported_totals is None
                else np.array(self.reported_totals),
                # display only: sums of d-decimal figures carry ~1e-14 of float noise
                "recomputed_total": np.round(np.array(self.recomputed_totals), 10),
                # + 0.0 turns the -0.0 that rounding can leave into 0.0
                "difference": nan
                if self.differences is None
                else np.round(np.array(self.differences), 10) + 0.0,
                "lower": np.round(np.array(self.lower), 10),
                "upper": np.round(np.array(self.upper), 10),
                "total_ok": [u not in self.total_mismatches for u in self.units],
                "ambiguous_with": partners(self.ambiguous),
                "confirmed_by_totals_with": partners(self.confirmed_by_totals),
            }
        )
        # rows by printed rank (the base rank of a verification), else recomputed
        base = self.recomputed_ranks if self.reported_ranks is None else self.reported_ranks
        ordered: pd.DataFrame = frame.iloc[rank_order(base)].reset_index(drop=True)
        return ordered

    def summary(self) -> str:
        """A few lines a person can read: the verdict, then every finding."""
        lines = [
            f"{'consistent' if self.consistent else 'INCONSISTENT'}: {len(self.units)} units; "
            f"printed precision {self._precision()}; tolerance on totals {self.tolerance:.3g}",
        ]
        if self.differences is not None:
            lines.append(
                f"largest |recomputed - printed total| = {self._difference(self.max_abs_difference)}"
            )
        for unit in self.total_mismatches:
            i = self.units.index(unit)
            assert self.differences is not None
            lines.append(
                f"total mismatch: {unit}: printed {self.reported_totals[i]:g}, "  # type: ignore[index]
                f"recomputed {self._fig(self.recomputed_totals[i])} "
                f"(off by {self._difference(self.differences[i], sign=True)})"
            )
        for unit in self.rank_mismatches:
            lines.append(f"rank mismatch: {unit}: printed rank does not follow the printed totals")
        for first, second in self.contradictions:
            i, k = self.units.index(first), self.units.index(second)
            if self.decimals is None:
                where = (
                    f"its total {self._fig(self.lower[i])} is below "
                    f"{second}'s {self._fig(self.lower[k])}"
                )
            else:
                where = (
                    f"its total lies in [{self._fig(self.lower[i])}, {self._fig(self.upper[i])}) "
                    f"and {second}'s in [{self._fig(self.lower[k])}, {self._fig(self.upper[k])})"
                )
            lines.append(f"order contradicted: {first} is printed ahead of {second}, but {where}")
        moved = self.rank_differences
        if moved:
            lines.append(
                "recomputed rank differs from printed: "
                + ", ".join(
                    f"{u} ({self.recomputed_ranks[self.units.index(u)]} vs "
                    f"{self.reported_ranks[self.units.index(u)]})"  # type: ignore[index]
                    for u in moved
                )
            )
        for pair in self.confirmed_by_totals:
            a, b = self._described(pair)
            sa, sb = (self._fig(s) for s in pair.recomputed_totals)
            if pair.reason == _TIE:
                # equal when printed, or within the tie band of each other
                sums = (
                    f"their sub-scores both sum to {sa}"
                    if sa == sb
                    else f"their sub-scores sum to {sa} and {sb}, a tie"
                )
                start = "a tie"
            else:
                sums = f"their sub-scores sum to {sa} and {sb}"
                start = "the other order"
            lines.append(
                f"order confirmed by the printed totals only: {a} ahead of {b}; "
                f"{sums}, so analyses under other weights start from {start}"
            )
        for pair in self.ambiguous:
            a, b = self._described(pair)
            sa, sb = (self._fig(s) for s in pair.recomputed_totals)
            lines.append(
                f"order undecided: {a} ahead of {b} as printed, but the printed figures allow "
                f"either order; {pair.reason} ({sa} vs {sb})"
            )
        return "\n".join(lines)

    def _described(self, pair: AmbiguousPair) -> tuple[str, str]:
        out = []
        for j, unit in enumerate((pair.ahead, pair.behind)):
            text = f"{unit} ({_ordinal(pair.reported_ranks[j])}"
            if pair.reported_totals is not None:
                text += f", printed {self._fig(pair.reported_totals[j])}"
            out.append(text + ")")
        return out[0], out[1]

    def _fig(self, value: float) -> str:
        # Figures here are sums of printed decimals: show them at the printed precision.
        return f"{value:.10g}" if self.decimals is None else f"{value:.{self.decimals}f}"

    def _difference(self, value: float, *, sign: bool = False) -> str:
        # A difference of two figures printed to d decimals is a multiple of 10**-d; the
        # sum of the sub-scores carries float noise (7e-15 on 45.18) that is no difference.
        if abs(value) <= FIGURE_SLACK:
            return "0"
        if self.decimals is None:
            return f"{value:{'+' if sign else ''}.10g}"
        return f"{value:{'+' if sign else ''}.{self.decimals}f}"

    def _precision(self) -> str:
        return "exact" if self.decimals is None else f"{self.decimals} decimals"

    def __str__(self) -> str:
        return self.summary()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def verify(edition: Edition) -> Verification:
    """Recompute totals and ranks and check them against the published ones.

    Parameters
    ----------
    edition : Edition
        Must carry reported totals or ranks.

    Returns
    -------
    Verification

    Notes
    -----
    A figure printed as ``p`` to ``d`` decimals is a true value in ``[p - h, p + h)``,
    ``h = 0.5 * 10**-d``. A unit's true total ``T`` is the sum of its ``m`` true
    sub-scores, so with ``S`` the sum of the printed sub-scores and ``P`` the printed
    total,

        T in [S - m h, S + m h)  and  T in [P - h, P + h).

    The two intervals meet exactly when ``|S - P| < (m + 1) h`` (``tolerance``, 0.035
    for the 2017 edition); otherwise the printed total is a mismatch. Their
    intersection is ``[lower, upper)`` (without a printed total, or with a mismatch, the
    first interval alone).

    For a pair printed in the order ``i`` ahead of ``k``:

    * the order is *confirmed* when ``upper_k <= lower_i``: then ``T_k < upper_k <=
      lower_i <= T_i``. Intervals that touch confirm (Shaanxi and Hunan in 2017 at
      28.065);
    * it is *contradicted* when ``upper_i <= lower_k``: then ``T_i < T_k``;
    * otherwise the printed figures allow either order: *undecided*.

    A confirmed pair whose sums ``S_i, S_k`` tie (:func:`idx.ranking.tied`) or put
    ``k`` ahead is reported in ``confirmed_by_totals``: the printed totals settle it,
    but a total under other weights ``w'`` is ``sum_j w'_j * subscore_j / weight_j``,
    built from the sub-scores alone, so every such analysis starts from the tie or the
    reversed order. Exact figures (``decimals=None``) bound nothing: the order is
    confirmed or contradicted when one total is ahead of the other, undecided when they
    tie. Comparisons of bounds use the project's one tie rule
    (:func:`idx.ranking.ahead`), so float noise in sums of decimals never decides
    anything. Nothing is adjusted to make figures agree.
    """
    if edition.reported_totals is None and edition.reported_ranks is None:
        msg = "edition has no reported totals or ranks to verify"
        raise TableError(msg)
    m = len(edition.system)
    h = 0.0 if edition.decimals is None else 0.5 * 10.0 ** (-edition.decimals)
    recomputed = edition.subscores.sum(axis=1)
    lower, upper, total_mismatches = _bounds(edition, recomputed, h)
    ranks, reported = edition.reported_ranks, edition.reported_totals
    rank_mismatches: tuple[str, ...] = ()
    pairs = _Pairs()
    if ranks is not None:
        if reported is not None:
            from_totals = rank_totals(reported)
            rank_mismatches = tuple(
                u for u, a, b in zip(edition.units, ranks, from_totals, strict=True) if a != b
            )
        pairs = _judge_pairs(edition, recomputed, lower, upper, h)
    return Verification(
        consistent=not total_mismatches and not rank_mismatches and not pairs.contradictions,
        decimals=edition.decimals,
        tolerance=(m + 1) * h,
        units=edition.units,
        reported_totals=reported,
        recomputed_totals=recomputed,
        differences=None if reported is None else recomputed - reported,
        lower=lower,
        upper=upper,
        reported_ranks=ranks,
        recomputed_ranks=rank_totals(recomputed),
        total_mismatches=total_mismatches,
        rank_mismatches=rank_mismatches,
        contradictions=tuple(pairs.contradictions),
        ambiguous=tuple(pairs.undecided),
        confirmed_by_totals=tuple(pairs.confirmed_by_totals),
    )


def _bounds(
    edition: Edition, recomputed: NDArray[np.float64], h: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], tuple[str, ...]]:
    """Each unit's ``[lower, upper)`` from its sub-scores and printed total, and mismatches."""
    m = len(edition.system)
    lower, upper = recomputed - m * h, recomputed + m * h
    reported = edition.reported_totals
    if reported is None:
        return lower, upper, ()
    if h > 0:
        lo = np.maximum(lower, reported - h)
        hi = np.minimum(upper, reported + h)
        # half-open intervals meet only when the intersection has positive width
        meet = ahead(hi, lo)
        lower = np.where(meet, lo, lower)
        upper = np.where(meet, hi, upper)
    else:
        meet = tied(recomputed, reported)
    mismatches = tuple(u for u, ok in zip(edition.units, meet, strict=True) if not ok)
    return lower, upper, mismatches


@dataclass
class _Pairs:
    contradictions: list[tuple[str, str]] = field(default_factory=list)
    undecided: list[AmbiguousPair] = field(default_factory=list)
    confirmed_by_totals: list[AmbiguousPair] = field(default_factory=list)


def _judge_pairs(
    edition: Edition,
    recomputed: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    h: float,
) -> _Pairs:
    """Every pair printed in an order: contradicted, confirmed by totals only, undecided."""
    ranks = edition.reported_ranks
    assert ranks is not None
    reported, units = edition.reported_totals, edition.units
    order = np.argsort(ranks, kind="stable")
    # every pair (i, k) printed with i strictly ahead, in printed order
    first, second = np.nonzero(ranks[order][:, None] < ranks[order][None, :])
    i_all, k_all = order[first], order[second]
    if h > 0:
        confirmed = ~ahead(upper[k_all], lower[i_all])  # upper_k <= lower_i
        reversed_ = ~ahead(upper[i_all], lower[k_all])  # upper_i <= lower_k
    else:
        confirmed = ahead(recomputed[i_all], recomputed[k_all])
        reversed_ = ahead(recomputed[k_all], recomputed[i_all])
    sums_tie = tied(recomputed[i_all], recomputed[k_all])
    sums_agree = ahead(recomputed[i_all], recomputed[k_all])
    found = _Pairs()
    for j, (i, k) in enumerate(zip(i_all, k_all, strict=True)):
        if reversed_[j]:
            found.contradictions.append((units[i], units[k]))
            continue
        if sums_agree[j] and confirmed[j]:
            continue
        pair = AmbiguousPair(
            ahead=units[i],
            behind=units[k],
            reported_ranks=(int(ranks[i]), int(ranks[k])),
            recomputed_totals=(float(recomputed[i]), float(recomputed[k])),
            reason=_TIE if sums_tie[j] else _OVERLAP if sums_agree[j] else _REVERSED,
            status="confirmed_by_totals" if confirmed[j] else "undecided",
            reported_totals=None if reported is None else (float(reported[i]), float(reported[k])),
        )
        (found.confirmed_by_totals if confirmed[j] else found.undecided).append(pair)
    return found
