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


def _log(edition):
    # the provenance steps, as one line a person would read
    return "; ".join(str(step) for step in edition.steps)


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
    assert "minmax" in _log(e) and e.source == "raw indicators"


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
    assert dropped.units == ("Beijing", "Hebei") and "dropped units" in _log(dropped)
    imputed = build(raw, SYSTEM, normalisation="identity", imputation="pillar_mean")
    # Tianjin's missing price takes the mean of its other access indicator (ports = 40)
    assert imputed.index_array[1, 0] == pytest.approx(40.0)
    assert "pillar_mean imputed Tianjin/price" in _log(imputed)
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


def test_each_normalisation_on_whole_columns_by_hand():
    # ports (20, 40, 60), price (80, 60, 40; lower is better), users (30, 50, 90).
    # distance_to_best: ports 100 v / 60 = (33.3, 66.7, 100); price 100 * 40 / v = (50, 66.7, 100)
    # access = 0.75 ports + 0.25 price = (37.5, 66.67, 100); users 100 v / 90.
    d = build(RAW, SYSTEM, normalisation="distance_to_best")
    np.testing.assert_allclose(d.index_array[:, 0], [37.5, 0.75 * 200 / 3 + 0.25 * 200 / 3, 100.0])
    np.testing.assert_allclose(d.index_array[:, 1], [100 / 3, 500 / 9, 100.0])
    # ratio to references (40, 60, 60), capped at 100: ports (50, 100, 100);
    # price 100 * 60 / v = (75, 100, 100); users (50, 83.3, 100).
    r = build(RAW, SYSTEM, normalisation="ratio", reference={"ports": 40, "price": 60, "users": 60})
    np.testing.assert_allclose(r.index_array[:, 0], [0.75 * 50 + 0.25 * 75, 100.0, 100.0])
    np.testing.assert_allclose(r.index_array[:, 1], [50.0, 250 / 3, 100.0])
    # zscore: ports mean 40, sample sd 20, z = (-1, 0, 1) -> 50 + 10 z = (40, 50, 60); price
    # flipped gives the same. users mean 170/3, sample sd sqrt(2800/3), so
    # z = (30 - 170/3) / sqrt(2800/3) = -0.8728716, -0.2182179, 1.0910895
    z = build(RAW, SYSTEM, normalisation="zscore")
    np.testing.assert_allclose(z.index_array[:, 0], [40.0, 50.0, 60.0])
    sd = (2800 / 3) ** 0.5
    np.testing.assert_allclose(
        z.index_array[:, 1], [50 + 10 * (v - 170 / 3) / sd for v in (30, 50, 90)]
    )
    assert z.index_array[0, 1] == pytest.approx(41.271284, abs=1e-6)


def test_zscore_clips_to_100():
    # 29 zeros and a single 1: mean 1/30, sample sd sqrt(1/30), so the 1 has
    # z = (29/30) / sqrt(1/30) = 5.29 and 50 + 10 z = 102.9 -> clipped to 100.
    system = IndexSystem(
        pillars=(Pillar(id="p", name="P", weight=1.0, indicators=(Indicator(id="v", name="V"),)),)
    )
    raw = pd.DataFrame({"v": [0.0] * 29 + [1.0]}, index=[f"u{i}" for i in range(30)])
    e = build(raw, system, normalisation="zscore", unit_kind="other")
    assert e.index_array[-1, 0] == 100.0
    assert e.index_array[0, 0] == pytest.approx(50 - 10 * (1 / 30) / (1 / 30) ** 0.5)


def test_unit_column_and_the_result_works_with_the_rest_of_idx():
    frame = RAW.reset_index().rename(columns={"index": "province"})
    e = build(frame, SYSTEM, unit_column="province", year=2020)
    assert e.units == ("Beijing", "Tianjin", "Hebei") and e.year == 2020
    assert e.reported_totals is None and e.reported_ranks is None
    assert idx.score(e).ranks.tolist() == [3, 2, 1]
    with pytest.raises(idx.TableError, match="unit column 'region' is missing"):
        build(frame, SYSTEM, unit_column="region")


def test_pillar_mean_needs_another_indicator_in_the_pillar():
    raw = RAW.copy()
    raw.loc["Tianjin", "users"] = np.nan  # 'use' has a single indicator
    with pytest.raises(
        idx.TableError, match="unit 'Tianjin' has no value for any indicator of pillar 'use'"
    ):
        build(raw, SYSTEM, imputation="pillar_mean")
    raw["users"] = np.nan
    with pytest.raises(idx.TableError, match="indicator 'users' has no values to normalise"):
        build(raw, SYSTEM, imputation="pillar_mean")


def test_ratio_rejects_negative_values_and_nullable_missing_is_missing():
    with pytest.raises(idx.TableError, match=r"'ports' must be >= 0 for ratio .*\(got -5\)"):
        build(
            RAW.assign(ports=[-5.0, 40.0, 60.0]),
            SYSTEM,
            normalisation="ratio",
            reference={"ports": 40, "price": 60, "users": 60},
        )
    raw = RAW.astype("Float64")
    raw.loc["Hebei", "users"] = pd.NA
    with pytest.raises(idx.TableError, match="unit 'Hebei' has no value for indicator 'users'"):
        build(raw, SYSTEM)


# --- the construction record, rebuild, and indicator imputation -------------------------

# Four units, Hebei's ports missing; "Xizang (Tibet)" is a label the registry resolves.
RAW4 = pd.DataFrame(
    {
        "ports": [20.0, 40.0, np.nan, 90.0],
        "price": [80.0, 60.0, 40.0, 20.0],
        "users": [30.0, 50.0, 90.0, 70.0],
    },
    index=["Beijing", "Tianjin", "Hebei", "Xizang (Tibet)"],
)


def test_indicator_mean_and_median_by_hand():
    # Hebei's ports: mean of 20, 40, 90 = 150 / 3 = 50; median = 40.
    # identity: access = 0.75 ports + 0.25 (100 - price); Hebei's price 40 -> 60.
    mean = build(RAW4, SYSTEM, normalisation="identity", imputation="indicator_mean")
    assert mean.index_array[2, 0] == pytest.approx(0.75 * 50 + 0.25 * 60)  # 52.5
    median = build(RAW4, SYSTEM, normalisation="identity", imputation="indicator_median")
    assert median.index_array[2, 0] == pytest.approx(0.75 * 40 + 0.25 * 60)  # 45
    # every unit is kept, the others untouched: Beijing 0.75 * 20 + 0.25 * 20 = 20
    assert mean.units == ("Beijing", "Tianjin", "Hebei", "Xizang")
    assert mean.index_array[0].tolist() == pytest.approx([20.0, 30.0])
    (step,) = [s for s in mean.steps if s.action == "impute"]
    assert str(step) == "impute: indicator_mean imputed Hebei/ports"
    assert step.parameters["cells"] == ("Hebei/ports",) and step.parameters["values"] == (50.0,)
    assert next(s for s in median.steps if s.action == "impute").parameters["values"] == (40.0,)


def test_indicator_imputation_comes_before_normalising():
    # minmax on the imputed column: ports (20, 40, 50, 90) -> Hebei 100 * 30 / 70;
    # price (lower better) 40 -> 100 * (80 - 40) / 60. The mean cannot move min or max.
    e = build(RAW4, SYSTEM, imputation="indicator_mean")
    assert e.index_array[2, 0] == pytest.approx(0.75 * 300 / 7 + 0.25 * 200 / 3)
    # median over an even count: users missing for two units, known 30, 50 -> 40,
    # and ports' median over 20, 40, 90 stays 40
    raw = RAW4.copy()
    raw.loc[["Hebei", "Xizang (Tibet)"], "users"] = np.nan
    e = build(raw, SYSTEM, normalisation="identity", imputation="indicator_median")
    assert e.index_array[2:, 1].tolist() == [40.0, 40.0]
    (step,) = [s for s in e.steps if s.action == "impute"]
    assert step.parameters["cells"] == ("Hebei/ports", "Hebei/users", "Xizang/users")
    assert step.parameters["values"] == (40.0, 40.0, 40.0)


@pytest.mark.parametrize("imputation", ["indicator_mean", "indicator_median"])
def test_indicator_imputation_needs_a_value_somewhere(imputation):
    with pytest.raises(
        idx.TableError,
        match=f"indicator 'users' has no value for any unit; {imputation} cannot impute it",
    ):
        build(RAW4.assign(users=np.nan), SYSTEM, imputation=imputation)


def test_missing_values_message_lists_every_imputation():
    with pytest.raises(
        idx.TableError,
        match="choose imputation= one of 'pillar_mean', 'drop_unit', 'indicator_mean', "
        "'indicator_median'",
    ):
        build(RAW4, SYSTEM)


def test_build_records_the_raw_values_as_read():
    reference = {"ports": 40.0, "price": 60.0, "users": 60.0}
    e = build(RAW4, SYSTEM, imputation="drop_unit", reference=reference, year=2021)
    c = e.construction
    assert c is not None
    # every unit as read, Hebei (dropped from the edition) included, labels unresolved
    assert c.units == ("Beijing", "Tianjin", "Hebei", "Xizang (Tibet)")
    assert e.units == ("Beijing", "Tianjin", "Xizang")
    assert c.indicators == ("ports", "price", "users")
    np.testing.assert_array_equal(c.values, RAW4.to_numpy())  # NaN where missing
    assert (c.normalisation, c.imputation, c.unit_kind, c.year) == (
        "minmax",
        "drop_unit",
        "province",
        2021,
    )
    assert dict(c.reference) == reference
    pd.testing.assert_frame_equal(
        c.raw_frame(), RAW4.rename_axis(index="unit", columns="indicator"), check_names=True
    )


def test_the_record_is_read_only_and_the_caller_keeps_its_inputs():
    raw = RAW4.copy()
    before = raw.copy()
    reference = {"ports": 40.0, "price": 60.0, "users": 60.0}
    e = build(raw, SYSTEM, imputation="indicator_mean", reference=reference)
    pd.testing.assert_frame_equal(raw, before)  # the NaN was imputed in a copy
    c = e.construction
    assert not c.values.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        c.values[0, 0] = 1.0
    with pytest.raises(TypeError):
        c.reference["ports"] = 1.0  # type: ignore[index]
    # later changes to the caller's objects do not reach the record
    raw.iloc[0, 0] = 999.0
    reference["ports"] = 1.0
    assert c.values[0, 0] == 20.0 and c.reference["ports"] == 40.0
    assert np.isnan(c.values[2, 0])  # the record keeps the missing value, not the imputed one
    frame = c.raw_frame()
    frame.iloc[0, 0] = -1.0  # the frame is the caller's copy
    assert c.values[0, 0] == 20.0


@pytest.mark.parametrize("normalisation", ["minmax", "zscore", "distance_to_best", "identity"])
@pytest.mark.parametrize(
    "imputation", ["pillar_mean", "drop_unit", "indicator_mean", "indicator_median"]
)
def test_rebuild_with_the_same_choices_round_trips_bit_for_bit(normalisation, imputation):
    e = build(RAW4, SYSTEM, normalisation=normalisation, imputation=imputation, year=2021)
    again = idx.rebuild(e)
    assert again.units == e.units and again.year == 2021
    np.testing.assert_array_equal(again.subscores, e.subscores)
    assert [str(s) for s in again.steps] == [str(s) for s in e.steps]
    # and rebuilding the rebuilt edition is the same again
    np.testing.assert_array_equal(idx.rebuild(again).subscores, e.subscores)


@pytest.mark.parametrize("normalisation", ["zscore", "distance_to_best", "identity", "ratio"])
def test_rebuild_with_another_normalisation_is_build_with_it(normalisation):
    reference = {"ports": 40.0, "price": 60.0, "users": 60.0}
    e = build(RAW4, SYSTEM, imputation="indicator_mean", reference=reference)
    rebuilt = idx.rebuild(e, normalisation=normalisation)
    direct = build(
        RAW4, SYSTEM, normalisation=normalisation, imputation="indicator_mean", reference=reference
    )
    np.testing.assert_array_equal(rebuilt.subscores, direct.subscores)
    assert rebuilt.units == direct.units
    assert [str(s) for s in rebuilt.steps] == [str(s) for s in direct.steps]
    assert rebuilt.construction.normalisation == normalisation
    assert rebuilt.construction.imputation == "indicator_mean"  # None kept the recorded one
    assert not np.array_equal(rebuilt.subscores, e.subscores)


def test_rebuild_with_another_imputation_is_build_with_it():
    e = build(RAW4, SYSTEM, imputation="drop_unit")
    assert e.n_units == 3
    rebuilt = idx.rebuild(e, imputation="indicator_median")
    direct = build(RAW4, SYSTEM, imputation="indicator_median")
    assert rebuilt.units == ("Beijing", "Tianjin", "Hebei", "Xizang")  # Hebei is back
    np.testing.assert_array_equal(rebuilt.subscores, direct.subscores)
    both = idx.rebuild(e, normalisation="identity", imputation="indicator_mean")
    # Hebei by hand, as in test_indicator_mean_and_median_by_hand: 0.75 * 50 + 0.25 * 60
    assert both.index_array[2, 0] == pytest.approx(52.5)


def test_rebuild_refuses_editions_not_built_from_raw_indicators(edition):
    with pytest.raises(
        idx.TableError,
        match=r"^'edition' was not built from raw indicators \(idx.build\): normalisation and "
        r"imputation choices need its raw values$",
    ):
        idx.rebuild(edition)
    with pytest.raises(idx.TableError, match=r"'edition' must be an idx\.Edition"):
        idx.rebuild(RAW4)


def test_rebuild_checks_its_choices():
    e = build(RAW4, SYSTEM, imputation="indicator_mean")
    with pytest.raises(idx.TableError, match=r"'normalisation' must be one of .* \(got 'rank'\)"):
        idx.rebuild(e, normalisation="rank")
    with pytest.raises(idx.TableError, match=r"'imputation' must be one of .* \(got 'zero'\)"):
        idx.rebuild(e, imputation="zero")
    # ratio needs the reference the original build did not get
    with pytest.raises(idx.TableError, match="'reference' must give a positive value"):
        idx.rebuild(e, normalisation="ratio")
