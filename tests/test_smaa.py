from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.sensitivity import monte_carlo, smaa
from idx.space import WeightSpace


def test_acceptability_is_the_monte_carlo_rank_distribution():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    result = smaa(edition, space, 20000, seed=3)
    mc = monte_carlo(edition, space, 20000, seed=3)
    np.testing.assert_allclose(result.acceptability, mc.counts / 20000)
    assert np.allclose(result.acceptability.sum(axis=1), 1.0)
    se = result.acceptability_se
    b = result.acceptability
    np.testing.assert_allclose(se, np.sqrt(b * (1 - b) / 20000))


def test_central_weights_by_hand():
    # Two units, two pillars, weights (t, 1 - t) uniform: x = (100, 0) wins iff
    # 100 t > 100 (1 - t), i.e. t > 1/2; its central weight is E[t | t > 1/2] = 3/4.
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    e = idx.Edition(
        system=system, units=("x", "y"), subscores=[[50, 0], [0, 50]], unit_kind="other"
    )
    result = smaa(e, WeightSpace.simplex(system), 40000, seed=1)
    assert result.acceptability[0, 0] == pytest.approx(
        0.5, abs=4 * result.acceptability_se[0, 0] + 1e-3
    )
    central = result.central_weights[0]
    assert central[0] == pytest.approx(0.75, abs=5 * result.central_weights_se[0, 0])
    # sd of t on (1/2, 1) is 1/(2 sqrt 12); SE = sd / sqrt(wins)
    wins = result.acceptability[0, 0] * 40000
    assert result.central_weights_se[0, 0] == pytest.approx(
        1 / (2 * np.sqrt(12)) / np.sqrt(wins), rel=0.05
    )
    assert result.confidence.tolist() == [1.0, 1.0]


def test_never_first_gets_nan_central_weights_and_frame():
    edition = idx.load_2017()
    result = smaa(edition, WeightSpace.around(edition.system, 0.1), 2000, seed=1)
    gansu = edition.units.index("Gansu")
    assert np.isnan(result.central_weights[gansu]).all() and np.isnan(result.confidence[gansu])
    frame = result.to_frame()
    assert {"b1", "b1_se", "holistic", "confidence"} <= set(frame.columns)
    assert len(result.acceptability_frame()) == 31 * 31


def test_same_seed_same_output():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    a = smaa(edition, space, 3000, seed=5)
    b = smaa(edition, space, 3000, seed=5)
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    np.testing.assert_array_equal(a.central_weights, b.central_weights)


def test_workers_progress_and_seed():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    seen = []
    one = smaa(edition, space, 9000, seed=6, chunk_size=2000, progress=lambda d, t: seen.append(d))
    two = smaa(edition, space, 9000, seed=6, chunk_size=2000, workers=2)
    assert seen == [2000, 4000, 6000, 8000, 9000]
    assert one.seed == 6
    np.testing.assert_array_equal(two.acceptability, one.acceptability)
    # the rank-1 sums are added chunk by chunk in chunk order: the same bits
    np.testing.assert_array_equal(two.central_weights, one.central_weights)
    np.testing.assert_array_equal(two.central_weights_se, one.central_weights_se)


def test_central_weights_equal_a_run_that_keeps_every_scenario():
    # Independent: draw the same weights (chunk i from child i of SeedSequence(8)), rank
    # each scenario with rank_totals and average the weights where each unit is first.
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25)
    result = smaa(edition, space, 5000, seed=8, chunk_size=2500)
    children = np.random.SeedSequence(8).spawn(2)
    from idx.sensitivity import sample_weights

    w = np.vstack([sample_weights(space, 2500, seed=np.random.default_rng(c)) for c in children])
    first = idx.rank_totals(w @ edition.index_array.T) == 1
    for i in np.flatnonzero(first.any(axis=0)):
        np.testing.assert_allclose(
            result.central_weights[i], w[first[:, i]].mean(axis=0), rtol=1e-12
        )
