"""Totals and ranks of an edition under any weights."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from idx.aggregation import aggregate
from idx.edition import Edition
from idx.errors import WeightError
from idx.options import Aggregation, RankMethod
from idx.ranking import rank_totals
from idx.results import Result, rank_order
from idx.schemes import SCHEMES, SchemeWeights, scheme_weights
from idx.weight_spec import WeightChoice, WeightsLike, resolve_weights

__all__ = ["Score", "score", "weights_for"]


@dataclass(frozen=True, eq=False, repr=False)
class Score(Result):
    """Totals, ranks and per-pillar contributions of every unit under one weight vector.

    Attributes
    ----------
    units, pillars : tuple of str
    weights : ndarray, shape (n_pillars,)
        The weights used (read-only).
    weights_label : str
        ``"published"``, ``"equal"``, ``"custom"``, ``"partial"`` or the name of the
        scheme that gave the weights (``"entropy"``, ``"ahp"``, ...).
    notes : tuple of str
        What was done to the requested weights, and anything the caller should know
        about the totals, one sentence each; ``note`` joins them.
    contributions : ndarray, shape (n_units, n_pillars)
        ``weight_j * index_ij``: points each pillar adds to each unit's total.
    totals : ndarray, shape (n_units,)
    ranks : ndarray of int, shape (n_units,)
        1 is best, ties by ``rank_method``.
    rank_method : {"min", "dense", "ordinal"}
    aggregation : {"arithmetic", "geometric", "power"}
        The rule that produced the totals (see :func:`idx.aggregation.aggregate`).
    power : float or None
        The exponent of the generalised mean, for ``"power"``.
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    weights: NDArray[np.float64]
    weights_label: str
    notes: tuple[str, ...]
    contributions: NDArray[np.float64]
    totals: NDArray[np.float64]
    ranks: NDArray[np.int64]
    rank_method: RankMethod
    aggregation: Aggregation = "arithmetic"
    power: float | None = None

    @property
    def note(self) -> str:
        """The notes as one line."""
        return "; ".join(self.notes)

    def _describe(self) -> str:
        return (
            f"totals and ranks of {len(self.units)} units under {self.weights_label} weights "
            f"({self.aggregation})"
        )

    @property
    def weights_used(self) -> dict[str, float]:
        """The weights as ``{pillar_id: weight}``."""
        return dict(zip(self.pillars, (float(w) for w in self.weights), strict=True))

    def rank_of(self, unit: str) -> int:
        """Rank of ``unit`` (exact canonical name)."""
        return int(self.ranks[self.units.index(unit)])

    def to_frame(self) -> pd.DataFrame:
        """One row per unit, best first: unit, rank, total and each pillar's contribution."""
        frame = pd.DataFrame(
            {"unit": self.units, "rank": np.array(self.ranks), "total": np.array(self.totals)}
        )
        for j, pillar in enumerate(self.pillars):
            frame[pillar] = np.array(self.contributions[:, j])
        ordered: pd.DataFrame = frame.iloc[rank_order(self.ranks)].reset_index(drop=True)
        return ordered


def weights_for(edition: Edition, weights: WeightsLike | SchemeWeights) -> WeightChoice:
    """The weight vector ``weights`` stands for, scheme names and results included.

    What every function taking ``weights=`` accepts: anything
    :func:`idx.weight_spec.resolve_weights` reads, a data-driven scheme's name, or a
    scheme's result.
    """
    if isinstance(weights, SchemeWeights):
        if weights.pillars != edition.pillars:
            msg = (
                f"scheme weights must be over the edition's pillars ({', '.join(edition.pillars)}) "
                f"(got {', '.join(weights.pillars)})"
            )
            raise WeightError(msg)
        return WeightChoice(
            edition.pillars, np.array(weights.weights), weights.scheme, weights.notes
        )
    if isinstance(weights, str) and weights.strip().lower() in SCHEMES:
        key = weights.strip().lower()
        if key not in ("published", "equal"):
            result = scheme_weights(edition, key)
            return WeightChoice(edition.pillars, np.array(result.weights), key, result.notes)
    return resolve_weights(weights, edition.system)


def score(
    edition: Edition,
    weights: WeightsLike | SchemeWeights = None,
    *,
    rank_method: RankMethod = "min",
    aggregation: Aggregation = "arithmetic",
    power: float | None = None,
) -> Score:
    """Recompute totals and ranks of ``edition`` under ``weights``.

    Parameters
    ----------
    edition : Edition
    weights : None, str, mapping, sequence or SchemeWeights
        ``"published"`` (default), ``"equal"``, the name of a data-driven scheme
        (``"entropy"``, ``"critic"``, ``"std"``, ``"pca"``: computed on this edition by
        :func:`idx.schemes.scheme_weights`), a scheme's result (``SchemeWeights``, e.g.
        from :func:`idx.schemes.ahp`), or weights as
        :func:`idx.weight_spec.resolve_weights` reads them: pillars by id or display
        name, numbers or percentages (``{"application": "35%"}``). Partial mappings
        rescale the unnamed pillars proportionally and the result's ``note`` says so.
    rank_method : {"min", "dense", "ordinal"}
        Tie rule; the default is competition ranking.
    aggregation : {"arithmetic", "geometric", "power"}
        How indices combine (default: the report's weighted arithmetic mean). Under
        geometric or power aggregation ``contributions`` still hold
        ``weight_j * index_j`` (each pillar's weighted input, shown for reference),
        which then no longer sum to the total. Under geometric aggregation or a power
        mean with ``power <= 0``, units with a zero index on a weighted pillar total
        0 (no epsilon is added) and the result's ``note`` names them.
    power : float, optional
        Exponent of the generalised mean (``aggregation="power"``).

    Returns
    -------
    Score

    Notes
    -----
    Under weights ``w'`` the total is ``sum_j w'_j * index_j`` with
    ``index_j = subscore_j / w_j`` (the 0-100 pillar index). Under the published
    weights the contributions are the sub-scores themselves, so the total is
    exactly their sum.
    """
    choice = weights_for(edition, weights)
    if np.array_equal(choice.weights, edition.system.weights):
        contributions = np.array(edition.subscores)
    else:
        contributions = edition.index_array * choice.weights
    notes = choice.notes
    if aggregation == "arithmetic" and power is None:
        totals = contributions.sum(axis=1)
    else:
        totals = aggregate(edition.index_array, choice.weights, aggregation, power)
        zero = (edition.index_array[:, choice.weights > 0] == 0).any(axis=1)
        # only a product (p = 0) or a negative power collapses on a zero; p > 0 does not
        collapses = aggregation == "geometric" or (
            aggregation == "power" and power is not None and power <= 0
        )
        if zero.any() and collapses:
            names = ", ".join(u for u, z in zip(edition.units, zero, strict=True) if z)
            notes = (
                *notes,
                f"a zero index on a weighted pillar makes the {aggregation} total 0: {names}",
            )
    ranks = rank_totals(totals, rank_method)
    return Score(
        units=edition.units,
        pillars=edition.pillars,
        weights=choice.weights,
        weights_label=choice.label,
        notes=notes,
        contributions=contributions,
        totals=totals,
        ranks=ranks,
        rank_method=rank_method,
        aggregation=aggregation,
        power=power,
    )
