"""``idx weights``: the weights of a scheme (published, equal, entropy, critic, std, pca, ahp, roc, rank-sum, bod)."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from idx import schemes
from idx.cli.data import load_edition
from idx.cli.output import write_frame
from idx.errors import WeightError
from idx.io import read_matrix
from idx.space import WeightSpace

__all__ = ["run_weights"]


def run_weights(args: argparse.Namespace) -> int:
    """``idx weights``."""
    edition = load_edition(args)
    name = args.scheme
    if name == "bod":
        space = WeightSpace.around(edition.system, args.spread) if args.spread is not None else None
        write_frame(schemes.benefit_of_the_doubt(edition, space).to_frame(), args.format)
        return 0
    if name == "ahp":
        if args.matrix is None:
            msg = "--scheme ahp needs --matrix FILE (a CSV of pairwise comparisons, pillar order)"
            raise WeightError(msg)
        result = schemes.ahp(read_matrix(args.matrix), edition.pillars)
    elif name in ("roc", "rank_sum"):
        if args.order is None:
            msg = f"--scheme {name} needs --order pillar,pillar,... (most important first)"
            raise WeightError(msg)
        order = [p.strip() for p in args.order.split(",")]
        func = schemes.rank_order_centroid if name == "roc" else schemes.rank_sum
        result = func(edition, order)
    else:
        result = schemes.scheme_weights(edition, name)
    write_frame(result.to_frame(), args.format)
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
    if result.note:
        lines.append(f"note: {result.note}")
    if lines:
        sys.stderr.write("\n".join(lines) + "\n")
    return 0
