"""``idx sensitivity``: stability, path, reversal, range, loo, mc, smaa, sobol."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from idx.cli.output import add_data_argument, add_format_argument, load_edition, write_frame
from idx.edition import Edition
from idx.space import WeightSpace

__all__ = ["register"]


def _space(args: argparse.Namespace, edition: Edition) -> WeightSpace:
    fixed = [p.strip() for p in args.fixed.split(",") if p.strip()] if args.fixed else []
    return WeightSpace.around(edition.system, args.spread, mode=args.mode, fixed=fixed)


def _progress(args: argparse.Namespace) -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done:,} / {total:,} scenarios")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _stability(args: argparse.Namespace) -> int:
    from idx.sensitivity import stability_intervals

    result = stability_intervals(load_edition(args))
    write_frame(result.to_frame(), args.format)
    if result.ties and args.format in ("table", "markdown"):
        sys.stdout.write("\nPairs tied at the base weights (reported apart from the intervals):\n")
        write_frame(result.ties_frame(), args.format)
    return 0


def _path(args: argparse.Namespace) -> int:
    from idx.sensitivity import rank_path

    result = rank_path(load_edition(args), args.pillar)
    frame = result.to_frame()
    if args.unit:
        edition = load_edition(args)
        unit = edition.units[edition.unit_position(args.unit)]
        frame = frame[frame["unit"] == unit]
    write_frame(frame, args.format)
    return 0


def _reversal(args: argparse.Namespace) -> int:
    from idx.sensitivity import reversal

    edition = load_edition(args)
    result = reversal(edition, args.ahead, args.behind, _space(args, edition))
    if args.format in ("table", "markdown"):
        sys.stdout.write(result.summary() + "\n\n")
    else:
        sys.stderr.write(result.summary() + "\n")
    write_frame(result.to_frame(), args.format)
    return 0


def _range(args: argparse.Namespace) -> int:
    from idx.sensitivity import rank_range

    edition = load_edition(args)
    write_frame(rank_range(edition, _space(args, edition)).to_frame(), args.format)
    return 0


def _loo(args: argparse.Namespace) -> int:
    from idx.sensitivity import leave_one_out

    write_frame(leave_one_out(load_edition(args)).to_frame(), args.format)
    return 0


def _mc(args: argparse.Namespace) -> int:
    from idx.sensitivity import monte_carlo

    edition = load_edition(args)
    result = monte_carlo(
        edition,
        _space(args, edition),
        args.n,
        sampler=args.sampler,
        seed=args.seed,
        progress=_progress(args),
    )
    write_frame(result.to_frame(), args.format)
    return 0


def _smaa(args: argparse.Namespace) -> int:
    from idx.sensitivity import smaa

    edition = load_edition(args)
    result = smaa(edition, _space(args, edition), args.n, sampler=args.sampler, seed=args.seed)
    write_frame(result.to_frame(), args.format)
    return 0


def _sobol(args: argparse.Namespace) -> int:
    from idx.sensitivity import sobol

    edition = load_edition(args)
    # --mode simplex is passed on: sobol refuses dependent inputs with a clear error
    result = sobol(edition, _space(args, edition), args.n, seed=args.seed)
    frame = result.to_frame()
    if args.unit:
        unit = edition.units[edition.unit_position(args.unit)]
        frame = frame[frame["unit"] == unit]
    write_frame(frame, args.format)
    return 0


def _add_space(parser: argparse.ArgumentParser, mode: str = "simplex") -> None:
    parser.add_argument(
        "--spread",
        type=float,
        default=0.25,
        help="each weight within +/- this share of its published value (default 0.25)",
    )
    parser.add_argument(
        "--mode",
        choices=("simplex", "factors"),
        default=mode,
        help="simplex: bounds on the weights themselves; factors: independent factors "
        f"renormalised, the JRC convention (default {mode})",
    )
    parser.add_argument("--fixed", metavar="PILLARS", help="comma-separated pillars held fixed")


def _add_sampling(parser: argparse.ArgumentParser, n: int) -> None:
    parser.add_argument("--n", type=int, default=n, help=f"scenarios (default {n})")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")


def register(subparsers: Any) -> None:
    """Add ``idx sensitivity`` and its subcommands."""
    parser = subparsers.add_parser(
        "sensitivity",
        help="how robust each rank is to the weights",
        description="Exact (stability, path, reversal, range, loo) and sampled (mc, smaa, "
        "sobol) analyses of the ranking's sensitivity to the pillar weights.",
    )
    commands = parser.add_subparsers(dest="analysis", metavar="ANALYSIS")
    commands.required = True

    def add(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=help_text, description=help_text
        )
        add_data_argument(sub)
        add_format_argument(sub)
        sub.set_defaults(func=func)
        return sub

    add(
        "stability",
        "per pillar, the weight interval over which the whole ranking holds",
        _stability,
    )
    path = add("path", "every unit's rank as one pillar's weight runs over [0, 1]", _path)
    path.add_argument("--pillar", required=True, help="pillar id, e.g. application")
    path.add_argument("--unit", help="show one unit only")
    rev = add("reversal", "the smallest weight change that lets BEHIND overtake AHEAD", _reversal)
    rev.add_argument("ahead")
    rev.add_argument("behind")
    _add_space(rev)
    rng = add("range", "best and worst attainable rank of every unit, exactly (MILP)", _range)
    _add_space(rng)
    add("loo", "ranks with each pillar dropped and the rest renormalised", _loo)
    mc = add("mc", "Monte Carlo rank distributions (median, percentiles, top-k)", _mc)
    _add_space(mc)
    mc.add_argument("--sampler", choices=("uniform", "jrc", "dirichlet"), default=None)
    _add_sampling(mc, 100_000)
    sm = add("smaa", "SMAA-2 rank acceptability, central weights, confidence", _smaa)
    _add_space(sm)
    sm.add_argument("--sampler", choices=("uniform", "jrc", "dirichlet"), default=None)
    _add_sampling(sm, 100_000)
    so = add("sobol", "first-order and total Sobol indices (factors mode)", _sobol)
    _add_space(so, mode="factors")
    so.add_argument("--unit", help="show one unit only")
    _add_sampling(so, 4096)
