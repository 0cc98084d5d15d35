from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import idx
from idx.build import build
from idx.system import IndexSystem, Indicator, Pillar

SYSTEM = IndexSystem(
    pillars=(
        Pillar(
            id="access",
            name="Access",
            weight=0.6,
            indicators=(
                Indicator(id="ports", name="Broadband ports", weight=0.75),
                Indicator(id="price", name="Price", direction="lower", weight=0.25),
            ),
        ),
        Pillar(id="use", name="Use", weight=0.4, indicators=(Indicator(id="users", name="Users"),)),
    )
)
RAW = pd.DataFrame(
    {"ports": [20.0, 40.0, 60.0], "price": [80.0, 60.0, 40.0], "users": [30.0, 50.0, 90.0]},
    index=["Beijing", "Tianjin", "Hebei"],
)


def test_identity_reproduces_a_hand_computed_total():
    e = build(RAW, SYSTEM, normalisation="identity")
    # Beijing: access = 0.75 * 20 + 0.25 * (100 - 80) = 20; use = 30
    # total = 0.6 * 20 + 0.4 * 30 = 24
    assert idx.score(e).totals[0] == pytest.approx(24.0)
    assert e.indices.loc["Beijing"].tolist() == pytest.approx([20.0, 30.0])


def test_minmax_by_hand():
    e = build(RAW, SYSTEM)
    # ports: 0, 50, 100; price (lower better): 0, 50, 100; users: 0, 100/3, 100
    np.testing.assert_allclose(e.index_array[:, 0], [0.0, 50.0, 100.0])
    np.testing.assert_allclose(e.index_array[:, 1], [0.0, 100 / 3, 100.0])
    assert "minmax" in e.source


def test_other_normalisations_by_hand():
    d = build(RAW, SYSTEM, normalisation="distance_to_best")
    # ports 20/60 -> 33.3; price best 40/80 -> 50 (lower better): 0.75*33.33 + 0.25*50
    assert d.index_array[0, 0] == pytest.approx(0.75 * 100 / 3 + 0.25 * 50)
    r = build(RAW, SYSTEM, normalisation="ratio", reference={"ports": 40, "price": 60, "users": 60})
    # Hebei ports 60/40 capped at 100; price 60/40 capped at 100; users 90/60 capped
    assert r.index_array[2].tolist() == pytest.approx([100.0, 100.0])
    z = build(RAW, SYSTEM, normalisation="zscore")
    # ports z = (-1, 0, 1) -> 40, 50, 60; price lower-better same; users mean 170/3
    assert z.index_array[1, 0] == pytest.approx(50.0)


def test_missing_values_need_an_explicit_choice():
    raw = RAW.copy()
    raw.loc["Tianjin", "price"] = np.nan
    with pytest.raises(
        idx.TableError,
        match=r"unit 'Tianjin' has no value for indicator 'price' .* choose imputation",
    ):
        build(raw, SYSTEM)
    dropped = build(raw, SYSTEM, imputation="drop_unit")
    assert dropped.units == ("Beijing", "Hebei") and "dropped units" in dropped.source
    imputed = build(raw, SYSTEM, normalisation="identity", imputation="pillar_mean")
    # Tianjin's missing price takes the mean of its other access indicator (ports = 40)
    assert imputed.index_array[1, 0] == pytest.approx(40.0)
    assert "pillar_mean imputed Tianjin/price" in imputed.source
    assert np.isnan(raw.loc["Tianjin", "price"])  # the caller's frame is untouched


@pytest.mark.parametrize(
    ("raw", "kwargs", "message"),
    [
        (RAW.assign(extra=1.0), {}, "unknown indicator column 'extra'"),
        (RAW.drop(columns="users"), {}, "missing indicator column 'users'"),
        (RAW.assign(users=5.0), {}, "indicator 'users' is constant"),
        (RAW, {"normalisation": "rank"}, "'normalisation' must be one of"),
        (RAW, {"normalisation": "ratio"}, "'reference' must give a positive value"),
        (RAW.assign(users="many"), {}, "must be a number"),
    ],
)
def test_bad_raw_tables(raw, kwargs, message):
    with pytest.raises(idx.IdxError, match=message):
        build(raw, SYSTEM, **kwargs)


def test_indicator_validation():
    with pytest.raises(idx.IndexSystemError, match="must be given for all its indicators or none"):
        Pillar(
            id="p",
            name="P",
            weight=1.0,
            indicators=(Indicator(id="a", name="A", weight=1.0), Indicator(id="b", name="B")),
        )
    with pytest.raises(idx.IndexSystemError, match="indicator ids must be unique"):
        IndexSystem(
            pillars=(
                Pillar(id="p", name="P", weight=0.5, indicators=(Indicator(id="a", name="A"),)),
                Pillar(id="q", name="Q", weight=0.5, indicators=(Indicator(id="a", name="A"),)),
            )
        )
