from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idx
from idx.ranking import TIE_ATOL, TIE_RTOL, ahead_direction, rank_totals, tied
from idx.sensitivity import rank_path
from idx.testing import simplex_weights

# A pair is "decided" at a point when its tie-rule form (1 - TIE_RTOL) t_k - t_i is this
# far from TIE_ATOL: 1e-4 of the band, over ten times the rounding error of that form for
# totals up to 100 (a few ulps of 100, 1.4e-14 each).
_DECIDED = 1e-12


def _path_weights(w, j, t):
    """Weights at t for pillar j, the others rescaled in proportion (the definition), one
    row per t."""
    t = np.atleast_1d(np.asarray(t, dtype=float))
    wt = np.outer(1 - t, np.asarray(w, dtype=float) / (1 - w[j]))
    wt[:, j] = t
    return wt


def _rank_bounds(totals):
    """Per row of totals, the least and greatest competition rank each unit can have
    under the tie rule when the pairs within float noise of their band edge (their
    tie-rule form (1 - TIE_RTOL) t_k - t_i within _DECIDED of TIE_ATOL) may go either
    way; equal where every pair is decided."""
    c = ahead_direction(totals[:, :, None], totals[:, None, :])  # [row, k, i]
    surely = (c > TIE_ATOL + _DECIDED).sum(axis=1)
    maybe = (np.abs(c - TIE_ATOL) <= _DECIDED).sum(axis=1)
    return 1 + surely, 1 + surely + maybe


def _probe(indices, w, j, start, direction, room):
    """The first t = start + direction * step, step = 1e-14, 4e-14, ... and at last
    room, where every pair is decided, else t = start + direction * room. The step
    stays a small fraction of the band's width in t (TIE_ATOL / |slope|) for every pair
    whose band edge is at ``start``, so the check resolves the breakpoint to that
    precision."""
    steps = [1e-14 * 4.0**k for k in range(40) if 1e-14 * 4.0**k < room] + [room]
    for step in steps:
        t = start + direction * step
        low, high = _rank_bounds(_path_weights(w, j, t) @ indices.T)
        if (low == high).all():
            break
    return t


def _segment_of(path, t):
    return np.clip(np.searchsorted(path.edges, t, side="right") - 1, 0, len(path.edges) - 2)


# --- 2017 -----------------------------------------------------------------------------


def test_segments_match_scoring_at_midpoints_and_breakpoints_change_ranks():
    edition = idx.load_2017()
    path = rank_path(edition, "application")
    w0 = np.array(edition.system.weights)
    j = 3
    for s in range(len(path.edges) - 1):
        t = (path.edges[s] + path.edges[s + 1]) / 2
        w = w0 * (1 - t) / (1 - w0[j])
        w[j] = t
        assert (idx.score(edition, w).ranks == path.segment_ranks[s]).all()
    for s in range(1, len(path.segment_ranks)):
        assert (path.segment_ranks[s] != path.segment_ranks[s - 1]).any()


def test_hunan_and_shaanxi_share_13th_on_the_tie_band_around_the_published_weight():
    edition = idx.load_2017()
    path = rank_path(edition, "application")
    s, h = edition.units.index("Shaanxi"), edition.units.index("Hunan")
    # Shaanxi - Hunan along the application path is (28/75)(t - 0.25): an index gap of
    # 50.00 - 49.72 = 0.28 at t = 1, the other sub-scores' gap of -0.07 over 0.75 at
    # t = 0, tied (28.07 each) at 0.25. The pair is tied while that gap is within
    # TIE_ATOL + TIE_RTOL * 28.07 either way, so the band edges are 0.25 -/+ half:
    half = (TIE_ATOL + TIE_RTOL * 28.07) * 75 / 28
    k = _segment_of(path, 0.25)
    assert abs(path.edges[k] - (0.25 - half)) < 1e-12
    assert abs(path.edges[k + 1] - (0.25 + half)) < 1e-12
    assert path.segment_ranks[k][[s, h]].tolist() == [13, 13]
    # lowered, Hunan leads; raised, Shaanxi leads
    assert path.segment_ranks[k - 1][[s, h]].tolist() == [14, 13]
    assert path.segment_ranks[k + 1][[s, h]].tolist() == [13, 14]
    assert path.rank_at(0.25)[h] == 13
    hunan = path.to_frame().query("unit == 'Hunan'")
    assert hunan["rank"].min() >= 1 and hunan["to"].iloc[-1] == 1.0


def test_2017_innovation_on_a_dense_grid():
    # Shaanxi and Hunan have equal innovation sub-scores and equal totals: tied along the
    # whole innovation path, though their float totals differ at many grid points.
    edition = idx.load_2017()
    x = edition.index_array
    w = np.array(edition.system.weights)
    path = rank_path(edition, "innovation")
    s, h = edition.units.index("Shaanxi"), edition.units.index("Hunan")
    grid = np.linspace(0, 1, 100_001)
    totals = _path_weights(w, 1, grid) @ x.T
    assert (totals[:, s] != totals[:, h]).any()
    direct = rank_totals(totals)
    assert (direct == path.segment_ranks[_segment_of(path, grid)]).all()
    assert (path.segment_ranks[:, s] == path.segment_ranks[:, h]).all()


def test_bad_pillar_and_t():
    with pytest.raises(idx.IdxError, match="unknown pillar 'apps'"):
        rank_path(idx.load_2017(), "apps")
    with pytest.raises(idx.IdxError, match=r"'t' must be in \[0, 1\]"):
        rank_path(idx.load_2017(), "application").rank_at(1.5)


def test_result_is_read_only():
    path = rank_path(idx.load_2017(), "security")
    for array in (path.breakpoints, path.edges, path.segment_ranks):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0


# --- totals equal up to floating-point noise -----------------------------------------


def _permuted_edition(with_twin=True):
    # The last three pillars weigh the same, so along p0's path a unit whose last three
    # indices are a permutation of another's has the same total for every t, up to
    # the order of a float sum; its p0 index is one ulp up, as two float paths to the
    # same decimal give. Equal-crossing arithmetic put a breakpoint at t = 2/3 here.
    system = idx.IndexSystem.from_weights({"p0": 0.4, "p1": 0.2, "p2": 0.2, "p3": 0.2})
    a = np.array([25.33, 74.19, 25.31, 16.52])
    twin = a[[0, 3, 1, 2]]
    twin[0] = np.nextafter(a[0], np.inf)
    rows = [a, twin, [20.0, 90.0, 60.0, 30.0], [95.0, 10.0, 20.0, 40.0]]
    units = ("a", "a permuted", "c", "d")
    if not with_twin:
        rows, units = rows[:1] + rows[2:], units[:1] + units[2:]
    e = idx.Edition(
        system=system, units=units, subscores=np.array(rows) * system.weights, unit_kind="other"
    )
    return e, np.array(system.weights)


def test_noise_level_ties_are_never_split():
    e, w = _permuted_edition()
    x = e.index_array
    path = rank_path(e, "p0")
    grid = np.linspace(0, 1, 100_001)
    totals = _path_weights(w, 0, grid) @ x.T
    # the floats differ (an exact comparison would split the pair); the tie rule does not
    assert (totals[:, 0] != totals[:, 1]).any()
    assert tied(totals[:, 0], totals[:, 1]).all()
    on_grid = path.segment_ranks[_segment_of(path, grid)]
    assert (on_grid[:, 0] == on_grid[:, 1]).all()
    assert (on_grid == rank_totals(totals)).all()
    for t in grid[::1000]:
        ranks = path.rank_at(float(t))
        assert ranks[0] == ranks[1]
    # The twin adds no breakpoint of its own: each one is (up to float noise) one of the
    # breakpoints of the table without it, where it crosses c and d alongside a.
    # Without the twin, along p0: a = 25.33 t + 38.6733 (1 - t) (mean of its other
    # indices), c = 20 t + 60 (1 - t), d = 95 t + 23.3333 (1 - t). Each pair crosses
    # once: a/d at 15.34/85.01, c/d at 36.667/111.667, a/c at 21.327/26.657, and each
    # crossing gives two band edges about 1e-9 apart.
    alone = rank_path(_permuted_edition(with_twin=False)[0], "p0").breakpoints
    crossings = np.array([15.34 / 85.01, 36.6667 / 111.6667, 21.3267 / 26.6567])
    assert len(alone) == 6
    assert (np.abs(alone - np.repeat(crossings, 2)) < 1e-4).all()
    assert (np.diff(alone)[::2] < 1e-8).all()
    assert (np.abs(path.breakpoints[:, None] - alone[None, :]).min(axis=1) < 1e-12).all()


# --- random small tables against brute force ----------------------------------------


@st.composite
def _tables(draw):
    """5-8 units on 3-4 pillars with exact copies, near ties (1e-6, 1e-9) and ties at the
    base weights, which are random."""
    m = draw(st.integers(3, 4))
    # powers of two: sub-score / weight gives the indices back exactly
    system_w = (0.25, 0.25, 0.25, 0.25) if m == 4 else (0.25, 0.25, 0.5)
    w = draw(simplex_weights(m))
    n = draw(st.integers(5, 8))
    value = st.floats(10, 90, allow_nan=False)
    free = [np.array(draw(st.lists(value, min_size=m, max_size=m))) for _ in range(2)]
    rows = list(free)
    while len(rows) < n:
        u = draw(st.sampled_from(free))
        kind = draw(st.sampled_from(["copy", "1e-6", "1e-9", "base tie", "free"]))
        v = u.copy()
        if kind in ("1e-6", "1e-9"):
            v[draw(st.integers(0, m - 1))] += float(kind)
        elif kind == "base tie":  # a move along a direction orthogonal to w
            pa, pb = draw(st.permutations(range(m)))[:2]
            d = np.zeros(m)
            d[pa], d[pb] = w[pb], -w[pa]
            v = u + draw(st.floats(-10, 10)) * d
        elif kind == "free":
            v = np.array(draw(st.lists(value, min_size=m, max_size=m)))
        rows.append(v)
    x = np.array(rows)
    system = idx.IndexSystem.from_weights({f"p{j}": v for j, v in enumerate(system_w)})
    e = idx.Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(n)),
        subscores=x * np.array(system_w),
        unit_kind="other",
    )
    return e, w


@settings(max_examples=40)
@given(_tables())
def test_brute_force_on_random_tables(table):
    e, w = table
    x = e.index_array
    grid = np.linspace(0, 1, 2001)
    for j, pillar in enumerate(e.pillars):
        path = rank_path(e, pillar, w)
        assert (np.diff(path.edges) > 0).all()
        assert path.edges[0] == 0.0 and path.edges[-1] == 1.0
        # just inside both ends of every segment, direct ranks are the segment's (where a
        # segment is too narrow for floats to decide every pair, within their bounds)
        for s in range(len(path.edges) - 1):
            room = (path.edges[s + 1] - path.edges[s]) / 2
            for start, inward in ((path.edges[s], +1), (path.edges[s + 1], -1)):
                t = _probe(x, w, j, start, inward, room)
                low, high = _rank_bounds(_path_weights(w, j, t) @ x.T)
                assert (low[0] <= path.segment_ranks[s]).all()
                assert (path.segment_ranks[s] <= high[0]).all()
        # a dense grid: segment ranks and rank_at are direct ranks, where decided
        totals = _path_weights(w, j, grid) @ x.T
        low, high = _rank_bounds(totals)
        on_grid = path.segment_ranks[_segment_of(path, grid)]
        assert ((low <= on_grid) & (on_grid <= high)).all()
        decided = (low == high).all(axis=1)
        assert decided.mean() > 0.9
        direct = rank_totals(totals)
        assert (direct[decided] == low[decided]).all()
        for t in grid[decided][::50]:
            assert (path.rank_at(float(t)) == direct[np.searchsorted(grid, t)]).all()
