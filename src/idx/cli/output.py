"""Shared pieces of the CLI: output formats, the ``--data`` option and loading an edition."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from idx.edition import Edition, UnitKind
from idx.errors import TableError

__all__ = [
    "FORMATS",
    "add_data_argument",
    "add_format_argument",
    "load_edition",
    "render_frame",
    "write_frame",
]

FORMATS = ("table", "csv", "json", "markdown")


def add_format_argument(parser: argparse.ArgumentParser, default: str = "table") -> None:
    """Add ``--format table|csv|json|markdown``."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=default,
        help=f"output format (default: {default})",
    )


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--data FILE`` (a CSV table or the report's raw text) and ``--units``."""
    parser.add_argument(
        "--data",
        metavar="FILE",
        help="a CSV table (wide or long) or a .txt file holding the report's raw table; "
        "default: the bundled 2017 edition",
    )
    parser.add_argument(
        "--system",
        metavar="FILE",
        help="a CSV of pillars (pillar_id,name,weight,...) like seeds/table1_index_system_2017.csv; "
        "default: the 2017 index system",
    )
    parser.add_argument(
        "--units",
        choices=("province", "other"),
        default="province",
        help="'other' for units outside the province registry (cities, countries)",
    )


def load_edition(args: argparse.Namespace) -> Edition:
    """The edition named by ``--data``, or the bundled 2017 edition."""
    path = getattr(args, "data", None)
    if path is None and getattr(args, "system", None) is not None:
        msg = "--system needs --data: the bundled 2017 edition has its own system"
        raise TableError(msg)
    if path is None:
        from idx.bundled import load_2017

        return load_2017()
    unit_kind: UnitKind = "other" if getattr(args, "units", "province") == "other" else "province"
    system = None
    if getattr(args, "system", None) is not None:
        from idx.loading import read_system_csv

        system = read_system_csv(args.system)
    if Path(path).suffix.lower() == ".txt":
        from idx.report_text import parse_report_table

        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            msg = f"{path}: cannot read file ({exc.strerror})"
            raise TableError(msg) from None
        return parse_report_table(text, system=system, unit_kind=unit_kind, source=path)
    from idx.loading import read_csv

    return read_csv(path, system=system, unit_kind=unit_kind)


def _cell(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _markdown(frame: pd.DataFrame) -> str:
    header = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            v = _cell(value)
            cells.append(f"{v:.4g}" if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_frame(frame: pd.DataFrame, fmt: str) -> str:
    """Render ``frame`` (without its index) as text in format ``fmt``."""
    if fmt == "csv":
        return str(frame.to_csv(index=False)).rstrip("\n")
    if fmt == "json":
        records = [
            {str(k): _cell(v) for k, v in zip(frame.columns, row, strict=True)}
            for row in frame.itertuples(index=False)
        ]
        return json.dumps(records, indent=2, ensure_ascii=False)
    if fmt == "markdown":
        return _markdown(frame)
    if fmt == "table":
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200
        ):
            return str(frame.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    msg = f"'format' must be one of {', '.join(FORMATS)} (got {fmt!r})"
    raise ValueError(msg)


def write_frame(frame: pd.DataFrame, fmt: str) -> None:
    """Print ``frame`` to standard output in format ``fmt``."""
    sys.stdout.write(render_frame(frame, fmt) + "\n")
