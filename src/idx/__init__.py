"""idx: China's Provincial Internet Development Index and how far each rank can be trusted."""

from idx.aggregation import aggregate
from idx.build import build
from idx.bundled import NATIONAL_SCORE_2017, SYSTEM_2017, load_2017, raw_table_2017
from idx.comparison import Comparison, compare
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
from idx.loading import from_frame, read_csv, read_system_csv
from idx.provinces import PROVINCES, Province, canonical_province, lookup_province
from idx.ranking import rank_totals
from idx.report_text import parse_report_table
from idx.scheme_comparison import SchemeComparison, compare_schemes
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

__version__ = "0.1.0"

__all__ = [
    "NATIONAL_SCORE_2017",
    "PROVINCES",
    "SYSTEM_2017",
    "AggregationError",
    "AmbiguousPair",
    "Comparison",
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
    "read_system_csv",
    "reversal",
    "sample_weights",
    "score",
    "smaa",
    "sobol",
    "stability_intervals",
    "verify",
]
