"""The edition a command works on: ``--data`` and how to read it, or the 2017 data.

``--data`` picks its reader by the file's suffix: ``.xlsx``/``.xlsm``/``.xls`` an Excel
workbook, ``.txt`` the report's raw table text, anything else a CSV. An option that
the chosen reader does not use (``--sheet`` for a CSV, ``--sep`` for a workbook) is
an error, not silently ignored.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from idx.datasets import SYSTEM_2017, load_2017
from idx.edition import Edition
from idx.errors import TableError
from idx.io import read_csv, read_excel, read_report_text, read_system_csv
from idx.options import TableValues, UnitKind
from idx.system import IndexSystem

__all__ = ["load_edition", "load_system", "parse_columns"]

# .xls too, so that an old workbook is told to be saved as .xlsx
_EXCEL = (".xlsx", ".xlsm", ".xls")
# Options of each reader, as the command line spells them.
_USED_BY = {
    "csv": {"--columns", "--unit-column", "--encoding", "--sep", "--decimal"},
    "excel": {"--sheet", "--columns", "--unit-column"},
    "text": {"--encoding"},
}
_OPTIONS = {
    "--sheet": "sheet",
    "--columns": "columns",
    "--unit-column": "unit_column",
    "--encoding": "encoding",
    "--sep": "sep",
    "--decimal": "decimal",
}


def load_system(args: argparse.Namespace) -> IndexSystem:
    """The system named by ``--system``, or the 2017 system."""
    path = getattr(args, "system", None)
    return SYSTEM_2017 if path is None else read_system_csv(path)


def parse_columns(text: str) -> dict[str, str]:
    """``--columns 'HEADER=PILLAR,...'`` as a mapping."""
    mapping: dict[str, str] = {}
    for pair in text.split(","):
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            msg = (
                "--columns must be HEADER=PILLAR pairs separated by commas, e.g. "
                f"'互联网应用=application,总分=total' (got {pair.strip()!r})"
            )
            raise TableError(msg)
        if header.strip() in mapping:
            msg = f"--columns names {header.strip()!r} twice"
            raise TableError(msg)
        mapping[header.strip()] = target.strip()
    return mapping


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in _EXCEL:
        return "excel"
    return "text" if suffix == ".txt" else "csv"


def load_edition(args: argparse.Namespace) -> Edition:
    """The edition named by ``--data``, or the bundled 2017 edition."""
    path = getattr(args, "data", None)
    given = [option for option, name in _OPTIONS.items() if getattr(args, name, None) is not None]
    if path is None:
        if getattr(args, "system", None) is not None:
            msg = "--system needs --data: the bundled 2017 edition has its own system"
            raise TableError(msg)
        if getattr(args, "values", "subscores") != "subscores":
            given.append("--values")
        if given:
            msg = f"{given[0]} needs --data: it says how to read a data file"
            raise TableError(msg)
        return load_2017()
    kind = _kind(path)
    unused = [option for option in given if option not in _USED_BY[kind]]
    if unused:
        what = {"csv": "a CSV file", "excel": "an Excel workbook", "text": "a .txt report table"}
        msg = f"{unused[0]} does not apply to {what[kind]} ({path})"
        raise TableError(msg)
    unit_kind: UnitKind = "other" if getattr(args, "units", "province") == "other" else "province"
    values: TableValues = (
        "index" if getattr(args, "values", "subscores") == "index" else "subscores"
    )
    system = load_system(args)
    mapping = getattr(args, "columns", None)
    columns = None if mapping is None else parse_columns(mapping)
    if kind == "text":
        return read_report_text(
            path, system=system, unit_kind=unit_kind, values=values, encoding=args.encoding
        )
    if kind == "excel":
        return read_excel(
            path,
            args.sheet,
            system=system,
            unit_kind=unit_kind,
            values=values,
            columns=columns,
            unit_column=args.unit_column,
        )
    return read_csv(
        path,
        system=system,
        unit_kind=unit_kind,
        values=values,
        columns=columns,
        unit_column=args.unit_column,
        encoding=args.encoding,
        sep=args.sep,
        decimal=args.decimal,
    )
