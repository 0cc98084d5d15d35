from __future__ import annotations

import numpy as np
import pytest

import idx
from idx import Edition, IndexSystem, verify


def test_2017_is_consistent_with_the_shaanxi_hunan_tie_reported():
    result = verify(idx.load_2017())
    assert result.consistent
    assert result.decimals == 2
    # six sub-scores and the total, each rounded to 0.01: at most 7 * 0.005 apart
    assert result.tolerance == pytest.approx(0.035)
    assert result.max_abs_difference == pytest.approx(0.02, abs=1e-9)
    assert result.total_mismatches == () and result.contradictions == ()
    assert result.rank_mismatches == ()
    assert [(p.ahead, p.behind, p.reported_ranks, p.reason) for p in result.ambiguous] == [
        ("Shaanxi", "Hunan", (13, 14), "recomputed totals tie")
    ]
    pair = result.ambiguous[0]
    assert pair.recomputed_totals == pytest.approx((28.07, 28.07), abs=1e-9)
    assert result.rank_differences == ("Hunan",)
    assert "Shaanxi (rank 13) and Hunan (rank 14)" in result.summary()


def test_2017_largest_differences_by_hand():
    # Qinghai: 3.94 + 2.40 + 2.32 + 9.25 + 5.32 + 2.60 = 25.83, printed 25.81 (+0.02)
    # Inner Mongolia: 4.39 + 1.61 + 2.29 + 8.90 + 4.31 + 2.89 = 24.39, printed 24.41 (-0.02)
    result = verify(idx.load_2017())
    frame = result.to_frame().set_index("unit")
    assert frame.loc["Qinghai", "difference"] == pytest.approx(0.02, abs=1e-9)
    assert frame.loc["Inner Mongolia", "difference"] == pytest.approx(-0.02, abs=1e-9)
    # Hunan: recomputed 28.07 +- 0.03 intersected with printed 28.06 +- 0.005
    assert frame.loc["Hunan", "lower"] == pytest.approx(28.055)
    assert frame.loc["Hunan", "upper"] == pytest.approx(28.065)


SYSTEM = IndexSystem.from_weights({"a": 0.5, "b": 0.5})


def _edition(subscores, totals, ranks, decimals=2):
    return Edition(
        system=SYSTEM,
        units=tuple(f"u{i}" for i in range(len(subscores))),
        subscores=subscores,
        reported_totals=totals,
        reported_ranks=ranks,
        unit_kind="other",
        decimals=decimals,
    )


def test_total_off_by_more_than_rounding_is_a_mismatch():
    # tolerance with 2 pillars at 2 decimals: 3 * 0.005 = 0.015
    e = _edition([[10.0, 10.0], [5.0, 5.0]], [20.02, 10.0], [1, 2])
    result = verify(e)
    assert not result.consistent
    assert result.total_mismatches == ("u0",)
    assert "total mismatch: u0" in result.summary()


def test_rank_against_printed_totals_and_impossible_order():
    e = _edition([[10.0, 10.0], [5.0, 5.0]], [20.0, 10.0], [2, 1])
    result = verify(e)
    assert result.rank_mismatches == ("u0", "u1")
    assert result.contradictions == (("u1", "u0"),)
    assert not result.consistent


def test_exact_figures_have_zero_tolerance():
    e = _edition([[10.0, 10.0]], [20.001], [1], decimals=None)
    assert verify(e).tolerance == 0.0
    assert verify(e).total_mismatches == ("u0",)


def test_ranks_only_and_nothing_to_verify():
    e = _edition([[10.0, 10.0], [10.0, 10.0]], None, [1, 2])
    result = verify(e)
    assert result.consistent
    assert [p.reason for p in result.ambiguous] == ["recomputed totals tie"]
    bare = Edition(system=SYSTEM, units=("x",), subscores=[[1, 1]], unit_kind="other")
    with pytest.raises(idx.TableError, match="no reported totals or ranks"):
        verify(bare)


def test_overlap_without_tie_is_ambiguous():
    # recomputed 20.00 and 19.99; printed 20.00 and 19.99: intervals [19.995, 20.005] and
    # [19.985, 19.995] touch at 19.995, so rounding cannot confirm the order.
    e = _edition([[10.0, 10.0], [10.0, 9.99]], [20.0, 19.99], [1, 2])
    assert [p.reason for p in verify(e).ambiguous] == ["true totals may be equal or reversed"]
    f = _edition([[10.0, 10.0], [10.0, 9.98]], [20.0, 19.98], [1, 2])
    assert verify(f).ambiguous == ()
    assert np.isfinite(verify(f).lower).all()
