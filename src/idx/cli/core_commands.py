"""The core commands: ``idx rank``, ``idx verify`` and ``idx compare``."""

from __future__ import annotations

import argparse
from typing import Any

import idx.cli.values as values
from idx.cli.data import load_edition
from idx.cli.output import Report, describe_data, emit
from idx.cli.scheme_commands import scheme_from_spec
from idx.cli.shared import not_applicable, one_unit
from idx.comparison import compare, compare_schemes
from idx.edition import Edition
from idx.errors import OptionError
from idx.options import Aggregation, SchemeName, choices
from idx.scoring import Score, score
from idx.verification import verify
from idx.weight_spec import WeightsLike

__all__ = ["run_compare", "run_rank", "run_verify", "weights_option"]

_NAMES = choices(SchemeName)


def weights_option(args: argparse.Namespace) -> WeightsLike:
    """``--weights`` as the library takes it; an unknown name is an error in CLI words."""
    spec: WeightsLike = args.weights
    if isinstance(spec, str) and spec.strip().lower() not in _NAMES:
        msg = (
            f"--weights must be a name ({', '.join(_NAMES)}), pillar=value pairs or one "
            f"value per pillar (got {spec!r})"
        )
        raise OptionError(msg)
    return spec


def _aggregation(args: argparse.Namespace) -> tuple[Aggregation, float | None]:
    aggregation: Aggregation = args.aggregation or "arithmetic"
    if args.power is not None and aggregation != "power":
        msg = f"--power applies only with --aggregation power (got --aggregation {aggregation})"
        raise OptionError(msg)
    return aggregation, args.power


def _score_parameters(result: Score) -> dict[str, Any]:
    return {
        "weights": result.weights_used,
        "weights_label": result.weights_label,
        "aggregation": result.aggregation,
        "power": result.power,
        "rank_method": result.rank_method,
    }


def run_rank(args: argparse.Namespace) -> int:
    """``idx rank``."""
    edition = load_edition(args)
    aggregation, power = _aggregation(args)
    result = score(
        edition,
        weights_option(args),
        rank_method=args.method,
        aggregation=aggregation,
        power=power,
    )
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            parameters=_score_parameters(result),
            data=describe_data(args, edition),
            summary=[f"note: {note}" for note in result.notes],
        ),
    )
    return 0


def run_verify(args: argparse.Namespace) -> int:
    """``idx verify``: exit status 1 when the figures are inconsistent."""
    edition = load_edition(args)
    result = verify(edition)
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            data=describe_data(args, edition),
            summary=result.summary().splitlines(),
            values={
                "consistent": result.consistent,
                "decimals": result.decimals,
                "tolerance": result.tolerance,
            },
        ),
    )
    return 0 if result.consistent else 1


def _ranking(edition: Edition, args: argparse.Namespace) -> Score | Edition:
    """The edition's own ranking, or its scores under --weights / --aggregation."""
    if args.weights is None and args.aggregation is None:
        return edition
    aggregation, power = _aggregation(args)
    return score(edition, weights_option(args), aggregation=aggregation, power=power)


def _labels(first: Edition, second: Edition) -> tuple[str, str]:
    if first.year is not None and second.year is not None and first.year != second.year:
        return str(first.year), str(second.year)
    return "reference", "other"


def _compare_schemes(args: argparse.Namespace, edition: Edition) -> int:
    not_applicable("--weights", args.weights, "without --schemes")
    not_applicable("--with", args.other_data, "without --schemes")
    aggregation, power = _aggregation(args)
    specs: tuple[values.SchemeSpec, ...] = args.schemes
    names = [spec.name for spec in specs]
    # a scheme named twice (two AHP matrices) is labelled by all it was given
    labels = [spec.name if names.count(spec.name) == 1 else spec.text for spec in specs]
    if len(set(labels)) != len(labels):
        repeated = next(label for label in labels if labels.count(label) > 1)
        msg = f"--schemes names {repeated!r} twice"
        raise OptionError(msg)
    chosen = {
        label: scheme_from_spec(edition, spec) for label, spec in zip(labels, specs, strict=True)
    }
    result = compare_schemes(edition, chosen, aggregation=aggregation, power=power)
    spearman = result.correlations("spearman")
    kendall = result.correlations("kendall")
    first = result.schemes[0]
    rho, tau = spearman.to_numpy()[0], kendall.to_numpy()[0]
    agreement = ", ".join(
        f"{name} {rho[k]:.3f} ({tau[k]:.3f})" for k, name in enumerate(result.schemes) if k > 0
    )
    summary = [f"against {first}: Spearman rho (Kendall tau) {agreement}"] if agreement else []
    notes = [
        f"note: {label}: {note}"
        for label, scheme in chosen.items()
        for note in getattr(scheme, "notes", ())
    ]
    weights = result.weights_frame().reset_index()
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            parameters={
                "schemes": [spec.text for spec in specs],
                "aggregation": aggregation,
                "power": power,
            },
            data=describe_data(args, edition),
            summary=summary + notes,
            tables={
                "weights": ("Weights of each scheme", weights),
                "spearman": ("Spearman rank correlations", spearman.reset_index()),
                "kendall": ("Kendall rank correlations", kendall.reset_index()),
            },
        ),
    )
    return 0


def run_compare(args: argparse.Namespace) -> int:
    """``idx compare``."""
    edition = load_edition(args)
    if args.schemes is not None:
        return _compare_schemes(args, edition)
    if args.other_data is None and args.weights is None and args.aggregation is None:
        msg = "compare needs --weights, --aggregation, --schemes or --with FILE"
        raise OptionError(msg)
    data: dict[str, Any] = describe_data(args, edition)
    if args.other_data is None:
        # the edition's printed ranking against its scores under other weights
        first: Score | Edition = edition
        other = _ranking(edition, args)
        labels = None
    else:
        other_args = argparse.Namespace(**{**vars(args), "data": args.other_data})
        second = load_edition(other_args)
        data = {"reference": data, "other": describe_data(other_args, second)}
        first, other = _ranking(edition, args), _ranking(second, args)
        labels = _labels(edition, second)
    result = compare(first, other, labels=labels)
    parameters: dict[str, Any] = {"with": args.other_data}
    notes: list[str] = []
    if isinstance(other, Score):
        parameters.update(_score_parameters(other))
        notes = [f"note: {note}" for note in other.notes]
    line = (
        f"Spearman rho = {result.spearman:.4f}, Kendall tau = {result.kendall:.4f}, "
        f"largest shift = {result.largest_shift}"
    )
    emit(
        args,
        Report(
            one_unit(result.to_frame(), edition, args.unit),
            parameters=parameters,
            data=data,
            summary=[*notes, line],
            values={
                "spearman": result.spearman,
                "kendall": result.kendall,
                "largest_shift": result.largest_shift,
            },
        ),
    )
    return 0
