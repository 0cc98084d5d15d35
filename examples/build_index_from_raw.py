"""Build a six-pillar index from raw indicators, with the 2017 pillars and weights.

THE DATA ARE ILLUSTRATIVE AND MADE UP: examples/data/illustrative_raw_indicators.csv
holds invented figures for seven provinces, shaped like the key assessment factors
of Table 1 of the 2017 report (broadband ports, fibre share, 4G base stations,
patents, R&D spending, ICT revenue, e-commerce, Internet use, online government,
phishing sites intercepted, security awareness, government Weibo accounts,
regulation staff). No figure comes from the report or any statistics office.
"""

from pathlib import Path

import pandas as pd

import idx
from idx import weights

RAW_CSV = Path(__file__).resolve().parent / "data" / "illustrative_raw_indicators.csv"

# Which raw indicator measures which pillar (units of measure are as invented as the data).
INDICATORS = {
    "infrastructure": [
        ("broadband_ports", "Broadband access ports", "per 100 people"),
        ("fibre_share", "Share of optical-fibre users", "%"),
        ("base_stations_4g", "4G base stations", "per 10 000 people"),
    ],
    "innovation": [
        ("patents", "Patents registered", "per 10 000 people"),
        ("rd_spending", "R&D spending", "% of GDP"),
    ],
    "digital_economy": [
        ("ict_revenue", "ICT industry revenue", "% of GDP"),
        ("ecommerce_sales", "E-commerce sales", "% of GDP"),
    ],
    "application": [
        ("internet_use_rate", "Internet use rate", "%"),
        ("online_government", "Online government services", "score"),
    ],
    "security": [
        ("phishing_intercepted", "Phishing sites intercepted", "% of reported"),
        ("security_awareness", "Security awareness survey", "score"),
    ],
    "regulation": [
        ("gov_weibo_accounts", "Government Weibo accounts", "per 100 000 people"),
        ("regulation_staff", "Cyber regulation staff", "per million people"),
    ],
}

system = idx.IndexSystem(
    name="Illustrative index on the 2017 pillars",
    pillars=tuple(
        idx.Pillar(
            **pillar.model_dump(exclude={"indicators"}),
            indicators=tuple(
                idx.Indicator(id=i, name=name, unit=unit) for i, name, unit in INDICATORS[pillar.id]
            ),
        )
        for pillar in idx.SYSTEM_2017.pillars
    ),
)

raw = pd.read_csv(RAW_CSV, comment="#", index_col="province")
print("ILLUSTRATIVE, MADE-UP DATA: not figures from the 2017 report.\n")

edition = idx.build(raw, system, normalisation="minmax")
print(f"source: {edition.source}")
ranking = idx.score(edition)
print("Built index (min-max normalisation, equal weights within pillars, 2017 pillar weights):")
print(ranking.to_frame().round(2).to_string(index=False))

# The same raw table rebuilt with distance-to-best normalisation (the edition keeps its
# raw values), and under entropy weights.
by_best = idx.score(idx.rebuild(edition, normalisation="distance_to_best"))
entropy = weights.entropy(edition)
by_entropy = idx.score(edition, entropy.weights)
print("\nRanks under other choices:")
print(
    pd.DataFrame(
        {
            "unit": ranking.units,
            "minmax": ranking.ranks,
            "distance_to_best": by_best.ranks,
            "minmax, entropy weights": by_entropy.ranks,
        }
    )
    .sort_values("minmax", kind="stable")
    .to_string(index=False)
)
print("\nEntropy weights on the built pillar indices:")
print(entropy.to_frame().round(4).to_string(index=False))
print("\n(ILLUSTRATIVE DATA: the ranking above says nothing about real provinces.)")
