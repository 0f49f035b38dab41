"""The market example of the scenario reference (``docs/markets.md``) is a valid market."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from zerozone.data.markets import Market

DOC = Path(__file__).resolve().parents[2] / "docs" / "markets.md"


def test_the_documented_market_example_validates_hour_by_hour() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    market_block, interconnector_block = blocks
    entry = yaml.safe_load(market_block)["markets"][0]
    entry["interconnector"] = yaml.safe_load(interconnector_block)["interconnector"]
    market = Market.model_validate(entry)
    assert market.interconnector is not None
    assert market.interconnector.overnight_usd_per_mw == 260_000 + 694 * 230
    for year in range(2025, 2051):
        assert (market.export_prices(year) <= market.import_prices(year)).all()
        assert abs(market.export_prices(year).mean() - 70.0) < 0.7  # the mean stays the price
