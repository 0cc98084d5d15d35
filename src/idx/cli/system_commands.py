"""``idx pillars``: the index system. Kept apart from the scoring commands so that it
starts without loading scipy."""

from __future__ import annotations

import argparse

from idx.cli.data import load_system
from idx.cli.output import write_frame

__all__ = ["run_pillars"]


def run_pillars(args: argparse.Namespace) -> int:
    """``idx pillars``."""
    frame = load_system(args).to_frame()
    if args.format == "table":
        # The free-text columns make a terminal table unreadable; csv/json keep them.
        frame = frame[["pillar_id", "name", "weight", "weight_status"]]
    write_frame(frame, args.format)
    return 0
