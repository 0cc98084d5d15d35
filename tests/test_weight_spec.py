from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.weight_spec import resolve_weights


def test_published_and_none_are_the_system_weights():
    for spec in (None, "published", " Published "):
        choice = resolve_weights(spec, idx.SYSTEM_2017)
        assert choice.weights.tolist() == [0.18, 0.16, 0.16, 0.25, 0.13, 0.12]
        assert choice.label == "published"


def test_full_mapping_and_sequence():
    ids = idx.SYSTEM_2017.ids
    values = [0.1, 0.1, 0.2, 0.3, 0.2, 0.1]
    by_map = resolve_weights(dict(zip(ids, values, strict=True)), idx.SYSTEM_2017)
    by_seq = resolve_weights(values, idx.SYSTEM_2017)
    by_arr = resolve_weights(np.array(values), idx.SYSTEM_2017)
    for choice in (by_map, by_seq, by_arr):
        assert choice.weights.tolist() == values
        assert choice.label == "custom"
        assert not choice.weights.flags.writeable


def test_caller_array_is_not_mutated_or_aliased():
    values = np.array([0.1, 0.1, 0.2, 0.3, 0.2, 0.1])
    choice = resolve_weights(values, idx.SYSTEM_2017)
    assert values.flags.writeable
    values[0] = 0.5
    assert choice.weights[0] == 0.1


def test_full_mapping_must_sum_to_one():
    ids = idx.SYSTEM_2017.ids
    with pytest.raises(idx.WeightError, match=r"'weights' must sum to 1 \(got 0.95\)"):
        resolve_weights(
            dict(zip(ids, [0.1, 0.1, 0.2, 0.3, 0.15, 0.1], strict=True)), idx.SYSTEM_2017
        )


def test_booleans_and_strings_are_not_numbers():
    with pytest.raises(idx.WeightError, match="must be a number"):
        resolve_weights({"application": True}, idx.SYSTEM_2017)
    with pytest.raises(idx.WeightError, match="must be a number"):
        resolve_weights(["0.2"] * 6, idx.SYSTEM_2017)
    with pytest.raises(idx.WeightError, match="got int"):
        resolve_weights(3, idx.SYSTEM_2017)  # type: ignore[arg-type]
    with pytest.raises(idx.WeightError, match="empty mapping"):
        resolve_weights({}, idx.SYSTEM_2017)


# --- weights as people write them -------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["application", "Internet application", "INTERNET_APPLICATION", "internet-application"]
)
def test_pillars_by_id_or_display_name_in_any_case(key):
    by_id = resolve_weights({"application": 0.35}, idx.SYSTEM_2017)
    by_key = resolve_weights({key: 0.35}, idx.SYSTEM_2017)
    assert by_key.weights.tolist() == by_id.weights.tolist()
    assert by_key.weights[3] == 0.35


def test_a_pillar_named_twice_by_id_and_by_name_is_an_error():
    with pytest.raises(idx.WeightError, match="'weights' names pillar 'application' twice"):
        resolve_weights({"application": 0.3, "Internet application": 0.3}, idx.SYSTEM_2017)


def test_percentages_in_a_mapping_and_a_vector():
    partial = resolve_weights({"application": "35%"}, idx.SYSTEM_2017)
    assert partial.weights[3] == pytest.approx(0.35, abs=1e-15)
    # Table 1 as percentages is the published vector
    vector = resolve_weights(["18%", "16%", "16%", "25%", "13%", "12%"], idx.SYSTEM_2017)
    np.testing.assert_allclose(vector.weights, [0.18, 0.16, 0.16, 0.25, 0.13, 0.12], atol=1e-15)


def test_percentages_must_sum_to_100_percent():
    with pytest.raises(idx.WeightError, match=r"'weights' must sum to 100% \(got 99%\)"):
        resolve_weights(["18%", "16%", "16%", "25%", "13%", "11%"], idx.SYSTEM_2017)


def test_a_vector_summing_to_100_gets_a_hint_to_write_percentages():
    message = (
        "'weights' must sum to 1 (got 100); they sum to 100, so they look like percentages: "
        "write each with a % sign (18%, 16%, 16%, 25%, 13%, 12%) or divide by 100"
    )
    with pytest.raises(idx.WeightError) as info:
        resolve_weights([18, 16, 16, 25, 13, 12], idx.SYSTEM_2017)
    assert str(info.value) == message
    ids = idx.SYSTEM_2017.ids
    with pytest.raises(idx.WeightError, match="they sum to 100, so they look like percentages"):
        resolve_weights(dict(zip(ids, [18, 16, 16, 25, 13, 12], strict=True)), idx.SYSTEM_2017)


def test_a_partial_mapping_above_1_gets_the_percent_hint():
    with pytest.raises(
        idx.WeightError,
        match=r"partial 'weights' must sum to at most 1 \(got 35\); for percentages write "
        r"each with a % sign \('35%'\)",
    ):
        resolve_weights({"application": 35}, idx.SYSTEM_2017)


def test_text_that_is_not_a_percentage_is_not_a_weight():
    with pytest.raises(
        idx.WeightError,
        match=r"weight of pillar 'application' must be a number or a percentage like '35%' "
        r"\(got '0.35'\)",
    ):
        resolve_weights({"application": "0.35"}, idx.SYSTEM_2017)
    with pytest.raises(idx.WeightError, match=r"must be a finite percentage >= 0% \(got '-5%'\)"):
        resolve_weights({"application": "-5%"}, idx.SYSTEM_2017)


def test_a_two_dimensional_array_is_not_flattened():
    with pytest.raises(
        idx.WeightError,
        match=r"'weights' must be one-dimensional, one number per pillar "
        r"\(got an array of shape \(2, 3\)\)",
    ):
        resolve_weights(np.full((2, 3), 1 / 6), idx.SYSTEM_2017)


def test_unknown_name_lists_the_forms_and_scheme_names():
    with pytest.raises(idx.WeightError, match=r"a scheme name \(entropy, critic, std, pca\)"):
        resolve_weights("entropyy", idx.SYSTEM_2017)
