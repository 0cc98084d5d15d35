from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from idx import AggregationError
from idx.aggregation import aggregate

X = np.array([[64.0, 16.0], [0.0, 50.0], [25.0, 25.0]])
W = np.array([0.5, 0.5])


def test_known_values():
    np.testing.assert_allclose(aggregate(X, W), [40.0, 25.0, 25.0])
    # geometric: sqrt(64 * 16) = 32; a zero index gives 0; sqrt(25 * 25) = 25
    np.testing.assert_allclose(aggregate(X, W, "geometric"), [32.0, 0.0, 25.0])
    # harmonic (p = -1): 1 / (0.5/64 + 0.5/16) = 25.6
    np.testing.assert_allclose(aggregate(X, W, "power", -1.0), [25.6, 0.0, 25.0])
    # p = 2: sqrt(0.5 * 64^2 + 0.5 * 16^2) = sqrt(2176)
    assert aggregate(X, W, "power", 2.0)[0] == pytest.approx(math.sqrt(2176))


def test_zero_weight_pillar_does_not_zero_the_geometric_total():
    x = np.array([[0.0, 36.0]])
    assert aggregate(x, np.array([0.0, 1.0]), "geometric")[0] == pytest.approx(36.0)


def test_power_one_and_zero_are_arithmetic_and_geometric():
    np.testing.assert_allclose(aggregate(X, W, "power", 1.0), aggregate(X, W))
    np.testing.assert_allclose(aggregate(X, W, "power", 0.0), aggregate(X, W, "geometric"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((X, W, "median"), "'aggregation' must be one of arithmetic, geometric, power"),
        ((X, W, "power"), "'power' must be a finite number"),
        ((X, W, "geometric", 2.0), "'power' applies only to aggregation 'power'"),
        ((-X, W, "geometric"), r"indices must be >= 0 to aggregate \(got -64\)"),
    ],
)
def test_errors(args, message):
    with pytest.raises(AggregationError, match=message):
        aggregate(*args)


_rows = st.lists(st.floats(0.0, 100.0), min_size=3, max_size=3)


@given(
    st.lists(_rows, min_size=1, max_size=6), st.lists(st.integers(1, 50), min_size=3, max_size=3)
)
def test_geometric_at_most_arithmetic_and_power_mean_monotone(rows, parts):
    x = np.array(rows)
    w = np.array(parts, dtype=float)
    w /= w.sum()
    arithmetic = aggregate(x, w)
    geometric = aggregate(x, w, "geometric")
    assert (geometric <= arithmetic + 1e-9).all()
    means = [aggregate(x, w, "power", p) for p in (-2.0, -0.5, 0.5, 1.0, 3.0)]
    for low, high in itertools.pairwise(means):
        assert (low <= high + 1e-7 * (1 + high)).all()
