"""Checking an edition's published totals and ranks against its sub-scores, within rounding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.edition import Edition
from idx.errors import TableError
from idx.ranking import rank_totals, tied

_A = TypeVar("_A", bound="np.ndarray[Any, Any]")

__all__ = ["AmbiguousPair", "Verification", "verify"]

# Floating-point slack on comparisons of decimal figures (sums of 2-decimal numbers).
_FLOAT_SLACK = 1e-9


@dataclass(frozen=True)
class AmbiguousPair:
    """Two units whose published order the printed precision cannot confirm.

    Attributes
    ----------
    ahead, behind : str
        The units as the report orders them (``ahead`` has the better reported rank).
    reported_ranks : tuple of int
    recomputed_totals : tuple of float
        Sums of the printed sub-scores.
    reason : str
        ``"recomputed totals tie"`` or ``"true totals may be equal or reversed"``.
    """

    ahead: str
    behind: str
    reported_ranks: tuple[int, int]
    recomputed_totals: tuple[float, float]
    reason: str


@dataclass(frozen=True, eq=False)
class Verification:
    """Result of :func:`verify`.

    Attributes
    ----------
    consistent : bool
        Every printed total is within ``tolerance`` of the sum of its printed
        sub-scores, the printed ranks follow the printed totals, and no pair is
        ranked against what the rounding allows.
    decimals : int or None
        Precision of the printed figures (``None``: exact).
    tolerance : float
        Largest difference rounding can explain: ``(n_pillars + 1) * 0.5 * 10**-decimals``.
    units : tuple of str
    reported_totals, recomputed_totals, differences : ndarray
    lower, upper : ndarray
        Bounds on each unit's unrounded total implied by both its printed
        sub-scores and its printed total.
    reported_ranks, recomputed_ranks : ndarray of int
        ``recomputed_ranks`` are competition ranks of the recomputed totals.
    total_mismatches : tuple of str
        Units whose printed total is off by more than ``tolerance``.
    rank_mismatches : tuple of str
        Units whose printed rank differs from the competition rank of the printed totals.
    contradictions : tuple of (str, str)
        Pairs (ahead, behind) printed in an order the figures rule out.
    ambiguous : tuple of AmbiguousPair
        Pairs whose printed order the rounding cannot confirm.
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
        """One row per unit: printed and recomputed total and rank, difference, bounds, flags."""
        n = len(self.units)
        nan = np.full(n, np.nan)
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
                "recomputed_total": np.round(np.array(self.recomputed_totals), 10),
                # + 0.0 turns the -0.0 that rounding can leave into 0.0
                "difference": nan
                if self.differences is None
                else np.round(np.array(self.differences), 10) + 0.0,
                "lower": np.round(np.array(self.lower), 10),
                "upper": np.round(np.array(self.upper), 10),
                "total_ok": [u not in self.total_mismatches for u in self.units],
                "ambiguous_with": [
                    ", ".join(
                        p.behind if p.ahead == u else p.ahead
                        for p in self.ambiguous
                        if u in (p.ahead, p.behind)
                    )
                    for u in self.units
                ],
            }
        )
        return frame

    def summary(self) -> str:
        """A few lines a person can read: the verdict, then every finding."""
        lines = [
            f"{'consistent' if self.consistent else 'INCONSISTENT'}: {len(self.units)} units; "
            f"printed precision {self._precision()}; tolerance on totals {self.tolerance:.3g}",
        ]
        if self.differences is not None:
            lines.append(f"largest |recomputed - printed total| = {self.max_abs_difference:.4g}")
        for unit in self.total_mismatches:
            i = self.units.index(unit)
            assert self.differences is not None
            lines.append(
                f"total mismatch: {unit}: printed {self.reported_totals[i]:g}, "  # type: ignore[index]
                f"recomputed {self.recomputed_totals[i]:.10g} (off by {self.differences[i]:+.4g})"
            )
        for unit in self.rank_mismatches:
            lines.append(f"rank mismatch: {unit}: printed rank does not follow the printed totals")
        for ahead, behind in self.contradictions:
            lines.append(f"order contradicted: {ahead} is printed ahead of {behind}")
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
        for pair in self.ambiguous:
            lines.append(
                f"ambiguous order: {pair.ahead} (rank {pair.reported_ranks[0]}) and {pair.behind} "
                f"(rank {pair.reported_ranks[1]}): {pair.reason} "
                f"({pair.recomputed_totals[0]:.10g} vs {pair.recomputed_totals[1]:.10g})"
            )
        return "\n".join(lines)

    def _precision(self) -> str:
        return "exact" if self.decimals is None else f"{self.decimals} decimals"

    def __str__(self) -> str:
        return self.summary()


def _freeze(array: _A) -> _A:
    array.flags.writeable = False
    return array


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
    With figures printed to ``d`` decimals, each of the ``m`` sub-scores and the
    total carries a rounding error of at most ``h = 0.5 * 10**-d``. The sum of the
    printed sub-scores may therefore differ from the printed total by up to
    ``(m + 1) * h`` (0.035 for the 2017 edition) without any error in the report.

    A unit's unrounded total ``T`` lies within ``m * h`` of its recomputed sum and
    within ``h`` of its printed total; the intersection gives ``[lower, upper]``.
    A pair printed in one order is *contradicted* when the unit printed ahead has
    ``upper`` below the other's ``lower``, and *ambiguous* when their intervals
    overlap or their recomputed sums tie: the printed precision cannot confirm
    their order. Nothing is adjusted to make figures agree.
    """
    if edition.reported_totals is None and edition.reported_ranks is None:
        msg = "edition has no reported totals or ranks to verify"
        raise TableError(msg)
    m = len(edition.system)
    h = 0.0 if edition.decimals is None else 0.5 * 10.0 ** (-edition.decimals)
    tolerance = (m + 1) * h
    recomputed = edition.subscores.sum(axis=1)
    recomputed_ranks = rank_totals(recomputed)
    units = edition.units
    lower = recomputed - m * h
    upper = recomputed + m * h
    reported = edition.reported_totals
    differences = None
    total_mismatches: tuple[str, ...] = ()
    if reported is not None:
        differences = recomputed - reported
        bad = np.abs(differences) > tolerance + _FLOAT_SLACK
        total_mismatches = tuple(u for u, b in zip(units, bad, strict=True) if b)
        lo = np.maximum(lower, reported - h)
        hi = np.minimum(upper, reported + h)
        usable = lo <= hi + _FLOAT_SLACK
        lower = np.where(usable, lo, lower)
        upper = np.where(usable, hi, upper)

    ranks = edition.reported_ranks
    rank_mismatches: tuple[str, ...] = ()
    contradictions: list[tuple[str, str]] = []
    ambiguous: list[AmbiguousPair] = []
    if ranks is not None:
        if reported is not None:
            from_totals = rank_totals(reported)
            rank_mismatches = tuple(
                u for u, a, b in zip(units, ranks, from_totals, strict=True) if a != b
            )
        order = np.argsort(ranks, kind="stable")
        for pos, i in enumerate(order):
            for k in order[pos + 1 :]:
                if ranks[i] == ranks[k]:
                    continue
                if upper[i] < lower[k] - _FLOAT_SLACK:
                    contradictions.append((units[i], units[k]))
                    continue
                tie = bool(tied(recomputed[i], recomputed[k]))
                overlap = (
                    lower[i] <= upper[k] + _FLOAT_SLACK and lower[k] <= upper[i] + _FLOAT_SLACK
                )
                if tie or overlap:
                    reason = (
                        "recomputed totals tie" if tie else "true totals may be equal or reversed"
                    )
                    ambiguous.append(
                        AmbiguousPair(
                            ahead=units[i],
                            behind=units[k],
                            reported_ranks=(int(ranks[i]), int(ranks[k])),
                            recomputed_totals=(float(recomputed[i]), float(recomputed[k])),
                            reason=reason,
                        )
                    )
    consistent = not total_mismatches and not rank_mismatches and not contradictions
    return Verification(
        consistent=consistent,
        decimals=edition.decimals,
        tolerance=tolerance,
        units=units,
        reported_totals=reported,
        recomputed_totals=_freeze(recomputed),
        differences=None if differences is None else _freeze(differences),
        lower=_freeze(lower),
        upper=_freeze(upper),
        reported_ranks=ranks,
        recomputed_ranks=_freeze(recomputed_ranks),
        total_mismatches=total_mismatches,
        rank_mismatches=rank_mismatches,
        contradictions=tuple(contradictions),
        ambiguous=tuple(ambiguous),
    )
