"""idx.io.read_matrix: pairwise comparison matrices for AHP."""

from __future__ import annotations

import io

import numpy as np
import pytest

import idx
from idx import WeightError
from idx.io import read_matrix
from idx.schemes import ahp

# Saaty's example form: 3 x 3, reciprocal
EXPECTED = [[1.0, 3.0, 5.0], [1 / 3, 1.0, 2.0], [1 / 5, 1 / 2, 1.0]]


@pytest.mark.parametrize(
    "text",
    [
        "1,3,5\n1/3,1,2\n1/5,1/2,1\n",
        "1;3;5\n1/3;1;2\n0.2;0.5;1\n",
        "1\t3\t5\n1/3\t1\t2\n1/5\t0.5\t1\n",
        " 1  3  5\n1/3  1  2\n\n1/5 1/2 1\n",
        "1, 3, 5\n1/3, 1, 2\n1/5, 1/2, 1\n",
    ],
)
def test_separators_and_fractions(text):
    m = read_matrix(io.StringIO(text))
    assert m.dtype == np.float64
    np.testing.assert_array_equal(m, EXPECTED)


def test_paths_bytes_and_encodings(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(b"\xef\xbb\xbf1,3,5\r\n1/3,1,2\r\n1/5,1/2,1\r\n")
    np.testing.assert_array_equal(read_matrix(path), EXPECTED)
    np.testing.assert_array_equal(read_matrix(io.BytesIO(path.read_bytes())), EXPECTED)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1,1/0\n0,1\n", r"^m.csv: line 1: '1/0' divides by zero$"),
        (
            b"1,2\n\n1/2\n",
            r"^m.csv: line 3 has 1 cells but line 1 has 2; every row of the matrix must have the same length$",
        ),
        (
            b"1,two\n1/2,1\n",
            r"^m.csv: line 1: cells must be numbers or fractions like 1/3 \(got 'two'\)$",
        ),
        (b"1,1e400\n1,1\n", r"line 1: cells must be finite numbers \(got '1e400'\)"),
        (b"1,1e999999999\n1,1\n", r"line 1: cells must be finite numbers \(got '1e999999999'\)"),
        (b"1,1e300/1e-300\n1,1\n", r"line 1: '1e300/1e-300' is too large"),
        (b"1,1/2/3\n1,1\n", r"cells must be numbers or fractions like 1/3 \(got '1/2/3'\)"),
        (b"1,nan\n1,1\n", r"got 'nan'"),
        (b"1," + b"9" * 5000 + b"\n1,1\n", r"cells must be finite numbers \(got '9999.*\.\.\.\)$"),
        (b"1,2,3\n1,1,1\n", r"the matrix must be square \(got 2 rows of 3 cells\)"),
        (b"\n \n", r"no matrix found \(the file is empty\)"),
        (b"1,\xff\xfe\n1,1\n", r"^m.csv: line 1: not UTF-8 text \(byte b'\\xff'\) nor GB18030/GBK"),
    ],
)
def test_bad_matrices(tmp_path, content, message):
    path = tmp_path / "m.csv"
    path.write_bytes(content)
    with pytest.raises(WeightError, match=message) as info:
        read_matrix(path, source="m.csv")
    assert len(str(info.value)) < 200


def test_directories_and_missing_files(tmp_path):
    with pytest.raises(WeightError, match=r": is a directory, not a file$"):
        read_matrix(tmp_path)
    with pytest.raises(WeightError, match=r"no.csv: no such file$"):
        read_matrix(tmp_path / "no.csv")


def test_the_matrix_feeds_ahp():
    ones = "\n".join(",".join(["1"] * 6) for _ in range(6))
    result = ahp(read_matrix(io.StringIO(ones)), idx.SYSTEM_2017)
    np.testing.assert_allclose(result.weights, np.full(6, 1 / 6), rtol=0, atol=1e-12)
