from __future__ import annotations

import numpy as np

import idx
from idx.sensitivity import leave_one_out


def test_dropping_application_by_hand():
    edition = idx.load_2017()
    result = leave_one_out(edition)
    # Without application the other five weights are w / 0.75.
    w = np.array([0.18, 0.16, 0.16, 0.0, 0.13, 0.12]) / 0.75
    expected = idx.score(edition, w).ranks
    assert (result.ranks[:, 3] == expected).all()
    hunan = edition.units.index("Hunan")
    frame = result.to_frame()
    row = frame[(frame.unit == "Hunan") & (frame.dropped == "application")].iloc[0]
    assert row["rank"] == expected[hunan] and row["base_rank"] == 13
    assert row["shift"] == 13 - expected[hunan]


def test_shapes():
    result = leave_one_out(idx.load_2017())
    assert result.ranks.shape == (31, 6)
    assert len(result.to_frame()) == 31 * 6
