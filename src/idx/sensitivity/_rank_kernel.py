"""The hot path: (unit, rank) counts of many weight scenarios, chunk by chunk.

Equal to ranking each scenario with :func:`idx.rank_totals` (competition ranks under
idx's tie rule, :mod:`idx.ranking`) and counting, but faster: keys are the totals
scaled to integers (``rint(total * 2**33)``), packed with the unit number into one
int64 (``key << bits | unit``) so that one ``np.sort`` per chunk gives each
scenario's order, and a single ``bincount`` of ``unit * n + position`` counts all
scenarios at once. A scenario's positions are its competition ranks exactly when
every unit is ahead of the next one down by the tie rule, checked on the float
totals in that order; any other row (a tie, or two units closer than the key's
resolution, which is far finer than the tie band) is ranked by
:func:`idx.rank_totals` itself. Keys too large to pack fall back to argsort.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from idx.ranking import ahead, rank_totals

__all__ = ["Workspace", "rank_counts", "ranks_of"]

# 2**-33 (1.2e-10) resolves far below the tie band (1e-8), so keys order every pair
# that is not tied; a power of two keeps the scaling exact.
_SCALE = 2.0**33


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
    else:
        # keys too large to pack: argsort the totals themselves
        order = np.argsort(totals, axis=1)
    tied = _not_strictly_ordered(totals, order)
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


def _not_strictly_ordered(
    totals: NDArray[np.float64], order: NDArray[np.int64] | NDArray[np.intp]
) -> NDArray[np.bool_]:
    """Rows where, in ``order`` (ascending), some unit is not ahead of the one before it."""
    ordered = np.take_along_axis(totals, order, axis=1)
    not_ahead: NDArray[np.bool_] = ~np.all(ahead(ordered[:, 1:], ordered[:, :-1]), axis=1)
    return not_ahead


def ranks_of(totals: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks of each row (the same as :func:`idx.rank_totals`, faster)."""
    rows, n = totals.shape
    order = np.argsort(totals, axis=1)
    ranks = np.empty((rows, n), dtype=np.int64)
    np.put_along_axis(ranks, order, np.arange(n, 0, -1), axis=1)
    tied = _not_strictly_ordered(totals, order)
    if tied.any():
        ranks[tied] = rank_totals(totals[tied])
    return ranks
