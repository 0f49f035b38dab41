"""Annuities, blended rates and period weights against hand calculations."""

from __future__ import annotations

import pytest
from tests.model.conftest import scenario_of, tiny

from zerozone.finance.annuity import (
    annuity_factor,
    blended_rate,
    financing_annuity,
    period_table,
)


def test_annuity_by_hand() -> None:
    # 0.08 / (1 - 1.08**-25) = 0.0936788 (capital recovery factor tables)
    assert annuity_factor(0.08, 25) == pytest.approx(0.0936788, abs=1e-7)
    assert annuity_factor(0.05, 30) == pytest.approx(0.0650514, abs=1e-7)
    assert annuity_factor(0.0, 20) == pytest.approx(0.05)


def test_annuity_repays_the_investment() -> None:
    rate, years = 0.07, 12
    payment = annuity_factor(rate, years)
    present = sum(payment / (1 + rate) ** (k + 1) for k in range(years))
    assert present == pytest.approx(1.0)


def test_blended_rate() -> None:
    assert blended_rate(0.08, 0.3, 0.01) == pytest.approx(0.059)
    assert blended_rate(0.08, 0.0, 0.01) == pytest.approx(0.08)
    with pytest.raises(ValueError):
        blended_rate(0.08, 1.5, 0.01)


def test_a_blend_repays_each_part_at_its_own_rate() -> None:
    # 70 % at 8 % and 30 % at 1 % over 40 years, capital recovery factors from the tables:
    # 0.7 x 0.0838602 + 0.3 x 0.0304556 = 0.0678388
    blend = financing_annuity(((0.7, 0.08), (0.3, 0.01)), 40)
    assert blend == pytest.approx(0.0678388, abs=1e-7)
    # the annuity at the average rate 5.9 % (0.0656...) would leave the market part short
    assert blend > annuity_factor(0.059, 40) + 0.002
    assert financing_annuity(0.08, 40) == pytest.approx(0.0838602, abs=1e-7)


def test_period_weights_by_hand() -> None:
    raw = tiny()
    raw["policy"].update(
        {"periods": [2025, 2030], "last_period_years": 2, "discount_rate": 0.1, "target_year": 2030}
    )
    table = period_table(scenario_of(raw))
    assert list(table["years"]) == [5, 2]
    first = sum(1.1**-k for k in range(5))
    second = 1.1**-5 + 1.1**-6
    assert table["weight"].tolist() == pytest.approx([first, second])
