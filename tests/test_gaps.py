"""idx.gaps against the sums of Table 2's printed sub-scores, and a pandas computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import idx
from report_2017 import TABLE_2, WEIGHTS_2017

# The recomputed ranking by hand: each unit's sub-scores summed (Table 2 as printed).
SUMS = {idx.canonical_province(region): math.fsum(scores) for _, region, scores, _ in TABLE_2}


def test_neighbours_and_gaps_from_table_2(edition):
    result = idx.gaps(edition)
    frame = result.to_frame()
    # rank order is Table 2's order (Shaanxi before Hunan: tied sums, input order)
    assert list(frame["unit"]) == [idx.canonical_province(row[1]) for row in TABLE_2]
    hebei = frame.set_index("unit").loc["Hebei"]
    # Shanxi sums to 4.34 + 2.11 + 2.76 + 10.19 + 4.59 + 2.85 = 26.84; Hebei to 26.31;
    # Guizhou to 4.89 + 2.63 + 2.26 + 9.86 + 3.49 + 2.87 = 26.00
    assert (hebei["above"], hebei["below"]) == ("Shanxi", "Guizhou")
    assert hebei["gap_above"] == pytest.approx(26.84 - 26.31, abs=1e-9)
    assert hebei["lead_below"] == pytest.approx(26.31 - 26.00, abs=1e-9)
    # in index points: 0.53 / 0.25 = 2.12 application points, 0.53 / 0.18 infrastructure
    assert hebei["gap_above_application"] == pytest.approx(2.12, abs=1e-9)
    assert hebei["gap_above_infrastructure"] == pytest.approx(0.53 / 0.18, abs=1e-9)
    assert hebei["lead_below_regulation"] == pytest.approx(0.31 / 0.12, abs=1e-9)
    # every gap is the difference of the hand sums of neighbours
    units = list(frame["unit"])
    for i in range(1, len(units)):
        expected = SUMS[units[i - 1]] - SUMS[units[i]]
        if abs(expected) < 1e-9:
            expected = 0.0
        assert frame["gap_above"][i] == pytest.approx(expected, abs=1e-9)
        assert frame["lead_below"][i - 1] == frame["gap_above"][i]
    assert math.isnan(frame["gap_above"][0]) and math.isnan(frame["lead_below"].iloc[-1])
    assert frame["above"][0] == "" and frame["below"].iloc[-1] == ""


def test_tied_neighbours_have_gap_zero(edition):
    frame = idx.gaps(edition).to_frame().set_index("unit")
    # Shaanxi and Hunan: both sets of printed sub-scores sum to 28.07
    assert SUMS["Shaanxi"] == pytest.approx(SUMS["Hunan"], abs=1e-12)
    assert frame.loc["Hunan", "above"] == "Shaanxi" and frame.loc["Hunan", "tied_above"]
    assert frame.loc["Hunan", "gap_above"] == 0.0 and frame.loc["Shaanxi", "lead_below"] == 0.0
    assert frame.loc["Hunan", "gap_above_security"] == 0.0
    assert frame["tied_above"].sum() == 1


def test_other_weights_against_pandas(edition):
    # Independent: pandas sorts equal-weight totals (rounded to 9 decimals, so float noise
    # cannot split a tie) and differences neighbours.
    result = idx.gaps(edition, "equal")
    df = edition.index_frame()
    totals = (df.mean(axis=1)).round(9)
    order = totals.sort_values(ascending=False, kind="stable")
    expected = (-order.diff()).fillna(np.nan)
    got = result.to_frame().set_index("unit")
    for unit in order.index[1:]:
        assert got.loc[unit, "gap_above"] == pytest.approx(expected[unit], abs=1e-8)
    assert got.loc[order.index[1], "above"] == order.index[0]
    np.testing.assert_allclose(result.weights, 1 / 6)


def test_pillar_frame_and_weights(edition):
    result = idx.gaps(edition)
    long = result.pillar_frame()
    assert len(long) == 31 * 6
    assert list(long.columns) == [
        "unit",
        "rank",
        "pillar",
        "weight",
        "gap_above_index",
        "lead_below_index",
    ]
    row = long[(long["unit"] == "Hebei") & (long["pillar"] == "application")].iloc[0]
    assert row["gap_above_index"] == pytest.approx(0.53 / WEIGHTS_2017[3], abs=1e-9)
    assert isinstance(long, pd.DataFrame)
    with pytest.raises(idx.IdxError, match=r"'which' must be one of gap_above, lead_below"):
        result.index_points("gap")
    with pytest.raises(idx.WeightError, match="must sum to 1"):
        idx.gaps(edition, [0.5] * 6)
