"""Totals along one pillar's weight path, the shared algebra of the exact methods.

Moving pillar j's weight to ``t`` and rescaling the others proportionally gives
``w(t)_j = t`` and ``w(t)_k = w_k (1 - t) / (1 - w_j)``. Each unit's total is then
affine in ``t``: ``total_i(t) = t * a_i + (1 - t) * b_i`` with ``a_i`` the unit's
pillar-j index and ``b_i`` its total over the other pillars, renormalised. Two
units therefore cross at most once on [0, 1], at a point given in closed form.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from idx.errors import IdxError

__all__ = ["crossings", "path_lines", "path_weights"]


def path_weights(
    weights: NDArray[np.float64], j: int, t: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Weight vectors along pillar ``j``'s path, one row per value of ``t``."""
    t = np.atleast_1d(np.asarray(t, dtype=np.float64))
    rest = weights / (1.0 - weights[j])
    w: NDArray[np.float64] = (1.0 - t)[:, None] * rest[None, :]
    w[:, j] = t
    return w


def path_lines(
    indices: NDArray[np.float64], weights: NDArray[np.float64], j: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Slopes and intercepts: ``total_i(t) = b_i + t * (a_i - b_i)``; returns ``(a, b)``."""
    if weights[j] >= 1.0:
        msg = f"pillar {j} carries all the weight (1.0): there is nothing to rescale"
        raise IdxError(msg)
    others = np.delete(np.arange(len(weights)), j)
    a = indices[:, j]
    b = indices[:, others] @ (weights[others] / (1.0 - weights[j]))
    return a, b


def crossings(
    a: NDArray[np.float64], b: NDArray[np.float64]
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Every pair ``p < q`` and the ``t`` where their totals are equal (NaN if never or always)."""
    p, q = np.triu_indices(len(a), k=1)
    db = b[p] - b[q]
    slope = (a[p] - a[q]) - db
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(slope != 0.0, -db / slope, np.nan)
    return p, q, t
