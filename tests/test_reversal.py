from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.sensitivity import reversal
from idx.sensitivity.reversal import REVERSAL_MARGIN
from idx.space import WeightSpace


def test_hunan_overtakes_henan_with_an_admissible_vector():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    result = reversal(edition, "Henan", "Hunan", space)
    assert result.reversible
    assert space.contains(result.weights)
    x = edition.index_array
    henan, hunan = edition.units.index("Henan"), edition.units.index("Hunan")
    assert x[hunan] @ result.weights > x[henan] @ result.weights
    assert result.distance == pytest.approx(np.abs(result.weights - edition.system.weights).sum())
    ranks = idx.score(edition, result.weights).ranks
    assert ranks[hunan] < ranks[henan]


def test_per_pillar_crossing_checked_by_scoring():
    edition = idx.load_2017()
    result = reversal(edition, "Henan", "Hunan")
    henan, hunan = edition.units.index("Henan"), edition.units.index("Hunan")
    w0 = np.array(edition.system.weights)
    for j, r in enumerate(result.per_pillar):
        if r.weight is None:
            continue
        step = 1e-6 if r.direction == "raise" else -1e-6
        w = w0 * (1 - (r.weight + step)) / (1 - w0[j])
        w[j] = r.weight + step
        totals = idx.score(edition, w).totals
        assert totals[hunan] > totals[henan]


def test_two_pillar_optimum_by_hand():
    # Weights (t, 1 - t), base t0 = 0.5. x = (60, 20) and y = (20, 50):
    # y - x = -40 t + 30 (1 - t) = 30 - 70 t >= 0 needs t <= 3/7, so the closest
    # reversing vector is t = 3/7 (less the margin) and the L1 change 2 (0.5 - 3/7) = 1/7.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[30, 10], [10, 25]], unit_kind="other"
    )
    result = reversal(e, "x", "y")
    assert result.distance == pytest.approx(1 / 7, abs=1e-6)
    assert result.weights[0] == pytest.approx(3 / 7, abs=1e-6)
    assert result.per_pillar[0].weight == pytest.approx(3 / 7)
    assert result.per_pillar[0].direction == "lower"
    assert result.totals[1] - result.totals[0] >= REVERSAL_MARGIN * 0.99


def test_irreversible_and_bad_units():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    result = reversal(edition, "Guangdong", "Gansu", space)
    assert not result.reversible and result.weights is None
    assert "no admissible weights" in result.summary()
    with pytest.raises(idx.UnknownUnitError):
        reversal(edition, "Atlantis", "Gansu")
    with pytest.raises(idx.IdxError, match="must be different units"):
        reversal(edition, "Tibet", "Xizang")
