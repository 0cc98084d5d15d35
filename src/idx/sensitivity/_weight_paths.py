"""Totals along one pillar's weight path, the shared algebra of the exact methods.

Moving pillar j's weight to ``t`` and rescaling the others proportionally gives
``w(t)_j = t`` and ``w(t)_k = w_k (1 - t) / (1 - w_j)``. Each unit's total is then
affine in ``t``: ``total_i(t) = t * a_i + (1 - t) * b_i`` with ``a_i`` the unit's
pillar-j index and ``b_i`` its total over the other pillars, renormalised.

Under idx's tie rule (:mod:`idx.ranking`) unit k is ahead of unit i exactly when
``ahead_direction(x_k, x_i) . w > TIE_ATOL``, a linear form in the weights; along the
path it is ``(1 - t) d0 + t d1 > TIE_ATOL``, with ``d0`` and ``d1`` the same linear form
on the totals at ``t = 0`` and ``t = 1`` (:func:`ahead_ends`). Whether k is ahead of i
therefore changes at most once on the path, at the *band edge* where that affine
function equals ``TIE_ATOL`` (:func:`band_edge`). A pair whose totals cross enters the
tie band at one edge and leaves it at the other; a pair that never leaves the band
(equal totals up to floating-point noise) has no edge in [0, 1].
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from idx.errors import IdxError
from idx.ranking import TIE_ATOL, ahead_direction

__all__ = ["ahead_ends", "band_edge", "path_lines", "path_weights"]


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
    a = indices[:, j]
    others = np.delete(np.arange(len(weights)), j)
    terms = indices[:, others] * (weights[others] / (1.0 - weights[j]))
    # Correctly rounded sums (fsum), not a matrix product: the result depends on neither
    # the order of the terms nor the unit's row (BLAS may sum rows differently by their
    # position), so identical units get bit-identical lines, and units whose totals are
    # equal but for rounding mostly do too; their band edges against any third unit
    # then coincide instead of being split by noise.
    b = np.array([math.fsum(row) for row in terms], dtype=np.float64)
    return a, b


def ahead_ends(
    a: NDArray[np.float64], b: NDArray[np.float64], k: ArrayLike, i: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(d0, d1)`` with: k is ahead of i at ``t``  <=>  ``(1 - t) d0 + t d1 > TIE_ATOL``.

    ``d0`` and ``d1`` are :func:`idx.ranking.ahead_direction` on the totals at the path's
    ends, ``b`` (``t = 0``) and ``a`` (``t = 1``); the form is linear, so along the path it
    interpolates between them. ``k`` and ``i`` index units (broadcast).
    """
    k = np.asarray(k)
    i = np.asarray(i)
    return ahead_direction(b[k], b[i]), ahead_direction(a[k], a[i])


def band_edge(d0: NDArray[np.float64], d1: NDArray[np.float64]) -> NDArray[np.float64]:
    """The ``t`` where ``(1 - t) d0 + t d1 = TIE_ATOL``; NaN where ``d0 == d1`` (never or always).

    Where ``d1 > d0`` k is ahead of i above the edge and not below it; where ``d1 < d0``
    the reverse. The edge may lie outside [0, 1].
    """
    slope = d1 - d0
    with np.errstate(divide="ignore", invalid="ignore"):
        t: NDArray[np.float64] = np.where(slope != 0.0, (TIE_ATOL - d0) / slope, np.nan)
    return t
