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
