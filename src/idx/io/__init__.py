"""Readers: the only modules that read files. Each takes the index system explicitly.

:mod:`idx.io.text` finds a file's encoding, :mod:`idx.io.delimited` its separator;
:mod:`idx.io.csv`, :mod:`idx.io.excel` and :mod:`idx.io.report_text` read editions
and index systems, :mod:`idx.io.matrix` pairwise comparison matrices.
"""

from idx.io.csv import from_frame, read_csv, read_system_csv, system_from_frame
from idx.io.excel import read_excel
from idx.io.matrix import read_matrix
from idx.io.report_text import parse_report_table, read_report_text

__all__ = [
    "from_frame",
    "parse_report_table",
    "read_csv",
    "read_excel",
    "read_matrix",
    "read_report_text",
    "read_system_csv",
    "system_from_frame",
]
