from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import idx
from idx.testing import editions, index_systems, simplex_weights


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
