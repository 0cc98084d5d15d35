"""Figures of the statistical audit: effective importance against weights, and correlations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from idx.audit import Audit
from idx.coherence import Correlations
from idx.main_effects import MainEffects
from idx.options import Correlation
from idx.plot._base import (
    ACCENT,
    MID,
    PALETTE,
    SourceLike,
    expect,
    finish,
    new_axes,
    pillar_label,
    style,
)
from idx.validation import one_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter

__all__ = ["SIGNIFICANCE", "correlations", "importance"]

#: Correlations whose two-sided p-value is at least this are written in grey.
SIGNIFICANCE = 0.05

# grey for a coefficient that is not significant
_GREY_TEXT = "#8A8A8A"
# light grey for the weights' bars: distinct from the main effects in colour and in grey print
_WEIGHT = "#BDBDBD"


def _percent() -> Formatter:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=0)


def importance(
    audit: Audit | MainEffects,
    *,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """Each pillar's share of the main effects on the total against its share of the weights.

    One row per pillar, in the system's order: a light bar for the pillar's share of the
    weights (``relative_weights``), a dark bar for its share of the nonparametric main
    effects (``relative_nonparametric``, the correlation ratio proper, which the flag
    uses), a diamond for its share of the linear ones (``relative_linear``), and a thin
    line under the weight bar over the shares that still count as "about its weight"
    (the weight share divided and multiplied by ``factor``). The ratio of the two shares
    is written at the right; a flagged pillar is named in red.

    Parameters
    ----------
    audit : Audit or MainEffects
        From :func:`idx.audit` (its ``importance``) or :func:`idx.main_effects`.
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    Paruolo, P., Saisana, M. and Saltelli, A. (2013). Ratings and rankings: voodoo or
    science? Journal of the Royal Statistical Society A 176(3), 609-634.
    """
    expect("audit", audit, (Audit, MainEffects))
    effects = audit.importance if isinstance(audit, Audit) else audit
    m = len(effects.pillars)
    y = np.arange(m)
    weights = effects.relative_weights
    nonparametric = effects.relative_nonparametric
    linear = effects.relative_linear
    ratio = effects.ratio
    flags = effects.flags
    with style():
        fig, axes, owned = new_axes(ax, (6.4, 1.7 + 0.55 * m))
        axes.barh(y - 0.19, weights, height=0.34, color=_WEIGHT, label="share of the weights")
        axes.hlines(
            y - 0.19,
            weights / effects.factor,
            weights * effects.factor,
            color=MID,
            linewidth=0.8,
            label=f"about its weight (within a factor {effects.factor:g})",
        )
        axes.barh(
            y + 0.19,
            nonparametric,
            height=0.34,
            color=PALETTE[0],
            label="share of the main effects (spline)",
        )
        axes.scatter(
            linear,
            y + 0.19,
            marker="D",
            s=14,
            facecolor="white",
            edgecolor="black",
            linewidth=0.7,
            zorder=3,
            label="share of the main effects (linear)",
        )
        axes.set_yticks(y, [pillar_label(p) for p in effects.pillars])
        for label, flagged in zip(axes.get_yticklabels(), flags, strict=True):
            if flagged:
                label.set_color(ACCENT)
        for j in range(m):
            axes.annotate(
                f"ratio {ratio[j]:.2f}" + (" (flagged)" if flags[j] else ""),
                (1.0, j),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color=ACCENT if flags[j] else "#333333",
            )
        axes.set_ylim(m - 0.5, -0.6)
        highest = np.nanmax(np.concatenate([weights * effects.factor, nonparametric, linear]))
        axes.set_xlim(0.0, float(highest) * 1.05)
        axes.xaxis.set_major_formatter(_percent())
        axes.set_xlabel("share of the total: of the weights, and of the pillars' main effects")
        axes.grid(axis="x", color="#EEEEEE", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, borderaxespad=0.2)
        axes.set_title(
            "Does each pillar count as much as its weight says?" if title is None else title,
            pad=30,
        )
        finish(
            fig,
            owned,
            source,
            f"Main effects Var(E[total | pillar]) / Var(total) over {effects.n_units} units "
            f"under the {effects.weights_label} weights, by a GCV smoothing spline and "
            f"linearly; ratio = spline share / weight share, flagged outside "
            f"[1/{effects.factor:g}, {effects.factor:g}]; divergence d_m "
            f"{effects.divergence:.3f} against {effects.reference} (Paruolo et al. 2013)",
            note,
        )
    return fig


def correlations(
    audit: Audit | Correlations,
    *,
    method: Correlation = "pearson",
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """Heatmap of the correlations among the pillars and with the total.

    Cell ``(a, b)`` is ``coefficients[method][a, b]`` over the pillars and the total
    (the last row and column), on a fixed -1 to 1 diverging scale, with the
    coefficient written in it; a coefficient whose two-sided p-value is at least
    :data:`SIGNIFICANCE` is written in grey. Outlined cells are the audit's flags:
    collinear pillar pairs (``|r|`` above the threshold) and pillars barely or
    negatively correlated with the total.

    Parameters
    ----------
    audit : Audit or Correlations
        From :func:`idx.audit` (its ``correlations``) or :func:`idx.correlations`.
    method : {"pearson", "spearman", "kendall"}
    ax, source, note, title
        As for :func:`idx.plot.rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    expect("audit", audit, (Audit, Correlations))
    corr = audit.correlations if isinstance(audit, Audit) else audit
    method = one_of("method", method, Correlation)
    r = np.asarray(corr.coefficients[method], dtype=np.float64)
    p = np.asarray(corr.p_values[method], dtype=np.float64)
    k = len(corr.variables)
    labels = [pillar_label(v) for v in corr.variables]
    flagged = [(corr.pillars.index(a), corr.pillars.index(b)) for a, b, _ in corr.collinear(method)]
    flagged += [(corr.pillars.index(a), k - 1) for a, _ in corr.weak(method)]
    cells = sorted({c for i, j in flagged for c in ((i, j), (j, i))})
    with style():
        fig, axes, owned = new_axes(ax, (5.6, 1.9 + 0.48 * k))
        image = axes.imshow(
            r,
            cmap="RdBu_r",
            vmin=-1.0,
            vmax=1.0,
            aspect="equal",
            interpolation="nearest",
            extent=(-0.5, k - 0.5, k - 0.5, -0.5),
        )
        for i in range(k):
            for j in range(k):
                significant = i == j or p[i, j] < SIGNIFICANCE
                axes.text(
                    j,
                    i,
                    f"{r[i, j]:.2f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=_GREY_TEXT
                    if not significant
                    else "white"
                    if abs(r[i, j]) > 0.7
                    else "#1A1A1A",
                )
        from matplotlib.patches import Rectangle

        legend = (
            f"flagged: collinear (|r| > {corr.collinear_threshold:g}), or weak "
            f"(< {corr.weak_threshold:g}) or negative with the total"
        )
        for n, (i, j) in enumerate(cells):
            axes.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1.0,
                    1.0,
                    facecolor="none",
                    edgecolor="black",
                    linewidth=1.5,
                    gid=f"flagged-{n}",
                    label=legend if n == 0 else "_flagged",
                )
            )
        axes.set_xticks(np.arange(k), labels, rotation=35, ha="right", rotation_mode="anchor")
        axes.set_yticks(np.arange(k), labels)
        axes.set_xlim(-0.5, k - 0.5)
        axes.set_ylim(k - 0.5, -0.5)
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(True)
        name = {
            "pearson": "Pearson's r",
            "spearman": "Spearman's rho",
            "kendall": "Kendall's tau-b",
        }
        bar = fig.colorbar(image, ax=axes, shrink=0.7, pad=0.02)
        bar.set_label(f"correlation ({name[method]}, -1 to 1)")
        if cells:
            axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2)
        axes.set_title(
            "How the pillars move together, and with the total" if title is None else title,
            pad=20,
        )
        finish(
            fig,
            owned,
            source,
            f"{name[method]} over the units' 0-100 pillar indices and the published total "
            f"(which contains each pillar); grey numbers: p >= {SIGNIFICANCE:g} (two-sided)",
            note,
        )
    return fig
