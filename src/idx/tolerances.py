"""Every numerical tolerance idx uses, in one place, each with the reason for its size.

Totals and indices live on the 0-100 scale; weights on [0, 1]. A tolerance belongs
here when a method's answer depends on it; limits on work (acceptance rates, chunk
sizes) live with the method they limit.
"""

from __future__ import annotations

__all__ = [
    "COLLINEAR_RTOL",
    "CONTAINS_ATOL",
    "CONTAINS_RTOL",
    "DECIMALS_ATOL",
    "FIGURE_SLACK",
    "LP_MARGINS",
    "LP_TOLERANCE",
    "MILP_MARGINS",
    "PROBABILITY_SUM_TOLERANCE",
    "RECIPROCAL_ATOL",
    "SPACE_SUM_SLACK",
    "SUBSCORE_SLACK",
    "TIE_ATOL",
    "TIE_RTOL",
    "TOTAL_ROUNDING",
    "WEIGHT_SUM_TOLERANCE",
]

#: Tie band, absolute part, in points: totals within ``TIE_ATOL + TIE_RTOL * max(|a|, |b|)``
#: are tied (see :mod:`idx.ranking`). Five orders of magnitude above the noise of summing
#: six weighted indices in any order (about 1e-13), six below a printed 0.01.
TIE_ATOL = 1e-8

#: Tie band, relative part: covers noise on totals larger than the 0-100 scale.
TIE_RTOL = 1e-12

#: Weights (of a system, or given by a caller) must sum to 1 within this. Loose enough
#: for weights written with many decimals, tight enough that 0.95 or 1.05 fail.
WEIGHT_SUM_TOLERANCE = 1e-9

#: The probabilities of a discrete choice (:class:`idx.Uncertainty`) must sum to 1
#: within this: probabilities written as decimals (1/3 as 0.333333333333) pass, 0.95 fails.
PROBABILITY_SUM_TOLERANCE = 1e-9

#: A sub-score may exceed its maximum ``100 x weight`` by this much: maxima such as
#: ``100 * 0.1`` are not exact in binary.
SUBSCORE_SLACK = 1e-9

#: Slack on comparisons of decimal figures (sums of printed decimals) in verification:
#: far below any printed precision, far above the noise of adding them.
FIGURE_SLACK = 1e-9

#: :meth:`idx.WeightSpace.contains` accepts a weight vector this far outside the space,
#: so that vectors a solver returns (accurate to about 1e-9) count as inside.
CONTAINS_ATOL = 1e-9

#: A simplex space is empty when its lower bounds sum above ``1 + SPACE_SUM_SLACK`` or
#: its upper bounds below ``1 - SPACE_SUM_SLACK``; bounds written as decimals that should
#: sum to exactly 1 do so within it.
SPACE_SUM_SLACK = 1e-12

#: In a factors space, a weight vector fits when its largest scale bound is within this
#: relative slack of its smallest (see :meth:`idx.WeightSpace.contains`).
CONTAINS_RTOL = 1e-9

#: Figures within this of a k-decimal grid are written with k decimals, when a table of
#: numbers is read and its printed precision inferred.
DECIMALS_ATOL = 1e-9

#: Safety margins, in scaled units (each pairwise row divided by its largest
#: coefficient), for rows solved by HiGHS's MIP solver, whose feasibility tolerance is
#: 1e-6 and cannot be changed through scipy: the first try, then retries. A certificate
#: is always judged by the tie rule itself; the margins only keep it on the right side.
MILP_MARGINS: tuple[float, ...] = (1e-5, 1e-4, 1e-3)

#: Primal and dual feasibility tolerance requested from HiGHS's LP solver (its minimum).
LP_TOLERANCE = 1e-10

#: Safety margins (scaled units) for rows solved by HiGHS's LP solver at LP_TOLERANCE.
LP_MARGINS: tuple[float, ...] = (1e-8, 1e-6, 1e-4)

#: An AHP matrix is reciprocal when ``a_ij * a_ji`` is within this of 1: judgements
#: written as decimals (0.333) are accepted, 1/3 and 3.5 are not.
RECIPROCAL_ATOL = 1e-9

#: CRITIC weights are undefined when the conflict terms sum below this share of the
#: contrasts: every varying pillar perfectly correlated, up to rounding.
COLLINEAR_RTOL = 1e-12

#: Two ways of summing the same total (a BLAS product, a compiled loop with fused
#: multiply-adds, pillar by pillar) differ by at most a few ulps: about 1e-16 x the
#: total per pillar. The sampled rank kernels treat a comparison of totals as settled
#: only when it clears the tie band's edge by ``TOTAL_ROUNDING x (1 + 4 x bound)``
#: (``bound`` the largest possible total), at least 400 times that, and recompute the
#: rare scenarios closer to the edge from one reference sum, so that every kernel
#: ranks exactly alike (see :mod:`idx.sensitivity._pairs`).
TOTAL_ROUNDING = 1e-12
