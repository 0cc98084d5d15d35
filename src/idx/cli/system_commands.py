"""``idx pillars``: the index system. Kept apart from the scoring commands so that it
starts without loading scipy."""

from __future__ import annotations

import argparse

from idx.cli.data import load_system
from idx.cli.output import Report, emit

__all__ = ["run_pillars"]


def run_pillars(args: argparse.Namespace) -> int:
    """``idx pillars``."""
    system = load_system(args)
    frame = system.to_frame()
    if args.format == "table":
        # The free-text columns make a terminal table unreadable; csv/json keep them.
        frame = frame[["pillar_id", "name", "weight", "weight_status"]]
    data = {"system": getattr(args, "system", None), "name": system.name or None}
    emit(args, Report(frame, data=data))
    return 0
