"""What several commands share: the weight space from the options, one unit's rows,
the seed of a random run, options that do not apply."""

from __future__ import annotations

import argparse
import secrets
from typing import Any

import pandas as pd

from idx.edition import Edition
from idx.errors import OptionError
from idx.space import WeightSpace
from idx.weight_spec import resolve_pillars

__all__ = [
    "DEFAULT_SPREAD",
    "fresh_seed",
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
