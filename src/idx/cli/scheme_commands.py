"""``idx weights``: the weights of a scheme (published, equal, entropy, critic, std, pca, ahp, roc, rank-sum, bod).

Also :func:`scheme_from_spec`, which ``idx compare --schemes`` shares: one scheme and its
argument (a matrix file, an importance order, a spread) into its result.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

import idx.cli.values as values
from idx import schemes
from idx.cli.data import load_edition
from idx.cli.output import Report, describe_data, emit
from idx.cli.shared import not_applicable
from idx.cli.values import SchemeSpec
from idx.edition import Edition
from idx.errors import WeightError
from idx.io import read_matrix
from idx.space import WeightSpace

__all__ = ["run_weights", "scheme_from_spec"]


def scheme_from_spec(
    edition: Edition, spec: SchemeSpec
) -> schemes.SchemeWeights | schemes.BenefitOfTheDoubt:
    """The result of one scheme with its argument, e.g. ``ahp:judgements.csv``."""
    if spec.name == "ahp":
        assert spec.argument is not None  # required by the parser
        return schemes.ahp(read_matrix(spec.argument), edition.pillars)
    if spec.name in ("roc", "rank_sum"):
        assert spec.argument is not None
        order = [p.strip() for p in spec.argument.split("/")]
        func = schemes.rank_order_centroid if spec.name == "roc" else schemes.rank_sum
        return func(edition, order)
    if spec.name == "bod":
        spread = None if spec.argument is None else _spread(spec.argument)
        space = None if spread is None else WeightSpace.around(edition.system, spread)
        return schemes.benefit_of_the_doubt(edition, space)
    return schemes.scheme_weights(edition, spec.name)


def _spread(text: str) -> float:
    return values.share("bod:SPREAD")(text)


def _spec(args: argparse.Namespace) -> SchemeSpec:
    """``--scheme`` with its one applicable option; the others must not be given."""
    name = args.scheme
    if name != "ahp":
        not_applicable("--matrix", args.matrix, f"to --scheme ahp (got --scheme {name})")
    if name not in ("roc", "rank_sum"):
        not_applicable("--order", args.order, f"to --scheme roc or rank_sum (got --scheme {name})")
    if name != "bod":
        not_applicable("--spread", args.spread, f"to --scheme bod (got --scheme {name})")
    if name == "ahp":
        if args.matrix is None:
            msg = "--scheme ahp needs --matrix FILE (a CSV of pairwise comparisons, pillar order)"
            raise WeightError(msg)
        return SchemeSpec(name, args.matrix, f"ahp:{args.matrix}")
    if name in ("roc", "rank_sum"):
        if args.order is None:
            msg = f"--scheme {name} needs --order pillar,pillar,... (most important first)"
            raise WeightError(msg)
        order = "/".join(args.order)
        return SchemeSpec(name, order, f"{name}:{order}")
    if name == "bod" and args.spread is not None:
        return SchemeSpec(name, f"{args.spread:g}", f"bod:{args.spread:g}")
    return SchemeSpec(name, None, name)


def _diagnostics(result: schemes.SchemeWeights) -> list[str]:
    details = {k: v for k, v in result.diagnostics.items() if np.ndim(v) == 0}
    lines = [f"{k} = {v:.4g}" if isinstance(v, float) else f"{k} = {v}" for k, v in details.items()]
    if "component_eigenvalues" in result.diagnostics:
        eigenvalues = result.diagnostics["component_eigenvalues"]
        explained = result.diagnostics["component_explained"]
        cumulative = np.cumsum(explained)
        retained = result.diagnostics["retained"]
        for k, (value, share) in enumerate(zip(eigenvalues, explained, strict=True)):
            kept = " (retained)" if k < retained else ""
            lines.append(
                f"component {k + 1}: eigenvalue {value:.4f}, explained {share:.4f}, "
                f"cumulative {cumulative[k]:.4f}{kept}"
            )
    return lines


def run_weights(args: argparse.Namespace) -> int:
    """``idx weights``."""
    edition = load_edition(args)
    spec = _spec(args)
    result = scheme_from_spec(edition, spec)
    parameters: dict[str, Any] = {"scheme": spec.name, "argument": spec.argument}
    if isinstance(result, schemes.BenefitOfTheDoubt):
        emit(
            args,
            Report(result.to_frame(), parameters=parameters, data=describe_data(args, edition)),
        )
        return 0
    diagnostics = {
        k: v for k, v in result.diagnostics.items() if np.ndim(v) == 0 or k.startswith("component_")
    }
    emit(
        args,
        Report(
            result.to_frame(),
            parameters=parameters,
            data=describe_data(args, edition),
            summary=_diagnostics(result) + [f"note: {note}" for note in result.notes],
            values={"diagnostics": diagnostics},
        ),
    )
    return 0
