from __future__ import annotations

import numpy as np
import pytest
from SALib.analyze.sobol import first_order, total_order
from scipy.stats import qmc

import idx
from idx.sensitivity import sobol
from idx.space import WeightSpace


def _salib_on_the_same_samples(edition, space, n, seed, unit):
    # Rebuild the documented design independently: scrambled Sobol A|B, AB_j.
    rng = np.random.default_rng(seed)
    m = space.n_pillars
    base = qmc.Sobol(d=2 * m, scramble=True, seed=rng).random(n)
    a = space.lower + base[:, :m] * (space.upper - space.lower)
    b = space.lower + base[:, m:] * (space.upper - space.lower)

    def rank(f):
        w = f / f.sum(axis=1, keepdims=True)
        return idx.rank_totals(w @ edition.index_array.T)[:, unit].astype(float)

    y_a, y_b = rank(a), rank(b)
    y_ab = np.empty((n, m))
    for j in range(m):
        mixed = a.copy()
        mixed[:, j] = b[:, j]
        y_ab[:, j] = rank(mixed)
    centre = np.r_[y_a, y_b].mean()
    y_a, y_b, y_ab = y_a - centre, y_b - centre, y_ab - centre
    # SALib's estimators, called per parameter as SALib.analyze.sobol.analyze does
    first = np.array([first_order(y_a, y_ab[:, j], y_b) for j in range(m)])
    total = np.array([total_order(y_a, y_ab[:, j], y_b) for j in range(m)])
    return first, total


@pytest.mark.parametrize("unit_name", ["Hunan", "Beijing"])
def test_agrees_with_salib_estimators(unit_name):
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    result = sobol(edition, space, 512, seed=21, n_bootstrap=20, outputs=("rank",))
    unit = edition.units.index(unit_name)
    s1, st = _salib_on_the_same_samples(edition, space, 512, 21, unit)
    np.testing.assert_allclose(result.first[0, unit], s1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.total[0, unit], st, rtol=0, atol=1e-12)


def test_a_pillar_that_cannot_reorder_has_zero_rank_indices():
    # Pillar c is identical for every unit: it shifts all totals alike (after
    # renormalisation it scales the others), so it never changes a rank.
    system = idx.IndexSystem.from_weights({"a": 0.3, "b": 0.3, "c": 0.4})
    rng = np.random.default_rng(0)
    ab = rng.uniform(0, 30, size=(8, 2))
    subscores = np.column_stack([ab, np.full(8, 20.0)])
    e = idx.Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(8)),
        subscores=subscores,
        unit_kind="other",
    )
    result = sobol(e, WeightSpace.around(system, 0.5, mode="factors"), 1024, seed=1, n_bootstrap=50)
    rank = result.outputs.index("rank")
    varying = ~result.constant[rank]
    assert varying.any()
    assert np.abs(result.first[rank][varying][:, 2]).max() < 0.02
    assert np.abs(result.total[rank][varying][:, 2]).max() < 0.02


def test_fixed_factor_and_constant_outputs_get_zero_not_nan():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors", fixed=["security"])
    result = sobol(edition, space, 256, seed=2, n_bootstrap=20)
    j = edition.pillars.index("security")
    assert np.all(result.first[:, :, j] == 0) and np.all(result.total[:, :, j] == 0)
    assert not np.isnan(result.first).any() and not np.isnan(result.total_low).any()
    # Shanghai (5th) and Fujian (6th) never move under +/-25%
    rank = result.outputs.index("rank")
    shanghai = edition.units.index("Shanghai")
    assert result.constant[rank, shanghai]
    assert (result.first[rank, shanghai] == 0).all()
    frame = result.to_frame()
    assert (
        frame.loc[(frame.unit == "Shanghai") & (frame.output == "rank"), "note"]
        .str.contains("constant")
        .all()
    )


def test_intervals_bracket_estimates_and_same_seed_same_output():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    a = sobol(edition, space, 256, seed=4, n_bootstrap=50)
    b = sobol(edition, space, 256, seed=4, n_bootstrap=50)
    np.testing.assert_array_equal(a.first, b.first)
    np.testing.assert_array_equal(a.total_high, b.total_high)
    assert (a.total_low <= a.total_high).all()


def test_errors():
    edition = idx.load_2017()
    with pytest.raises(idx.SpaceError, match="sobol needs independent inputs"):
        sobol(edition, WeightSpace.around(edition.system, 0.25), 64)
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    with pytest.raises(idx.IdxError, match=r"'n' must be an integer >= 2 \(got 0\)"):
        sobol(edition, space, 0)
    with pytest.raises(idx.IdxError, match="'outputs' must be drawn from rank, total"):
        sobol(edition, space, 64, outputs=("score",))
    with pytest.raises(idx.IdxError, match=r"'confidence' must be in \(0, 1\)"):
        sobol(edition, space, 64, confidence=1.5)
