"""The hot path: (unit, rank) counts of many weight scenarios, chunk by chunk.

Equal to ranking each scenario with :func:`idx.rank_totals` (competition ranks on
totals rounded to ``TIE_DECIMALS``) and counting, but without scipy's per-call
overhead: keys are the rounded totals scaled to integers, packed with the unit
number into one int64 (``key << bits | unit``) so that one ``np.sort`` per chunk
gives each scenario's order and exposes its ties, and a single ``bincount`` of
``unit * n + position`` counts all scenarios at once. Rows with tied keys, which
need competition ranks rather than positions, are ranked exactly by
:func:`idx.rank_totals`. Keys too large to pack fall back to argsort.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from idx.ranking import TIE_DECIMALS, rank_totals

__all__ = ["Workspace", "rank_counts", "ranks_of"]

_SCALE = 10.0**TIE_DECIMALS


class Workspace:
    """Buffers reused chunk after chunk.

    Fresh multi-megabyte temporaries for every chunk cost page faults that take as
    long as the arithmetic itself; writing into the same buffers (``out=``) makes the
    kernel about 1.6 times faster. A workspace serves chunks of up to ``rows`` rows.
    """

    def __init__(self, rows: int, n_units: int) -> None:
        self.rows = rows
        self.totals = np.empty((rows, n_units))
        self.keys = np.empty((rows, n_units))
        self.codes = np.empty((rows, n_units), dtype=np.int64)
        self.flat = np.empty((rows, n_units), dtype=np.int64)


def rank_counts(
    totals: NDArray[np.float64], winners: bool = False, work: Workspace | None = None
) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
    """Counts ``c[i, r - 1]`` of scenarios (rows of ``totals``) where unit i has rank r.

    With ``winners=True`` also returns the (rows x units) mask of rank-1 units.
    ``work`` (optional) provides reusable buffers; ``totals`` may be its own buffer.
    """
    rows, n = totals.shape
    if work is None or work.rows < rows or work.keys.shape[1] != n:
        work = Workspace(rows, n)
    keys, codes, flat = work.keys[:rows], work.codes[:rows], work.flat[:rows]
    # rint(x * 10**d) orders and ties exactly like round(x, d), which rank_totals uses
    np.multiply(totals, _SCALE, out=keys)
    np.rint(keys, out=keys)
    bits = max(1, (n - 1).bit_length())
    if rows and np.abs(keys).max() < 2.0 ** (62 - bits):
        # pack (key, unit) into one int64 so a single sort, numpy's fastest row
        # operation, yields both each scenario's order and its ties
        np.copyto(codes, keys, casting="unsafe")
        np.left_shift(codes, bits, out=codes)
        np.bitwise_or(codes, np.arange(n), out=codes)
        codes.sort(axis=1)
        order = np.bitwise_and(codes, (1 << bits) - 1, out=flat)
        np.right_shift(codes, bits, out=codes)
        tied = (codes[:, 1:] == codes[:, :-1]).any(axis=1)
    else:
        # keys too large to pack: argsort, and a separate sort to find ties
        order = np.argsort(keys, axis=1)
        ordered = np.sort(keys, axis=1)
        tied = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    # ascending order: the unit at position p from the end has rank p + 1; the order
    # among tied keys never matters because tied rows are ranked again below
    any_tied = bool(tied.any())
    clean = order[~tied] if any_tied else order
    first = None
    if winners:
        first = np.zeros((rows, n), dtype=bool)
        first[np.flatnonzero(~tied), clean[:, -1]] = True
    clean = np.multiply(clean, n, out=clean)
    clean += np.arange(n - 1, -1, -1)
    counts = np.bincount(clean.ravel(), minlength=n * n).reshape(n, n)
    if any_tied:
        positions = np.arange(n)
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
