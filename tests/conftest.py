"""Small example scenarios shared by the tests (the bundled ones are tested separately)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

TWO_ZONES: dict[str, Any] = {
    "name": "two_zones",
    "title": {"en": "Two test zones", "az": "İki sınaq zonası"},
    "timezone": "Asia/Baku",
    "policy": {
        "target_year": 2035,
        "periods": [2025, 2030, 2035],
        "discount_rate": 0.07,
        "emission_cap": {"shape": "linear", "start_year": 2025, "start_t": "0.1 Mt"},
        "source": "assumption: test data",
    },
    "zones": [
        {
            "id": "north",
            "name": {"en": "North", "az": "Şimal"},
            "bbox": {"lon_min": 46.0, "lat_min": 39.5, "lon_max": 47.0, "lat_max": 40.2},
            "weather_site": {"lat": 39.8, "lon": 46.7},
            "climate": {
                "annual_ghi_kwh_m2": 1700,
                "wind_capacity_factor": 0.3,
                "hydro_capacity_factor": 0.35,
                "mean_temperature_c": 12,
                "seasonal_temperature_amplitude_c": 12,
                "diurnal_temperature_amplitude_c": 5,
                "source": "assumption: test data",
            },
            "source": "assumption: test data",
        },
        {
            "id": "south",
            "name": {"en": "South", "az": "Cənub"},
            "bbox": {"lon_min": 46.0, "lat_min": 38.8, "lon_max": 47.5, "lat_max": 39.5},
            "weather_site": {"lat": 39.4, "lon": 47.0},
            "climate": {
                "annual_ghi_kwh_m2": 1780,
                "wind_capacity_factor": 0.22,
                "hydro_capacity_factor": 0.3,
                "mean_temperature_c": 14,
                "seasonal_temperature_amplitude_c": 12,
                "diurnal_temperature_amplitude_c": 6,
                "source": "assumption: test data",
            },
            "source": "assumption: test data",
        },
    ],
    "settlements": [
        {
            "id": "alpha",
            "name": {"en": "Alpha", "az": "Alfa"},
            "zone": "north",
            "location": {"lat": 39.9, "lon": 46.9},
            "population": {
                2024: {"central": 20000},
                2035: {"central": 40000, "low": 30000, "high": 50000},
            },
            "source": "assumption: test data",
        },
        {
            "id": "beta",
            "name": {"en": "Beta", "az": "Beta"},
            "zone": "south",
            "kind": "village",
            "smart": True,
            "location": {"lat": 39.1, "lon": 46.7},
            "population": {2024: {"central": 900}},
            "source": "assumption: test data",
        },
    ],
    "technologies": [
        {
            "id": "solar",
            "name": {"en": "Solar PV", "az": "Günəş FES"},
            "kind": "solar",
            "mount": "fixed",
            "capex_usd_per_kw": {2025: 640, 2035: 520},
            "fixed_om_share": 0.02,
            "lifetime_years": 30,
            "source": "assumption: test data",
        },
        {
            "id": "wind",
            "name": {"en": "Wind", "az": "Külək"},
            "kind": "wind",
            "capex_usd_per_kw": {2025: 1500},
            "fixed_om_share": 0.012,
            "lifetime_years": 25,
            "source": "assumption: test data",
        },
        {
            "id": "battery",
            "name": {"en": "Battery", "az": "Batareya"},
            "kind": "battery",
            "capex_usd_per_kw": {2025: 300},
            "energy_capex_usd_per_kwh": {2025: 250},
            "lifetime_years": 15,
            "efficiency": 0.9,
            "source": "assumption: test data",
        },
        {
            "id": "gas",
            "name": {"en": "Gas turbine", "az": "Qaz turbini"},
            "kind": "thermal",
            "fuel": "natural_gas",
            "capex_usd_per_kw": {2025: 640},
            "lifetime_years": 25,
            "efficiency": 0.4,
            "source": "assumption: test data",
        },
    ],
    "fuels": [
        {
            "id": "natural_gas",
            "name": {"en": "Natural gas", "az": "Təbii qaz"},
            "price_usd_per_mwh": {2025: 20},
            "emission_factor_t_per_mwh": 0.202,
            "source": "IPCC 2006 Vol. 2 ch. 2; price assumption: test data",
        },
    ],
    "plants": [
        {
            "name": "Old gas",
            "technology": "gas",
            "zone": "south",
            "capacity_mw": 20,
            "commissioning_year": 2010,
            "retirement_year": 2032,
            "source": "assumption: test data",
        },
    ],
    "committed": [
        {
            "name": "New solar",
            "technology": "solar",
            "zone": "south",
            "capacity_mw": "10 MW",
            "year": 2027,
            "source": "assumption: test data",
        },
        {
            "name": "Line upgrade",
            "link": "north_south",
            "capacity_mw": 50,
            "year": 2030,
            "source": "assumption: test data",
        },
    ],
    "potentials": [
        {
            "zone": "north",
            "technology": "wind",
            "max_capacity_mw": "0.2 GW",
            "source": "assumption: test data",
        },
    ],
    "demand": {
        "base_year": 2024,
        "sectors": [
            {
                "sector": "residential",
                "per_capita_mwh": 1.2,
                "annual_growth": 0.01,
                "source": "assumption: test data",
            },
            {"sector": "space_heat", "per_capita_mwh": 3.0, "source": "assumption: test data"},
            {
                "sector": "transport",
                "per_capita_mwh": 1.5,
                "fuel": "natural_gas",
                "electrification": {2024: 0.0, 2035: 0.5},
                "source": "assumption: test data",
            },
        ],
    },
    "links": [
        {
            "id": "north_south",
            "name": {"en": "North-South", "az": "Şimal-Cənub"},
            "from_zone": "north",
            "to_zone": "south",
            "capacity_mw": {2020: 100},
            "length_km": 60,
            "expandable": True,
            "capex_usd_per_mw_km": 1500,
            "source": "assumption: test data",
        },
    ],
    "markets": [
        {
            "id": "mainland",
            "name": {"en": "Mainland grid", "az": "Əsas şəbəkə"},
            "zone": "north",
            "import_capacity_mw": {2020: 50},
            "export_capacity_mw": {2020: 50},
            "import_price_usd_per_mwh": {2025: 70},
            "export_price_usd_per_mwh": {2025: 40},
            "emission_factor_t_per_mwh": {2025: 0.45, 2050: 0.1},
            "source": "assumption: test data",
        },
    ],
}


@pytest.fixture
def two_zones() -> dict[str, Any]:
    """A small valid scenario as a plain dict (a fresh copy each time, safe to modify)."""
    return copy.deepcopy(TWO_ZONES)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites the golden result files instead of comparing with them."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current results",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether the run was asked to rewrite the golden files."""
    return bool(request.config.getoption("--update-golden"))
