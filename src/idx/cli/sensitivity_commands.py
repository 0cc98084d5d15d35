"""``idx sensitivity``: stability, path, reversal, range, loo, mc, smaa, sobol.

The random analyses (mc, smaa, sobol) always run with a known seed: ``--seed``, or
a fresh one drawn here, which the summary prints and the csv/json record together
with the command line that repeats the run.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from idx import sensitivity
from idx.cli.data import load_edition
from idx.cli.output import Report, describe_data, emit
from idx.cli.shared import (
    factor_groups,
    fresh_seed,
    independent,
    inputs,
    inputs_note,
    one_unit,
    space,
    space_parameters,
)
from idx.edition import Edition
from idx.sensitivity.sampling import default_sampler
from idx.space import WeightSpace
from idx.uncertainty import Uncertainty
from idx.weight_spec import resolve_pillar

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


def _space(args: argparse.Namespace, edition: Edition) -> tuple[WeightSpace, dict[str, Any]]:
    chosen = space(args, edition)
    return chosen, {"space": space_parameters(args, chosen, edition)}


def _seed_line(seed: int, n: int, sampler: str | None) -> str:
    drawn = f"{n:,} scenarios" + (f", {sampler!r} sampler" if sampler not in (None, "none") else "")
    return f"{drawn}, seed {seed} (--seed {seed} repeats this run)"


def _emit_sampled(
    args: argparse.Namespace,
    edition: Edition,
    result: Any,
    parameters: dict[str, Any],
    summary: str,
    rerun: list[str],
) -> int:
    """Write a sampled run's table (one unit's rows with --unit) with what repeats it."""
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            parameters=parameters,
            data=describe_data(args, edition),
            summary=[summary],
            rerun_extra=rerun,
        ),
    )
    return 0


def run_stability(args: argparse.Namespace) -> int:
    """``idx sensitivity stability``."""
    edition = load_edition(args)
    result = sensitivity.stability_intervals(edition)
    tables = {}
    summary = []
    if result.ties:
        tables["ties"] = (
            "Pairs tied at the base weights (reported apart from the intervals)",
            result.ties_frame(),
        )
        summary.append(
            f"{len(result.ties)} pair(s) tied at the base weights, listed apart "
            "(in table, markdown and json)"
        )
    emit(
        args,
        Report(
            result.to_frame(), data=describe_data(args, edition), summary=summary, tables=tables
        ),
    )
    return 0


def run_path(args: argparse.Namespace) -> int:
    """``idx sensitivity path``."""
    edition = load_edition(args)
    pillar = resolve_pillar(edition.system, args.pillar, what="pillar")
    result = sensitivity.rank_path(edition, pillar)
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            parameters={"pillar": pillar},
            data=describe_data(args, edition),
        ),
    )
    return 0


def run_reversal(args: argparse.Namespace) -> int:
    """``idx sensitivity reversal``."""
    edition = load_edition(args)
    chosen, parameters = _space(args, edition)
    result = sensitivity.reversal(edition, args.ahead, args.behind, chosen)
    emit(
        args,
        Report(
            result.to_frame(),
            parameters={"ahead": result.ahead, "behind": result.behind, **parameters},
            data=describe_data(args, edition),
            summary=result.summary().splitlines(),
            values={
                "distance": result.distance,
                "weights": None
                if result.weights is None
                else dict(zip(edition.pillars, result.weights, strict=True)),
            },
        ),
    )
    return 0


def run_range(args: argparse.Namespace) -> int:
    """``idx sensitivity range``: the JSON also holds each rank's certifying weights."""
    edition = load_edition(args)
    chosen, parameters = _space(args, edition)
    result = sensitivity.rank_range(edition, chosen, workers=args.workers)
    frame = one_unit(result.to_frame(), edition, args.unit)
    shown = set(frame["unit"])
    certificates = [
        {
            "unit": unit,
            "best": int(result.best[i]),
            "best_weights": dict(zip(result.pillars, result.best_weights[i], strict=True)),
            "worst": int(result.worst[i]),
            "worst_weights": dict(zip(result.pillars, result.worst_weights[i], strict=True)),
        }
        for i, unit in enumerate(result.units)
        if unit in shown
    ]
    order = {unit: k for k, unit in enumerate(frame["unit"])}
    certificates.sort(key=lambda c: order[str(c["unit"])])
    emit(
        args,
        Report(
            frame,
            parameters=parameters,
            data=describe_data(args, edition),
            values={"certificates": certificates},
        ),
    )
    return 0


def run_loo(args: argparse.Namespace) -> int:
    """``idx sensitivity loo``."""
    edition = load_edition(args)
    result = sensitivity.leave_one_out(edition)
    emit(
        args,
        Report(one_unit(result.to_frame(), edition, args.unit), data=describe_data(args, edition)),
    )
    return 0


def run_mc(args: argparse.Namespace) -> int:
    """``idx sensitivity mc``."""
    edition = load_edition(args)
    chosen, parameters = inputs(args, edition)
    seed, rerun = fresh_seed(args)
    result = sensitivity.monte_carlo(
        edition,
        chosen,
        args.n,
        sampler=args.sampler,
        seed=seed,
        top_k=args.top,
        progress=_progress(args),
        workers=args.workers,
    )
    parameters = {
        **parameters,
        "sampler": result.sampler,
        "n": result.n,
        "seed": result.seed,
        "top": list(result.top_k),
        "percentiles": list(result.percentiles),
    }
    summary = _seed_line(result.seed, result.n, result.sampler) + _varied(chosen)
    return _emit_sampled(args, edition, result, parameters, summary, rerun)


def _varied(chosen: WeightSpace | Uncertainty) -> str:
    """The summary's words for what varied besides the weights (nothing for a space)."""
    if isinstance(chosen, WeightSpace):
        return ""
    weights = "weights fixed; " if chosen.weights is None else ""
    return f" ({weights}{inputs_note(chosen)})"


def run_smaa(args: argparse.Namespace) -> int:
    """``idx sensitivity smaa``."""
    edition = load_edition(args)
    chosen, parameters = _space(args, edition)
    seed, rerun = fresh_seed(args)
    result = sensitivity.smaa(
        edition,
        chosen,
        args.n,
        sampler=args.sampler,
        seed=seed,
        progress=_progress(args),
        workers=args.workers,
    )
    # SMAAResult does not name its sampler: the one smaa chose by the same default
    sampler = args.sampler or default_sampler(chosen)
    parameters = {**parameters, "sampler": sampler, "n": result.n, "seed": result.seed}
    summary = _seed_line(result.seed, result.n, sampler)
    return _emit_sampled(args, edition, result, parameters, summary, rerun)


def run_sobol(args: argparse.Namespace) -> int:
    """``idx sensitivity sobol``."""
    edition = load_edition(args)
    independent(args)
    chosen, parameters = inputs(args, edition)
    seed, rerun = fresh_seed(args)
    result = sensitivity.sobol(
        edition,
        chosen,
        args.n,
        seed=seed,
        progress=_progress(args, "base samples"),
        workers=args.workers,
        group_weights=args.group_weights,
        groups=factor_groups(args, edition),
    )
    parameters = {
        **parameters,
        "n": result.n,
        "seed": result.seed,
        "confidence": result.confidence,
        "factors": list(result.factors),
    }
    summary = _seed_line(result.seed, result.n, None).replace("scenarios", "base samples")
    return _emit_sampled(args, edition, result, parameters, summary + _varied(chosen), rerun)
