from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.construction import Construction


def _record(**changes):
    fields = {
        "values": [[1.0, np.nan], [3.0, 4.0]],
        "units": ("a", "b"),
        "indicators": ("x", "y"),
        "normalisation": "minmax",
    }
    return Construction(**{**fields, **changes})


def test_a_record_copies_and_freezes_its_inputs():
    values = np.array([[1.0, np.nan], [3.0, 4.0]])
    reference = {"x": 2.0, "y": 5.0}
    c = _record(values=values, units=["a", "b"], reference=reference)
    values[0, 0] = 100.0
    reference["x"] = 0.0
    assert c.values[0, 0] == 1.0 and c.reference == {"x": 2.0, "y": 5.0}
    assert c.units == ("a", "b") and c.values.dtype == np.float64
    assert not c.values.flags.writeable
    assert repr(c) == "<Construction: 2 units x 2 indicators (1 missing), minmax, imputation=None>"
    with pytest.raises(AttributeError):
        c.normalisation = "zscore"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"values": [[1.0, 2.0]]}, r"'values' must be an array of shape \(2, 2\) \(got \(1, 2\)\)"),
        ({"values": [[1.0, np.inf], [3.0, 4.0]]}, "'values' must be finite or NaN"),
        ({"values": [["p", "q"], [3.0, 4.0]]}, "'values' must be numeric"),
        ({"units": ("a", "a")}, "'units' must be unique \\('a' appears twice\\)"),
        ({"indicators": ()}, "'indicators' must be a non-empty sequence"),
        ({"normalisation": "rank"}, "'normalisation' must be one of"),
        ({"imputation": "zero"}, "'imputation' must be one of"),
        ({"unit_kind": "city"}, "'unit_kind' must be one of"),
        ({"year": 0}, "'year' must be a positive integer"),
        ({"reference": [("x", 1.0)]}, "'reference' must be a mapping"),
    ],
)
def test_bad_records(changes, message):
    with pytest.raises(idx.TableError, match=message):
        _record(**changes)


def test_an_edition_checks_its_record_against_the_system(edition):
    system = idx.IndexSystem(
        pillars=(
            idx.Pillar(id="p", name="P", weight=1.0, indicators=(idx.Indicator(id="x", name="X"),)),
        )
    )
    kept = idx.Edition(
        system=system,
        units=("a", "b"),
        subscores=[[10.0], [20.0]],
        unit_kind="other",
        construction=_record(values=[[1.0], [2.0]], indicators=("x",)),
    )
    assert kept.construction.indicators == ("x",)
    with pytest.raises(
        idx.TableError, match="'construction' must record the system's indicators x"
    ):
        idx.Edition(
            system=system,
            units=("a", "b"),
            subscores=[[10.0], [20.0]],
            unit_kind="other",
            construction=_record(),
        )
    with pytest.raises(idx.TableError, match=r"'construction' must be an idx\.Construction record"):
        idx.Edition(
            system=system, units=("a",), subscores=[[1.0]], unit_kind="other", construction={}
        )
    assert edition.construction is None  # read from published sub-scores
