"""idx: China's Provincial Internet Development Index and how far each rank can be trusted.

Names are imported lazily (PEP 562): ``import idx`` loads almost nothing, and a name
loads its module on first use, so scipy is imported only by the functions that need it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS = {
    "AggregationError": "idx.errors",
    "IdxError": "idx.errors",
    "IndexSystemError": "idx.errors",
    "ParseError": "idx.errors",
    "SpaceError": "idx.errors",
    "TableError": "idx.errors",
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
    "AmbiguousPair": "idx.verification",
    "Verification": "idx.verification",
    "verify": "idx.verification",
    "leave_one_out": "idx.sensitivity",
    "monte_carlo": "idx.sensitivity",
    "rank_path": "idx.sensitivity",
    "rank_range": "idx.sensitivity",
    "reversal": "idx.sensitivity",
    "sample_weights": "idx.sensitivity",
    "smaa": "idx.sensitivity",
    "sobol": "idx.sensitivity",
    "stability_intervals": "idx.sensitivity",
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
    "NATIONAL_SCORE_2017",
    "PROVINCES",
    "SYSTEM_2017",
    "AggregationError",
    "AmbiguousPair",
    "Comparison",
    "ConfidenceInterval",
    "Edition",
    "IdxError",
    "IndexSystem",
    "IndexSystemError",
    "Indicator",
    "ParseError",
    "Pillar",
    "Province",
    "SchemeComparison",
    "Score",
    "SpaceError",
    "Step",
    "TableError",
    "UnknownUnitError",
    "Verification",
    "WeightError",
    "WeightSpace",
    "__version__",
    "aggregate",
    "build",
    "canonical_province",
    "compare",
    "compare_schemes",
    "from_frame",
    "leave_one_out",
    "load_2017",
    "lookup_province",
    "monte_carlo",
    "parse_report_table",
    "rank_path",
    "rank_range",
    "rank_totals",
    "raw_table_2017",
    "read_csv",
    "read_excel",
    "read_report_text",
    "read_system_csv",
    "reversal",
    "sample_weights",
    "score",
    "smaa",
    "sobol",
    "stability_intervals",
    "verify",
]


def __getattr__(name: str) -> Any:
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
    return sorted([*globals(), *_EXPORTS])


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from idx.aggregation import aggregate
    from idx.build import build
    from idx.comparison import Comparison, SchemeComparison, compare, compare_schemes
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
        ParseError,
        SpaceError,
        TableError,
        UnknownUnitError,
        WeightError,
    )
    from idx.io import read_system_csv
    from idx.provenance import Step
    from idx.provinces import PROVINCES, Province, canonical_province, lookup_province
    from idx.ranking import rank_totals
    from idx.results import ConfidenceInterval
    from idx.scoring import Score, score
    from idx.sensitivity import (
        leave_one_out,
        monte_carlo,
        rank_path,
        rank_range,
        reversal,
        sample_weights,
        smaa,
        sobol,
        stability_intervals,
    )
    from idx.space import WeightSpace
    from idx.system import IndexSystem, Indicator, Pillar
    from idx.verification import AmbiguousPair, Verification, verify
