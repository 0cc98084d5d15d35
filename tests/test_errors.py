from __future__ import annotations

import pytest

import idx
from idx import errors


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_is_an_idx_error_and_a_value_error(name):
    cls = getattr(errors, name)
    assert issubclass(cls, errors.IdxError)
    assert issubclass(cls, ValueError)
    assert getattr(idx, name) is cls
