"""One description of every uncertain input of a sampled analysis.

:class:`Uncertainty` plays the part of COINr's ``SA_specs`` and of SALib's *problem*:
it names what varies and how, and both :func:`idx.sensitivity.monte_carlo` and
:func:`idx.sensitivity.sobol` accept it in place of a bare :class:`~idx.WeightSpace`.
It describes; it does not sample. Checks that need the data (the edition's printed
precision, whether it was built from raw indicators, its pillar names) run when an
analysis binds the description to an edition (:mod:`idx.sensitivity.inputs`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from idx.errors import UncertaintyError
from idx.options import (
    Aggregation,
    Imputation,
    NoiseDistribution,
    NoiseKind,
    Normalisation,
    UncertainInput,
    choices,
)
from idx.space import WeightSpace
from idx.tolerances import PROBABILITY_SUM_TOLERANCE
from idx.validation import finite_number, got, one_of

__all__ = ["INPUTS", "AggregationChoice", "Noise", "Uncertainty"]

#: Every input an :class:`Uncertainty` can vary, in the order they are reported.
INPUTS: tuple[UncertainInput, ...] = choices(UncertainInput)


@dataclass(frozen=True)
class AggregationChoice:
    """One aggregation rule an analysis may draw: ``arithmetic``, ``geometric`` or a
    power mean with exponent ``power`` (see :func:`idx.aggregate`)."""

    aggregation: Aggregation
    power: float | None = None

    def __post_init__(self) -> None:
        one_of("aggregation", self.aggregation, Aggregation, error=UncertaintyError)
        if self.aggregation == "power":
            if self.power is None:
                msg = "'power' must be a finite number for aggregation 'power' (got None)"
                raise UncertaintyError(msg)
            power = finite_number("power", self.power, error=UncertaintyError)
            object.__setattr__(self, "power", power)
        elif self.power is not None:
            msg = f"'power' applies only to aggregation 'power' (got power={self.power!r} with {self.aggregation!r})"
            raise UncertaintyError(msg)

    @classmethod
    def parse(cls, text: object) -> AggregationChoice:
        """``"arithmetic"``, ``"geometric"``, ``"power:P"`` (or ``("power", P)``)."""
        if isinstance(text, AggregationChoice):
            return text
        if isinstance(text, tuple) and len(text) == 2:
            return cls(text[0], text[1])
        if not isinstance(text, str):
            msg = f"an aggregation choice must be 'arithmetic', 'geometric' or 'power:P' (got {got(text)})"
            raise UncertaintyError(msg)
        name, _, power = text.strip().partition(":")
        if name == "power":
            try:
                value = float(power)
            except ValueError:
                msg = f"an aggregation choice 'power:P' needs a number P (got {text!r})"
                raise UncertaintyError(msg) from None
            return cls("power", value)
        if power:
            msg = f"only 'power' takes an exponent (got {text!r})"
            raise UncertaintyError(msg)
        return cls(name)  # type: ignore[arg-type]

    @property
    def label(self) -> str:
        """``arithmetic``, ``geometric`` or ``power:P``: how :meth:`parse` reads it."""
        return f"power:{self.power:g}" if self.aggregation == "power" else self.aggregation

    def __str__(self) -> str:
        return self.label


def _choices(
    name: str, given: object, parse: Any
) -> tuple[tuple[Any, ...], tuple[float, ...]] | None:
    """A discrete choice as (options, probabilities): from a mapping option -> probability
    or a sequence of options (equally likely)."""
    if given is None:
        return None
    if isinstance(given, str) or not isinstance(given, (Mapping, Iterable)):
        msg = f"'{name}' must map each choice to its probability, or list the choices (got {got(given)})"
        raise UncertaintyError(msg)
    if isinstance(given, Mapping):
        pairs = [(parse(k), v) for k, v in given.items()]
    else:
        items = list(given)
        pairs = [(parse(k), 1.0 / len(items)) for k in items] if items else []
    if not pairs:
        msg = f"'{name}' must hold at least one choice (got none)"
        raise UncertaintyError(msg)
    options = tuple(option for option, _ in pairs)
    if len(set(options)) != len(options):
        msg = f"'{name}' must not repeat a choice (got {[str(o) for o in options]})"
        raise UncertaintyError(msg)
    probabilities = tuple(
        finite_number(
            name,
            p,
            low=0.0,
            high=1.0,
            error=UncertaintyError,
            subject=f"probability of {name} {option!s}",
        )
        for option, p in pairs
    )
    total = math.fsum(probabilities)
    if abs(total - 1.0) > PROBABILITY_SUM_TOLERANCE:
        msg = f"'{name}' probabilities must sum to 1 (got {total:g})"
        raise UncertaintyError(msg)
    return options, probabilities


def _normalisation(value: object) -> Normalisation:
    return cast(
        Normalisation, one_of("normalisation", value, Normalisation, error=UncertaintyError)
    )


def _imputation(value: object) -> Imputation:
    return cast(Imputation, one_of("imputation", value, Imputation, error=UncertaintyError))


@dataclass(frozen=True)
class Noise:
    """Measurement noise on the pillar indices (0-100), drawn afresh in every scenario.

    Parameters
    ----------
    size : float or mapping of pillar id to float
        One size for every pillar, or a size per pillar (pillars not named get
        none). With ``kind="absolute"`` in index points; with ``"relative"`` a share
        of the index (0.05: five per cent).
    kind : {"absolute", "relative"}
        ``absolute``: ``x + e``; ``relative``: ``x * (1 + e)``.
    distribution : {"uniform", "normal"}
        ``e`` uniform on ``[-size, size]``, or normal with standard deviation ``size``.

    Notes
    -----
    A noisy index is clipped to [0, 100], the valid range of an index.
    """

    size: float | Mapping[str, float]
    kind: NoiseKind = "absolute"
    distribution: NoiseDistribution = "uniform"

    def __post_init__(self) -> None:
        one_of("kind", self.kind, NoiseKind, error=UncertaintyError)
        one_of("distribution", self.distribution, NoiseDistribution, error=UncertaintyError)
        if isinstance(self.size, Mapping):
            sizes = {
                str(pillar): finite_number(
                    "size",
                    value,
                    low=0.0,
                    error=UncertaintyError,
                    subject=f"noise size of pillar {pillar!r}",
                )
                for pillar, value in self.size.items()
            }
            object.__setattr__(self, "size", MappingProxyType(sizes))
        else:
            size = finite_number("size", self.size, low=0.0, error=UncertaintyError)
            object.__setattr__(self, "size", size)

    def sizes(self, pillars: tuple[str, ...]) -> tuple[float, ...]:
        """The size for each of ``pillars``; an unknown pillar name is an error."""
        if not isinstance(self.size, Mapping):
            return tuple(float(self.size) for _ in pillars)
        unknown = [p for p in self.size if p not in pillars]
        if unknown:
            msg = f"noise names unknown pillars {unknown} (the pillars are {list(pillars)})"
            raise UncertaintyError(msg)
        return tuple(float(self.size.get(p, 0.0)) for p in pillars)


@dataclass(frozen=True)
class Uncertainty:
    """Every uncertain input of a sampled analysis, described once.

    Parameters
    ----------
    weights : WeightSpace, optional
        The admissible weights, as in every weight analysis. None: the weights are
        fixed at the edition's published weights.
    rounding : bool
        Each printed sub-score is drawn uniformly within half a unit of its last
        printed digit (``+/-0.005`` for the 2017 tables, whose figures carry two
        decimals), kept within ``[0, 100 x weight]``. This shows which ranks the
        published precision itself leaves open. Needs an edition whose ``decimals``
        are known. The printed totals are not used to narrow the draws: the
        question answered is what the printed sub-scores alone decide
        (:func:`idx.verify` says which orders the printed totals confirm).
    noise : Noise, optional
        Measurement noise on the pillar indices.
    aggregation : mapping or sequence, optional
        Aggregation rules to draw from, each with its probability:
        ``{"arithmetic": 0.5, "geometric": 0.25, "power:2": 0.25}``; a sequence
        means equally likely choices. None: arithmetic, the report's rule.
    normalisation, imputation : mapping or sequence, optional
        Construction choices, for editions built from raw indicators
        (:func:`idx.build`): each drawn choice rebuilds the pillar indices from the
        raw values. None: the edition's own.

    Notes
    -----
    Every discrete variant (normalisation x imputation) is built once per
    analysis; each scenario then draws its weights, variant, aggregation rule and
    perturbations. As Sobol factor groups (:func:`idx.sensitivity.sobol`) the inputs
    are ``weights`` (or one factor per pillar's weight), ``rounding``, ``noise``,
    ``aggregation``, ``normalisation`` and ``imputation``.

    References
    ----------
    .. [1] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    .. [2] Becker, W. et al. (2022). COINr: an R package for developing composite
       indicators. Journal of Open Source Software 7(78), 4567 (``get_sensitivity``
       and its ``SA_specs``).
    """

    weights: WeightSpace | None = None
    rounding: bool = False
    noise: Noise | None = None
    aggregation: Any = None
    normalisation: Any = None
    imputation: Any = None
    aggregations: tuple[tuple[AggregationChoice, ...], tuple[float, ...]] | None = field(
        init=False, repr=False
    )
    normalisations: tuple[tuple[Normalisation, ...], tuple[float, ...]] | None = field(
        init=False, repr=False
    )
    imputations: tuple[tuple[Imputation, ...], tuple[float, ...]] | None = field(
        init=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.weights is not None and not isinstance(self.weights, WeightSpace):
            msg = f"'weights' must be a WeightSpace or None (got {type(self.weights).__name__})"
            raise UncertaintyError(msg)
        if not isinstance(self.rounding, bool):
            msg = f"'rounding' must be True or False (got {got(self.rounding)})"
            raise UncertaintyError(msg)
        if self.noise is not None and not isinstance(self.noise, Noise):
            msg = f"'noise' must be an idx.Noise or None (got {type(self.noise).__name__})"
            raise UncertaintyError(msg)
        aggregations = _choices("aggregation", self.aggregation, AggregationChoice.parse)
        normalisations = _choices("normalisation", self.normalisation, _normalisation)
        imputations = _choices("imputation", self.imputation, _imputation)
        object.__setattr__(self, "aggregations", aggregations)
        object.__setattr__(self, "normalisations", normalisations)
        object.__setattr__(self, "imputations", imputations)
        if not self.inputs:
            msg = "'Uncertainty' must vary at least one input (weights, rounding, noise, aggregation, normalisation or imputation) (got none)"
            raise UncertaintyError(msg)

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> Uncertainty:
        """From a mapping input name -> description (COINr's ``SA_specs`` as a dict).

        >>> Uncertainty.from_mapping({"rounding": True}).inputs
        ('rounding',)
        """
        unknown = [name for name in spec if name not in INPUTS]
        if unknown:
            msg = f"unknown uncertain inputs {unknown}: the inputs are {', '.join(INPUTS)}"
            raise UncertaintyError(msg)
        return cls(**dict(spec))

    @property
    def inputs(self) -> tuple[UncertainInput, ...]:
        """The inputs that vary, in :data:`INPUTS` order."""
        varied = {
            "weights": self.weights is not None,
            "rounding": self.rounding,
            "noise": self.noise is not None,
            "aggregation": self.aggregations is not None,
            "normalisation": self.normalisations is not None,
            "imputation": self.imputations is not None,
        }
        return tuple(name for name in INPUTS if varied[name])

    @property
    def weights_only(self) -> bool:
        """Only the weights vary: the analyses run exactly as on the bare space."""
        return self.inputs == ("weights",)

    def describe(self) -> dict[str, object]:
        """What varies, as plain data (recorded in results and command-line output)."""
        out: dict[str, object] = {"inputs": list(self.inputs)}
        if self.weights is not None:
            out["weights"] = {
                "mode": self.weights.mode,
                "lower": self.weights.lower.tolist(),
                "upper": self.weights.upper.tolist(),
            }
        if self.rounding:
            out["rounding"] = True
        if self.noise is not None:
            size = self.noise.size
            out["noise"] = {
                "size": dict(size) if isinstance(size, Mapping) else size,
                "kind": self.noise.kind,
                "distribution": self.noise.distribution,
            }
        for name, chosen in (
            ("aggregation", self.aggregations),
            ("normalisation", self.normalisations),
            ("imputation", self.imputations),
        ):
            if chosen is not None:
                labels = [c.label if isinstance(c, AggregationChoice) else c for c in chosen[0]]
                out[name] = dict(zip(labels, chosen[1], strict=True))
        return out
