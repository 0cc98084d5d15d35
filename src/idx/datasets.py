"""The bundled 2017 edition (the report's Tables 1 and 2), and the readers with it as default.

``idx.read_csv``, ``idx.read_excel``, ``idx.from_frame``, ``idx.parse_report_table`` and
``idx.read_report_text`` are the readers of :mod:`idx.io` with ``system`` defaulting to
:data:`SYSTEM_2017`: the default lives here, with the data it names, so the readers
themselves never reach for a dataset.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import ParamSpec, TypeVar

from idx import io
from idx.edition import Edition
from idx.system import IndexSystem

__all__ = [
    "NATIONAL_SCORE_2017",
    "SOURCE_2017",
    "SYSTEM_2017",
    "from_frame",
    "load_2017",
    "parse_report_table",
    "raw_table_2017",
    "read_csv",
    "read_excel",
    "read_report_text",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

SOURCE_2017 = (
    "Report on China Internet Development 2017, section II, Tables 1 and 2 "
    "(digital-economy weight 16% deduced by difference)"
)
#: China's national score, the reference the provincial scores were calibrated to.
NATIONAL_SCORE_2017 = 41.8

_DATA = resources.files("idx") / "data"


def _system() -> IndexSystem:
    with (_DATA / "table1_index_system_2017.csv").open(encoding="utf-8") as handle:
        return io.read_system_csv(handle, name="China Internet Development Index 2017")


#: Table 1 of the 2017 report: six pillars and their weights.
SYSTEM_2017: IndexSystem = _system()


@lru_cache(maxsize=1)
def load_2017() -> Edition:
    """The 2017 edition: 31 provinces' weighted sub-scores, totals and ranks.

    Returns
    -------
    Edition
        ``year=2017``, ``national_score=41.8``, ``decimals=2``; units are the
        registry's canonical names (``Xizang`` for the report's ``Xizang (Tibet)``).

    References
    ----------
    .. [1] Report on China Internet Development 2017, section II, Tables 1 and 2.
    """
    with (_DATA / "table2_scores_2017.csv").open(encoding="utf-8") as handle:
        return io.read_csv(
            handle,
            system=SYSTEM_2017,
            unit_column="region",
            year=2017,
            national_score=NATIONAL_SCORE_2017,
            source=SOURCE_2017,
        )


def raw_table_2017() -> str:
    """The report's Table 2 block exactly as extracted, artifacts included."""
    return (_DATA / "table2_raw_2017.txt").read_text(encoding="utf-8")


def _with_system_2017(reader: Callable[_P, _R]) -> Callable[_P, _R]:
    """``reader`` with ``system`` defaulting to :data:`SYSTEM_2017`."""

    @functools.wraps(reader)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if kwargs.get("system") is None:
            kwargs["system"] = SYSTEM_2017
        return reader(*args, **kwargs)

    return wrapper


read_csv = _with_system_2017(io.read_csv)
read_excel = _with_system_2017(io.read_excel)
from_frame = _with_system_2017(io.from_frame)
parse_report_table = _with_system_2017(io.parse_report_table)
read_report_text = _with_system_2017(io.read_report_text)
