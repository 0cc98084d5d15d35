"""Shared known answers: Table 2 of the 2017 report, transcribed by hand.

Columns: rank, region as printed, the six weighted sub-scores (infrastructure,
innovation, digital economy, Internet application, cyber security, cyber
regulation) and the printed total.
"""

PILLARS = (
    "infrastructure",
    "innovation",
    "digital_economy",
    "application",
    "security",
    "regulation",
)
WEIGHTS_2017 = (0.18, 0.16, 0.16, 0.25, 0.13, 0.12)

TABLE_2 = [
    (1, "Guangdong", (5.75, 7.69, 7.65, 16.27, 3.83, 3.99), 45.19),
    (2, "Beijing", (6.66, 5.68, 5.51, 18.93, 3.57, 4.35), 44.70),
    (3, "Zhejiang", (7.34, 6.73, 6.46, 14.60, 2.93, 4.31), 42.36),
    (4, "Jiangsu", (7.44, 7.60, 6.62, 13.03, 3.57, 3.65), 41.92),
    (5, "Shanghai", (6.47, 4.18, 4.50, 16.81, 3.05, 3.93), 38.94),
    (6, "Fujian", (5.53, 2.89, 3.89, 14.46, 3.66, 3.00), 33.43),
    (7, "Sichuan", (5.19, 2.79, 3.65, 12.50, 4.17, 3.74), 32.04),
    (8, "Shandong", (5.98, 4.69, 3.72, 11.24, 2.81, 3.01), 31.45),
    (9, "Tianjin", (5.49, 3.50, 2.67, 12.40, 3.91, 2.72), 30.69),
    (10, "Hubei", (3.94, 2.69, 4.35, 11.86, 4.39, 3.11), 30.34),
    (11, "Anhui", (2.52, 3.20, 3.26, 11.98, 5.22, 2.68), 28.86),
    (12, "Henan", (6.49, 2.94, 2.82, 8.95, 3.27, 3.73), 28.20),
    (13, "Shaanxi", (3.32, 2.50, 2.94, 12.50, 3.58, 3.23), 28.07),
    (14, "Hunan", (5.39, 2.50, 2.50, 12.43, 2.70, 2.55), 28.06),
    (15, "Liaoning", (6.36, 2.42, 3.22, 10.24, 2.56, 3.02), 27.81),
    (16, "Hainan", (2.89, 2.01, 2.46, 13.98, 3.63, 2.66), 27.62),
    (17, "Chongqing", (5.76, 2.48, 3.08, 10.08, 3.32, 2.84), 27.57),
    (18, "Shanxi", (4.34, 2.11, 2.76, 10.19, 4.59, 2.85), 26.83),
    (19, "Hebei", (6.55, 2.31, 2.34, 8.47, 3.62, 3.02), 26.31),
    (20, "Guizhou", (4.89, 2.63, 2.26, 9.86, 3.49, 2.87), 25.99),
    (21, "Qinghai", (3.94, 2.40, 2.32, 9.25, 5.32, 2.60), 25.81),
    (22, "Guangxi", (4.61, 2.18, 1.97, 10.09, 3.70, 2.92), 25.48),
    (23, "Xinjiang", (3.63, 2.78, 2.44, 8.21, 4.51, 3.84), 25.41),
    (24, "Jiangxi", (4.30, 2.49, 2.51, 9.86, 2.92, 2.57), 24.64),
    (25, "Inner Mongolia", (4.39, 1.61, 2.29, 8.90, 4.31, 2.89), 24.41),
    (26, "Ningxia", (5.20, 1.87, 2.64, 7.49, 4.48, 2.69), 24.37),
    (27, "Heilongjiang", (3.94, 2.18, 1.99, 9.27, 2.93, 2.81), 23.12),
    (28, "Yunnan", (1.90, 2.12, 2.60, 10.56, 4.33, 1.24), 22.74),
    (29, "Xizang (Tibet)", (1.97, 0.77, 1.69, 7.46, 6.99, 3.49), 22.37),
    (30, "Jilin", (4.73, 1.85, 1.83, 8.35, 2.76, 2.77), 22.30),
    (31, "Gansu", (3.22, 2.35, 2.39, 7.96, 4.45, 1.91), 22.28),
]


def assert_matches_table_2(edition):
    """Every unit, sub-score, total and rank of ``edition`` equals TABLE_2, row by row."""
    import idx

    assert edition.n_units == len(TABLE_2)
    for row, (rank, region, subscores, total) in enumerate(TABLE_2):
        assert edition.units[row] == idx.canonical_province(region)
        assert tuple(edition.subscores[row]) == subscores
        assert edition.reported_totals[row] == total
        assert edition.reported_ranks[row] == rank
