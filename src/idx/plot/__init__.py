"""Figures of idx's results (matplotlib, the optional ``plot`` extra: ``pip install 'idx[plot]'``).

Every function draws one result object as it is, never recomputing it; takes an
optional ``ax=`` to draw into (by default it makes its own figure on an Agg canvas,
without pyplot) and returns the matplotlib ``Figure``. Figures are plain and
print-ready: labelled axes with units of measure, and, on a figure the function
made, a source line naming the data (``source=``: an edition or a text), the method
and the caller's ``note``. Without matplotlib, a call raises
:class:`~idx.errors.IdxError` with the install command.

========================  =================================================  ==========================
function                  draws                                              from
========================  =================================================  ==========================
``rank_uncertainty``      median rank, 5-95% interval, exact best-worst      ``MonteCarloRanks``, ``RankRange``
``acceptability``         units x ranks heatmap of rank acceptabilities      ``MonteCarloRanks`` or ``SMAAResult``
``sobol``                 first-order and total indices with intervals       ``SobolIndices``
``rank_path``             ranks as step functions of one weight              ``RankPath``
``stability``             per pillar, the weights that keep every rank       ``StabilityIntervals``
``shifts``                slopegraph of ranks across weightings              ``Comparison`` or ``SchemeComparison``
``contributions``         stacked weighted pillar contributions              ``Score``
``importance``            share of the main effects against share of weight  ``Audit`` or ``MainEffects``
``correlations``          heatmap of correlations among pillars and total    ``Audit`` or ``Correlations``
``profile``               one unit's pillar ranks, rank range, neighbours    ``Profile``
``targets``               index gains to reach a rank, alone and combined    ``Improvement``
========================  =================================================  ==========================

:data:`KINDS` maps each figure's command-line name (``idx plot KIND``) to its
function.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from idx.plot._base import INSTALL, svg_text
from idx.plot.audit import correlations, importance
from idx.plot.exact import crossings, first_movers, rank_path, stability
from idx.plot.profile import profile
from idx.plot.rankings import contributions, movers, shifts
from idx.plot.ranks import acceptability, rank_uncertainty
from idx.plot.targets import targets
from idx.plot.variance import SobolBars, sobol, sobol_bars

__all__ = [
    "INSTALL",
    "KINDS",
    "SobolBars",
    "acceptability",
    "contributions",
    "correlations",
    "crossings",
    "first_movers",
    "importance",
    "movers",
    "profile",
    "rank_path",
    "rank_uncertainty",
    "shifts",
    "sobol",
    "sobol_bars",
    "stability",
    "svg_text",
    "targets",
]

#: Every figure by its command-line name (the function's name with hyphens).
KINDS: MappingProxyType[str, Callable[..., Any]] = MappingProxyType(
    {
        "rank-uncertainty": rank_uncertainty,
        "acceptability": acceptability,
        "sobol": sobol,
        "rank-path": rank_path,
        "stability": stability,
        "shifts": shifts,
        "contributions": contributions,
        "importance": importance,
        "correlations": correlations,
        "profile": profile,
        "targets": targets,
    }
)
