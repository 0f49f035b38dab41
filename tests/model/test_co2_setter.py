"""What sets the CO2 price: a zero cap's price on a kept day is named for what it is.

One zone served by solar and batteries, next to a market whose imports carry 0.1 t CO2/MWh,
under a zero cap; the peak-load day is kept as a day of its own (weight one day). Serving that
day's evening costs a year of battery and solar per MWh, far above the value of lost load, so the
last tonne under the cap is worth ten MWh of imports in that evening: the cap's shadow price is
that (a real marginal value, checked against the objective of a looser cap), and every output
must say it is set by serving the kept day, not a price paid for CO2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.model.conftest import BATTERY, SOLAR, SOLAR_SITES, SOURCE, scenario_of, tiny
from tests.model.test_duals import capped

from zerozone.cli.plan import binding_tables
from zerozone.finance.analysis import analyse_run
from zerozone.model.adequacy import calendar_date
from zerozone.model.inputs import KEPT_DAY_SHED_FACTOR
from zerozone.model.pipeline import run_plan
from zerozone.model.solve import PlanStatus
from zerozone.profiles.extremes import ExtremeScope, extreme_indicators
from zerozone.profiles.scenario import scenario_profiles
from zerozone.report.binding import binding_table
from zerozone.report.labels import Names
from zerozone.results import read_run
from zerozone.results.binding import co2_price_notes, co2_prices, kept_day_prices

IMPORT_T_PER_MWH = 0.1
IMPORT_USD_PER_MWH = 5.0
YEARS = 5
"""Years of the one period (2025-2029; at a discount rate of 0, its weight in the objective)."""


def beside_a_market(voll: float, cap_t: float = 0.0) -> dict[str, Any]:
    """Solar and batteries in ``solo``, imports at 5 USD/MWh and 0.1 t/MWh, one five-year period
    at a discount rate of 0 under ``cap_t`` [t/yr], the value of lost load ``voll``."""
    market = {
        "id": "neighbour",
        "name": {"en": "Neighbour", "az": "Qonşu"},
        "zone": "solo",
        "import_capacity_mw": {2000: 1000.0},
        "export_capacity_mw": {2000: 0.0},
        "import_price_usd_per_mwh": {2025: IMPORT_USD_PER_MWH},
        "export_price_usd_per_mwh": {2025: 0.0},
        "emission_factor_t_per_mwh": {2025: IMPORT_T_PER_MWH},
        "source": SOURCE,
    }
    raw = tiny(technologies=[SOLAR, BATTERY], potentials=SOLAR_SITES, markets=[market])
    raw["policy"].update(target_year=2029, last_period_years=YEARS)  # a 2025 cap above zero
    raw["policy"]["emission_cap"] = {"shape": "explicit", "values_t": {2025: cap_t, 2029: 0.0}}
    raw["policy"]["value_of_lost_load_usd_per_mwh"] = voll
    return raw


def peak_day(raw: dict[str, Any]) -> int:
    """The calendar day (0-based) of the year's peak load."""
    scenario = scenario_of(raw)
    hourly = scenario_profiles(scenario)
    load = next(
        i
        for i in extreme_indicators(hourly, scenario, ExtremeScope.SYSTEM)
        if i.name == "extreme:peak_load"
    )
    return int(load.values.argmax())


def planned(raw: dict[str, Any], out: Path | None = None) -> Any:
    """The plan on two representative days and the peak-load day kept."""
    return run_plan(scenario_of(raw), resolution="days:2", added_days=[peak_day(raw)], out=out)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zero cap, shedding at 1,000 USD/MWh: the kept day is served by building for it."""
    out = tmp_path_factory.mktemp("co2") / "run"
    result = planned(beside_a_market(voll=1000.0), out)
    assert result.status is PlanStatus.OPTIMAL
    return out


def test_a_zero_cap_priced_on_a_kept_day_names_the_hour_and_the_emitter(served: Path) -> None:
    meta = json.loads((served / "run.json").read_text())
    price = meta["co2_price_usd_per_t"]["2025"]
    record = meta["co2_price_set_by"]["2025"]
    raw = beside_a_market(voll=1000.0)
    assert record["source"] == "import" and record["item"] == "neighbour"
    assert record["kept_day"] and record["day_weight"] == 1.0
    assert record["calendar_day"] == peak_day(raw)
    assert record["time"].startswith(calendar_date(2019, peak_day(raw)))
    assert 1 <= record["hours_at_value"] <= 24
    assert record["unserved_mw"] == pytest.approx(0.0, abs=1e-6)  # served, not shed
    # a MWh in that hour is worth what building for it costs: above the value of lost load,
    # below the penalty on shedding a kept day's demand
    assert 1000.0 < record["value_usd_per_mwh"] < KEPT_DAY_SHED_FACTOR * 1000.0
    assert record["above_value_of_lost_load"] and record["reading"] == "kept_day_capacity"
    assert record["mwh_per_t"] == pytest.approx(1 / IMPORT_T_PER_MWH)
    expected = (record["value_usd_per_mwh"] - IMPORT_USD_PER_MWH) / IMPORT_T_PER_MWH
    assert price == pytest.approx(expected, rel=1e-6)
    assert record["implied_usd_per_t"] == pytest.approx(price, rel=1e-6)


def test_the_kept_day_price_is_the_saving_of_a_looser_cap(served: Path) -> None:
    """Not a degenerate dual: one tonne a year more (10 MWh of imports in the kept evening)
    saves the price, to a few per cent (the next tonnes go to hours worth a little less)."""
    meta = json.loads((served / "run.json").read_text())
    price = meta["co2_price_usd_per_t"]["2025"]
    step = 0.01  # t/yr: 0.1 MWh of imports in one hour of the kept day
    looser = planned(beside_a_market(voll=1000.0, cap_t=step))
    assert looser.outcome.objective is not None
    saving = (meta["objective_usd"] - looser.outcome.objective) / step / YEARS
    assert saving == pytest.approx(price, rel=0.02)


def test_every_summary_says_the_kept_day_price_is_not_a_price(served: Path) -> None:
    run = read_run(served)
    assert list(kept_day_prices(run.meta)) == [2025]
    for lang, words in (("en", "is not a price paid for CO2"), ("az", "ödənilən qiymət deyil")):
        notes = co2_price_notes(run.meta, lang, {"neighbour": "N"}, {"solo": "Solo"})
        assert len(notes) == 1 and words in notes[0] and "N" in notes[0]
        caption = binding_tables(run, lang)[0].caption
        assert isinstance(caption, str) and words in caption
        table = binding_table(analyse_run(run), Names(run.scenario, lang))
        assert table is not None and words in table.note
    note = co2_price_notes(run.meta, "en", {}, {})[0]
    assert "capacity built to serve that day" in note
    assert f"on {run.meta['co2_price_set_by']['2025']['time'][:10]} in solo" in note


def test_a_price_set_by_shedding_on_a_kept_day_says_so() -> None:
    """With lost load worth 1 USD/MWh, a kept day's demand costs 100 USD/MWh when shed: cheaper
    than building for it, so the kept evening sheds and the price is the penalty's."""
    result = planned(beside_a_market(voll=1.0))
    assert result.status is PlanStatus.OPTIMAL_WITH_UNSERVED
    record = result.meta["co2_price_set_by"]["2025"]
    assert record["unserved_mw"] > 0 and record["reading"] == "kept_day_penalty"
    assert record["value_usd_per_mwh"] == pytest.approx(KEPT_DAY_SHED_FACTOR * 1.0)
    price = co2_prices(result.tables["shadow_prices"])[2025]
    assert price == pytest.approx((100.0 - IMPORT_USD_PER_MWH) / IMPORT_T_PER_MWH, rel=1e-6)
    note = co2_price_notes(result.meta, "en", {}, {})
    assert len(note) == 1 and "penalty on demand left unserved" in note[0]


def test_an_ordinary_price_is_set_by_fuel_and_gets_no_note() -> None:
    """Gas under a cap that binds above zero: the last tonne is gas against solar and storage
    on a day standing for many, worth less than the value of lost load."""
    raw = capped(300.0)  # t/yr: the plan without a cap emits about 750
    result = run_plan(scenario_of(raw), resolution="days:2")
    record = result.meta["co2_price_set_by"]["2025"]
    assert record["source"] == "generation" and record["item"] == "gas"
    assert not record["above_value_of_lost_load"] and not record["kept_day"]
    assert record["reading"] == "operation"
    assert record["implied_usd_per_t"] == pytest.approx(
        result.meta["co2_price_usd_per_t"]["2025"], rel=1e-6
    )
    assert kept_day_prices(result.meta) == {}
    assert co2_price_notes(result.meta, "en", {}, {}) == []


def test_a_note_names_a_technology_by_its_output() -> None:
    """aghali's 2050 price, as its plan records it: a gas boiler's heat on a kept morning."""
    record = {
        "price_usd_per_t": 50045.5,
        "source": "heat",
        "item": "boiler",
        "zone": "solo",
        "time": "2019-02-06 07:00",
        "hours_at_value": 1,
        "value_usd_per_mwh": 11245.0,
        "t_per_mwh": 0.2244,
        "mwh_per_t": 4.456,
        "unserved_mw": 0.0,
        "value_of_lost_load_usd_per_mwh": 5000.0,
        "above_value_of_lost_load": True,
        "reading": "kept_day_capacity",
    }
    meta = {"co2_price_set_by": {"2050": record}}
    (note,) = co2_price_notes(meta, "en", {"boiler": "Gas boiler"}, {"solo": "Solo"})
    assert note.startswith("2050: the CO2 price of 50,046 USD/t is not a price paid for CO2.")
    assert "on 2019-02-06 in Solo" in note and "11,245 USD/MWh in 1 of its hours" in note
    assert "4.5 MWh of Gas boiler output at 0.224 t CO2/MWh" in note
    (az,) = co2_price_notes(meta, "az", {"boiler": "Qaz qazanı"}, {"solo": "Solo"})
    assert "4,5 MVt·saat (Qaz qazanı istehsalı)" in az
