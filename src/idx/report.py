"""One self-contained HTML report of an edition: its data, its ranking, and how far each rank holds.

:func:`report` runs the analyses (verification, scoring, weighting schemes, stability,
exact rank ranges, Monte Carlo, leave-one-out, Sobol, ranking-level importance, the
statistical audit, and each requested unit's profile and targets), draws their figures with
:mod:`idx.plot`, and returns a :class:`Report` holding the page as text and every
table as a DataFrame. Nothing is written here: the command line (``idx report``)
writes the page, and the tables as CSV with ``--tables``.

The page needs nothing from elsewhere: figures are inline SVG with their glyphs as
paths (no fonts), the stylesheet is inline (with a print stylesheet), there are no
scripts, and no web address appears anywhere. It is the same, byte for byte, for the
same edition, options and seed (SVG ids are salted with a fixed text, and no date is
written).

Sections are built by one function each, listed in :data:`SECTIONS` order, then one
section per requested unit: its profile (:func:`idx.profile`) and what it would take
to climb one place (:func:`idx.improvement`, at the published weights, robustly over
the weight space and with probability :data:`CLIMB_PROBABILITY`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from idx import __version__, plot
from idx.audit import Audit, audit
from idx.comparison import SchemeComparison, compare_schemes
from idx.edition import Edition
from idx.errors import SpaceError
from idx.options import Sampler, SpaceMode
from idx.plot._base import require_matplotlib
from idx.results import Result, rank_order
from idx.scoring import Score, score
from idx.sensitivity import (
    LeaveOneOut,
    MonteCarloRanks,
    PillarImportance,
    RankPath,
    RankRange,
    SobolIndices,
    StabilityIntervals,
    importance,
    leave_one_out,
    monte_carlo,
    rank_path,
    rank_range,
    sobol,
    stability_intervals,
)
from idx.space import WeightSpace
from idx.targets import DEFAULT_SAMPLES, Improvement, improvement, ordinal
from idx.uncertainty import Uncertainty
from idx.unit_profile import Profile, profile
from idx.validation import finite_number, positive_int, unique
from idx.verification import Verification, verify
from idx.weight_spec import resolve_pillars

__all__ = ["CLIMB_PROBABILITY", "DEFAULT_SCHEMES", "SECTIONS", "Report", "report"]

#: Weighting schemes the report compares with the published weights.
DEFAULT_SCHEMES = ("published", "equal", "entropy", "critic")

#: A unit's section gives the gains that lift it one place with this probability over
#: the sampled weights (besides at the published weights and at every admissible one).
CLIMB_PROBABILITY = 0.9

#: Top-k probabilities shown per unit.
_TOP_K = (1, 3, 10)


@dataclass(frozen=True, eq=False, repr=False)
class Report(Result):
    """An HTML report and the tables in it.

    Attributes
    ----------
    html : str
        The whole page, self-contained.
    sections : tuple of (str, str)
        ``(id, title)`` of each section, in order; ``id`` is the section's HTML id.
    figures : tuple of str
        HTML ids of the figures, in order.
    tables : mapping of str to DataFrame
        Every table shown (and some shown only in part), by name; ``idx report
        --tables`` writes each as ``<stem>_<name>.csv``.
    seed : int
        The seed of the Monte Carlo and Sobol runs (drawn when none was given).
    """

    html: str
    sections: tuple[tuple[str, str], ...]
    figures: tuple[str, ...]
    tables: Mapping[str, pd.DataFrame]
    seed: int

    def _describe(self) -> str:
        return (
            f"{len(self.sections)} sections, {len(self.figures)} figures, "
            f"{len(self.tables)} tables, seed {self.seed}, {len(self.html):,} characters"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per section: id and title."""
        table: pd.DataFrame = pd.DataFrame(list(self.sections), columns=["id", "title"])
        return table


@dataclass(frozen=True)
class _Inputs:
    """Everything the sections draw from, computed once."""

    edition: Edition
    space: WeightSpace
    spread: float
    bounded: tuple[str, ...]
    sobol_space: WeightSpace
    seed: int
    verification: Verification
    base: Score
    schemes: SchemeComparison
    stability: StabilityIntervals
    ranges: RankRange
    mc: MonteCarloRanks
    loo: LeaveOneOut
    sobol: SobolIndices
    sources: SobolIndices | None
    paths: Mapping[str, RankPath]
    importance: PillarImportance
    audit: Audit
    units: tuple[int, ...]
    profiles: Mapping[int, Profile]
    climbs: Mapping[int, Improvement | None]


@dataclass
class _Page:
    """The page as it is built: sections, figures and tables, in order."""

    sections: list[tuple[str, str, str]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def figure(self, name: str, fig: Any, caption: str) -> str:
        fid = f"fig-{name}"
        self.figures.append(fid)
        number = len(self.figures)
        svg = plot.svg_text(fig, fid)
        return (
            f'<figure id="{fid}">\n{svg}<figcaption><strong>Figure {number}.</strong> '
            f"{_esc(caption)}</figcaption>\n</figure>\n"
        )

    def table(
        self,
        name: str,
        frame: pd.DataFrame,
        caption: str,
        formats: Mapping[str, str] | None = None,
        show: pd.DataFrame | None = None,
    ) -> str:
        """Keep ``frame`` as table ``name`` and render ``show`` (default ``frame``)."""
        self.tables[name] = frame
        return _html_table(frame if show is None else show, caption, formats or {})


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _p(*sentences: str) -> str:
    return "<p>" + _esc(" ".join(s for s in sentences if s)) + "</p>\n"


def _cell(value: object, spec: str | None) -> tuple[str, bool]:
    """Text of one cell and whether it is a number (right-aligned)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "", True
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}" if spec is None else format(int(value), spec), True
    if isinstance(value, (float, np.floating)):
        return format(float(value), spec or ".4g"), True
    return str(value), False


def _html_table(frame: pd.DataFrame, caption: str, formats: Mapping[str, str]) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text, number = _cell(value, formats.get(str(column)))
            cells.append(
                f'<td class="num">{_esc(text)}</td>' if number else f"<td>{_esc(text)}</td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "\n".join(rows)
    return (
        f"<table>\n<caption>{_esc(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>\n"
    )


def _space_text(x: _Inputs) -> str:
    space = x.space
    fixed = [
        p for p, lo, hi in zip(space.pillars, space.lower, space.upper, strict=True) if lo == hi
    ]
    held = f", with {', '.join(fixed)} held at the published weight" if fixed else ""
    within = f"within {x.spread * 100:g}% of its published value"
    what = "factor" if space.mode == "factors" else "weight"
    ranges = [
        f"{p}'s {what} between {space.lower[j]:.4g} and {space.upper[j]:.4g}"
        for p in x.bounded
        for j in [space.pillars.index(p)]
    ]
    if ranges:
        within += f" ({'; '.join(ranges)})"
    if space.mode == "factors":
        return (
            f"every weight drawn independently {within} and the vector rescaled to sum to 1 "
            f"(the JRC audit convention){held}"
        )
    return f"every weight {within}, the weights summing to 1{held}"


# ---------------------------------------------------------------- sections


def _data_section(page: _Page, x: _Inputs) -> str:
    e, v = x.edition, x.verification
    pillars = pd.DataFrame(
        {
            "pillar": [p.id for p in e.system.pillars],
            "name": [p.name for p in e.system.pillars],
            "weight": [p.weight for p in e.system.pillars],
            "weight_status": [p.weight_status for p in e.system.pillars],
        }
    )
    year = f" for {e.year}" if e.year is not None else ""
    parts = [
        _p(
            f"{e.n_units} units{year}, scored on {len(e.system)} weighted pillars.",
            f"Source: {e.source}." if e.source else "",
            f"Figures are printed to {e.decimals} decimals." if e.decimals is not None else "",
        ),
        page.table("pillars", pillars, "The pillars and their weights.", {"weight": ".0%"}),
        "<h3>What verification found</h3>\n",
        _p(
            "Every printed total is compared with the sum of the printed sub-scores, within "
            "what the printed rounding allows, and every printed rank with the order of the "
            "totals (idx verify)."
        ),
        "<ul>\n"
        + "".join(f"<li>{_esc(line)}</li>\n" for line in v.summary().splitlines() if line)
        + "</ul>\n",
    ]
    frame = v.to_frame()
    flagged = frame[
        (frame["reported_rank"] != frame["recomputed_rank"])
        | (frame["ambiguous_with"] != "")
        | (frame["confirmed_by_totals_with"] != "")
    ]
    shown = flagged[
        ["unit", "reported_rank", "recomputed_rank", "reported_total", "recomputed_total"]
    ]
    parts.append(
        page.table(
            "verification",
            frame,
            "Units whose printed rank or order the verification flags (all units in the CSV).",
            {"reported_total": ".2f", "recomputed_total": ".2f"},
            show=shown,
        )
        if len(flagged)
        else _p("No unit is flagged.")
    )
    return "".join(parts)


def _ranking_section(page: _Page, x: _Inputs) -> str:
    e, base, sc = x.edition, x.base, x.schemes
    order = rank_order(base.ranks)
    ranking = base.to_frame()
    if e.reported_ranks is not None:
        ranking.insert(1, "reported_rank", np.asarray(e.reported_ranks)[order])
    parts = [
        _p(
            "Each total is the sum of the pillars' weighted contributions (each weight times "
            "the pillar's 0-100 index); under the published weights these are the printed "
            "sub-scores, and ranks are recomputed from them with idx's one tie rule."
        ),
        page.figure(
            "contributions",
            plot.contributions(base, source=e),
            "Each unit's total as its pillar contributions, highest total first.",
        ),
        page.table(
            "ranking",
            ranking,
            "The ranking under the published weights.",
            {p: ".2f" for p in e.pillars} | {"total": ".2f"},
        ),
        "<h3>Other weighting schemes</h3>\n",
    ]
    movers = plot.movers(sc, 5)
    moved = int((sc.largest_shift > 0).sum())
    parts.append(
        _p(
            f"The same pillar indices weighted by {', '.join(sc.schemes[1:])} "
            f"(computed from the data; idx.schemes). {moved} of {len(sc.units)} units change rank "
            f"under at least one scheme; those moving most: "
            + ", ".join(f"{sc.units[i]} ({int(sc.largest_shift[i])} places)" for i in movers)
            + "."
        )
    )
    parts.append(
        page.figure(
            "shifts",
            plot.shifts(sc, source=e),
            f"Ranks under {', '.join(sc.schemes)}; the five largest movers in colour.",
        )
    )
    weights = sc.weights_frame().reset_index()
    parts.append(
        page.table(
            "scheme_weights",
            weights,
            "The weights of each scheme.",
            {p: ".3f" for p in sc.pillars},
        )
    )
    correlations = sc.correlations("spearman").reset_index()
    parts.append(
        page.table(
            "scheme_correlations",
            correlations,
            "Spearman's rank correlation between the schemes' rankings.",
            {s: ".3f" for s in sc.schemes},
        )
    )
    page.tables["scheme_ranks"] = sc.to_frame()
    return "".join(parts)


def _robustness_section(page: _Page, x: _Inputs) -> str:
    e, st, rr, mc = x.edition, x.stability, x.ranges, x.mc
    narrowest = min(st.intervals, key=lambda s: s.width)
    parts = [
        "<h3>Stability: how far one weight can move</h3>\n",
        _p(
            "For each pillar, the open interval of its weight (the others rescaled in "
            "proportion) over which every rank holds, exact. The narrowest is "
            f"{narrowest.pillar}: from {narrowest.lower:.2%} to {narrowest.upper:.2%} around "
            f"{narrowest.weight:.0%}."
        ),
        page.figure(
            "stability",
            plot.stability(st, source=e),
            "Per pillar, the weights that keep every rank, as the change from the published "
            "weight, and the pair that ties first at each end.",
        ),
        page.table(
            "stability",
            st.to_frame(),
            "Stability intervals of each pillar's weight.",
            {"weight": ".4f", "lower": ".4f", "upper": ".4f", "width": ".4f"},
        ),
    ]
    if st.ties:
        parts.append(
            page.table(
                "stability_ties",
                st.ties_frame(),
                "Pairs tied at the published weights, and who leads as each weight rises or falls.",
                {"raised_above": ".4f", "lowered_below": ".4f"},
            )
        )
    for pillar, path in x.paths.items():
        weight = float(path.base_weights[path.pillar_position])
        window = (max(0.0, weight - 0.1), min(1.0, weight + 0.1))
        parts.append(
            page.figure(
                f"path-{pillar}",
                plot.rank_path(path, window=window, source=e),
                f"Ranks as the {pillar.replace('_', ' ')} weight moves from "
                f"{window[0]:.0%} to {window[1]:.0%}: the units that change rank first on "
                "either side of the published weight.",
            )
        )
    space_text = _space_text(x)
    width = rr.worst - rr.best
    fixed_units = int((width == 0).sum())
    widest = int(np.argmax(width))
    low, high = mc.percentile(5.0), mc.percentile(95.0)
    parts += [
        "<h3>Exact ranges and Monte Carlo</h3>\n",
        _p(
            f"Weights: {space_text}.",
            f"Over all such weights, {fixed_units} of {len(rr.units)} units keep one rank; "
            f"the widest range is {rr.units[widest]}'s, from {int(rr.best[widest])} to "
            f"{int(rr.worst[widest])} (exact, by mixed-integer programming, with certifying "
            f"weights). {mc.n:,} sampled weight vectors ({mc.sampler} sampler, seed {x.seed}) "
            "show how likely each rank is within that range.",
        ),
        page.figure(
            "rank-uncertainty",
            plot.rank_uncertainty(mc, rr, source=e, note=f"Weights: {space_text}"),
            "Each unit's median rank and 5th-95th percentile over the sampled weights, "
            "within its exact best and worst rank.",
        ),
    ]
    ranks = pd.DataFrame(
        {
            "unit": mc.units,
            "base_rank": mc.base_ranks,
            "best": rr.best,
            "worst": rr.worst,
            "median": mc.median,
            "p5": low,
            "p95": high,
            **{f"p_top{k}": mc.probability_top(k) for k in _TOP_K if k <= len(mc.units)},
        }
    ).iloc[rank_order(mc.base_ranks)]
    parts.append(
        page.table(
            "rank_uncertainty",
            ranks.reset_index(drop=True),
            "Exact best and worst rank, and the Monte Carlo median, 5th and 95th percentile "
            "and probability of ranking in the top k.",
            {f"p_top{k}": ".3f" for k in _TOP_K},
        )
    )
    parts.append(
        page.figure(
            "acceptability",
            plot.acceptability(mc, source=e, note=f"Weights: {space_text}"),
            "How often each unit takes each rank over the sampled weights.",
        )
    )
    page.tables["acceptability"] = mc.acceptability_frame()
    loo = x.loo
    wide = pd.DataFrame(
        {"unit": loo.units, "base_rank": loo.base_ranks}
        | {f"without_{p}": loo.ranks[:, j] for j, p in enumerate(loo.pillars)}
    ).iloc[rank_order(loo.base_ranks)]
    parts += [
        "<h3>Leaving one pillar out</h3>\n",
        page.table(
            "leave_one_out",
            wide.reset_index(drop=True),
            "Ranks with each pillar dropped and the other weights rescaled in proportion.",
        ),
    ]
    so = x.sobol
    bars = plot.sobol_bars(so)
    sobol_note = (
        ""
        if x.sobol_space is x.space
        else " Sobol indices need independent inputs, so they use the factors convention "
        + (
            "with the same spread and bounds (on the factors)."
            if x.bounded
            else "with the same spread."
        )
    )
    parts += [
        "<h3>Which weights drive the ranks (Sobol)</h3>\n",
        _p(
            "First-order and total Sobol indices of each unit's rank to each pillar's weight "
            f"factor ({so.n:,} base samples, seed {x.seed}); for the ranking, the mean over the "
            f"{bars.n_units} units whose rank varied.",
            sobol_note,
        ),
        page.figure(
            "sobol",
            plot.sobol(so, source=e),
            "Mean first-order and total Sobol indices of the units' ranks, per pillar weight.",
        ),
        page.table(
            "sobol_ranking",
            pd.DataFrame(
                {
                    "pillar": bars.factors,
                    "S1_mean": bars.first,
                    "ST_mean": bars.total,
                    "ST_low_mean": bars.total_low,
                    "ST_high_mean": bars.total_high,
                }
            ),
            "Ranking-level Sobol indices (every unit's indices are in the CSV).",
            {c: ".3f" for c in ("S1_mean", "ST_mean", "ST_low_mean", "ST_high_mean")},
        ),
    ]
    page.tables["sobol"] = so.to_frame()
    parts += _sources_part(page, x)
    parts += _importance_part(page, x)
    return "".join(parts)


def _sources_part(page: _Page, x: _Inputs) -> list[str]:
    """Weights or rounding: Sobol indices of the two as factor groups."""
    e, grouped = x.edition, x.sources
    heading = "<h3>Weights or rounding?</h3>\n"
    if grouped is None:
        return [
            heading,
            _p(
                "The precision of the printed figures is not known for this edition, so "
                "the share of the rank uncertainty that their rounding leaves open is not "
                "computed (read the data with decimals= to have it)."
            ),
        ]
    half = 0.5 * 10.0 ** -(e.decimals or 0)
    order = rank_order(grouped.base_ranks)
    moving = ~grouped.constant[0]
    w, r = grouped.factors.index("weights"), grouped.factors.index("rounding")
    table = pd.DataFrame(
        {
            "unit": np.asarray(grouped.units, dtype=object)[order],
            "base_rank": grouped.base_ranks[order],
            "ST_weights": grouped.total[0, order, w],
            "ST_rounding": grouped.total[0, order, r],
            "ST_rounding_low": grouped.total_low[0, order, r],
            "ST_rounding_high": grouped.total_high[0, order, r],
        }
    )[moving[order]]
    top = table.sort_values("ST_rounding", ascending=False, kind="stable").iloc[0]
    return [
        heading,
        _p(
            "The same Sobol analysis with two factor groups: all the weights together, and "
            f"the rounding of every printed sub-score (each drawn within +/-{half:g} of its "
            f"printed value). Averaged over the {int(moving.sum())} units whose rank varied, "
            f"the weights' total index is {grouped.total[0, moving, w].mean():.3f} and the "
            f"rounding's {grouped.total[0, moving, r].mean():.3f}; the rounding matters most "
            f"for {top['unit']} ({top['ST_rounding']:.3f}). A rounding "
            "index near 0 means the published precision settles the rank as far as the "
            "weights leave it settled."
        ),
        page.figure(
            "sources",
            plot.sobol(grouped, source=e),
            "Mean first-order and total Sobol indices of the units' ranks: weights against "
            "rounding.",
        ),
        page.table(
            "sobol_sources",
            table.reset_index(drop=True),
            "Total Sobol indices of each unit's rank, weights against rounding (units whose "
            "rank varied).",
            {c: ".3f" for c in table.columns if c.startswith("ST_")},
        ),
    ]


def _and(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _importance_part(page: _Page, x: _Inputs) -> list[str]:
    imp = x.importance
    frame = imp.to_frame()
    most = imp.most_important
    names = {
        "leave_one_out": "dropping it",
        "plus_minus": f"moving its weight by +/-{imp.shift:.0%}",
        "sobol_total": "its total Sobol index",
    }
    verdicts: dict[str, list[str]] = {}
    for measure, pillar in most.items():
        verdicts.setdefault(pillar, []).append(names[measure])
    said = "; ".join(f"{p}, by {_and(v)}" for p, v in verdicts.items())
    interval = imp.sobol_total_interval
    shown = pd.DataFrame(
        {
            "pillar": frame["pillar"],
            "weight": frame["weight"],
            "dropped: mean |shift|": frame["loo_mean_abs_shift"],
            "dropped: share moved": frame["loo_share_moved"],
            f"+/-{imp.shift:.0%}: mean |shift|": frame["pm_mean_abs_shift"],
            f"+/-{imp.shift:.0%}: share moved": frame["pm_share_moved"],
            "mean Sobol total": frame["sobol_total_mean"],
            "low": frame["sobol_total_low"],
            "high": frame["sobol_total_high"],
        }
    )
    return [
        '<h3 id="importance">Which pillar matters most for the whole ranking</h3>\n',
        _p(
            "Three views of each pillar's weight, averaged over all units: the mean absolute "
            "rank shift and the share of units that move when the pillar is dropped (the "
            "others rescaled in proportion), the same when its weight factor moves by "
            f"+/-{imp.shift:.0%} (the JRC convention), and the mean over units of the total "
            f"Sobol index of the unit's rank, with a {interval.level:.0%} bootstrap "
            f"interval of that mean ({imp.n:,} base samples, seed {x.seed}; units whose rank "
            "never moves count with index 0).",
            f"Most important: {said}.",
        ),
        page.table(
            "importance",
            frame,
            "Ranking-level importance of each pillar (idx.sensitivity.importance).",
            {
                "weight": ".0%",
                "dropped: mean |shift|": ".2f",
                "dropped: share moved": ".0%",
                f"+/-{imp.shift:.0%}: mean |shift|": ".2f",
                f"+/-{imp.shift:.0%}: share moved": ".0%",
                "mean Sobol total": ".3f",
                "low": ".3f",
                "high": ".3f",
            },
            show=shown,
        ),
    ]


def _audit_section(page: _Page, x: _Inputs) -> str:
    e, a = x.edition, x.audit
    imp, corr, rel, pca = a.importance, a.correlations, a.reliability, a.pca
    card = a.to_frame()
    parts = [
        _p(
            "Besides the weights' uncertainty, a JRC audit of a composite index asks whether "
            "each pillar carries the importance its weight claims, and whether the pillars "
            "hang together (idx.audit). Everything here uses the units' 0-100 pillar indices "
            "and the published total, and is exact: no sampling, no seed."
        ),
        "<ul>\n" + "".join(f"<li>{_esc(line)}</li>\n" for line in a.findings) + "</ul>\n",
        page.table(
            "audit_pillars",
            card,
            "The audit's main figures per pillar.",
            {
                "weight": ".0%",
                "relative_importance": ".3f",
                "r_total": ".3f",
                "alpha_if_dropped": ".3f",
                "loading_1": ".3f",
                "skewness": ".2f",
                "kurtosis": ".2f",
            },
        ),
        "<h3>Does each pillar count as much as its weight says?</h3>\n",
        _p(
            "A pillar's main effect is Pearson's correlation ratio Var(E[total | pillar]) / "
            "Var(total) over the units: the share of the total's spread that would go if "
            "the pillar were known. It is estimated by a cubic smoothing spline whose "
            "penalty generalised cross-validation chooses, and linearly (the squared "
            "correlation). Each pillar's share of the main effects is compared with its "
            f"share of the weights, and flagged outside a factor {imp.factor:g} (Paruolo, "
            "Saisana and Saltelli 2013).",
            imp.notes[0] if imp.notes else "",
        ),
        page.figure(
            "importance",
            plot.importance(a, source=e),
            "Each pillar's share of the weights against its share of the main effects on "
            "the total; the thin line spans the shares that still count as about its weight.",
        ),
        page.table(
            "audit_importance",
            imp.to_frame(),
            "Main effects of each pillar on the total, against its weight.",
            {
                "weight": ".0%",
                "linear": ".3f",
                "nonparametric": ".3f",
                "edf": ".2f",
                "relative_weight": ".3f",
                "relative_linear": ".3f",
                "relative_nonparametric": ".3f",
                "ratio": ".2f",
            },
        ),
        "<h3>How the pillars move together</h3>\n",
        _p(
            "Correlations among the pillars, and of each pillar with the total (which "
            "contains it, so these are part-whole correlations). Pairs beyond "
            f"|r| = {corr.collinear_threshold:g} largely measure the same thing and count "
            f"twice; a pillar correlated with the total below {corr.weak_threshold:g}, or "
            "negatively, pulls the index in its own direction.",
        ),
        page.figure(
            "correlations",
            plot.correlations(a, source=e),
            "Pearson correlations among the pillars' indices and with the total; outlined "
            "cells are flagged, grey numbers not significant at 5%.",
        ),
    ]
    tidy = corr.to_frame()
    parts.append(
        page.table(
            "audit_correlations",
            tidy,
            "Pearson correlations with two-sided p-values and flags (Spearman and Kendall in "
            "the CSV).",
            {"r": ".3f", "p_value": ".3g"},
            show=tidy[tidy["method"] == "pearson"].drop(columns="method"),
        )
    )
    verdict = (
        "one dimension dominates"
        if pca.dominant
        else f"{pca.retained} components have eigenvalues above 1 (Kaiser's rule)"
    )
    parts += [
        "<h3>Reliability and dimensions</h3>\n",
        _p(
            f"Cronbach's alpha of the {len(rel.pillars)} pillars is {rel.cronbach_alpha:.3f} "
            "(0.7 is the "
            "customary threshold for a consistent scale)"
            + (
                f"; dropping {', '.join(rel.raises_alpha)} would raise it."
                if rel.raises_alpha
                else "; dropping any pillar would lower it."
            ),
            f"In the principal components of the pillars' correlation matrix {verdict}; the "
            f"first explains {pca.explained[0]:.1%} of the variance.",
        ),
        page.table(
            "audit_reliability",
            rel.to_frame(),
            "Cronbach's alpha with each pillar dropped.",
            {"alpha_if_dropped": ".3f", "change": "+.3f"},
        ),
        page.table(
            "audit_pca",
            pca.to_frame(),
            "Principal components: eigenvalues and explained variance.",
            {"eigenvalue": ".3f", "explained": ".1%", "cumulative": ".1%"},
        ),
        page.table(
            "audit_loadings",
            pca.loadings_frame(),
            "Loadings on the retained components"
            + (" (varimax-rotated)." if pca.retained > 1 else "."),
            {f"loading_{c + 1}": ".3f" for c in range(pca.retained)},
        ),
        "<h3>How each pillar is spread</h3>\n",
    ]
    dist = a.distribution.to_frame()
    parts.append(
        page.table(
            "audit_distribution",
            dist,
            "Distribution of each pillar's index (0-100) and of the total (points), with "
            "the JRC skewness-kurtosis flag and the units beyond Tukey's fences (fences in "
            "the CSV).",
            {c: ".2f" for c in ("mean", "sd", "min", "median", "max", "skewness", "kurtosis")},
            show=dist.drop(columns=["lower_fence", "upper_fence"]),
        )
    )
    page.tables["audit_outliers"] = a.distribution.outliers_frame()
    return "".join(parts)


def _unit_section(page: _Page, x: _Inputs, i: int) -> str:
    e, mc, rr, sc = x.edition, x.mc, x.ranges, x.schemes
    unit = e.units[i]
    slug = _slug(unit)
    pr = x.profiles[i]
    rows: list[tuple[str, str]] = []
    if e.reported_ranks is not None:
        rows.append(("printed rank", str(int(e.reported_ranks[i]))))
    rows.append(("recomputed rank (published weights)", str(int(x.base.ranks[i]))))
    for k, scheme in enumerate(sc.schemes):
        rows.append((f"rank under {scheme} weights", str(int(sc.ranks[i, k]))))
    rows += [
        ("exact best and worst rank", f"{int(rr.best[i])} to {int(rr.worst[i])}"),
        ("Monte Carlo median rank", str(int(mc.median[i]))),
        (
            "Monte Carlo 5th to 95th percentile",
            f"{int(mc.percentile(5.0)[i])} to {int(mc.percentile(95.0)[i])}",
        ),
    ]
    rows += [
        (f"probability of ranking in the top {k}", f"{mc.probability_top(k)[i]:.3f}")
        for k in _TOP_K
        if k <= len(mc.units)
    ]
    rows.append(("share of the samples keeping the base rank", f"{pr.p_base_rank:.3f}"))
    frame = pd.DataFrame(rows, columns=["measure", "value"])
    constant = bool(x.sobol.constant[list(x.sobol.outputs).index("rank"), i])
    pillar_frame = pr.to_frame()

    def described(names: tuple[str, ...]) -> str:
        placed = [f"{n} ({ordinal(int(pr.pillar_ranks[pr.pillars.index(n)]))})" for n in names]
        return ", ".join(placed) or "none"

    neighbours = pr.neighbour_phrases()
    parts = [
        _p(
            f"{unit} ranks {ordinal(pr.rank)} at the published weights with a total of "
            f"{pr.total:.2f}, {' and '.join(neighbours)}.",
            f"Strengths (its best pillar ranks, COINr's rule): {described(pr.strengths)}; "
            f"weaknesses: {described(pr.weaknesses)}.",
            f"Within the weight space its rank runs from {ordinal(pr.best_rank)} to "
            f"{ordinal(pr.worst_rank)} (exact); over the sampled weights its median is "
            f"{ordinal(pr.mc_median)}, 90% of them put it {ordinal(pr.mc_low)} to "
            f"{ordinal(pr.mc_high)}, and {pr.p_base_rank:.1%} keep it {ordinal(pr.rank)}.",
        ),
        page.figure(
            f"profile-{slug}",
            plot.profile(pr, source=e, note=f"Weights: {_space_text(x)}"),
            f"{unit}'s rank on each pillar against its overall rank and rank range, and its "
            "total between its neighbours'.",
        ),
        page.table(
            f"profile_{slug}", frame, f"{unit}: ranks, exact range and Monte Carlo interval."
        ),
        page.table(
            f"profile_pillars_{slug}",
            pillar_frame,
            f"{unit}'s pillars: index, rank among all units, contribution to the total, rank "
            "relative to its overall rank (positive: the pillar ranks it higher), role, and "
            "the weight interval of the pillar (the others rescaled) that keeps its rank.",
            {
                "weight": ".0%",
                "index": ".2f",
                "contribution": ".2f",
                "share": ".1%",
                "stable_low": ".2%",
                "stable_high": ".2%",
                "climb_index_gain": ".2f",
            },
        ),
        page.figure(
            f"sobol-{slug}",
            plot.sobol(x.sobol, unit, source=e),
            f"What drives {unit}'s rank: first-order and total Sobol indices with 95% intervals."
            + (" Its rank never moved over the samples." if constant else ""),
        ),
        f'<h3 id="climb-{slug}">What would it take to climb one place?</h3>\n',
    ]
    climb = x.climbs[i]
    if climb is None:
        parts.append(_p(f"{unit} ranks first at the published weights: no place to climb."))
        return "".join(parts)
    robust, probable = climb.robust_combined, climb.probable_combined
    parts.append(
        _p(
            f"To rank {ordinal(climb.rank)} or better (a tie reaches the rank), {unit}'s "
            "0-100 pillar indices would have to rise as follows.",
            f"At the published weights, the cheapest: {climb.combined.note}.",
            f"At every admissible weight: {robust.note}." if robust is not None else "",
            f"With probability {probable.probability:g} over {probable.n:,} sampled weights: "
            f"{probable.note}."
            if probable is not None
            else "",
        )
    )
    parts += [
        page.figure(
            f"targets-{slug}",
            plot.targets(climb, source=e, note=f"Weights: {_space_text(x)}"),
            f"The index points {unit} needs to reach {ordinal(climb.rank)}: on each pillar "
            "alone and combined, at the published weights, with probability "
            f"{CLIMB_PROBABILITY:g}, and at every admissible weight.",
        ),
        page.table(
            f"targets_{slug}",
            climb.to_frame(),
            f"Gains for {unit} to reach {ordinal(climb.rank)}, per pillar (index points).",
            {
                "weight": ".0%",
                "index": ".2f",
                "index_gain": ".2f",
                "subscore_gain": ".2f",
                "needed_index": ".2f",
                "combined_gain": ".2f",
                "robust_gain": ".2f",
                "robust_worst_rank": ".0f",
                "probable_gain": ".2f",
                "probable_share": ".3f",
            },
        ),
    ]
    return "".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unit"


#: Section ids and titles in page order; unit sections follow, one per requested unit.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("data", "The data and what verification found"),
    ("ranking", "The ranking and the other weighting schemes"),
    ("robustness", "Robustness: how far each rank can be trusted"),
    ("audit", "The statistical audit"),
)

# ---------------------------------------------------------------- the page

_CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #999; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
.meta { color: #555; font-size: 0.9rem; }
nav ol { padding-left: 1.4rem; }
figure { margin: 1.2rem 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #333; margin-top: 0.3rem; }
table { border-collapse: collapse; font-size: 0.8rem; margin: 0.8rem 0 1.2rem; }
caption { text-align: left; font-style: italic; padding-bottom: 0.3rem; }
th, td { padding: 0.15rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; }
th { border-bottom: 1.5px solid #333; font-weight: bold; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pending { border-left: 3px solid #999; padding-left: 0.7rem; color: #444; }
footer { margin-top: 3rem; font-size: 0.8rem; color: #555; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { max-width: none; margin: 0; font-size: 10pt; }
  nav { display: none; }
  section + section > h2 { break-before: page; }
  h2, h3 { break-after: avoid; }
  figure, table, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def report(
    edition: Edition,
    *,
    units: Sequence[str] = (),
    spread: float = 0.25,
    mode: SpaceMode = "factors",
    fixed: Sequence[str] = (),
    bounds: Mapping[str, tuple[float | str, float | str]] | None = None,
    sampler: Sampler | None = None,
    n: int = 100_000,
    sobol_n: int = 4096,
    seed: int | None = None,
    schemes: Sequence[str] | Mapping[str, Any] = DEFAULT_SCHEMES,
) -> Report:
    """Build the HTML report of ``edition``.

    Parameters
    ----------
    edition : Edition
    units : sequence of str
        Units to give a section of their own (names as :meth:`Edition.unit_position`
        accepts them): the unit's profile (:func:`idx.profile` over the same space,
        ``n`` and seed) and the gains that lift it one place (:func:`idx.improvement`:
        at the published weights, at every weight of the space, and with probability
        :data:`CLIMB_PROBABILITY` over ``min(n, 20000)`` sampled weights). The robust
        search takes a few seconds per unit.
    spread, mode, fixed, bounds
        The weight space of the exact ranges, Monte Carlo and Sobol:
        :meth:`WeightSpace.around` with these arguments. Sobol indices need
        independent factors; with ``mode="simplex"`` they use the factors space of
        the same spread (and the same bounds, on the factors), and the page says so.
    sampler : str, optional
        Monte Carlo sampler (default: the space's, see
        :func:`idx.sensitivity.default_sampler`).
    n, sobol_n : int
        Monte Carlo scenarios and Sobol base samples.
    seed : int, optional
        Seed of the Monte Carlo and Sobol runs; drawn at random (and shown on the
        page and in ``Report.seed``) when not given. The same seed gives the same page,
        byte for byte.
    schemes : sequence of str, or mapping
        Weighting schemes compared with the published weights, as
        :func:`idx.compare_schemes` takes them: names, or a mapping from a label to
        weights or a scheme's result (the first is the reference; default published,
        equal, entropy, critic).

    Returns
    -------
    Report

    Raises
    ------
    IdxError
        On an unknown unit or scheme, a bad spread, ``n`` or seed; and from
        :mod:`idx.plot` when matplotlib is missing.
    """
    require_matplotlib()
    names = unique("units", [edition.units[edition.unit_position(u)] for u in units])
    positions = tuple(edition.units.index(name) for name in names)
    spread = finite_number("spread", spread, low=0.0)
    n = positive_int("n", n)
    sobol_n = positive_int("sobol_n", sobol_n)
    if seed is None:
        seed = int(np.random.default_rng().integers(2**31))
    seed = positive_int("seed", seed, minimum=0)
    space = WeightSpace.around(edition.system, spread, mode=mode, fixed=list(fixed), bounds=bounds)
    bounded = resolve_pillars(edition.system, list(bounds or {}), what="bounds", error=SpaceError)
    sobol_space = (
        space
        if space.mode == "factors"
        else WeightSpace.around(
            edition.system, spread, mode="factors", fixed=list(fixed), bounds=bounds
        )
    )
    stability = stability_intervals(edition)
    first_pillars = sorted(stability.intervals, key=lambda s: s.width)[:1]
    profiles = {
        i: profile(edition, edition.units[i], space, n=n, sampler=sampler, seed=seed)
        for i in positions
    }
    climbs = {
        i: None
        if p.rank == 1
        else improvement(
            edition,
            p.unit,
            p.rank - 1,
            space=space,
            probability=CLIMB_PROBABILITY,
            n=min(n, DEFAULT_SAMPLES),
            sampler=sampler,
            seed=seed,
        )
        for i, p in profiles.items()
    }
    inputs = _Inputs(
        edition=edition,
        space=space,
        spread=spread,
        bounded=bounded,
        sobol_space=sobol_space,
        seed=seed,
        verification=verify(edition),
        base=score(edition),
        schemes=compare_schemes(
            edition, schemes if isinstance(schemes, Mapping) else list(schemes)
        ),
        stability=stability,
        ranges=rank_range(edition, space),
        mc=monte_carlo(edition, space, n, sampler=sampler, seed=seed),
        loo=leave_one_out(edition),
        sobol=sobol(edition, sobol_space, sobol_n, seed=seed),
        sources=None
        if edition.decimals is None
        else sobol(
            edition,
            Uncertainty(weights=sobol_space, rounding=True),
            sobol_n,
            seed=seed,
            group_weights=True,
            outputs=("rank",),
        ),
        paths={s.pillar: rank_path(edition, s.pillar) for s in first_pillars},
        importance=importance(edition, sobol_space, n=sobol_n, seed=seed),
        audit=audit(edition),
        units=positions,
        profiles=profiles,
        climbs=climbs,
    )
    page = _Page()
    builders: list[tuple[str, str, Callable[[], str]]] = [
        (SECTIONS[0][0], SECTIONS[0][1], lambda: _data_section(page, inputs)),
        (SECTIONS[1][0], SECTIONS[1][1], lambda: _ranking_section(page, inputs)),
        (SECTIONS[2][0], SECTIONS[2][1], lambda: _robustness_section(page, inputs)),
        (SECTIONS[3][0], SECTIONS[3][1], lambda: _audit_section(page, inputs)),
    ]
    for i in positions:
        builders.append(
            (
                f"unit-{_slug(edition.units[i])}",
                f"Profile: {edition.units[i]}",
                partial(_unit_section, page, inputs, i),
            )
        )
    for sid, title, build in builders:
        page.sections.append((sid, title, build()))
    text = _page(edition, page, inputs)
    return Report(
        html=text,
        sections=tuple((sid, title) for sid, title, _ in page.sections),
        figures=tuple(page.figures),
        tables=dict(page.tables),
        seed=seed,
    )


def _page(edition: Edition, page: _Page, x: _Inputs) -> str:
    year = f" {edition.year}" if edition.year is not None else ""
    title = f"How far can each rank be trusted? The{year} index, audited by idx"
    options = (
        f"Weights: {_space_text(x)}. Monte Carlo: {x.mc.n:,} scenarios, "
        f"{x.mc.sampler} sampler; Sobol: {x.sobol.n:,} base samples; seed {x.seed}. "
        f"Produced by idx {__version__}; the same options and seed give the same page."
    )
    nav = "".join(
        f'<li><a href="#{sid}">{_esc(title_)}</a></li>\n' for sid, title_, _ in page.sections
    )
    body = "".join(
        f'<section id="{sid}">\n<h2>{k}. {_esc(title_)}</h2>\n{content}</section>\n'
        for k, (sid, title_, content) in enumerate(page.sections, start=1)
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_esc(title)}</h1>\n"
        f'<p class="meta">{_esc(edition.source)}</p>\n<p class="meta">{_esc(options)}</p>\n'
        "</header>\n"
        f"<nav>\n<h2>Contents</h2>\n<ol>\n{nav}</ol>\n</nav>\n"
        f"<main>\n{body}</main>\n"
        f"<footer>\n<p>{_esc(options)}</p>\n</footer>\n</body>\n</html>\n"
    )
