"""What would Hebei need to climb from 19th to 15th? And which pillar matters most?"""

import idx

edition = idx.load_2017()
space = idx.WeightSpace.around(edition.system, 0.25)  # every weight within +/-25%

# Four answers in one call: one pillar at a time and the cheapest combination at the
# published weights, robustly over the whole space, and with probability 0.9 over
# 20,000 weights drawn uniformly from it.
target = idx.improvement(edition, "Hebei", 15, space=space, probability=0.9, seed=2017)
print(target.summary())
print(
    target.to_frame()[["pillar", "index", "index_gain", "subscore_gain", "robust_gain"]]
    .round(2)
    .to_string(index=False)
)

# The robust answer carries its proof: the worst case at the gain, and weights at which
# a hair less fails.
application = target.robust[edition.pillars.index("application")]
print(
    f"application +{application.gain:.9f}: worst rank {application.worst_rank} at "
    f"{application.worst_weights.round(4)}; +{application.below_gain:.9f} ranks "
    f"{application.below_rank} at {application.below_weights.round(4)}"
)

# Moving the weights instead of the indices: no weights within +/-25% put Hebei 15th.
print(idx.weight_change_to_rank(edition, "Hebei", 15, space).summary())
print(idx.weight_change_to_rank(edition, "Hebei", 15).summary())  # any weights at all

# Which pillar matters most for the whole ranking?
factors = idx.WeightSpace.around(edition.system, 0.25, mode="factors")
print(
    idx.importance(edition, factors, n=4096, seed=2017).to_frame().round(3).to_string(index=False)
)

# Hebei on one page.
print(idx.profile(edition, "Hebei", space, seed=2017).summary())
