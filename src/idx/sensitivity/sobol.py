"""Sobol sensitivity indices of every unit's rank and total to the pillar weights.

The method has SALib's shape: :func:`design` draws the base matrices A and B,
:func:`evaluate` runs the model on A, B and every ``AB_j``, and the estimators
:func:`first_order` and :func:`total_order` (with :func:`resampled` for the
bootstrap) turn the outputs into indices. :func:`sobol` runs the three steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import qmc

from idx.edition import Edition
from idx.errors import IdxError, SpaceError
from idx.options import SobolOutput, choices
from idx.results import ConfidenceInterval, Result, rank_order
from idx.sensitivity._pairs import exact_ranks
from idx.sensitivity._parallel import MapLike, mapper, seed_used, worker_count
from idx.sensitivity._rank_kernel import ranks_of
from idx.sensitivity.inputs import InputModel, bind, inputs_of
from idx.sensitivity.scenarios import Progress
from idx.space import WeightSpace
from idx.uncertainty import Uncertainty
from idx.validation import positive_int, probability, subset_of

__all__ = [
    "OUTPUTS",
    "SobolIndices",
    "SobolOutputs",
    "design",
    "evaluate",
    "first_order",
    "resampled",
    "sobol",
    "total_order",
]

OUTPUTS: tuple[SobolOutput, ...] = choices(SobolOutput)

# Variances at or below this (on a unit variance scale) mean the output did not vary.
_EPS = float(np.finfo(float).eps)


@dataclass(frozen=True, eq=False, repr=False)
class SobolIndices(Result):
    """First-order and total Sobol indices, with bootstrap confidence intervals.

    Arrays have shape (n_outputs, n_units, n_factors), outputs in ``outputs`` order.

    Attributes
    ----------
    factors : tuple of str
        The input factors (groups): each pillar's weight by its pillar id, or
        ``weights`` for all weights as one group, then ``rounding``, ``noise``,
        ``aggregation``, ``normalisation``, ``imputation`` when they vary.
    inputs : tuple of str
        The inputs that varied (``("weights",)`` for a weight space).
    first, total : ndarray
        Point estimates (Saltelli et al. 2010 first-order, Jansen 1999 total), equal
        to ``SALib.analyze.sobol.analyze``'s ``S1`` and ``ST`` on the same samples.
    first_interval, total_interval : ConfidenceInterval
        Percentile bootstrap intervals at ``confidence`` (also as ``first_low``,
        ``first_high``, ``total_low``, ``total_high``).
    constant : ndarray of bool, shape (n_outputs, n_units)
        Outputs that did not vary over A and B (variance within machine epsilon
        of 0, on their own scale or standardised): their indices and intervals
        are 0, not NaN.
    base_ranks : ndarray of int
        Ranks at the space's reference weights (the order of ``to_frame()`` rows).
    seed : int
        The integer seed used (pass it back to repeat the run exactly).
    """

    units: tuple[str, ...]
    factors: tuple[str, ...]
    outputs: tuple[str, ...]
    n: int
    confidence: float
    first: NDArray[np.float64]
    total: NDArray[np.float64]
    first_interval: ConfidenceInterval
    total_interval: ConfidenceInterval
    constant: NDArray[np.bool_]
    base_ranks: NDArray[np.int64]
    seed: int
    inputs: tuple[str, ...] = ("weights",)

    @property
    def pillars(self) -> tuple[str, ...]:
        """The factors, which for a weights-only run are the pillars (an earlier name)."""
        return self.factors

    @property
    def first_low(self) -> NDArray[np.float64]:
        return self.first_interval.low

    @property
    def first_high(self) -> NDArray[np.float64]:
        return self.first_interval.high

    @property
    def total_low(self) -> NDArray[np.float64]:
        return self.total_interval.low

    @property
    def total_high(self) -> NDArray[np.float64]:
        return self.total_interval.high

    def _describe(self) -> str:
        return (
            f"first-order and total indices of {', '.join(self.outputs)} for "
            f"{len(self.units)} units x {len(self.factors)} factors, n = {self.n:,}"
        )

    def to_frame(self) -> pd.DataFrame:
        """Tidy: output, unit, factor, S1 with interval, ST with interval, note.

        Rows run by output, then unit (by base rank), then factor.
        """
        o, u, p = self.first.shape
        order = rank_order(self.base_ranks)

        def flat(values: NDArray[np.generic]) -> NDArray[np.generic]:
            return values[:, order].ravel()

        table: pd.DataFrame = pd.DataFrame(
            {
                "output": np.repeat(self.outputs, u * p),
                "unit": np.tile(np.repeat(np.asarray(self.units, dtype=object)[order], p), o),
                "factor": np.tile(self.factors, o * u),
                "S1": flat(self.first),
                "S1_low": flat(self.first_low),
                "S1_high": flat(self.first_high),
                "ST": flat(self.total),
                "ST_low": flat(self.total_low),
                "ST_high": flat(self.total_high),
                "note": np.where(
                    np.repeat(self.constant[:, order].ravel(), p),
                    "output constant: indices set to 0",
                    "",
                ),
            }
        )
        return table


class SobolOutputs(NamedTuple):
    """Model outputs of one kind on the design, each ``(rows, units)``; ``ab`` is
    ``(m, rows, units)``: ``ab[j]`` on A with column j from B."""

    a: NDArray[np.float64]
    b: NDArray[np.float64]
    ab: NDArray[np.float64]


def design(
    space: WeightSpace | InputModel, n: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The base matrices A and B, ``(n, d)`` each, drawn from ``rng``.

    A and B are the two halves of one scrambled ``2d``-dimensional Sobol sample,
    scaled into the space's factor bounds. For a weight space ``d`` is the number
    of pillars; for a bound :class:`~idx.sensitivity.inputs.InputModel` the columns
    are the weight factors, then the uniforms of every other input
    (:meth:`~idx.sensitivity.inputs.InputModel.widths`). ``sobol`` calls this
    first on its generator (the bootstrap draws come after), so the same seed
    rebuilds the same design.
    """
    lower, upper = (space.lower, space.upper) if isinstance(space, WeightSpace) else space.bounds()
    d = len(lower)
    base = qmc.Sobol(d=2 * d, scramble=True, seed=rng).random(int(n))
    span = upper - lower
    a: NDArray[np.float64] = lower + base[:, :d] * span
    b: NDArray[np.float64] = lower + base[:, d:] * span
    return a, b


def _model(
    x_t: NDArray[np.float64], factors: NDArray[np.float64], output: SobolOutput
) -> NDArray[np.float64]:
    w = factors / factors.sum(axis=1, keepdims=True)
    totals: NDArray[np.float64] = w @ x_t
    if output == "total":
        return totals
    ranks: NDArray[np.float64] = ranks_of(totals).astype(np.float64)
    return ranks


@dataclass(frozen=True)
class _WeightsModel:
    """The weights-only model: design rows are weight factors."""

    x_t: NDArray[np.float64]

    def outputs(self, rows: NDArray[np.float64], output: SobolOutput) -> NDArray[np.float64]:
        return _model(self.x_t, rows, output)


@dataclass(frozen=True)
class _InputsModel:
    """Every input of a bound :class:`~idx.sensitivity.inputs.InputModel`."""

    model: InputModel

    def outputs(self, rows: NDArray[np.float64], output: SobolOutput) -> NDArray[np.float64]:
        weights, uniforms = self.model.split(rows)
        totals = self.model.totals(weights, uniforms)
        if output == "total":
            return totals
        ranks: NDArray[np.float64] = ranks_of(totals).astype(np.float64)
        return ranks


def evaluate(
    edition: Edition,
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    output: SobolOutput,
    *,
    inputs: Uncertainty | None = None,
    group_weights: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> SobolOutputs:
    """Every unit's ``output`` (rank or total) on A, B and each ``AB_g``.

    Without ``inputs`` the columns of A and B are weight factors and each is its own
    factor. With an :class:`~idx.Uncertainty`, A and B are the design of its bound
    model (:func:`design` of :func:`~idx.sensitivity.inputs.bind`) and ``AB_g`` takes
    every column of factor group g from B, in the order of ``SobolIndices.factors``.
    """
    model: _WeightsModel | _InputsModel
    if inputs is None or (inputs.weights_only and not group_weights and groups is None):
        model = _WeightsModel(np.ascontiguousarray(edition.index_array.T))
        columns_of: tuple[tuple[int, ...], ...] = tuple((j,) for j in range(a.shape[1]))
    else:
        bound = bind(edition, inputs)
        model = _InputsModel(bound)
        columns_of = tuple(columns for _, columns in bound.groups(group_weights, groups))
    ab = []
    for columns in columns_of:
        mixed = a.copy()
        mixed[:, columns] = b[:, columns]
        ab.append(model.outputs(mixed, output))
    return SobolOutputs(model.outputs(a, output), model.outputs(b, output), np.stack(ab))


def standardise(y: SobolOutputs) -> SobolOutputs:
    """Each unit's outputs less their mean over all n(m + 2) runs, over their sd.

    This is SALib's ``analyze`` step ``Y = (Y - Y.mean()) / Y.std()``, per unit:
    the first-order estimator is not shift-invariant, so centring on any other
    mean (e.g. of A and B only) gives other estimates. Outputs whose variance
    over A and B is at most machine epsilon on their own scale (a total that is
    constant up to floating-point noise) are set to 0 rather than blown up to
    unit variance.
    """
    blocks = [y.a, y.b, *y.ab]
    count = len(blocks) * y.a.shape[0]
    centre = sum(block.sum(axis=0) for block in blocks) / count
    sd = np.sqrt(sum(((block - centre) ** 2).sum(axis=0) for block in blocks) / count)
    flat = np.concatenate([y.a, y.b]).var(axis=0) <= _EPS
    # dividing by inf zeroes them, so every estimate and resample of them is 0
    scale = np.where(flat | (sd == 0), np.inf, sd)
    return SobolOutputs((y.a - centre) / scale, (y.b - centre) / scale, (y.ab - centre) / scale)


def resampled(
    y: SobolOutputs, weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """First-order and total indices for each row of ``weights``, counts over base rows.

    Each estimator is a ratio of means of per-row terms (Saltelli et al. 2010 for
    ``S_j``, Jansen 1999 for ``ST_j``, variance over A and B stacked), so weighting
    the rows gives every bootstrap resample at once: one BLAS product
    ``(k, rows) @ (rows, units * pillars)`` per term. A row of ones is the point
    estimate. Returns two arrays of shape ``(k, units, pillars)``; an output with
    no variance in a resample gets 0 there.
    """
    rows = y.a.shape[0]
    k = weights.shape[0]
    first_terms = np.moveaxis(y.b[None] * (y.ab - y.a[None]), 0, -1)  # rows, units, m
    total_terms = np.moveaxis(0.5 * (y.a[None] - y.ab) ** 2, 0, -1)
    mean_y = weights @ (y.a + y.b) / (2 * rows)
    var = (weights @ (y.a**2 + y.b**2) / (2 * rows) - mean_y**2)[:, :, None]
    f = (weights @ first_terms.reshape(rows, -1)).reshape(k, *first_terms.shape[1:]) / rows
    t = (weights @ total_terms.reshape(rows, -1)).reshape(k, *total_terms.shape[1:]) / rows
    varies = var > _EPS
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(varies, f / var, 0.0), np.where(varies, t / var, 0.0)


def first_order(y: SobolOutputs) -> NDArray[np.float64]:
    """``S_j = mean(y_B (y_ABj - y_A)) / var(y_A, y_B)`` per unit and pillar (Saltelli 2010)."""
    estimates: NDArray[np.float64] = resampled(y, np.ones((1, y.a.shape[0])))[0][0]
    return estimates


def total_order(y: SobolOutputs) -> NDArray[np.float64]:
    """``ST_j = mean((y_A - y_ABj)^2) / 2 / var(y_A, y_B)`` per unit and pillar (Jansen 1999)."""
    estimates: NDArray[np.float64] = resampled(y, np.ones((1, y.a.shape[0])))[1][0]
    return estimates


def sobol(
    edition: Edition,
    space: WeightSpace | Uncertainty,
    n: int = 4096,
    *,
    seed: int | np.random.Generator | None = None,
    n_bootstrap: int = 500,
    confidence: float = 0.95,
    outputs: Sequence[SobolOutput] = OUTPUTS,
    progress: Progress | None = None,
    workers: int | MapLike = 1,
    group_weights: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> SobolIndices:
    """First-order and total Sobol indices of each unit's rank and total.

    Parameters
    ----------
    edition : Edition
    space : WeightSpace or Uncertainty
        The weights must form a ``"factors"`` space: Sobol indices assume
        independent inputs, so the inputs are the per-pillar weight factors, drawn
        independently within their bounds and renormalised inside the model, as
        JRC audits of composite indicators do. A simplex space (dependent weights)
        is refused. An :class:`idx.Uncertainty` adds factor groups: ``rounding``
        (every printed sub-score's rounding, one group), ``noise``,
        ``aggregation``, ``normalisation`` and ``imputation``; each group's
        columns of the design are swapped together (Jacques et al. 2006), so its
        indices are those of the group as one input. Weights alone give exactly
        the indices of their space.
    n : int
        Base sample size (a power of 2 keeps the Sobol sequence balanced); the model
        is evaluated ``n * (n_pillars + 2)`` times, all units at once.
    seed : int, Generator or None
        Seeds the scrambled Sobol sequence and the bootstrap. An int >= 0 is used as
        is; a Generator gives one integer seed; None fresh entropy. The integer
        seed used is recorded as ``result.seed``.
    n_bootstrap : int
        Bootstrap resamples of the base rows for the intervals.
    confidence : float
        Level of the percentile bootstrap intervals.
    outputs : sequence of {"rank", "total"}
    progress : callable(done, total), optional
        Called with the base rows done so far after each chunk of rows.
    workers : int or map-like callable
        As in :func:`idx.sensitivity.monte_carlo`; the result is the same for any.
    group_weights : bool
        All pillar weights as one factor group, ``weights`` (default: one factor per
        pillar, named by its id). With weights and other inputs, this answers "how
        much of a rank's variance comes from the weights, how much from the rest".
    groups : mapping of str to sequence of str, optional
        Further factor groups, each joining factors by name, e.g.
        ``{"data": ["rounding", "noise"]}`` or ``{"digital": ["innovation",
        "digital_economy"]}``; a group takes the place of its first member. An
        unknown factor, a factor in two groups or a group named like another factor
        is an :class:`~idx.errors.UncertaintyError`.

    Returns
    -------
    SobolIndices

    Notes
    -----
    With A, B the two halves of a ``2m``-dimensional scrambled Sobol sample and
    ``AB_j`` equal to A with column j from B, each unit's output y is first
    standardised by its mean and (population) standard deviation over all
    ``n (m + 2)`` runs (A, B and every ``AB_j``), as SALib's ``analyze`` does, then::

        S_j  = mean(y_B * (y_ABj - y_A)) / var(y_A, y_B)        (Saltelli et al. 2010)
        ST_j = mean((y_A - y_ABj) ** 2) / 2 / var(y_A, y_B)     (Jansen 1999)

    with ``var`` the population variance of A and B stacked. ``S_j`` depends on the
    centre (``ST_j`` does not; the scale cancels in both). The point estimates
    equal ``SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False)``
    fed the same A and B (``Y`` in SALib's row layout: blocks of A, AB_1..AB_m,
    B) to 1e-12 (tested for ranks and totals), including SALib's rule that an
    output whose standardised variance over A and B is at most machine epsilon
    gets 0; an output equal in every run gets 0 from both. The one difference:
    an output whose variance over A and B is at most machine epsilon on its own
    scale (e.g. a total constant up to rounding) is reported ``constant`` with
    indices 0, where ``analyze`` standardises the rounding noise and returns
    arbitrary values.

    The intervals are percentile bootstrap intervals over resamples of the base
    rows, the standardisation being done once on the full sample (as in
    ``analyze``); they are not SALib's ``S1_conf`` / ``ST_conf``, which are
    normal-approximation half-widths ``z * sd`` of its bootstrap estimates.
    Every bootstrap mean is a linear function of per-row terms, so all resamples
    are one matrix product of resample counts with those terms.

    Memory is bounded in n apart from the design itself: the model is evaluated on
    chunks of base rows (about 2**20 output cells each), and each chunk adds its
    per-row terms, shifted by the output at the reference weights for accuracy, to
    running sums for the point estimates and every bootstrap resample; the centre
    of the standardisation (the mean over all runs) enters the first-order sums
    linearly, so it is applied once at the end. The bootstrap's resample counts are
    kept as uint8 (500 x n bytes). At n = 2**17 with 31 units the peak is under
    300 MiB.

    References
    ----------
    .. [1] Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and
       Tarantola, S. (2010). Variance based sensitivity analysis of model output.
       Computer Physics Communications 181(2), 259-270.
    .. [2] Jansen, M. J. W. (1999). Analysis of variance designs for model output.
       Computer Physics Communications 117(1-2), 35-43.
    .. [3] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    .. [4] Jacques, J., Lavergne, C. and Devictor, N. (2006). Sensitivity analysis
       in presence of model uncertainty and correlated inputs. Reliability
       Engineering & System Safety 91(10-11), 1126-1134 (indices of groups of inputs).
    """
    inputs = inputs_of(space)
    weights = inputs.weights
    if weights is not None and weights.mode != "factors":
        msg = (
            "sobol needs independent inputs: use a 'factors' space, e.g. "
            "WeightSpace.around(system, 0.25, mode='factors')"
        )
        raise SpaceError(msg)
    if not isinstance(group_weights, bool):
        msg = f"'group_weights' must be True or False (got {group_weights!r})"
        raise IdxError(msg)
    rows = positive_int("n", n, minimum=2)
    resamples = positive_int("n_bootstrap", n_bootstrap)
    level = probability("confidence", confidence)
    chosen = subset_of("outputs", outputs, SobolOutput)
    x = edition.index_array
    problem: WeightSpace | InputModel
    evaluator: _WeightsModel | _InputsModel
    factors: tuple[str, ...]
    columns: tuple[tuple[int, ...], ...]
    if inputs.weights_only and not group_weights and groups is None:
        assert weights is not None
        weights.check_pillars(edition.pillars)
        problem, evaluator = weights, _WeightsModel(np.ascontiguousarray(x.T))
        factors, columns = edition.pillars, tuple((j,) for j in range(weights.n_pillars))
        reference_weights = weights.reference
        width = weights.n_pillars
    else:
        model = bind(edition, inputs)
        problem, evaluator = model, _InputsModel(model)
        named = model.groups(group_weights, groups)
        factors, columns = tuple(n for n, _ in named), tuple(c for _, c in named)
        reference_weights = model.reference
        width = model.dimension
    _check_memory(rows, width, resamples)
    used = seed_used(seed)
    worker_count(workers)
    rng = np.random.default_rng(used)
    a, b = design(problem, rows, rng)
    counts = _bootstrap_counts(rng, rows, resamples)
    reference = exact_ranks((x @ reference_weights)[None, :])[0]
    step = _sobol_rows(edition.n_units, max(len(columns), edition.system.weights.size))
    chunks = [range(start, min(rows, start + step)) for start in range(0, rows, step)]
    job = _SobolJob(evaluator, columns, a, b, counts, chosen, x @ reference_weights, reference)
    sums: list[_SobolSums] | None = None
    done = 0
    with mapper(workers) as map_chunks:
        for part in map_chunks(partial(_sobol_chunk, job), chunks):
            # in chunk order, so the sums are the same for any number of workers
            sums = part if sums is None else [s.add(p) for s, p in zip(sums, part, strict=True)]
            done += part[0].rows
            if progress is not None:
                progress(done, rows)
    assert sums is not None
    tail = (1.0 - level) / 2.0
    first, total, first_ci, total_ci, constant = [], [], [], [], []
    for acc in sums:
        estimate, boot, flat = acc.indices(rows, len(columns))
        first.append(estimate[0])
        total.append(estimate[1])
        first_ci.append(np.quantile(boot[0], [tail, 1 - tail], axis=0))
        total_ci.append(np.quantile(boot[1], [tail, 1 - tail], axis=0))
        constant.append(flat)
    f_ci, t_ci = np.stack(first_ci, axis=1), np.stack(total_ci, axis=1)
    return SobolIndices(
        edition.units,
        factors,
        chosen,
        rows,
        level,
        np.stack(first),
        np.stack(total),
        ConfidenceInterval(f_ci[0], f_ci[1], level),
        ConfidenceInterval(t_ci[0], t_ci[1], level),
        np.stack(constant),
        reference,
        used,
        inputs.inputs,
    )


#: The design (A, B and the Sobol sample they come from) and the bootstrap counts are
#: held whole: at most this many bytes, checked before any work.
MAX_SOBOL_BYTES = 2 * 2**30


def _check_memory(rows: int, m: int, resamples: int) -> None:
    """Refuse up front, with an :class:`IdxError`, a design that would not fit."""
    need = rows * (4 * m * 8 + resamples)
    if need > MAX_SOBOL_BYTES:
        msg = (
            f"sobol with n = {rows:,} and {resamples:,} bootstrap resamples would hold "
            f"{need / 2**30:.1f} GiB of design and resample counts; at most "
            f"{MAX_SOBOL_BYTES / 2**30:.0f} GiB: use a smaller n or fewer resamples"
        )
        raise IdxError(msg)


def _bootstrap_counts(rng: np.random.Generator, rows: int, resamples: int) -> NDArray[np.uint8]:
    """How often each base row appears in each bootstrap resample, as uint8.

    One resample at a time: the same draws as ``rng.multinomial(rows, p, size=resamples)``
    without its resamples x rows int64 array (0.5 GB at n = 2**17).
    """
    counts = np.empty((resamples, rows), dtype=np.uint8)
    p = np.full(rows, 1.0 / rows)
    for k in range(resamples):
        draw = rng.multinomial(rows, p)
        if draw.max() > 255:  # pragma: no cover - P < 1e-300
            msg = "a bootstrap count exceeded 255"
            raise AssertionError(msg)
        counts[k] = draw
    return counts


def _sobol_rows(n_units: int, m: int) -> int:
    """Base rows per chunk: about 2**20 (row, unit, pillar) cells, at least 64."""
    return max(64, 1 << max(0, ((1 << 20) // max(1, n_units * m)).bit_length() - 1))


@dataclass(frozen=True)
class _SobolJob:
    model: _WeightsModel | _InputsModel
    groups: tuple[tuple[int, ...], ...]
    a: NDArray[np.float64]
    b: NDArray[np.float64]
    counts: NDArray[np.uint8]
    outputs: tuple[SobolOutput, ...]
    reference_totals: NDArray[np.float64]
    reference_ranks: NDArray[np.int64]


@dataclass
class _SobolSums:
    """Running sums of one output's per-row terms, for the estimate and each resample.

    Terms are of ``z = y - c0``, ``c0`` the output at the reference weights: ``z_sum``
    and ``z_sq`` over all n (m + 2) runs (the standardisation), and, over base rows,
    weighted by 1 (``point_*``) and by the resample counts (``boot_*``):
    ``first`` = z_B (z_ABj - z_A), ``shift`` = z_ABj - z_A, ``total`` =
    (z_A - z_ABj)^2 / 2, ``level`` = z_A + z_B and ``square`` = z_A^2 + z_B^2.
    """

    rows: int
    z_sum: NDArray[np.float64]
    z_sq: NDArray[np.float64]
    point: list[NDArray[np.float64]]
    boot: list[NDArray[np.float64]]

    def add(self, other: _SobolSums) -> _SobolSums:
        return _SobolSums(
            self.rows + other.rows,
            self.z_sum + other.z_sum,
            self.z_sq + other.z_sq,
            [p + q for p, q in zip(self.point, other.point, strict=True)],
            [p + q for p, q in zip(self.boot, other.boot, strict=True)],
        )

    def indices(
        self, rows: int, m: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
        """(S1, ST) estimates, their bootstrap replicates and the ``constant`` flags."""
        runs = rows * (m + 2)
        centre = self.z_sum / runs  # the full-sample mean, less c0
        sd2 = np.maximum(self.z_sq / runs - centre**2, 0.0)
        estimates = []
        for weighted in (self.point, self.boot):
            first, shift, total, level, square = weighted
            mean = level / (2 * rows)
            var = square / (2 * rows) - mean**2
            # mean over rows of (y_B - c)(y_ABj - y_A), c the full-sample mean
            numerator = (first - centre[..., None] * shift) / rows
            estimates.append((numerator, total / rows, var))
        point_var = estimates[0][2][0]
        flat = point_var <= _EPS
        scale = np.where(flat | (sd2 == 0), np.inf, sd2)
        out = []
        for numerator, total, var in estimates:
            # SALib's rule, on the standardised scale: a variance within machine
            # epsilon of 0 gives indices 0
            varies = ((var / scale) > _EPS)[..., None]
            with np.errstate(divide="ignore", invalid="ignore"):
                s1 = np.where(varies, numerator / var[..., None], 0.0)
                st = np.where(varies, total / var[..., None], 0.0)
            out.append(np.stack([s1, st]))
        return out[0][:, 0], out[1], flat


def _sobol_chunk(job: _SobolJob, chunk: range) -> list[_SobolSums]:
    """Every output's running sums over the base rows ``chunk``."""
    a = job.a[chunk.start : chunk.stop]
    b = job.b[chunk.start : chunk.stop]
    weights = job.counts[:, chunk.start : chunk.stop].astype(np.float64)
    m = len(job.groups)
    parts = []
    for output in job.outputs:
        c0 = job.reference_totals if output == "total" else job.reference_ranks.astype(float)
        z_a = job.model.outputs(a, output) - c0
        z_b = job.model.outputs(b, output) - c0
        z_sum = z_a.sum(axis=0) + z_b.sum(axis=0)
        z_sq = (z_a * z_a).sum(axis=0) + (z_b * z_b).sum(axis=0)
        size, units = z_a.shape
        first = np.empty((size, units, m))
        total = np.empty((size, units, m))
        shift = np.empty((size, units, m))
        for j, columns in enumerate(job.groups):
            mixed = a.copy()
            mixed[:, columns] = b[:, columns]
            z_ab = job.model.outputs(mixed, output) - c0
            z_sum += z_ab.sum(axis=0)
            z_sq += (z_ab * z_ab).sum(axis=0)
            shift[:, :, j] = z_ab - z_a
            first[:, :, j] = z_b * shift[:, :, j]
            total[:, :, j] = 0.5 * shift[:, :, j] ** 2
        level = z_a + z_b
        square = z_a * z_a + z_b * z_b
        terms = [first, shift, total, level, square]
        point = [t.sum(axis=0)[None] for t in terms]
        boot = [(weights @ t.reshape(size, -1)).reshape(-1, *t.shape[1:]) for t in terms]
        parts.append(_SobolSums(size, z_sum, z_sq, point, boot))
    return parts
