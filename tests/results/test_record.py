"""The run directory is a complete record: every asset with its costs, and the profiles used."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zerozone.data.economics import annuity_factor
from zerozone.model.pipeline import stored_time_structure
from zerozone.model.time import build_time_structure
from zerozone.profiles.extremes import ExtremeScope, extreme_indicators
from zerozone.profiles.scenario import scenario_profiles
from zerozone.results import derived
from zerozone.results.profiles import hourly_profiles
from zerozone.results.run_directory import RunDirectory


def _in_service(builds: pd.DataFrame, period: int) -> pd.Series:
    retire = builds["retire_year"].fillna(np.inf)
    return (builds["build_year"] <= period) & (period < retire)


def test_builds_add_up_to_the_capacity_in_service(two_zone_run: RunDirectory) -> None:
    builds = two_zone_run.tables["builds"]
    assert set(builds["status"]) == {"existing", "committed", "planned"}
    techs = builds[builds["asset"] == "technology"]
    capacity = two_zone_run.tables["capacity"].set_index(["zone", "tech", "period"])
    for period in two_zone_run.periods:
        active = techs[_in_service(techs, period)]
        summed = active.groupby(["zone", "tech"])[["capacity_mw", "energy_mwh"]].sum()
        for (zone, tech), row in summed.iterrows():
            if row["capacity_mw"] < 1e-6 and row["energy_mwh"] < 1e-6:
                continue
            stored = capacity.loc[(zone, tech, period)]
            assert row["capacity_mw"] == pytest.approx(stored["capacity_mw"], abs=1e-5)
            assert row["energy_mwh"] == pytest.approx(stored["energy_mwh"], abs=1e-5)
        planned = active[active["status"] == "planned"]
        new = capacity.xs(period, level="period")["new_mw"]
        built_now = planned[planned["build_year"] == period].groupby(["zone", "tech"])
        for key, mw in built_now["capacity_mw"].sum().items():
            assert mw == pytest.approx(float(new.loc[key]), abs=1e-5)


def test_link_builds_carry_the_capital_the_planner_paid(two_zone_run: RunDirectory) -> None:
    builds = two_zone_run.tables["builds"]
    links = builds[(builds["asset"] == "link") & (builds["status"] == "planned")]
    assert len(links) and (links["capacity_mw"] > 0).all()
    costs = two_zone_run.tables["costs"]
    rate = two_zone_run.scenario.policy.discount_rate
    for period in two_zone_run.periods:
        active = links[_in_service(links, period)]
        for link_id, frame in active.groupby("tech"):
            paid = costs[(costs["item"] == f"link:{link_id}") & (costs["period"] == period)]
            assert float(frame["annuity_usd_per_year"].sum()) == pytest.approx(
                float(paid["usd_per_year"].sum()), rel=1e-9
            )
            link = two_zone_run.scenario.link(str(link_id))
            assert frame["annuity_usd_per_year"].to_numpy() == pytest.approx(
                frame["overnight_usd"].to_numpy() * annuity_factor(rate, link.lifetime_years)
            )
    capacity = derived.link_capacity(two_zone_run).set_index(["link", "period"])["capacity_mw"]
    first, last = two_zone_run.periods[0], two_zone_run.periods[-1]
    link_id = str(links["tech"].iloc[0])
    assert capacity[(link_id, last)] > capacity[(link_id, first)] >= 5.0


def test_the_profiles_used_are_stored(two_zone_run: RunDirectory) -> None:
    scenario = two_zone_run.scenario
    fresh = scenario_profiles(scenario)
    stored = hourly_profiles(two_zone_run)
    assert stored.shape == fresh.shape == (8760, fresh.shape[1])
    pd.testing.assert_frame_equal(
        stored[fresh.columns].reset_index(drop=True), fresh.reset_index(drop=True)
    )
    structure = stored_time_structure(two_zone_run)
    scope = ExtremeScope(two_zone_run.meta["extremes"])
    again = build_time_structure(
        fresh,
        str(two_zone_run.meta["resolution"]),
        extreme_indicators(fresh, scenario, scope),
    )
    assert structure.n_days == again.n_days == len(two_zone_run.tables["time"])
    np.testing.assert_array_equal(structure.day_to_representative, again.day_to_representative)
    np.testing.assert_allclose(structure.day_weight, again.day_weight)
    pd.testing.assert_frame_equal(
        structure.profiles[again.profiles.columns], again.profiles, check_names=False
    )


def test_derived_totals_match_the_tables(two_zone_run: RunDirectory) -> None:
    emissions = two_zone_run.tables["emissions"]
    by_period = derived.emissions_by_period(two_zone_run)
    assert by_period.sum() == pytest.approx(emissions["t_per_year"].sum())
    assert derived.emissions_by_source(two_zone_run).sum().sum() == pytest.approx(by_period.sum())
    made = derived.generation_by_technology(two_zone_run)
    zones = derived.generation_by_zone(two_zone_run)
    assert made.sum().to_numpy() == pytest.approx(zones.sum().to_numpy())
    costs = derived.costs_by_category(two_zone_run)
    assert costs.sum().sum() == pytest.approx(two_zone_run.tables["costs"]["usd_per_year"].sum())
    losses = derived.link_losses(two_zone_run)
    link = two_zone_run.scenario.links[0]
    expected = losses["sent_mwh"].to_numpy() * (1 - link.efficiency)
    assert losses["lost_mwh"].to_numpy() == pytest.approx(expected)
    period = two_zone_run.periods[-1]
    flows = two_zone_run.tables["flows"]
    flows = flows[flows["period"] == period]
    bought = float(flows.loc[flows["direction"] == "import", "mw"].sum())
    sold = float(flows.loc[flows["direction"] == "export", "mw"].sum())
    received = sent = 0.0
    for zone in (link.from_zone, link.to_zone):
        into, out = derived.net_flows(two_zone_run, zone, period)
        received += float(into["mw"].sum())
        sent += float(out["mw"].sum())
    assert received - bought == pytest.approx((sent - sold) * link.efficiency)
    assert sent - sold > 0
    energy = derived.storage_energy(two_zone_run, period)
    capacity = two_zone_run.tables["capacity"]
    batteries = capacity[(capacity["kind"] == "battery") & (capacity["period"] == period)]
    assert float(energy.sum()) >= float(batteries["energy_mwh"].sum()) > 0
