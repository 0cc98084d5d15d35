from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idx
from idx import Edition, IndexSystem, verify

# Rounding model of every test below: a figure printed as p to 2 decimals is a true
# value in [p - 0.005, p + 0.005); a sum of m printed sub-scores S bounds the true total
# within [S - m * 0.005, S + m * 0.005).


def test_2017_shaanxi_hunan_order_is_confirmed_by_the_printed_totals_only():
    # Table 2 (source lines 95-129), printed figures:
    # Shaanxi 13th: 3.32 + 2.50 + 2.94 + 12.50 + 3.58 + 3.23 = 28.07, printed total 28.07
    #   true total in [28.07 - 0.03, 28.07 + 0.03) = [28.04, 28.10)
    #           and in [28.07 - 0.005, 28.07 + 0.005) = [28.065, 28.075)
    #   -> [28.065, 28.075)
    # Hunan 14th:   5.39 + 2.50 + 2.50 + 12.43 + 2.70 + 2.55 = 28.07, printed total 28.06
    #   -> [28.04, 28.10) and [28.055, 28.065) -> [28.055, 28.065)
    # Hunan's true total < 28.065 <= Shaanxi's: the printed order is confirmed, though the
    # sums of the sub-scores tie. Every other pair has distinct printed totals (so a
    # confirmed order) and sums in the printed order (Hunan is the only unit whose
    # recomputed rank moves).
    result = verify(idx.load_2017())
    assert result.consistent
    assert result.decimals == 2
    # six sub-scores and the total, each rounded to 0.01: less than 7 * 0.005 apart
    assert result.tolerance == pytest.approx(0.035)
    assert result.max_abs_difference == pytest.approx(0.02, abs=1e-9)
    assert result.total_mismatches == () and result.contradictions == ()
    assert result.rank_mismatches == ()
    assert result.ambiguous == ()
    assert [
        (p.ahead, p.behind, p.reported_ranks, p.status, p.reason)
        for p in result.confirmed_by_totals
    ] == [("Shaanxi", "Hunan", (13, 14), "confirmed_by_totals", "recomputed totals tie")]
    pair = result.confirmed_by_totals[0]
    assert pair.recomputed_totals == pytest.approx((28.07, 28.07), abs=1e-9)
    assert pair.reported_totals == (28.07, 28.06)
    assert result.rank_differences == ("Hunan",)
    frame = result.to_frame().set_index("unit")
    assert frame.loc["Shaanxi", ["lower", "upper"]].tolist() == pytest.approx([28.065, 28.075])
    assert frame.loc["Hunan", ["lower", "upper"]].tolist() == pytest.approx([28.055, 28.065])
    assert frame.loc["Shaanxi", "confirmed_by_totals_with"] == "Hunan"
    assert frame.loc["Hunan", "confirmed_by_totals_with"] == "Shaanxi"
    assert (frame["ambiguous_with"] == "").all()
    assert (frame.drop(index=["Shaanxi", "Hunan"])["confirmed_by_totals_with"] == "").all()


def test_2017_summary_says_both_facts():
    text = verify(idx.load_2017()).summary()
    assert text.splitlines() == [
        "consistent: 31 units; printed precision 2 decimals; tolerance on totals 0.035",
        "largest |recomputed - printed total| = 0.02",
        "recomputed rank differs from printed: Hunan (13 vs 14)",
        "order confirmed by the printed totals only: Shaanxi (13th, printed 28.07) ahead of "
        "Hunan (14th, printed 28.06); their sub-scores both sum to 28.07, so analyses under "
        "other weights start from a tie",
    ]
    assert "ambiguous" not in text and "undecided" not in text


def test_2017_largest_differences_by_hand():
    # Qinghai: 3.94 + 2.40 + 2.32 + 9.25 + 5.32 + 2.60 = 25.83, printed 25.81 (+0.02)
    # Inner Mongolia: 4.39 + 1.61 + 2.29 + 8.90 + 4.31 + 2.89 = 24.39, printed 24.41 (-0.02)
    result = verify(idx.load_2017())
    frame = result.to_frame().set_index("unit")
    assert frame.loc["Qinghai", "difference"] == pytest.approx(0.02, abs=1e-9)
    assert frame.loc["Inner Mongolia", "difference"] == pytest.approx(-0.02, abs=1e-9)
    # Qinghai: [25.83 - 0.03, 25.83 + 0.03) and [25.805, 25.815) -> [25.805, 25.815)
    assert frame.loc["Qinghai", ["lower", "upper"]].tolist() == pytest.approx([25.805, 25.815])


SYSTEM = IndexSystem.from_weights({"a": 0.5, "b": 0.5})
SYSTEM3 = IndexSystem.from_weights({"a": 0.4, "b": 0.3, "c": 0.3})


def _edition(subscores, totals, ranks, decimals=2, system=SYSTEM):
    return Edition(
        system=system,
        units=tuple(f"u{i}" for i in range(len(subscores))),
        subscores=subscores,
        reported_totals=totals,
        reported_ranks=ranks,
        unit_kind="other",
        decimals=decimals,
    )


def _pairs(pairs):
    return [(p.ahead, p.behind, p.status, p.reason) for p in pairs]


def test_sums_tie_but_printed_totals_confirm_the_order():
    # two pillars: the sums bound the true total within +-0.01
    # u0: 10.00 + 10.00 = 20.00, printed 20.00: [19.99, 20.01) and [19.995, 20.005)
    #     -> [19.995, 20.005)
    # u1: 10.00 + 10.00 = 20.00, printed 19.99: [19.99, 20.01) and [19.985, 19.995)
    #     -> [19.99, 19.995)
    # T1 < 19.995 <= T0: confirmed by the totals; the sums tie.
    result = verify(_edition([[10.0, 10.0], [10.0, 10.0]], [20.0, 19.99], [1, 2]))
    assert result.consistent
    assert result.contradictions == () and result.ambiguous == ()
    assert _pairs(result.confirmed_by_totals) == [
        ("u0", "u1", "confirmed_by_totals", "recomputed totals tie")
    ]
    assert result.rank_differences == ("u1",)
    assert result.summary().splitlines()[-1] == (
        "order confirmed by the printed totals only: u0 (1st, printed 20.00) ahead of "
        "u1 (2nd, printed 19.99); their sub-scores both sum to 20.00, so analyses under "
        "other weights start from a tie"
    )
    frame = result.to_frame()
    assert frame["confirmed_by_totals_with"].tolist() == ["u1", "u0"]
    assert frame["ambiguous_with"].tolist() == ["", ""]


def test_sums_reversed_but_printed_totals_confirm_the_order():
    # u0: 10.00 + 10.00 = 20.00, printed 20.01: [19.99, 20.01) and [20.005, 20.015)
    #     -> [20.005, 20.01)
    # u1: 10.00 + 10.01 = 20.01, printed 20.00: [20.00, 20.02) and [19.995, 20.005)
    #     -> [20.00, 20.005)
    # T1 < 20.005 <= T0: the printed order holds, the sums put u1 ahead.
    result = verify(_edition([[10.0, 10.0], [10.0, 10.01]], [20.01, 20.0], [1, 2]))
    assert result.consistent
    assert _pairs(result.confirmed_by_totals) == [
        ("u0", "u1", "confirmed_by_totals", "recomputed totals reversed")
    ]
    assert result.summary().splitlines()[-1] == (
        "order confirmed by the printed totals only: u0 (1st, printed 20.01) ahead of "
        "u1 (2nd, printed 20.00); their sub-scores sum to 20.00 and 20.01, so analyses under "
        "other weights start from the other order"
    )


def test_order_contradicted_when_intervals_touch_the_wrong_way():
    # ranks only, so the sums alone bound the totals:
    # u0 (printed 1st): 10.00 + 10.00 = 20.00 -> [19.99, 20.01)
    # u1 (printed 2nd): 10.01 + 10.01 = 20.02 -> [20.01, 20.03)
    # T0 < 20.01 <= T1: u1 must be ahead.
    result = verify(_edition([[10.0, 10.0], [10.01, 10.01]], None, [1, 2]))
    assert result.contradictions == (("u0", "u1"),)
    assert result.ambiguous == () and result.confirmed_by_totals == ()
    assert not result.consistent
    assert (
        "order contradicted: u0 is printed ahead of u1, but its total lies in "
        "[19.99, 20.01) and u1's in [20.01, 20.03)"
    ) in result.summary()


def test_rank_against_printed_totals_and_impossible_order():
    # u0: 20.00 printed 20.00 -> [19.995, 20.005); u1: 10.00 printed 10.00 -> [9.995, 10.005)
    # printed ranks put u1 first: T1 < 10.005 <= 19.995 <= T0 contradicts it.
    e = _edition([[10.0, 10.0], [5.0, 5.0]], [20.0, 10.0], [2, 1])
    result = verify(e)
    assert result.rank_mismatches == ("u0", "u1")
    assert result.contradictions == (("u1", "u0"),)
    assert not result.consistent


def test_order_undecided_by_sums_and_without_totals():
    # ranks only:
    # u0: 10.00 + 10.00 = 20.00 -> [19.99, 20.01); u1: 10.00 + 10.00 -> [19.99, 20.01):
    #     the sums tie and the intervals overlap -> undecided
    # u2: 10.00 + 9.99 = 19.99 -> [19.98, 20.00): below u0's sum, but overlapping -> undecided
    # u3: 10.00 + 9.98 = 19.98 -> [19.97, 19.99): u0's lower end 19.99 >= 19.99, and u1's:
    #     confirmed by the sums, not reported; u2's [19.98, 20.00) overlaps -> undecided
    e = _edition([[10.0, 10.0], [10.0, 10.0], [10.0, 9.99], [10.0, 9.98]], None, [1, 2, 3, 4])
    result = verify(e)
    assert result.consistent
    assert result.contradictions == () and result.confirmed_by_totals == ()
    overlap = "true totals may be equal or reversed"
    assert _pairs(result.ambiguous) == [
        ("u0", "u1", "undecided", "recomputed totals tie"),
        ("u0", "u2", "undecided", overlap),
        ("u1", "u2", "undecided", overlap),
        ("u2", "u3", "undecided", overlap),
    ]
    assert result.to_frame()["ambiguous_with"].tolist() == ["u1, u2", "u0, u2", "u0, u1, u3", "u2"]
    assert result.summary().splitlines()[2] == (
        "order undecided: u0 (1st) ahead of u1 (2nd) as printed, but the printed figures "
        "allow either order; recomputed totals tie (20.00 vs 20.00)"
    )


def test_order_undecided_with_equal_printed_totals():
    # both sum to 20.00 and print 20.00: both in [19.995, 20.005), yet ranked 1st and 2nd
    result = verify(_edition([[10.0, 10.0], [10.0, 10.0]], [20.0, 20.0], [1, 2]))
    assert result.rank_mismatches == ("u1",)
    assert _pairs(result.ambiguous) == [("u0", "u1", "undecided", "recomputed totals tie")]
    assert result.confirmed_by_totals == () and result.contradictions == ()


def test_total_off_by_more_than_rounding_is_a_mismatch():
    # tolerance with 2 pillars at 2 decimals: 3 * 0.005 = 0.015
    e = _edition([[10.0, 10.0], [5.0, 5.0]], [20.02, 10.0], [1, 2])
    result = verify(e)
    assert not result.consistent
    assert result.total_mismatches == ("u0",)
    assert "total mismatch: u0" in result.summary()
    # the mismatched unit keeps the bounds of its sums: [19.99, 20.01)
    assert result.lower[0] == pytest.approx(19.99) and result.upper[0] == pytest.approx(20.01)


def test_total_exactly_at_the_tolerance_is_a_mismatch():
    # three pillars: tolerance 4 * 0.005 = 0.02.
    # u0: 10.00 + 5.00 + 5.00 = 20.00 -> [19.985, 20.015); printed 20.02 -> [20.015, 20.025):
    #     the half-open intervals do not meet, so no true total prints both ways.
    # u1: the same sums, printed 19.99 -> [19.985, 19.995): they meet.
    e = _edition([[10.0, 5.0, 5.0], [10.0, 5.0, 5.0]], [20.02, 19.99], [1, 2], system=SYSTEM3)
    result = verify(e)
    assert result.tolerance == pytest.approx(0.02)
    assert result.total_mismatches == ("u0",)


def test_exact_figures_have_zero_tolerance():
    e = _edition([[10.0, 10.0]], [20.001], [1], decimals=None)
    assert verify(e).tolerance == 0.0
    assert verify(e).total_mismatches == ("u0",)


def test_exact_figures_decide_by_the_tie_rule():
    # exact: 20 > 19.999 is confirmed; 20 vs 20 + 1e-12 is a tie (undecided); 19 < 20 reversed
    e = _edition(
        [[10.0, 10.0], [10.0, 9.999], [10.0, 10.0 + 1e-12], [9.5, 9.5]], None, [1, 2, 3, 4], None
    )
    result = verify(e)
    assert result.contradictions == (("u1", "u2"),)
    assert "order contradicted: u1 is printed ahead of u2, but its total 19.999 is below" in (
        result.summary()
    )
    assert _pairs(result.ambiguous) == [("u0", "u2", "undecided", "recomputed totals tie")]
    assert result.confirmed_by_totals == ()


def test_ranks_only_and_nothing_to_verify():
    e = _edition([[10.0, 10.0], [10.0, 10.0]], None, [1, 2])
    result = verify(e)
    assert result.consistent
    assert [p.reason for p in result.ambiguous] == ["recomputed totals tie"]
    bare = Edition(system=SYSTEM, units=("x",), subscores=[[1, 1]], unit_kind="other")
    with pytest.raises(idx.TableError, match="no reported totals or ranks"):
        verify(bare)


def test_results_are_read_only_and_inputs_untouched():
    scores = np.array([[10.0, 10.0], [10.0, 10.0]])
    result = verify(_edition(scores, [20.0, 19.99], [1, 2]))
    assert (scores == 10.0).all()
    for array in (result.lower, result.upper, result.recomputed_totals, result.differences):
        assert not array.flags.writeable


# --- brute force: enumerate true sub-scores on a 0.001 grid ---------------------------
#
# In thousandths, a sub-score printed as s hundredths is one of 10s - 5, ..., 10s + 4,
# and a total printed as P hundredths is one of 10P - 5, ..., 10P + 4 (round half up).
# A unit's achievable true totals on that grid are every sum of its sub-score values
# that also prints as P. Bounds in [lower, upper) are multiples of 0.005, so on the grid
# "every true T_k is below every true T_i" is exactly upper_k <= lower_i.


def _sums(subs):
    return {sum(c) for c in itertools.product(*(range(10 * s - 5, 10 * s + 5) for s in subs))}


def _printing(sums, total):
    return {t for t in sums if 10 * total - 5 <= t < 10 * total + 5}


def _reason(s_i, s_k):
    if s_i == s_k:
        return "recomputed totals tie"
    return "true totals may be equal or reversed" if s_i > s_k else "recomputed totals reversed"


@st.composite
def _small_tables(draw):
    m = draw(st.sampled_from([2, 3]))
    n = draw(st.integers(2, 4))
    subs = [[draw(st.integers(1000, 1002)) for _ in range(m)] for _ in range(n)]
    totals = None
    if draw(st.booleans()):
        # mostly within rounding of the sums, sometimes (+-2 with two pillars) not
        offsets = st.sampled_from([-2, -1, -1, 0, 0, 1, 1, 2])
        totals = [sum(s) + draw(offsets) for s in subs]
    if totals is not None and draw(st.booleans()):
        # ranks that follow the printed totals: 1 + the number of larger totals
        ranks = [1 + sum(t > total for t in totals) for total in totals]
    else:
        ranks = [draw(st.integers(1, n)) for _ in range(n)]
    return m, subs, totals, ranks


@settings(max_examples=150)
@given(_small_tables())
def test_pair_status_against_brute_force(table):
    m, subs, totals, ranks = table
    e = _edition(
        [[s / 100 for s in row] for row in subs],
        None if totals is None else [t / 100 for t in totals],
        ranks,
        system=SYSTEM if m == 2 else SYSTEM3,
    )
    result = verify(e)
    sets, mismatches = [], []
    for u, row in enumerate(subs):
        sums = _sums(row)
        printing = sums if totals is None else _printing(sums, totals[u])
        if not printing:
            # no true total prints both ways: a mismatch, and the sums alone bound it
            mismatches.append(f"u{u}")
        sets.append(printing or sums)
    contradicted, confirmed_only, undecided = [], [], []
    for i, k in itertools.permutations(range(len(subs)), 2):
        if ranks[i] >= ranks[k]:
            continue
        s_i, s_k = sum(subs[i]), sum(subs[k])
        pair = (f"u{i}", f"u{k}")
        if max(sets[i]) < min(sets[k]):
            contradicted.append(pair)
        elif max(sets[k]) < min(sets[i]):
            if s_i <= s_k:
                confirmed_only.append((*pair, _reason(s_i, s_k)))
        else:
            undecided.append((*pair, _reason(s_i, s_k)))
    assert sorted(result.total_mismatches) == sorted(mismatches)
    assert sorted(result.contradictions) == sorted(contradicted)
    assert sorted((p.ahead, p.behind, p.reason) for p in result.confirmed_by_totals) == sorted(
        confirmed_only
    )
    assert sorted((p.ahead, p.behind, p.reason) for p in result.ambiguous) == sorted(undecided)
    assert result.consistent == (not mismatches and not contradicted and not result.rank_mismatches)


def test_summary_of_an_exact_table_says_0_not_float_noise():
    # totals printed as the exact 2-decimal sums of the sub-scores: summing six 2-decimal
    # figures in binary leaves ~7e-15 of noise, which is no difference at 2 decimals
    e = idx.load_2017()
    sums = np.round(np.array(e.subscores).sum(axis=1), 2)
    for decimals in (2, None):
        exact = Edition(
            system=e.system,
            units=e.units,
            subscores=e.subscores,
            reported_totals=sums,
            decimals=decimals,
        )
        assert "largest |recomputed - printed total| = 0\n" in verify(exact).summary() + "\n"


def test_summary_figures_at_the_printed_precision():
    # Guangdong's printed total raised by 0.5: 45.68 against its sub-scores' 45.18
    e = idx.load_2017()
    sums = np.round(np.array(e.subscores).sum(axis=1), 2)
    sums[e.units.index("Guangdong")] += 0.5
    wrong = Edition(
        system=e.system, units=e.units, subscores=e.subscores, reported_totals=sums, decimals=2
    )
    summary = verify(wrong).summary()
    assert "largest |recomputed - printed total| = 0.50" in summary
    assert "total mismatch: Guangdong: printed 45.68, recomputed 45.18 (off by -0.50)" in summary
