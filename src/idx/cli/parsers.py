"""Every ``idx`` command's arguments, and which handler runs it.

This module imports nothing heavier than :mod:`idx.options`, so ``idx --help`` and
argument errors answer at once. Each command names its handler as
``"module:function"``; :func:`idx.cli.main.main` imports that module only when the
command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from idx.options import Format, RankMethod, Sampler, SpaceMode, UnitKind, WeightingScheme, choices

__all__ = ["build_parser"]

_WEIGHTS_HELP = (
    "'published' (default), 'equal', or pillar=value pairs such as "
    "application=0.3,security=0.1 (unnamed pillars share the rest in proportion)"
)
_SCHEME_NAMES = choices(WeightingScheme)


def add_format_argument(parser: argparse.ArgumentParser, default: str = "table") -> None:
    """Add ``--format table|csv|json|markdown``."""
    parser.add_argument(
        "--format",
        choices=choices(Format),
        default=default,
        help=f"output format (default: {default})",
    )


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--data FILE`` (a CSV table or the report's raw text), ``--system`` and ``--units``."""
    parser.add_argument(
        "--data",
        metavar="FILE",
        help="a CSV table (wide or long) or a .txt file holding the report's raw table; "
        "default: the bundled 2017 edition",
    )
    parser.add_argument(
        "--system",
        metavar="FILE",
        help="a CSV of pillars (pillar_id,name,weight,...) like seeds/table1_index_system_2017.csv; "
        "default: the 2017 index system",
    )
    parser.add_argument(
        "--units",
        choices=choices(UnitKind),
        default="province",
        help="'other' for units outside the province registry (cities, countries)",
    )


def _command(
    subparsers: Any, name: str, handler: str, help_text: str, description: str | None = None
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=description or help_text
    )
    parser.set_defaults(handler=handler)
    return parser


def _core(subparsers: Any) -> None:
    rank = _command(
        subparsers,
        "rank",
        "idx.cli.core_commands:run_rank",
        "totals and ranks under the published or other weights",
        "Recompute every unit's total and rank.",
    )
    rank.add_argument("--weights", metavar="SPEC", help=_WEIGHTS_HELP)
    rank.add_argument(
        "--method",
        choices=choices(RankMethod),
        default="min",
        help="tie rule: min = competition ranking (default)",
    )
    add_data_argument(rank)
    add_format_argument(rank)

    verify = _command(
        subparsers,
        "verify",
        "idx.cli.core_commands:run_verify",
        "check printed totals and ranks against the sub-scores",
        "Recompute totals and ranks and compare them with the printed ones, "
        "within the printed rounding. Exit status 1 when the figures are inconsistent.",
    )
    add_data_argument(verify)
    add_format_argument(verify)

    compare = _command(
        subparsers,
        "compare",
        "idx.cli.core_commands:run_compare",
        "rank shifts against the published ranking",
        "Rank shifts of every unit under other weights (or schemes) against the "
        "published ranking, with Spearman and Kendall correlations.",
    )
    compare.add_argument("--weights", metavar="SPEC", help=_WEIGHTS_HELP)
    compare.add_argument(
        "--schemes",
        metavar="LIST",
        help="comma-separated weighting schemes, e.g. published,equal,entropy,critic",
    )
    add_data_argument(compare)
    add_format_argument(compare)

    pillars = _command(
        subparsers,
        "pillars",
        "idx.cli.system_commands:run_pillars",
        "the index system (Table 1): pillars and weights",
        "Print the pillars, their weights and where each weight comes from.",
    )
    pillars.add_argument("--system", metavar="FILE", help="a pillars CSV instead of Table 1")
    add_format_argument(pillars)


def _schemes(subparsers: Any) -> None:
    parser = _command(
        subparsers,
        "weights",
        "idx.cli.scheme_commands:run_weights",
        "weights of a weighting scheme",
        "Weights a scheme assigns to the pillars, computed on the 0-100 pillar "
        "indices. Schemes: " + ", ".join(_SCHEME_NAMES) + ".",
    )
    parser.add_argument("--scheme", choices=_SCHEME_NAMES, default="published")
    parser.add_argument("--matrix", metavar="FILE", help="ahp: CSV of pairwise comparisons")
    parser.add_argument("--order", metavar="PILLARS", help="roc / rank_sum: importance order")
    parser.add_argument(
        "--spread", type=float, default=None, help="bod: restrict weights to +/- this share"
    )
    add_data_argument(parser)
    add_format_argument(parser)


def _add_space(parser: argparse.ArgumentParser, mode: SpaceMode = "simplex") -> None:
    parser.add_argument(
        "--spread",
        type=float,
        default=0.25,
        help="each weight within +/- this share of its published value (default 0.25)",
    )
    parser.add_argument(
        "--mode",
        choices=choices(SpaceMode),
        default=mode,
        help="simplex: bounds on the weights themselves; factors: independent factors "
        f"renormalised, the JRC convention (default {mode})",
    )
    parser.add_argument("--fixed", metavar="PILLARS", help="comma-separated pillars held fixed")


def _add_sampling(parser: argparse.ArgumentParser, n: int, sampler: bool = True) -> None:
    if sampler:
        parser.add_argument("--sampler", choices=choices(Sampler), default=None)
    parser.add_argument("--n", type=int, default=n, help=f"scenarios (default {n})")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    _add_workers(parser)


def _add_workers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="parallel workers, -1 for one per CPU (default 1); the result does not depend on it",
    )


def _sensitivity(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sensitivity",
        help="how robust each rank is to the weights",
        description="Exact (stability, path, reversal, range, loo) and sampled (mc, smaa, "
        "sobol) analyses of the ranking's sensitivity to the pillar weights.",
    )
    commands = parser.add_subparsers(dest="analysis", metavar="ANALYSIS")
    commands.required = True

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = _command(commands, name, f"idx.cli.sensitivity_commands:run_{name}", help_text)
        add_data_argument(sub)
        add_format_argument(sub)
        return sub

    add("stability", "per pillar, the weight interval over which the whole ranking holds")
    path = add("path", "every unit's rank as one pillar's weight runs over [0, 1]")
    path.add_argument("--pillar", required=True, help="pillar id, e.g. application")
    path.add_argument("--unit", help="show one unit only")
    rev = add("reversal", "the smallest weight change that lets BEHIND overtake AHEAD")
    rev.add_argument("ahead")
    rev.add_argument("behind")
    _add_space(rev)
    rng = add("range", "best and worst attainable rank of every unit, exactly (MILP)")
    _add_space(rng)
    _add_workers(rng)
    add("loo", "ranks with each pillar dropped and the rest renormalised")
    mc = add("mc", "Monte Carlo rank distributions (median, percentiles, top-k)")
    _add_space(mc)
    _add_sampling(mc, 100_000)
    sm = add("smaa", "SMAA-2 rank acceptability, central weights, confidence")
    _add_space(sm)
    _add_sampling(sm, 100_000)
    so = add("sobol", "first-order and total Sobol indices (factors mode)")
    _add_space(so, mode="factors")
    so.add_argument("--unit", help="show one unit only")
    _add_sampling(so, 4096, sampler=False)


def build_parser() -> argparse.ArgumentParser:
    """The full ``idx`` parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="idx",
        description="China's Provincial Internet Development Index: scores, ranks and "
        "how far each rank can be trusted.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    _core(subparsers)
    _sensitivity(subparsers)
    _schemes(subparsers)
    return parser
