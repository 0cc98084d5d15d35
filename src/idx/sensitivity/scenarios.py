"""The scenario loop that Monte Carlo and SMAA share: draw weights, score, rank, count.

Scenarios come in chunks of a fixed size; chunk ``i`` draws from its own random stream
(:func:`idx.sensitivity._parallel.chunk_rng`), so the result depends on the seed, n
and the chunk size only, never on how many workers computed it or in what order.
Chunks are grouped into *blocks*, the unit of work handed to ``workers``; each block
returns its counts, and the counts and SMAA sums are combined in chunk order.

Each chunk is ranked by one of two kernels, both exactly equal to
:func:`idx.rank_totals` on the canonical totals (:mod:`idx.sensitivity._pairs`):

- the *pair* kernel, when few pairs of units can change order anywhere in the space
  (up to 8 per unit, and up to 255 units): only those pairs are compared, in numpy
  or, with ``idx[fast]``, in the compiled kernel;
- the *sort* kernel otherwise (a large edition): each scenario's totals are sorted
  once as packed integer keys, and the (unit, rank) pairs counted straight into one
  int32 matrix, with no units x units temporary.

Memory is bounded whatever ``n`` is: chunks hold at most 8,192 scenarios and about
2**19 (scenario, unit) cells.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from numpy.typing import NDArray

from idx.errors import IdxError
from idx.ranking import TIE_ATOL, TIE_RTOL
from idx.sensitivity._kernels_numba import fused_kernel, pair_kernel, sort_kernel, use_compiled
from idx.sensitivity._pairs import (
    PairWork,
    _PairPlan,
    _rounding,
    canonical_totals,
    exact_ranks,
    pair_plan,
)
from idx.sensitivity._parallel import chunk_rng, mapper, worker_count
from idx.sensitivity._rank_kernel import Workspace, rank_counts
from idx.sensitivity.inputs import InputModel
from idx.sensitivity.sampling import _SamplerPlan
from idx.space import WeightSpace
from idx.validation import positive_int

__all__ = [
    "DEFAULT_CHUNK",
    "MAX_SCENARIOS",
    "MAX_UNITS",
    "Progress",
    "chunk_rows",
    "input_totals",
    "run_input_scenarios",
    "run_scenarios",
]

#: Scenarios per chunk for up to 64 units.
DEFAULT_CHUNK = 1 << 13

# Cells (scenarios x units) per chunk: more units, fewer scenarios per chunk, so that
# memory stays bounded by the number of units too, not only by n.
_CHUNK_CELLS = 1 << 19

#: Counts are int32: at most this many scenarios per run.
MAX_SCENARIOS = 2**31 - 1

#: The units x ranks int32 count matrix is kept whole: 16,384 units take 1 GiB.
MAX_UNITS = 16_384

#: Called as ``progress(done, total)`` after each block of chunks.
Progress = Callable[[int, int], None]


def chunk_rows(chunk_size: int | None, n_units: int) -> int:
    """Scenarios per chunk: ``chunk_size`` if given, else up to 8,192 (about 2**19 cells)."""
    if chunk_size is None:
        return min(DEFAULT_CHUNK, max(256, _CHUNK_CELLS // n_units))
    return positive_int("chunk_size", chunk_size)


def check_size(n: int, n_units: int) -> None:
    """The stated limits, checked before any work: an :class:`IdxError`, never a MemoryError."""
    if n > MAX_SCENARIOS:
        msg = f"'n' must be at most {MAX_SCENARIOS:,} (rank counts are int32) (got {n:,})"
        raise IdxError(msg)
    if n_units > MAX_UNITS:
        gib = n_units**2 * 4 / 2**30
        msg = (
            f"sampled rank distributions keep a units x ranks count matrix: {n_units:,} "
            f"units would need {gib:.1f} GiB; at most {MAX_UNITS:,} units are supported"
        )
        raise IdxError(msg)


@dataclass(frozen=True)
class _Job:
    """Everything a block needs, picklable for process pools."""

    x: NDArray[np.float64]
    sampler: _SamplerPlan
    seed: int
    n: int
    chunk: int
    pairs: _PairPlan | None
    winners: bool
    compiled: bool

    def size(self, index: int) -> int:
        return min(self.chunk, self.n - index * self.chunk)


@dataclass
class _Wins:
    """One chunk's rank-1 tallies (SMAA): wins per unit and sums of their weights."""

    units: NDArray[np.intp]
    wins: NDArray[np.int64]
    weight_sum: NDArray[np.float64]
    weight_sq: NDArray[np.float64]


@dataclass
class _Block:
    counts: NDArray[np.int64] | NDArray[np.int32]
    scenarios: int
    wins: list[_Wins] = field(default_factory=list)


@dataclass(frozen=True)
class _ScenarioCounts:
    """What a scenario run adds up: counts, and for SMAA the rank-1 tallies."""

    counts: NDArray[np.int32]
    wins: NDArray[np.int64]
    weight_sum: NDArray[np.float64]
    weight_sq: NDArray[np.float64]
    kernel: str


def _tally(w: NDArray[np.float64], first: NDArray[np.bool_]) -> _Wins:
    """Rank-1 tallies of a chunk from its (scenarios x units) rank-1 mask.

    Sums use numpy's own reductions on the selected rows, never a BLAS product, so
    they are the same bits whichever kernel ranked the chunk.
    """
    units = np.flatnonzero(first.any(axis=0))
    m = w.shape[1]
    sums = np.empty((len(units), m))
    squares = np.empty((len(units), m))
    wins = np.empty(len(units), dtype=np.int64)
    for row, unit in enumerate(units):
        chosen = w[first[:, unit]]
        wins[row] = len(chosen)
        sums[row] = chosen.sum(axis=0)
        squares[row] = (chosen * chosen).sum(axis=0)
    return _Wins(units, wins, sums, squares)


def _pair_chunk(
    job: _Job, w: NDArray[np.float64], compact: NDArray[np.int64], work: PairWork | None
) -> _Wins | None:
    pairs = job.pairs
    assert pairs is not None
    size = len(w)
    if pairs.n_pairs == 0:
        r = np.zeros((0, size), dtype=np.uint8)
        near = np.zeros(size, dtype=bool)
    elif job.compiled:
        r = np.empty((len(pairs.movers), size), dtype=np.uint8)
        near = np.empty(size, dtype=bool)
        pair_kernel()(
            np.ascontiguousarray(w.T),
            pairs.x_movers,
            pairs.sure,
            pairs.unsure,
            pairs.slot_first,
            pairs.slot_second,
            pairs.offsets,
            compact,
            r,
            near,
            job.winners,
        )
    else:
        r, near = pairs.count(w, compact, work)
    exact = pairs.count_exactly(w[near], job.x, compact) if near.any() else None
    if not job.winners:
        return None
    first = np.zeros((size, pairs.n_units), dtype=bool)
    top = pairs.base == 0
    first[:, top] = True  # units no one can pass are first in every scenario
    movers_top = top[pairs.movers]
    first[:, pairs.movers[movers_top]] = (r[movers_top] == 0).T
    if exact is not None:
        first[near] = exact == 1
    return _tally(w, first)


# Totals become integer keys ``rint(total * 2**33)``: a resolution of 1.2e-10 points,
# far below the tie band; a power of two keeps the scaling exact.
_KEY_SCALE = 2.0**33


def _sorted_codes(totals: NDArray[np.float64]) -> tuple[NDArray[np.int64], int] | None:
    """Each row's packed ``key << bits | unit`` codes, sorted; None if keys don't fit."""
    rows, n = totals.shape
    keys = np.rint(totals * _KEY_SCALE)
    bits = max(1, (n - 1).bit_length())
    if not rows or np.abs(keys).max() >= 2.0 ** (62 - bits):
        return None
    codes = keys.astype(np.int64)
    del keys
    codes <<= bits
    codes |= np.arange(n)
    codes.sort(axis=1)
    return codes, bits


def _sort_chunk(job: _Job, w: NDArray[np.float64], counts: NDArray[np.int32]) -> _Wins | None:
    """Rank a chunk by sorting each scenario's totals into ``counts`` (ranks x units)."""
    x = job.x
    n = x.shape[0]
    bound = float(np.abs(x).max())
    rounding = float(_rounding(np.array([bound]))[0])
    if job.compiled:
        flagged = np.zeros(len(w), dtype=bool)
        top = np.empty(len(w), dtype=np.int64)
        sort_kernel()(
            np.ascontiguousarray(w), x, TIE_ATOL, TIE_RTOL, rounding, counts, flagged, top
        )
        clean: NDArray[np.bool_] = ~flagged
        winners = top[clean]
    else:
        totals = w @ x.T
        packed = _sorted_codes(totals)
        if packed is not None:
            codes, bits = packed
            del totals
            # keys are within 1/2 of total * 2**33: neighbours whose keys differ by more
            # than the band's edge plus the rounding margin, in key units, plus one,
            # are ahead of one another; rows with any closer pair are ranked exactly
            edge = int((TIE_ATOL + TIE_RTOL * bound + rounding) * _KEY_SCALE) + 1
            gaps = np.diff(codes >> bits, axis=1)
            clean = np.all(gaps > edge, axis=1)
            del gaps
            order = codes & ((1 << bits) - 1)
        else:
            # keys too large to pack: sort the totals themselves
            order = np.argsort(totals, axis=1)
            ordered = np.take_along_axis(totals, order, axis=1)
            gap = np.diff(ordered, axis=1) - TIE_RTOL * np.abs(ordered[:, 1:])
            clean = np.all(gap > TIE_ATOL + rounding, axis=1)
        kept = order[clean]
        winners = kept[:, -1]
        # cell (rank - 1) * n + unit: in ascending order position p has rank n - p. A
        # row is a permutation, so no cell repeats within it: one scatter per row
        cells = kept + np.arange(n - 1, -1, -1) * n
        flat = counts.reshape(-1)
        for row in cells:
            flat[row] += 1
    exact = None
    if not clean.all():
        exact = exact_ranks(canonical_totals(w[~clean], x))
        positions = np.arange(n)
        for ranks in exact:
            np.add.at(counts, (ranks - 1, positions), 1)
    if not job.winners:
        return None
    first = np.zeros((len(w), n), dtype=bool)
    first[np.flatnonzero(clean), winners] = True
    if exact is not None:
        first[~clean] = exact == 1
    return _tally(w, first)


def _fused(job: _Job) -> bool:
    """Whether the compiled kernel can also finish the sampler's arithmetic: ``jrc`` and
    elimination, whose numpy steps it can repeat operation for operation (row sums
    left to right, as numpy sums fewer than 8), and no SMAA tallies (they need the
    weights themselves)."""
    how = job.sampler
    return (
        job.compiled
        and job.pairs is not None
        and not job.winners
        and job.x.shape[1] < 8
        and (how.method == "jrc" or (how.method == "elimination" and how.eliminated >= 0))
    )


def _fused_chunk(job: _Job, size: int, rng: np.random.Generator, compact: NDArray[np.int64]) -> int:
    """Draw and rank one chunk with the fused compiled kernel; the same counts as
    :meth:`_SamplerPlan.draw` followed by the pair kernel, on the same draws."""
    how, pairs = job.sampler, job.pairs
    assert pairs is not None
    m = job.x.shape[1]
    kernel = fused_kernel()
    near_w = np.empty((size, m))
    near_count = np.zeros(1, dtype=np.int64)
    if how.method == "jrc":
        jrc = True
        scale = how.space.upper - how.space.lower
        shift = how.space.lower
        eliminated, low, high = -1, 0.0, 0.0
    else:
        jrc = False
        scale, shift = how.width, how.base
        eliminated = how.eliminated
        low, high = float(how.lower[eliminated]), float(how.upper[eliminated])

    def take(batch: int, need: int) -> int:
        kept: int = kernel(
            rng.random((batch, m)),
            jrc,
            scale,
            shift,
            eliminated,
            low,
            high,
            need,
            pairs.x_movers,
            pairs.sure,
            pairs.unsure,
            pairs.slot_first,
            pairs.slot_second,
            pairs.offsets,
            compact,
            near_w,
            near_count,
        )
        return kept

    if jrc:
        take(size, size)
    else:
        how.rejection_loop(size, take)
    if near_count[0]:
        # the near ties' weights, appended by every batch in turn: ranked exactly
        pairs.count_exactly(near_w[: near_count[0]], job.x, compact)
    return size


def _run_block(job: _Job, chunks: range) -> _Block:
    """Draw, rank and count the chunks ``chunks`` (each from its own stream)."""
    n_units = job.x.shape[0]
    counts: NDArray[np.int64] | NDArray[np.int32]
    if job.pairs is not None:
        counts = np.zeros(job.pairs.cells, dtype=np.int64)
    else:
        counts = np.zeros((n_units, n_units), dtype=np.int32)
    block = _Block(counts, 0)
    work = PairWork(job.pairs) if job.pairs is not None and not job.compiled else None
    fused = _fused(job)
    for index in chunks:
        if fused:
            rng = chunk_rng(job.seed, index)
            block.scenarios += _fused_chunk(job, job.size(index), rng, block.counts)  # type: ignore[arg-type]
            continue
        w = job.sampler.draw(job.size(index), chunk_rng(job.seed, index))
        if job.pairs is not None:
            wins = _pair_chunk(job, w, block.counts, work)  # type: ignore[arg-type]
        else:
            wins = _sort_chunk(job, w, block.counts)  # type: ignore[arg-type]
        block.scenarios += len(w)
        if wins is not None:
            block.wins.append(wins)
    return block


def _blocks(n_chunks: int, workers: object, sorting: bool) -> list[range]:
    """Consecutive runs of chunks handed out as units of work."""
    count = worker_count(workers)
    parallel = 8 if count is None else count
    # a pair block returns a few hundred cells, a sort block a units x units matrix:
    # those are kept few
    wanted = min(n_chunks, max(8, 4 * parallel)) if sorting else min(n_chunks, 256)
    edges = np.linspace(0, n_chunks, wanted + 1).round().astype(int)
    return [range(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def run_scenarios(
    x: NDArray[np.float64],
    space: WeightSpace,
    sampler: _SamplerPlan,
    n: int,
    seed: int,
    chunk: int,
    *,
    winners: bool = False,
    workers: object = 1,
    progress: Progress | None = None,
) -> _ScenarioCounts:
    """Draw, score and rank ``n`` scenarios; return their counts (and rank-1 tallies).

    ``x`` is the (units x pillars) index matrix and ``seed`` the integer seed used.
    """
    n_units, m = x.shape
    check_size(n, n_units)
    worker_count(workers)  # checked before any work
    pairs = pair_plan(x, space)
    compiled = (pairs is None or pairs.n_pairs > 0) and use_compiled()
    if compiled:
        # compile (or load) once, before any thread needs it
        if pairs is not None:
            pair_kernel()
            fused_kernel()
        else:
            sort_kernel()
    job = _Job(np.ascontiguousarray(x), sampler, seed, n, chunk, pairs, winners, compiled)
    n_chunks = math.ceil(n / chunk)
    blocks = _blocks(n_chunks, workers, pairs is None)
    # int32 is enough: a cell never exceeds n <= MAX_SCENARIOS
    total = np.zeros((n_units, n_units), dtype=np.int32) if pairs is None else None
    compact = np.zeros(pairs.cells, dtype=np.int64) if pairs is not None else None
    tallies: list[_Wins] = []
    done = 0
    with mapper(workers) as map_blocks:
        results: Iterable[_Block] = map_blocks(partial(_run_block, job), blocks)
        for block in results:
            if compact is not None:
                compact += block.counts
            else:
                assert total is not None
                total += block.counts
            tallies.extend(block.wins)
            done += block.scenarios
            if progress is not None:
                progress(done, n)
    if pairs is not None:
        assert compact is not None
        counts = pairs.expand(compact, n)
    else:
        assert total is not None
        # the sort kernels count ranks x units: the result is its transpose, a view
        # (no second units x units copy)
        counts = total.T
    wins = np.zeros(n_units, dtype=np.int64)
    weight_sum = np.zeros((n_units, m))
    weight_sq = np.zeros((n_units, m))
    for tally in tallies:  # in chunk order: the same sums for any number of workers
        wins[tally.units] += tally.wins
        weight_sum[tally.units] += tally.weight_sum
        weight_sq[tally.units] += tally.weight_sq
    kernel = ("sort" if pairs is None else "pairs") + (", compiled" if compiled else ", numpy")
    return _ScenarioCounts(counts, wins, weight_sum, weight_sq, kernel)


# --- scenarios of more than the weights -------------------------------------------------


@dataclass(frozen=True)
class _InputJob:
    """A run over an :class:`~idx.sensitivity.inputs.InputModel`, picklable for pools."""

    model: InputModel
    sampler: _SamplerPlan | None
    seed: int
    n: int
    chunk: int

    def size(self, index: int) -> int:
        return min(self.chunk, self.n - index * self.chunk)


def input_totals(job: _InputJob, index: int) -> NDArray[np.float64]:
    """Totals of chunk ``index``: its weights first (the very draws a weights-only run
    makes from the same stream), then the other inputs' uniforms, from one stream."""
    rng = chunk_rng(job.seed, index)
    size = job.size(index)
    model = job.model
    if job.sampler is not None:
        w = job.sampler.draw(size, rng)
    else:
        w = np.broadcast_to(model.reference, (size, model.n_pillars))
    return model.totals(w, model.draw(size, rng))


def _run_input_block(job: _InputJob, chunks: range) -> _Block:
    n_units = job.model.n_units
    counts = np.zeros((n_units, n_units), dtype=np.int64)
    work = Workspace(job.chunk, n_units)
    scenarios = 0
    for index in chunks:
        totals = input_totals(job, index)
        counts += rank_counts(totals, work=work)[0]
        scenarios += len(totals)
    return _Block(counts, scenarios)


def run_input_scenarios(
    model: InputModel,
    sampler: _SamplerPlan | None,
    n: int,
    seed: int,
    chunk: int,
    *,
    workers: object = 1,
    progress: Progress | None = None,
) -> NDArray[np.int32]:
    """(unit, rank) counts of ``n`` scenarios of every input ``model`` varies.

    Ranks are :func:`idx.rank_totals`' (the sort kernel of
    :mod:`idx.sensitivity._rank_kernel`): with perturbed indices no pair of units is
    decided in advance, so the pair pruning of weights-only runs does not apply.
    """
    n_units = model.n_units
    check_size(n, n_units)
    worker_count(workers)
    job = _InputJob(model, sampler, seed, n, chunk)
    blocks = _blocks(math.ceil(n / chunk), workers, True)
    total = np.zeros((n_units, n_units), dtype=np.int32)
    done = 0
    with mapper(workers) as map_blocks:
        for block in map_blocks(partial(_run_input_block, job), blocks):
            total += block.counts.astype(np.int32)
            done += block.scenarios
            if progress is not None:
                progress(done, n)
    return total
