"""The statistical audit of an edition: effective importance and statistical coherence.

:func:`audit` runs, on one edition, the checks a JRC audit of a composite index
makes beyond the weights' uncertainty: whether each pillar carries the importance
its weight claims (:func:`idx.main_effects.main_effects`) and whether the pillars
hang together (:mod:`idx.coherence`). Each part is an attribute of the returned
:class:`Audit`, with its own ``to_frame()``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from idx.coherence import (
    COLLINEAR,
    WEAK,
    Correlations,
    DistributionStats,
    PCASummary,
    Reliability,
    correlations,
    distribution_stats,
    pca_summary,
    reliability,
)
from idx.edition import Edition
from idx.main_effects import DEFAULT_FACTOR, MainEffects, main_effects
from idx.options import AuditSection
from idx.results import Result
from idx.validation import one_of

__all__ = ["Audit", "audit"]


@dataclass(frozen=True, eq=False, repr=False)
class Audit(Result):
    """Effective importance and statistical coherence of an edition's pillars.

    Attributes
    ----------
    pillars : tuple of str
    n_units : int
    year : int or None
    importance : MainEffects
        Main effect of each pillar on the total against its weight.
    correlations : Correlations
        Pearson, Spearman and Kendall correlations with p-values and flags.
    reliability : Reliability
        Cronbach's alpha (``reliability.cronbach_alpha``) and alpha if each pillar
        is dropped.
    pca : PCASummary
        Eigenvalues, explained variance, loadings; whether one dimension dominates.
    distribution : DistributionStats
        Per pillar (and total) statistics, the JRC skew-kurtosis flag and outliers.
    """

    pillars: tuple[str, ...]
    n_units: int
    year: int | None
    importance: MainEffects
    correlations: Correlations
    reliability: Reliability
    pca: PCASummary
    distribution: DistributionStats

    def section(self, name: AuditSection) -> Result:
        """One section by name; ``"pillars"`` is the audit itself (its per-pillar card)."""
        one_of("section", name, AuditSection)
        if name == "pillars":
            return self
        section: Result = getattr(self, name)
        return section

    @property
    def findings(self) -> tuple[str, ...]:
        """The audit's headline results, one sentence each."""
        imp, corr, rel, pca = self.importance, self.correlations, self.reliability, self.pca
        lines = []
        if imp.flagged:
            shown = ", ".join(
                f"{p} ({imp.relative_nonparametric[j]:.3f} of the main effects against "
                f"{imp.relative_weights[j]:.3f} of the weights)"
                for j, p in enumerate(imp.pillars)
                if imp.flags[j]
            )
            lines.append(
                f"Importance departs from the weight by more than a factor {imp.factor:g} for: {shown}."
            )
        else:
            lines.append(
                f"Every pillar's share of the main effects is within a factor {imp.factor:g} "
                "of its weight."
            )
        lines.append(
            f"Divergence d_m (Paruolo et al. 2013) against {imp.reference}: "
            f"{imp.divergence:.3f} (nonparametric), {imp.divergence_linear:.3f} (linear)."
        )
        for a, b, r in corr.collinear():
            lines.append(f"Collinear: {a} and {b} (Pearson r = {r:.3f}).")
        for pillar, r in corr.weak():
            kind = "negatively" if r < 0 else "barely"
            lines.append(f"{pillar} is {kind} correlated with the total (Pearson r = {r:.3f}).")
        lines.append(f"Cronbach's alpha {rel.cronbach_alpha:.3f}.")
        for pillar in rel.raises_alpha:
            j = rel.pillars.index(pillar)
            lines.append(f"Dropping {pillar} raises alpha to {rel.alpha_if_dropped[j]:.3f}.")
        if pca.dominant:
            lines.append(
                f"One dimension dominates: the first component explains {pca.explained[0]:.1%}."
            )
        else:
            lines.append(
                f"{pca.retained} components have eigenvalues above 1; the first explains "
                f"{pca.explained[0]:.1%}."
            )
        dist = self.distribution
        flagged = [v for v, f in zip(dist.variables, dist.skew_kurtosis_flag, strict=True) if f]
        lines.append(
            "Skewness and kurtosis flag (JRC rule): " + (", ".join(flagged) or "none") + "."
        )
        return tuple(lines)

    def _describe(self) -> str:
        year = f"{self.year} " if self.year is not None else ""
        return (
            f"statistical audit of the {year}edition, {len(self.pillars)} pillars over "
            f"{self.n_units} units"
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per pillar, a card of the audit's main figures.

        Columns: ``pillar``, ``weight``, ``relative_importance`` (share of the
        nonparametric main effects), ``importance_flag``, ``r_total`` (Pearson with
        the total), ``alpha_if_dropped``, ``loading_1`` (on the first retained
        component), ``skewness``, ``kurtosis``, ``outliers`` (units beyond Tukey's
        fences, high then low).
        """
        imp, dist = self.importance, self.distribution
        m = len(self.pillars)
        outliers = [
            ", ".join(
                [f"{u} (high)" for u in dist.high_outliers[j]]
                + [f"{u} (low)" for u in dist.low_outliers[j]]
            )
            for j in range(m)
        ]
        frame: pd.DataFrame = pd.DataFrame(
            {
                "pillar": self.pillars,
                "weight": np.array(imp.weights),
                "relative_importance": imp.relative_nonparametric,
                "importance_flag": imp.flags,
                "r_total": self.correlations.with_total("pearson"),
                "alpha_if_dropped": np.array(self.reliability.alpha_if_dropped),
                "loading_1": np.array(self.pca.loadings[:, 0]),
                "skewness": np.array(dist.skewness[:m]),
                "kurtosis": np.array(dist.kurtosis[:m]),
                "outliers": outliers,
            }
        )
        return frame


def audit(
    edition: Edition,
    *,
    factor: float = DEFAULT_FACTOR,
    collinear: float = COLLINEAR,
    weak: float = WEAK,
) -> Audit:
    """Effective importance and statistical coherence of an edition, in one result.

    Parameters
    ----------
    edition : Edition
        At least 5 units (main effects need five); every pillar must vary.
    factor : float
        Flag pillars whose share of the main effects is beyond ``factor`` times, or
        below ``1 / factor`` times, their weight (default 2).
    collinear, weak : float
        Flag pillar pairs with ``|r| > collinear`` (default 0.9) and pillars whose
        correlation with the total is below ``weak`` (default 0.3).

    Returns
    -------
    Audit
        Sections ``importance``, ``correlations``, ``reliability``, ``pca`` and
        ``distribution``, each with ``to_frame()``; ``findings`` lists the headlines.

    Examples
    --------
    >>> import idx
    >>> result = idx.audit(idx.load_2017())
    >>> round(result.reliability.cronbach_alpha, 3)
    0.758
    >>> result.importance.flagged
    ('security',)
    """
    return Audit(
        pillars=edition.pillars,
        n_units=edition.n_units,
        year=edition.year,
        importance=main_effects(edition, factor=factor),
        correlations=correlations(edition, collinear=collinear, weak=weak),
        reliability=reliability(edition),
        pca=pca_summary(edition),
        distribution=distribution_stats(edition),
    )
