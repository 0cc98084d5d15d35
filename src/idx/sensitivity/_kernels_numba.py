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

__all__ = ["ENV", "available", "kernel_choice", "pair_kernel", "use_compiled"]

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
def pair_kernel() -> Callable[..., Any]:
    """The compiled pair kernel (compiled, or loaded from the cache, on first use)."""
    import numba

    # cache=True: compile once per machine; nogil=True: threads run it in parallel.
    # No fastmath: each product and sum is rounded as written (the margins absorb any
    # difference from numpy's products anyway).
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
    ) -> None:
        m, size = wt.shape
        pairs = sure.shape[0]
        movers = offsets.shape[0]
        block = 256
        totals = np.empty((movers, block))
        counted = np.zeros((movers, block), dtype=np.uint8)
        flag = np.empty(block, dtype=np.uint8)
        for s0 in range(0, size, block):
            nb = min(block, size - s0)
            # the movers' totals, pillar by pillar (each lane loop vectorises)
            for i in range(movers):
                row = totals[i]
                c = x_movers[i, 0]
                w0 = wt[0]
                for s in range(nb):
                    row[s] = c * w0[s0 + s]
                for j in range(1, m):
                    c = x_movers[i, j]
                    wj = wt[j]
                    for s in range(nb):
                        row[s] += c * wj[s0 + s]
                counted[i, :nb] = 0
            flag[:nb] = 0
            for p in range(pairs):
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
            for s in range(nb):
                near[s0 + s] = flag[s] != 0
            for i in range(movers):
                off = offsets[i]
                row_r = counted[i]
                for s in range(nb):
                    r[i, s0 + s] = row_r[s]
                    if flag[s] == 0:
                        compact[off + row_r[s]] += 1

    return kernel
