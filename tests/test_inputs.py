"""Sampled analyses over more than the weights (idx.sensitivity.inputs and its users).

Known answers come from the weights-only runs (which must not change), from the
printed figures and their precision, from derivations written out here, from
:func:`idx.aggregate` and :func:`idx.rank_totals` applied scenario by scenario, and
from SALib's ``analyze`` with factor groups.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from SALib.analyze.sobol import analyze

import idx
from idx.errors import UncertaintyError
from idx.sensitivity import monte_carlo, scenario_totals, sobol
from idx.sensitivity.inputs import aggregate_scenarios, bind
from idx.sensitivity.sobol import design
from idx.uncertainty import AggregationChoice, Noise, Uncertainty

# printed sub-scores carry 2 decimals: each lies within half a unit of the last digit
HALF = 0.005


@pytest.fixture(scope="module")
def factors(edition: idx.Edition) -> idx.WeightSpace:
    return idx.WeightSpace.around(edition.system, 0.25, mode="factors")


@pytest.fixture(scope="module")
def simplex(edition: idx.Edition) -> idx.WeightSpace:
    return idx.WeightSpace.around(edition.system, 0.25)


def _mid_edition(values: np.ndarray, weights: dict[str, float]) -> idx.Edition:
    """An edition of 'other' units from pillar indices (exact figures)."""
    system = idx.IndexSystem.from_weights(weights)
    units = tuple(f"u{i}" for i in range(values.shape[0]))
    return idx.Edition(system, units, values * system.weights, unit_kind="other")


# --- weights alone: exactly today's results ------------------------------------------


@pytest.mark.parametrize("which", ["simplex", "factors"])
def test_weights_alone_give_exactly_the_space_results(edition, which, request):
    space = request.getfixturevalue(which)
    plain = monte_carlo(edition, space, 5000, seed=11)
    described = monte_carlo(edition, Uncertainty(weights=space), 5000, seed=11)
    np.testing.assert_array_equal(plain.counts, described.counts)
    assert (plain.sampler, plain.seed, plain.inputs) == (
        described.sampler,
        described.seed,
        described.inputs,
    )


def test_weights_alone_give_exactly_the_space_sobol_indices(edition, factors):
    plain = sobol(edition, factors, 256, seed=5, n_bootstrap=30)
    described = sobol(edition, Uncertainty(weights=factors), 256, seed=5, n_bootstrap=30)
    assert described.factors == plain.factors == edition.pillars
    for name in ("first", "total", "constant", "base_ranks"):
        np.testing.assert_array_equal(getattr(plain, name), getattr(described, name))
    np.testing.assert_array_equal(plain.total_interval.low, described.total_interval.low)
    np.testing.assert_array_equal(plain.first_interval.high, described.first_interval.high)


def test_scenario_totals_of_a_space_score_the_monte_carlo_weights(edition, simplex):
    # the same draws: ranking each row with rank_totals and counting gives the counts
    totals = scenario_totals(edition, simplex, 3000, seed=4)
    counts = _counts(totals)
    np.testing.assert_array_equal(counts, monte_carlo(edition, simplex, 3000, seed=4).counts)


def _counts(totals: np.ndarray) -> np.ndarray:
    """Counts c[i, r-1] written out with idx.rank_totals, the one tie rule."""
    ranks = idx.rank_totals(totals)
    n = totals.shape[1]
    counts = np.zeros((n, n), dtype=np.int64)
    np.add.at(counts, (np.tile(np.arange(n), len(ranks)), ranks.ravel() - 1), 1)
    return counts


# --- rounding ---------------------------------------------------------------------------


def test_rounding_only_totals_stay_within_the_bounds_verify_derives(edition):
    totals = scenario_totals(edition, Uncertainty(rounding=True), 4000, seed=8)
    m = len(edition.pillars)
    recomputed = edition.subscores.sum(axis=1)
    # each of the m sub-scores is within HALF of its printed value
    low, high = recomputed - m * HALF, recomputed + m * HALF
    assert (totals >= low - 1e-9).all() and (totals <= high + 1e-9).all()
    # verify's bounds intersect these with the printed totals: they lie inside them
    check = idx.verify(edition)
    assert check.decimals == 2
    assert (check.lower >= low - 1e-9).all() and (check.upper <= high + 1e-9).all()
    # and the draws fill the interval: the spread of a sum of m uniforms is visible
    assert (totals.max(axis=0) - totals.min(axis=0) > 2 * HALF).all()


def test_rounding_makes_shaanxi_and_hunan_a_coin_toss_and_fixes_every_other_rank(edition):
    # Derivation: Shaanxi's and Hunan's printed sub-scores both sum to 28.07; each
    # true sub-score is its printed value plus an independent uniform on
    # [-0.005, 0.005) (none is within 0.005 of 0 or of its maximum, so none is cut).
    # The difference of their totals is symmetric about 0 and continuous, so each is
    # ahead with probability 1/2. Every other unit's rank is fixed when its interval
    # [sum - 0.03, sum + 0.03] overlaps no other unit's.
    weights = edition.system.weights
    assert (edition.subscores > HALF).all() and (edition.subscores < 100 * weights - HALF).all()
    n = 40_000
    result = monte_carlo(edition, Uncertainty(rounding=True), n, seed=2017)
    shaanxi, hunan = edition.unit_position("Shaanxi"), edition.unit_position("Hunan")
    share = result.counts[shaanxi, 12] / n  # Shaanxi 13th: ahead of Hunan
    assert abs(share - 0.5) < 5 * 0.5 / np.sqrt(n)
    np.testing.assert_array_equal(
        result.counts[shaanxi] + result.counts[hunan] > 0, np.isin(np.arange(31), [12, 13])
    )
    sums = edition.subscores.sum(axis=1)
    m = len(edition.pillars)
    for i, unit in enumerate(edition.units):
        overlaps = np.abs(sums - sums[i]) < 2 * m * HALF
        if overlaps.sum() == 1:  # only itself
            rank = 1 + int((sums > sums[i]).sum())
            assert result.counts[i, rank - 1] == n, unit
    assert result.inputs == ("rounding",) and result.sampler == "none"


def test_rounding_draws_stay_in_the_valid_range_and_fill_a_cut_interval():
    # A printed 0.00 means a true sub-score in [0, 0.005); a printed maximum 20.00 on a
    # pillar of weight 0.2 one in (19.995, 20]. Draws stay inside, uniformly.
    system = idx.IndexSystem.from_weights({"a": 0.2, "b": 0.8})
    e = idx.Edition(system, ("x", "y"), [[0.0, 40.0], [20.0, 10.0]], unit_kind="other", decimals=2)
    model = bind(e, Uncertainty(rounding=True))
    u = np.random.default_rng(0).random((20_000, 2, 2))
    x = model.indices(20_000, {"rounding": u})
    sub = x * system.weights
    assert sub[:, 0, 0].min() >= 0 and sub[:, 0, 0].max() < HALF
    assert sub[:, 1, 0].max() <= 20.0 and sub[:, 1, 0].min() > 20.0 - HALF
    # uniform on [0, 0.005): mean 0.0025
    assert abs(sub[:, 0, 0].mean() - HALF / 2) < 5 * HALF / np.sqrt(12 * 20_000)


def test_rounding_needs_the_printed_precision():
    system = idx.IndexSystem.from_weights({"a": 0.5, "b": 0.5})
    exact = idx.Edition(system, ("x", "y"), [[10.0, 20.0], [20.0, 10.0]], unit_kind="other")
    with pytest.raises(
        UncertaintyError,
        match=r"'rounding' needs the precision of the printed figures, and this edition's is unknown \('decimals' is None\)",
    ):
        monte_carlo(exact, Uncertainty(rounding=True), 10, seed=1)
    with pytest.raises(UncertaintyError, match="'decimals' is None"):
        sobol(exact, Uncertainty(rounding=True), 8, seed=1)


# --- noise ------------------------------------------------------------------------------


def test_absolute_uniform_noise_on_one_pillar_moves_totals_by_at_most_its_weight_times_size():
    # indices far from 0 and 100, so nothing is clipped: total - base = w_b * e with
    # e uniform on [-3, 3]: |shift| <= 0.6 * 3, variance (0.6 * 3)^2 / 3
    x = np.array([[40.0, 50.0], [60.0, 45.0], [55.0, 55.0]])
    e = _mid_edition(x, {"a": 0.4, "b": 0.6})
    n = 20_000
    totals = scenario_totals(e, Uncertainty(noise=Noise({"b": 3.0})), n, seed=3)
    shift = totals - x @ np.array([0.4, 0.6])
    assert np.abs(shift).max() <= 0.6 * 3.0 + 1e-12
    assert np.abs(shift).max() > 0.6 * 3.0 * 0.99
    np.testing.assert_allclose(shift.var(axis=0), (0.6 * 3.0) ** 2 / 3, rtol=0.05)
    assert abs(np.corrcoef(shift[:, 0], shift[:, 1])[0, 1]) < 0.05  # drawn per unit


def test_normal_and_relative_noise_have_the_stated_spread():
    x = np.array([[40.0, 50.0], [60.0, 45.0]])
    e = _mid_edition(x, {"a": 0.5, "b": 0.5})
    n = 20_000
    normal = scenario_totals(e, Uncertainty(noise=Noise(2.0, distribution="normal")), n, seed=1)
    # two independent N(0, 2) shocks weighted 0.5: sd sqrt(2 * 0.25 * 4) = sqrt(2)
    np.testing.assert_allclose((normal - x @ [0.5, 0.5]).std(axis=0), np.sqrt(2.0), rtol=0.03)
    relative = scenario_totals(e, Uncertainty(noise=Noise(0.1, kind="relative")), n, seed=1)
    # x (1 + e), e uniform on [-0.1, 0.1]: shift 0.5 * (x_a e_a + x_b e_b)
    bound = 0.5 * 0.1 * x.sum(axis=1)
    assert (np.abs(relative - x @ [0.5, 0.5]) <= bound + 1e-12).all()
    expected_sd = np.sqrt(0.25 * (x**2).sum(axis=1) * 0.1**2 / 3)
    np.testing.assert_allclose((relative - x @ [0.5, 0.5]).std(axis=0), expected_sd, rtol=0.03)


def test_noise_is_clipped_to_the_valid_range_of_an_index():
    x = np.array([[0.0, 100.0], [50.0, 50.0]])
    e = _mid_edition(x, {"a": 0.5, "b": 0.5})
    for kind in ("absolute", "relative"):
        model = bind(e, Uncertainty(noise=Noise(30.0, kind=kind, distribution="normal")))
        # design rows as Sobol gives them: uniforms, here with the quantile function's
        # ends 0 and 1 (-inf and +inf) among them
        rows = np.random.default_rng(1).random((5000, 4))
        rows[0, 0], rows[1, 1], rows[2, 0] = 0.0, 1.0, 1.0
        weights, draws = model.split(rows)
        drawn = model.indices(5000, draws)
        assert np.isfinite(drawn).all()
        assert drawn.min() == 0.0 and drawn.max() == 100.0
        np.testing.assert_array_equal(weights, np.broadcast_to([0.5, 0.5], (5000, 2)))


def test_drawn_and_designed_noise_have_the_same_distribution():
    # Monte Carlo draws the shocks directly, Sobol through the quantile function of
    # uniforms: the two samples must come from one distribution (two-sample KS test)
    from scipy.stats import ks_2samp

    x = np.array([[50.0, 50.0]])
    e = _mid_edition(x, {"a": 0.5, "b": 0.5})
    for distribution in ("uniform", "normal"):
        model = bind(e, Uncertainty(noise=Noise(5.0, distribution=distribution)))
        direct = model.indices(4000, model.draw(4000, np.random.default_rng(1)))[:, 0, 0]
        designed = model.indices(4000, model.split(np.random.default_rng(2).random((4000, 2)))[1])
        assert ks_2samp(direct, designed[:, 0, 0]).pvalue > 0.001


# --- aggregation ------------------------------------------------------------------------


def test_every_scenario_is_one_aggregation_rule_applied_by_aggregate(edition):
    choices = {"arithmetic": 0.5, "geometric": 0.3, "power:2": 0.2}
    n = 3000
    totals = scenario_totals(edition, Uncertainty(aggregation=choices), n, seed=6)
    x, w = edition.index_array, edition.system.weights
    rules = [
        idx.aggregate(x, w, "arithmetic"),
        idx.aggregate(x, w, "geometric"),
        idx.aggregate(x, w, "power", power=2.0),
    ]
    which = np.full(n, -1)
    for k, expected in enumerate(rules):
        match = np.isclose(totals, expected, rtol=1e-12, atol=1e-12).all(axis=1)
        assert not (match & (which >= 0)).any()
        which[match] = k
    assert (which >= 0).all()
    shares = np.bincount(which, minlength=3) / n
    for share, p in zip(shares, choices.values(), strict=True):
        assert abs(share - p) < 5 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize(
    "choice",
    [
        AggregationChoice("arithmetic"),
        AggregationChoice("geometric"),
        AggregationChoice("power", 2.0),
        AggregationChoice("power", -1.0),
        AggregationChoice("power", 0.5),
        AggregationChoice("power", 1.0),
        AggregationChoice("power", 0.0),
    ],
)
def test_scenario_aggregation_equals_aggregate_row_by_row(choice):
    rng = np.random.default_rng(9)
    x = rng.uniform(0, 100, size=(12, 7, 4))
    x[0, 0, 1] = 0.0  # a zero index on a weighted pillar
    x[1, 2, 3] = 0.0  # and on an unweighted one
    w = rng.dirichlet(np.ones(4), size=12)
    w[1, 3] = 0.0
    w[1] /= w[1].sum()
    got = aggregate_scenarios(x, w, choice)
    shared = aggregate_scenarios(x[0], w, choice)  # one (n, m) matrix for every scenario
    for s in range(12):
        np.testing.assert_allclose(
            got[s],
            idx.aggregate(x[s], w[s], choice.aggregation, choice.power),
            rtol=1e-12,
            atol=1e-12,
        )
        np.testing.assert_allclose(
            shared[s],
            idx.aggregate(x[0], w[s], choice.aggregation, choice.power),
            rtol=1e-12,
            atol=1e-12,
        )


# --- everything together ------------------------------------------------------------------


def _everything(space: idx.WeightSpace) -> Uncertainty:
    return Uncertainty(
        weights=space,
        rounding=True,
        noise=Noise({"application": 1.0, "security": 0.02}, kind="absolute", distribution="normal"),
        aggregation={"arithmetic": 0.6, "geometric": 0.4},
    )


def test_counts_are_rank_totals_of_the_scenario_totals(edition, simplex):
    spec = _everything(simplex)
    totals = scenario_totals(edition, spec, 5000, seed=12)
    result = monte_carlo(edition, spec, 5000, seed=12)
    np.testing.assert_array_equal(result.counts, _counts(totals))
    assert result.inputs == ("weights", "rounding", "noise", "aggregation")
    assert result.sampler == "uniform"
    # the weights drawn are those of the weights-only run: with the other inputs held
    # (a zero noise, one rule) the totals are those of that run
    assert "varying weights, rounding, noise, aggregation" in repr(result)


def test_same_seed_same_result_for_any_workers_and_chunks_matter(edition, factors):
    spec = _everything(factors)
    one = monte_carlo(edition, spec, 20_000, seed=5, chunk_size=2048)
    two = monte_carlo(edition, spec, 20_000, seed=5, chunk_size=2048, workers=2)
    again = monte_carlo(edition, spec, 20_000, seed=5, chunk_size=2048)
    other = monte_carlo(edition, spec, 20_000, seed=6, chunk_size=2048)
    np.testing.assert_array_equal(one.counts, two.counts)
    np.testing.assert_array_equal(one.counts, again.counts)
    assert not np.array_equal(one.counts, other.counts)
    s1 = sobol(edition, spec, 128, seed=2, n_bootstrap=20)
    s2 = sobol(edition, spec, 128, seed=2, n_bootstrap=20, workers=2)
    np.testing.assert_array_equal(s1.total, s2.total)
    np.testing.assert_array_equal(s1.first_interval.low, s2.first_interval.low)


def test_nothing_the_caller_passed_is_changed(edition, factors):
    spec = _everything(factors)
    before = (edition.subscores.copy(), factors.lower.copy(), spec.describe())
    monte_carlo(edition, spec, 500, seed=1)
    sobol(edition, spec, 16, seed=1, n_bootstrap=5)
    np.testing.assert_array_equal(edition.subscores, before[0])
    np.testing.assert_array_equal(factors.lower, before[1])
    assert spec.describe() == before[2]


# --- Sobol by factor group ----------------------------------------------------------------


def _grouped_rows(a: np.ndarray, b: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """SALib's layout for groups: per base row, A, AB_g for each group, B."""
    n, d = a.shape
    blocks = [a]
    for columns in groups:
        mixed = a.copy()
        mixed[:, columns] = b[:, columns]
        blocks.append(mixed)
    blocks.append(b)
    return np.stack(blocks, axis=1).reshape(n * (len(groups) + 2), d)


def _weights_and_rounding(edition: idx.Edition, rows: np.ndarray) -> np.ndarray:
    """The model written out: factors renormalised; each sub-score printed p is
    max(p - h, 0) + u (min(p + h, max) - max(p - h, 0)); totals; no idx.sensitivity."""
    m, n = len(edition.pillars), edition.n_units
    f = rows[:, :m]
    w = f / f.sum(axis=1, keepdims=True)
    u = rows[:, m:].reshape(len(rows), n, m)
    p = edition.subscores
    top = 100 * edition.system.weights
    low = np.maximum(p - HALF, 0.0)
    sub = low + u * (np.minimum(p + HALF, top) - low)
    index = sub / edition.system.weights
    return np.einsum("sij,sj->si", index, w)


@pytest.mark.parametrize("unit_name", ["Hunan", "Shaanxi", "Hainan"])
def test_group_indices_equal_salib_analyze_with_groups(edition, factors, unit_name):
    spec = Uncertainty(weights=factors, rounding=True)
    n, seed = 256, 31
    result = sobol(edition, spec, n, seed=seed, n_bootstrap=10, group_weights=True)
    assert result.factors == ("weights", "rounding")
    model = bind(edition, spec)
    a, b = design(model, n, np.random.default_rng(seed))
    m = len(edition.pillars)
    d = a.shape[1]
    assert d == m + edition.n_units * m
    groups = [list(range(m)), list(range(m, d))]
    rows = _grouped_rows(a, b, groups)
    totals = _weights_and_rounding(edition, rows)
    unit = edition.unit_position(unit_name)
    problem = {
        "num_vars": d,
        "names": [f"x{k}" for k in range(d)],
        "bounds": [[0.0, 1.0]] * d,
        "groups": ["weights"] * m + ["rounding"] * (d - m),
    }
    outputs = {"rank": idx.rank_totals(totals)[:, unit].astype(float), "total": totals[:, unit]}
    for output, y in outputs.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            si = analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
        o = result.outputs.index(output)
        np.testing.assert_allclose(result.first[o, unit], si["S1"], rtol=0, atol=1e-10)
        np.testing.assert_allclose(result.total[o, unit], si["ST"], rtol=0, atol=1e-10)


def test_per_pillar_weight_factors_then_the_other_groups(edition, factors):
    spec = Uncertainty(weights=factors, rounding=True, aggregation=["arithmetic", "geometric"])
    result = sobol(edition, spec, 64, seed=1, n_bootstrap=5)
    assert result.factors == (*edition.pillars, "rounding", "aggregation")
    assert result.first.shape == (2, 31, 8)
    frame = result.to_frame()
    assert list(frame.columns[:3]) == ["output", "unit", "factor"]
    assert result.pillars == result.factors


def test_rounding_explains_all_of_a_rank_only_rounding_moves(edition):
    # With rounding alone, Hunan's rank (13 or 14) depends on nothing else: one factor,
    # whose first-order and total indices are 1 up to sampling error; Beijing's rank
    # never moves and is reported constant.
    result = sobol(
        edition, Uncertainty(rounding=True), 512, seed=3, n_bootstrap=20, outputs=("rank",)
    )
    hunan, beijing = edition.unit_position("Hunan"), edition.unit_position("Beijing")
    assert result.factors == ("rounding",)
    assert result.total[0, hunan, 0] == pytest.approx(1.0, abs=0.05)
    assert result.first[0, hunan, 0] == pytest.approx(1.0, abs=0.1)
    assert result.constant[0, beijing]


def test_sobol_refuses_dependent_weights_with_other_inputs(edition, simplex):
    with pytest.raises(idx.SpaceError, match="sobol needs independent inputs"):
        sobol(edition, Uncertainty(weights=simplex, rounding=True), 16, seed=1)


def test_a_design_too_large_is_refused_up_front(edition, factors):
    # rounding adds 186 columns: 2**22 base rows would hold about 25 GiB of design
    with pytest.raises(idx.IdxError, match="GiB of design and resample counts"):
        sobol(edition, Uncertainty(weights=factors, rounding=True), 2**22, seed=1)


# --- construction choices -------------------------------------------------------------------


def test_construction_choices_need_an_edition_built_from_raw_indicators(edition):
    for spec, asked in (
        (Uncertainty(normalisation=["minmax", "zscore"]), "normalisation"),
        (Uncertainty(imputation=["pillar_mean"]), "imputation"),
    ):
        with pytest.raises(
            UncertaintyError, match=f"^{asked} choices need an edition built from raw indicators"
        ):
            monte_carlo(edition, spec, 10, seed=1)


def test_each_scenario_is_one_rebuilt_variant_drawn_with_its_probability(built):
    e = built
    spec = Uncertainty(
        normalisation={"minmax": 0.5, "zscore": 0.25, "distance_to_best": 0.25},
        imputation=["indicator_mean", "indicator_median", "pillar_mean"],
    )
    n = 6000
    totals = scenario_totals(e, spec, n, seed=10)
    w = e.system.weights
    variants = {
        (norm, imp): idx.rebuild(e, normalisation=norm, imputation=imp).index_array @ w
        for norm in ("minmax", "zscore", "distance_to_best")
        for imp in ("indicator_mean", "indicator_median", "pillar_mean")
    }
    seen = dict.fromkeys(variants, 0)
    for row in totals:
        matches = [
            key for key, t in variants.items() if np.allclose(row, t, rtol=1e-12, atol=1e-12)
        ]
        assert matches, row
        # variants with equal totals (imputations that agree) count for the first
        seen[matches[0]] += 1
    by_norm = {
        norm: sum(c for (nm, _), c in seen.items() if nm == norm) / n
        for norm in ("minmax", "zscore", "distance_to_best")
    }
    for norm, p in (("minmax", 0.5), ("zscore", 0.25), ("distance_to_best", 0.25)):
        assert abs(by_norm[norm] - p) < 5 * np.sqrt(p * (1 - p) / n)
    result = monte_carlo(e, spec, n, seed=10)
    np.testing.assert_array_equal(result.counts, _counts(totals))
    grouped = sobol(e, spec, 128, seed=1, n_bootstrap=5)
    assert grouped.factors == ("normalisation", "imputation")


def test_construction_choices_that_change_the_units_are_refused(built):
    e = built
    with pytest.raises(
        UncertaintyError, match=r"imputation='drop_unit' changes the units \(5 instead of 6\)"
    ):
        monte_carlo(e, Uncertainty(imputation=["indicator_mean", "drop_unit"]), 10, seed=1)


def test_rounding_does_not_combine_with_rebuilt_indices(built):
    e = built
    with_precision = idx.Edition(
        e.system, e.units, np.round(e.subscores, 2), decimals=2, construction=e.construction
    )
    with pytest.raises(UncertaintyError, match="'rounding' applies to printed figures"):
        monte_carlo(
            with_precision,
            Uncertainty(rounding=True, normalisation=["minmax", "zscore"]),
            10,
            seed=1,
        )


def test_rounding_swaps_close_pairs_as_the_irwin_hall_distribution_says(edition):
    # Derivation: with true sub-score = printed + 0.01 (U - 1/2), U uniform on [0, 1),
    # the difference of two units' totals is d + 0.01 (sum of 12 U - 6) in
    # distribution (the 6 offsets of one unit minus the 6 of the other is again a sum
    # of 12, by symmetry). The lower unit gets ahead when that is < 0, i.e. when
    # the sum of 12 uniforms (Irwin-Hall, n = 12) is below 6 - 100 d. Jilin's and
    # Gansu's sub-scores sum to 22.29 and 22.28 (d = 0.01): P = F(5); Inner Mongolia's
    # and Ningxia's to 24.39 and 24.37 (d = 0.02): P = F(4). No other unit is near.
    from math import comb, factorial

    def irwin_hall(x: float, n: int = 12) -> float:
        return sum((-1) ** k * comb(n, k) * (x - k) ** n for k in range(int(x) + 1)) / factorial(n)

    n = 200_000
    result = monte_carlo(edition, Uncertainty(rounding=True), n, seed=9)
    sums = edition.subscores.sum(axis=1)
    for upper, lower in (("Jilin", "Gansu"), ("Inner Mongolia", "Ningxia")):
        i, j = edition.unit_position(upper), edition.unit_position(lower)
        d = round(sums[i] - sums[j], 2)
        expected = irwin_hall(6 - 100 * d)
        rank_upper = 1 + int((sums > sums[i] + 0.06).sum())
        behind = result.counts[i, rank_upper] / n  # the upper unit one place down
        assert abs(behind - expected) < 5 * np.sqrt(expected * (1 - expected) / n)
    assert irwin_hall(5) == pytest.approx(0.16073, abs=1e-5)


def test_grouped_chunks_equal_the_whole_sample_pipeline(edition, factors, monkeypatch):
    # the public pieces (design, evaluate with inputs, standardise, first_order,
    # total_order, resampled) on the whole sample agree with sobol's streamed chunks
    import importlib

    module = importlib.import_module("idx.sensitivity.sobol")
    spec = Uncertainty(weights=factors, rounding=True, aggregation=["arithmetic", "geometric"])
    monkeypatch.setattr(module, "_sobol_rows", lambda units, m: 64)  # 4 chunks of 64
    result = sobol(edition, spec, 256, seed=4, n_bootstrap=30, group_weights=True)
    rng = np.random.default_rng(4)
    a, b = design(bind(edition, spec), 256, rng)
    counts = rng.multinomial(256, np.full(256, 1 / 256), size=30).astype(float)
    for o, output in enumerate(result.outputs):
        y = module.standardise(
            module.evaluate(edition, a, b, output, inputs=spec, group_weights=True)
        )
        assert y.ab.shape[0] == len(result.factors) == 3
        np.testing.assert_allclose(result.first[o], module.first_order(y), atol=1e-12)
        np.testing.assert_allclose(result.total[o], module.total_order(y), atol=1e-12)
        low, high = np.quantile(module.resampled(y, counts)[1], [0.025, 0.975], axis=0)
        np.testing.assert_allclose(result.total_low[o], low, atol=1e-12)
        np.testing.assert_allclose(result.total_high[o], high, atol=1e-12)


def test_anything_but_a_space_or_a_description_is_refused(edition):
    for call in (
        lambda: monte_carlo(edition, [0.5, 0.5], 10, seed=1),
        lambda: scenario_totals(edition, "weights", 10, seed=1),
        lambda: sobol(edition, 0.25, 8, seed=1),
    ):
        with pytest.raises(
            UncertaintyError,
            match=r"^'space' must be an idx.WeightSpace or an idx.Uncertainty \(got (list|str|float)\)$",
        ):
            call()


def test_methods_of_the_weights_alone_refuse_a_description_and_say_which_take_it(edition):
    spec = Uncertainty(rounding=True)
    message = (
        r"^'space' must be an idx.WeightSpace \(got Uncertainty\): an idx.Uncertainty "
        r"\(more than the weights\) is taken by monte_carlo, scenario_totals and sobol$"
    )
    for call in (
        lambda: idx.smaa(edition, spec, 10, seed=1),
        lambda: idx.rank_range(edition, spec),
        lambda: idx.reversal(edition, "Henan", "Hunan", spec),
        lambda: idx.profile(edition, "Hunan", spec),
    ):
        with pytest.raises(idx.SpaceError, match=message):
            call()


def test_scenario_totals_refuses_more_totals_than_memory_allows_up_front(edition):
    # 10**8 scenarios x 31 units x 8 bytes = 23.1 GiB, refused before drawing anything
    with pytest.raises(idx.IdxError, match=r"would need 23\.1 GiB, at most 2 GiB"):
        scenario_totals(edition, Uncertainty(rounding=True), 10**8, seed=1)


def test_named_groups_join_factors_and_equal_salib_analyze_with_those_groups(edition, factors):
    spec = Uncertainty(weights=factors, rounding=True, noise=Noise(0.5))
    merged = {"digital": ["innovation", "digital_economy"], "data": ["rounding", "noise"]}
    n, seed = 128, 8
    result = sobol(edition, spec, n, seed=seed, n_bootstrap=5, groups=merged, outputs=("rank",))
    assert result.factors == (
        "infrastructure",
        "digital",
        "application",
        "security",
        "regulation",
        "data",
    )
    model = bind(edition, spec)
    a, b = design(model, n, np.random.default_rng(seed))
    m, d = 6, a.shape[1]
    cells = edition.n_units * m
    # columns: 6 weight factors, then rounding's cells, then noise's cells
    names = ["infrastructure", "digital", "digital", "application", "security", "regulation"]
    names += ["data"] * (2 * cells)
    assert d == len(names)
    order = list(dict.fromkeys(names))
    groups = [[k for k, g in enumerate(names) if g == group] for group in order]
    rows = _grouped_rows(a, b, groups)
    w = rows[:, :m] / rows[:, :m].sum(axis=1, keepdims=True)
    u = rows[:, m : m + cells].reshape(-1, edition.n_units, m)
    from scipy.stats import uniform

    shock = uniform.ppf(np.clip(rows[:, m + cells :], 2.0**-53, 1 - 2.0**-53), loc=-1, scale=2)
    p = edition.subscores
    low = np.maximum(p - HALF, 0.0)
    index = (
        low + u * (np.minimum(p + HALF, 100 * edition.system.weights) - low)
    ) / edition.system.weights
    index = np.clip(index + 0.5 * shock.reshape(-1, edition.n_units, m), 0, 100)
    totals = np.einsum("sij,sj->si", index, w)
    problem = {
        "num_vars": d,
        "names": [f"x{k}" for k in range(d)],
        "bounds": [[0.0, 1.0]] * d,
        "groups": names,
    }
    for unit_name in ("Hunan", "Jilin"):
        unit = edition.unit_position(unit_name)
        y = idx.rank_totals(totals)[:, unit].astype(float)
        si = analyze(problem, y, calc_second_order=False, num_resamples=5, seed=1)
        np.testing.assert_allclose(result.first[0, unit], si["S1"], atol=1e-10)
        np.testing.assert_allclose(result.total[0, unit], si["ST"], atol=1e-10)


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        (
            {"data": ["rounding", "nosie"]},
            "group 'data' names unknown factors ['nosie']: the factors are infrastructure, ",
        ),
        (
            {"a": ["rounding"], "b": ["rounding"]},
            "factor 'rounding' is in two groups ('a' and 'b')",
        ),
        ({"application": ["rounding"]}, "group name 'application' is already a factor's name"),
        ({"data": "rounding"}, "group 'data' must list the factors it joins (got 'rounding')"),
        (["rounding"], "'groups' must map each group name to the factors it joins (got list)"),
    ],
)
def test_bad_groups_are_refused(edition, factors, groups, message):
    with pytest.raises(UncertaintyError) as info:
        sobol(edition, Uncertainty(weights=factors, rounding=True), 8, seed=1, groups=groups)
    assert message in str(info.value)


def test_groups_of_weights_alone(edition, factors):
    result = sobol(
        edition,
        factors,
        64,
        seed=1,
        n_bootstrap=5,
        groups={"digital": ["innovation", "digital_economy"]},
    )
    assert result.factors == ("infrastructure", "digital", "application", "security", "regulation")
