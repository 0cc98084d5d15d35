"""Readers: the only modules that read files. Each takes the index system explicitly."""

from idx.io.csv import from_frame, read_csv, read_system_csv, system_from_frame
from idx.io.report_text import parse_report_table

__all__ = ["from_frame", "parse_report_table", "read_csv", "read_system_csv", "system_from_frame"]
