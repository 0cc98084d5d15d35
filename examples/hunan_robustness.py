"""How robust is Hunan's 14th place? The exact and sampled answers, side by side."""

import idx

edition = idx.load_2017()
hunan = edition.units.index("Hunan")

# 1. The printed figures: the totals (Shaanxi 28.07, Hunan 28.06) confirm the report's
#    order, but both sets of sub-scores sum to 28.07, and every total under other weights
#    is built from the sub-scores: those analyses start from a tie.
check = idx.verify(edition)
for pair in check.confirmed_by_totals:
    print(f"{pair.ahead} ahead of {pair.behind}: {pair.status}; {pair.reason}")
print(f"undecided pairs: {len(check.ambiguous)}")

# 2. Exact: how far can one weight move before any rank changes?
print(idx.stability_intervals(edition).to_frame()[["pillar", "weight", "lower", "upper"]])

# 3. Exact: the smallest weight change that lifts Hunan above Henan (12th), and that
#    drops it below Liaoning (15th), with every weight within +/-25% of the published one.
space = idx.WeightSpace.around(edition.system, 0.25)
print(idx.reversal(edition, "Henan", "Hunan", space).summary())
print(idx.reversal(edition, "Hunan", "Liaoning", space).summary())

# 4. Exact: Hunan's best and worst attainable rank over the whole space (MILP).
bounds = idx.rank_range(edition, space)
print(f"rank range under +/-25%: {bounds.best[hunan]} to {bounds.worst[hunan]}")

# 5. Sampled: the distribution of Hunan's rank, JRC-style factors, 200,000 scenarios.
factors = idx.WeightSpace.around(edition.system, 0.25, mode="factors")
mc = idx.monte_carlo(edition, factors, 200_000, seed=2017)
print(
    f"median {mc.median[hunan]}, 90% interval {mc.percentile(5)[hunan]}-{mc.percentile(95)[hunan]}, "
    f"P(13th or better) {mc.probability_top(13)[hunan]:.3f}"
)

# 6. Weights or rounding? Sobol indices with all weights as one factor group and the
#    rounding of every printed sub-score (+/-0.005) as another.
inputs = idx.Uncertainty(weights=factors, rounding=True)
grouped = idx.sobol(edition, inputs, 1024, seed=2017, group_weights=True, outputs=("rank",))
for j, factor in enumerate(grouped.factors):
    print(f"{factor}: total index of Hunan's rank {grouped.total[0, hunan, j]:.3f}")
