"""The core commands: ``idx rank``, ``idx verify``, ``idx compare`` and ``idx pillars``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from idx.cli.output import add_data_argument, add_format_argument, load_edition, write_frame
from idx.errors import WeightError
from idx.weight_spec import WeightsLike

__all__ = ["parse_weights", "register"]


def parse_weights(text: str | None) -> WeightsLike:
    """Parse ``--weights``: ``published``, ``equal`` or ``pillar=value,...`` (partial allowed)."""
    if text is None:
        return None
    stripped = text.strip()
    if "=" not in stripped:
        return stripped
    weights: dict[str, float] = {}
    for part in stripped.split(","):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            msg = (
                f"--weights: expected pillar=value pairs separated by commas (got {part.strip()!r})"
            )
            raise WeightError(msg)
        try:
            number = float(value)
        except ValueError:
            msg = f"--weights: weight of pillar {key!r} must be a number (got {value.strip()!r})"
            raise WeightError(msg) from None
        if key in weights:
            msg = f"--weights: pillar {key!r} is given twice"
            raise WeightError(msg)
        weights[key] = number
    return weights


def _note(text: str) -> None:
    if text:
        sys.stderr.write(f"note: {text}\n")


def _rank(args: argparse.Namespace) -> int:
    from idx.scoring import score

    edition = load_edition(args)
    result = score(edition, parse_weights(args.weights), rank_method=args.method)
    _note(result.note)
    write_frame(result.to_frame(), args.format)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from idx.verification import verify

    result = verify(load_edition(args))
    if args.format in ("table", "markdown"):
        sys.stdout.write(result.summary() + "\n\n")
    else:
        sys.stderr.write(result.summary() + "\n")
    write_frame(result.to_frame(), args.format)
    return 0 if result.consistent else 1


def _compare(args: argparse.Namespace) -> int:
    from idx.comparison import compare
    from idx.scoring import score

    edition = load_edition(args)
    if args.schemes is not None:
        if args.weights is not None:
            msg = "--weights and --schemes cannot be combined"
            raise WeightError(msg)
        from idx.scheme_comparison import compare_schemes

        names = [name.strip() for name in args.schemes.split(",") if name.strip()]
        schemes = compare_schemes(edition, names)
        write_frame(schemes.to_frame(), args.format)
        footer: Any = schemes.correlations("spearman")
        if args.format in ("table", "markdown"):
            sys.stdout.write("\nSpearman rank correlations:\n")
            write_frame(footer.reset_index(), args.format)
        return 0
    if args.weights is None:
        msg = "compare needs --weights (or --schemes)"
        raise WeightError(msg)
    result = score(edition, parse_weights(args.weights))
    _note(result.note)
    comparison = compare(edition, result)
    write_frame(comparison.to_frame(), args.format)
    footer_text = (
        f"Spearman rho = {comparison.spearman:.4f}, Kendall tau = {comparison.kendall:.4f}, "
        f"largest shift = {comparison.largest_shift}"
    )
    if args.format in ("table", "markdown"):
        sys.stdout.write("\n" + footer_text + "\n")
    else:
        sys.stderr.write(footer_text + "\n")
    return 0


def _pillars(args: argparse.Namespace) -> int:
    if getattr(args, "system", None) is not None:
        from idx.loading import read_system_csv

        system = read_system_csv(args.system)
    else:
        from idx.bundled import SYSTEM_2017

        system = SYSTEM_2017
    frame = system.to_frame()
    if args.format == "table":
        # The free-text columns make a terminal table unreadable; csv/json keep them.
        frame = frame[["pillar_id", "name", "weight", "weight_status"]]
    write_frame(frame, args.format)
    return 0


def register(subparsers: Any) -> None:
    """Add the core commands to ``subparsers``."""
    weights_help = (
        "'published' (default), 'equal', or pillar=value pairs such as "
        "application=0.3,security=0.1 (unnamed pillars share the rest in proportion)"
    )
    rank = subparsers.add_parser(
        "rank",
        help="totals and ranks under the published or other weights",
        description="Recompute every unit's total and rank.",
    )
    rank.add_argument("--weights", metavar="SPEC", help=weights_help)
    rank.add_argument(
        "--method",
        choices=("min", "dense", "ordinal"),
        default="min",
        help="tie rule: min = competition ranking (default)",
    )
    add_data_argument(rank)
    add_format_argument(rank)
    rank.set_defaults(func=_rank)

    verify = subparsers.add_parser(
        "verify",
        help="check printed totals and ranks against the sub-scores",
        description="Recompute totals and ranks and compare them with the printed ones, "
        "within the printed rounding. Exit status 1 when the figures are inconsistent.",
    )
    add_data_argument(verify)
    add_format_argument(verify)
    verify.set_defaults(func=_verify)

    compare = subparsers.add_parser(
        "compare",
        help="rank shifts against the published ranking",
        description="Rank shifts of every unit under other weights (or schemes) against the "
        "published ranking, with Spearman and Kendall correlations.",
    )
    compare.add_argument("--weights", metavar="SPEC", help=weights_help)
    compare.add_argument(
        "--schemes",
        metavar="LIST",
        help="comma-separated weighting schemes, e.g. published,equal,entropy,critic",
    )
    add_data_argument(compare)
    add_format_argument(compare)
    compare.set_defaults(func=_compare)

    pillars = subparsers.add_parser(
        "pillars",
        help="the index system (Table 1): pillars and weights",
        description="Print the pillars, their weights and where each weight comes from.",
    )
    pillars.add_argument("--system", metavar="FILE", help="a pillars CSV instead of Table 1")
    add_format_argument(pillars)
    pillars.set_defaults(func=_pillars)
