"""GPC BASIC inventory: totals are sums of their parts, EV charging counted once, PV, factors."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mrv.conftest import add

from zerozone.data import load_scenario
from zerozone.data.schema import Scenario
from zerozone.mrv import registry
from zerozone.mrv.factors import (
    GAS_T_PER_MWH_IPCC,
    AnnualFactor,
    FactorError,
    PlanFactor,
    SeriesFactor,
    grid_factor,
    model_hour_factors,
)
from zerozone.mrv.gpc import build_inventory, hourly_emissions
from zerozone.mrv.ingest import ingest_json_batch
from zerozone.mrv.registry import MeterKind, MeterSpec, Register, Sector, SiteKind
from zerozone.results.run_directory import read_run

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


@functools.cache
def default_scenario() -> Scenario:
    return load_scenario("default")


KINDS = [
    MeterKind.GRID_IMPORT,
    MeterKind.GRID_EXPORT,
    MeterKind.PV_GENERATION,
    MeterKind.EV_CHARGER,
    MeterKind.GAS,
    MeterKind.HEAT_PUMP,
]


def hourly_rows(meter: str, values: list[float]) -> list[dict]:
    return [
        {"meter": meter, "ts": (T0 + dt.timedelta(hours=i + 1)).isoformat(), "value": v}
        for i, v in enumerate(values)
    ]


SITE = st.tuples(
    st.sampled_from(["aghali", "khankendi", "shusha", "jabrayil"]),
    st.sampled_from(["residential", "commercial_institutional", "charger"]),
    st.lists(st.sampled_from(KINDS), min_size=1, max_size=4, unique=True),
    st.lists(st.floats(0, 50, allow_nan=False), min_size=6, max_size=6),
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sites=st.lists(SITE, min_size=1, max_size=6))
def test_totals_equal_the_sum_of_their_parts(con: duckdb.DuckDBPyConnection, sites: list) -> None:
    registry.register_places(con, default_scenario())
    con.execute("DELETE FROM readings; DELETE FROM hourly; DELETE FROM meters; DELETE FROM sites")
    rows, grid_kwh, gas_kwh = [], 0.0, 0.0
    for n, (place, use, kinds, values) in enumerate(sites):
        site_kind = SiteKind.CHARGER if use == "charger" else SiteKind.BUILDING
        sector = None if use == "charger" else Sector(use)
        for kind in kinds:
            meter = f"{n}-{kind.value}"
            registry.add_meter(
                con,
                MeterSpec(
                    meter,
                    place,
                    f"site{n}",
                    kind,
                    register=Register.INTERVAL,
                    interval_minutes=60,
                    site_kind=site_kind,
                    sector=sector,
                ),
            )
            rows += hourly_rows(meter, values)
        # a site's grid use: its import meter, else its charger meters
        if MeterKind.GRID_IMPORT in kinds or MeterKind.EV_CHARGER in kinds:
            grid_kwh += sum(values)
        if MeterKind.GAS in kinds and site_kind is SiteKind.BUILDING:
            gas_kwh += sum(values)
    ingest_json_batch(con, rows)
    inventory = build_inventory(con, 2026, AnnualFactor(0.5, "test"))
    table = inventory.rows
    scope2 = table[table["scope"] == 2]
    assert scope2["mwh"].sum() == pytest.approx(grid_kwh / 1000.0)
    assert scope2["t_co2"].sum() == pytest.approx(0.5 * grid_kwh / 1000.0)
    assert table[table["scope"] == 1]["t_co2"].sum() == pytest.approx(
        GAS_T_PER_MWH_IPCC * gas_kwh / 1000.0
    )
    settlements = inventory.settlement_totals().set_index("settlement_id")
    for place, rows_of_place in table.groupby("settlement_id"):
        assert settlements.loc[place, "t_co2"] == pytest.approx(rows_of_place["t_co2"].sum())
    zones = inventory.zone_totals().set_index("zone_id")
    for zone, members in settlements.groupby("zone_id"):
        assert zones.loc[zone, "t_co2"] == pytest.approx(members["t_co2"].sum())
        assert zones.loc[zone, "mwh"] == pytest.approx(members["mwh"].sum())
    place = str(settlements.index[0])
    hourly = hourly_emissions(con, place, 2026, AnnualFactor(0.5, "test"))
    assert hourly["t_co2"].sum() == pytest.approx(settlements.loc[place, "t_co2"])
    combined = inventory.table()
    totals = combined[combined["gpc_ref"] == "TOTAL"]
    assert totals[totals["settlement_id"] == "*"]["t_co2"].sum() == pytest.approx(
        table["t_co2"].sum()
    )


def test_ev_charging_counted_once_and_pv_self_consumption(con: duckdb.DuckDBPyConnection) -> None:
    common = {"register": Register.INTERVAL, "interval_minutes": 60}
    add(con, "imp", site="house", **common)
    add(con, "ev", MeterKind.EV_CHARGER, site="house", **common)
    add(con, "pv", MeterKind.PV_GENERATION, site="house", **common)
    add(con, "exp", MeterKind.GRID_EXPORT, site="house", **common)
    add(con, "pub", site="charger", site_kind=SiteKind.CHARGER, sector=None, **common)
    # a school whose only meter is its charger: the charger's energy is still counted, in II.1
    add(con, "school-ev", MeterKind.EV_CHARGER, site="school", **common)
    ingest_json_batch(
        con,
        hourly_rows("imp", [10.0, 2.0])
        + hourly_rows("ev", [4.0, 4.0])
        + hourly_rows("pv", [0.0, 6.0])
        + hourly_rows("exp", [0.0, 1.0])
        + hourly_rows("pub", [7.0, 0.0])
        + hourly_rows("school-ev", [0.5, 0.5]),
    )
    inventory = build_inventory(con, 2026, AnnualFactor(1.0, "one"))
    mwh = inventory.rows.set_index(["gpc_ref", "scope"])["mwh"] * 1000.0
    assert mwh[("I.1", 2)] == pytest.approx(6.0 + 0.0)
    assert mwh[("II.1", 2)] == pytest.approx(4.0 + 2.0 + 7.0 + 1.0)
    assert mwh[("II.1", 1)] == 0.0
    assert inventory.rows.set_index(["gpc_ref", "scope"]).loc[("II.1", 1), "notation"] == "NE"
    info = inventory.information.set_index("settlement_id").iloc[0] * 1000.0
    assert (info["pv_generation_mwh"], info["pv_self_consumed_mwh"], info["pv_exported_mwh"]) == (
        pytest.approx(6.0),
        pytest.approx(5.0),
        pytest.approx(1.0),
    )
    assert info["ev_charging_mwh"] == pytest.approx(9.0)
    hourly = hourly_emissions(con, "aghali", 2026, AnnualFactor(1.0, "one"))
    assert hourly["grid_mwh"].sum() * 1000.0 == pytest.approx(
        12.0 + 7.0 + 1.0
    )  # imports, public charger, school charger


def test_outputs_csv_and_json(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    add(con, "imp", register=Register.INTERVAL, interval_minutes=60)
    ingest_json_batch(con, hourly_rows("imp", [1000.0]))
    inventory = build_inventory(con, 2026, AnnualFactor())
    frame = pd.read_csv(inventory.write(tmp_path / "inv.csv"))
    assert set(frame["gpc_ref"]) == {"I.1", "I.2", "II.1", "TOTAL"}
    import json

    data = json.loads(inventory.write(tmp_path / "inv.json").read_text())
    assert data["zones"][0]["settlements"][0]["total_t_co2"] == pytest.approx(0.462)


def test_plan_factor_is_the_supply_weighted_emission_intensity(aghali_run: Path) -> None:
    run = read_run(aghali_run)
    by_hour = model_hour_factors(run.scenario, run.tables)
    dispatch = run.tables["dispatch"]
    flows = run.tables["flows"]
    key = by_hour.dropna().iloc[len(by_hour.dropna()) // 2]
    sel = (
        (dispatch["period"] == key.period)
        & (dispatch["day"] == key.day)
        & (dispatch["hour"] == key.hour)
    )
    generation = dispatch[sel & (dispatch["role"] == "generation")]["mw"].sum()
    fsel = (flows["period"] == key.period) & (flows["day"] == key.day) & (flows["hour"] == key.hour)
    imported = flows[fsel & (flows["direction"] == "import")]["mw"].sum()
    from zerozone.data.series import interpolate

    market_factor = interpolate(run.scenario.markets[0].emission_factor_t_per_mwh, int(key.period))
    expected = imported * market_factor / (generation + imported)  # aghali burns no fuel for power
    assert key.t_per_mwh == pytest.approx(expected)
    factor = PlanFactor.read(aghali_run)
    hours = factor.hourly(
        ["aghali"], pd.Timestamp("2026-01-01", tz="UTC"), pd.Timestamp("2027-01-01", tz="UTC")
    )
    assert len(hours) == 8760 and (hours["t_per_mwh"] >= 0).all()
    assert hours["t_per_mwh"].max() <= max(
        interpolate(run.scenario.markets[0].emission_factor_t_per_mwh, 2025), 0.5
    )
    with pytest.raises(FactorError, match="has no zone"):
        factor.hourly(
            ["karabakh"], pd.Timestamp("2026-01-01", tz="UTC"), pd.Timestamp("2026-01-02", tz="UTC")
        )


def test_hourly_series_factor_and_its_coverage(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    add(con, "imp", register=Register.INTERVAL, interval_minutes=60)
    ingest_json_batch(con, hourly_rows("imp", [1000.0, 1000.0]))
    path = tmp_path / "factors.csv"
    stamps = pd.date_range(T0, periods=2, freq="h", tz="UTC")
    pd.DataFrame({"ts": stamps.strftime("%Y-%m-%dT%H:%M:%SZ"), "t_per_mwh": [0.1, 0.3]}).to_csv(
        path, index=False
    )
    inventory = build_inventory(con, 2026, grid_factor(str(path)))
    assert inventory.rows["t_co2"].sum() == pytest.approx(0.4)
    path.write_text("ts,t_per_mwh\n2026-02-01T00:00:00Z,0.1\n")
    with pytest.raises(FactorError, match="no factor for 1 zone-hours"):
        build_inventory(con, 2026, SeriesFactor.read(path))
    path.write_text("ts,t_per_mwh\n2026-02-01T00:00:00,0.1\n")
    with pytest.raises(FactorError, match="UTC offset"):
        SeriesFactor.read(path)
    with pytest.raises(FactorError, match="not a number, a run directory"):
        grid_factor(str(tmp_path / "nothing"))
    assert np.isclose(
        grid_factor("0.3").hourly(
            ["aghali"], pd.Timestamp(T0), pd.Timestamp(T0) + pd.Timedelta(hours=2)
        )["t_per_mwh"],
        0.3,
    ).all()
