from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

import idx
from idx import SpaceError
from idx.space import WeightSpace

SYSTEM = idx.SYSTEM_2017


def test_around_bounds_by_hand():
    space = WeightSpace.around(SYSTEM, 0.25)
    # application 0.25 +/- 25%: [0.1875, 0.3125]
    j = SYSTEM.position("application")
    assert space.lower[j] == pytest.approx(0.1875)
    assert space.upper[j] == pytest.approx(0.3125)
    assert space.contains(SYSTEM.weights)
    assert not space.lower.flags.writeable


def test_fixed_and_per_pillar_spread():
    space = WeightSpace.around(SYSTEM, 0.5, fixed=["security"])
    j = SYSTEM.position("security")
    assert space.lower[j] == space.upper[j] == 0.13
    spreads = dict.fromkeys(SYSTEM.ids, 0.1) | {"application": 0.0}
    space = WeightSpace.around(SYSTEM, spreads)
    assert space.lower[3] == space.upper[3] == 0.25


def test_spread_over_one_clips_at_zero():
    space = WeightSpace.around(SYSTEM, 2.0)
    assert (space.lower == 0).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: WeightSpace.around(SYSTEM, -0.1),
            r"'spread' must be finite and >= 0 \(got -0.1\)",
        ),
        (lambda: WeightSpace.around(SYSTEM, {"application": 0.1}), "must name every pillar"),
        (
            lambda: WeightSpace.around(SYSTEM, 0.1, fixed=["nope"]),
            "unknown pillar 'nope' in 'fixed'",
        ),
        (
            lambda: WeightSpace.from_bounds(SYSTEM, {"nope": (0, 1)}),
            "unknown pillar 'nope' in 'bounds'",
        ),
        (
            lambda: WeightSpace.from_bounds(SYSTEM, {"application": (0.5, 0.2)}),
            r"bounds of pillar 'application' must satisfy 0 <= lower <= upper \(got \[0.5, 0.2\]\)",
        ),
        (
            lambda: WeightSpace.from_bounds(SYSTEM, dict.fromkeys(SYSTEM.ids, (0.2, 0.3))),
            r"empty weight space: lower bounds sum to 1.2 > 1",
        ),
        (
            lambda: WeightSpace.from_bounds(SYSTEM, dict.fromkeys(SYSTEM.ids, (0.0, 0.1))),
            r"empty weight space: upper bounds sum to 0.6 < 1",
        ),
        (lambda: WeightSpace(("a",), [1.0], [0.0], [1.0], "cube"), "'mode' must be"),  # type: ignore[arg-type]
    ],
)
def test_bad_spaces(call, message):
    with pytest.raises(SpaceError, match=message):
        call()


def _lp_range(space: WeightSpace, d: np.ndarray) -> tuple[float, float]:
    a_ub, b_ub, a_eq, b_eq, bounds = space.linear_constraints()
    cost = np.append(d, 0.0)
    lo = linprog(
        cost,
        A_ub=a_ub if len(b_ub) else None,
        b_ub=b_ub if len(b_ub) else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
    )
    hi = linprog(
        -cost,
        A_ub=a_ub if len(b_ub) else None,
        b_ub=b_ub if len(b_ub) else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
    )
    return lo.fun, -hi.fun


@pytest.mark.parametrize("mode", ["simplex", "factors"])
def test_closed_form_range_equals_linear_programme(mode):
    # Independent method: the LP over the space's linear description.
    space = WeightSpace.around(SYSTEM, 0.3, mode=mode, fixed=["regulation"])
    rng = np.random.default_rng(3)
    d = rng.normal(size=(25, 6)) * 10
    lo, hi = space.linear_range(d)
    for k in range(len(d)):
        expected = _lp_range(space, d[k])
        assert lo[k] == pytest.approx(expected[0], abs=1e-9)
        assert hi[k] == pytest.approx(expected[1], abs=1e-9)


def test_factor_space_contains_renormalised_factors_and_is_larger():
    factors = WeightSpace.around(SYSTEM, 0.25, mode="factors")
    simplex = WeightSpace.around(SYSTEM, 0.25)
    rng = np.random.default_rng(0)
    f = rng.uniform(factors.lower, factors.upper, size=(5000, 6))
    w = f / f.sum(axis=1, keepdims=True)
    assert factors.contains(w).all()
    # renormalising lets some weights leave their +/-25% box
    assert not simplex.contains(w).all()
    # a vector whose ratios no factor box allows
    assert not factors.contains(np.array([0.5, 0.1, 0.1, 0.1, 0.1, 0.1]))


def test_describe_names_every_pillar():
    text = WeightSpace.around(SYSTEM, 0.25).describe()
    assert all(p in text for p in SYSTEM.ids)


def test_methods_refuse_a_space_over_other_pillars():
    other = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    space = WeightSpace.around(other, 0.25)
    with pytest.raises(
        SpaceError,
        match=r"'space' must be over the edition's pillars \(infrastructure, .*\) \(got a, b\)",
    ):
        idx.rank_range(idx.load_2017(), space)
