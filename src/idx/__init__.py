"""idx: China's Provincial Internet Development Index and how far each rank can be trusted.

Names are imported lazily (PEP 562): ``import idx`` loads almost nothing, and a name
loads its module on first use, so scipy is imported only by the functions that need it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

#: The distribution's name on the package index. ``idx`` there is an unrelated project;
#: the import name and the command stay ``idx``.
DISTRIBUTION = "china-idx"
#: This source tree's version, the fallback when the distribution's metadata is absent
#: (a checkout run without installing); tests keep it equal to pyproject.toml's.
_SOURCE_VERSION = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "AggregationError": "idx.errors",
    "IdxError": "idx.errors",
    "IndexSystemError": "idx.errors",
    "OptionError": "idx.errors",
    "ParseError": "idx.errors",
    "SpaceError": "idx.errors",
    "TableError": "idx.errors",
    "UncertaintyError": "idx.errors",
    "UnknownUnitError": "idx.errors",
    "WeightError": "idx.errors",
    "PROVINCES": "idx.provinces",
    "Province": "idx.provinces",
    "canonical_province": "idx.provinces",
    "lookup_province": "idx.provinces",
    "IndexSystem": "idx.system",
    "Indicator": "idx.system",
    "Pillar": "idx.system",
    "Edition": "idx.edition",
    "Step": "idx.provenance",
    "WeightSpace": "idx.space",
    "Noise": "idx.uncertainty",
    "Uncertainty": "idx.uncertainty",
    "ConfidenceInterval": "idx.results",
    "read_system_csv": "idx.io",
    "NATIONAL_SCORE_2017": "idx.datasets",
    "SYSTEM_2017": "idx.datasets",
    "from_frame": "idx.datasets",
    "load_2017": "idx.datasets",
    "parse_report_table": "idx.datasets",
    "raw_table_2017": "idx.datasets",
    "read_csv": "idx.datasets",
    "read_excel": "idx.datasets",
    "read_report_text": "idx.datasets",
    "rank_totals": "idx.ranking",
    "aggregate": "idx.aggregation",
    "Score": "idx.scoring",
    "score": "idx.scoring",
    "Comparison": "idx.comparison",
    "SchemeComparison": "idx.comparison",
    "compare": "idx.comparison",
    "compare_schemes": "idx.comparison",
    "build": "idx.build",
    "rebuild": "idx.build",
    "Construction": "idx.construction",
    "AmbiguousPair": "idx.verification",
    "Verification": "idx.verification",
    "verify": "idx.verification",
    "leave_one_out": "idx.sensitivity",
    "monte_carlo": "idx.sensitivity",
    "scenario_totals": "idx.sensitivity",
    "rank_path": "idx.sensitivity",
    "rank_range": "idx.sensitivity",
    "reversal": "idx.sensitivity",
    "sample_weights": "idx.sensitivity",
    "smaa": "idx.sensitivity",
    "sobol": "idx.sensitivity",
    "stability_intervals": "idx.sensitivity",
    "MainEffects": "idx.main_effects",
    "OptimisedWeights": "idx.main_effects",
    "correlation_ratio": "idx.main_effects",
    "main_effects": "idx.main_effects",
    "optimise_weights": "idx.main_effects",
    "Correlations": "idx.coherence",
    "DistributionStats": "idx.coherence",
    "PCASummary": "idx.coherence",
    "Reliability": "idx.coherence",
    "correlations": "idx.coherence",
    "distribution_stats": "idx.coherence",
    "pca_summary": "idx.coherence",
    "reliability": "idx.coherence",
    "Audit": "idx.audit",
    "audit": "idx.audit",
    "importance": "idx.sensitivity",
    "PillarImportance": "idx.sensitivity",
    "Improvement": "idx.targets",
    "WeightChange": "idx.targets",
    "improvement": "idx.targets",
    "weight_change_to_rank": "idx.targets",
    "Gaps": "idx.neighbours",
    "gaps": "idx.neighbours",
    "Profile": "idx.unit_profile",
    "profile": "idx.unit_profile",
}

# former module names, still reachable as attributes (idx.weights is idx.schemes)
_MODULE_ALIASES = {
    "bundled": "idx.datasets",
    "loading": "idx.io.csv",
    "report_text": "idx.io.report_text",
    "scheme_comparison": "idx.comparison",
    "weights": "idx.schemes",
}

__all__ = [
    "DISTRIBUTION",
    "NATIONAL_SCORE_2017",
    "PROVINCES",
    "SYSTEM_2017",
    "AggregationError",
    "AmbiguousPair",
    "Audit",
    "Comparison",
    "ConfidenceInterval",
    "Construction",
    "Correlations",
    "DistributionStats",
    "Edition",
    "Gaps",
    "IdxError",
    "Improvement",
    "IndexSystem",
    "IndexSystemError",
    "Indicator",
    "MainEffects",
    "Noise",
    "OptimisedWeights",
    "OptionError",
    "PCASummary",
    "ParseError",
    "Pillar",
    "PillarImportance",
    "Profile",
    "Province",
    "Reliability",
    "SchemeComparison",
    "Score",
    "SpaceError",
    "Step",
    "TableError",
    "Uncertainty",
    "UncertaintyError",
    "UnknownUnitError",
    "Verification",
    "WeightChange",
    "WeightError",
    "WeightSpace",
    "__version__",
    "aggregate",
    "audit",
    "build",
    "canonical_province",
    "compare",
    "compare_schemes",
    "correlation_ratio",
    "correlations",
    "distribution_stats",
    "from_frame",
    "gaps",
    "importance",
    "improvement",
    "leave_one_out",
    "load_2017",
    "lookup_province",
    "main_effects",
    "monte_carlo",
    "optimise_weights",
    "parse_report_table",
    "pca_summary",
    "profile",
    "rank_path",
    "rank_range",
    "rank_totals",
    "raw_table_2017",
    "read_csv",
    "read_excel",
    "read_report_text",
    "read_system_csv",
    "rebuild",
    "reliability",
    "reversal",
    "sample_weights",
    "scenario_totals",
    "score",
    "smaa",
    "sobol",
    "stability_intervals",
    "verify",
    "weight_change_to_rank",
]


def _version() -> str:
    """The installed distribution's version, or this source tree's when it is not installed."""
    # importlib.metadata takes ~50 ms to import: loaded on first use, like every name here
    metadata = importlib.import_module("importlib.metadata")
    try:
        return str(metadata.version(DISTRIBUTION))
    except metadata.PackageNotFoundError:
        return _SOURCE_VERSION


def __getattr__(name: str) -> Any:
    if name == "__version__":
        version = _version()
        globals()[name] = version
        return version
    if name in _MODULE_ALIASES:
        return importlib.import_module(_MODULE_ALIASES[name])
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'idx' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, "__version__"})


class _Package(types.ModuleType):
    """The ``idx`` package object: importing a submodule never hides a function.

    ``import idx.audit`` binds the submodule to the package attribute ``audit``,
    which would replace the function ``idx.audit`` with the module of the same name
    (likewise ``idx.build``, ``idx.main_effects``). Such a binding keeps the function
    the lazy map promises; the submodule stays in ``sys.modules``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    __version__: str
    from idx.aggregation import aggregate
    from idx.audit import Audit, audit
    from idx.build import build, rebuild
    from idx.coherence import (
        Correlations,
        DistributionStats,
        PCASummary,
        Reliability,
        correlations,
        distribution_stats,
        pca_summary,
        reliability,
    )
    from idx.comparison import Comparison, SchemeComparison, compare, compare_schemes
    from idx.construction import Construction
    from idx.datasets import (
        NATIONAL_SCORE_2017,
        SYSTEM_2017,
        from_frame,
        load_2017,
        parse_report_table,
        raw_table_2017,
        read_csv,
        read_excel,
        read_report_text,
    )
    from idx.edition import Edition
    from idx.errors import (
        AggregationError,
        IdxError,
        IndexSystemError,
        OptionError,
        ParseError,
        SpaceError,
        TableError,
        UncertaintyError,
        UnknownUnitError,
        WeightError,
    )
    from idx.io import read_system_csv
    from idx.main_effects import (
        MainEffects,
        OptimisedWeights,
        correlation_ratio,
        main_effects,
        optimise_weights,
    )
    from idx.neighbours import Gaps, gaps
    from idx.provenance import Step
    from idx.provinces import PROVINCES, Province, canonical_province, lookup_province
    from idx.ranking import rank_totals
    from idx.results import ConfidenceInterval
    from idx.scoring import Score, score
    from idx.sensitivity import (
        PillarImportance,
        importance,
        leave_one_out,
        monte_carlo,
        rank_path,
        rank_range,
        reversal,
        sample_weights,
        scenario_totals,
        smaa,
        sobol,
        stability_intervals,
    )
    from idx.space import WeightSpace
    from idx.system import IndexSystem, Indicator, Pillar
    from idx.targets import Improvement, WeightChange, improvement, weight_change_to_rank
    from idx.uncertainty import Noise, Uncertainty
    from idx.unit_profile import Profile, profile
    from idx.verification import AmbiguousPair, Verification, verify
