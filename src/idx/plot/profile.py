"""The figure of one unit's profile: its pillar ranks against its overall rank, and its neighbours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from idx.plot._base import (
    ACCENT,
    FAINT,
    MID,
    PALETTE,
    SourceLike,
    expect,
    finish,
    pillar_label,
    require_matplotlib,
    style,
)
from idx.targets import ordinal
from idx.unit_profile import Profile

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ROLE_COLOURS", "profile"]

#: Colour of a pillar's dot by its role among the unit's pillars.
ROLE_COLOURS = {"strength": PALETTE[2], "weakness": PALETTE[1], "": MID}

# legend entries in reading order (labels up to their first colon)
_LEGEND = (
    "exact best to worst rank",
    "Monte Carlo 5th to 95th percentile",
    "median rank",
    "rank at the base weights",
    "rank on the pillar",
)


def _role(result: Profile, pillar: str) -> str:
    # a pillar both strength and weakness (few pillars left by COINr's rule) counts as a strength
    if pillar in result.strengths:
        return "strength"
    return "weakness" if pillar in result.weaknesses else ""


def _figure(ax: Axes | None, m: int) -> tuple[Figure, Axes, Axes | None, bool]:
    """(figure, ranks axes, neighbours axes or None, owned)."""
    require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure, SubFigure

    if ax is not None:
        parent = ax.figure
        while isinstance(parent, SubFigure):
            parent = parent.figure
        assert isinstance(parent, Figure)
        return parent, ax, None, False
    fig = Figure(figsize=(6.4, 3.3 + 0.42 * m), layout="constrained")
    FigureCanvasAgg(fig)
    ranks, neighbours = fig.subplots(2, 1, height_ratios=[m + 1.6, 2.0])
    return fig, ranks, neighbours, True


def _neighbour_text(result: Profile) -> str:
    return "; ".join(result.neighbour_phrases())


def profile(
    result: Profile,
    *,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """One unit's pillar ranks against its overall rank, its rank range and its neighbours.

    The upper panel has one row per pillar and an "overall" row on top, on one rank
    axis (1 = best). Each pillar's dot is the unit's rank on that pillar's 0-100
    index (``result.pillar_ranks``), joined to the overall rank (the dashed line,
    ``result.rank``) so that the line's length is ``result.relative``; green dots are
    the strengths, orange the weaknesses (COINr's rule), and the index is written at
    the right. The overall row shows, as :func:`idx.plot.rank_uncertainty` does, the
    exact best-to-worst rank over the weight space (grey), the Monte Carlo 5th-95th
    percentile (blue), the median (white dot) and the rank at the base weights (red
    tick). The lower panel puts the unit's total between its neighbours' on a scale of
    points (``total + gap_above`` and ``total - lead_below``), with the gaps written
    between them.

    Parameters
    ----------
    result : Profile
        From :func:`idx.profile`.
    ax : matplotlib Axes, optional
        Draw the rank panel into these axes; the neighbours are then written as one
        line of text under the ranks instead of a panel of their own.
    source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("result", result, (Profile,))
    m = len(result.pillars)
    y_pillars = np.arange(1, m + 1)
    own = np.asarray(result.pillar_ranks)
    largest = int(max(own.max(), result.worst_rank, result.mc_high, result.rank))
    with style():
        fig, axes, lower, owned = _figure(ax, m)
        # the overall row (y = 0), drawn as rank_uncertainty draws a unit
        axes.barh(
            [0],
            [result.worst_rank - result.best_rank + 1],
            left=[result.best_rank - 0.5],
            height=0.8,
            color=FAINT,
            label="exact best to worst rank",
        )
        axes.barh(
            [0],
            [result.mc_high - result.mc_low + 1],
            left=[result.mc_low - 0.5],
            height=0.38,
            color=PALETTE[0],
            label="Monte Carlo 5th to 95th percentile",
        )
        axes.scatter(
            [result.mc_median],
            [0],
            s=18,
            facecolor="white",
            edgecolor="black",
            linewidth=0.8,
            zorder=3,
            label="median rank",
        )
        axes.scatter(
            [result.rank], [0], marker="|", s=110, color=ACCENT, linewidth=1.8, zorder=4,
            label="rank at the base weights",
        )  # fmt: skip
        axes.axvline(result.rank, color=ACCENT, linestyle="--", linewidth=0.8, zorder=1)
        axes.hlines(y_pillars, result.rank, own, color=MID, linewidth=1.0, zorder=2)
        for role, name in (
            ("strength", "strength"),
            ("weakness", "weakness"),
            ("", "other pillar"),
        ):
            rows = [j for j, p in enumerate(result.pillars) if _role(result, p) == role]
            axes.scatter(
                own[rows],
                y_pillars[rows],
                s=34,
                color=ROLE_COLOURS[role],
                edgecolor="black",
                linewidth=0.5,
                zorder=3,
                label=f"rank on the pillar: {name}",
            )
        for j in range(m):
            axes.annotate(
                f"index {result.index[j]:.1f}",
                (1.0, j + 1),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
        axes.set_yticks(
            np.arange(m + 1),
            [f"overall ({ordinal(result.rank)})"] + [pillar_label(p) for p in result.pillars],
        )
        axes.set_ylim(m + 0.6, -0.6)
        axes.set_xlim(0.5, largest + 0.5)
        ticks = [1, *range(5, largest + 1, 5)] if largest >= 5 else list(range(1, largest + 1))
        axes.set_xticks(ticks)
        axes.set_xlabel("rank (1 = best)")
        axes.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        axes.set_axisbelow(True)
        handles, labels = axes.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda k: _LEGEND.index(labels[k].split(":")[0]))
        axes.legend(
            [handles[k] for k in order],
            [labels[k] for k in order],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=2,
            borderaxespad=0.2,
        )
        axes.set_title(
            f"{result.unit}: {ordinal(result.rank)} overall, and on each pillar"
            if title is None
            else title,
            pad=58,
        )
        if lower is not None:
            _neighbours(lower, result)
        else:
            axes.annotate(
                _neighbour_text(result),
                (0.0, 0.0),
                xycoords="axes fraction",
                xytext=(0, -30),
                textcoords="offset points",
                va="top",
                fontsize=7,
                color="#333333",
            )
        seed = f", seed {result.seed}" if result.seed is not None else ""
        finish(
            fig,
            owned,
            source,
            "Pillar ranks: every unit ranked on each 0-100 pillar index; strengths and "
            "weaknesses by COINr's get_str_weak rule; exact range over the weight space "
            f"(MILP); Monte Carlo: {result.n:,} weight scenarios, {result.sampler} "
            f"sampler{seed}; totals at the base weights",
            note,
        )
    return fig


def _neighbours(axes: Axes, result: Profile) -> None:
    """The unit's total between its neighbours', on a scale of points."""
    points: list[tuple[str, float, Any]] = []
    if result.above is not None:
        points.append((result.above, result.total + result.gap_above, MID))
    points.append((result.unit, result.total, ACCENT))
    if result.below is not None:
        points.append((result.below, result.total - result.lead_below, MID))
    x = np.array([p[1] for p in points])
    axes.axhline(0.0, color="#BBBBBB", linewidth=0.8, zorder=1)
    for name, value, colour in points:
        axes.scatter(
            [value], [0.0], s=30, color=colour, edgecolor="black", linewidth=0.5, zorder=3,
            label=name,
        )  # fmt: skip
    # names above the points; tied units share a point and one label
    by_value: dict[float, list[str]] = {}
    for name, value, _ in points:
        by_value.setdefault(value, []).append(name)
    for value, names in by_value.items():
        axes.annotate(
            ", ".join(names),
            (value, 0.0),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
        )
    gaps = []
    if result.above is not None:
        gaps.append((result.total, result.total + result.gap_above, result.gap_above))
    if result.below is not None:
        gaps.append((result.total - result.lead_below, result.total, result.lead_below))
    for left, right, gap in gaps:
        axes.annotate(
            "tied" if gap == 0 else f"{gap:.2f}",
            ((left + right) / 2, 0.0),
            xytext=(0, -10),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7,
            color="#333333",
        )
    span = float(x.max() - x.min())
    pad = max(span * 0.25, 0.05)
    axes.set_xlim(float(x.min()) - pad, float(x.max()) + pad)
    axes.set_ylim(-1.0, 1.4)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlabel("total at the base weights (points)")
    axes.set_title(f"Neighbours: {_neighbour_text(result)}", fontsize=8.5, pad=6)
