"""An :class:`~idx.Uncertainty` bound to an edition: the model of a sampled analysis.

:func:`bind` does, once, everything that does not change between scenarios: it builds
each construction variant's index matrix (normalisation x imputation), the interval
each printed sub-score's rounding leaves open, the noise size of each pillar and the
aggregation rules with their probabilities. A scenario is then a weight vector plus
uniform numbers, one block per varied input, and :meth:`InputModel.totals` turns a
whole chunk of scenarios into totals with array operations only: gathers, an
``einsum`` per aggregation rule, no loop over scenarios.

Monte Carlo draws the uniforms from its chunk's generator (:meth:`InputModel.draw`);
Sobol takes them from the columns of its quasi-random design
(:meth:`InputModel.split`), which is what makes every input a factor group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from idx.build import rebuild
from idx.edition import Edition
from idx.errors import UncertaintyError
from idx.options import UncertainInput
from idx.space import WeightSpace
from idx.uncertainty import AggregationChoice, Uncertainty

__all__ = ["InputModel", "aggregate_scenarios", "bind", "inputs_of"]

# Design uniforms are kept this far inside (0, 1): the normal quantile of 0 is -inf,
# and a relative noise of -inf times an index of 0 would be NaN.
_U_EDGE = 2.0**-53


@dataclass(frozen=True)
class InputModel:
    """Everything a chunk of scenarios needs, worked out once (see :func:`bind`).

    Attributes
    ----------
    inputs : tuple of str
        The varied inputs, in :data:`idx.uncertainty.INPUTS` order.
    units, pillars : tuple of str
        The edition's.
    space : WeightSpace or None
        The weights' space, None when the weights are fixed at ``reference``.
    reference : ndarray, (m,)
        The reference weights (the space's, else the edition's published weights).
    variants : ndarray, (k, n_units, m)
        Pillar indices of each construction variant, normalisation-major (one, the
        edition's own, when no construction choice varies).
    variant_labels : tuple of str
        ``"normalisation/imputation"`` of each variant.
    normalisation_p, imputation_p : ndarray
        Probabilities of the normalisation and imputation choices (one choice of
        probability 1 when not varied).
    aggregations : tuple of AggregationChoice
    aggregation_p : ndarray
    rounding_low, rounding_width : ndarray, (n_units, m), or None
        The interval of index values each printed sub-score leaves open.
    noise_size : ndarray, (m,), or None
    noise_kind, noise_distribution : str
    """

    inputs: tuple[UncertainInput, ...]
    units: tuple[str, ...]
    pillars: tuple[str, ...]
    space: WeightSpace | None
    reference: NDArray[np.float64]
    variants: NDArray[np.float64]
    variant_labels: tuple[str, ...]
    normalisation_p: NDArray[np.float64]
    imputation_p: NDArray[np.float64]
    aggregations: tuple[AggregationChoice, ...]
    aggregation_p: NDArray[np.float64]
    rounding_low: NDArray[np.float64] | None
    rounding_width: NDArray[np.float64] | None
    noise_size: NDArray[np.float64] | None
    noise_kind: str
    noise_distribution: str

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_pillars(self) -> int:
        return len(self.pillars)

    def widths(self) -> tuple[tuple[UncertainInput, int], ...]:
        """Uniform numbers each varied input takes per scenario, in order (weights: m)."""
        n, m = self.n_units, self.n_pillars
        size = {
            "weights": m,
            "rounding": n * m,
            "noise": n * m,
            "aggregation": 1,
            "normalisation": 1,
            "imputation": 1,
        }
        return tuple((name, size[name]) for name in self.inputs)

    @property
    def dimension(self) -> int:
        """Columns of a design: the sum of :meth:`widths`."""
        return sum(width for _, width in self.widths())

    def groups(
        self,
        group_weights: bool = False,
        merged: Mapping[str, Sequence[str]] | None = None,
    ) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """Sobol factor groups as (name, design columns).

        By default one factor per pillar's weight (or one ``weights`` group), then one
        per other varied input. ``merged`` joins factors into named groups, e.g.
        ``{"data": ["rounding", "noise"]}``; a group stands where its first member
        stood, and the factors it does not name stay as they are.
        """
        out: list[tuple[str, tuple[int, ...]]] = []
        start = 0
        for name, width in self.widths():
            columns = tuple(range(start, start + width))
            if name == "weights" and not group_weights:
                out.extend(
                    (pillar, (column,))
                    for pillar, column in zip(self.pillars, columns, strict=True)
                )
            else:
                out.append((name, columns))
            start += width
        return tuple(out) if merged is None else _merge(tuple(out), merged)

    def bounds(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Lower and upper ends of each design column: the weight factors' bounds, then
        [0, 1] for every uniform."""
        lower, upper = [], []
        for name, width in self.widths():
            if name == "weights":
                assert self.space is not None
                lower.append(self.space.lower)
                upper.append(self.space.upper)
            else:
                lower.append(np.zeros(width))
                upper.append(np.ones(width))
        return np.concatenate(lower), np.concatenate(upper)

    def draw(self, size: int, rng: np.random.Generator) -> dict[str, NDArray[np.float64]]:
        """The random numbers of ``size`` scenarios for every varied input but the
        weights, drawn from ``rng`` in input order: uniforms on [0, 1), except the
        noise, drawn as its standard shocks (normal, or uniform on [-1, 1)) directly,
        which makes a run with normal noise 1.5 times faster than going through the
        normal quantile function (what :meth:`split` must do with a design)."""
        n, m = self.n_units, self.n_pillars
        out: dict[str, NDArray[np.float64]] = {}
        for name in self.inputs:
            if name == "weights":
                continue
            if name == "noise":
                if self.noise_distribution == "normal":
                    out[name] = rng.standard_normal((size, n, m))
                else:
                    out[name] = rng.uniform(-1.0, 1.0, (size, n, m))
            elif name == "rounding":
                out[name] = rng.random((size, n, m))
            else:
                out[name] = rng.random(size)
        return out

    def split(
        self, rows: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], dict[str, NDArray[np.float64]]]:
        """Design rows as (weights, draws): the weight factors renormalised (or the
        reference weights), and each other input's columns as :meth:`draw` gives them
        (the noise's uniforms through the quantile function of its distribution)."""
        size = rows.shape[0]
        n, m = self.n_units, self.n_pillars
        draws: dict[str, NDArray[np.float64]] = {}
        weights = np.broadcast_to(self.reference, (size, m))
        start = 0
        for name, width in self.widths():
            block = rows[:, start : start + width]
            if name == "weights":
                weights = block / block.sum(axis=1, keepdims=True)
            elif name == "noise":
                u = np.clip(block.reshape(size, n, m), _U_EDGE, 1.0 - _U_EDGE)
                draws[name] = ndtri(u) if self.noise_distribution == "normal" else 2.0 * u - 1.0
            elif name == "rounding":
                draws[name] = block.reshape(size, n, m)
            else:
                draws[name] = block[:, 0]
            start += width
        return weights, draws

    def totals(
        self, weights: NDArray[np.float64], draws: dict[str, NDArray[np.float64]]
    ) -> NDArray[np.float64]:
        """Totals ``(scenarios, units)`` of scenarios given as weights ``(S, m)`` (each
        summing to 1) and the draws of :meth:`draw` or :meth:`split`."""
        size = weights.shape[0]
        x = self.indices(size, draws)
        rule = _pick(self.aggregation_p, draws.get("aggregation"), size)
        totals = np.empty((size, self.n_units))
        for k, choice in enumerate(self.aggregations):
            chosen = rule == k
            if not chosen.any():
                continue
            part = x if x.ndim == 2 else x[chosen]
            totals[chosen] = aggregate_scenarios(part, weights[chosen], choice)
        return totals

    def indices(self, size: int, draws: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
        """Pillar indices of each scenario, ``(S, n, m)``, or one ``(n, m)`` matrix when
        nothing but weights and aggregation varies. ``draws`` as :meth:`draw` or
        :meth:`split` give them; they are not changed."""
        owned = False  # whether x is a fresh array this call may write into
        if len(self.variants) > 1:
            n_imputation = len(self.imputation_p)
            chosen = _pick(self.normalisation_p, draws.get("normalisation"), size)
            chosen = chosen * n_imputation + _pick(self.imputation_p, draws.get("imputation"), size)
            x: NDArray[np.float64] = self.variants[chosen]
            owned = True
        else:
            x = self.variants[0]
        if self.rounding_low is not None and self.rounding_width is not None:
            # the true sub-score lies anywhere in its rounding interval: replace, not add,
            # so that an interval cut at 0 or at the maximum stays uniform
            x = draws["rounding"] * self.rounding_width
            x += self.rounding_low
            owned = True
        if self.noise_size is not None:
            shock = draws["noise"] * self.noise_size
            if self.noise_kind == "absolute":
                x = np.add(x, shock, out=x if owned else None)
            else:
                shock += 1.0
                x = np.multiply(x, shock, out=x if owned else None)
            np.clip(x, 0.0, 100.0, out=x)
        return x


def _merge(
    factors: tuple[tuple[str, tuple[int, ...]], ...], merged: Mapping[str, Sequence[str]]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """``factors`` with the members of each group of ``merged`` joined under its name."""
    if not isinstance(merged, Mapping):
        msg = f"'groups' must map each group name to the factors it joins (got {type(merged).__name__})"
        raise UncertaintyError(msg)
    known = [name for name, _ in factors]
    owner: dict[str, str] = {}
    for group, members in merged.items():
        if isinstance(members, str) or not members:
            msg = f"group {group!r} must list the factors it joins (got {members!r})"
            raise UncertaintyError(msg)
        unknown = [m for m in members if m not in known]
        if unknown:
            msg = f"group {group!r} names unknown factors {unknown}: the factors are {', '.join(known)}"
            raise UncertaintyError(msg)
        for member in members:
            if member in owner:
                msg = f"factor {member!r} is in two groups ({owner[member]!r} and {group!r})"
                raise UncertaintyError(msg)
            owner[member] = group
        if group in known and owner.get(group) != group:
            msg = f"group name {group!r} is already a factor's name"
            raise UncertaintyError(msg)
    out: list[tuple[str, tuple[int, ...]]] = []
    placed: dict[str, int] = {}
    for name, columns in factors:
        owned = owner.get(name)
        if owned is None:
            out.append((name, columns))
            continue
        group = owned
        if group in placed:
            k = placed[group]
            out[k] = (group, out[k][1] + columns)
        else:
            placed[group] = len(out)
            out.append((group, columns))
    return tuple(out)


def _pick(
    probabilities: NDArray[np.float64], u: NDArray[np.float64] | None, size: int
) -> NDArray[np.intp]:
    """Discrete choices by inverse CDF: choice k where ``cum[k-1] <= u < cum[k]``."""
    if u is None or len(probabilities) == 1:
        return np.zeros(size, dtype=np.intp)
    cumulative = np.cumsum(probabilities)
    picked: NDArray[np.intp] = np.minimum(
        np.searchsorted(cumulative, u, side="right"), len(probabilities) - 1
    )
    return picked


def aggregate_scenarios(
    x: NDArray[np.float64], w: NDArray[np.float64], choice: AggregationChoice
) -> NDArray[np.float64]:
    """Totals ``(S, n)`` of indices ``x`` (``(n, m)``, or ``(S, n, m)`` per scenario)
    under weights ``w`` ``(S, m)`` by one rule: :func:`idx.aggregate`, scenario-wise.

    As in :func:`idx.aggregate`, only weighted pillars count: a zero index on a
    weighted pillar makes a geometric (or negative-power) total 0, its limit.
    """
    rule, p = choice.aggregation, choice.power
    if rule == "power" and p == 1.0:
        rule = "arithmetic"
    elif rule == "power" and p == 0.0:
        rule = "geometric"
    three = "sij,sj->si" if x.ndim == 3 else "ij,sj->si"
    if rule == "arithmetic":
        if x.ndim == 2:
            out: NDArray[np.float64] = w @ x.T
            return out
        out = np.einsum(three, x, w)
        return out
    assert rule != "power" or p is not None
    if rule == "power" and p is not None and p > 0:
        # no limit to take: a zero index simply adds 0 to the mean of powers
        out = np.einsum(three, x**p, w) ** (1.0 / p)
        return out
    positive = x > 0
    safe = np.where(positive, x, 1.0)
    weighted = w > 0
    # (n, m) or (S, n, m) against (S, 1, m): a zero index on a weighted pillar makes a
    # geometric or negative-power total 0, its limit
    zero = ((~positive) & weighted[:, None, :]).any(axis=-1)
    if rule == "geometric":
        out = np.exp(np.einsum(three, np.log(safe), w))
    else:
        assert p is not None
        with np.errstate(over="ignore", divide="ignore"):
            inner = np.einsum(three, np.where(positive, safe**p, 0.0), w)
            out = np.where(zero, 1.0, inner) ** (1.0 / p)
    return np.where(zero, 0.0, out)


def inputs_of(space: object) -> Uncertainty:
    """``space`` as an :class:`~idx.Uncertainty` (a weight space varies the weights alone)."""
    if isinstance(space, WeightSpace):
        return Uncertainty(weights=space)
    if not isinstance(space, Uncertainty):
        msg = (
            f"'space' must be an idx.WeightSpace or an idx.Uncertainty (got {type(space).__name__})"
        )
        raise UncertaintyError(msg)
    return space


def bind(edition: Edition, uncertainty: Uncertainty) -> InputModel:
    """Check ``uncertainty`` against ``edition`` and precompute its model.

    Raises
    ------
    UncertaintyError
        Rounding asked of an edition whose precision (``decimals``) is unknown or that
        is rebuilt from raw indicators; construction choices asked of an edition not
        built from raw indicators, or choices that change its units; noise naming an
        unknown pillar.
    """
    if not isinstance(uncertainty, Uncertainty):
        msg = f"'space' must be an idx.WeightSpace or an idx.Uncertainty (got {type(uncertainty).__name__})"
        raise UncertaintyError(msg)
    pillars = edition.pillars
    space = uncertainty.weights
    if space is not None:
        space.check_pillars(pillars)
        reference = np.array(space.reference, dtype=np.float64)
    else:
        reference = np.array(edition.system.weights, dtype=np.float64)
    variants, labels, norm_p, imp_p = _variants(edition, uncertainty)
    low = width = None
    if uncertainty.rounding:
        if len(variants) > 1:
            msg = "'rounding' applies to printed figures; normalisation and imputation choices rebuild the indices from raw values, which are not rounded figures"
            raise UncertaintyError(msg)
        low, width = _rounding_intervals(edition)
    size = None
    kind, distribution = "absolute", "uniform"
    if uncertainty.noise is not None:
        size = np.array(uncertainty.noise.sizes(pillars))
        kind, distribution = uncertainty.noise.kind, uncertainty.noise.distribution
    if uncertainty.aggregations is None:
        aggregations: tuple[AggregationChoice, ...] = (AggregationChoice("arithmetic"),)
        aggregation_p = np.ones(1)
    else:
        aggregations, probabilities = uncertainty.aggregations
        aggregation_p = np.array(probabilities)
        if (
            any(c.aggregation != "arithmetic" for c in aggregations)
            and (edition.index_array < 0).any()
        ):  # pragma: no cover - editions hold sub-scores >= 0
            msg = "geometric and power means need indices >= 0"
            raise UncertaintyError(msg)
    for array in (reference, variants, norm_p, imp_p, aggregation_p, low, width, size):
        if array is not None:
            array.flags.writeable = False
    return InputModel(
        uncertainty.inputs,
        edition.units,
        pillars,
        space,
        reference,
        variants,
        labels,
        norm_p,
        imp_p,
        aggregations,
        aggregation_p,
        low,
        width,
        size,
        kind,
        distribution,
    )


def _rounding_intervals(edition: Edition) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each printed sub-score's rounding interval, in index units: ``[low, low + width]``."""
    if edition.decimals is None:
        msg = (
            "'rounding' needs the precision of the printed figures, and this edition's is "
            "unknown ('decimals' is None): give decimals= when reading it"
        )
        raise UncertaintyError(msg)
    half = 0.5 * 10.0 ** (-edition.decimals)
    weights = edition.system.weights
    printed = edition.subscores
    low = np.maximum(printed - half, 0.0)
    high = np.minimum(printed + half, 100.0 * weights)
    return low / weights, (high - low) / weights


def _variants(
    edition: Edition, uncertainty: Uncertainty
) -> tuple[NDArray[np.float64], tuple[str, ...], NDArray[np.float64], NDArray[np.float64]]:
    """Index matrices of every (normalisation, imputation) choice, normalisation-major."""
    normalisations = uncertainty.normalisations
    imputations = uncertainty.imputations
    if normalisations is None and imputations is None:
        return edition.index_array[None], ("as published",), np.ones(1), np.ones(1)
    construction = edition.construction
    if construction is None:
        asked = [n for n in ("normalisation", "imputation") if n in uncertainty.inputs]
        msg = (
            f"{' and '.join(asked)} choices need an edition built from raw indicators "
            "(idx.build); this edition holds published sub-scores only"
        )
        raise UncertaintyError(msg)
    norms = normalisations[0] if normalisations else (construction.normalisation,)
    imps = imputations[0] if imputations else (construction.imputation,)
    matrices, labels = [], []
    for normalisation in norms:
        for imputation in imps:
            variant = rebuild(edition, normalisation=normalisation, imputation=imputation)
            if variant.units != edition.units:
                msg = (
                    f"construction choice normalisation={normalisation!r}, "
                    f"imputation={imputation!r} changes the units "
                    f"({len(variant.units)} instead of {edition.n_units}): rank "
                    "distributions need the same units in every scenario"
                )
                raise UncertaintyError(msg)
            matrices.append(variant.index_array)
            labels.append(f"{normalisation}/{imputation}")
    norm_p = np.array(normalisations[1]) if normalisations else np.ones(1)
    imp_p = np.array(imputations[1]) if imputations else np.ones(1)
    return np.stack(matrices), tuple(labels), norm_p, imp_p
