from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.ranking import TIE_ATOL, TIE_RTOL, ahead, ahead_direction, tied
from idx.sensitivity import stability_intervals

# A pair is "decided" at a point when its tie-rule form (1 - TIE_RTOL) t_k - t_i is this
# far from TIE_ATOL: 1e-4 of the band, over ten times the rounding error of that form for
# totals up to 100 (a few ulps of 100, 1.4e-14 each).
_DECIDED = 1e-12


def _path_totals(indices, w, j, t):
    """Totals at weight t for pillar j, the others rescaled in proportion (the definition)."""
    wt = np.asarray(w, dtype=float) * (1 - t) / (1 - w[j])
    wt[j] = t
    return indices @ wt


def _path_ranks(edition, w, j, t):
    wt = np.asarray(w, dtype=float) * (1 - t) / (1 - w[j])
    wt[j] = t
    return idx.score(edition, wt).ranks


def _gap(totals, pairs=None):
    """Smallest distance of any ordered pair's tie-rule form from the band edge."""
    c = ahead_direction(totals[:, None], totals[None, :])
    if pairs is None:
        return np.abs(c - TIE_ATOL)[~np.eye(len(totals), dtype=bool)].min()
    return min(abs(c[k, i] - TIE_ATOL) for k, i in pairs)


def _probe(indices, w, j, start, direction, room, pairs=None):
    """The first t = start + direction * step, step = 1e-14, 4e-14, ... <= room, where
    every pair (or the given ones) is decided; None if there is none. The step stays a
    small fraction of the band's width in t (TIE_ATOL / |slope|) for every pair whose
    band edge is at ``start``, so the check resolves the end to that precision."""
    step = 1e-14
    while step <= room:
        t = start + direction * step
        if _gap(_path_totals(indices, w, j, t), pairs) > _DECIDED:
            return t
        step *= 4
    return None


# --- 2017 -----------------------------------------------------------------------------


def test_2017_ends_checked_by_scoring_just_inside_and_outside():
    edition = idx.load_2017()
    w = np.array(edition.system.weights)
    x = edition.index_array
    base = idx.score(edition).ranks
    result = stability_intervals(edition)
    # Shaanxi and Hunan tie at the base: any move breaks the tie, so compare the others
    keep = [i for i, u in enumerate(edition.units) if u not in ("Shaanxi", "Hunan")]
    for j, interval in enumerate(result.intervals):
        room = interval.width / 2
        for end, inward, swap in (
            (interval.lower, +1, interval.lower_swap),
            (interval.upper, -1, interval.upper_swap),
        ):
            assert swap is not None  # all twelve 2017 ends are inside (0, 1)
            lead, trail = (edition.units.index(u) for u in swap)
            assert base[lead] < base[trail]
            inside = _probe(x, w, j, end, inward, room)
            assert inside is not None and abs(inside - end) < 1e-10
            assert (_path_ranks(edition, w, j, inside)[keep] == base[keep]).all()
            # Just outside the pair is tied (the band is ~1e-9 wide in weight here),
            # well outside the other unit leads.
            outside = _probe(x, w, j, end, -inward, 1.0, pairs=[(lead, trail)])
            assert outside is not None and abs(outside - end) < 1e-10
            near = _path_totals(x, w, j, outside)
            assert tied(near[lead], near[trail])
            far = _path_ranks(edition, w, j, end - inward * 1e-7)
            assert far[trail] < far[lead]


def test_2017_tie_is_reported_separately():
    edition = idx.load_2017()
    w = np.array(edition.system.weights)
    x = edition.index_array
    result = stability_intervals(edition)
    assert {t.units for t in result.ties} == {("Shaanxi", "Hunan")}
    by_pillar = {t.pillar: t for t in result.ties}
    # Equal innovation sub-scores (2.50 each) and equal totals: the tie survives any
    # change of the innovation weight. Hunan's infrastructure index (5.39/0.18) beats
    # Shaanxi's (3.32/0.18), so raising that weight puts Hunan ahead.
    assert by_pillar["innovation"].leader_up is None
    assert by_pillar["innovation"].leader_down is None
    assert by_pillar["infrastructure"].leader_up == "Hunan"
    assert by_pillar["infrastructure"].leader_down == "Shaanxi"
    assert by_pillar["application"].leader_up == "Shaanxi"
    widths = result.to_frame()["width"]
    assert (widths > 0).all() and (widths < 0.05).all()
    s, h = edition.units.index("Shaanxi"), edition.units.index("Hunan")
    # innovation: tied by the tie rule at every point of a dense grid over the whole path
    totals = np.array([_path_totals(x, w, 1, t) for t in np.linspace(0, 1, 2001)])
    assert tied(totals[:, s], totals[:, h]).all()
    # application: Shaanxi - Hunan along the path is (28/75)(t - 0.25) (index gap 0.28
    # at t = 1, other sub-scores' gap -0.07 / 0.75 at t = 0, tied at 0.25), so Shaanxi
    # is ahead above 0.25 + (TIE_ATOL + TIE_RTOL * 28.07) * 75 / 28, Hunan below the mirror.
    half = (TIE_ATOL + TIE_RTOL * 28.07) * 75 / 28
    app = by_pillar["application"]
    assert app.leader_down == "Hunan"
    assert abs(app.up_from - (0.25 + half)) < 1e-12
    assert abs(app.down_from - (0.25 - half)) < 1e-12
    frame = result.ties_frame().set_index("pillar")
    assert frame.loc["innovation", "leader_if_raised"] == "still tied"
    assert np.isnan(frame.loc["innovation", "raised_above"])
    assert frame.loc["application", "raised_above"] == app.up_from


def test_known_two_unit_crossing():
    # Two pillars weighted 0.5/0.5; x = (80, 20) and y = (40, 50) indices.
    # Totals along w_a = t: x = 20 + 60 t, y = 50 - 10 t; x leads at the base (50 > 45).
    # x stays ahead while (1 - TIE_RTOL)(20 + 60 t) - (50 - 10 t) > TIE_ATOL, i.e. for
    # t > (30 + TIE_ATOL + 20 TIE_RTOL) / (70 - 60 TIE_RTOL): just above the crossing 3/7.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[40, 10], [20, 25]], unit_kind="other"
    )
    interval = stability_intervals(e).intervals[0]
    expected = (30 + TIE_ATOL + 20 * TIE_RTOL) / (70 - 60 * TIE_RTOL)
    assert abs(interval.lower - expected) < 1e-15
    assert interval.lower > 3 / 7 + 1e-10
    assert interval.upper == 1.0 and interval.upper_swap is None
    assert interval.lower_swap == ("x", "y")


def test_single_unit_has_the_whole_path():
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(system=system, units=("x",), subscores=[[40, 10]], unit_kind="other")
    result = stability_intervals(e)
    assert [(s.lower, s.upper, s.lower_swap, s.upper_swap) for s in result.intervals] == [
        (0.0, 1.0, None, None)
    ] * 2
    assert result.ties == ()


# --- totals equal up to floating-point noise -----------------------------------------


def _permuted_edition():
    # The last three pillars weigh the same, so along p0's path a unit whose last three
    # indices are a permutation of another's has the same total for every t, up to the
    # order of a float sum; its p0 index is one ulp up, as two float paths to the same
    # decimal give.
    system = idx.IndexSystem.from_weights({"p0": 0.4, "p1": 0.2, "p2": 0.2, "p3": 0.2})
    a = np.array([25.33, 74.19, 25.31, 16.52])
    twin = a[[0, 3, 1, 2]]
    twin[0] = np.nextafter(a[0], np.inf)
    rows = [a, twin, [20.0, 90.0, 60.0, 30.0], [95.0, 10.0, 20.0, 40.0]]
    e = idx.Edition(
        system=system,
        units=("a", "a permuted", "c", "d"),
        subscores=np.array(rows) * system.weights,
        unit_kind="other",
    )
    return e, np.array(system.weights)


def test_noise_level_ties_are_never_split():
    e, w = _permuted_edition()
    x = e.index_array
    grid = np.linspace(0, 1, 100_001)
    totals = np.array([_path_totals(x, w, 0, t) for t in grid[::10]])
    # the floats differ (an exact comparison would split the pair) ...
    assert (totals[:, 0] != totals[:, 1]).any()
    result = stability_intervals(e)
    pair = next(t for t in result.ties if t.pillar == "p0")
    # ... but the tie rule keeps them tied along the whole path, so "still tied"
    assert pair.units == ("a", "a permuted")
    assert pair.leader_up is None and pair.leader_down is None
    assert pair.up_from is None and pair.down_from is None
    assert tied(totals[:, 0], totals[:, 1]).all()
    # Along p1's path the pair is a genuine crossing, broken either way: at w_p1 = 1 the
    # p1 indices, 74.19 against 16.52; at w_p1 = 0 the others weighted 0.5/0.25/0.25,
    # 12.665 + 6.3275 + 4.13 = 23.1225 for a against 12.665 + 18.5475 + 6.3275 = 37.54.
    others = {t.pillar: t for t in result.ties}
    assert others["p1"].leader_up == "a" and others["p1"].leader_down == "a permuted"


# --- random small tables against brute force ----------------------------------------


def _random_table(seed):
    """5-8 units on 3-4 pillars with exact copies, near ties (1e-6, 1e-9), base ties."""
    rng = np.random.default_rng(seed)
    m = int(rng.integers(3, 5))
    # powers of two: sub-score / weight gives the indices back exactly
    system_w = (0.25, 0.25, 0.25, 0.25) if m == 4 else (0.25, 0.25, 0.5)
    w = rng.dirichlet(np.ones(m))
    n = int(rng.integers(5, 9))
    free = [rng.uniform(10, 90, m) for _ in range(int(rng.integers(2, 4)))]
    rows = list(free)
    while len(rows) < n:
        u = free[int(rng.integers(len(free)))]
        kind = rng.integers(5)
        if kind == 0:  # identical unit
            rows.append(u.copy())
        elif kind in (1, 2):  # near tie: one index off by 1e-6 or 1e-9
            v = u.copy()
            v[int(rng.integers(m))] += 1e-6 if kind == 1 else 1e-9
            rows.append(v)
        elif kind == 3:  # tied at the base: a move along a direction orthogonal to w
            pa, pb = rng.choice(m, 2, replace=False)
            d = np.zeros(m)
            d[pa], d[pb] = w[pb], -w[pa]
            rows.append(u + rng.uniform(-10, 10) * d)
        else:
            rows.append(rng.uniform(10, 90, m))
    x = np.array(rows)
    system = idx.IndexSystem.from_weights({f"p{j}": v for j, v in enumerate(system_w)})
    e = idx.Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(n)),
        subscores=x * np.array(system_w),
        unit_kind="other",
    )
    assert (e.index_array == x).all()
    return e, w


@pytest.mark.parametrize("seed", range(60))
def test_brute_force_on_random_tables(seed):
    e, w = _random_table(seed)
    x = e.index_array
    units = e.units
    n = len(units)
    result = stability_intervals(e, w)
    base = x @ w
    ahead0 = ahead(base[:, None], base[None, :])  # [k, i]: k ahead of i at the base
    ordered = [(k, i) for k in range(n) for i in range(n) if ahead0[k, i]]
    base_tied = [(p, q) for p in range(n) for q in range(p + 1, n) if tied(base[p], base[q])]
    expected_ties = {(pil, (units[p], units[q])) for pil in e.pillars for p, q in base_tied}
    assert {(t.pillar, t.units) for t in result.ties} == expected_ties
    unchecked = 0
    for j, interval in enumerate(result.intervals):
        assert interval.lower <= w[j] <= interval.upper
        room = interval.width / 2
        for end, inward, swap, path_end in (
            (interval.lower, +1, interval.lower_swap, 0.0),
            (interval.upper, -1, interval.upper_swap, 1.0),
        ):
            if swap is None:
                # no pair ties on the way: the base order holds at the end of the path
                assert end == path_end
                inside = end if _gap(_path_totals(x, w, j, end)) > _DECIDED else None
            else:
                inside = _probe(x, w, j, end, inward, room)
            if inside is None:
                unchecked += 1
            else:
                totals = _path_totals(x, w, j, inside)
                assert all(ahead(totals[k], totals[i]) for k, i in ordered)
            if swap is not None:
                lead, trail = units.index(swap[0]), units.index(swap[1])
                assert ahead0[lead, trail]
                outside = _probe(x, w, j, end, -inward, abs(path_end - end), [(lead, trail)])
                if outside is not None:
                    totals = _path_totals(x, w, j, outside)
                    assert not ahead(totals[lead], totals[trail])
        for t in np.linspace(interval.lower, interval.upper, 7)[1:-1]:
            totals = _path_totals(x, w, j, t)
            assert all(ahead(totals[k], totals[i]) for k, i in ordered)
    assert unchecked == 0
    for pair in result.ties:
        _check_tied_pair(e, w, pair)


def _check_tied_pair(e, w, pair):
    """Leaders from the tie rule at the path's ends; edges checked just either side."""
    x = e.index_array
    j = e.pillars.index(pair.pillar)
    p, q = (e.units.index(u) for u in pair.units)
    for leader, edge, path_end, direction in (
        (pair.leader_up, pair.up_from, 1.0, +1),
        (pair.leader_down, pair.down_from, 0.0, -1),
    ):
        at_end = _path_totals(x, w, j, path_end)
        if ahead(at_end[p], at_end[q]):
            assert leader == e.units[p]
        elif ahead(at_end[q], at_end[p]):
            assert leader == e.units[q]
        else:
            assert leader is None and edge is None
            # tied at the base and at the end: tied all the way
            for t in np.linspace(w[j], path_end, 9):
                totals = _path_totals(x, w, j, t)
                assert tied(totals[p], totals[q])
            continue
        k = e.units.index(leader)
        i = q if k == p else p
        assert direction * (edge - w[j]) >= 0 and direction * (path_end - edge) >= 0
        beyond = _probe(x, w, j, edge, direction, abs(path_end - edge), [(k, i)])
        if beyond is not None:
            totals = _path_totals(x, w, j, beyond)
            assert ahead(totals[k], totals[i])
        before = _probe(x, w, j, edge, -direction, abs(edge - w[j]), [(k, i)])
        if before is not None:
            totals = _path_totals(x, w, j, before)
            assert not ahead(totals[k], totals[i])
