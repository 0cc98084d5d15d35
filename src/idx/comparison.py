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
from idx.options import CorrelationMethod
from idx.results import Result, rank_order
from idx.schemes import SchemeWeights, scheme_weights
from idx.scoring import Score, score
from idx.validation import one_of

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


def compare(reference: RankingLike, other: RankingLike) -> Comparison:
    """Compare two rankings of the same units.

    Parameters
    ----------
    reference : Score or Edition
        The baseline, e.g. the edition itself (its reported ranks) or
        ``score(edition)``.
    other : Score or Edition
        The ranking to compare, e.g. ``score(edition, "equal")``.

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
    if label_a == label_b:
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
    ranks : ndarray of int, shape (n_units, n_schemes)
    totals : ndarray, shape (n_units, n_schemes)
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
) -> SchemeComparison:
    """Rank the edition under each weighting scheme and compare.

    Parameters
    ----------
    edition : Edition
    schemes : sequence of names or mapping
        Names from :data:`idx.schemes.SCHEMES` (``"published"``, ``"equal"``,
        ``"entropy"``, ``"critic"``, ``"std"``, ``"pca"``), or a mapping from a label
        to anything :func:`idx.score` accepts as weights (or a ``SchemeWeights``).
        The first scheme is the reference for ``largest_shift``.

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
        if spec is None:
            spec = scheme_weights(edition, label).weights
        elif isinstance(spec, SchemeWeights):
            spec = spec.weights
        result = score(edition, spec)
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
