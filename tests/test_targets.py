"""idx.improvement: known answers from Table 2, hand derivations, sampling, certificates.

The oracles are independent of the code under test: sums of the printed sub-scores
(Table 2), the fractional knapsack written out here, bisection with exact rational
arithmetic applying the tie rule literally, uniform samples of the space ranked by
``idx.rank_totals``, and the certificates the results carry.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import idx
from idx.ranking import TIE_ATOL, TIE_RTOL, ahead
from idx.sensitivity import sample_weights
from idx.space import WeightSpace
from report_2017 import TABLE_2, WEIGHTS_2017

PILLARS = (
    "infrastructure",
    "innovation",
    "digital_economy",
    "application",
    "security",
    "regulation",
)


def _printed(name: str) -> tuple[float, ...]:
    return next(row[2] for row in TABLE_2 if idx.canonical_province(row[1]) == name)


def _sum(name: str) -> float:
    return math.fsum(_printed(name))


def _index(name: str) -> np.ndarray:
    return np.array(_printed(name)) / np.array(WEIGHTS_2017)


# --- one pillar at fixed weights: closed form, by hand --------------------------------------


def test_hebei_to_15th_one_pillar_at_a_time(edition):
    # Hebei (19th) sums to 26.31; the 15th best of the others is Liaoning, 27.82 (its
    # sub-scores 6.36 + 2.42 + 3.22 + 10.24 + 2.56 + 3.02). A tie reaches the rank, so
    # Hebei needs 27.82 - 26.31 = 1.51 points (less the 1e-8 tie band), which is
    # 1.51 / w_j index points on pillar j and 1.51 sub-score points on any pillar.
    assert _sum("Liaoning") == pytest.approx(27.82, abs=1e-12)
    assert _sum("Hebei") == pytest.approx(26.31, abs=1e-12)
    result = idx.improvement(edition, "Hebei", 15)
    assert result.base_rank == 19
    assert result.target_unit == "Liaoning"
    by_hand = {"infrastructure": 8.388889, "innovation": 9.4375, "digital_economy": 9.4375}
    by_hand |= {"application": 6.04, "security": 11.615385, "regulation": 12.583333}
    np.testing.assert_allclose(result.index_gain, [by_hand[p] for p in PILLARS], atol=1e-6)
    # in sub-score points: 1.51 less the tie band around 27.82, 1e-8 + 1e-12 x 27.82
    band = TIE_ATOL + TIE_RTOL * 27.82
    np.testing.assert_allclose(result.subscore_gain, 1.51 - band, rtol=0, atol=1e-12)
    assert result.bar == pytest.approx(27.82 - band, abs=1e-12)
    assert result.feasible.all()
    np.testing.assert_allclose(result.needed_index, _index("Hebei") + result.index_gain)
    # the frame: one row per pillar
    frame = result.to_frame()
    assert list(frame["pillar"]) == list(PILLARS)
    np.testing.assert_allclose(frame["index_gain"], result.index_gain)


def test_each_single_gain_is_the_smallest_by_exact_bisection(edition):
    # Independent: bisection on the gain with exact rational totals and the tie rule
    # written out; the closed form must sit within 1e-9 of the smallest gain.
    x = edition.index_array
    u = edition.units.index("Hebei")
    w = [Fraction(v) for v in WEIGHTS_2017]
    result = idx.improvement(edition, "Hebei", 15)

    def rank(gain: float, j: int) -> int:
        rows = [[Fraction(float(v)) for v in row] for row in x]
        rows[u][j] += Fraction(gain)
        totals = [sum((a * b for a, b in zip(r, w, strict=True)), Fraction(0)) for r in rows]
        band = lambda p, q: Fraction(TIE_ATOL) + Fraction(TIE_RTOL) * max(abs(p), abs(q))  # noqa: E731
        return 1 + sum(t - totals[u] > band(t, totals[u]) for t in totals)

    for j in range(6):
        lo, hi = 0.0, 20.0
        for _ in range(45):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if rank(mid, j) <= 15 else (mid, hi)
        assert result.index_gain[j] == pytest.approx(hi, abs=1e-9)


def test_a_tie_reaches_the_rank(edition):
    # Liaoning (15th, 27.82) to 13th: the 13th best other total is 28.07, shared by
    # Shaanxi and Hunan. Application needs (28.07 - 27.82) / 0.25 = 1 index point:
    # then Liaoning ties both at 13th; a millionth less and both stay ahead (15th).
    result = idx.improvement(edition, "Liaoning", 13, pillars="application")
    assert result.index_gain[0] == pytest.approx(1.0, abs=1e-6)
    x = edition.index_array.copy()
    u = edition.units.index("Liaoning")
    w = np.array(WEIGHTS_2017)
    x[u, 3] += result.index_gain[0]
    assert idx.rank_totals(x @ w)[u] == 13
    x[u, 3] -= 1e-6
    assert idx.rank_totals(x @ w)[u] == 15


def test_infeasible_pillar_says_what_it_would_need(edition):
    # Hebei to 1st: Guangdong sums to 45.18, 18.87 points ahead. On application alone
    # that is 18.87 / 0.25 = 75.48 index points on top of 33.88: 109.36 > 100.
    assert _sum("Guangdong") - _sum("Hebei") == pytest.approx(18.87, abs=1e-12)
    result = idx.improvement(edition, "Hebei", 1)
    j = PILLARS.index("application")
    assert not result.feasible[j] and math.isnan(result.index_gain[j])
    assert math.isnan(result.subscore_gain[j])
    assert result.needed_index[j] == pytest.approx(109.36, abs=1e-6)
    assert result.pillar_notes[j] == "infeasible: needs 109.4 on a 0-100 index"
    assert not result.feasible.any()


def test_already_there_gets_zero_and_says_so(edition):
    result = idx.improvement(edition, "Guangdong", 3)
    assert result.already and (result.index_gain == 0).all()
    assert all(note == "already there: no gain needed" for note in result.pillar_notes)
    assert result.combined.total_gain == 0
    assert "already ranks 1st" in result.summary()
    # Hunan shares 13th with Shaanxi when recomputed: 13th is already reached
    hunan = idx.improvement(edition, "Hunan", 13)
    assert hunan.base_rank == 13 and (hunan.index_gain == 0).all()
    # the last place is reached by everyone
    assert (idx.improvement(edition, "Gansu", 31).index_gain == 0).all()


# --- the cheapest combination: LP against hand derivations ----------------------------------


def test_lp_fills_the_largest_weight_first_up_to_its_cap(edition):
    # Hebei to 1st needs 18.87 points. Application (weight 0.25) can give at most
    # (100 - 33.88) x 0.25 = 16.53; the remaining 2.34 points come from the next
    # largest weight, infrastructure (0.18): 2.34 / 0.18 = 13 index points.
    result = idx.improvement(edition, "Hebei", 1)
    c = result.combined
    assert c.feasible
    expected = np.zeros(6)
    expected[PILLARS.index("application")] = 100 - 33.88
    expected[PILLARS.index("infrastructure")] = 13.0
    np.testing.assert_allclose(c.gains, expected, atol=1e-6)
    assert c.total_cost == pytest.approx(66.12 + 13.0, abs=1e-6)
    assert c.reached_rank == 1


def test_lp_with_costs_is_the_fractional_knapsack(edition):
    # With application costing 2 per point, infrastructure gives the most points per
    # unit of cost (0.18 / 1 > 0.16 / 1 > 0.25 / 2): Hebei to 15th needs 1.51 / 0.18.
    result = idx.improvement(edition, "Hebei", 15, cost={"application": 2.0})
    expected = np.zeros(6)
    expected[0] = 1.51 / 0.18
    np.testing.assert_allclose(result.combined.gains, expected, atol=1e-6)
    # the knapsack written out, for several targets and cost vectors
    rng = np.random.default_rng(3)
    x, w = edition.index_array, np.array(WEIGHTS_2017)
    u = edition.units.index("Hebei")
    for k in (1, 5, 10, 15):
        cost = rng.uniform(0.5, 3.0, 6)
        need = idx.improvement(edition, "Hebei", k).bar - float(x[u] @ w)
        gains, left = np.zeros(6), need
        for j in np.argsort(-(w / cost), kind="stable"):
            take = min(max(left, 0.0) / w[j], 100 - x[u, j])
            gains[j], left = take, left - take * w[j]
        got = idx.improvement(edition, "Hebei", k, cost=cost)
        assert got.combined.feasible == (left <= 1e-12)
        if got.combined.feasible:
            np.testing.assert_allclose(got.combined.gains, gains, atol=1e-6)


def test_lp_infeasible_reports_the_best_reachable_rank(edition):
    # Security and regulation alone: at 100 they add (100 - 27.846) x 0.13 + (100 -
    # 25.167) x 0.12 = 18.36 points, short of 18.87; Hebei would total 44.67, behind
    # Guangdong (45.18) and Beijing (44.70): 3rd.
    result = idx.improvement(edition, "Hebei", 1, pillars=["regulation", "security"])
    assert result.pillars == ("security", "regulation")
    assert not result.combined.feasible and result.combined.reached_rank == 3
    assert "would rank 3rd" in result.combined.note


# --- robustly over a space ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hebei_robust(edition):
    space = WeightSpace.around(edition.system, 0.25)
    return space, idx.improvement(edition, "Hebei", 15, space=space, probability=0.9, seed=2017)


def _rank_of(x, u, w):
    """Unit u's competition rank at each row of w: 1 + the units ahead by the tie rule."""
    totals = w @ x.T
    return 1 + ahead(totals, totals[:, [u]]).sum(axis=1)


def _raised(edition, unit, gains):
    x = edition.index_array.copy()
    x[edition.units.index(unit)] += gains
    return x


def test_robust_gain_holds_at_every_sampled_weight_and_is_certified(edition, hebei_robust):
    space, result = hebei_robust
    u = edition.units.index("Hebei")
    w = sample_weights(space, 100_000, seed=11)
    assert w.shape == (100_000, 6)
    for answer in (*result.robust, result.robust_combined):
        assert answer.feasible
        x = _raised(edition, "Hebei", answer.gains)
        # no sampled scenario ranks the raised unit below 15th
        assert _rank_of(x, u, w).max() <= 15
        # the certificate: admissible weights attaining the worst rank, which is <= 15
        assert space.contains(answer.worst_weights)
        assert idx.rank_totals(x @ answer.worst_weights)[u] == answer.worst_rank <= 15
        # evidence just below: a slightly smaller gain along the same direction fails
        assert answer.below_weights is not None and space.contains(answer.below_weights)
        assert answer.gain - answer.below_gain <= 1e-6 * answer.gain
        less = _raised(edition, "Hebei", answer.gains * (answer.below_gain / answer.gain))
        assert idx.rank_totals(less @ answer.below_weights)[u] == answer.below_rank > 15
        assert answer.cost_bound <= answer.total_cost + 1e-9


def test_robust_gains_exceed_the_fixed_weight_ones(edition, hebei_robust):
    _, result = hebei_robust
    robust = np.array([r.gain for r in result.robust])
    assert (robust >= result.index_gain).all()
    # the combination is never dearer than the best single pillar, and exact here: no
    # gains cheaper than it pass the (admissible) weight vectors it names
    comb = result.robust_combined
    assert comb.total_cost <= min(robust) + 1e-9
    assert comb.total_cost - comb.cost_bound <= 1e-6 * comb.total_cost
    x = edition.index_array
    u = edition.units.index("Hebei")
    assert _cheapest_passing(x, u, 15, comb.scenarios) >= comb.total_cost * (1 - 1e-6)


def test_robust_answer_already_there(edition):
    # Guangdong ranks 1st or 2nd everywhere within +/-25%: 2nd needs nothing
    space = WeightSpace.around(edition.system, 0.25)
    result = idx.improvement(edition, "Guangdong", 2, space=space, pillars="application")
    assert result.robust[0].gain == 0 and result.robust[0].worst_rank <= 2
    assert result.robust_combined.gain == 0


def test_robust_infeasible_names_a_lower_bound(edition):
    # Hebei to 1st on security alone cannot work even at fixed weights
    space = WeightSpace.around(edition.system, 0.1)
    result = idx.improvement(edition, "Hebei", 1, space=space, pillars="security")
    answer = result.robust[0]
    assert not answer.feasible and math.isnan(answer.gain)
    assert "infeasible: needs at least" in answer.note
    # the lower bound: at some admissible weights Hebei needs more than the cap allows
    assert answer.cost_bound > 100 - _index("Hebei")[4]
    assert not result.robust_combined.feasible


# --- with a probability ---------------------------------------------------------------------


def test_probable_gain_is_the_smallest_on_the_same_samples(edition, hebei_robust):
    space, result = hebei_robust
    u = edition.units.index("Hebei")
    # the same weights: the seed drives one generator, whose first draws are the samples
    w = sample_weights(space, 20_000, seed=2017)
    for answer in (*result.probable, result.probable_combined):
        assert answer.seed == 2017 and answer.n == 20_000 and answer.sampler == "uniform"
        x = _raised(edition, "Hebei", answer.gains)
        share = np.mean(_rank_of(x, u, w) <= 15)
        assert share >= 0.9 and share == answer.achieved
        less = _raised(edition, "Hebei", answer.gains * (1 - 1e-6))
        assert np.mean(_rank_of(less, u, w) <= 15) < 0.9
        assert answer.interval.low <= answer.achieved <= answer.interval.high
    # between the fixed-weight answer and the robust one
    probable = np.array([p.gain for p in result.probable])
    robust = np.array([r.gain for r in result.robust])
    assert (result.index_gain <= probable).all() and (probable <= robust).all()


def test_probable_same_seed_same_answer_and_seed_recorded(edition):
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    kwargs = dict(space=space, probability=0.5, n=2000, pillars="application")
    a = idx.improvement(edition, "Hebei", 17, seed=5, **kwargs)
    b = idx.improvement(edition, "Hebei", 17, seed=5, **kwargs)
    assert a.probable[0].gain == b.probable[0].gain and a.probable[0].sampler == "jrc"
    fresh = idx.improvement(edition, "Hebei", 17, **kwargs)
    assert isinstance(fresh.probable[0].seed, int)
    again = idx.improvement(edition, "Hebei", 17, seed=fresh.probable[0].seed, **kwargs)
    assert again.probable[0].gain == fresh.probable[0].gain


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"unit": "Atlantis"}, "unknown province 'Atlantis'"),
        ({"rank": 0}, r"'rank' must be a positive integer \(got 0\)"),
        ({"rank": 32}, r"'rank' must be in 1..31 \(got 32\)"),
        ({"rank": 2.5}, r"'rank' must be a positive integer \(got 2.5\)"),
        ({"pillars": ["application", "culture"]}, r"'pillars' must be drawn from .*'culture'"),
        (
            {"cost": {"application": -1}},
            r"'cost' of pillar 'application' must be finite and >= 0 \(got -1\)",
        ),
        ({"cost": {"culture": 1}}, r"unknown pillar 'culture' in 'cost'"),
        ({"cost": [0.0] * 6}, r"'cost' must be positive for at least one pillar"),
        ({"cost": [1.0, 2.0]}, r"'cost' must hold one number per chosen pillar \(6\) \(got 2\)"),
        ({"probability": 1.0}, r"'probability' must be in \(0, 1\) \(got 1.0\)"),
        ({"probability": 0.9}, r"'probability' needs a 'space'"),
    ],
)
def test_bad_input_names_the_value(edition, kwargs, message):
    args = {"unit": "Hebei", "rank": 15} | kwargs
    unit, rank = args.pop("unit"), args.pop("rank")
    with pytest.raises(idx.IdxError, match=message):
        idx.improvement(edition, unit, rank, **args)


def test_results_are_frozen_and_framed(edition, hebei_robust):
    _, result = hebei_robust
    for part in (result, result.combined, *result.robust, result.robust_combined):
        assert len(part.to_frame()) == 6
    assert len(result.probable_combined.to_frame()) == 6
    with pytest.raises(ValueError, match="read-only"):
        result.index_gain[0] = 0.0
    assert repr(result) == "<Improvement: Hebei from 19th to 15th or better>"


# --- small tables with near-ties: brute force ------------------------------------------------
# Tables and the space's inequalities come from test_exact_properties: identical units,
# pairs 1e-6 and 1e-9 apart, a tie at the reference weights, random units.

from test_exact_properties import (  # noqa: E402
    _arrangement_vertices,
    _exact_rank,
    _inequalities,
    _space_vertices,
    _spaces,
    _table,
)

SMALL = [(seed, s) for seed in range(6) for s in range(5)]


def _brute_closest(edition, space, u, k):
    """min ||w - w0||_1 over the space with at most k - 1 units ahead of u, by vertex
    enumeration: for every choice of k - 1 units allowed ahead, the others must satisfy
    ``c_o . w <= TIE_ATOL`` (not ahead, the tie rule's linear form); the L1 minimum over
    that polytope is at a vertex of its planes and the planes ``w_j = w0_j``."""
    import itertools

    x = edition.index_array
    n, m = x.shape
    w0 = np.asarray(space.reference)
    g, h = _inequalities(space)
    others = [o for o in range(n) if o != u]
    best = math.inf
    for allowed in itertools.combinations(others, min(k - 1, n - 1)):
        keep = [o for o in others if o not in allowed]
        c = (1 - TIE_RTOL) * x[keep] - x[u]
        s = np.abs(c).max(axis=1) if len(keep) else np.ones(0)
        c, s = c[s > 0], s[s > 0]
        g2 = np.vstack([g, c / s[:, None]]) if len(c) else g
        h2 = np.concatenate([h, TIE_ATOL / s]) if len(c) else h
        planes = np.vstack([g2, np.eye(m)])
        points = _arrangement_vertices(g2, h2, planes, np.concatenate([h2, w0]))
        if len(points):
            best = min(best, float(np.abs(points - w0).sum(axis=1).min()))
    return best


@pytest.mark.parametrize(("seed", "s"), SMALL)
def test_weight_change_to_rank_against_vertex_enumeration(seed, s):
    edition = _table(seed)
    space = _spaces(edition.system)[s]
    x = edition.index_array
    base = idx.rank_totals(x @ np.asarray(space.reference))
    for u in np.argsort(-base, kind="stable")[:3]:  # the three lowest-ranked units
        for k in sorted({max(1, int(base[u]) - 1), 1}):
            result = idx.weight_change_to_rank(edition, edition.units[u], k, space)
            brute = _brute_closest(edition, space, int(u), k)
            if not result.possible:
                assert brute == math.inf, (seed, s, u, k)
                # the best attainable rank is certified and misses the target
                assert _exact_rank(x, result.best_weights, int(u)) == result.best_rank > k
                continue
            assert brute < math.inf
            assert space.contains(result.weights)
            assert _exact_rank(x, result.weights, int(u)) == result.reached_rank <= k
            assert result.distance == pytest.approx(brute, abs=1e-6), (seed, s, u, k)


def test_weight_change_2017(edition):
    space = WeightSpace.around(edition.system, 0.25)
    assert not idx.weight_change_to_rank(edition, "Hebei", 15, space).possible
    done = idx.weight_change_to_rank(edition, "Hunan", 13, space)
    assert done.already and done.distance == 0
    result = idx.weight_change_to_rank(edition, "Hebei", 15)  # the whole simplex
    assert result.possible and result.reached_rank <= 15
    assert idx.rank_totals(edition.index_array @ result.weights)[edition.units.index("Hebei")] <= 15
    assert list(result.to_frame().columns) == ["pillar", "reference_weight", "weight", "change"]
    with pytest.raises(idx.IdxError, match=r"'rank' must be in 1..31 \(got 99\)"):
        idx.weight_change_to_rank(edition, "Hebei", 99)


ROBUST_CASES = [(seed, s, who) for seed in range(6) for s in (1, 3) for who in range(3)]


@pytest.mark.parametrize(("seed", "s", "who"), ROBUST_CASES)
def test_robust_gain_on_small_tables_by_sampling_vertices_and_exact_certificates(seed, s, who):
    edition = _table(seed)
    space = _spaces(edition.system)[s]
    x = edition.index_array
    base = idx.rank_totals(x @ np.asarray(space.reference))
    if who < 2:  # units 3 and 4: 1e-6 and 1e-9 from unit 2, one place up
        u = 3 + who
        k = max(1, int(base[u]) - 1)
    else:  # the second-lowest unit, two places up
        u = int(np.argsort(-base, kind="stable")[1])
        k = max(1, int(base[u]) - 2)
    result = idx.improvement(edition, edition.units[u], k, space=space)
    w = np.vstack([sample_weights(space, 20_000, seed=seed), _space_vertices(space)])
    for answer in (*result.robust, result.robust_combined):
        if not answer.feasible:
            # the evidence: with the pillar (or every pillar) at 100, admissible weights
            # still rank u below k
            top = x.copy()
            if answer.direction == "combination":
                top[u] = 100.0
            else:
                top[u, edition.pillars.index(answer.direction)] = 100.0
            assert space.contains(answer.worst_weights)
            assert _exact_rank(top, answer.worst_weights, u) == answer.worst_rank > k
            continue
        raised = x.copy()
        raised[u] += answer.gains
        assert _rank_of(raised, u, w).max() <= k
        assert _exact_rank(raised, answer.worst_weights, u) == answer.worst_rank <= k
        if answer.gain > 0:
            less = x.copy()
            less[u] += answer.gains * (answer.below_gain / answer.gain)
            assert _exact_rank(less, answer.below_weights, u) == answer.below_rank > k
    comb = result.robust_combined
    singles = [a.total_cost for a in result.robust if a.feasible]
    if singles:  # a single pillar is one of the combinations
        assert comb.feasible and comb.total_cost <= min(singles) + 1e-9
    if comb.feasible:
        assert comb.cost_bound <= comb.total_cost + 1e-9
        # optimality, from the certificate: no gains cheaper than the answer (to the
        # documented 1e-6, relative) pass every weight vector in its scenarios
        # (admissible), by an LP written here
        assert space.contains(comb.scenarios).all()
        assert _cheapest_passing(x, u, k, comb.scenarios) >= comb.total_cost * (1 - 1e-6) - 1e-9
        # and the answer passes every sampled weight, so it is at least their LP
        assert comb.total_cost >= _cheapest_passing(x, u, k, w) - 1e-6


def _cheapest_passing(x, u, k, w):
    """min sum(g) with u ranking k or better at every row of w: at each w the k-th
    largest lead of another unit over u (points, less the tie band) must be closed by
    ``w . g``; 0 <= g <= 100 - x_u. scipy's linprog, without idx."""
    from scipy.optimize import linprog

    totals = w @ x.T
    lead = np.delete(totals, u, axis=1) - totals[:, [u]]
    band = TIE_ATOL + TIE_RTOL * np.maximum(np.delete(totals, u, axis=1), totals[:, [u]])
    need = -np.sort(-(lead - band), axis=1)[:, k - 1] if k <= lead.shape[1] else np.zeros(len(w))
    active = need > 0
    if not active.any():
        return 0.0
    fit = linprog(
        np.ones(x.shape[1]),
        A_ub=-w[active],
        b_ub=-need[active],
        bounds=[(0.0, 100.0 - v) for v in x[u]],
        method="highs",
    )
    return float(fit.fun) if fit.status == 0 else math.inf


def test_a_pillar_whose_weight_can_vanish_cannot_guarantee_anything(edition):
    # Over the whole simplex security's weight can be 0, where raising it does nothing
    space = WeightSpace.simplex(edition.system)
    result = idx.improvement(edition, "Hunan", 10, space=space, pillars=["security"])
    answer = result.robust[0]
    assert not answer.feasible
    assert (
        answer.note == "infeasible: at some admissible weights the pillar weighs (next to) nothing"
    )
    # the evidence: at those weights Hunan stays below 10th with security at 100
    top = edition.index_array.copy()
    u = edition.units.index("Hunan")
    top[u, 4] = 100.0
    assert idx.rank_totals(top @ answer.worst_weights)[u] == answer.worst_rank > 10


def test_a_generator_seed_is_recorded_as_the_integer_it_gave(edition):
    space = idx.WeightSpace.around(edition.system, 0.25)
    first = idx.improvement(
        edition, "Hebei", 15, space=space, probability=0.9, n=500, seed=np.random.default_rng(3)
    )
    seed = first.probable_combined.seed
    assert isinstance(seed, int) and seed >= 0
    again = idx.improvement(edition, "Hebei", 15, space=space, probability=0.9, n=500, seed=seed)
    assert first.probable is not None and again.probable is not None
    for one, two in zip(first.probable, again.probable, strict=True):
        np.testing.assert_array_equal(one.gains, two.gains)
        assert one.seed == two.seed == seed
