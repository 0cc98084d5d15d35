"""What several commands share: the weight space from the options, one unit's rows,
the seed of a random run, options that do not apply."""

from __future__ import annotations

import argparse
import secrets
from typing import Any

import pandas as pd

from idx.edition import Edition
from idx.errors import IdxError, OptionError
from idx.options import NoiseKind
from idx.space import WeightSpace
from idx.uncertainty import INPUTS, Noise, Uncertainty
from idx.weight_spec import resolve_pillar, resolve_pillars

__all__ = [
    "DEFAULT_SPREAD",
    "factor_groups",
    "fresh_seed",
    "independent",
    "inputs",
    "inputs_note",
    "not_applicable",
    "one_unit",
    "space",
    "space_parameters",
]

#: ``--spread`` when none is given: each weight within +/-25% of the published one.
DEFAULT_SPREAD = 0.25


def space(args: argparse.Namespace, edition: Edition) -> WeightSpace:
    """The space ``--spread``, ``--mode``, ``--fixed`` and ``--bounds`` describe."""
    spread = DEFAULT_SPREAD if args.spread is None else args.spread
    return WeightSpace.around(
        edition.system, spread, mode=args.mode, fixed=args.fixed or (), bounds=args.bounds
    )


def inputs(
    args: argparse.Namespace, edition: Edition
) -> tuple[WeightSpace | Uncertainty, dict[str, Any]]:
    """The weight space, or the :class:`~idx.Uncertainty` the options describe, and the
    parameters that rebuild it (for the weights alone, exactly those of :func:`space`)."""
    if args.noise is None:
        not_applicable("--noise-kind", args.noise_kind, "with --noise")
        not_applicable("--noise-distribution", args.noise_distribution, "with --noise")
        noise = None
    else:
        size, percent = args.noise
        if isinstance(size, dict):
            size = {resolve_pillar(edition.system, k, what="pillar"): v for k, v in size.items()}
        # a percentage is a share of the index: relative noise, unless told otherwise
        kind: NoiseKind = args.noise_kind or ("relative" if percent else "absolute")
        if percent and kind == "absolute":
            msg = (
                "--noise in percent is a share of the index, which is --noise-kind relative; "
                "absolute noise is in index points (e.g. --noise 2)"
            )
            raise OptionError(msg)
        noise = Noise(size, kind=kind, distribution=args.noise_distribution or "uniform")
    others = {
        "rounding": args.rounding,
        "noise": noise,
        "aggregation": args.aggregations,
        "normalisation": args.normalisations,
        "imputation": args.imputations,
    }
    varied = any(value not in (None, False) for value in others.values())
    if args.fixed_weights:
        for option, given in (
            ("--spread", args.spread),
            ("--fixed", args.fixed),
            ("--bounds", args.bounds),
        ):
            not_applicable(option, given, "when the weights vary (not with --fixed-weights)")
        if not varied:
            msg = (
                "--fixed-weights leaves nothing to vary: add --rounding, --noise, "
                "--aggregations, --normalisations or --imputations"
            )
            raise OptionError(msg)
        weights = None
        parameters: dict[str, Any] = {"space": None}
    else:
        weights = space(args, edition)
        parameters = {"space": space_parameters(args, weights, edition)}
    if not varied:
        assert weights is not None
        return weights, parameters
    chosen = Uncertainty(weights=weights, **others)
    return chosen, {**parameters, "inputs": chosen.describe()}


def factor_groups(args: argparse.Namespace, edition: Edition) -> dict[str, tuple[str, ...]] | None:
    """``--group`` options as Sobol's ``groups``; pillars named by id or name."""
    if not args.group:
        return None
    out: dict[str, tuple[str, ...]] = {}
    for name, members in args.group:
        if name in out:
            msg = f"--group names group {name!r} twice"
            raise OptionError(msg)
        out[name] = tuple(_factor(edition, m) for m in members)
    return out


def _factor(edition: Edition, name: str) -> str:
    """A factor's name: an input's, or a pillar's id from any spelling of the pillar;
    anything else is passed on, and sobol names every factor it knows."""
    if name in INPUTS:
        return name
    try:
        return resolve_pillar(edition.system, name)
    except IdxError:
        return name


def independent(args: argparse.Namespace) -> None:
    """Sobol needs independent inputs: say so in the command line's words."""
    if args.mode == "simplex" and not args.fixed_weights:
        msg = (
            "sobol needs independent inputs: use --mode factors (its default), where each "
            "weight factor varies on its own and the weights are renormalised"
        )
        raise OptionError(msg)


def inputs_note(chosen: Uncertainty) -> str:
    """What varies besides the weights, in words, for a figure's source line or a summary."""
    parts = []
    if chosen.rounding:
        parts.append("printed sub-scores drawn within their rounding")
    if chosen.noise is not None:
        size = chosen.noise.size
        shown = (
            ", ".join(f"{k} {v:g}" for k, v in size.items())
            if not isinstance(size, float)
            else f"{size:g}"
        )
        unit = "index points" if chosen.noise.kind == "absolute" else "of the index"
        parts.append(f"{chosen.noise.distribution} noise of {shown} {unit}")
    described = chosen.describe()
    for name in ("aggregation", "normalisation", "imputation"):
        if name in described:
            options = described[name]
            assert isinstance(options, dict)
            parts.append(f"{name} " + "/".join(f"{k} ({p:.0%})" for k, p in options.items()))
    return "; ".join(parts)


def space_parameters(
    args: argparse.Namespace, chosen: WeightSpace, edition: Edition
) -> dict[str, Any]:
    """The options as given and the space they gave: enough to rebuild it exactly."""
    fixed = resolve_pillars(edition.system, args.fixed or ())
    return {
        "spread": DEFAULT_SPREAD if args.spread is None else args.spread,
        "fixed": list(fixed),
        "bounds": {k: list(v) for k, v in (args.bounds or {}).items()},
        **chosen.as_dict(),
    }


def one_unit(frame: pd.DataFrame, edition: Edition, unit: str | None) -> pd.DataFrame:
    """The rows of ``unit`` (any label the edition resolves), or all rows for None."""
    if unit is None:
        return frame
    name = edition.units[edition.unit_position(unit)]
    rows: pd.DataFrame = frame[frame["unit"] == name].reset_index(drop=True)
    return rows


def fresh_seed(args: argparse.Namespace) -> tuple[int, list[str]]:
    """``--seed``, or a fresh one; and what to add to the command line to repeat the run.

    A fresh seed is drawn here rather than by the library so that the command line
    can always be repeated: the seed is printed and recorded with the output.
    """
    if args.seed is not None:
        return int(args.seed), []
    seed = secrets.randbits(32)
    return seed, ["--seed", str(seed)]


def not_applicable(option: str, given: object, when: str) -> None:
    """An :class:`OptionError` if ``option`` was given where it has no effect."""
    if given is not None:
        msg = f"{option} applies only {when}"
        raise OptionError(msg)
