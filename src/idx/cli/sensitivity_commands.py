"""``idx sensitivity``: stability, path, reversal, range, loo, mc, smaa, sobol."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from idx import sensitivity
from idx.cli.data import load_edition
from idx.cli.output import write_frame
from idx.edition import Edition
from idx.space import WeightSpace

__all__ = [
    "run_loo",
    "run_mc",
    "run_path",
    "run_range",
    "run_reversal",
    "run_smaa",
    "run_sobol",
    "run_stability",
]


def _space(args: argparse.Namespace, edition: Edition) -> WeightSpace:
    fixed = [p.strip() for p in args.fixed.split(",") if p.strip()] if args.fixed else []
    return WeightSpace.around(edition.system, args.spread, mode=args.mode, fixed=fixed)


def _progress(args: argparse.Namespace, what: str = "scenarios") -> Any:
    """A progress callback writing to stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done:,} / {total:,} {what}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def run_stability(args: argparse.Namespace) -> int:
    """``idx sensitivity stability``."""
    result = sensitivity.stability_intervals(load_edition(args))
    write_frame(result.to_frame(), args.format)
    if result.ties and args.format in ("table", "markdown"):
        sys.stdout.write("\nPairs tied at the base weights (reported apart from the intervals):\n")
        write_frame(result.ties_frame(), args.format)
    return 0


def run_path(args: argparse.Namespace) -> int:
    """``idx sensitivity path``."""
    result = sensitivity.rank_path(load_edition(args), args.pillar)
    frame = result.to_frame()
    if args.unit:
        edition = load_edition(args)
        unit = edition.units[edition.unit_position(args.unit)]
        frame = frame[frame["unit"] == unit]
    write_frame(frame, args.format)
    return 0


def run_reversal(args: argparse.Namespace) -> int:
    """``idx sensitivity reversal``."""
    edition = load_edition(args)
    result = sensitivity.reversal(edition, args.ahead, args.behind, _space(args, edition))
    if args.format in ("table", "markdown"):
        sys.stdout.write(result.summary() + "\n\n")
    else:
        sys.stderr.write(result.summary() + "\n")
    write_frame(result.to_frame(), args.format)
    return 0


def run_range(args: argparse.Namespace) -> int:
    """``idx sensitivity range``."""
    edition = load_edition(args)
    result = sensitivity.rank_range(edition, _space(args, edition), workers=args.workers)
    write_frame(result.to_frame(), args.format)
    return 0


def run_loo(args: argparse.Namespace) -> int:
    """``idx sensitivity loo``."""
    write_frame(sensitivity.leave_one_out(load_edition(args)).to_frame(), args.format)
    return 0


def run_mc(args: argparse.Namespace) -> int:
    """``idx sensitivity mc``."""
    edition = load_edition(args)
    result = sensitivity.monte_carlo(
        edition,
        _space(args, edition),
        args.n,
        sampler=args.sampler,
        seed=args.seed,
        progress=_progress(args),
        workers=args.workers,
    )
    write_frame(result.to_frame(), args.format)
    return 0


def run_smaa(args: argparse.Namespace) -> int:
    """``idx sensitivity smaa``."""
    edition = load_edition(args)
    result = sensitivity.smaa(
        edition,
        _space(args, edition),
        args.n,
        sampler=args.sampler,
        seed=args.seed,
        progress=_progress(args),
        workers=args.workers,
    )
    write_frame(result.to_frame(), args.format)
    return 0


def run_sobol(args: argparse.Namespace) -> int:
    """``idx sensitivity sobol``."""
    edition = load_edition(args)
    # --mode simplex is passed on: sobol refuses dependent inputs with a clear error
    result = sensitivity.sobol(
        edition,
        _space(args, edition),
        args.n,
        seed=args.seed,
        progress=_progress(args, "base samples"),
        workers=args.workers,
    )
    frame = result.to_frame()
    if args.unit:
        unit = edition.units[edition.unit_position(args.unit)]
        frame = frame[frame["unit"] == unit]
    write_frame(frame, args.format)
    return 0
