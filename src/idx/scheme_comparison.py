"""Rankings under several weighting schemes side by side, with rank correlations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import kendalltau, spearmanr

from idx.edition import Edition
from idx.errors import WeightError
from idx.scoring import score
from idx.weights import SchemeWeights, scheme_weights

__all__ = ["SchemeComparison", "compare_schemes"]


@dataclass(frozen=True, eq=False)
class SchemeComparison:
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
        order = np.lexsort((np.arange(len(self.units)), self.ranks[:, 0]))
        ordered: pd.DataFrame = table.iloc[order].reset_index(drop=True)
        return ordered

    def weights_frame(self) -> pd.DataFrame:
        """The weights each scheme assigns: one row per scheme, one column per pillar."""
        table: pd.DataFrame = pd.DataFrame(
            self.weights, index=pd.Index(self.schemes, name="scheme"), columns=list(self.pillars)
        )
        return table

    def correlations(self, method: str = "spearman") -> pd.DataFrame:
        """Rank-correlation matrix between schemes (``"spearman"`` or ``"kendall"``)."""
        if method not in ("spearman", "kendall"):
            msg = f"'method' must be 'spearman' or 'kendall' (got {method!r})"
            raise WeightError(msg)
        k = len(self.schemes)
        matrix = np.ones((k, k))
        for a in range(k):
            for b in range(a + 1, k):
                x, y = self.ranks[:, a], self.ranks[:, b]
                value = (
                    spearmanr(x, y).statistic
                    if method == "spearman"
                    else kendalltau(x, y).statistic
                )
                matrix[a, b] = matrix[b, a] = float(value)
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
        Names from :data:`idx.weights.SCHEMES` (``"published"``, ``"equal"``,
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
    arrays = (np.array(weights), np.column_stack(ranks), np.column_stack(totals))
    for array in arrays:
        array.flags.writeable = False
    return SchemeComparison(edition.units, edition.pillars, tuple(labels), *arrays)
