from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idx
from idx.sensitivity import rank_range, sample_weights
from idx.solvers import MILP_MARGINS
from idx.space import WeightSpace
from idx.system import IndexSystem, Pillar
from idx.testing import editions


@pytest.mark.parametrize("mode", ["simplex", "factors"])
def test_certificates_and_containment_2017(edition, mode):
    space = WeightSpace.around(edition.system, 0.25, mode=mode)
    result = rank_range(edition, space)
    x = edition.index_array
    for i in range(edition.n_units):
        assert space.contains(result.best_weights[i])
        assert space.contains(result.worst_weights[i])
        assert idx.rank_totals(x @ result.best_weights[i])[i] == result.best[i]
        assert idx.rank_totals(x @ result.worst_weights[i])[i] == result.worst[i]
    # Never narrower than any sampled scenario (independent: sampling)
    w = sample_weights(space, 20000, seed=7)
    ranks = idx.rank_totals(w @ x.T)
    assert (ranks.min(axis=0) >= result.best).all()
    assert (ranks.max(axis=0) <= result.worst).all()
    assert (result.best <= result.base_ranks).all() and (result.base_ranks <= result.worst).all()


def test_hunan_under_25_percent(edition):
    result = rank_range(edition, WeightSpace.around(edition.system, 0.25))
    hunan = edition.units.index("Hunan")
    assert (result.best[hunan], result.worst[hunan]) == (11, 18)


def test_fixed_everything_is_the_base_ranking(edition):
    space = WeightSpace.around(edition.system, 0.0)
    result = rank_range(edition, space)
    assert (result.best == result.base_ranks).all()
    assert (result.worst == result.base_ranks).all()


@settings(max_examples=25)
@given(editions(min_units=2, max_units=6, decimals=1), st.integers(0, 2**31 - 1))
def test_brute_force_on_small_tables(edition, seed):
    space = WeightSpace.simplex(edition.system)
    result = rank_range(edition, space)
    x = edition.index_array
    rng = np.random.default_rng(seed)
    m = len(edition.system)
    # vertices of the simplex and random points: every rank must lie within the bounds
    w = np.vstack([np.eye(m), rng.dirichlet(np.ones(m), 2000)])
    ranks = idx.rank_totals(w @ x.T)
    assert (ranks.min(axis=0) >= result.best).all()
    assert (ranks.max(axis=0) <= result.worst).all()
    for i in range(edition.n_units):
        assert idx.rank_totals(x @ result.best_weights[i])[i] == result.best[i]
        assert idx.rank_totals(x @ result.worst_weights[i])[i] == result.worst[i]


# --- near-ties: the tie rule, not a margin, decides who is ahead ---------------------------


def _two_pillar(rows):
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    x = np.array(rows, dtype=float)
    units = tuple("ABCD"[: len(rows)])
    return idx.Edition(system=system, units=units, subscores=x * 0.5, unit_kind="other")


@pytest.mark.parametrize("spread", [None, 0.25])
def test_near_tie_swaps_inside_the_space(spread):
    # A = (60, 40), B = (60 + 1e-6, 40 - 1e-6), C = (10, 10), weights (t, 1 - t).
    # B - A = 1e-6 (2t - 1): B is ahead iff 1e-6 (2t - 1) > 1e-8 + 1e-12 * total_B, i.e.
    # t > ~0.50501; A is ahead iff t < ~0.49499; tied between (both rank 1 at t = 0.5).
    # Both ranges (the simplex and t in [0.375, 0.625]) reach both sides, so A and B
    # each range over ranks 1-2, and C is 3rd throughout. The old 1e-4 margin gave B
    # a worst rank of 1, yet at t = 0.45 A is ahead by 1e-7 points.
    edition = _two_pillar([[60, 40], [60 + 1e-6, 40 - 1e-6], [10, 10]])
    system = edition.system
    space = WeightSpace.simplex(system) if spread is None else WeightSpace.around(system, spread)
    result = rank_range(edition, space)
    assert result.best.tolist() == [1, 1, 3]
    assert result.worst.tolist() == [2, 2, 3]
    assert idx.rank_totals(edition.index_array @ [0.45, 0.55]).tolist() == [1, 2, 3]
    x = edition.index_array
    for i in range(3):
        assert space.contains(result.worst_weights[i])
        assert idx.rank_totals(x @ result.worst_weights[i])[i] == result.worst[i]
        assert idx.rank_totals(x @ result.best_weights[i])[i] == result.best[i]


def test_units_inside_the_tie_band_everywhere_never_separate():
    # B - A = 1e-9 (2t - 1) is at most 1e-9 < 1e-8 points: tied at every weight vector,
    # so the two share every rank; C (identical to A) ties both.
    edition = _two_pillar([[60, 40], [60 + 1e-9, 40 - 1e-9], [60, 40], [10, 10]])
    result = rank_range(edition, WeightSpace.simplex(edition.system))
    assert result.best.tolist() == [1, 1, 1, 4]
    assert result.worst.tolist() == [1, 1, 1, 4]


# --- certification: what is reported is what the certificate attains ----------------------

_MODULE = sys.modules["idx.sensitivity.rank_range"]


def test_overclaiming_solver_is_retried_and_not_believed(edition, monkeypatch):
    # A stand-in solver that always claims every swappable unit is ahead (worst rank) or
    # may be ahead (best rank) but returns the reference weights. Where the claim is not
    # met the MILP is retried up the margin ladder; whatever happens, the reported
    # bounds are the ranks the reference weights attain, the base ranks.
    calls = []

    def overclaiming(rows, space, *, worst, margin):
        calls.append((worst, margin))
        return np.array(space.reference), rows.scaled.shape[0]

    monkeypatch.setattr(_MODULE, "_count_milp", overclaiming)
    # the vertex polish is a real LP that would find genuine (certified) ranks: keep the
    # solver's weights, so that only the retry ladder is under test
    monkeypatch.setattr(_MODULE, "_polish", lambda rows, space, w, **_: w)
    space = WeightSpace.around(edition.system, 0.25)
    result = rank_range(edition, space)
    assert (result.worst == result.base_ranks).all()
    assert (result.best == result.base_ranks).all()
    assert (result.worst_weights == space.reference).all()
    runs: list[list[tuple[bool, float]]] = []
    for worst, margin in calls:
        if margin == MILP_MARGINS[0]:
            runs.append([])
        runs[-1].append((worst, margin))
    # each bound ends with one relaxed solve (the margin turned the other way) ...
    assert all(run[-1][1] == -MILP_MARGINS[0] for run in runs)
    runs = [run[:-1] for run in runs]
    # ... after walking a prefix of the ladder; an unmet worst-rank claim walks all of
    # it, while a best-rank claim ("all may be ahead") is never beaten: no retry
    assert all([m for _, m in run] == list(MILP_MARGINS[: len(run)]) for run in runs)
    assert any(run[0][0] and len(run) == len(MILP_MARGINS) for run in runs)
    assert all(len(run) == 1 for run in runs if not run[0][0])


@pytest.mark.parametrize("mode", ["simplex", "factors"])
def test_slightly_infeasible_solver_output_is_moved_into_the_space(edition, mode, monkeypatch):
    # HiGHS meets constraints only to its tolerance; simulate output 1e-7 outside the space
    # (bounds and sum both violated): certificates must still lie in it and attain.
    real = _MODULE.solve_milp

    def sloppy(*args, **kwargs):
        x = real(*args, **kwargs).copy()
        x[0] += 2e-7
        x[1] -= 1e-7
        return x

    monkeypatch.setattr(_MODULE, "solve_milp", sloppy)
    space = WeightSpace.around(edition.system, 0.25, mode=mode)
    result = rank_range(edition, space)
    x = edition.index_array
    assert space.contains(result.best_weights).all()
    assert space.contains(result.worst_weights).all()
    for i in range(edition.n_units):
        assert idx.rank_totals(x @ result.best_weights[i])[i] == result.best[i]
        assert idx.rank_totals(x @ result.worst_weights[i])[i] == result.worst[i]
    ranks = idx.rank_totals(sample_weights(space, 5000, seed=3) @ x.T)
    assert (ranks.min(axis=0) >= result.best).all()
    assert (ranks.max(axis=0) <= result.worst).all()


# --- no solver output on stdout -----------------------------------------------------------


@pytest.mark.parametrize(("spread", "mode"), [(0.25, "factors"), (0.5, "simplex")])
def test_solver_prints_nothing_to_stdout(edition, capfd, spread, mode):
    # HiGHS (as shipped with scipy 1.17) prints a debugging line to file descriptor 1
    # while solving some of these MILPs; capfd captures at the descriptor level.
    print("before", flush=True)
    rank_range(edition, WeightSpace.around(edition.system, spread, mode=mode))
    print("after", flush=True)
    out, _ = capfd.readouterr()
    assert out == "before\nafter\n"


@pytest.mark.parametrize("mode", ["simplex", "factors"])
def test_space_without_its_reference(mode):
    # Weights (t, 1 - t) with t in [0.6, 0.8] (factors: f_a = 0.6, f_b in [0.15, 0.4], so
    # t = 0.6 / (0.6 + f_b) is in [0.6, 0.8] too). The reference t = 0.5 lies outside.
    # B = A + 1e-6 (1, -1) is ahead of A iff t > ~0.50501, so throughout: B 1st, A 2nd,
    # C 3rd.
    # from_bounds refuses such a space; the bare constructor builds it.
    edition = _two_pillar([[60, 40], [60 + 1e-6, 40 - 1e-6], [10, 10]])
    ids, weights = edition.system.ids, edition.system.weights
    if mode == "simplex":
        space = WeightSpace(ids, weights, [0.6, 0.0], [0.8, 1.0])
    else:
        space = WeightSpace(ids, weights, [0.6, 0.15], [0.6, 0.4], mode="factors")
    assert not space.contains(space.reference)
    result = rank_range(edition, space)
    assert result.best.tolist() == [2, 1, 3]
    assert result.worst.tolist() == [2, 1, 3]
    assert space.contains(result.best_weights).all()
    assert space.contains(result.worst_weights).all()


def test_a_rank_reached_only_at_a_vertex_where_units_tie():
    # Indices (0, 0.1), (0.1, 0), (0, 0.2), (0, 0.2) under 0.5/0.5, over the whole simplex.
    # The first unit's best rank is 2, reached only at w = (1, 0): the second unit leads
    # with 0.1 and the first ties the last two at 0. Anywhere else w_2 > 1e-7 puts the
    # last two ahead of it by more than the tie band (0.1 w_2 > 1e-8): rank 3 or 4.
    system = IndexSystem(
        pillars=(Pillar(id="a", name="A", weight=0.5), Pillar(id="b", name="B", weight=0.5))
    )
    indices = np.array([[0.0, 0.1], [0.1, 0.0], [0.0, 0.2], [0.0, 0.2]])
    edition = idx.Edition(
        system=system, units=("p", "q", "r", "s"), subscores=indices * 0.5, unit_kind="other"
    )
    result = rank_range(edition, WeightSpace.simplex(system))
    assert result.best[0] == 2
    assert idx.rank_totals(indices @ result.best_weights[0])[0] == 2


def test_workers_give_the_same_ranges(edition):
    space = WeightSpace.around(edition.system, 0.1)
    one = rank_range(edition, space)
    two = rank_range(edition, space, workers=2)  # two processes
    mapped = rank_range(edition, space, workers=lambda f, xs: list(map(f, xs)))
    for other in (two, mapped):
        np.testing.assert_array_equal(other.best, one.best)
        np.testing.assert_array_equal(other.worst, one.worst)
        np.testing.assert_array_equal(other.best_weights, one.best_weights)
