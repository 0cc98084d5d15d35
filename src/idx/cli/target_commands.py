"""``idx target``, ``idx gaps``, ``idx profile`` and ``idx sensitivity importance``.

The sampled answers (``target --probability``, ``profile``, ``importance``) always run
with a known seed: ``--seed``, or a fresh one drawn here, which the summary prints and
the csv/json record with the command line that repeats the run. The library names its
parameters (``'rank'``, ``'cost'``, ``'pillars'``, ``'shift'``, ``'probability'``);
its messages are reworded here with the options that set them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from idx.cli.core_commands import weights_option
from idx.cli.data import load_edition
from idx.cli.output import Report, describe_data, emit
from idx.cli.shared import fresh_seed, not_applicable, one_unit, space, space_parameters
from idx.edition import Edition
from idx.errors import IdxError, OptionError
from idx.neighbours import gaps
from idx.scoring import score
from idx.sensitivity.importance import importance
from idx.space import WeightSpace
from idx.targets import DEFAULT_SAMPLES, improvement
from idx.unit_profile import profile
from idx.weight_spec import WeightsLike, resolve_pillars

__all__ = ["run_gaps", "run_importance", "run_profile", "run_target"]

# library parameter -> the attribute of the option that sets it (``pillars`` is --pillar)
_PARAMETERS = {
    "rank": "rank",
    "cost": "cost",
    "pillars": "pillar",
    "pillar": "pillar",
    "shift": "shift",
    "probability": "probability",
}
# a quoted parameter name where the library's messages put one: first, or after "in "
_QUOTED = re.compile(r"(^|\bin )'(\w+)'")


@contextmanager
def _option_words(args: argparse.Namespace) -> Iterator[None]:
    """Re-raise the library's errors with ``'rank'`` written ``--rank`` (and so on)."""
    try:
        yield
    except IdxError as exc:

        def replace(match: re.Match[str]) -> str:
            dest = _PARAMETERS.get(match.group(2))
            if dest is None or not hasattr(args, dest):
                return match.group(0)
            return f"{match.group(1)}--{dest}"

        raise type(exc)(_QUOTED.sub(replace, str(exc))) from exc


def _weights(
    args: argparse.Namespace, edition: Edition, chosen: WeightSpace | None = None
) -> tuple[WeightsLike, dict[str, Any]]:
    """``--weights`` resolved as ``idx rank`` resolves it, and the weights to record.

    Scheme names (``entropy``, ...) need the data, so they become their weight vector
    here; without ``--weights`` a space's reference weights are the fixed ones.
    """
    spec = weights_option(args)
    if spec is None and chosen is not None:
        reference = dict(zip(edition.pillars, chosen.reference, strict=True))
        return None, {"weights": reference, "weights_label": "reference of the space"}
    used = score(edition, spec)
    return (None if spec is None else used.weights), {
        "weights": used.weights_used,
        "weights_label": used.weights_label,
    }


def _pillars(args: argparse.Namespace, edition: Edition) -> tuple[str, ...] | None:
    """``--pillar``: pillar ids, each named by id or name in any case (as ``--weights``)."""
    if not args.pillar:
        return None
    return resolve_pillars(edition.system, args.pillar, what="pillar", error=OptionError)


def _costs(args: argparse.Namespace, edition: Edition) -> dict[str, float] | list[float] | None:
    """``--cost`` as numbers: ``pillar=value`` pairs or one value per chosen pillar."""
    costs = args.cost
    if costs is None:
        return None
    if isinstance(costs, str):
        msg = (
            "--cost must be pillar=value pairs such as application=2, or one number per "
            f"chosen pillar in order (got {costs!r})"
        )
        raise OptionError(msg)
    named: list[tuple[str, float | str]] = (
        [(f"the cost of pillar {p!r}", v) for p, v in costs.items()]
        if isinstance(costs, Mapping)
        else [(f"cost {k + 1}", v) for k, v in enumerate(costs)]
    )
    for subject, value in named:
        if isinstance(value, str):
            # values.weights keeps "20%" as text; a cost is not a share of anything
            msg = (
                f"--cost: {subject} must be a number, the cost of one index point, "
                f"not a percentage (got {value!r})"
            )
            raise OptionError(msg)
    if isinstance(costs, Mapping):
        ids = resolve_pillars(edition.system, costs, what="cost", error=OptionError)
        return {p: float(v) for p, v in zip(ids, costs.values(), strict=True)}
    return [float(v) for v in costs]


def _seed_line(seed: int, n: int, sampler: str | None) -> str:
    drawn = f"{n:,} scenarios" + (f", {sampler!r} sampler" if sampler else "")
    return f"{drawn}, seed {seed} (--seed {seed} repeats this run)"


def run_target(args: argparse.Namespace) -> int:
    """``idx target``: what it would take for a unit to reach a rank."""
    sampled = args.probability is not None
    robust = args.spread is not None or sampled
    if not sampled:
        for option, given in (("--n", args.n), ("--sampler", args.sampler), ("--seed", args.seed)):
            not_applicable(option, given, "with --probability")
    if not robust:
        for option, given in (("--mode", args.mode), ("--fixed", args.fixed)):
            not_applicable(option, given, "with --spread or --probability")
        not_applicable("--bounds", args.bounds, "with --spread or --probability")
    args.mode = args.mode or "simplex"
    edition = load_edition(args)
    chosen = space(args, edition) if robust else None
    weights, recorded = _weights(args, edition, chosen)
    seed, rerun = fresh_seed(args) if sampled else (None, [])
    n = DEFAULT_SAMPLES if args.n is None else args.n
    with _option_words(args):
        result = improvement(
            edition,
            args.unit,
            args.rank,
            weights=weights,
            space=chosen,
            pillars=_pillars(args, edition),
            cost=_costs(args, edition),
            probability=args.probability,
            n=n,
            sampler=args.sampler,
            seed=seed,
        )
    parameters: dict[str, Any] = {
        "unit": result.unit,
        "rank": result.rank,
        "pillars": list(result.pillars),
        **recorded,
        "cost": dict(zip(result.pillars, result.combined.cost.tolist(), strict=True)),
    }
    summary = result.summary().splitlines()
    if chosen is not None:
        parameters["space"] = space_parameters(args, chosen, edition)
    if sampled and args.spread is None:
        summary.append("note: --probability sampled weights within +/-25% (--spread 0.25)")
    if result.probable_combined is not None and seed is not None:
        used = result.probable_combined.seed
        sampler = result.probable_combined.sampler
        parameters.update(probability=args.probability, sampler=sampler, n=n, seed=used)
        summary.append(_seed_line(used, n, sampler))
    emit(
        args,
        Report(
            result.to_frame(),
            parameters=parameters,
            data=describe_data(args, edition),
            summary=summary,
            rerun_extra=rerun,
        ),
    )
    return 0


def run_gaps(args: argparse.Namespace) -> int:
    """``idx gaps``: every unit's gap to the unit above and lead over the one below."""
    edition = load_edition(args)
    weights, recorded = _weights(args, edition)
    result = gaps(edition, weights)
    frame = one_unit(result.to_frame(), edition, args.unit)
    unit = None if args.unit is None else str(frame["unit"].iloc[0])
    emit(
        args,
        Report(
            frame,
            parameters={**recorded, "unit": unit},
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
    used = result.seed
    emit(
        args,
        Report(
            result.to_frame(),
            parameters={
                "unit": result.unit,
                "space": space_parameters(args, chosen, edition),
                "sampler": result.sampler,
                "n": result.n,
                "seed": used,
            },
            data=describe_data(args, edition),
            summary=[*result.summary().splitlines(), _seed_line(used, result.n, result.sampler)],
            rerun_extra=rerun,
        ),
    )
    return 0


def run_importance(args: argparse.Namespace) -> int:
    """``idx sensitivity importance``: which pillar matters most for the whole ranking."""
    if args.mode != "factors":
        # the Sobol indices need independent inputs; the library would say so in Python
        msg = (
            "--mode must be factors for sensitivity importance: its Sobol indices need "
            f"independent weight factors (got --mode {args.mode})"
        )
        raise OptionError(msg)
    edition = load_edition(args)
    chosen = space(args, edition)
    seed, rerun = fresh_seed(args)
    with _option_words(args):
        result = importance(edition, chosen, shift=args.shift, n=args.n, seed=seed)
    used = result.seed
    most = result.most_important
    shift = f"{result.shift * 100:g}%"
    summary = [
        f"most important: {most['leave_one_out']} when dropped, {most['plus_minus']} when "
        f"its weight factor moves +/-{shift}, {most['sobol_total']} by the mean total "
        "Sobol index",
        *(f"note: {note}" for note in result.notes),
        _seed_line(used, result.n, None).replace("scenarios", "base samples"),
    ]
    emit(
        args,
        Report(
            result.to_frame(),
            parameters={
                "space": space_parameters(args, chosen, edition),
                "shift": result.shift,
                "n": result.n,
                "seed": used,
                "confidence": result.sobol_total_interval.level,
            },
            data=describe_data(args, edition),
            summary=summary,
            rerun_extra=rerun,
        ),
    )
    return 0
