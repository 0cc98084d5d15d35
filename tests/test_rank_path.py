from __future__ import annotations

import numpy as np
import pytest

import idx
from idx.sensitivity import rank_path


def test_segments_match_scoring_at_midpoints_and_breakpoints_change_ranks():
    edition = idx.load_2017()
    path = rank_path(edition, "application")
    w0 = np.array(edition.system.weights)
    j = 3
    for s in range(len(path.edges) - 1):
        t = (path.edges[s] + path.edges[s + 1]) / 2
        w = w0 * (1 - t) / (1 - w0[j])
        w[j] = t
        assert (idx.score(edition, w).ranks == path.segment_ranks[s]).all()
    for s in range(1, len(path.segment_ranks)):
        assert (path.segment_ranks[s] != path.segment_ranks[s - 1]).any()


def test_hunan_is_13th_on_a_segment_ending_at_the_published_weight():
    path = rank_path(idx.load_2017(), "application")
    frame = path.to_frame()
    hunan = frame[frame["unit"] == "Hunan"]
    # 0.25 is a breakpoint: Shaanxi and Hunan tie exactly at the published weights
    assert 0.25 in np.round(path.breakpoints, 12)
    assert path.rank_at(0.25)[idx.load_2017().units.index("Hunan")] == 13
    assert hunan["rank"].min() >= 1 and hunan["to"].iloc[-1] == 1.0


def test_bad_pillar_and_t():
    with pytest.raises(idx.IdxError, match="unknown pillar 'apps'"):
        rank_path(idx.load_2017(), "apps")
    with pytest.raises(idx.IdxError, match=r"'t' must be in \[0, 1\]"):
        rank_path(idx.load_2017(), "application").rank_at(1.5)
