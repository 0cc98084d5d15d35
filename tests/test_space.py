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


def test_fixed_none_is_an_error_not_a_type_error():
    with pytest.raises(idx.SpaceError, match=r"'fixed' must be a sequence of pillars \(got None\)"):
        WeightSpace.around(SYSTEM, 0.25, fixed=None)  # type: ignore[arg-type]


def test_from_bounds_refuses_bounds_that_exclude_the_reference():
    # application is published at 0.25, outside [0.3, 0.4]
    with pytest.raises(
        idx.SpaceError,
        match=r"the bounds exclude the reference weights \(application 0.25 outside \[0.3, 0.4\]\); "
        r"widen them, or pass reference= weights inside them",
    ):
        WeightSpace.from_bounds(SYSTEM, {"application": (0.3, 0.4)})
    # a reference inside the bounds is accepted, and is where base ranks are taken
    inside = [0.17, 0.15, 0.15, 0.30, 0.12, 0.11]
    space = WeightSpace.from_bounds(SYSTEM, {"application": (0.3, 0.4)}, reference=inside)
    assert space.reference.tolist() == inside
    assert bool(space.contains(space.reference))
    with pytest.raises(idx.SpaceError, match="choose reference weights inside them"):
        WeightSpace.from_bounds(
            SYSTEM, {"application": (0.3, 0.4)}, reference=[0.18, 0.16, 0.16, 0.25, 0.13, 0.12]
        )


def test_factor_bounds_that_admit_no_scale_of_the_reference():
    # factors: application in [0.3, 0.4] needs tau in [0.625, 0.833]; infrastructure in
    # [0.0, 0.1] needs 0.18 <= 0.1 tau, tau >= 1.8: no common scale
    with pytest.raises(idx.SpaceError, match="no common scale puts every factor"):
        WeightSpace.from_bounds(
            SYSTEM, {"application": (0.3, 0.4), "infrastructure": (0, 0.1)}, mode="factors"
        )


def test_around_with_absolute_bounds_by_name_and_percent():
    space = WeightSpace.around(SYSTEM, 0.1, bounds={"Internet application": ("20%", "30%")})
    j = SYSTEM.ids.index("application")
    assert (space.lower[j], space.upper[j]) == (0.2, 0.3)
    # the others keep +/-10%: infrastructure 0.18 -> [0.162, 0.198]
    assert space.lower[0] == pytest.approx(0.162) and space.upper[0] == pytest.approx(0.198)
    with pytest.raises(idx.SpaceError, match=r"application 0.25 outside \[0.3, 0.35\]"):
        WeightSpace.around(SYSTEM, 0.1, bounds={"application": (0.3, 0.35)})
    with pytest.raises(idx.SpaceError, match="pillar 'application' is both fixed and given bounds"):
        WeightSpace.around(SYSTEM, fixed=["application"], bounds={"application": (0.2, 0.3)})
    with pytest.raises(idx.SpaceError, match="must be a pair of numbers"):
        WeightSpace.around(SYSTEM, bounds={"application": (0.2,)})  # type: ignore[dict-item]


def test_pillars_by_display_name_in_fixed_and_spread():
    by_name = WeightSpace.around(SYSTEM, 0.25, fixed=["Cyber security"])
    by_id = WeightSpace.around(SYSTEM, 0.25, fixed=["security"])
    assert by_name.lower.tolist() == by_id.lower.tolist()
    spreads = {name: 0.1 for name in SYSTEM.names}
    assert (
        WeightSpace.around(SYSTEM, spreads).upper.tolist()
        == WeightSpace.around(SYSTEM, 0.1).upper.tolist()
    )


def test_as_dict_rebuilds_the_space():
    space = WeightSpace.around(SYSTEM, 0.3, mode="factors", fixed=["security"])
    again = WeightSpace(**space.as_dict())  # type: ignore[arg-type]
    for name in ("reference", "lower", "upper"):
        assert getattr(again, name).tolist() == getattr(space, name).tolist()
    assert again.mode == "factors" and again.pillars == space.pillars
