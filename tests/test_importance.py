"""idx.sensitivity.importance against a direct pandas computation, SALib and a bootstrap
written out here."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from SALib.analyze.sobol import analyze

import idx
from idx.sensitivity import importance
from idx.sensitivity.sobol import design
from idx.space import WeightSpace
from test_sobol import _problem, _salib_rows


def _pandas_ranks(df: pd.DataFrame, w: pd.Series) -> pd.Series:
    # totals rounded to 9 decimals so that float noise cannot split a tie (Shaanxi and
    # Hunan sum to 28.07 both); competition ranks, 1 for the highest
    return (df @ w).round(9).rank(method="min", ascending=False)


@pytest.fixture(scope="module")
def result(edition):
    return importance(edition, 0.25, shift=0.25, n=512, seed=2017, n_bootstrap=100)


def test_leave_one_out_and_plus_minus_against_pandas(edition, result):
    df = edition.index_frame()
    w = pd.Series(edition.system.weights, index=edition.pillars)
    base = _pandas_ranks(df, w)
    for j, pillar in enumerate(edition.pillars):
        dropped = w.copy()
        dropped[pillar] = 0.0
        shift = (_pandas_ranks(df, dropped / dropped.sum()) - base).abs()
        assert result.loo_mean_abs_shift[j] == pytest.approx(shift.mean(), abs=1e-12)
        assert result.loo_share_moved[j] == pytest.approx((shift > 0).mean(), abs=1e-12)
        moved = []
        for factor, got in ((1.25, result.up_mean_abs_shift), (0.75, result.down_mean_abs_shift)):
            f = pd.Series(1.0, index=edition.pillars)
            f[pillar] = factor
            scaled = w * f
            s = (_pandas_ranks(df, scaled / scaled.sum()) - base).abs()
            assert got[j] == pytest.approx(s.mean(), abs=1e-12)
            moved.append(s > 0)
        assert result.pm_share_moved[j] == pytest.approx((moved[0] | moved[1]).mean(), abs=1e-12)
    np.testing.assert_allclose(
        result.pm_mean_abs_shift, (result.up_mean_abs_shift + result.down_mean_abs_shift) / 2
    )


def test_leave_one_out_agrees_with_idx_leave_one_out(edition, result):
    loo = idx.leave_one_out(edition)
    np.testing.assert_allclose(result.loo_mean_abs_shift, np.abs(loo.shifts).mean(axis=0))


def test_mean_total_index_equals_salib_averaged_over_units(edition, result):
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    a, b = design(space, 512, np.random.default_rng(2017))
    rows = _salib_rows(a, b)
    ranks = idx.rank_totals((rows / rows.sum(axis=1, keepdims=True)) @ edition.index_array.T)
    totals = []
    for unit in range(edition.n_units):
        with warnings.catch_warnings():  # units whose rank never moves (SALib warns, gives 0)
            warnings.simplefilter("ignore", RuntimeWarning)
            si = analyze(
                _problem(edition, space), ranks[:, unit].astype(float),
                calc_second_order=False, num_resamples=2, seed=1,
            )  # fmt: skip
        totals.append(si["ST"])
    np.testing.assert_allclose(result.sobol_total_mean, np.mean(totals, axis=0), atol=1e-12)
    # and the same as idx.sobol with the same seed
    same = idx.sobol(edition, space, 512, seed=2017, n_bootstrap=5, outputs=("rank",))
    np.testing.assert_allclose(result.sobol_total_mean, same.total[0].mean(axis=0), atol=1e-12)


def test_interval_is_a_bootstrap_of_the_mean(edition, result):
    # Written out: resample the base rows with the counts the seeded generator draws
    # after the design, recompute Jansen's total index of every unit's rank on each
    # resample (variance of A and B stacked), average over units, take percentiles.
    space = WeightSpace.around(edition.system, 0.25, mode="factors")
    rng = np.random.default_rng(2017)
    a, b = design(space, 512, rng)
    counts = rng.multinomial(512, np.full(512, 1 / 512), size=100)
    x = edition.index_array

    def ranks(f):
        return idx.rank_totals((f / f.sum(axis=1, keepdims=True)) @ x.T).astype(float)

    ya, yb = ranks(a), ranks(b)
    yab = []
    for j in range(6):
        mixed = a.copy()
        mixed[:, j] = b[:, j]
        yab.append(ranks(mixed))
    means = []
    for c in counts:
        rows = np.repeat(np.arange(512), c)
        stacked = np.concatenate([ya[rows], yb[rows]])
        var = stacked.var(axis=0)
        st = np.zeros((edition.n_units, 6))
        for j in range(6):
            num = 0.5 * ((ya[rows] - yab[j][rows]) ** 2).mean(axis=0)
            st[:, j] = np.where(var > 0, num / np.where(var > 0, var, 1), 0.0)
        means.append(st.mean(axis=0))
    low, high = np.quantile(np.array(means), [0.025, 0.975], axis=0)
    np.testing.assert_allclose(result.sobol_total_interval.low, low, atol=1e-9)
    np.testing.assert_allclose(result.sobol_total_interval.high, high, atol=1e-9)
    assert (low <= result.sobol_total_mean).all() and (result.sobol_total_mean <= high).all()


def test_application_matters_most_in_2017(result):
    assert result.most_important == {
        "leave_one_out": "application",
        "plus_minus": "application",
        "sobol_total": "application",
    }
    frame = result.to_frame()
    assert list(frame["pillar"]) == list(result.pillars) and len(frame) == 6
    assert result.seed == 2017 and result.n == 512


def test_seed_recorded_and_reproducible(edition):
    first = importance(edition, 0.25, n=64, n_bootstrap=10)
    again = importance(edition, 0.25, n=64, n_bootstrap=10, seed=first.seed)
    np.testing.assert_array_equal(first.sobol_total_interval.low, again.sobol_total_interval.low)


def test_bad_input(edition):
    simplex = WeightSpace.around(edition.system, 0.25)
    with pytest.raises(idx.SpaceError, match="needs a 'factors' space"):
        importance(edition, simplex)
    with pytest.raises(idx.IdxError, match=r"'shift' must be in \(0, 1\] \(got 1.5\)"):
        importance(edition, shift=1.5)
    with pytest.raises(idx.IdxError, match=r"'n' must be an integer >= 2 \(got 1\)"):
        importance(edition, n=1)
    with pytest.raises(idx.SpaceError, match=r"'space' must be finite and > 0 \(got -0.1\)"):
        importance(edition, -0.1)


def test_a_generator_seed_is_recorded_as_the_integer_it_gave(edition):
    first = idx.importance(edition, 0.25, n=64, seed=np.random.default_rng(5), n_bootstrap=10)
    assert isinstance(first.seed, int)
    again = idx.importance(edition, 0.25, n=64, seed=first.seed, n_bootstrap=10)
    np.testing.assert_array_equal(first.sobol_total_mean, again.sobol_total_mean)
