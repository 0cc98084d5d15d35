"""The optional compiled kernel (``pip install idx[fast]``, numba).

It does what :meth:`idx.sensitivity._pairs.PairPlan.count` does with numpy, in one
pass over each block of 256 scenarios: the undecided pairs' differences of totals,
their comparisons, each mover's number of partners ahead (R) and the compact counts.
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

from idx.errors import IdxError
from idx.options import Kernel, choices
from idx.validation import one_of

__all__ = ["ENV", "available", "kernel_choice", "pair_kernel", "use_compiled"]

#: The environment variable that picks the kernel.
ENV = "IDX_KERNEL"


def kernel_choice() -> Kernel:
    """The kernel asked for in ``IDX_KERNEL`` (default ``"auto"``)."""
    value = os.environ.get(ENV, "auto").strip().lower() or "auto"
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
    import numpy as np

    # cache=True: compile once per machine; nogil=True: threads run it in parallel.
    # No fastmath: each product and sum is rounded as written (the margins absorb any
    # difference from numpy's products anyway).
    @numba.njit(cache=True, nogil=True)  # type: ignore[misc]
    def kernel(  # pragma: no cover - compiled; exercised through the public methods
        wt: Any,
        diff: Any,
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
        pairs = diff.shape[0]
        movers = offsets.shape[0]
        block = 256
        d = np.empty(block)
        flag = np.empty(block, dtype=np.uint8)
        for s0 in range(0, size, block):
            nb = min(block, size - s0)
            for i in range(movers):
                for s in range(nb):
                    r[i, s0 + s] = 0
            for s in range(nb):
                flag[s] = 0
            for p in range(pairs):
                c = diff[p, 0]
                for s in range(nb):
                    d[s] = c * wt[0, s0 + s]
                for j in range(1, m):
                    c = diff[p, j]
                    for s in range(nb):
                        d[s] += c * wt[j, s0 + s]
                hi = sure[p]
                lo = unsure[p]
                a = slot_first[p]
                b = slot_second[p]
                for s in range(nb):
                    v = d[s]
                    r[b, s0 + s] += np.uint8(v > hi)
                    r[a, s0 + s] += np.uint8(v < -hi)
                    mag = abs(v)
                    flag[s] |= np.uint8((mag > lo) & (mag <= hi))
            for s in range(nb):
                near[s0 + s] = flag[s] != 0
            for i in range(movers):
                off = offsets[i]
                for s in range(nb):
                    if flag[s] == 0:
                        compact[off + r[i, s0 + s]] += 1

    return kernel  # type: ignore[no-any-return]
