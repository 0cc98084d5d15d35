"""Writing a command's tables to standard output: table, csv, json or markdown."""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
import pandas as pd

from idx.options import Format
from idx.validation import one_of

__all__ = ["render_frame", "write_frame"]


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


def render_frame(frame: pd.DataFrame, fmt: Format) -> str:
    """Render ``frame`` (without its index) as text in format ``fmt``."""
    one_of("format", fmt, Format)
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
    with pd.option_context(
        "display.max_rows", None, "display.max_columns", None, "display.width", 200
    ):
        return str(frame.to_string(index=False, float_format=lambda x: f"{x:.4f}"))


def write_frame(frame: pd.DataFrame, fmt: Format) -> None:
    """Print ``frame`` to standard output in format ``fmt``."""
    sys.stdout.write(render_frame(frame, fmt) + "\n")
