"""The named choices a caller can make, as ``Literal`` types: the one list of each.

Functions validate against these types (:func:`idx.validation.one_of`) and the CLI
takes its ``choices=`` from them (:func:`choices`), so no list of allowed values is
kept twice. This module imports only :mod:`typing`, which keeps ``idx --help`` fast.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

__all__ = [
    "Aggregation",
    "AuditSection",
    "Correlation",
    "CorrelationMethod",
    "Format",
    "Imputation",
    "Kernel",
    "Layout",
    "MainEffectEstimator",
    "NoiseDistribution",
    "NoiseKind",
    "Normalisation",
    "RankMethod",
    "Sampler",
    "SchemeName",
    "SobolOutput",
    "SpaceMode",
    "TableValues",
    "UncertainInput",
    "UnitKind",
    "WeightingScheme",
    "choices",
]


def choices(options: Any) -> tuple[Any, ...]:
    """The allowed values of a ``Literal[...]`` type (or any iterable), in order."""
    args = get_args(options)
    return tuple(args) if args else tuple(options)


#: Tie handling of :func:`idx.rank_totals`: competition, dense, ordinal.
RankMethod = Literal["min", "dense", "ordinal"]
#: How pillar indices combine into a total (:func:`idx.aggregate`).
Aggregation = Literal["arithmetic", "geometric", "power"]
#: How a :class:`idx.WeightSpace` bounds the weights.
SpaceMode = Literal["simplex", "factors"]
#: How weight scenarios are drawn (:func:`idx.sensitivity.sample_weights`).
Sampler = Literal["uniform", "jrc", "dirichlet"]
#: Which rank kernel the sampled methods run (environment variable ``IDX_KERNEL``).
Kernel = Literal["auto", "numpy", "numba"]
#: The inputs an uncertainty analysis can vary (:class:`idx.Uncertainty`), in the order
#: they are drawn and reported.
UncertainInput = Literal[
    "weights", "rounding", "noise", "aggregation", "normalisation", "imputation"
]
#: Measurement noise added to a pillar index: in index points, or as a share of the value.
NoiseKind = Literal["absolute", "relative"]
#: Distribution of measurement noise: ``uniform`` on ``[-size, size]``, ``normal`` with sd ``size``.
NoiseDistribution = Literal["uniform", "normal"]
#: Outputs whose Sobol indices :func:`idx.sensitivity.sobol` estimates.
SobolOutput = Literal["rank", "total"]
#: How :func:`idx.build` maps a raw indicator onto 0-100.
Normalisation = Literal["minmax", "zscore", "distance_to_best", "ratio", "identity"]
#: What :func:`idx.build` does with missing raw values.
Imputation = Literal["pillar_mean", "drop_unit", "indicator_mean", "indicator_median"]
#: Table layouts a reader accepts.
Layout = Literal["auto", "wide", "long"]
#: Units in the province registry, or anything else.
UnitKind = Literal["province", "other"]
#: What a table's pillar columns hold: weighted sub-scores, or 0-100 pillar indices.
TableValues = Literal["subscores", "index"]
#: Rank correlations between two rankings.
CorrelationMethod = Literal["spearman", "kendall"]
#: Data-driven and data-free weighting schemes known by name (:func:`idx.schemes.scheme_weights`).
SchemeName = Literal["published", "equal", "entropy", "critic", "std", "pca"]
#: Every weighting scheme the command line's ``idx weights --scheme`` knows.
WeightingScheme = Literal[
    "published", "equal", "entropy", "critic", "std", "pca", "ahp", "roc", "rank_sum", "bod"
]
#: Correlation coefficients of the statistical audit (:func:`idx.coherence.correlations`).
Correlation = Literal["pearson", "spearman", "kendall"]
#: How a pillar's main effect on the total is estimated (:func:`idx.main_effects`).
MainEffectEstimator = Literal["linear", "nonparametric"]
#: Sections of the statistical audit (:func:`idx.audit`), as ``idx audit --section`` names them.
AuditSection = Literal[
    "pillars", "importance", "correlations", "reliability", "pca", "distribution"
]
#: Output formats of the command line.
Format = Literal["table", "csv", "json", "markdown"]
