"""Output that describes itself: metadata in csv/json, reruns, precision, streams."""

from __future__ import annotations

import io
import json
import shlex

import numpy as np
import pandas as pd
import pytest

import idx
from idx.cli.output import column_decimals, render_frame
from idx.space import WeightSpace


def _csv(out: str) -> tuple[dict[str, object], pd.DataFrame]:
    """The ``# key: value`` header (values other than text are JSON) and the table."""
    meta: dict[str, object] = {}
    for line in out.splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        if key == "summary":
            meta.setdefault("summary", []).append(value)  # type: ignore[union-attr]
        else:
            meta[key] = value if key in ("idx", "command", "rerun") else json.loads(value)
    return meta, pd.read_csv(io.StringIO(out), comment="#")


def _rerun(cli, command: str) -> tuple[int, str, str]:
    argv = shlex.split(command)
    assert argv[0] == "idx"
    return cli(*argv[1:])


def test_json_records_version_command_data_and_parameters(cli):
    code, out, _ = cli("rank", "--weights", "application=35%", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["idx"] == idx.__version__
    assert document["command"] == "rank"
    assert document["rerun"] == "idx rank --weights application=35% --format json"
    assert document["data"]["file"] is None and document["data"]["year"] == 2017
    assert document["data"]["source"].startswith("Report on China Internet Development 2017")
    weights = document["parameters"]["weights"]
    assert weights["application"] == 0.35
    # the other five share 0.65 in proportion to 18:16:16:13:12 (sum 75)
    assert weights["infrastructure"] == pytest.approx(0.65 * 18 / 75, abs=1e-12)
    assert document["parameters"]["weights_label"] == "partial"
    assert document["summary"][0].startswith("note: pillars infrastructure")


def test_rank_rows_rebuild_from_the_recorded_weights(cli):
    _, out, _ = cli("rank", "--weights", "equal", "--format", "json")
    document = json.loads(out)
    again = idx.score(idx.load_2017(), document["parameters"]["weights"])
    rows = document["rows"]
    assert [r["unit"] for r in rows] == again.to_frame()["unit"].tolist()
    assert [r["rank"] for r in rows] == again.to_frame()["rank"].tolist()
    np.testing.assert_allclose([r["total"] for r in rows], again.to_frame()["total"], atol=1e-9)


def test_mc_csv_round_trip_from_the_recorded_parameters(cli):
    code, out, err = cli("sensitivity", "mc", "--n", "2e3", "--mode", "factors", "--format", "csv")
    meta, table = _csv(out)
    parameters = meta["parameters"]
    assert code == 0 and isinstance(parameters, dict)
    assert meta["idx"] == idx.__version__ and meta["command"] == "sensitivity mc"
    seed = parameters["seed"]
    # no --seed given: a fresh one was drawn, printed and recorded with the rerun line
    assert isinstance(seed, int) and err == (
        f"2,000 scenarios, 'jrc' sampler, seed {seed} (--seed {seed} repeats this run)\n"
    )
    assert meta["rerun"] == f"idx sensitivity mc --n 2e3 --mode factors --format csv --seed {seed}"
    assert parameters["sampler"] == "jrc" and parameters["n"] == 2000
    # the library, from the recorded parameters alone, gives the same rows
    space = parameters["space"]
    rebuilt = WeightSpace(
        tuple(space["pillars"]), space["reference"], space["lower"], space["upper"], space["mode"]
    )
    again = idx.monte_carlo(
        idx.load_2017(),
        rebuilt,
        parameters["n"],
        sampler=parameters["sampler"],
        seed=seed,
        top_k=parameters["top"],
    ).to_frame()
    pd.testing.assert_frame_equal(table, again, check_dtype=False, atol=1e-11, rtol=0)
    # and the recorded command line repeats the output exactly
    code, again_out, _ = _rerun(cli, str(meta["rerun"]))
    assert code == 0 and again_out == out


def test_json_rerun_repeats_smaa_and_sobol(cli):
    for argv in (["smaa", "--n", "1000"], ["sobol", "--n", "64", "--unit", "Hunan"]):
        _, out, _ = cli("sensitivity", *argv, "--format", "json")
        document = json.loads(out)
        assert isinstance(document["parameters"]["seed"], int)
        _, again, _ = _rerun(cli, document["rerun"])
        assert json.loads(again)["rows"] == document["rows"]


def test_compare_json_has_spearman_and_kendall(cli):
    e = idx.load_2017()
    expected = idx.compare(e, idx.score(e, "equal"))
    _, out, _ = cli("compare", "--weights", "equal", "--format", "json")
    document = json.loads(out)
    # README: equal weights, Spearman rho 0.979, Kendall tau 0.901
    assert document["spearman"] == pytest.approx(expected.spearman, abs=1e-12)
    assert document["kendall"] == pytest.approx(expected.kendall, abs=1e-12)
    assert round(document["spearman"], 3) == 0.979 and round(document["kendall"], 3) == 0.901
    assert document["largest_shift"] == 5


def test_compare_schemes_json_has_both_correlation_matrices_and_weights(cli):
    _, out, _ = cli("compare", "--schemes", "published,equal,critic", "--format", "json")
    document = json.loads(out)
    # README: against published, CRITIC Spearman 0.873 and Kendall 0.723
    spearman = {row["scheme"]: row for row in document["spearman"]}
    kendall = {row["scheme"]: row for row in document["kendall"]}
    assert round(spearman["published"]["critic"], 3) == 0.873
    assert round(kendall["published"]["critic"], 3) == 0.723
    weights = {row["scheme"]: row for row in document["weights"]}
    assert weights["published"]["application"] == 0.25


def test_range_json_has_certificates_that_certify(cli):
    _, out, _ = cli("sensitivity", "range", "--spread", "0.1", "--format", "json")
    document = json.loads(out)
    e = idx.load_2017()
    x = e.index_array
    space = WeightSpace.around(e.system, 0.1)
    assert len(document["certificates"]) == 31
    for cert in document["certificates"]:
        i = e.units.index(cert["unit"])
        for which in ("best", "worst"):
            w = np.array([cert[f"{which}_weights"][p] for p in e.pillars])
            # independent check: the recorded weights are admissible and give the rank
            assert bool(space.contains(w))
            assert idx.rank_totals(x @ w)[i] == cert[which]
    hunan = next(c for c in document["certificates"] if c["unit"] == "Hunan")
    assert (hunan["best"], hunan["worst"]) == (12, 15)  # README: within +/-10%, 12th-15th


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_the_summary_goes_to_standard_error_in_every_format(cli, fmt):
    code, out, err = cli("compare", "--weights", "equal", "--format", fmt)
    line = "Spearman rho = 0.9786, Kendall tau = 0.9011, largest shift = 5\n"
    assert code == 0 and err == line
    if fmt in ("table", "markdown"):
        assert "Spearman" not in out
    elif fmt == "csv":
        assert f"# summary: {line}" in out
    else:
        assert json.loads(out)["summary"] == [line.strip()]


def test_numbers_print_at_their_precision():
    frame = pd.DataFrame({"a": [5.75, 7.1000000000000005, 45.18], "b": [1 / 3, 0.5, 1.0]})
    table = render_frame(frame, "table").splitlines()
    assert table[1].split() == ["5.75", "0.3333"] and table[2].split() == ["7.10", "0.5000"]
    assert render_frame(frame, "csv").splitlines()[2] == "7.1,0.5"
    assert json.loads(render_frame(frame, "json"))[1] == {"a": 7.1, "b": 0.5}
    assert render_frame(frame, "markdown").splitlines()[2] == "| 5.75 | 0.3333 |"
    assert column_decimals([1.0, 2.0, np.nan]) == 0
    assert column_decimals([0.125]) == 3


def test_contributions_carry_no_float_noise_in_csv(cli):
    # equal weights: Beijing's application contribution is 18.93 / 0.25 / 6 = 12.62
    _, out, _ = cli("rank", "--weights", "equal", "--format", "csv", "--unit", "Beijing")
    _, table = _csv(out)
    assert out.strip().splitlines()[-1].split(",")[6] == "12.62"
    assert table["application"].iloc[0] == pytest.approx(18.93 / 0.25 / 6, abs=1e-12)


def test_verify_on_an_exact_table_says_0(cli, tmp_path):
    # totals printed as the exact sums of the sub-scores
    e = idx.load_2017()
    frame = e.to_frame().drop(columns=["rank"])
    frame["total"] = np.round(np.array(e.subscores).sum(axis=1), 2)
    path = tmp_path / "exact.csv"
    frame.to_csv(path, index=False)
    code, _, err = cli("verify", "--data", str(path))
    assert code == 0
    assert "largest |recomputed - printed total| = 0\n" in err


def test_pillars_json_names_the_system(cli):
    _, out, _ = cli("pillars", "--format", "json")
    document = json.loads(out)
    assert document["command"] == "pillars" and document["data"]["system"] is None
    assert [r["weight"] for r in document["rows"]] == [0.18, 0.16, 0.16, 0.25, 0.13, 0.12]


def test_reversal_json_weights_certify_the_overtaking(cli):
    # README: Hunan overtakes Henan with an L1 weight change of 0.011 within +/-25%
    document = json.loads(cli("sensitivity", "reversal", "Henan", "Hunan", "--format", "json")[1])
    e = idx.load_2017()
    w = np.array([document["weights"][p] for p in e.pillars])
    hunan, henan = e.index_array[[e.units.index("Hunan"), e.units.index("Henan")]] @ w
    assert idx.ranking.ahead(hunan, henan)  # independent of the solver: the tie rule
    assert round(document["distance"], 3) == 0.011
    assert round(float(np.abs(w - e.system.weights).sum()), 3) == 0.011
    assert document["summary"][0].startswith("Hunan overtakes Henan with an L1 weight change")


def test_stability_ties_are_a_json_table_and_a_summary_line(cli):
    code, out, err = cli("sensitivity", "stability", "--format", "json")
    document = json.loads(out)
    pairs = {(t["unit_a"], t["unit_b"]) for t in document["ties"]}
    assert code == 0 and pairs == {("Shaanxi", "Hunan")}  # the 2017 tie of the sums
    assert (
        err
        == f"{len(document['ties'])} pair(s) tied at the base weights, listed apart (in table, markdown and json)\n"
    )
