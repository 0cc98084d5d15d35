"""Reading an edition from an Excel workbook (``.xlsx``), through pandas and openpyxl.

openpyxl is an optional dependency (the ``excel`` extra): it is imported only when a
workbook is read, and its absence is one clear error naming the install command.
The sheet is read cell by cell as the spreadsheet holds it (numbers as numbers, text
as text), its first non-blank row is the header, and messages name the sheet's own
row numbers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import numpy as np
import pandas as pd

from idx.cells import is_empty
from idx.edition import Edition, edition_from_table
from idx.errors import TableError
from idx.io.csv import require_system
from idx.io.text import PathOrBuffer, read_source, source_name
from idx.options import Layout, TableValues, UnitKind
from idx.provenance import Step
from idx.system import IndexSystem
from idx.tables import DecimalsLike, column_key, parse_table
from idx.validation import got

__all__ = ["INSTALL_EXCEL", "read_excel"]

#: What to run when openpyxl is missing.
INSTALL_EXCEL = "pip install openpyxl"

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of the old binary .xls


def _workbook_bytes(path_or_buffer: object, source: str) -> bytes:
    content = read_source(path_or_buffer, source, TableError)
    if isinstance(content, str):
        msg = f"{source}: an Excel workbook is binary; open it in binary mode ('rb')"
        raise TableError(msg)
    if content.startswith(_OLE2):
        msg = f"{source}: an old binary .xls workbook; save it as .xlsx (or CSV) and read that"
        raise TableError(msg)
    if not content.startswith(_ZIP):
        msg = (
            f"{source}: not an Excel .xlsx workbook (a CSV or text file is read with idx.read_csv)"
        )
        raise TableError(msg)
    return content


def _sheet_name(sheet: object, names: list[str], source: str) -> str:
    shown = ", ".join(repr(n) for n in names)
    if sheet is None:
        if not names:
            msg = f"{source}: the workbook has no sheets"
            raise TableError(msg)
        return names[0]
    if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
        msg = f"'sheet' must be a sheet name or a 0-based position (got {got(sheet)})"
        raise TableError(msg)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            msg = f"{source}: no sheet at position {sheet} (0-based); its sheets are {shown}"
            raise TableError(msg)
        return names[sheet]
    if sheet in names:
        return sheet
    close = [n for n in names if column_key(n) == column_key(sheet)]
    if len(close) == 1:
        return close[0]
    msg = f"{source}: no sheet {got(sheet)}; its sheets are {shown}"
    raise TableError(msg)


def _reason(exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [""])[0][:100]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _load(content: bytes, sheet: object, source: str) -> tuple[pd.DataFrame, str, list[str]]:
    # Optional dependency: imported only here, and named when missing.
    try:
        import openpyxl  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        msg = f"{source}: reading Excel workbooks needs openpyxl; install it: {INSTALL_EXCEL}"
        raise TableError(msg) from None
    try:
        book = pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
    except Exception as exc:
        # A corrupt workbook fails deep inside zipfile, XML parsers or openpyxl with
        # any of a dozen exception types; each means the same to the caller.
        raise TableError(f"{source}: not a readable Excel workbook ({_reason(exc)})") from None
    with book:
        names = [str(n) for n in book.sheet_names]
        name = _sheet_name(sheet, names, source)
        try:
            # na_filter=False: a cell reads as typed ("n/a", "NA" are text, not missing)
            frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object, na_filter=False)
        except Exception as exc:  # as above
            msg = f"{source}: sheet {name!r} is not readable ({_reason(exc)})"
            raise TableError(msg) from None
    return frame, name, names


def _header_text(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def read_excel(
    path_or_buffer: PathOrBuffer,
    sheet: str | int | None = None,
    *,
    system: IndexSystem | None = None,
    layout: Layout = "auto",
    unit_column: str | None = None,
    unit_kind: UnitKind = "province",
    year: int | None = None,
    national_score: float | None = None,
    decimals: DecimalsLike = "infer",
    source: str = "",
    columns: Mapping[str, str] | None = None,
    values: TableValues = "subscores",
) -> Edition:
    """Read an :class:`~idx.Edition` from a sheet of an Excel ``.xlsx`` workbook.

    Takes the layouts and options of :func:`idx.read_csv` (``idx.read_excel``
    defaults ``system`` to ``idx.SYSTEM_2017``). Needs openpyxl (``pip install
    openpyxl``).

    Parameters
    ----------
    path_or_buffer : path or binary file object
    sheet : str or int, optional
        The sheet's name (case and spacing ignored if no sheet has it exactly) or
        0-based position; default the first sheet.

    Notes
    -----
    Blank rows and columns before the table are skipped, and the table's first row
    is its header. Cells may hold numbers or text: text is parsed as in a CSV (so a
    number typed as text reads), an empty cell is missing. ``decimals="infer"``
    counts the decimals of text cells and the fewest (up to 6) that write the
    numeric ones. Messages name the sheet's row numbers.
    """
    chosen = require_system(system)
    name = source_name(path_or_buffer, source)
    content = _workbook_bytes(path_or_buffer, name)
    raw, sheet_name, sheets = _load(content, sheet, name)
    where = f"{name}, sheet {sheet_name!r}"
    filled = np.array([[not is_empty(v) for v in row] for row in raw.itertuples(index=False)])
    filled = filled.reshape(len(raw), raw.shape[1])
    rows = [i for i in range(len(raw)) if filled[i].any()]
    cols = [j for j in range(raw.shape[1]) if filled[:, j].any()]
    if not rows:
        msg = f"{where}: the sheet is empty"
        raise TableError(msg)
    top, left = rows[0], cols[0]
    header = [_header_text(v) for v in raw.iloc[top, left:].tolist()]
    body = raw.iloc[[i for i in rows[1:]], left:]
    frame = pd.DataFrame(body.to_numpy(), columns=pd.Index(header, dtype=object), dtype=object)
    row_of = [i + 1 for i in rows[1:]]  # the sheet's own row numbers
    table = parse_table(
        frame,
        where,
        text=False,
        mixed=True,
        row_of=row_of,
        system=chosen,
        layout=layout,
        unit_column=unit_column,
        unit_kind=unit_kind,
        decimals=decimals,
        columns=columns,
        values=values,
    )
    # optional dependency, present by now
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    corner = f"{get_column_letter(left + 1)}{top + 1}"
    step = Step(
        "read_sheet",
        f"read sheet {sheet_name!r} of {name} (the table starts at cell {corner})",
        {"sheet": sheet_name, "sheets": tuple(sheets), "header_cell": corner},
    )
    return edition_from_table(
        table,
        system=chosen,
        source=name,
        unit_kind=unit_kind,
        layout=layout,
        year=year,
        national_score=national_score,
        steps=(step,),
    )
