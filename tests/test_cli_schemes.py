from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pymcdm.weights as pw
import pytest

import idx

PILLARS = list(idx.SYSTEM_2017.ids)


def _frame(out):
    return pd.read_csv(io.StringIO(out), comment="#")


def test_equal_weights(cli):
    code, out, err = cli("weights", "--scheme", "equal", "--format", "csv")
    frame = _frame(out)
    assert code == 0 and err == ""
    assert "# parameters: " + json.dumps({"scheme": "equal", "argument": None}) in out
    assert frame["pillar"].tolist() == PILLARS
    np.testing.assert_allclose(frame["weight"], 1 / 6)


def test_entropy_weights_match_pymcdm(cli):
    code, out, _ = cli("weights", "--scheme", "entropy", "--format", "csv")
    expected = pw.entropy_weights(idx.load_2017().index_array)
    assert code == 0
    np.testing.assert_allclose(_frame(out)["weight"], expected, atol=1e-12)


def test_ahp_from_a_matrix_file_with_fractions(cli, tmp_path):
    # v = (6, 4, 4, 3, 2, 1) / 20; a_ij = v_i / v_j written as fractions like 3/2.
    v = [6, 4, 4, 3, 2, 1]
    lines = [",".join(f"{a}/{b}" for b in v) for a in v]
    path = tmp_path / "judgements.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = cli("weights", "--scheme", "ahp", "--matrix", str(path), "--format", "csv")
    assert code == 0
    np.testing.assert_allclose(_frame(out)["weight"], np.array(v) / 20, atol=1e-12)
    assert "consistency_ratio = " in err and "consistent = True" in err


def test_ahp_errors(cli, tmp_path):
    code, _, err = cli("weights", "--scheme", "ahp")
    assert code == 2 and "--scheme ahp needs --matrix FILE" in err
    path = tmp_path / "bad.csv"
    path.write_text("1,two\n", encoding="utf-8")
    code, _, err = cli("weights", "--scheme", "ahp", "--matrix", str(path))
    assert code == 2 and "line 1: cells must be numbers or fractions" in err
    code, _, err = cli("weights", "--scheme", "ahp", "--matrix", str(tmp_path / "no.csv"))
    assert code == 2 and "no.csv: no such file" in err


def test_rank_order_centroid_from_an_order(cli):
    order = "application,infrastructure,innovation,digital_economy,security,regulation"
    code, out, _ = cli("weights", "--scheme", "roc", "--order", order, "--format", "csv")
    weights = _frame(out).set_index("pillar")["weight"]
    # ROC for 6: w_1 = (1 + 1/2 + ... + 1/6) / 6 = 49/120; w_6 = (1/6) / 6 = 1/36
    assert code == 0
    assert weights["application"] == pytest.approx(49 / 120)
    assert weights["regulation"] == pytest.approx(1 / 36)


def test_pca_prints_its_components(cli):
    code, out, err = cli("weights", "--scheme", "pca", "--format", "csv")
    assert code == 0 and "rotated_loadings_1" in _frame(out).columns
    assert "component 1: eigenvalue" in err and "(retained)" in err


def test_benefit_of_the_doubt_in_a_space(cli):
    code, out, _ = cli("weights", "--scheme", "bod", "--spread", "0.25", "--format", "csv")
    frame = _frame(out)
    assert code == 0 and len(frame) == 31
    assert frame["bod_score"].max() == pytest.approx(1.0)


def test_compare_schemes_command(cli):
    code, out, _ = cli("compare", "--schemes", "published,equal,entropy,critic", "--format", "csv")
    assert code == 0
    assert list(_frame(out).columns) == [
        "unit",
        "published",
        "equal",
        "entropy",
        "critic",
        "largest_shift",
    ]
