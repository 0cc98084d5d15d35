"""The scenario loop that Monte Carlo and SMAA share: draw weights, score, rank, count.

Scenarios are drawn chunk by chunk so that memory stays bounded whatever ``n`` is;
each chunk is reduced to (unit, rank) counts by the rank kernel before the next is
drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from numpy.typing import NDArray

from idx.edition import Edition
from idx.options import Sampler
from idx.sensitivity._rank_kernel import Workspace, rank_counts
from idx.sensitivity.sampling import _draw
from idx.space import WeightSpace
from idx.validation import positive_int

__all__ = ["DEFAULT_CHUNK", "Progress", "chunk_rows", "scenario_chunks"]

#: Scenarios per chunk for up to 32 units: about 40 MiB at peak for 31 units.
DEFAULT_CHUNK = 1 << 15

# Cells (scenarios x units) per chunk: more units, fewer scenarios per chunk, so that
# memory stays bounded by the number of units too, not only by n.
_CHUNK_CELLS = 1 << 20

#: Called as ``progress(done, total)`` after each chunk.
Progress = Callable[[int, int], None]


def chunk_rows(chunk_size: int | None, n_units: int) -> int:
    """Scenarios per chunk: ``chunk_size`` if given, else about 2**20 cells' worth."""
    if chunk_size is None:
        return min(DEFAULT_CHUNK, max(256, _CHUNK_CELLS // n_units))
    return positive_int("chunk_size", chunk_size)


def scenario_chunks(
    edition: Edition,
    space: WeightSpace,
    n: int,
    sampler: Sampler,
    seed: int | np.random.Generator | None,
    kappa: float,
    chunk: int,
    winners: bool = False,
) -> Iterator[tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.bool_] | None]]:
    """Draw ``n`` scenarios chunk by chunk; yield each chunk's weights, (unit, rank)
    counts and, with ``winners``, its rank-1 mask. Buffers are reused across chunks."""
    rng = np.random.default_rng(seed)
    x_t = np.ascontiguousarray(edition.index_array.T)
    work = Workspace(min(chunk, n), edition.n_units)
    done = 0
    while done < n:
        size = min(chunk, n - done)
        w = _draw(space, size, sampler, rng, kappa)
        totals = np.matmul(w, x_t, out=work.totals[:size])
        counts, first = rank_counts(totals, winners=winners, work=work)
        yield w, counts, first
        done += size
