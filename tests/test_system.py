from __future__ import annotations

import pytest

import idx
from idx import IndexSystem, IndexSystemError, Pillar


def _pillars(*weights):
    return tuple(Pillar(id=f"p{i}", name=f"P{i}", weight=w) for i, w in enumerate(weights))


def test_valid_system():
    system = IndexSystem(pillars=_pillars(0.25, 0.75), name="toy")
    assert system.ids == ("p0", "p1")
    assert system.weights.tolist() == [0.25, 0.75]
    assert not system.weights.flags.writeable
    assert system.position("p1") == 1
    assert len(system) == 2


def test_weights_must_sum_to_one():
    with pytest.raises(IndexSystemError, match=r"'weights' must sum to 1 \(got 0.95\)"):
        IndexSystem(pillars=_pillars(0.45, 0.5))


def test_tolerance_is_1e_9():
    IndexSystem(pillars=_pillars(0.5, 0.5 + 5e-10))
    with pytest.raises(IndexSystemError, match="must sum to 1"):
        IndexSystem(pillars=_pillars(0.5, 0.5 + 5e-9))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"id": "a", "name": "A", "weight": 0.0},
            r"'weight' of pillar 'a' must be in \(0, 1\] \(got 0.0\)",
        ),
        ({"id": "a", "name": "A", "weight": -0.1}, "must be in"),
        ({"id": "a", "name": "A", "weight": float("nan")}, "must be in"),
        ({"id": "a", "name": "A", "weight": "0.5"}, r"'weight' must be a number \(got '0.5'\)"),
        ({"id": "a b", "name": "A", "weight": 0.5}, "letters, digits and underscores"),
        ({"id": "a", "name": "A", "weight": 0.5, "colour": "red"}, "colour"),
    ],
)
def test_bad_pillar(kwargs, message):
    with pytest.raises(IndexSystemError, match=message):
        Pillar(**kwargs)


def test_duplicate_ids_and_empty():
    with pytest.raises(IndexSystemError, match="'a' appears twice"):
        IndexSystem(
            pillars=(Pillar(id="a", name="A", weight=0.5), Pillar(id="a", name="B", weight=0.5))
        )
    with pytest.raises(IndexSystemError, match="at least one pillar"):
        IndexSystem(pillars=())


def test_unknown_pillar_position():
    with pytest.raises(IndexSystemError, match="unknown pillar 'x'; expected one of"):
        idx.SYSTEM_2017.position("x")


def test_frozen():
    with pytest.raises(Exception, match="frozen"):
        idx.SYSTEM_2017.name = "other"  # type: ignore[misc]


def test_to_frame_and_from_frame_round_trip():
    frame = idx.SYSTEM_2017.to_frame()
    again = IndexSystem.from_frame(frame, name=idx.SYSTEM_2017.name)
    assert again == idx.SYSTEM_2017


def test_from_weights():
    system = IndexSystem.from_weights({"a": 0.3, "b": 0.7})
    assert system.names == ("a", "b")
