"""Cross-check against PyPSA: the exported network, solved by PyPSA, has zerozone's optimum.

PyPSA runs in its own pinned environment (``.venv-pypsa``, made by ``tools/pypsa_env.sh``): it
is not a dependency of zerozone. Each scenario is planned with :func:`run_plan` at ``weeks:1``,
exported with ``zerozone export-pypsa``'s function, solved by ``tools/pypsa_crosscheck.py`` and
the two objectives compared.
"""

from __future__ import annotations

import copy
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from tests.model.conftest import (
    BATTERY,
    BOILER,
    GAS,
    HEAT_PUMP,
    RESERVOIR,
    SOLAR,
    ZONE,
    inputs_of,
    scenario_of,
    tiny,
)

from zerozone.cli.export import export_pypsa_command
from zerozone.crosscheck import export_pypsa
from zerozone.model.pipeline import run_plan
from zerozone.model.solve import PlanStatus

ROOT = Path(__file__).resolve().parents[2]
PYPSA_PYTHON = ROOT / ".venv-pypsa" / "bin" / "python"
CROSSCHECK = ROOT / "tools" / "pypsa_crosscheck.py"
RELATIVE_TOLERANCE = 1e-6

needs_pypsa = pytest.mark.skipif(
    not PYPSA_PYTHON.exists(),
    reason=f"no PyPSA environment at {PYPSA_PYTHON}; create it with tools/pypsa_env.sh",
)

X = "assumption: test data"
WIND = {
    "id": "wind",
    "name": {"en": "Wind", "az": "Külək"},
    "kind": "wind",
    "capex_usd_per_kw": {2025: 1300, 2035: 1100},
    "lifetime_years": 25,
    "source": X,
}
PUMPED = {
    "id": "pumped",
    "name": {"en": "Pumped hydro", "az": "Nasos-akkumulyasiya"},
    "kind": "pumped_hydro",
    "capex_usd_per_kw": {2025: 1500},
    "lifetime_years": 60,
    "efficiency": 0.75,
    "storage_hours": 10,
    "source": X,
}
SHORT_BATTERY = dict(BATTERY, lifetime_years=8, capex_usd_per_kw={2025: 200, 2035: 120})
CHEAP_SOLAR = dict(SOLAR, capex_usd_per_kw={2025: 600, 2035: 400})


def _policy(cap: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "target_year": 2035,
        "periods": [2025, 2030, 2035],
        "last_period_years": 5,
        "discount_rate": 0.05,
        "emission_cap": cap,
        "source": X,
        **extra,
    }


def storage_and_heat() -> dict[str, Any]:
    """One zone: gas, solar, batteries (8-year life: rebuilt), an existing reservoir that
    retires in 2032 (new ones may be built up to a potential), heat pumps against gas boilers,
    transport fuel electrified by 2035, and a linear cap falling to zero in 2035."""
    raw = tiny(
        technologies=[GAS, CHEAP_SOLAR, SHORT_BATTERY, RESERVOIR, HEAT_PUMP, BOILER],
        potentials=[
            {"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": X},
            {"zone": "solo", "technology": "dam", "max_capacity_mw": 5, "source": X},
        ],
        plants=[
            {
                "name": "dam",
                "technology": "dam",
                "zone": "solo",
                "capacity_mw": 3,
                "commissioning_year": 1990,
                "retirement_year": 2032,
                "source": X,
            },
            {
                "name": "old gas",
                "technology": "gas",
                "zone": "solo",
                "capacity_mw": 2,
                "commissioning_year": 2000,
                "source": X,
            },
        ],
        policy=_policy({"shape": "linear", "start_year": 2025, "start_t": 6000.0, "source": X}),
    )
    raw["demand"]["sectors"] += [
        {"sector": "space_heat", "per_capita_mwh": 2.0, "source": X},
        {
            "sector": "transport",
            "per_capita_mwh": 0.5,
            "electrification": {2025: 0.2, 2035: 1.0},
            "fuel": "natural_gas",
            "source": X,
        },
    ]
    return raw


def two_zones_and_trade() -> dict[str, Any]:
    """Two zones joined by an expandable line, a market with falling import emissions,
    pumped hydro and wind under potentials, an existing gas plant retiring in 2031, a committed
    solar build, and an explicit cap falling to zero."""
    duo = copy.deepcopy(ZONE)
    duo.update(id="duo", name={"en": "Duo", "az": "Duo"})
    duo["weather_site"] = {"lat": 39.8, "lon": 46.8}
    duo["climate"] = dict(duo["climate"], wind_capacity_factor=0.38)
    raw = tiny(
        zones=[ZONE, duo],
        technologies=[GAS, CHEAP_SOLAR, WIND, BATTERY, PUMPED],
        potentials=[
            {"zone": "solo", "technology": "solar", "max_capacity_mw": 40, "source": X},
            {"zone": "duo", "technology": "wind", "max_capacity_mw": 15, "source": X},
            {"zone": "solo", "technology": "pumped", "max_capacity_mw": 3, "source": X},
        ],
        plants=[
            {
                "name": "duo gas",
                "technology": "gas",
                "zone": "duo",
                "capacity_mw": 4,
                "commissioning_year": 1995,
                "retirement_year": 2031,
                "source": X,
            }
        ],
        committed=[
            {
                "name": "solar park",
                "technology": "solar",
                "zone": "solo",
                "capacity_mw": 5,
                "year": 2030,
                "source": X,
            }
        ],
        links=[
            {
                "id": "line",
                "name": {"en": "Line", "az": "Xətt"},
                "from_zone": "solo",
                "to_zone": "duo",
                "capacity_mw": {2000: 2.0},
                "length_km": 80,
                "efficiency": 0.96,
                "expandable": True,
                "capex_usd_per_mw_km": 1500,
                "lifetime_years": 40,
                "source": X,
            }
        ],
        markets=[
            {
                "id": "grid",
                "name": {"en": "Grid", "az": "Şəbəkə"},
                "zone": "duo",
                "import_capacity_mw": {2000: 1.5, 2030: 2.5},
                "export_capacity_mw": {2000: 1.0},
                "import_price_usd_per_mwh": {2025: 70, 2035: 90},
                "export_price_usd_per_mwh": {2025: 35, 2035: 40},
                "emission_factor_t_per_mwh": {2025: 0.5, 2035: 0.3},
                "source": X,
            }
        ],
        policy=_policy({"shape": "explicit", "values_t": {2025: 5000.0, 2035: 0.0}, "source": X}),
    )
    raw["settlements"].append(
        {
            "id": "village",
            "name": {"en": "Village", "az": "Kənd"},
            "zone": "duo",
            "location": {"lat": 39.8, "lon": 46.8},
            "population": {2024: {"central": 6000}},
            "source": X,
        }
    )
    return raw


def budget_rate_and_share() -> dict[str, Any]:
    """An emission budget, a build-rate limit on solar and a minimum renewable share."""
    raw = tiny(
        technologies=[GAS, dict(CHEAP_SOLAR, max_build_mw_per_year=2.0), WIND, BATTERY],
        potentials=[
            {"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": X},
            {"zone": "solo", "technology": "wind", "max_capacity_mw": 1e5, "source": X},
        ],
        policy=_policy(
            {"shape": "budget", "budget_t": 12000.0, "source": X},
            min_renewable_share={2025: 0.85, 2035: 0.9},
        ),
    )
    return raw


EVENING_PEAK = [0.9] * 9 + [0.6] * 7 + [1.5] * 6 + [1.35] * 2
"""Export multipliers: a midday trough and an evening peak; they average 1."""


def hourly_trade_and_interconnector() -> dict[str, Any]:
    """Gas, solar and batteries against a market with hourly prices whose midday trough
    deepens from 2025 to 2035, reached beyond its contract only through an interconnector that
    may be built from 2030 (per MW and per MW-km, with fixed O&M), up to 3 MW; the import
    factor falls to zero with the cap."""
    raw = tiny(
        technologies=[GAS, CHEAP_SOLAR, SHORT_BATTERY],
        potentials=[{"zone": "solo", "technology": "solar", "max_capacity_mw": 30, "source": X}],
        markets=[
            {
                "id": "grid",
                "name": {"en": "Grid", "az": "Şəbəkə"},
                "zone": "solo",
                "import_capacity_mw": {2000: 0.5},
                "export_capacity_mw": {2000: 0.5},
                "import_price_usd_per_mwh": {2025: 45, 2035: 50},
                "export_price_usd_per_mwh": {2025: 30, 2035: 25},
                "import_price_shape": {2025: [1.0] * 24, 2035: [0.9] * 12 + [1.1] * 12},
                "export_price_shape": {2025: [1.0] * 24, 2035: EVENING_PEAK},
                "emission_factor_t_per_mwh": {2025: 0.3, 2035: 0.0},
                "interconnector": {
                    "from_year": 2030,
                    "max_capacity_mw": 3,
                    "capex_usd_per_mw": 100_000,
                    "capex_usd_per_mw_km": 500,
                    "length_km": 60,
                    "fixed_om_share": 0.02,
                    "lifetime_years": 40,
                    "source": X,
                },
                "source": X,
            }
        ],
        policy=_policy({"shape": "linear", "start_year": 2025, "start_t": 6000.0, "source": X}),
    )
    return raw


SCENARIOS = {
    "storage_and_heat": storage_and_heat,
    "two_zones_and_trade": two_zones_and_trade,
    "budget_rate_and_share": budget_rate_and_share,
    "hourly_trade_and_interconnector": hourly_trade_and_interconnector,
}


def crosscheck(run_dir: Path, network: Path) -> dict[str, Any]:
    """Export the run and solve it with PyPSA; the cross-check script's JSON."""
    export_pypsa_command(run_dir, network)
    done = subprocess.run(
        [str(PYPSA_PYTHON), str(CROSSCHECK), str(network)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@needs_pypsa
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_pypsa_reaches_the_same_optimum(name: str, tmp_path: Path) -> None:
    scenario = scenario_of(SCENARIOS[name]())
    clock = time.perf_counter()
    plan = run_plan(scenario, resolution="weeks:1", out=tmp_path / "run")
    zerozone_s = time.perf_counter() - clock
    # The strict problem is what is exported: an elastic (relaxed) optimum is not comparable.
    assert plan.status is PlanStatus.OPTIMAL
    objective = plan.outcome.objective
    assert objective is not None
    result = crosscheck(tmp_path / "run", tmp_path / "network.nc")
    assert result["termination"] == "optimal"
    assert result["objective_constant"] == 0.0
    difference = abs(result["objective"] - objective)
    print(
        f"{name}: zerozone {objective:.9e} ({zerozone_s:.1f} s, solve "
        f"{plan.meta['timings_s'].get('solve', float('nan')):.2f} s); PyPSA "
        f"{result['objective']:.9e} ({result['build_solve_s']:.1f} s); "
        f"relative difference {difference / abs(objective):.2e}"
    )
    assert difference <= RELATIVE_TOLERANCE * abs(objective)


def test_export_writes_pypsa_netcdf_layout(tmp_path: Path) -> None:
    import xarray as xr

    inputs = inputs_of(storage_and_heat())
    path = export_pypsa(inputs, tmp_path / "network.nc")
    with xr.open_dataset(path, engine="scipy") as ds:
        assert ds.sizes["snapshots"] == 3 * 7 * 24
        assert list(ds["investment_periods"].values) == [2025, 2030, 2035]
        assert ds["snapshots_stores"].values.tolist() == [1.0] * (3 * 7 * 24)
        names = [str(n) for n in ds["generators_i"].values]
        assert {"solo solar 2025", "solo gas existing 2025", "solo shed"} <= set(names)
        assert "solo dam existing 2030" in {str(n) for n in ds["storage_units_i"].values}
        assert "solo dam existing 2035" not in {str(n) for n in ds["storage_units_i"].values}
        constraints = dict(
            zip(
                (str(n) for n in ds["global_constraints_i"].values),
                ds["global_constraints_constant"].values,
                strict=True,
            )
        )
        years = 5.0
        fixed = float(inputs.fixed_emissions.sel(period=2025))
        assert constraints["emission cap 2025"] == pytest.approx((6000.0 - fixed) * years)


def test_export_refuses_representative_days(tmp_path: Path) -> None:
    with pytest.raises(NotImplementedError, match="representative days"):
        export_pypsa(inputs_of(storage_and_heat(), "days:4"), tmp_path / "network.nc")
