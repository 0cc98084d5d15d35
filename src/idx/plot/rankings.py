"""Figures of whole rankings: shifts between weightings, and pillar contributions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from idx.comparison import Comparison, SchemeComparison
from idx.errors import IdxError
from idx.plot._base import (
    FAINT,
    PALETTE,
    SourceLike,
    expect,
    finish,
    new_axes,
    pillar_label,
    style,
)
from idx.results import rank_order
from idx.scoring import Score
from idx.validation import positive_int

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["contributions", "movers", "shifts"]


def _columns(result: Comparison | SchemeComparison) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    """Column labels and the ranks, shape (n_units, n_columns)."""
    if isinstance(result, Comparison):
        ranks = np.column_stack([result.reference_ranks, result.other_ranks])
        return (result.reference_label, result.other_label), ranks
    return result.schemes, np.asarray(result.ranks)


def movers(result: Comparison | SchemeComparison, k: int = 5) -> tuple[int, ...]:
    """Positions of the ``k`` units whose rank moves most against the first column.

    The move is ``|shift|`` of a :class:`~idx.comparison.Comparison` or the
    ``largest_shift`` of a :class:`~idx.comparison.SchemeComparison`; ties are broken
    by the reference rank, then input order. Units that do not move are never picked.
    """
    expect("result", result, (Comparison, SchemeComparison))
    k = positive_int("highlight", k, minimum=0)
    ranks = _columns(result)[1]
    move = np.abs(ranks - ranks[:, :1]).max(axis=1)
    order = np.lexsort((np.arange(len(move)), ranks[:, 0], -move))
    return tuple(int(i) for i in order[:k] if move[i] > 0)


def shifts(
    result: Comparison | SchemeComparison,
    *,
    highlight: int = 5,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """A slopegraph of ranks between two weightings, or across several schemes.

    One line per unit joins its rank in each column (a
    :class:`~idx.comparison.Comparison`: reference and other; a
    :class:`~idx.comparison.SchemeComparison`: each scheme in order). The
    ``highlight`` units that move most (:func:`movers`) are drawn in colour; the rest in
    grey. Units are named at both ends, tied units together.

    Parameters
    ----------
    result : Comparison or SchemeComparison
        From :func:`idx.compare` or :func:`idx.compare_schemes`.
    highlight : int
        How many of the largest movers to colour (default 5, at most 8).
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("result", result, (Comparison, SchemeComparison))
    if not 0 <= positive_int("highlight", highlight, minimum=0) <= len(PALETTE):
        msg = f"'highlight' must be between 0 and {len(PALETTE)} (got {highlight!r})"
        raise IdxError(msg)
    labels, ranks = _columns(result)
    picked = movers(result, highlight)
    n, m = ranks.shape
    x = np.arange(m, dtype=np.float64)
    with style():
        fig, axes, owned = new_axes(ax, (3.2 + 1.3 * m, 1.6 + 0.17 * n))
        for i in range(n):
            if i in picked:
                continue
            axes.plot(
                x,
                ranks[i],
                color=FAINT,
                linewidth=0.9,
                marker="o",
                markersize=2.5,
                label=result.units[i],
            )
        for k, i in enumerate(picked):
            move = int(np.abs(ranks[i] - ranks[i, 0]).max())
            axes.plot(
                x,
                ranks[i],
                color=PALETTE[k],
                linewidth=2.0,
                marker="o",
                markersize=3.5,
                zorder=3,
                label=result.units[i],
            )
            axes.annotate(
                f"{move}",
                (x[-1], ranks[i, -1]),
                xytext=(-8, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=6,
                color=PALETTE[k],
            )
        for column, side, align in ((0, -6, "right"), (m - 1, 6, "left")):
            by_rank: dict[int, list[int]] = {}
            for i in rank_order(ranks[:, column]):
                by_rank.setdefault(int(ranks[i, column]), []).append(int(i))
            for rank, members in by_rank.items():
                colour = next((PALETTE[picked.index(i)] for i in members if i in picked), "#333333")
                axes.annotate(
                    f"{', '.join(result.units[i] for i in members)} {rank}"
                    if align == "right"
                    else f"{rank} {', '.join(result.units[i] for i in members)}",
                    (x[column], rank),
                    xytext=(side, 0),
                    textcoords="offset points",
                    ha=align,
                    va="center",
                    fontsize=6.5,
                    color=colour,
                )
        axes.set_ylim(n + 0.6, 0.4)
        axes.set_xlim(-0.05, m - 0.95)
        axes.set_xticks(x, labels)
        axes.xaxis.tick_top()
        axes.tick_params(axis="x", length=0)
        axes.set_yticks([])
        for spine in ("left", "bottom", "top", "right"):
            axes.spines[spine].set_visible(False)
        for position in x:
            axes.axvline(position, color="#DDDDDD", linewidth=0.6, zorder=0)
        axes.set_title(
            "Ranks under each weighting (1 = best); the largest movers in colour"
            if title is None
            else title,
            pad=22,
        )
        if isinstance(result, Comparison):
            method = (
                f"Rank shifts {result.reference_label} to {result.other_label}: Spearman "
                f"{result.spearman:.3f}, Kendall {result.kendall:.3f}"
            )
        else:
            method = f"Ranks under the weighting schemes {', '.join(result.schemes)}"
        method += "; small numbers: the largest move of each highlighted unit, in places"
        finish(fig, owned, source, method, note)
    return fig


def contributions(
    score: Score,
    *,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """Each unit's total as stacked bars of its weighted pillar contributions, sorted by total.

    Segment ``j`` of unit ``i`` is ``score.contributions[i, j]`` (``weight_j x
    index_ij``, points of the total; under the published weights, the sub-scores
    themselves), so each bar ends at the unit's total. Units run from the highest total
    at the top, ties in input order.

    Parameters
    ----------
    score : Score
        From :func:`idx.score`, with arithmetic aggregation (only then do the
        contributions add up to the total).
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("score", score, (Score,))
    if score.aggregation != "arithmetic":
        msg = (
            f"'score' must use arithmetic aggregation for stacked contributions (got "
            f"{score.aggregation!r}: its contributions do not add up to its totals)"
        )
        raise IdxError(msg)
    order = rank_order(score.ranks)
    n, m = score.contributions.shape
    y = np.arange(n)
    parts = np.asarray(score.contributions)[order]
    totals = np.asarray(score.totals)[order]
    with style():
        fig, axes, owned = new_axes(ax, (6.4, 1.8 + 0.17 * n))
        left = np.zeros(n)
        for j in range(m):
            axes.barh(
                y,
                parts[:, j],
                left=left,
                height=0.72,
                color=PALETTE[j % len(PALETTE)],
                edgecolor="white",
                linewidth=0.3,
                label=f"{pillar_label(score.pillars[j])} ({score.weights[j]:.0%})",
            )
            left = left + parts[:, j]
        for k in range(n):
            axes.annotate(
                f"{totals[k]:.2f}",
                (totals[k], k),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
            )
        axes.set_yticks(y, [f"{score.units[i]} ({score.ranks[i]})" for i in order])
        axes.set_ylim(n - 0.5, -0.5)
        axes.set_xlim(0.0, float(np.max(totals)) * 1.1)
        axes.set_xlabel("points of the total (each pillar's weight x its 0-100 index)")
        axes.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3, borderaxespad=0.2)
        axes.set_title(
            f"What each total is made of ({score.weights_label} weights; rank in brackets)"
            if title is None
            else title,
            pad=32,
        )
        finish(fig, owned, source, f"Totals under the {score.weights_label} weights", note)
    return fig
