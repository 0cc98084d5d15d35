"""Figures of variance-based sensitivity: Sobol indices per factor."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from idx.errors import IdxError
from idx.plot._base import (
    MID,
    PALETTE,
    SourceLike,
    expect,
    finish,
    new_axes,
    pillar_label,
    resolve_unit,
    style,
)
from idx.sensitivity.sobol import SobolIndices
from idx.validation import one_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["SobolBars", "sobol", "sobol_bars"]


class SobolBars(NamedTuple):
    """The numbers :func:`sobol` draws: one value per factor (a pillar's weight, or a
    group of inputs such as ``weights`` or ``rounding``).

    For one unit they are that unit's indices and interval ends; for the ranking
    they are means over the units whose output varies (``n_units`` of them).
    """

    factors: tuple[str, ...]
    first: NDArray[np.float64]
    first_low: NDArray[np.float64]
    first_high: NDArray[np.float64]
    total: NDArray[np.float64]
    total_low: NDArray[np.float64]
    total_high: NDArray[np.float64]
    n_units: int
    label: str


def sobol_bars(indices: SobolIndices, unit: str | None = None, output: str = "rank") -> SobolBars:
    """What :func:`sobol` draws, as numbers (see there for the ranking-level mean).

    Raises
    ------
    IdxError
        If ``output`` is not among ``indices.outputs``, ``unit`` is unknown, or (for
        the ranking) no unit's output varied.
    """
    expect("indices", indices, (SobolIndices,))
    k = indices.outputs.index(one_of("output", output, indices.outputs))
    if unit is not None:
        i = resolve_unit(unit, indices.units)
        rows = np.array([i])
        label = f"{indices.units[i]}'s {output}"
    else:
        rows = np.flatnonzero(~indices.constant[k])
        if rows.size == 0:
            msg = f"no unit's {output} varied over the samples: there is no index to average"
            raise IdxError(msg)
        label = f"{output}s, mean over {rows.size} units"

    def mean(values: NDArray[np.float64]) -> NDArray[np.float64]:
        averaged: NDArray[np.float64] = np.asarray(values)[k, rows].mean(axis=0)
        return averaged

    return SobolBars(
        factors=indices.factors,
        first=mean(indices.first),
        first_low=mean(indices.first_low),
        first_high=mean(indices.first_high),
        total=mean(indices.total),
        total_low=mean(indices.total_low),
        total_high=mean(indices.total_high),
        n_units=int(rows.size),
        label=label,
    )


#: Axis text of the factor groups that are not one pillar's weight.
_GROUPS = {
    "weights": "all weights",
    "rounding": "rounding of printed figures",
    "noise": "measurement noise",
    "aggregation": "aggregation rule",
    "normalisation": "normalisation",
    "imputation": "imputation",
}


def factor_label(factor: str) -> str:
    """A Sobol factor as axis text: a pillar's weight by its pillar, or the group's name."""
    return _GROUPS.get(factor, pillar_label(factor))


def sobol(
    indices: SobolIndices,
    unit: str | None = None,
    *,
    output: str = "rank",
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """First-order and total Sobol indices of each input factor, with their intervals.

    The factors are those of ``indices``: each pillar's weight, or factor groups
    (all weights as one, ``rounding``, ``noise``, ``aggregation``,
    ``normalisation``, ``imputation``) when it was computed on an
    :class:`idx.Uncertainty`, which shows how much of a rank's variance comes from
    the weights and how much from the other inputs.

    For one ``unit``: its indices, each with its bootstrap interval as a whisker.
    For the ranking (``unit=None``): the mean of each index over the units whose
    ``output`` varied over the samples (a unit whose rank never moves has indices set
    to 0 by :func:`idx.sensitivity.sobol` and would only pull the mean down), with
    whiskers from the mean of those units' interval ends; a mean of interval ends is
    not an interval of the mean, and the source line says so.

    Parameters
    ----------
    indices : SobolIndices
        From :func:`idx.sensitivity.sobol`.
    unit : str, optional
        One unit; default: the whole ranking.
    output : str
        ``"rank"`` (default) or ``"total"``, as held by ``indices.outputs``.
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output.
    Design and estimator for the total sensitivity index. Computer Physics
    Communications 181(2), 259-270.
    """
    bars = sobol_bars(indices, unit, output)
    m = len(bars.factors)
    y = np.arange(m)
    with style():
        fig, axes, owned = new_axes(ax, (6.4, 1.6 + 0.5 * m))
        for offset, name, value, low, high, colour in (
            (-0.19, "first-order", bars.first, bars.first_low, bars.first_high, PALETTE[4]),
            (0.19, "total", bars.total, bars.total_low, bars.total_high, PALETTE[0]),
        ):
            axes.barh(y + offset, value, height=0.36, color=colour, label=f"{name} index")
            axes.hlines(
                y + offset,
                low,
                high,
                color="black",
                linewidth=0.9,
                label=f"{name}: {indices.confidence:.0%} interval",
            )
        axes.axvline(0.0, color=MID, linewidth=0.6)
        axes.set_yticks(y, [factor_label(f) for f in bars.factors])
        axes.set_ylim(m - 0.5, -0.5)
        highest = max(float(np.max(bars.total_high)), float(np.max(bars.first_high)), 0.1)
        lowest = min(float(np.min(bars.first_low)), float(np.min(bars.total_low)), 0.0)
        axes.set_xlim(lowest - 0.02, highest * 1.08)
        axes.set_xlabel(f"Sobol index (share of the variance of the {output})")
        axes.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, borderaxespad=0.2)
        default = (
            f"What drives {bars.label}"
            if unit is not None
            else f"What drives the ranking: Sobol indices of the units' {output}s"
        )
        axes.set_title(default if title is None else title, pad=30)
        method = (
            f"Sobol indices (Saltelli 2010 first-order, Jansen 1999 total), n = {indices.n:,} "
            f"base samples, {indices.confidence:.0%} percentile-bootstrap intervals"
        )
        if unit is None:
            method += (
                f"; bars are means over the {bars.n_units} units whose {output} varied, "
                "whiskers the means of their interval ends"
            )
        elif bool(
            indices.constant[indices.outputs.index(output), resolve_unit(unit, indices.units)]
        ):
            method += f"; the {output} never moved over the samples, so every index is 0"
        finish(fig, owned, source, method, note)
    return fig
