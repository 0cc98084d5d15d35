from __future__ import annotations

import numpy as np
import pytest

from idx.errors import IdxError, SpaceError, WeightError
from idx.options import RankMethod, choices
from idx.validation import finite_number, got, one_of, positive_int, probability, unique


def test_one_message_shape():
    with pytest.raises(IdxError, match=r"^'n' must be a positive integer \(got 0\)$"):
        positive_int("n", 0)
    with pytest.raises(IdxError, match=r"^'n' must be an integer >= 2 \(got 1\)$"):
        positive_int("n", 1, minimum=2)
    with pytest.raises(IdxError, match=r"^'kappa' must be finite and > 0 \(got -1\)$"):
        finite_number("kappa", -1, low=0.0, low_open=True)
    with pytest.raises(IdxError, match=r"^'p' must be in \(0, 1\) \(got 1.5\)$"):
        probability("p", 1.5)
    with pytest.raises(
        IdxError, match=r"^'method' must be one of min, dense, ordinal \(got 'avg'\)$"
    ):
        one_of("method", "avg", RankMethod)


@pytest.mark.parametrize("value", [True, "3", 2.0, None, np.float64(3.0)])
def test_positive_int_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(IdxError, match="'n' must be a positive integer"):
        positive_int("n", value)


def test_positive_int_takes_numpy_integers():
    assert positive_int("n", np.int32(7)) == 7 and type(positive_int("n", np.int32(7))) is int


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2", r"'power' must be a number \(got '2'\)"),
        (True, r"'power' must be a number \(got True\)"),
        (float("nan"), r"'power' must be finite \(got nan\)"),
        (float("inf"), r"'power' must be finite \(got inf\)"),
    ],
)
def test_finite_number(value, message):
    with pytest.raises(IdxError, match=message):
        finite_number("power", value)


def test_the_error_class_and_subject_are_the_callers():
    with pytest.raises(WeightError, match=r"^weight of pillar 'a' must be finite and >= 0"):
        finite_number("weight", -0.1, low=0.0, error=WeightError, subject="weight of pillar 'a'")
    with pytest.raises(SpaceError):
        one_of("mode", "cube", ("simplex", "factors"), error=SpaceError)


def test_values_in_messages_stay_short():
    huge = "x" * 50_000_000
    with pytest.raises(IdxError) as info:
        one_of("format", huge, ("csv",))
    assert len(str(info.value)) < 120
    assert got(huge).endswith("...'") or got(huge).endswith("...")


def test_one_of_never_broadcasts_an_array():
    with pytest.raises(IdxError, match="must be one of"):
        one_of("method", np.array(["min", "min"]), RankMethod)


def test_choices_come_from_the_literal_type():
    assert choices(RankMethod) == ("min", "dense", "ordinal")


def test_unique():
    assert unique("labels", ["a", "b"]) == ("a", "b")
    with pytest.raises(IdxError, match=r"'labels' must not repeat a value \('a' appears twice\)"):
        unique("labels", ["a", "b", "a"])
