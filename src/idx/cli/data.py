"""The edition a command works on: ``--data``, ``--system`` and ``--units``, or the 2017 data."""

from __future__ import annotations

import argparse
from pathlib import Path

from idx.datasets import SYSTEM_2017, load_2017
from idx.edition import Edition
from idx.errors import TableError
from idx.io import parse_report_table, read_csv, read_system_csv
from idx.options import UnitKind
from idx.system import IndexSystem

__all__ = ["load_edition", "load_system"]


def load_system(args: argparse.Namespace) -> IndexSystem:
    """The system named by ``--system``, or the 2017 system."""
    path = getattr(args, "system", None)
    return SYSTEM_2017 if path is None else read_system_csv(path)


def load_edition(args: argparse.Namespace) -> Edition:
    """The edition named by ``--data``, or the bundled 2017 edition."""
    path = getattr(args, "data", None)
    if path is None and getattr(args, "system", None) is not None:
        msg = "--system needs --data: the bundled 2017 edition has its own system"
        raise TableError(msg)
    if path is None:
        return load_2017()
    unit_kind: UnitKind = "other" if getattr(args, "units", "province") == "other" else "province"
    system = load_system(args)
    if Path(path).suffix.lower() == ".txt":
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            msg = f"{path}: cannot read file ({exc.strerror})"
            raise TableError(msg) from None
        return parse_report_table(text, system=system, unit_kind=unit_kind, source=path)
    return read_csv(path, system=system, unit_kind=unit_kind)
