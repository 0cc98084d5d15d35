"""Writing a command's results: table, csv, json or markdown, and its human summary.

Where each part goes, in every format alike:

- the main table goes to standard output;
- the human summary (findings, notes, correlations, the seed used) goes to
  standard error, so that standard output holds only the table;
- secondary tables (tied pairs, correlation matrices) follow the main table in
  ``table`` and ``markdown``, and are keys of the ``json`` object; a ``csv`` file
  holds one table, so they are left out of it (``--format json`` has everything);
- ``csv`` and ``json`` also record what reproduces them: the idx version, the
  command line to run again (with the seed that was used), the data and the
  parameters as resolved (weights, space, sampler, n, seed). ``json`` is one object
  ``{"idx", "command", "rerun", "data", "parameters", "summary", "rows", ...}``;
  ``csv`` puts the same as ``# key: value`` lines (values other than text as JSON)
  before the header, so read it with ``pandas.read_csv(path, comment="#")``.

Numbers print at the precision they have. In ``table`` and ``markdown`` each column
gets the fewest decimals (at most 4) that show all its values exactly: sub-scores
printed to 2 decimals stay ``5.75``, not ``5.7500``. ``csv`` and ``json`` keep 12
significant digits: every figure, and none of the float noise of
``7.1000000000000005``.
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

import idx
from idx.edition import Edition
from idx.options import Format
from idx.validation import one_of

__all__ = [
    "Report",
    "column_decimals",
    "describe_data",
    "emit",
    "plain",
    "render_frame",
]

#: Most decimals a table or markdown column shows.
MAX_DECIMALS = 4
#: Significant digits of numbers in csv and json.
DIGITS = 12


class Report(NamedTuple):
    """What a command produced, before it is written in the chosen format.

    Attributes
    ----------
    frame : DataFrame
        The main table.
    parameters : dict
        Every setting that, with the data, determines the output (resolved: the
        weights used, the space's bounds, the sampler, n, the seed).
    data : dict, optional
        Where the figures come from (:func:`describe_data`).
    summary : list of str
        Lines for a person: standard error in every format; ``"summary"`` in json,
        ``# summary:`` lines in csv.
    tables : dict
        Secondary tables, ``key -> (title, frame)``.
    values : dict
        Further results for json (correlations, certificates, ...).
    rerun_extra : list of str
        Arguments to add to the command line to repeat the run (``--seed 1234``
        when the seed was drawn).
    """

    frame: pd.DataFrame
    parameters: Mapping[str, Any] = {}
    data: Mapping[str, Any] | None = None
    summary: Sequence[str] = ()
    tables: Mapping[str, tuple[str, pd.DataFrame]] = {}
    values: Mapping[str, Any] = {}
    rerun_extra: Sequence[str] = ()


def describe_data(args: argparse.Namespace, edition: Edition) -> dict[str, Any]:
    """Where an edition comes from: the file given (or the bundled data) and its source."""
    return {
        "file": getattr(args, "data", None),
        "system": getattr(args, "system", None),
        "source": edition.source or None,
        "year": edition.year,
        "units": edition.n_units,
        "pillars": list(edition.pillars),
    }


def _number(value: float) -> float | None:
    if not math.isfinite(value):
        return None
    return float(f"{value:.{DIGITS}g}")


def plain(value: Any) -> Any:
    """``value`` as plain JSON values: numbers to 12 significant digits, NaN as null."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _number(float(value))
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, pd.DataFrame):
        return _records(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): plain(v) for k, v in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False)
    ]


def column_decimals(values: Any) -> int:
    """The fewest decimals (at most :data:`MAX_DECIMALS`) that show every value exactly.

    >>> column_decimals([5.75, 7.1000000000000005, 45.18])
    2
    """
    array = np.asarray(values, dtype=np.float64)
    finite = array[np.isfinite(array)]
    for d in range(MAX_DECIMALS + 1):
        # a value "is" a d-decimal figure if rounding moves it by float noise only
        if np.all(np.abs(np.round(finite, d) - finite) <= 1e-9 * np.maximum(1.0, np.abs(finite))):
            return d
    return MAX_DECIMALS


def _float_columns(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]


def _formatters(frame: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in _float_columns(frame):
        d = column_decimals(frame[column].to_numpy())

        def fmt(x: float, d: int = d) -> str:
            return "NaN" if not math.isfinite(x) else f"{x + 0.0:.{d}f}"

        out[column] = fmt
    return out


def _markdown(frame: pd.DataFrame) -> str:
    formatters = _formatters(frame)
    header = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(header, row, strict=True):
            fmt = formatters.get(column)
            cells.append(fmt(float(value)) if fmt is not None else str(plain(value)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_frame(frame: pd.DataFrame, fmt: Format) -> str:
    """Render ``frame`` (without its index or any metadata) as text in format ``fmt``."""
    one_of("format", fmt, Format)
    if fmt == "csv":
        return str(frame.to_csv(index=False, float_format=f"%.{DIGITS}g")).rstrip("\n")
    if fmt == "json":
        return json.dumps(_records(frame), indent=2, ensure_ascii=False)
    if fmt == "markdown":
        return _markdown(frame)
    if frame.empty:
        return "(no rows)"
    with pd.option_context(
        "display.max_rows", None, "display.max_columns", None, "display.width", 200
    ):
        return str(frame.to_string(index=False, formatters=_formatters(frame)))


def _metadata(args: argparse.Namespace, report: Report) -> dict[str, Any]:
    argv = [*getattr(args, "argv", []), *report.rerun_extra]
    command = str(getattr(args, "command_prog", "idx"))
    return {
        "idx": idx.__version__,
        "command": command.removeprefix("idx "),
        "rerun": shlex.join(["idx", *argv]),
        "data": plain(report.data),
        "parameters": plain(report.parameters),
    }


def emit(args: argparse.Namespace, report: Report) -> None:
    """Write ``report`` in ``args.format``: the table to stdout, then the summary to stderr."""
    fmt: Format = args.format
    one_of("format", fmt, Format)
    if fmt == "json":
        document = {
            **_metadata(args, report),
            "summary": list(report.summary),
            "rows": _records(report.frame),
            **{key: plain(frame) for key, (_, frame) in report.tables.items()},
            **{key: plain(value) for key, value in report.values.items()},
        }
        text = json.dumps(document, indent=2, ensure_ascii=False)
    elif fmt == "csv":
        lines = []
        for key, value in _metadata(args, report).items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            lines.append(f"# {key}: {shown}")
        lines.extend(f"# summary: {line}" for line in report.summary)
        text = "\n".join([*lines, render_frame(report.frame, fmt)])
    else:
        parts = [render_frame(report.frame, fmt)]
        parts.extend(
            f"{title}:\n{render_frame(frame, fmt)}" for title, frame in report.tables.values()
        )
        text = "\n\n".join(parts)
    sys.stdout.write(text + "\n")
    if report.summary:
        # after the table, so that on a terminal the summary reads as its footer
        sys.stdout.flush()
        sys.stderr.write("\n".join(report.summary) + "\n")
