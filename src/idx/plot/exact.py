"""Figures of the exact analyses: rank paths along one weight, and stability intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from idx.errors import IdxError
from idx.plot._base import (
    ACCENT,
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
from idx.sensitivity.rank_path import RankPath
from idx.sensitivity.stability import StabilityIntervals
from idx.validation import finite_number, unique

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter, Locator

__all__ = ["CROSSING_GAP", "crossings", "first_movers", "rank_path", "stability"]

#: Breakpoints closer than this (in weight) belong to one crossing. A pair whose
#: totals cross enters and leaves the tie band some 1e-9 apart; distinct crossings
#: of 2017 are at least 1e-5 apart, and 1e-6 is far below what a figure can show.
CROSSING_GAP = 1e-6


def crossings(breakpoints: NDArray[np.float64], gap: float = CROSSING_GAP) -> NDArray[np.float64]:
    """The first breakpoint of each run of breakpoints less than ``gap`` apart.

    A pair of units whose totals cross contributes two breakpoints, where it enters
    and where it leaves the tie band (:mod:`idx.ranking`), about ``1e-9`` apart; a
    figure marks the pair once, at the first.
    """
    b = np.sort(np.asarray(breakpoints, dtype=np.float64))
    if b.size == 0:
        return b
    starts = np.concatenate([[True], np.diff(b) >= gap])
    first: NDArray[np.float64] = b[starts]
    return first


def first_movers(path: RankPath, gap: float = CROSSING_GAP) -> list[int]:
    """The units whose rank changes first as the weight leaves its base value.

    Positions (by base rank, at most 8) of the units that change rank at the nearest
    crossing below the base weight, at the nearest above, and at any crossing within
    ``gap`` of the base weight itself (a pair tied at the base). These are the pairs
    the stability interval of the pillar names.
    """
    expect("path", path, (RankPath,))
    b = np.asarray(path.breakpoints)
    if b.size == 0:
        return []
    base = float(path.base_weights[path.pillar_position])
    # runs of breakpoints closer than gap: indices k0..k1 of one crossing
    cuts = np.flatnonzero(np.diff(b) >= gap) + 1
    runs = np.split(np.arange(b.size), cuts)
    below = [r for r in runs if b[r[-1]] < base - gap]
    above = [r for r in runs if b[r[0]] > base + gap]
    at = [r for r in runs if b[r[-1]] >= base - gap and b[r[0]] <= base + gap]
    picked = at + below[-1:] + above[:1]
    moved: set[int] = set()
    for run in picked:
        before, after = path.segment_ranks[run[0]], path.segment_ranks[run[-1] + 1]
        moved.update(int(i) for i in np.flatnonzero(before != after))
    ranks = path.rank_at(base)
    return sorted(moved, key=lambda i: (int(ranks[i]), i))[: len(PALETTE)]


def rank_path(
    path: RankPath,
    units: Sequence[str] | str | None = None,
    *,
    window: tuple[float, float] | None = None,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """Each unit's rank as a step function of one pillar's weight.

    Draws ``path.segment_ranks`` over ``path.edges`` as steps (exact: every breakpoint
    is an edge of the steps), the published weight as a dashed line, and a tick on
    the weight axis wherever a shown unit's rank changes. A crossing of two totals
    makes two breakpoints about 1e-9 apart (the pair is tied between them); they are
    marked once (:func:`crossings`).

    Parameters
    ----------
    path : RankPath
        From :func:`idx.sensitivity.rank_path`.
    units : sequence of str or "all", optional
        Units to draw, each in its own colour and named in the legend (at most
        8). By default, the units whose rank changes first as the weight leaves its
        base value, on either side (:func:`first_movers`). ``"all"`` draws every
        unit in grey, named at the right edge of the window.
    window : (float, float), optional
        The range of the weight to show, within [0, 1] (default: all of it). The
        whole path is drawn either way; the window only sets the axis.
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("path", path, (RankPath,))
    named = not (isinstance(units, str) and units == "all")
    if units is None:
        shown = first_movers(path)
    elif not named:
        shown = list(range(len(path.units)))
    else:
        if isinstance(units, str):
            units = [units]
        names = unique("units", [path.units[resolve_unit(u, path.units)] for u in units])
        shown = [path.units.index(name) for name in names]
        if not shown or len(shown) > len(PALETTE):
            msg = f"'units' must name 1 to {len(PALETTE)} units (got {len(shown)})"
            raise IdxError(msg)
    left, right = (0.0, 1.0) if window is None else window
    left = finite_number("window[0]", left, low=0.0, high=1.0)
    right = finite_number("window[1]", right, low=left, high=1.0, low_open=True)
    base_weight = float(path.base_weights[path.pillar_position])
    ranks = path.segment_ranks[:, shown]
    changes = (ranks[1:] != ranks[:-1]).any(axis=1)
    marks = crossings(path.breakpoints[changes])
    n = len(path.units)
    with style():
        fig, axes, owned = new_axes(ax, (6.4, 5.2 if named else 1.6 + 0.17 * n))
        for k, i in enumerate(shown):
            axes.stairs(
                path.segment_ranks[:, i],
                path.edges,
                baseline=None,
                color=PALETTE[k] if named else MID,
                linewidth=1.6 if named else 0.8,
                # unnamed lines stay out of the legend; their names are at the right edge
                label=path.units[i] if named else f"_{path.units[i]}",
            )
        axes.axvline(
            base_weight,
            color="black",  # not a palette colour: the units' lines use those
            linestyle="--",
            linewidth=1.0,
            label=f"published weight {base_weight:.0%}",
        )
        axes.vlines(
            marks,
            0.0,
            0.035,
            transform=axes.get_xaxis_transform(),
            color="black",
            linewidth=0.6,
            label="rank changes (two totals cross)",
        )
        axes.set_xlim(left, right)
        visible = ranks[(path.edges[1:] > left) & (path.edges[:-1] < right)]
        top, bottom = int(visible.min()), int(visible.max())
        axes.set_ylim(bottom + 0.7, top - 0.7)
        if not named:
            _label_right_edge(axes, path, right)
        axes.xaxis.set_major_formatter(_percent())
        axes.set_xlabel(
            f"weight of {pillar_label(path.pillar)} (share of the total; the other "
            "pillars rescaled in proportion)"
        )
        axes.set_ylabel("rank (1 = best)")
        axes.yaxis.set_major_locator(_integers())
        axes.grid(axis="y", color="#EEEEEE", linewidth=0.6)
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3, borderaxespad=0.2)
        axes.set_title(
            f"Ranks as the {pillar_label(path.pillar)} weight moves" if title is None else title,
            pad=16 + 11 * ((len(shown) + 4) // 3 if named else 1),
        )
        finish(
            fig,
            owned,
            source,
            f"Exact rank path (rank_path): {len(marks)} crossings of the shown units in [0, 1]",
            note,
        )
    return fig


def _integers() -> Locator:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _percent() -> Formatter:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=None)


def _label_right_edge(axes: Axes, path: RankPath, right: float) -> None:
    # ranks at the right edge of the window, names of tied units joined
    at = path.rank_at(right)
    by_rank: dict[int, list[str]] = {}
    for unit, rank in zip(path.units, at, strict=True):
        by_rank.setdefault(int(rank), []).append(unit)
    for rank, names in by_rank.items():
        axes.annotate(
            ", ".join(names),
            (1.0, rank),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=6.5,
            color="#333333",
        )


def stability(
    intervals: StabilityIntervals,
    *,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """For each pillar, how far its weight can move before any rank changes.

    One row per pillar: a bar over the open interval ``(lower, upper)`` of the
    pillar's weight that keeps the whole ranking (:func:`idx.sensitivity.stability_intervals`),
    drawn as the change from the published weight in percentage points (0 is the
    published weight), with the interval in weight terms at the right and the pair
    of units that ties first at each end beneath.

    Parameters
    ----------
    intervals : StabilityIntervals
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("intervals", intervals, (StabilityIntervals,))
    rows = intervals.intervals
    y = np.arange(len(rows))
    weight = np.array([s.weight for s in rows])
    lower = (np.array([s.lower for s in rows]) - weight) * 100
    upper = (np.array([s.upper for s in rows]) - weight) * 100
    with style():
        fig, axes, owned = new_axes(ax, (6.4, 1.5 + 0.62 * len(rows)))
        axes.barh(
            y,
            upper - lower,
            left=lower,
            height=0.36,
            color=PALETTE[0],
            label="weights that keep every rank",
        )
        axes.axvline(0.0, color=ACCENT, linewidth=1.0, label="published weight")
        axes.set_yticks(y, [pillar_label(s.pillar) for s in rows])
        axes.set_ylim(len(rows) - 0.4, -0.6)
        span = max(float(np.max(upper)), 0.5)
        axes.set_xlim(min(float(np.min(lower)), -0.5) * 1.05, span * 1.05)
        for k, s in enumerate(rows):
            axes.annotate(
                f"{s.lower:.2%} to {s.upper:.2%} (published {s.weight:.0%})",
                (1.0, k),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
            below = f"below: {s.lower_swap[1]} ties {s.lower_swap[0]}" if s.lower_swap else ""
            above = f"above: {s.upper_swap[1]} ties {s.upper_swap[0]}" if s.upper_swap else ""
            axes.annotate(
                "   ".join(t for t in (below, above) if t),
                (0.0, k + 0.3),
                xycoords=("axes fraction", "data"),
                va="center",
                fontsize=6.5,
                color=MID,
            )
        axes.set_xlabel("change from the published weight (percentage points)")
        axes.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, borderaxespad=0.2)
        axes.set_title(
            "How far each weight can move before a rank changes" if title is None else title,
            pad=18,
        )
        ties = intervals.ties
        tied = sorted({tuple(t.units) for t in ties})
        extra = (
            f"; pairs tied at the published weights, set apart: "
            f"{', '.join(' and '.join(p) for p in tied)}"
            if tied
            else ""
        )
        finish(
            fig,
            owned,
            source,
            "Exact stability intervals (stability_intervals): one weight moves, the others "
            f"rescale in proportion{extra}",
            note,
        )
    return fig
