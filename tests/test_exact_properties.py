"""The exact methods (rank_range, reversal) against brute force on small random tables.

The tables are built to be hard for a solver: each holds two identical units, a pair
1e-6 points apart on two pillars in opposite directions (they swap inside most
spaces, by a hair), a pair 1e-9 apart (tied everywhere under the tie rule), a unit
tying another at the reference weights with different indices, and random units.
The oracles are independent of the code under test:

* exact rational arithmetic (``fractions.Fraction``) applying the tie rule of
  ``idx.ranking``'s docstring literally, to check every certificate;
* the space written as inequalities in ``w`` alone (simplex bounds, or
  ``w_j lower_l <= w_l upper_j`` for factors), and vertex enumeration over it: the
  extremes of a linear function and the minimum of an L1 distance subject to one
  more linear constraint are attained at vertices of the arrangement of the
  constraint planes and the planes ``w_j = w0_j`` where ``|w_j - w0_j|`` bends;
* uniform sampling of the space (``sample_weights``).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import idx
from idx.ranking import TIE_ATOL, TIE_RTOL
from idx.sensitivity import rank_range, reversal, sample_weights
from idx.space import WeightSpace

ATOL = Fraction(TIE_ATOL)
RTOL = Fraction(TIE_RTOL)
SEEDS = range(8)


# --- tables and spaces --------------------------------------------------------------------


def _table(seed: int) -> idx.Edition:
    """3-4 pillars, 5-8 units: identical units, near-ties at 1e-6 and 1e-9, a base tie."""
    rng = np.random.default_rng(seed)
    m = 3 + seed % 2
    n = 5 + (seed // 2) % 4
    parts = rng.integers(1, 6, m).astype(float)
    parts[1] = parts[0]  # two equal weights: swapping those pillars' indices ties at the base
    weights = parts / parts.sum()
    x = np.round(rng.uniform(5, 95, (n, m)), 1)
    j, k = rng.choice(m, 2, replace=False)
    x[1] = x[0]  # identical units
    x[3] = x[2]
    x[3, j] += 1e-6  # near-tie at 1e-6, swapping sides inside the space
    x[3, k] -= 1e-6
    x[4] = x[2]
    x[4, j] += 1e-9  # near-tie at 1e-9: inside the tie band at every weight
    x[4, k] -= 1e-9
    if n > 5:
        x[5] = x[0, [1, 0, *range(2, m)]]  # same total as unit 0 at the base
    system = idx.IndexSystem.from_weights({f"p{q}": float(weights[q]) for q in range(m)})
    units = tuple(f"u{i}" for i in range(n))
    return idx.Edition(system=system, units=units, subscores=x * system.weights, unit_kind="other")


def _spaces(system: idx.IndexSystem) -> list[WeightSpace]:
    ids = system.ids
    return [
        WeightSpace.simplex(system),
        WeightSpace.around(system, 0.25),
        WeightSpace.around(system, 0.5, fixed=[ids[0]]),
        WeightSpace.around(system, 0.25, mode="factors"),
        WeightSpace.around(system, 0.5, mode="factors", fixed=[ids[-1]]),
    ]


CASES = [(seed, s) for seed in SEEDS for s in range(5)]


def _case(seed: int, s: int) -> tuple[idx.Edition, WeightSpace]:
    edition = _table(seed)
    return edition, _spaces(edition.system)[s]


# --- oracles ------------------------------------------------------------------------------


def _exact_dot(row: np.ndarray, weights: list[Fraction]) -> Fraction:
    return sum((Fraction(float(a)) * b for a, b in zip(row, weights, strict=True)), Fraction(0))


def _exact_totals(x: np.ndarray, w: np.ndarray) -> list[Fraction]:
    weights = [Fraction(float(v)) for v in w]
    return [_exact_dot(row, weights) for row in x]


def _exact_ahead(p: Fraction, q: Fraction) -> bool:
    """The tie rule, literally: p is ahead of q iff p - q > TIE_ATOL + TIE_RTOL max(|p|, |q|)."""
    return p - q > ATOL + RTOL * max(abs(p), abs(q))


def _exact_rank(x: np.ndarray, w: np.ndarray, i: int) -> int:
    t = _exact_totals(x, w)
    return 1 + sum(_exact_ahead(t[k], t[i]) for k in range(len(t)))


def _inequalities(space: WeightSpace) -> tuple[np.ndarray, np.ndarray]:
    """``G w <= h`` which, with ``sum(w) = 1``, is the space; written without ``tau``."""
    m = space.n_pillars
    eye = np.eye(m)
    lower, upper = np.asarray(space.lower), np.asarray(space.upper)
    if space.mode == "simplex":
        return np.vstack([-eye, eye]), np.concatenate([-lower, np.minimum(upper, 1.0)])
    # w = f / sum(f), lower <= f <= upper  <=>  w >= 0 and w_p / upper_p <= w_q / lower_q
    rows = [-eye]
    for p, q in itertools.permutations(range(m), 2):
        row = np.zeros(m)
        row[p] += lower[q]
        row[q] -= upper[p]
        rows.append(row[None, :])
    g = np.vstack(rows)
    return g, np.zeros(g.shape[0])


def _arrangement_vertices(
    g: np.ndarray, h: np.ndarray, planes: np.ndarray, offsets: np.ndarray
) -> np.ndarray:
    """Points with ``sum(w) = 1`` on ``m - 1`` of the planes that satisfy ``G w <= h``."""
    m = g.shape[1]
    combos = np.array(list(itertools.combinations(range(planes.shape[0]), m - 1)))
    a = np.concatenate([np.ones((len(combos), 1, m)), planes[combos]], axis=1)
    b = np.concatenate([np.ones((len(combos), 1)), offsets[combos]], axis=1)
    regular = np.linalg.cond(a) < 1e10
    points = np.linalg.solve(a[regular], b[regular][..., None])[..., 0]
    feasible = (points @ g.T <= h + 1e-12).all(axis=1)
    return points[feasible]


def _space_vertices(space: WeightSpace) -> np.ndarray:
    g, h = _inequalities(space)
    return _arrangement_vertices(g, h, g, h)


def _closest_lead(space: WeightSpace, c: np.ndarray, w0: np.ndarray) -> float:
    """min ||w - w0||_1 over the space with ``c . w >= TIE_ATOL`` (the infimum of a lead)."""
    g, h = _inequalities(space)
    s = np.abs(c).max()
    g = np.vstack([g, -c / s])
    h = np.concatenate([h, [-TIE_ATOL / s]])
    planes = np.vstack([g, np.eye(len(w0))])
    points = _arrangement_vertices(g, h, planes, np.concatenate([h, w0]))
    return float(np.abs(points - w0).sum(axis=1).min())


# --- rank_range ---------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "s"), CASES)
def test_rank_range_brackets_every_scenario_and_certificates_attain(seed, s):
    edition, space = _case(seed, s)
    x = edition.index_array
    result = rank_range(edition, space)
    for i in range(edition.n_units):
        for bound, w in ((result.best, result.best_weights), (result.worst, result.worst_weights)):
            assert space.contains(w[i])
            assert _exact_rank(x, w[i], i) == bound[i]
    vertices = _space_vertices(space)
    assert len(vertices) and space.contains(vertices).all()
    w = np.vstack([vertices, sample_weights(space, 2000, seed=seed)])
    ranks = idx.rank_totals(w @ x.T)
    assert (ranks.min(axis=0) >= result.best).all()
    assert (ranks.max(axis=0) <= result.worst).all()


def test_the_tables_exercise_the_tie_rule():
    # Guards the construction: near-ties swap inside the whole simplex at 1e-6, never
    # at 1e-9, and unit 5 ties unit 0 at the base without being identical to it.
    edition = _table(2)
    x = edition.index_array
    space = WeightSpace.simplex(edition.system)
    ranks = idx.rank_totals(_space_vertices(space) @ x.T)
    assert {(r[2] < r[3]) for r in ranks} == {True, False}
    assert all(r[2] == r[4] for r in ranks)
    base = x @ edition.system.weights
    assert idx.ranking.tied(base[0], base[5]) and not np.array_equal(x[0], x[5])


# --- reversal -----------------------------------------------------------------------------

PAIRS = [(0, 1), (2, 3), (3, 2), (2, 4), (0, 5), (5, 0), (3, 4)]


@pytest.mark.parametrize(("seed", "s"), CASES)
def test_reversal_against_vertex_enumeration(seed, s):
    edition, space = _case(seed, s)
    x = edition.index_array
    w0 = np.asarray(space.reference)
    vertices = _space_vertices(space)
    for a, b in PAIRS:
        if max(a, b) >= edition.n_units:
            continue
        result = reversal(edition, edition.units[a], edition.units[b], space)
        # b can lead iff it leads at some vertex of the space (a linear form peaks there)
        leads_somewhere = any(
            _exact_ahead(t[b], t[a]) for t in (_exact_totals(x, v) for v in vertices)
        )
        assert result.reversible == leads_somewhere, (a, b)
        if not result.reversible:
            assert result.weights is None and result.distance is None
            continue
        w = result.weights
        assert space.contains(w)
        t = _exact_totals(x, w)
        assert _exact_ahead(t[b], t[a])
        assert result.distance == pytest.approx(np.abs(w - w0).sum(), abs=1e-15)
        t0 = _exact_totals(x, w0)
        assert result.already_ahead == _exact_ahead(t0[b], t0[a])
        if result.already_ahead:
            assert result.distance == 0.0
            continue
        infimum = _closest_lead(space, (1 - TIE_RTOL) * x[b] - x[a], w0)
        assert infimum - 1e-9 <= result.distance <= infimum + 1e-6, (a, b)


def _path_point(w0: np.ndarray, j: int, t: Fraction) -> list[Fraction]:
    rest = 1 - Fraction(float(w0[j]))
    w = [Fraction(float(v)) * (1 - t) / rest for v in w0]
    w[j] = t
    return w


def _exact_lead_on_path(x: np.ndarray, w0: np.ndarray, j: int, a: int, b: int, t: Fraction):
    w = _path_point(w0, j, t)
    totals = [_exact_dot(x[u], w) for u in (a, b)]
    return _exact_ahead(totals[1], totals[0]), totals


@pytest.mark.parametrize("seed", SEEDS)
def test_per_pillar_band_edges_exactly(seed):
    edition = _table(seed)
    x = edition.index_array
    w0 = np.asarray(edition.system.weights)
    for a, b in PAIRS:
        if max(a, b) >= edition.n_units:
            continue
        result = reversal(edition, edition.units[a], edition.units[b])
        for j, r in enumerate(result.per_pillar):
            at_0, totals_0 = _exact_lead_on_path(x, w0, j, a, b, Fraction(0))
            at_1, totals_1 = _exact_lead_on_path(x, w0, j, a, b, Fraction(1))
            if r.weight is None:
                # b's standing is the same at both ends, hence (affine) all along the path
                assert at_0 == at_1 and r.direction is None
                continue
            assert at_0 != at_1
            assert r.direction == ("raise" if at_1 else "lower")
            # b - a's lead moves by |slope| points per unit of weight: step far enough that
            # the change (1e-12 points) dwarfs the edge's floating-point error
            slope = abs((totals_1[1] - totals_1[0]) - (totals_0[1] - totals_0[0]))
            step = Fraction(1, 10**12) / slope + Fraction(1, 10**12)
            sign = 1 if r.direction == "raise" else -1
            edge = Fraction(r.weight)
            inside = min(max(edge + sign * step, Fraction(0)), Fraction(1))
            outside = min(max(edge - sign * step, Fraction(0)), Fraction(1))
            assert _exact_lead_on_path(x, w0, j, a, b, inside)[0], (a, b, j)
            assert not _exact_lead_on_path(x, w0, j, a, b, outside)[0], (a, b, j)
