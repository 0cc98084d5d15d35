"""The figure of improvement targets: the index gains that lift a unit to a rank."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

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
from idx.targets import Improvement, ordinal

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["targets"]


def _finite(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """NaN (infeasible) drawn as no bar: width 0."""
    out: NDArray[np.float64] = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    return out


def targets(
    result: Improvement,
    *,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """The index gains a unit needs to reach a rank: per pillar alone, and combined.

    One row per chosen pillar, in index points on the pillar's 0-100 scale:

    - a bar in the pillar's colour: the gain on that pillar alone at the fixed weights
      (``result.index_gain``), its value written beside it;
    - a faint bar behind it: the room left below 100 (``100 - result.index``), drawn
      where it matters, that is whenever it ends within the axis; a pillar whose room is
      too small is written "infeasible: needs 112.4 on a 0-100 index";
    - when the result has them, a black diamond: the gain on that pillar alone after
      which the unit's *worst* rank over the weight space reaches the rank
      (``result.robust``), and a black triangle: the gain that reaches it with the
      result's probability over sampled weights (``result.probable``).

    Below them, one row per combination, stacked in the pillars' colours: the cheapest
    combination at the fixed weights (``result.combined``), the cheapest robust one
    (``result.robust_combined``) and the probable one along the cheapest mix
    (``result.probable_combined``), when computed. A unit that already ranks there
    gets no bars, and the title says so.

    Parameters
    ----------
    result : Improvement
        From :func:`idx.improvement`.
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("result", result, (Improvement,))
    pillars = result.pillars
    m = len(pillars)
    gain = np.asarray(result.index_gain, dtype=np.float64)
    room = 100.0 - np.asarray(result.index, dtype=np.float64)
    robust, probable = result.robust, result.probable
    level = None if result.probable_combined is None else result.probable_combined.probability
    robust_gain = None if robust is None else np.array([r.gain for r in robust])
    probable_gain = None if probable is None else np.array([p.gain for p in probable])
    # each sense of "reaching the rank": its column header, the gain per pillar alone,
    # and its combination row (label, gains per pillar)
    senses: list[tuple[str, NDArray[np.float64], str, NDArray[np.float64]]] = [
        ("fixed", gain, "cheapest combination", np.asarray(result.combined.gains))
    ]
    if probable_gain is not None and result.probable_combined is not None:
        senses.append(
            (
                f"p {level:g}",
                probable_gain,
                f"combination, probability {level:g}",
                np.asarray(result.probable_combined.gains),
            )
        )
    if robust_gain is not None and result.robust_combined is not None:
        senses.append(
            ("robust", robust_gain, "robust combination", np.asarray(result.robust_combined.gains))
        )
    combos = [(label, gains) for _, _, label, gains in senses]
    # the axis spans every finite gain drawn, and the room of the pillars that run out of it
    drawn = [values for _, values, _, _ in senses] + [g.sum(keepdims=True) for _, g in combos]
    finite = np.concatenate([d[np.isfinite(d)] for d in drawn] + [room[~result.feasible]])
    right = max(float(finite.max()) if finite.size else 0.0, 1.0) * 1.18
    n_rows = m + len(combos)
    y = np.arange(m)
    colours = [PALETTE[j % len(PALETTE)] for j in range(m)]
    with style():
        fig, axes, owned = new_axes(ax, (6.0 + 0.5 * len(senses), 1.9 + 0.42 * n_rows))
        legend: list[Any] = [axes.barh(y, room, height=0.62, color=FAINT, label="room below 100")]
        legend.append(
            axes.barh(
                y,
                _finite(gain),
                height=0.42,
                color=colours,
                label="this pillar alone, fixed weights",
            )
        )
        for j in range(m):
            if not result.feasible[j]:
                # inside the room bar, which ends short of what the pillar needs
                axes.annotate(
                    f"needs {result.needed_index[j]:.1f}: infeasible",
                    (min(room[j], right), j),
                    xytext=(-3, 0),
                    textcoords="offset points",
                    ha="right",
                    va="center",
                    fontsize=6.5,
                )
        if probable_gain is not None:
            legend.append(
                axes.scatter(
                    probable_gain,
                    y,
                    marker="^",
                    s=22,
                    color="black",
                    zorder=3,
                    label=f"this pillar alone, probability {level:g}",
                )
            )
        if robust_gain is not None:
            legend.append(
                axes.scatter(
                    robust_gain,
                    y,
                    marker="D",
                    s=18,
                    color="black",
                    zorder=3,
                    label="this pillar alone, every admissible weight",
                )
            )
        combo_rows = [m + k + 0.3 for k in range(len(combos))]
        for row, (name, gains) in zip(combo_rows, combos, strict=True):
            left = 0.0
            for j in range(m):
                g = 0.0 if math.isnan(gains[j]) else float(gains[j])
                axes.barh(
                    [row], [g], left=[left], height=0.42, color=colours[j],
                    label=f"_{name}: {pillars[j]}",
                )  # fmt: skip
                left += g
            feasible = not np.isnan(gains).any()
            mix = ", ".join(
                f"{pillar_label(p)} +{g:.2f}" for p, g in zip(pillars, gains, strict=True) if g > 0
            )
            # under the bar, from the axis: a long mix never runs into the table
            axes.annotate(
                (mix or "none needed") if feasible else "infeasible",
                (0.0, row + 0.24),
                xytext=(1, -1),
                textcoords="offset points",
                va="top",
                fontsize=6,
                color="#333333",
            )
        # the gains as numbers, a small table at the right: one column per sense
        for c, (header, values, _, combined) in enumerate(senses):
            dx = 6 + 34 * c
            axes.annotate(
                header,
                (1.0, -0.6),
                xycoords=("axes fraction", "data"),
                xytext=(dx, 2),
                textcoords="offset points",
                va="bottom",
                fontsize=6.5,
                fontweight="bold",
            )
            cells = [(float(v), float(j)) for j, v in enumerate(values)]
            cells.append((float(np.sum(combined)), combo_rows[c]))
            for r, (value, row) in enumerate(cells):
                axes.annotate(
                    "-" if math.isnan(value) else f"{value:.2f}",
                    (1.0, row),
                    xycoords=("axes fraction", "data"),
                    xytext=(dx, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=6.5,
                    gid=f"gain-{c}-{r}",  # unique: an SVG writes gids as ids
                )
        rows = [*y, *combo_rows]
        axes.set_yticks(rows, [pillar_label(p) for p in pillars] + [c[0] for c in combos])
        axes.axhline(m - 0.35, color="#BBBBBB", linewidth=0.6)
        axes.set_ylim(m + len(combos) + 0.1, -0.6)
        axes.set_xlim(0.0, right)
        axes.set_xlabel("index points to gain (on the pillar's 0-100 index)")
        axes.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(
            handles=legend,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=2,
            borderaxespad=0.2,
        )
        default = (
            f"{result.unit} already ranks {ordinal(result.base_rank)}: no gain needed for "
            f"{ordinal(result.rank)}"
            if result.already
            else f"What it takes to lift {result.unit} from {ordinal(result.base_rank)} to "
            f"{ordinal(result.rank)}"
        )
        axes.set_title(default if title is None else title, pad=18 + 11 * ((len(senses) + 1) // 2))
        bar = f"{result.target_unit}'s total {result.bar:.2f}" if result.target_unit else ""
        method = (
            f"Rank {result.rank} or better under idx's tie rule"
            + (f" (the bar: {bar})" if bar else "")
            + "; at fixed weights: closed form per pillar, cheapest combination by LP with "
            "every index capped at 100"
        )
        if robust is not None:
            method += (
                "; robust: the smallest gain after which the worst rank over the weight "
                "space reaches the rank (MILP, certified)"
            )
        if result.probable_combined is not None:
            pc = result.probable_combined
            seed = f", seed {pc.seed}" if pc.seed is not None else ""
            method += (
                f"; probable: P(rank <= {result.rank}) >= {pc.probability:g} over {pc.n:,} "
                f"sampled weights ({pc.sampler} sampler{seed})"
            )
        finish(fig, owned, source, method, note)
    return fig
