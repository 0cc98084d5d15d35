"""The description of uncertain inputs: what it accepts and how it refuses the rest."""

from __future__ import annotations

import pytest

import idx
from idx.errors import UncertaintyError
from idx.uncertainty import INPUTS, AggregationChoice, Noise, Uncertainty


@pytest.fixture(scope="module")
def space(edition: idx.Edition) -> idx.WeightSpace:
    return idx.WeightSpace.around(edition.system, 0.25)


def test_inputs_are_listed_in_one_order(space):
    spec = Uncertainty(
        aggregation=["arithmetic", "geometric"], noise=Noise(1.0), rounding=True, weights=space
    )
    assert spec.inputs == ("weights", "rounding", "noise", "aggregation")
    assert INPUTS == (
        "weights",
        "rounding",
        "noise",
        "aggregation",
        "normalisation",
        "imputation",
    )
    assert not spec.weights_only
    assert Uncertainty(weights=space).weights_only


def test_a_sequence_means_equally_likely_choices():
    spec = Uncertainty(aggregation=["arithmetic", "geometric", "power:2"])
    assert spec.aggregations is not None
    options, probabilities = spec.aggregations
    assert [o.label for o in options] == ["arithmetic", "geometric", "power:2"]
    assert probabilities == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert options[2] == AggregationChoice("power", 2.0)


def test_describe_records_every_input_as_plain_data(space):
    spec = Uncertainty(
        weights=space,
        rounding=True,
        noise=Noise({"application": 2.0}, kind="relative", distribution="normal"),
        aggregation={"arithmetic": 0.75, ("power", 0.5): 0.25},
    )
    described = spec.describe()
    assert described["inputs"] == ["weights", "rounding", "noise", "aggregation"]
    assert described["noise"] == {
        "size": {"application": 2.0},
        "kind": "relative",
        "distribution": "normal",
    }
    assert described["aggregation"] == {"arithmetic": 0.75, "power:0.5": 0.25}
    assert described["weights"]["mode"] == "simplex"  # type: ignore[index]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Uncertainty(), "'Uncertainty' must vary at least one input"),
        (
            lambda: Uncertainty(aggregation={"arithmetic": 0.5, "geometric": 0.4}),
            "'aggregation' probabilities must sum to 1 (got 0.9)",
        ),
        (
            lambda: Uncertainty(normalisation={"minmax": 0.7, "zscore": 0.7}),
            "'normalisation' probabilities must sum to 1 (got 1.4)",
        ),
        (
            lambda: Uncertainty(aggregation={"arithmetic": 1.5, "geometric": -0.5}),
            "probability of aggregation arithmetic must be in [0, 1] (got 1.5)",
        ),
        (
            lambda: Uncertainty(aggregation=["mean"]),
            "'aggregation' must be one of arithmetic, geometric, power (got 'mean')",
        ),
        (
            lambda: Uncertainty(aggregation=["power:x"]),
            "an aggregation choice 'power:P' needs a number P (got 'power:x')",
        ),
        (
            lambda: Uncertainty(aggregation=["power"]),
            "an aggregation choice 'power:P' needs a number P (got 'power')",
        ),
        (
            lambda: AggregationChoice("power"),
            "'power' must be a finite number for aggregation 'power' (got None)",
        ),
        (
            lambda: AggregationChoice("geometric", 2.0),
            "'power' applies only to aggregation 'power'",
        ),
        (lambda: Uncertainty(aggregation=["geometric:2"]), "only 'power' takes an exponent"),
        (
            lambda: Uncertainty(aggregation=["geometric", "geometric"]),
            "'aggregation' must not repeat a choice",
        ),
        (
            lambda: Uncertainty(aggregation="geometric"),
            "'aggregation' must map each choice to its probability",
        ),
        (
            lambda: Uncertainty(aggregation=[]),
            "'aggregation' must hold at least one choice (got none)",
        ),
        (
            lambda: Uncertainty(normalisation=["minmax", "rank"]),
            "'normalisation' must be one of minmax",
        ),
        (lambda: Uncertainty(imputation=["median"]), "'imputation' must be one of pillar_mean"),
        (lambda: Noise(-1.0), "'size' must be finite and >= 0 (got -1.0)"),
        (
            lambda: Noise({"application": -0.5}),
            "noise size of pillar 'application' must be finite and >= 0 (got -0.5)",
        ),
        (lambda: Noise(float("nan")), "'size' must be finite and >= 0 (got nan)"),
        (
            lambda: Noise(1.0, kind="percent"),
            "'kind' must be one of absolute, relative (got 'percent')",
        ),
        (
            lambda: Noise(1.0, distribution="t"),
            "'distribution' must be one of uniform, normal (got 't')",
        ),
        (lambda: Uncertainty(noise=2.0), "'noise' must be an idx.Noise or None (got float)"),
        (lambda: Uncertainty(rounding=1), "'rounding' must be True or False (got 1)"),
        (
            lambda: Uncertainty(weights=[0.5, 0.5]),
            "'weights' must be a WeightSpace or None (got list)",
        ),
        (
            lambda: Uncertainty.from_mapping({"rounding": True, "wieghts": None, "noise_level": 1}),
            "unknown uncertain inputs ['wieghts', 'noise_level']: the inputs are weights, rounding, noise, aggregation, normalisation, imputation",
        ),
    ],
)
def test_bad_descriptions_are_refused_with_the_rule_broken(make, message):
    with pytest.raises(UncertaintyError, match=None) as info:
        make()
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_from_mapping_is_the_constructor_by_name(space):
    spec = Uncertainty.from_mapping({"weights": space, "rounding": True})
    assert spec.inputs == ("weights", "rounding")


def test_probabilities_written_as_decimals_pass():
    third = 0.333333333333
    spec = Uncertainty(
        aggregation={"arithmetic": third, "geometric": third, "power:2": 1 - 2 * third}
    )
    assert spec.aggregations is not None


def test_the_callers_mapping_is_not_kept_or_changed():
    sizes = {"application": 1.0}
    noise = Noise(sizes)
    sizes["application"] = 5.0
    assert noise.sizes(("application", "security")) == (1.0, 0.0)
    with pytest.raises(TypeError):
        noise.size["security"] = 1.0  # type: ignore[index]


def test_noise_naming_an_unknown_pillar_is_refused():
    with pytest.raises(UncertaintyError, match=r"noise names unknown pillars \['apps'\]"):
        Noise({"apps": 1.0}).sizes(("application", "security"))
