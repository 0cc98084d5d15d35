from __future__ import annotations

import json

import pytest

import idx
from idx import weights as W
from idx.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("scheme", ["published", "equal", "entropy", "critic", "std", "pca"])
def test_weights_command(capsys, scheme):
    code, out, _ = run(capsys, "weights", "--scheme", scheme, "--format", "json")
    assert code == 0
    records = json.loads(out)
    expected = W.scheme_weights(idx.load_2017(), scheme).as_dict()
    assert {r["pillar"]: r["weight"] for r in records} == pytest.approx(expected)


def test_ahp_roc_and_bod(tmp_path, capsys):
    matrix = tmp_path / "ahp.csv"
    rows = ["1,1,1,1,1,1"] * 6
    matrix.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(
        capsys, "weights", "--scheme", "ahp", "--matrix", str(matrix), "--format", "csv"
    )
    assert code == 0 and "consistency_ratio = 0" in err
    code, out, _ = run(
        capsys,
        "weights",
        "--scheme",
        "roc",
        "--order",
        "application,infrastructure,innovation,digital_economy,security,regulation",
        "--format",
        "csv",
    )
    assert code == 0 and out.splitlines()[4].startswith("application,0.408")
    code, out, _ = run(capsys, "weights", "--scheme", "bod", "--spread", "0.25", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("Guangdong,1.0")


def test_compare_schemes(capsys):
    code, out, _ = run(
        capsys, "compare", "--schemes", "published,equal,entropy,critic", "--format", "csv"
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "unit,published,equal,entropy,critic,largest_shift"
    assert len(lines) == 32


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["weights", "--scheme", "ahp"], "idx weights: error: --scheme ahp needs --matrix FILE"),
        (["weights", "--scheme", "roc"], "idx weights: error: --scheme roc needs --order"),
        (
            ["compare", "--schemes", "published,bogus"],
            "idx compare: error: unknown weighting scheme 'bogus'",
        ),
    ],
)
def test_bad_input(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.startswith(message)
