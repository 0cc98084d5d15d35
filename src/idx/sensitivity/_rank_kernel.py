"""The hot path: (unit, rank) counts of many weight scenarios, chunk by chunk.

Equal to ranking each scenario with :func:`idx.rank_totals` (competition ranks on
totals rounded to ``TIE_DECIMALS``) and counting, but without scipy's per-call
overhead: keys are the rounded totals scaled to integers, one stable argsort per
chunk gives each scenario's order, and a single ``bincount`` of
``unit * n + position`` counts all scenarios at once. Rows with tied keys, which
need competition ranks rather than positions, are detected from the sorted keys
and ranked exactly by :func:`idx.rank_totals`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from idx.ranking import TIE_DECIMALS, rank_totals

__all__ = ["rank_counts", "ranks_of"]

_SCALE = 10.0**TIE_DECIMALS


def rank_counts(
    totals: NDArray[np.float64], winners: bool = False
) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
    """Counts ``c[i, r - 1]`` of scenarios (rows of ``totals``) where unit i has rank r.

    With ``winners=True`` also returns the (rows x units) mask of rank-1 units.
    """
    rows, n = totals.shape
    # rint(x * 10**d) orders and ties exactly like round(x, d), which rank_totals uses
    keys = np.rint(totals * _SCALE)
    order = np.argsort(-keys, axis=1, kind="stable")
    # a separate sort finds tied rows faster than gathering keys through `order`
    ordered = np.sort(keys, axis=1)
    tied = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    positions = np.arange(n)
    clean = ~tied
    flat = (order[clean] * n + positions).ravel()
    counts = np.bincount(flat, minlength=n * n).reshape(n, n)
    first = None
    if winners:
        first = np.zeros((rows, n), dtype=bool)
        first[np.flatnonzero(clean), order[clean, 0]] = True
    if tied.any():
        ranks = rank_totals(totals[tied])
        counts += np.bincount((positions * n + ranks - 1).ravel(), minlength=n * n).reshape(n, n)
        if first is not None:
            first[tied] = ranks == 1
    return counts, first


def ranks_of(totals: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks of each row (the same as :func:`idx.rank_totals`, faster)."""
    rows, n = totals.shape
    keys = np.rint(totals * _SCALE)
    order = np.argsort(-keys, axis=1, kind="stable")
    ranks = np.empty((rows, n), dtype=np.int64)
    np.put_along_axis(ranks, order, np.arange(1, n + 1), axis=1)
    ordered = np.take_along_axis(keys, order, axis=1)
    tied = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    if tied.any():
        ranks[tied] = rank_totals(totals[tied])
    return ranks
