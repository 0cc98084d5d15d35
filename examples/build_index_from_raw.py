"""Build a six-pillar index from raw indicators (ILLUSTRATIVE, MADE-UP DATA).

The raw table in ``examples/data/illustrative_raw_indicators.csv`` is invented to show
the mechanics: it covers the kinds of key assessment factors listed in the 2017
report's Table 1 for seven provinces, but no figure in it is real.
"""

from pathlib import Path

import pandas as pd

import idx
from idx.system import IndexSystem, Indicator, Pillar

INDICATORS = {
    "infrastructure": [
        Indicator(id="broadband_ports", name="Broadband access ports", unit="per 100 people"),
        Indicator(id="fibre_share", name="Share of optical-fibre users", unit="%"),
        Indicator(id="base_stations_4g", name="4G base stations", unit="per 10,000 people"),
    ],
    "innovation": [
        Indicator(id="patents", name="Patents registered", unit="per 10,000 people"),
        Indicator(id="rd_spending", name="R&D spending", unit="% of GDP"),
    ],
    "digital_economy": [
        Indicator(id="ict_revenue", name="ICT industry revenue", unit="% of GDP"),
        Indicator(id="ecommerce_sales", name="E-commerce sales", unit="% of GDP"),
    ],
    "application": [
        Indicator(id="internet_use_rate", name="Individuals using the Internet", unit="%"),
        Indicator(id="online_government", name="Online government services", unit="score"),
    ],
    "security": [
        Indicator(id="phishing_intercepted", name="Phishing sites intercepted", unit="%"),
        Indicator(id="security_awareness", name="Users' security awareness", unit="score"),
    ],
    "regulation": [
        Indicator(
            id="gov_weibo_accounts",
            name="Government Weibo/WeChat accounts",
            unit="per 100,000 people",
        ),
        Indicator(id="regulation_staff", name="Cyber regulation staff", unit="per 100,000 people"),
    ],
}

system = IndexSystem(
    pillars=tuple(
        Pillar(id=p.id, name=p.name, weight=p.weight, indicators=tuple(INDICATORS[p.id]))
        for p in idx.SYSTEM_2017
    ),
    name="2017 pillars with illustrative indicators",
)
raw = pd.read_csv(
    Path(__file__).parent / "data" / "illustrative_raw_indicators.csv",
    comment="#",
    index_col="province",
)
edition = idx.build(raw, system, normalisation="minmax")
print("ILLUSTRATIVE DATA ONLY: a six-pillar index built from made-up raw indicators")
print(edition.source)
print(idx.score(edition).to_frame()[["unit", "rank", "total"]].to_string(index=False))
