from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from idx import IdxError
from idx.ranking import rank_totals


def test_competition_dense_ordinal_on_known_case():
    totals = [10.0, 30.0, 20.0, 30.0, 5.0]
    assert rank_totals(totals).tolist() == [4, 1, 3, 1, 5]
    assert rank_totals(totals, "dense").tolist() == [3, 1, 2, 1, 4]
    # ordinal breaks ties by order of appearance
    assert rank_totals(totals, "ordinal").tolist() == [4, 1, 3, 2, 5]


def test_floating_noise_is_a_tie_but_a_hundredth_is_not():
    shaanxi = 3.32 + 2.50 + 2.94 + 12.50 + 3.58 + 3.23
    hunan = 5.39 + 2.50 + 2.50 + 12.43 + 2.70 + 2.55
    assert rank_totals([shaanxi, hunan]).tolist() == [1, 1]
    assert rank_totals([28.07, 28.06]).tolist() == [1, 2]


def test_rows_are_ranked_separately():
    totals = np.array([[1.0, 2.0, 3.0], [3.0, 3.0, 1.0]])
    assert rank_totals(totals).tolist() == [[3, 2, 1], [1, 1, 3]]


def test_bad_input():
    with pytest.raises(IdxError, match="'method' must be one of min, dense, ordinal"):
        rank_totals([1.0], "average")  # type: ignore[arg-type]
    with pytest.raises(IdxError, match="must be finite"):
        rank_totals([1.0, float("nan")])
    with pytest.raises(IdxError, match="got a scalar"):
        rank_totals(1.0)


@given(st.lists(st.integers(0, 20), min_size=1, max_size=30))
def test_competition_rank_definition(values):
    # Competition rank = 1 + number of units strictly ahead.
    totals = np.array(values, dtype=float) / 4
    ranks = rank_totals(totals)
    expected = [1 + sum(t > x for t in totals) for x in totals]
    assert ranks.tolist() == expected
