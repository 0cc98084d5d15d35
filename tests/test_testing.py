from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import idx
from idx.testing import editions, index_systems, simplex_weights, uncertainties


@given(st.integers(1, 10).flatmap(lambda n: simplex_weights(n, min_weight=0.01)))
def test_simplex_weights(w):
    assert (w >= 0.01 - 1e-12).all()
    assert abs(w.sum() - 1) < 1e-12


@given(index_systems())
def test_index_systems_are_valid(system):
    assert abs(system.weights.sum() - 1) < 1e-9


@given(editions(with_reported=True))
def test_editions_are_valid_and_self_consistent(edition):
    assert (edition.subscores <= 100 * edition.system.weights + 1e-12).all()
    result = idx.verify(edition)
    assert result.consistent


@given(editions(provinces=False, max_units=50, min_units=40))
def test_generic_units(edition):
    assert edition.unit_kind == "other"
    assert 40 <= edition.n_units <= 50
    assert np.isfinite(edition.index_array).all()


@settings(max_examples=20)
@given(editions(max_units=8))
def test_what_editions_draws_every_public_function_accepts(edition):
    # Tried as a new user would: no workaround (min_pillars, top_k) is needed.
    space = idx.WeightSpace.around(edition.system, 0.25)
    idx.score(edition)
    idx.compare(idx.score(edition), idx.score(edition, "equal"))
    idx.stability_intervals(edition)
    idx.rank_path(edition, edition.pillars[0])
    idx.leave_one_out(edition)
    idx.rank_range(edition, space)
    idx.monte_carlo(edition, space, 64, seed=0)
    idx.smaa(edition, space, 64, seed=0)


@given(
    editions(
        system=index_systems(min_pillars=3, max_pillars=st.just(4)),
        min_units=st.integers(2, 3),
        max_units=5,
        provinces=st.booleans(),
    )
)
def test_parameters_take_strategies_as_well_as_values(edition):
    assert 3 <= len(edition.system) <= 4
    assert 2 <= edition.n_units <= 5


def test_without_hypothesis_the_import_names_the_extra():
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import idx.testing\nexcept ImportError as exc:\n    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "idx.testing needs hypothesis: install the test extra (pip install 'idx[test]')"
    )


@settings(max_examples=25)
@given(st.data())
def test_what_uncertainties_draws_monte_carlo_and_sobol_accept(data):
    edition = data.draw(editions(max_units=8))
    rounded = idx.Edition(
        edition.system,
        edition.units,
        np.floor(edition.subscores * 100) / 100,  # two decimals, within every maximum
        decimals=2,
        unit_kind=edition.unit_kind,
    )
    for e in (edition, rounded):
        spec = data.draw(uncertainties(e))
        result = idx.monte_carlo(e, spec, 64, seed=0)
        assert (result.counts.sum(axis=1) == 64).all()
        grouped = idx.sobol(e, data.draw(uncertainties(e, factors=True)), 8, seed=0, n_bootstrap=3)
        assert np.isfinite(grouped.total).all()


@settings(max_examples=10)
@given(data=st.data())
def test_uncertainties_of_a_built_edition_use_only_choices_it_rebuilds_with(data, built):
    spec = data.draw(uncertainties(built))
    assert "rounding" not in spec.inputs  # a built edition has no printed precision
    idx.monte_carlo(built, spec, 32, seed=1)
