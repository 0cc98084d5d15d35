"""Quick start: load the 2017 edition, check it, re-weight it, compare rankings."""

import idx

edition = idx.load_2017()  # Table 2 of the 2017 report, 31 provinces x 6 pillars
print(idx.verify(edition).summary())  # printed totals and ranks vs the sub-scores

# Give Internet application 35% and cyber security 8%; the other four share the rest
# in proportion to their published weights.
alt = idx.score(edition, {"application": 0.35, "security": 0.08})
print(alt.note)

shifts = idx.compare(edition, alt)  # against the published ranking
print(shifts.to_frame().head(10).to_string(index=False))
print(f"Spearman {shifts.spearman:.3f}, Kendall {shifts.kendall:.3f}")
