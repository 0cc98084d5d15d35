"""Figures of rank distributions: each unit's rank interval, and the acceptability heatmap."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from idx.errors import IdxError
from idx.plot._base import (
    ACCENT,
    FAINT,
    PALETTE,
    SourceLike,
    expect,
    finish,
    new_axes,
    style,
)
from idx.results import rank_order
from idx.sensitivity.montecarlo import MonteCarloRanks
from idx.sensitivity.rank_range import RankRange
from idx.sensitivity.smaa import SMAAResult
from idx.validation import finite_number

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["acceptability", "rank_uncertainty"]


def _unit_height(n_units: int) -> float:
    # about 0.17 inch per unit row, plus room for the title, axis and legend
    return 1.6 + 0.17 * n_units


def _same_units(name: str, units: tuple[str, ...], reference: tuple[str, ...]) -> None:
    if units != reference:
        msg = f"'{name}' must cover the same units, in the same order, as 'mc' (it does not)"
        raise IdxError(msg)


def rank_uncertainty(
    mc: MonteCarloRanks,
    exact: RankRange | None = None,
    *,
    interval: tuple[float, float] = (5.0, 95.0),
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """Each unit's median rank and Monte Carlo interval, and its exact best-worst range.

    One row per unit, ordered by base rank (best at the top). Ranks are whole
    numbers, so an interval from rank a to rank b is drawn as the cells a..b
    (from ``a - 0.5`` to ``b + 0.5``): a unit whose rank never moves still shows one
    cell. Drawn from the results as given, nothing recomputed:

    - a wide faint bar: ``exact.best`` to ``exact.worst``, the best and worst rank
      attainable anywhere in the weight space (:func:`idx.sensitivity.rank_range`);
    - a narrow dark bar: the ``interval`` percentiles of the sampled ranks
      (:meth:`MonteCarloRanks.percentile`, exact from the counts);
    - a white dot: the median rank; a red tick: the rank at the base weights.

    Parameters
    ----------
    mc : MonteCarloRanks
        From :func:`idx.sensitivity.monte_carlo`.
    exact : RankRange, optional
        From :func:`idx.sensitivity.rank_range` over the same units (ideally the
        same space: the sampled interval then lies within the exact range).
    interval : (float, float)
        Lower and upper percentile of the sampled interval (default 5 and 95).
    ax : matplotlib Axes, optional
        Draw into these axes; by default a new figure is made.
    source : Edition or str, optional
        The data's source, for the source line (an edition's ``source`` is used).
    note : str, optional
        Appended to the source line (e.g. the weight space).
    title : str, optional
        Replaces the default title; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    The median with a 5-95% bar is the uncertainty plot of the JRC audits of composite
    indicators (Saisana, Saltelli and Tarantola 2005, "Uncertainty and sensitivity
    analysis techniques as tools for the quality assessment of composite indicators",
    J. R. Stat. Soc. A 168(2), 307-323; COINr's ``plot_uncertainty``).
    """
    expect("mc", mc, (MonteCarloRanks,))
    if exact is not None:
        expect("exact", exact, (RankRange,))
        _same_units("exact", exact.units, mc.units)
    if len(interval) != 2:
        msg = f"'interval' must be two percentiles, low and high (got {interval!r})"
        raise IdxError(msg)
    low_q = finite_number("interval[0]", interval[0], low=0.0, high=100.0)
    high_q = finite_number("interval[1]", interval[1], low=low_q, high=100.0)
    order = rank_order(mc.base_ranks)
    n = len(mc.units)
    y = np.arange(n)
    low = mc.percentile(low_q)[order]
    high = mc.percentile(high_q)[order]
    median = mc.median[order]
    base = mc.base_ranks[order]
    with style():
        fig, axes, owned = new_axes(ax, (6.4, _unit_height(n)))
        if exact is not None:
            best = exact.best[order]
            worst = exact.worst[order]
            axes.barh(
                y,
                worst - best + 1,
                left=best - 0.5,
                height=0.8,
                color=FAINT,
                label="exact best to worst rank (rank_range)",
            )
        axes.barh(
            y,
            high - low + 1,
            left=low - 0.5,
            height=0.38,
            color=PALETTE[0],
            label=f"Monte Carlo {low_q:g}th to {high_q:g}th percentile",
        )
        axes.scatter(
            median,
            y,
            s=16,
            facecolor="white",
            edgecolor="black",
            linewidth=0.8,
            zorder=3,
            label="median rank",
        )
        axes.scatter(
            base, y, marker="|", s=90, color=ACCENT, linewidth=1.6, zorder=4, label="base rank"
        )
        axes.set_yticks(y, [mc.units[i] for i in order])
        axes.set_ylim(n - 0.5, -0.5)
        axes.set_xlim(0.5, n + 0.5)
        ticks = [1, *range(5, n + 1, 5)] if n >= 5 else list(range(1, n + 1))
        axes.set_xticks(ticks)
        axes.set_xlabel("rank (1 = best)")
        axes.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, borderaxespad=0.2)
        axes.set_title(
            (
                "How far each rank moves as the weights vary"
                if mc.inputs == ("weights",)
                else f"How far each rank moves as the {_varied(mc)} vary"
            )
            if title is None
            else title,
            pad=34,
        )
        method = _scenarios(mc)
        if exact is not None:
            method += "; exact range: MILP over the whole weight space"
            if mc.inputs != ("weights",):
                method += " (the weights alone)"
        finish(fig, owned, source, method, note)
    return fig


def acceptability(
    result: MonteCarloRanks | SMAAResult,
    *,
    ax: Axes | None = None,
    source: SourceLike = None,
    note: str | None = None,
    title: str | None = None,
) -> Figure:
    """Rank acceptability heatmap: the share of weight scenarios giving each unit each rank.

    Rows are units by base rank (best at the top), columns ranks 1..n; the cell
    ``(unit i, rank r)`` shows ``result.acceptability[i, r - 1]`` on a fixed 0-1
    scale, so figures of different runs compare. An outlined cell marks each unit's
    base rank.

    Parameters
    ----------
    result : MonteCarloRanks or SMAAResult
        From :func:`idx.sensitivity.monte_carlo` or :func:`idx.sensitivity.smaa`.
    ax, source, note, title
        As for :func:`rank_uncertainty`.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    Lahdelma, R. and Salminen, P. (2001). SMAA-2: Stochastic multicriteria
    acceptability analysis for group decision making. Operations Research 49(3), 444-454.
    """
    expect("result", result, (MonteCarloRanks, SMAAResult))
    order = rank_order(result.base_ranks)
    n = len(result.units)
    shares = np.asarray(result.acceptability)[order]
    base = result.base_ranks[order]
    with style():
        fig, axes, owned = new_axes(ax, (7.0, _unit_height(n)))
        image = axes.imshow(
            shares,
            cmap="Blues",
            vmin=0.0,
            vmax=1.0,
            aspect="auto",
            interpolation="nearest",
            extent=(0.5, shares.shape[1] + 0.5, n - 0.5, -0.5),
        )
        axes.scatter(
            base,
            np.arange(n),
            marker="s",
            s=30,
            facecolor="none",
            edgecolor=ACCENT,
            linewidth=0.9,
            label="base rank",
        )
        axes.set_yticks(np.arange(n), [result.units[i] for i in order])
        ticks = [1, *range(5, shares.shape[1] + 1, 5)] if shares.shape[1] >= 5 else None
        if ticks:
            axes.set_xticks(ticks)
        axes.set_xlabel("rank (1 = best)")
        for spine in ("top", "right"):
            axes.spines[spine].set_visible(True)
        bar = fig.colorbar(image, ax=axes, shrink=0.6, pad=0.02)
        bar.set_label("share of weight scenarios with this rank")
        axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2)
        axes.set_title(
            "Rank acceptability: how often each unit takes each rank" if title is None else title,
            pad=18,
        )
        if isinstance(result, MonteCarloRanks):
            method = _scenarios(result)
        else:
            method = f"SMAA-2: {result.n:,} weight scenarios"
        finish(fig, owned, source, method, note)
    return fig


def _scenarios(mc: MonteCarloRanks) -> str:
    """How a Monte Carlo result was drawn, for the source line: the weights' sampler,
    and what else varied (an :class:`idx.Uncertainty`)."""
    if mc.inputs == ("weights",):
        return f"Monte Carlo: {mc.n:,} weight scenarios, {mc.sampler} sampler"
    sampler = "" if mc.sampler == "none" else f", {mc.sampler} sampler for the weights"
    return f"Monte Carlo: {mc.n:,} scenarios varying {', '.join(mc.inputs)}{sampler}"


def _varied(mc: MonteCarloRanks) -> str:
    """``weights and rounding``, ``weights, rounding and noise``: the varied inputs."""
    names = list(mc.inputs)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
