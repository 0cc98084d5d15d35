"""How robust each rank is to the weights: exact methods and sampled ones."""

from idx.sensitivity.importance import PillarImportance, importance
from idx.sensitivity.leave_one_out import LeaveOneOut, leave_one_out
from idx.sensitivity.montecarlo import MonteCarloRanks, monte_carlo, scenario_totals
from idx.sensitivity.rank_path import RankPath, rank_path
from idx.sensitivity.rank_range import RankRange, rank_range
from idx.sensitivity.reversal import PillarReversal, Reversal, reversal
from idx.sensitivity.sampling import SAMPLERS, sample_weights
from idx.sensitivity.smaa import SMAAResult, smaa
from idx.sensitivity.sobol import SobolIndices, sobol
from idx.sensitivity.stability import (
    StabilityInterval,
    StabilityIntervals,
    TiedPair,
    stability_intervals,
)

__all__ = [
    "SAMPLERS",
    "LeaveOneOut",
    "MonteCarloRanks",
    "PillarImportance",
    "PillarReversal",
    "RankPath",
    "RankRange",
    "Reversal",
    "SMAAResult",
    "SobolIndices",
    "StabilityInterval",
    "StabilityIntervals",
    "TiedPair",
    "importance",
    "leave_one_out",
    "monte_carlo",
    "rank_path",
    "rank_range",
    "reversal",
    "sample_weights",
    "scenario_totals",
    "smaa",
    "sobol",
    "stability_intervals",
]
