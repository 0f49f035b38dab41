"""No-regret builds and fans, on tables made by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from zerozone.ensemble.summary import EnsembleTables, capacity_fan, no_regret, no_regret_value


def _tables(builds: dict[str, float]) -> EnsembleTables:
    rows = [
        {"key": key, "zone": "z", "tech": "solar", "period": 2030, "capacity_mw": mw, "new_mw": mw}
        for key, mw in builds.items()
    ]
    capacity = pd.DataFrame(rows)
    capacity["built_mw"] = capacity["new_mw"]
    return EnsembleTables(capacity, pd.DataFrame(), [k for k in builds if k != "central"])


def test_no_regret_is_what_nine_futures_in_ten_reach() -> None:
    # ten futures build 0, 1, ..., 9 MW: 9 of them (90 %) build at least 1 MW
    builds = {f"s{i:04d}": float(i) for i in range(10)} | {"central": 4.0}
    frame = no_regret(_tables(builds))
    row = frame.iloc[0]
    assert row["no_regret_mw"] == 1.0
    assert row["share_building"] == pytest.approx(0.9)
    assert row["central_mw"] == 4.0
    assert row["min_mw"] == 0.0 and row["max_mw"] == 9.0


def test_no_regret_counts_futures_without_the_technology_as_zero() -> None:
    # 20 futures; 19 build 5 MW, one builds nothing (no row): ceil(0.9 * 20) = 18 reach 5
    builds = {f"s{i:04d}": 5.0 for i in range(19)}
    tables = _tables(builds)
    tables.futures.append("s0019")
    assert no_regret(tables).iloc[0]["no_regret_mw"] == 5.0
    # with 3 futures without it, only 17 reach 5 MW: 0 is no-regret
    tables.futures += ["s0020", "s0021"]
    assert no_regret(tables).iloc[0]["no_regret_mw"] == 0.0


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3.0], 3.0), ([1.0, 2.0], 1.0), ([4.0, 1.0, 3.0, 2.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 2.0)],
)
def test_no_regret_value(values: list[float], expected: float) -> None:
    assert no_regret_value(values) == expected


def test_capacity_fan_quantiles() -> None:
    fan = capacity_fan(_tables({f"s{i}": float(i) for i in range(5)}))
    row = fan.iloc[0]
    assert row["q50"] == 2.0 and row["q05"] == pytest.approx(0.2) and row["mean"] == 2.0
