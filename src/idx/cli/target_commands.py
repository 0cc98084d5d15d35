"""``idx target``, ``idx gaps``, ``idx profile`` and ``idx sensitivity importance``."""

from __future__ import annotations

import argparse
from typing import Any

from idx.cli.core_commands import weights_option
from idx.cli.data import load_edition
from idx.cli.output import Report, describe_data, emit
from idx.cli.shared import fresh_seed, one_unit, space, space_parameters
from idx.errors import OptionError
from idx.neighbours import gaps
from idx.sensitivity.importance import importance
from idx.targets import improvement
from idx.unit_profile import profile

__all__ = ["run_gaps", "run_importance", "run_profile", "run_target"]


def _costs(args: argparse.Namespace) -> dict[str, Any] | None:
    costs = args.cost
    if costs is not None and not isinstance(costs, dict):
        msg = f"--cost must be pillar=value pairs separated by commas (got {costs!r})"
        raise OptionError(msg)
    return costs


def _seed_line(seed: int) -> str:
    return f"seed {seed} (--seed {seed} repeats this run)"


def run_target(args: argparse.Namespace) -> int:
    """``idx target``: what it would take for a unit to reach a rank."""
    edition = load_edition(args)
    summary: list[str] = []
    sampled = args.probability is not None
    robust = args.spread is not None or sampled
    chosen = space(args, edition) if robust else None
    if sampled and args.spread is None:
        summary.append("note: --probability sampled weights within +/-25% (--spread 0.25)")
    seed, rerun = fresh_seed(args) if sampled else (args.seed, [])
    result = improvement(
        edition,
        args.unit,
        args.rank,
        weights=weights_option(args),
        space=chosen,
        pillars=list(args.pillar) if args.pillar else None,
        cost=_costs(args),
        probability=args.probability,
        n=args.n,
        sampler=args.sampler,
        seed=seed,
    )
    parameters: dict[str, Any] = {"unit": args.unit, "rank": args.rank}
    if chosen is not None:
        parameters["space"] = space_parameters(args, chosen, edition)
    if sampled:
        parameters.update(probability=args.probability, n=args.n, seed=seed)
        summary.append(_seed_line(seed))
    emit(
        args,
        Report(
            result.to_frame(),
            parameters=parameters,
            data=describe_data(args, edition),
            summary=[*result.summary().splitlines(), *summary],
            rerun_extra=rerun,
        ),
    )
    return 0


def run_gaps(args: argparse.Namespace) -> int:
    """``idx gaps``: every unit's gap to the unit above and lead over the one below."""
    edition = load_edition(args)
    result = gaps(edition, weights_option(args))
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            parameters={"weights": result.weights_used} if hasattr(result, "weights_used") else {},
            data=describe_data(args, edition),
        ),
    )
    return 0


def run_profile(args: argparse.Namespace) -> int:
    """``idx profile``: one unit, everything about its rank."""
    edition = load_edition(args)
    chosen = space(args, edition)
    seed, rerun = fresh_seed(args)
    result = profile(edition, args.unit, chosen, n=args.n, sampler=args.sampler, seed=seed)
    emit(
        args,
        Report(
            result.to_frame(),
            parameters={
                "unit": args.unit,
                "space": space_parameters(args, chosen, edition),
                "n": args.n,
                "seed": seed,
            },
            data=describe_data(args, edition),
            summary=[*result.summary().splitlines(), _seed_line(seed)],
            rerun_extra=rerun,
        ),
    )
    return 0


def run_importance(args: argparse.Namespace) -> int:
    """``idx sensitivity importance``: which pillar matters most for the whole ranking."""
    edition = load_edition(args)
    chosen = space(args, edition)
    seed, rerun = fresh_seed(args)
    # --mode simplex is passed on: importance refuses dependent inputs with a clear error
    result = importance(edition, chosen, shift=args.shift, n=args.n, seed=seed)
    emit(
        args,
        Report(
            result.to_frame(),
            parameters={
                "space": space_parameters(args, chosen, edition),
                "shift": args.shift,
                "n": args.n,
                "seed": seed,
            },
            data=describe_data(args, edition),
            summary=[_seed_line(seed)],
            rerun_extra=rerun,
        ),
    )
    return 0
