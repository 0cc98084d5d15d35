"""The optional compiled kernel (``pip install idx[fast]``, numba).

It does what :meth:`idx.sensitivity._pairs._PairPlan.count` does with numpy, in one
pass over each block of 256 scenarios: the totals of the units in undecided pairs,
the pairs' differences and comparisons, each mover's number of partners ahead (R)
and the compact counts.
It takes the same weights numpy drew, and decides every comparison the same way
(clear of the tie band's edge by the rounding margin, or flagged as a near tie for
the shared exact path), so the counts are identical with or without numba.

Which kernel runs is chosen by the environment variable ``IDX_KERNEL``: ``auto``
(the default: numba when it is installed), ``numpy`` (never numba: the reference,
which CI runs the whole suite on as well) or ``numba`` (an error if it is missing).
Compiled code is cached on disk (``cache=True``): the first compilation takes
seconds, later processes load it.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np

from idx.errors import IdxError
from idx.options import Kernel, choices
from idx.validation import one_of

__all__ = [
    "ENV",
    "available",
    "fused_kernel",
    "kernel_choice",
    "pair_kernel",
    "sort_kernel",
    "use_compiled",
]

#: The environment variable that picks the kernel.
ENV = "IDX_KERNEL"


def kernel_choice() -> Kernel:
    """The kernel asked for in ``IDX_KERNEL`` (default ``"auto"``)."""
    value: Any = os.environ.get(ENV, "auto").strip().lower() or "auto"
    checked: Kernel = one_of(ENV, value, choices(Kernel))
    return checked


def available() -> bool:
    """Whether numba can be imported."""
    return importlib.util.find_spec("numba") is not None


def use_compiled() -> bool:
    """Whether the sampled methods run the compiled kernel."""
    choice = kernel_choice()
    if choice == "numpy":
        return False
    if choice == "numba" and not available():
        msg = f"{ENV}=numba but numba is not installed: pip install 'idx[fast]'"
        raise IdxError(msg)
    return available()


@cache
def _pieces() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The compiled building blocks of the pair kernels: totals, then comparisons."""
    import numba

    # cache=True: compile once per machine; nogil=True: threads run it in parallel.
    # No fastmath: each product and sum is rounded as written, as numpy rounds it.
    @numba.njit(cache=True, nogil=True)
    def totals_block(wt: Any, x_movers: Any, s0: int, nb: int, totals: Any) -> None:
        # totals of the movers for scenarios s0 .. s0 + nb, summed pillar by pillar
        m = wt.shape[0]
        block = wt[:, s0 : s0 + nb]
        if m == 6:
            # the report's six pillars: the sum stays in registers, the lanes vectorise
            b0, b1, b2, b3, b4, b5 = block[0], block[1], block[2], block[3], block[4], block[5]
            for i in range(x_movers.shape[0]):
                row = totals[i]
                c0, c1, c2 = x_movers[i, 0], x_movers[i, 1], x_movers[i, 2]
                c3, c4, c5 = x_movers[i, 3], x_movers[i, 4], x_movers[i, 5]
                for s in range(nb):
                    row[s] = (
                        (((c0 * b0[s] + c1 * b1[s]) + c2 * b2[s]) + c3 * b3[s]) + c4 * b4[s]
                    ) + c5 * b5[s]
            return
        for i in range(x_movers.shape[0]):
            row = totals[i]
            c = x_movers[i, 0]
            w0 = block[0]
            for s in range(nb):
                row[s] = c * w0[s]
            for j in range(1, m):
                c = x_movers[i, j]
                wj = block[j]
                for s in range(nb):
                    row[s] += c * wj[s]

    @numba.njit(cache=True, nogil=True)
    def pairs_block(
        totals: Any,
        nb: int,
        sure: Any,
        unsure: Any,
        slot_first: Any,
        slot_second: Any,
        offsets: Any,
        counted: Any,
        flag: Any,
        hist: Any,
    ) -> None:
        # each undecided pair's comparison, each mover's R, and the counts of the
        # scenarios no comparison flagged as a near tie
        movers = offsets.shape[0]
        counted[:, :nb] = 0
        flag[:nb] = 0
        for p in range(sure.shape[0]):
            a = slot_first[p]
            b = slot_second[p]
            ta = totals[a]
            tb = totals[b]
            ra = counted[a]
            rb = counted[b]
            hi = sure[p]
            lo = unsure[p]
            for s in range(nb):
                v = ta[s] - tb[s]
                rb[s] += np.uint8(v > hi)
                ra[s] += np.uint8(v < -hi)
                mag = abs(v)
                flag[s] |= np.uint8((mag > lo) & (mag <= hi))
        for i in range(movers):
            off = offsets[i]
            row_r = counted[i]
            for s in range(nb):
                if flag[s] == 0:
                    # four interleaved histograms: consecutive scenarios often fall in
                    # the same cell, and one histogram would wait on its last increment
                    hist[s & 3, off + row_r[s]] += 1

    return totals_block, pairs_block


@cache
def pair_kernel() -> Callable[..., Any]:
    """The compiled pair kernel (compiled, or loaded from the cache, on first use)."""
    import numba

    totals_block, pairs_block = _pieces()

    @numba.njit(cache=True, nogil=True)
    def kernel(  # pragma: no cover - compiled; exercised through the public methods
        wt: Any,
        x_movers: Any,
        sure: Any,
        unsure: Any,
        slot_first: Any,
        slot_second: Any,
        offsets: Any,
        compact: Any,
        r: Any,
        near: Any,
        keep_r: bool,
    ) -> None:
        size = wt.shape[1]
        movers = offsets.shape[0]
        block = 256
        totals = np.empty((movers, block))
        counted = np.zeros((movers, block), dtype=np.uint8)
        flag = np.empty(block, dtype=np.uint8)
        hist = np.zeros((4, compact.shape[0]), dtype=np.int64)
        for s0 in range(0, size, block):
            nb = min(block, size - s0)
            totals_block(wt, x_movers, s0, nb, totals)
            pairs_block(
                totals, nb, sure, unsure, slot_first, slot_second, offsets, counted, flag, hist
            )
            for s in range(nb):
                near[s0 + s] = flag[s] != 0
            if keep_r:
                for i in range(movers):
                    for s in range(nb):
                        r[i, s0 + s] = counted[i, s]
        for lane in range(4):
            for c in range(compact.shape[0]):
                compact[c] += hist[lane, c]

    return kernel


@cache
def fused_kernel() -> Callable[..., Any]:
    """Sampling's last steps and the pair kernel in one pass (no SMAA tallies).

    Takes numpy's uniform draws ``u`` (proposals x pillars) and applies the sampler's
    own arithmetic, operation for operation (``jrc``: ``f = u * span + lower``, then
    ``f / (f_0 + f_1 + ...)``; elimination: ``u * width + base``, the eliminated
    weight ``1 - (sum of the others, left to right)``, kept when within its bounds),
    so each weight has the bits numpy's sampler gives it. Kept weights go, 256 at a
    time, through the pair kernel. At most ``need`` kept weights are ranked; returns
    how many proposals were kept in all (numpy's sampler counts them all too), and
    writes the weights of near-tie scenarios to ``near_w`` (their number in
    ``near_count[0]``) for the exact path.
    """
    import numba

    totals_block, pairs_block = _pieces()

    @numba.njit(cache=True, nogil=True)
    def kernel(  # pragma: no cover - compiled; exercised through the public methods
        u: Any,
        jrc: bool,
        scale: Any,
        shift: Any,
        eliminated: int,
        low: float,
        high: float,
        need: int,
        x_movers: Any,
        sure: Any,
        unsure: Any,
        slot_first: Any,
        slot_second: Any,
        offsets: Any,
        compact: Any,
        near_w: Any,
        near_count: Any,
    ) -> int:
        proposals, m = u.shape
        movers = offsets.shape[0]
        block = 256
        wcol = np.empty((m, block))
        # a block of proposals, pillar by pillar, so that each step vectorises
        prop = np.empty((m, block))
        total = np.empty(block)
        keep = np.empty(block, dtype=np.uint8)
        totals = np.empty((movers, block))
        counted = np.zeros((movers, block), dtype=np.uint8)
        flag = np.empty(block, dtype=np.uint8)
        hist = np.zeros((4, compact.shape[0]), dtype=np.int64)
        kept = 0
        nb = 0
        for q0 in range(0, proposals, block):
            nq = min(block, proposals - q0)
            for j in range(m):
                row = prop[j]
                c = scale[j]
                d = shift[j]
                for q in range(nq):
                    t = u[q0 + q, j] * c
                    row[q] = t + d
            if jrc:
                total[:nq] = prop[0, :nq]
                for j in range(1, m):
                    row = prop[j]
                    for q in range(nq):
                        total[q] += row[q]
                for j in range(m):
                    row = prop[j]
                    for q in range(nq):
                        row[q] = row[q] / total[q]
                keep[:nq] = 1
            else:
                first = 1 if eliminated == 0 else 0
                total[:nq] = prop[first, :nq]
                for j in range(first + 1, m):
                    if j != eliminated:
                        row = prop[j]
                        for q in range(nq):
                            total[q] += row[q]
                row = prop[eliminated]
                for q in range(nq):
                    v = 1.0 - total[q]
                    row[q] = v
                    keep[q] = np.uint8((v >= low) & (v <= high))
            for q in range(nq):
                if keep[q] == 0:
                    continue
                kept += 1
                if kept > need:
                    continue
                for j in range(m):
                    wcol[j, nb] = prop[j, q]
                nb += 1
                if nb == block or kept == need:
                    totals_block(wcol, x_movers, 0, nb, totals)
                    pairs_block(
                        totals,
                        nb,
                        sure,
                        unsure,
                        slot_first,
                        slot_second,
                        offsets,
                        counted,
                        flag,
                        hist,
                    )
                    for s in range(nb):
                        if flag[s] != 0:
                            c = near_count[0]
                            for j in range(m):
                                near_w[c, j] = wcol[j, s]
                            near_count[0] = c + 1
                    nb = 0
        for lane in range(4):
            for c in range(compact.shape[0]):
                compact[c] += hist[lane, c]
        return kept

    return kernel


@cache
def sort_kernel() -> Callable[..., Any]:
    """The compiled kernel for large editions (compiled, or loaded, on first use).

    Per scenario: the canonical totals (pillar by pillar, no fused multiply-add), a
    bucket sort over their range (one bucket per unit, insertion sort within), the
    check that every unit clears the tie band above the next one down by the rounding
    margin, and the counts. Counting is done position by position over the chunk, in a
    ranks x units matrix, so each position's increments stay in one row of cache.
    Scenarios that fail the check are flagged for the shared exact path.
    """
    import numba

    @numba.njit(cache=True, nogil=True)
    def kernel(  # pragma: no cover - compiled; exercised through the public methods
        w: Any,
        x: Any,
        atol: float,
        rtol: float,
        rounding: float,
        counts_t: Any,
        flagged: Any,
        top: Any,
    ) -> None:
        size, m = w.shape
        n = x.shape[0]
        totals = np.empty(n)
        order = np.empty((size, n), dtype=np.int32)
        starts = np.empty(n + 1, dtype=np.int64)
        fill = np.empty(n, dtype=np.int64)
        for s in range(size):
            lo = np.inf
            hi = -np.inf
            for u in range(n):
                t = x[u, 0] * w[s, 0]
                for j in range(1, m):
                    t += x[u, j] * w[s, j]
                totals[u] = t
                lo = min(lo, t)
                hi = max(hi, t)
            span = hi - lo
            if not span > 0.0:
                flagged[s] = True  # every unit tied
                continue
            scale = (n - 1) / span
            starts[:] = 0
            for u in range(n):
                starts[min(n - 1, int((totals[u] - lo) * scale)) + 1] += 1
            for b in range(n):
                starts[b + 1] += starts[b]
            fill[:] = 0
            row = order[s]
            for u in range(n):
                b = min(n - 1, int((totals[u] - lo) * scale))
                row[starts[b] + fill[b]] = u
                fill[b] += 1
            for b in range(n):
                # insertion sort within the bucket, by total then unit number
                for p in range(starts[b] + 1, starts[b + 1]):
                    u = row[p]
                    t = totals[u]
                    q = p - 1
                    while q >= starts[b] and (
                        totals[row[q]] > t or (totals[row[q]] == t and row[q] > u)
                    ):
                        row[q + 1] = row[q]
                        q -= 1
                    row[q + 1] = u
            clean = True
            for p in range(1, n):
                upper = totals[row[p]]
                lower = totals[row[p - 1]]
                edge = atol + rtol * max(abs(upper), abs(lower)) + rounding
                if not upper - lower > edge:
                    clean = False
                    break
            flagged[s] = not clean
            top[s] = row[n - 1] if clean else -1
        for p in range(n):
            # ascending order: position p has rank n - p
            target = counts_t[n - 1 - p]
            for s in range(size):
                if not flagged[s]:
                    target[order[s, p]] += 1

    return kernel
