"""``idx target``, ``idx gaps``, ``idx profile`` and ``idx sensitivity importance``."""

from __future__ import annotations

import argparse
import sys

from idx.cli.core_commands import parse_weights
from idx.cli.data import load_edition
from idx.cli.output import write_frame
from idx.edition import Edition
from idx.errors import IdxError
from idx.neighbours import gaps
from idx.sensitivity.importance import importance
from idx.space import WeightSpace
from idx.targets import improvement
from idx.unit_profile import profile

__all__ = ["run_gaps", "run_importance", "run_profile", "run_target"]


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()] if text else []


def _space(args: argparse.Namespace, edition: Edition, spread: float) -> WeightSpace:
    return WeightSpace.around(edition.system, spread, mode=args.mode, fixed=_list(args.fixed))


def _costs(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    parsed = parse_weights(text)
    if not isinstance(parsed, dict):
        msg = f"--cost: expected pillar=value pairs separated by commas (got {text!r})"
        raise IdxError(msg)
    return parsed


def _say(text: str, fmt: str) -> None:
    """Prose goes to stdout for people (table, markdown) and to stderr for machines."""
    if fmt in ("table", "markdown"):
        sys.stdout.write(text + "\n\n")
    else:
        sys.stderr.write(text + "\n")


def _seed_note(seed: int | None) -> None:
    """Say which seed a run drew, so that it can be repeated with --seed."""
    if seed is not None:
        sys.stderr.write(f"note: drew seed {seed} (repeat with --seed {seed})\n")


def run_target(args: argparse.Namespace) -> int:
    """``idx target``."""
    edition = load_edition(args)
    spread = args.spread
    defaulted = spread is None and args.probability is not None
    if defaulted:
        spread = 0.25
    space = None if spread is None else _space(args, edition, spread)
    result = improvement(
        edition,
        args.unit,
        args.rank,
        weights=parse_weights(args.weights),
        space=space,
        pillars=_list(args.pillar) or None,
        cost=_costs(args.cost),
        probability=args.probability,
        n=args.n,
        sampler=args.sampler,
        seed=args.seed,
    )
    if defaulted:
        sys.stderr.write("note: --probability sampled weights within +/-25% (--spread 0.25)\n")
    if result.probable_combined is not None and args.seed is None:
        _seed_note(result.probable_combined.seed)
    _say(result.summary(), args.format)
    write_frame(result.to_frame(), args.format)
    return 0


def run_gaps(args: argparse.Namespace) -> int:
    """``idx gaps``."""
    edition = load_edition(args)
    frame = gaps(edition, parse_weights(args.weights)).to_frame()
    if args.unit:
        frame = frame[frame["unit"] == edition.units[edition.unit_position(args.unit)]]
    write_frame(frame, args.format)
    return 0


def run_profile(args: argparse.Namespace) -> int:
    """``idx profile``."""
    edition = load_edition(args)
    result = profile(
        edition,
        args.unit,
        _space(args, edition, args.spread),
        n=args.n,
        sampler=args.sampler,
        seed=args.seed,
    )
    if args.seed is None:
        _seed_note(result.seed)
    _say(result.summary(), args.format)
    write_frame(result.to_frame(), args.format)
    return 0


def run_importance(args: argparse.Namespace) -> int:
    """``idx sensitivity importance``."""
    edition = load_edition(args)
    # --mode simplex is passed on: importance refuses dependent inputs with a clear error
    result = importance(
        edition, _space(args, edition, args.spread), shift=args.shift, n=args.n, seed=args.seed
    )
    if args.seed is None:
        _seed_note(result.seed)
    write_frame(result.to_frame(), args.format)
    return 0
