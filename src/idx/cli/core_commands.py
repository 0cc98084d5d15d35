"""The core commands: ``idx rank``, ``idx verify`` and ``idx compare``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from idx.cli.data import load_edition
from idx.cli.output import write_frame
from idx.comparison import compare, compare_schemes
from idx.errors import WeightError
from idx.scoring import score
from idx.verification import verify
from idx.weight_spec import WeightsLike

__all__ = ["parse_weights", "run_compare", "run_rank", "run_verify"]


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


def run_rank(args: argparse.Namespace) -> int:
    """``idx rank``."""
    edition = load_edition(args)
    result = score(edition, parse_weights(args.weights), rank_method=args.method)
    _note(result.note)
    write_frame(result.to_frame(), args.format)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    """``idx verify``: exit status 1 when the figures are inconsistent."""
    result = verify(load_edition(args))
    if args.format in ("table", "markdown"):
        sys.stdout.write(result.summary() + "\n\n")
    else:
        sys.stderr.write(result.summary() + "\n")
    write_frame(result.to_frame(), args.format)
    return 0 if result.consistent else 1


def run_compare(args: argparse.Namespace) -> int:
    """``idx compare``."""
    edition = load_edition(args)
    if args.schemes is not None:
        if args.weights is not None:
            msg = "--weights and --schemes cannot be combined"
            raise WeightError(msg)
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
