"""Comparing rankings of the same units: rank shifts and rank correlations.

:func:`compare` sets two rankings side by side (an edition's printed ranks, a score
under other weights); :func:`compare_schemes` ranks one edition under several
weighting schemes. Both measure agreement with :func:`rank_correlation`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import kendalltau, spearmanr

from idx.edition import Edition
from idx.errors import IdxError, WeightError
from idx.options import Aggregation, CorrelationMethod
from idx.results import Result, rank_order
from idx.schemes import BenefitOfTheDoubt, scheme_weights
from idx.scoring import Score, score
from idx.validation import got, one_of

__all__ = [
    "Comparison",
    "RankingLike",
    "SchemeComparison",
    "compare",
    "compare_schemes",
    "rank_correlation",
]

RankingLike = Score | Edition


def rank_correlation(
    x: NDArray[np.int64], y: NDArray[np.int64], method: CorrelationMethod = "spearman"
) -> float:
    """Spearman's rho or Kendall's tau-b of two rankings (scipy; NaN if one is constant)."""
    one_of("method", method, CorrelationMethod)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        # undefined for a constant ranking: NaN, as scipy defines it, without its warning
        return float("nan")
    test = spearmanr if method == "spearman" else kendalltau
    return float(test(x, y).statistic)


@dataclass(frozen=True, eq=False, repr=False)
class Comparison(Result):
    """Rank shifts of every unit between a reference ranking and another.

    Attributes
    ----------
    units : tuple of str
    reference_ranks, other_ranks : ndarray of int
    shifts : ndarray of int
        ``reference_rank - other_rank``: positive means the unit climbs under
        ``other`` (e.g. +2 from 14th to 12th).
    spearman, kendall : float
        Rank correlations (Spearman's rho, Kendall's tau-b; ties handled by scipy).
        NaN when a ranking is constant, as scipy defines it.
    reference_label, other_label : str
    """

    units: tuple[str, ...]
    reference_ranks: NDArray[np.int64]
    other_ranks: NDArray[np.int64]
    shifts: NDArray[np.int64]
    spearman: float
    kendall: float
    reference_label: str
    other_label: str

    def _describe(self) -> str:
        return (
            f"{len(self.units)} units, {self.reference_label} vs {self.other_label}: "
            f"Spearman {self.spearman:.3f}, Kendall {self.kendall:.3f}"
        )

    @property
    def largest_shift(self) -> int:
        """The largest absolute shift of any unit."""
        return int(np.abs(self.shifts).max())

    def to_frame(self) -> pd.DataFrame:
        """One row per unit, in reference order: unit, both ranks and the shift."""
        frame = pd.DataFrame(
            {
                "unit": self.units,
                f"rank_{self.reference_label}": np.array(self.reference_ranks),
                f"rank_{self.other_label}": np.array(self.other_ranks),
                "shift": np.array(self.shifts),
            }
        )
        ordered: pd.DataFrame = frame.iloc[rank_order(self.reference_ranks)].reset_index(drop=True)
        return ordered


def _ranks_of(ranking: RankingLike) -> tuple[tuple[str, ...], NDArray[np.int64], str]:
    if isinstance(ranking, Score):
        return ranking.units, np.asarray(ranking.ranks), ranking.weights_label
    if isinstance(ranking, Edition):
        if ranking.reported_ranks is not None:
            return ranking.units, np.asarray(ranking.reported_ranks), "reported"
        recomputed = score(ranking)
        return recomputed.units, np.asarray(recomputed.ranks), "recomputed"
    msg = f"rankings to compare must be Score or Edition objects (got {type(ranking).__name__})"
    raise IdxError(msg)


def compare(
    reference: RankingLike, other: RankingLike, *, labels: tuple[str, str] | None = None
) -> Comparison:
    """Compare two rankings of the same units.

    Parameters
    ----------
    reference : Score or Edition
        The baseline, e.g. the edition itself (its reported ranks) or
        ``score(edition)``.
    other : Score or Edition
        The ranking to compare, e.g. ``score(edition, "equal")`` or another
        edition of the same units (another year).
    labels : (str, str), optional
        Names of the two rankings (columns ``rank_<label>``); default from what they
        are (``"reported"``, ``"published"``, ``"equal"``, ..., or ``"reference"`` and
        ``"other"`` when those are the same). They must differ.

    Returns
    -------
    Comparison

    Raises
    ------
    IdxError
        If the two rankings do not cover the same units.

    Examples
    --------
    >>> import idx
    >>> e = idx.load_2017()
    >>> c = idx.compare(e, idx.score(e, "equal"))
    >>> int(c.shifts[e.units.index("Guangdong")])
    0
    """
    units_a, ranks_a, label_a = _ranks_of(reference)
    units_b, ranks_b, label_b = _ranks_of(other)
    if set(units_a) != set(units_b) or len(units_a) != len(units_b):
        missing = sorted(set(units_a) ^ set(units_b))
        msg = f"rankings must cover the same units (differ on {', '.join(missing[:5])})"
        raise IdxError(msg)
    position = {u: i for i, u in enumerate(units_b)}
    aligned = np.array([ranks_b[position[u]] for u in units_a], dtype=np.int64)
    if labels is not None:
        if (
            not isinstance(labels, tuple)
            or len(labels) != 2
            or not all(isinstance(x, str) and x for x in labels)
            or labels[0] == labels[1]
        ):
            msg = f"'labels' must be two different non-empty names (got {got(labels)})"
            raise IdxError(msg)
        label_a, label_b = labels
    elif label_a == label_b:
        label_a, label_b = "reference", "other"
    rho = rank_correlation(ranks_a, aligned, "spearman")
    tau = rank_correlation(ranks_a, aligned, "kendall")
    shifts = np.asarray(ranks_a, dtype=np.int64) - aligned
    return Comparison(
        units=units_a,
        reference_ranks=ranks_a,
        other_ranks=aligned,
        shifts=shifts,
        spearman=rho,
        kendall=tau,
        reference_label=label_a,
        other_label=label_b,
    )


@dataclass(frozen=True, eq=False, repr=False)
class SchemeComparison(Result):
    """Ranks of every unit under each scheme.

    Attributes
    ----------
    units : tuple of str
    schemes : tuple of str
        The first is the reference for shifts.
    weights : ndarray, shape (n_schemes, n_pillars)
        NaN for benefit of the doubt, where each unit has weights of its own.
    ranks : ndarray of int, shape (n_units, n_schemes)
    totals : ndarray, shape (n_units, n_schemes)
        Totals on the 0-100 scale; for benefit of the doubt, each unit's score (its
        best total relative to the best unit's, in (0, 1]).
    """

    units: tuple[str, ...]
    pillars: tuple[str, ...]
    schemes: tuple[str, ...]
    weights: NDArray[np.float64]
    ranks: NDArray[np.int64]
    totals: NDArray[np.float64]

    def _describe(self) -> str:
        return f"ranks of {len(self.units)} units under {len(self.schemes)} schemes ({', '.join(self.schemes)})"

    @property
    def largest_shift(self) -> NDArray[np.int64]:
        """Each unit's largest absolute rank change against the first scheme."""
        shifts: NDArray[np.int64] = np.abs(self.ranks - self.ranks[:, :1]).max(axis=1)
        return shifts

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (in the first scheme's order): rank under each scheme, largest shift."""
        columns: dict[str, Any] = {"unit": self.units}
        for k, name in enumerate(self.schemes):
            columns[name] = self.ranks[:, k]
        columns["largest_shift"] = self.largest_shift
        table: pd.DataFrame = pd.DataFrame(columns)
        ordered: pd.DataFrame = table.iloc[rank_order(self.ranks[:, 0])].reset_index(drop=True)
        return ordered

    def weights_frame(self) -> pd.DataFrame:
        """The weights each scheme assigns: one row per scheme, one column per pillar."""
        table: pd.DataFrame = pd.DataFrame(
            self.weights, index=pd.Index(self.schemes, name="scheme"), columns=list(self.pillars)
        )
        return table

    def correlations(self, method: CorrelationMethod = "spearman") -> pd.DataFrame:
        """Rank-correlation matrix between schemes (``"spearman"`` or ``"kendall"``)."""
        one_of("method", method, CorrelationMethod)
        k = len(self.schemes)
        matrix = np.ones((k, k))
        for a in range(k):
            for b in range(a + 1, k):
                value = rank_correlation(self.ranks[:, a], self.ranks[:, b], method)
                matrix[a, b] = matrix[b, a] = value
        table: pd.DataFrame = pd.DataFrame(
            matrix, index=pd.Index(self.schemes, name="scheme"), columns=list(self.schemes)
        )
        return table


def compare_schemes(
    edition: Edition,
    schemes: Sequence[str] | Mapping[str, Any],
    *,
    aggregation: Aggregation = "arithmetic",
    power: float | None = None,
) -> SchemeComparison:
    """Rank the edition under each weighting scheme and compare.

    Parameters
    ----------
    edition : Edition
    schemes : sequence of names or mapping
        Names from :data:`idx.schemes.SCHEMES` (``"published"``, ``"equal"``,
        ``"entropy"``, ``"critic"``, ``"std"``, ``"pca"``), or a mapping from a label
        to anything :func:`idx.score` accepts as weights (a name, a ``SchemeWeights``
        such as :func:`idx.schemes.ahp` or :func:`idx.schemes.rank_order_centroid`
        returns, a mapping or a vector), or a ``BenefitOfTheDoubt`` result (units
        are then ranked by their benefit-of-the-doubt scores). The first scheme is
        the reference for ``largest_shift``.
    aggregation : {"arithmetic", "geometric", "power"}
    power : float, optional
        How the totals under each weight vector are formed (see :func:`idx.score`);
        benefit of the doubt is linear and refuses any other aggregation.

    Returns
    -------
    SchemeComparison

    Examples
    --------
    >>> import idx
    >>> c = idx.compare_schemes(idx.load_2017(), ["published", "equal", "entropy", "critic"])
    >>> c.to_frame().columns.tolist()[:3]
    ['unit', 'published', 'equal']
    """
    if isinstance(schemes, str):
        schemes = [s.strip() for s in schemes.split(",")]
    items: list[tuple[str, Any]]
    if isinstance(schemes, Mapping):
        items = list(schemes.items())
    else:
        items = [(name, None) for name in schemes]
    if not items:
        msg = "'schemes' must name at least one scheme (got none)"
        raise WeightError(msg)
    labels = [label for label, _ in items]
    if len(set(labels)) != len(labels):
        msg = f"scheme labels must be unique (got {labels})"
        raise WeightError(msg)
    weights, ranks, totals = [], [], []
    for label, spec in items:
        if isinstance(spec, BenefitOfTheDoubt):
            if aggregation != "arithmetic" or power is not None:
                msg = f"benefit of the doubt ({label!r}) is linear: it takes no aggregation {aggregation!r}"
                raise WeightError(msg)
            if spec.units != edition.units:
                msg = f"benefit-of-the-doubt result {label!r} is for other units than the edition's"
                raise WeightError(msg)
            weights.append(np.full(len(edition.pillars), np.nan))
            ranks.append(np.asarray(spec.ranks))
            totals.append(np.asarray(spec.scores))
            continue
        if spec is None:
            spec = scheme_weights(edition, label)
        result = score(edition, spec, aggregation=aggregation, power=power)
        weights.append(result.weights)
        ranks.append(result.ranks)
        totals.append(result.totals)
    return SchemeComparison(
        edition.units,
        edition.pillars,
        tuple(labels),
        np.array(weights),
        np.column_stack(ranks),
        np.column_stack(totals),
    )
