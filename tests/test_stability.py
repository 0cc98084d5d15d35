from __future__ import annotations

import numpy as np
from hypothesis import given

import idx
from idx.sensitivity import stability_intervals
from idx.testing import editions


def _ranks_on_path(edition, j, t):
    w = np.array(edition.system.weights)
    other = w * (1 - t) / (1 - w[j])
    other[j] = t
    return idx.score(edition, other).ranks


def test_2017_ends_checked_by_scoring_just_inside_and_outside():
    edition = idx.load_2017()
    base = idx.score(edition).ranks
    result = stability_intervals(edition)
    # Shaanxi and Hunan tie at the base: any move breaks the tie, so compare the others
    keep = [i for i, u in enumerate(edition.units) if u not in ("Shaanxi", "Hunan")]
    for j, interval in enumerate(result.intervals):
        for end, step in ((interval.lower, +1), (interval.upper, -1)):
            if end in (0.0, 1.0):
                continue
            inside = _ranks_on_path(edition, j, end + step * 1e-7)
            outside = _ranks_on_path(edition, j, end - step * 1e-7)
            assert (inside[keep] == base[keep]).all()
            assert (outside[keep] != base[keep]).any()


def test_2017_tie_is_reported_separately():
    result = stability_intervals(idx.load_2017())
    assert {t.units for t in result.ties} == {("Shaanxi", "Hunan")}
    by_pillar = {t.pillar: t for t in result.ties}
    # Equal innovation sub-scores (2.50 each) and equal totals: the tie survives any
    # change of the innovation weight. Hunan's infrastructure index (5.39/0.18) beats
    # Shaanxi's (3.32/0.18), so raising that weight puts Hunan ahead.
    assert by_pillar["innovation"].leader_up is None
    assert by_pillar["infrastructure"].leader_up == "Hunan"
    assert by_pillar["application"].leader_up == "Shaanxi"
    widths = result.to_frame()["width"]
    assert (widths > 0).all() and (widths < 0.05).all()


def test_known_two_unit_crossing():
    # Two pillars weighted 0.5/0.5; x = (80, 20) and y = (40, 50) indices.
    # Totals along w_a = t: x = 20 + 60 t, y = 50 - 10 t; they cross at t = 3/7.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[40, 10], [20, 25]], unit_kind="other"
    )
    interval = stability_intervals(e).intervals[0]
    assert interval.lower == 3 / 7 or abs(interval.lower - 3 / 7) < 1e-12
    assert interval.upper == 1.0 and interval.upper_swap is None
    assert interval.lower_swap == ("x", "y")


@given(editions(min_units=2, max_units=8, decimals=None))
def test_brute_force_on_random_tables(edition):
    if (np.asarray(edition.system.weights) >= 1).any():
        return
    base = idx.score(edition).ranks
    result = stability_intervals(edition)
    for j, interval in enumerate(result.intervals):
        grid = np.linspace(interval.lower, interval.upper, 9)[1:-1]
        for t in grid:
            ranks = _ranks_on_path(edition, j, t)
            tied = {u for pair in result.ties for u in pair.units}
            keep = [i for i, u in enumerate(edition.units) if u not in tied]
            assert (ranks[keep] == base[keep]).all()
