"""The ensemble's market price multiplier scales the level of hourly (shaped) market prices."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from tests.ensemble.conftest import SOURCE, uncertain_aghali_data

from zerozone.data import parse_scenario
from zerozone.ensemble.apply import apply_sample

EVENING = [0.85] * 16 + [1.3] * 8
"""Export multipliers: cheap by day, dear in the evening; they average 1."""


def test_a_price_multiplier_scales_shaped_prices_and_keeps_their_shape() -> None:
    data = uncertain_aghali_data()
    data["markets"][0]["export_price_shape"] = {2025: EVENING}
    data["uncertainty"]["market_prices"] = [
        {
            "id": "grid",
            "multiplier": {"kind": "uniform", "low": 0.5, "high": 1.5},
            "source": SOURCE,
        }
    ]
    base = parse_scenario(yaml.safe_dump(data), "shaped")
    row = {
        "cost:solar:2025": 1.0,
        "cost:solar:2050": 1.0,
        "population_variant": "central",
        "discount_rate": 0.08,
        "market_price:grid": 1.3,
    }
    future = apply_sample(base, row)
    before, after = base.markets[0], future.markets[0]
    assert after.export_price_shape == before.export_price_shape
    assert after.export_prices(2030) == pytest.approx(1.3 * before.export_prices(2030))
    assert after.import_prices(2030) == pytest.approx(1.3 * before.import_prices(2030))
    assert float(np.mean(after.export_prices(2030))) == pytest.approx(
        1.3 * before.export_price_usd_per_mwh[2025]
    )
