from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest
from SALib.analyze.sobol import analyze, separate_output_values

import idx
from idx.sensitivity import sobol
from idx.sensitivity.sobol import design as _design
from idx.space import WeightSpace


def _salib_rows(a, b):
    """SALib's input layout for calc_second_order=False: per base row, A, AB_1..AB_m, B."""
    n, m = a.shape
    blocks = [a]
    for j in range(m):
        mixed = a.copy()
        mixed[:, j] = b[:, j]
        blocks.append(mixed)
    blocks.append(b)
    return np.stack(blocks, axis=1).reshape(n * (m + 2), m)


def _outputs(edition, rows, unit):
    # The model written out independently of idx.sensitivity: renormalise the
    # factors, score, rank with idx.rank_totals (the one tie rule).
    totals = (rows / rows.sum(axis=1, keepdims=True)) @ edition.index_array.T
    return {
        "rank": idx.rank_totals(totals)[:, unit].astype(float),
        "total": totals[:, unit],
    }


def _problem(edition, space):
    bounds = np.column_stack([space.lower, space.upper]).tolist()
    return {"num_vars": len(edition.pillars), "names": list(edition.pillars), "bounds": bounds}


def test_salib_row_layout_is_what_analyze_reads():
    # Feeding the inputs themselves through SALib's own reader must give back A,
    # B and AB_j (A with column j from B), so _salib_rows matches analyze.
    rng = np.random.default_rng(0)
    n, m = 8, 3
    a, b = rng.uniform(size=(n, m)), rng.uniform(size=(n, m))
    rows = _salib_rows(a, b)
    for j in range(m):
        got_a, got_b, got_ab, _ = separate_output_values(rows[:, j], m, n, False)
        np.testing.assert_array_equal(got_a, a[:, j])
        np.testing.assert_array_equal(got_b, b[:, j])
        for k in range(m):
            np.testing.assert_array_equal(got_ab[:, k], b[:, j] if k == j else a[:, j])


@pytest.mark.parametrize("unit_name", ["Hunan", "Beijing", "Hainan"])
def test_point_estimates_equal_salib_analyze(unit_name):
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    n, seed = 512, 21
    result = sobol(edition, space, n, seed=seed, n_bootstrap=20)
    # the same A, B as sobol: its design is the first use of the seeded generator
    a, b = _design(space, n, np.random.default_rng(seed))
    unit = edition.units.index(unit_name)
    problem = _problem(edition, space)
    for output, y in _outputs(edition, _salib_rows(a, b), unit).items():
        assert y.std() > 0
        si = analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
        o = result.outputs.index(output)
        assert not result.constant[o, unit]
        np.testing.assert_allclose(result.first[o, unit], si["S1"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(result.total[o, unit], si["ST"], rtol=0, atol=1e-12)


def test_constant_rank_is_zero_like_salib_analyze():
    # Shanghai is 5th in every run under +/-25%: analyze's Y.std() is 0, its
    # standardised Y is NaN, and its estimators fall back to 0 (with a warning).
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    result = sobol(edition, space, 64, seed=3, n_bootstrap=10, outputs=("rank",))
    a, b = _design(space, 64, np.random.default_rng(3))
    shanghai = edition.units.index("Shanghai")
    y = _outputs(edition, _salib_rows(a, b), shanghai)["rank"]
    assert (y == 5).all()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        si = analyze(_problem(edition, space), y, calc_second_order=False, num_resamples=10)
    assert (si["S1"] == 0).all() and (si["ST"] == 0).all()
    assert result.constant[0, shanghai]
    assert (result.first[0, shanghai] == 0).all() and (result.total[0, shanghai] == 0).all()
    assert (result.first_low[0, shanghai] == 0).all()


def test_total_constant_up_to_rounding_gets_zero_not_noise():
    # A unit with the same index c on every pillar has total sum_j w_j c = c for
    # every weight vector: its total varies only by rounding, so its indices are 0
    # (standardising the rounding noise, as analyze would, gives arbitrary values).
    system = idx.IndexSystem.from_weights({"a": 0.2, "b": 0.3, "c": 0.5})
    rng = np.random.default_rng(5)
    indices = np.vstack([np.full(3, 37.3), rng.uniform(10, 60, size=(5, 3))])
    e = idx.Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(6)),
        subscores=indices * system.weights,
        unit_kind="other",
    )
    space = WeightSpace.around(system, 0.5, mode="factors")
    result = sobol(e, space, 256, seed=6, n_bootstrap=20)
    a, b = _design(space, 256, np.random.default_rng(6))
    y = _outputs(e, _salib_rows(a, b), 0)["total"]
    assert 0 < y.std() < 1e-12  # rounding noise, not a real variation
    noise = analyze(_problem(e, space), y, calc_second_order=False, num_resamples=10, seed=1)
    assert np.abs(noise["ST"]).max() > 0.1  # analyze standardises the noise: documented difference
    total = result.outputs.index("total")
    assert result.constant[total, 0] and not result.constant[total, 1:].any()
    assert (result.first[total, 0] == 0).all() and (result.total[total, 0] == 0).all()
    assert (result.first_low[total, 0] == 0).all() and (result.total_high[total, 0] == 0).all()


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


def test_chunked_evaluation_equals_the_whole_sample_pipeline(monkeypatch):
    # sobol() streams its design in chunks of rows; the public pieces (evaluate,
    # standardise, resampled) work on the whole sample at once. On the same design and
    # the same bootstrap counts they must agree, estimates and intervals alike.
    module = importlib.import_module("idx.sensitivity.sobol")

    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    monkeypatch.setattr(module, "_sobol_rows", lambda units, m: 64)  # 8 chunks of 64
    result = sobol(edition, space, 512, seed=3, n_bootstrap=40)
    rng = np.random.default_rng(3)
    a, b = _design(space, 512, rng)
    counts = rng.multinomial(512, np.full(512, 1 / 512), size=40).astype(float)
    for o, output in enumerate(result.outputs):
        y = module.standardise(module.evaluate(edition, a, b, output))
        np.testing.assert_allclose(result.first[o], module.first_order(y), atol=1e-12)
        np.testing.assert_allclose(result.total[o], module.total_order(y), atol=1e-12)
        boot_first, boot_total = module.resampled(y, counts)
        low, high = np.quantile(boot_total, [0.025, 0.975], axis=0)
        np.testing.assert_allclose(result.total_low[o], low, atol=1e-12)
        np.testing.assert_allclose(result.total_high[o], high, atol=1e-12)
        low, high = np.quantile(boot_first, [0.025, 0.975], axis=0)
        np.testing.assert_allclose(result.first_low[o], low, atol=1e-12)


def test_workers_progress_and_seed(monkeypatch):
    module = importlib.import_module("idx.sensitivity.sobol")

    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    monkeypatch.setattr(module, "_sobol_rows", lambda units, m: 128)
    seen = []
    one = sobol(
        edition, space, 512, seed=9, n_bootstrap=20, progress=lambda d, t: seen.append((d, t))
    )
    two = sobol(edition, space, 512, seed=9, n_bootstrap=20, workers=2)
    assert seen == [(128, 512), (256, 512), (384, 512), (512, 512)]
    assert one.seed == 9
    for name in ("first", "total", "first_low", "total_high"):
        np.testing.assert_array_equal(getattr(two, name), getattr(one, name))


def test_a_design_too_large_is_refused_before_any_work():
    edition = idx.load_2017()
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    # 2**24 rows x (4 x 6 x 8 + 500) bytes = 2**24 x 692 bytes = 10.8 GiB
    with pytest.raises(
        idx.IdxError, match=r"n = 16,777,216 and 500 bootstrap resamples would hold 10.8 GiB"
    ):
        sobol(edition, space, 2**24)
