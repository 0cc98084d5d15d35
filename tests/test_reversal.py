from __future__ import annotations

import sys

import numpy as np
import pytest

import idx
from idx.ranking import TIE_ATOL, TIE_RTOL, ahead
from idx.sensitivity import reversal
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
    # y - x = -40 t + 30 (1 - t) = 30 - 70 t > 0 needs t < 3/7 (less the tie band), so the
    # closest reversing vector is t = 3/7 and the L1 change 2 (0.5 - 3/7) = 1/7.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[30, 10], [10, 25]], unit_kind="other"
    )
    result = reversal(e, "x", "y")
    assert result.distance == pytest.approx(1 / 7, abs=1e-6)
    assert result.weights[0] == pytest.approx(3 / 7, abs=1e-6)
    assert result.per_pillar[0].weight == pytest.approx(3 / 7)
    assert result.per_pillar[0].direction == "lower"
    assert ahead(result.totals[1], result.totals[0])
    assert not result.already_ahead


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


def _two_pillar(rows, weights=(0.5, 0.5)):
    system = idx.IndexSystem.from_weights({"a": weights[0], "b": weights[1]})
    x = np.array(rows, dtype=float)
    units = tuple("AB"[: len(rows)])
    return idx.Edition(
        system=system, units=units, subscores=x * np.array(weights), unit_kind="other"
    )


def test_already_ahead_by_a_hair():
    # B - A = 0.5 * 1e-6 = 5e-7 > 1e-8 + 1e-12 * 50: B leads at the base weights. The old
    # 1e-6 margin made this "no admissible weights put B ahead of A".
    edition = _two_pillar([[60, 40], [60.000001, 40]])
    result = reversal(edition, "A", "B")
    assert result.reversible and result.already_ahead
    assert result.distance == 0.0
    assert result.weights.tolist() == [0.5, 0.5]
    assert result.summary() == (
        "B is already ahead of A at the reference weights (totals 50.0000 vs 50.0000)"
    )


def test_already_ahead_2017_summary():
    # Liaoning's published sub-scores sum to 27.82 and Hebei's to 26.31
    edition = idx.load_2017()
    sums = edition.subscores.sum(axis=1)
    hebei, liaoning = edition.units.index("Hebei"), edition.units.index("Liaoning")
    result = reversal(edition, "Hebei", "Liaoning")
    assert result.already_ahead and result.distance == 0.0
    assert result.summary() == (
        "Liaoning is already ahead of Hebei at the reference weights "
        f"(totals {sums[liaoning]:.4f} vs {sums[hebei]:.4f})"
    )


def test_near_tie_closest_reversal_by_hand():
    # A = (60, 40), B = (60 + 1e-6, 40 - 2e-6), weights (t, 1 - t), base t = 0.5 where A
    # leads by 5e-7. B is ahead iff (1 - r) B(t) - A(t) > 1e-8 (r = TIE_RTOL), with
    # A(t) = 40 + 20 t and B(t) = A(t) + 1e-6 t - 2e-6 (1 - t), i.e. iff
    # t > t* = (1e-8 + 2e-6 (1 - r) + r 40) / (3e-6 (1 - r) - 20 r). The closest
    # reversing vector is t* (plus a hair) and the L1 change 2 (t* - 0.5) ~ 0.34. The old
    # 1e-6 margin demanded t = 1 (distance 1). (The stored gaps are exact to ~1e-8.)
    edition = _two_pillar([[60, 40], [60 + 1e-6, 40 - 2e-6]])
    r = TIE_RTOL
    t_star = (TIE_ATOL + 2e-6 * (1 - r) + r * 40) / (3e-6 * (1 - r) - 20 * r)
    result = reversal(edition, "A", "B")
    assert result.reversible and not result.already_ahead
    assert result.weights[0] == pytest.approx(t_star, abs=2e-8)
    assert result.distance == pytest.approx(2 * (t_star - 0.5), abs=1e-6)
    assert ahead(result.totals[1], result.totals[0])
    # the single-pillar crossing is the same band edge, t*, moving pillar a up
    assert result.per_pillar[0].weight == pytest.approx(t_star, abs=2e-8)
    assert result.per_pillar[0].direction == "raise"


def test_per_pillar_crossing_is_the_band_edge_not_equality():
    # A = (60, 40), B = (60 + 1e-6, 40 - 1e-6): equal totals at t = 0.5, but B is only
    # ahead once 1e-6 (2t - 1) (1 - r) - r A(t) > 1e-8 with A(t) = 40 + 20 t, i.e. for
    # t > (1e-8 + 1e-6 (1 - r) + 40 r) / (2e-6 (1 - r) - 20 r) ~ 0.50501. (60 + 1e-6 is
    # stored to within 7e-15, 7e-9 of the 1e-6 gap: the edge is known to about 1e-8.)
    edition = _two_pillar([[60, 40], [60 + 1e-6, 40 - 1e-6]])
    r = TIE_RTOL
    edge = (TIE_ATOL + 1e-6 * (1 - r) + 40 * r) / (2e-6 * (1 - r) - 20 * r)
    result = reversal(edition, "A", "B")
    assert result.per_pillar[0].weight == pytest.approx(edge, abs=2e-8)
    assert result.per_pillar[0].direction == "raise"
    assert result.per_pillar[1].weight == pytest.approx(1 - edge, abs=2e-8)
    assert result.per_pillar[1].direction == "lower"
    x = edition.index_array
    assert idx.rank_totals(x @ [edge + 1e-6, 1 - edge - 1e-6]).tolist() == [2, 1]
    assert idx.rank_totals(x @ [edge - 1e-6, 1 - edge + 1e-6]).tolist() == [1, 1]


@pytest.mark.parametrize("noise", [0.0, 1e-13, 1e-10])
def test_tied_along_the_whole_path_has_no_crossing(noise):
    # Identical indices (or identical up to noise far inside the 1e-8 band) stay tied at
    # every weight: no crossing, no direction, and no weights put B ahead.
    edition = _two_pillar([[60, 40], [60 + noise, 40 - noise]], weights=(0.3, 0.7))
    result = reversal(edition, "A", "B")
    assert all(r.weight is None and r.direction is None for r in result.per_pillar)
    assert not result.reversible and result.weights is None
    assert result.summary() == "no admissible weights put B ahead of A"


_MODULE = sys.modules["idx.sensitivity.reversal"]


def test_failed_lp_falls_back_to_a_certified_vertex(monkeypatch):
    # If every LP answer fails its certificate, the closed-form vertex maximising B's
    # lead is reported: still admissible and still putting B ahead. Here (by hand) the
    # simplex vertex t = 0 of the x/y example, where y leads 50 to 20.
    tried = []

    def failing(c, w0, space, margin):
        tried.append(margin)
        return np.array(w0)  # x still leads there

    monkeypatch.setattr(_MODULE, "_closest", failing)
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[30, 10], [10, 25]], unit_kind="other"
    )
    result = reversal(e, "x", "y")
    assert len(tried) == 3
    assert result.reversible and result.weights.tolist() == [0.0, 1.0]
    assert result.distance == pytest.approx(1.0)
    assert result.totals == pytest.approx((20.0, 50.0))


def test_reversal_prints_nothing_to_stdout(capfd):
    edition = idx.load_2017()
    reversal(edition, "Henan", "Hunan", WeightSpace.around(edition.system, 0.25, mode="factors"))
    out, _ = capfd.readouterr()
    assert out == ""


def test_reversible_only_near_a_vertex():
    # A = (60, 40), B = (60 + d, 40 - d) with d = 1.016e-8: B's lead, (1 - r) B(t) - A(t)
    # = d (2t - 1) (1 - r) - r A(t), peaks at t = 1 at d - 60 r ~ 1.01e-8, just over the
    # 1e-8 band, and is inside the band for t < ~0.995 (it falls 2e-10 per 0.01 of t).
    edition = _two_pillar([[60, 40], [60 + 1.016e-8, 40 - 1.016e-8]])
    x = edition.index_array
    assert ahead(x[1] @ [1.0, 0.0], x[0] @ [1.0, 0.0])
    assert not ahead(x[1] @ [0.99, 0.01], x[0] @ [0.99, 0.01])
    result = reversal(edition, "A", "B")
    assert result.reversible and not result.already_ahead
    assert 0.99 < result.weights[0] <= 1.0
    assert ahead(result.totals[1], result.totals[0])
    assert result.distance == pytest.approx(2 * (result.weights[0] - 0.5))
