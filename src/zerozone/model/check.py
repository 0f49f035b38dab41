"""The hourly check of a plan: its capacities fixed, every hour of each period's full year.

A plan made on representative days is re-dispatched over the 8,760 hours of a weather year,
one investment period at a time, with everything it built fixed: power and energy capacity of
every technology in service in that period, the capacity of every link and each market's
import and export limits with the interconnectors built. The model is the
planner's own (:func:`zerozone.model.formulation.build_model`) on frozen inputs
(:func:`frozen_inputs`: nothing may be built, every store carried across the year, the period's
weight 1 so the objective is one year's operating cost). It is solved elastic: demand that
cannot be served is shed at the scenario's value of lost load and a cap that cannot be met is
exceeded at the planner's slack penalty, so the check always has an answer and reports both.

A period passes when the unserved energy (electricity and heat) is at most
:data:`UNSERVED_TOLERANCE` of its demand and its emissions at most the cap (within
:data:`EMISSION_TOLERANCE`).
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from zerozone.data import Scenario
from zerozone.data.economics import HOURS_PER_DAY, HOURS_PER_YEAR
from zerozone.data.kinds import VARIABLE_KINDS
from zerozone.data.weather import SYNTHETIC
from zerozone.model.builder import SLACK_PENALTY
from zerozone.model.formulation import PlanningModel, build_model
from zerozone.model.inputs import ModelInputs, build_inputs
from zerozone.model.solve import ALGORITHMS, _solve, solver_scaling
from zerozone.model.time import build_time_structure
from zerozone.profiles.scenario import scenario_profiles, weather_years
from zerozone.results.profiles import hourly_profiles
from zerozone.results.run_directory import RunDirectory

UNSERVED_TOLERANCE = 2e-5
"""Largest share of a period's demand (electricity and heat) that may go unserved in a passing
check [-]: 0.002 %, the reliability standard of Australia's National Electricity Market (expected
unserved energy at most 0.002 % of a region's annual energy, National Electricity Rules clause
3.9.3C); solver noise stays far below."""
EMISSION_TOLERANCE = 1e-4
"""Relative excess over the emission cap still passing (the solver's accuracy) [-]; a cap of
zero passes up to 1 t/yr."""
SHED_MW_TOLERANCE = 1e-3
"""Shed power below this is solver noise: the hour does not count as unserved [MW]."""
CHECK_ALGORITHMS = (("hipo", {"solver": "ipm", "run_crossover": "off"}), *ALGORITHMS)
"""HiPO without crossover first (the check needs no duals; on the default's 2050 year 26 s of CPU
against 34 s for IPX without crossover; 22 s since stores are carried in one hourly chain, see
``bench/README.md``), then the planner's algorithms in turn."""
OPERATING_CATEGORIES = ("operation", "imports", "exports", "unserved")
"""The categories of the ``costs`` table that make a period's operating cost (capital and the
fixed transport fuel left out, as the check changes neither)."""


@dataclass(frozen=True)
class PlanCapacity:
    """What a plan built, as the check fixes it.

    Attributes
    ----------
    capacity : pandas.DataFrame
        ``zone``, ``tech``, ``period``, ``capacity_mw`` [MW], ``energy_mwh`` [MWh] in service.
    links : pandas.DataFrame
        Planned link builds: ``tech`` (the link id), ``build_year`` [yr], ``retire_year`` [yr],
        ``capacity_mw`` [MW].
    markets : pandas.DataFrame
        ``market``, ``period``, ``import_capacity_mw`` and ``export_capacity_mw`` [MW]: each
        market's limits with the interconnector capacity the plan built in service.
    operating_cost : dict[int, float]
        The plan's operating cost per period (:data:`OPERATING_CATEGORIES`) [USD/yr].
    caps : dict[int, float]
        The emission cap per period (NaN: none), transport fuel included [t/yr].
    """

    capacity: pd.DataFrame
    links: pd.DataFrame
    markets: pd.DataFrame
    operating_cost: dict[int, float]
    caps: dict[int, float]

    @classmethod
    def of_run(cls, run: RunDirectory) -> PlanCapacity:
        """The capacities, operating costs and caps of a run directory's plan."""
        tables = run.tables
        builds = tables["builds"]
        links = builds[(builds["asset"] == "link") & (builds["status"] == "planned")]
        costs = tables["costs"]
        operating = costs[costs["category"].isin(OPERATING_CATEGORIES)]
        per_period = operating.groupby("period")["usd_per_year"].sum()
        caps = tables["caps"].set_index("period")["cap_t_per_year"]
        return cls(
            capacity=tables["capacity"][["zone", "tech", "period", "capacity_mw", "energy_mwh"]],
            links=links[["tech", "build_year", "retire_year", "capacity_mw"]],
            markets=tables["market_capacity"][
                ["market", "period", "import_capacity_mw", "export_capacity_mw"]
            ],
            operating_cost={int(p): float(per_period.get(p, 0.0)) for p in run.periods},
            caps={int(p): float(v) for p, v in caps.items()},
        )


@dataclass(frozen=True)
class CheckTask:
    """One re-dispatch: a period of a plan in one weather year (picklable, for a process pool)."""

    inputs: ModelInputs
    period: int
    weather_year: int
    weather: str
    plan_operating_cost: float
    cap: float
    threads: int = 1


def _grid(plan: PlanCapacity, inputs: ModelInputs, period: int, column: str) -> xr.DataArray:
    """``[zone, tech, period]`` the plan's ``column`` in ``period``, 0 where absent."""
    rows = plan.capacity[plan.capacity["period"] == period]
    values = rows.groupby(["zone", "tech"])[column].sum()
    index = pd.MultiIndex.from_product([inputs.zones, inputs.techs], names=["zone", "tech"])
    grid = values.reindex(index, fill_value=0.0).to_numpy(dtype=float)
    return xr.DataArray(
        grid.reshape(len(inputs.zones), len(inputs.techs), 1),
        coords={"zone": inputs.zones, "tech": inputs.techs, "period": [period]},
        dims=("zone", "tech", "period"),
    )


def _link_capacity(plan: PlanCapacity, inputs: ModelInputs, period: int) -> xr.DataArray:
    """``[link, period]`` existing and planned link capacity in service in ``period`` [MW]."""
    capacity = inputs.link_existing.sel(period=[period]).copy()
    for row in plan.links.itertuples():
        retire = float(row.retire_year)
        if int(row.build_year) <= period and (np.isnan(retire) or period < retire):
            capacity.loc[{"link": str(row.tech)}] += float(row.capacity_mw)
    return capacity


def _market_limit(
    plan: PlanCapacity, inputs: ModelInputs, period: int, column: str
) -> xr.DataArray:
    """``[market, period]`` the plan's import or export limit in ``period`` (``column``), its
    interconnectors included [MW]."""
    rows = plan.markets[plan.markets["period"] == period].set_index("market")[column]
    limit = inputs.import_capacity.sel(period=[period]).copy()
    for market in inputs.markets:
        limit.loc[{"market": market}] = float(rows.get(market, 0.0))
    return limit


def frozen_inputs(inputs: ModelInputs, period: int, plan: PlanCapacity) -> ModelInputs:
    """``inputs`` reduced to ``period`` with the plan's capacities as the only capacity.

    Nothing may be built (no potentials or build rates left to bind, no reserve rule: the
    capacities are the plan's), links hold the plan's capacity, the period weighs 1 (the
    objective is one year's operating cost [USD/yr]); an emission budget over the horizon is
    dropped (it has no per-period value to check).

    Parameters
    ----------
    inputs : ModelInputs
        The scenario's arrays over the hours to check (every period).
    period : int
        The investment period [yr].
    plan : PlanCapacity
        What the plan built.

    Returns
    -------
    ModelInputs
    """
    sliced: dict[str, Any] = {}
    for item in fields(inputs):
        value = getattr(inputs, item.name)
        if isinstance(value, xr.DataArray):
            if "period" in value.dims:
                value = value.sel(period=[period])
            if "build_period" in value.dims:
                value = value.sel(build_period=[period])
            sliced[item.name] = value
    policy = inputs.scenario.policy.model_copy(update={"reserve": None})
    sliced.update(
        scenario=inputs.scenario.model_copy(update={"policy": policy}),
        periods=[period],
        objective_weight=xr.ones_like(sliced["objective_weight"]),
        existing_capacity=_grid(plan, inputs, period, "capacity_mw"),
        existing_energy=_grid(plan, inputs, period, "energy_mwh"),
        can_build=xr.zeros_like(inputs.can_build),
        potential=xr.full_like(inputs.potential, np.inf),
        build_rate=xr.full_like(inputs.build_rate, np.inf),
        link_existing=_link_capacity(plan, inputs, period),
        link_expandable=xr.zeros_like(inputs.link_expandable),
        import_capacity=_market_limit(plan, inputs, period, "import_capacity_mw"),
        export_capacity=_market_limit(plan, inputs, period, "export_capacity_mw"),
        market_buildable=xr.zeros_like(sliced["market_buildable"]),
        emission_budget=None,
        zero_emission_periods=[p for p in inputs.zero_emission_periods if p == period],
    )
    return replace(inputs, **sliced)


def hourly_inputs(scenario: Scenario, hourly: pd.DataFrame) -> ModelInputs:
    """The scenario's arrays over the 8,760 hours of ``hourly`` (every period)."""
    return build_inputs(scenario, build_time_structure(hourly, "hourly"))


def check_weather(
    run: RunDirectory, source: str | None = None, years: list[int] | None = None
) -> list[tuple[int, str, pd.DataFrame]]:
    """The weather years to check a run in: ``(year, source, hourly profiles)`` each.

    Parameters
    ----------
    run : RunDirectory
        The run; without ``source`` and ``years``, its own weather year as stored.
    source : str, optional
        ``synthetic`` or the path of a weather file (:mod:`zerozone.profiles.weather_file`);
        the run's own source if not given.
    years : list of int, optional
        Weather years to check [yr]: the file's years, or for ``synthetic`` draws of the
        generator (the run's own first year is its own draw); all years of a file, else the
        run's first, if not given.

    Raises
    ------
    WeatherFileError
        If the weather file is unusable or lacks a year asked for.
    """
    scenario = run.scenario
    own = weather_years(scenario)
    if source is None and (years is None or list(years) == own[:1]):
        return [(own[0], scenario.weather.source, hourly_profiles(run))]
    settings = scenario.weather
    if source is not None and source != SYNTHETIC:
        source = str(Path(source).resolve())
    chosen = settings.model_copy(update={"source": source or settings.source})
    if chosen.is_synthetic:
        asked = list(years or own[:1])
        merged = list(dict.fromkeys([*(own if settings.is_synthetic else []), *asked]))
        chosen = chosen.model_copy(update={"years": merged})
    else:
        chosen = chosen.model_copy(update={"years": list(years) if years else None})
    weathered = scenario.model_copy(update={"weather": chosen})
    asked = list(years or weather_years(weathered))
    return [(year, chosen.source, scenario_profiles(weathered, year)) for year in asked]


def _solution(planning: PlanningModel, name: str) -> xr.DataArray | None:
    variables = planning.model.variables
    if name not in variables:
        return None
    return variables[name].solution.fillna(0.0)


def _year_hours(values: xr.DataArray | None, zones: list[str]) -> np.ndarray:
    """``[zone, day, hour]`` values of one period as ``(zones, 8760)`` (zeros if None)."""
    if values is None:
        return np.zeros((len(zones), int(HOURS_PER_YEAR)))
    return values.isel(period=0).transpose("zone", "day", "hour").to_numpy().reshape(len(zones), -1)


def _curtailed(planning: PlanningModel) -> float:
    """Renewable output available but not used in the year [MWh]."""
    inputs = planning.inputs
    dispatch, capacity = _solution(planning, "dispatch"), _solution(planning, "capacity")
    if dispatch is None or capacity is None:
        return 0.0
    variable = [t for t in dispatch.coords["tech"].values if inputs.kind[str(t)] in VARIABLE_KINDS]
    available = inputs.availability.sel(tech=variable) * capacity.sel(tech=variable)
    lost = (available - dispatch.sel(tech=variable)).clip(min=0.0) * inputs.day_weight
    return float(lost.sum())


def _slack_cost(planning: PlanningModel) -> float:
    """The elastic slacks' penalties in the objective [USD/yr] (the period weighs 1)."""
    total = 0.0
    for target, penalty in SLACK_PENALTY.items():
        values = _solution(planning, f"slack_{target}")
        if values is not None:
            total += penalty * float(values.sum())
    return total


def _when(weather_year: int, hour_of_year: int) -> str:
    """``YYYY-MM-DD HH:00`` of an hour of the year (local standard time) in ``weather_year``."""
    return (datetime(weather_year, 1, 1) + timedelta(hours=hour_of_year)).strftime("%Y-%m-%d %H:00")


def run_task(task: CheckTask) -> tuple[dict[str, object], pd.DataFrame, pd.DataFrame]:
    """Re-dispatch one period in one weather year and summarise it.

    Returns
    -------
    tuple
        The row of the ``check`` table, the period's shed hours (``zone``, ``hour_of_year``,
        ``mw``: electricity and heat shed [MW]) and its calendar days (:func:`_day_totals`).
    """
    clock = time.perf_counter()
    inputs = task.inputs
    planning = build_model(inputs, elastic=True)
    scaling, _numerics = solver_scaling(planning.model)
    attempt = _solve(planning, None, task.threads, scaling, "check", CHECK_ALGORITHMS)
    row: dict[str, object] = {
        "period": task.period,
        "weather_year": task.weather_year,
        "weather": task.weather,
        "status": attempt.termination,
        "plan_operating_cost_usd_per_year": task.plan_operating_cost,
        "cap_t_per_year": task.cap,
    }
    if not attempt.optimal:
        row.update(_failed_values())
        row["seconds"] = time.perf_counter() - clock
        return row, _empty_shed(), _empty_days()
    zones = inputs.zones
    electricity = _year_hours(_solution(planning, "shed"), zones)
    heat = _year_hours(_solution(planning, "heat_shed"), zones)
    lost = electricity + heat
    zone, hour = np.unravel_index(int(np.argmax(lost)), lost.shape)
    shed_hours = lost.sum(axis=0) > SHED_MW_TOLERANCE
    emissions_day = _solution(planning, "emissions_day")
    emitted = 0.0 if emissions_day is None else float((emissions_day * inputs.day_weight).sum())
    emitted += float(inputs.fixed_emissions.sum())
    demand = float(inputs.electricity_demand.sum() + inputs.heat_demand.sum())
    unserved = float(lost.sum())
    worst = float(lost[zone, hour])
    row.update(
        {
            "unserved_mwh": float(electricity.sum()),
            "heat_unserved_mwh": float(heat.sum()),
            "unserved_share": unserved / demand if demand > 0 else 0.0,
            "unserved_hours": int(shed_hours.sum()),
            "worst_zone": zones[int(zone)] if worst > SHED_MW_TOLERANCE else "",
            "worst_time": _when(task.weather_year, int(hour)) if worst > SHED_MW_TOLERANCE else "",
            "worst_mw": worst if worst > SHED_MW_TOLERANCE else 0.0,
            "operating_cost_usd_per_year": float(planning.model.objective.value or 0.0)
            - _slack_cost(planning),
            "curtailed_mwh": _curtailed(planning),
            "emissions_t_per_year": emitted,
        }
    )
    row["passed"] = int(passes(row))
    row["seconds"] = time.perf_counter() - clock
    at = np.argwhere(lost > SHED_MW_TOLERANCE)
    shed = pd.DataFrame(
        {
            "period": task.period,
            "weather_year": task.weather_year,
            "zone": [zones[int(z)] for z in at[:, 0]],
            "hour_of_year": at[:, 1].astype(int),
            "mw": lost[at[:, 0], at[:, 1]],
        }
    )
    days = _day_totals(task, lost, emissions_day)
    return row, shed, days


def _day_totals(
    task: CheckTask, lost: np.ndarray, emissions_day: xr.DataArray | None
) -> pd.DataFrame:
    """Per calendar day of the checked year: demand unserved [MWh] and emissions [t].

    Parameters
    ----------
    task : CheckTask
        The period and weather year checked.
    lost : numpy.ndarray
        ``(zones, 8760)`` electricity and heat shed [MW] (solver noise below
        :data:`SHED_MW_TOLERANCE` is not counted).
    emissions_day : xarray.DataArray or None
        The model's ``emissions_day`` [t per day] (None without emitting technologies).
    """
    n_days = lost.shape[1] // HOURS_PER_DAY
    counted = np.where(lost > SHED_MW_TOLERANCE, lost, 0.0)[:, : n_days * HOURS_PER_DAY]
    unserved = counted.reshape(lost.shape[0], n_days, -1).sum(axis=(0, 2))
    emitted = (
        np.zeros(n_days)
        if emissions_day is None
        else emissions_day.isel(period=0)
        .transpose("day", ...)
        .to_numpy()
        .reshape(n_days, -1)
        .sum(1)
    )
    return pd.DataFrame(
        {
            "period": task.period,
            "weather_year": task.weather_year,
            "day": np.arange(n_days),
            "unserved_mwh": unserved,
            "emissions_t": emitted,
        }
    )


def passes(row: dict[str, object]) -> bool:
    """Whether a check row passes: unserved share and emissions within the tolerances."""
    share = float(row["unserved_share"])  # type: ignore[arg-type]
    emitted = float(row["emissions_t_per_year"])  # type: ignore[arg-type]
    cap = float(row["cap_t_per_year"])  # type: ignore[arg-type]
    return share <= UNSERVED_TOLERANCE and (np.isnan(cap) or within_cap(emitted, cap))


def within_cap(emitted: float, cap: float) -> bool:
    """Whether ``emitted`` [t/yr] is within ``cap`` [t/yr] to :data:`EMISSION_TOLERANCE` (and at
    least 1 t/yr, for a cap of zero)."""
    return emitted <= cap * (1 + EMISSION_TOLERANCE) + 1.0


def _failed_values() -> dict[str, object]:
    nan = float("nan")
    return {
        "unserved_mwh": nan,
        "heat_unserved_mwh": nan,
        "unserved_share": nan,
        "unserved_hours": -1,
        "worst_zone": "",
        "worst_time": "",
        "worst_mw": nan,
        "operating_cost_usd_per_year": nan,
        "curtailed_mwh": nan,
        "emissions_t_per_year": nan,
        "passed": 0,
    }


def _empty(**dtypes: str) -> pd.DataFrame:
    """A table without rows, its columns of the given dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def _empty_days() -> pd.DataFrame:
    return _empty(
        period="int64",
        weather_year="int64",
        day="int64",
        unserved_mwh="float64",
        emissions_t="float64",
    )


def _empty_shed() -> pd.DataFrame:
    return _empty(
        period="int64", weather_year="int64", zone="str", hour_of_year="int64", mw="float64"
    )


def check_tasks(
    inputs: ModelInputs,
    plan: PlanCapacity,
    weather_year: int,
    weather: str,
    periods: list[int] | None = None,
    threads: int = 1,
) -> list[CheckTask]:
    """One task per period of ``inputs`` (or of ``periods``) in one weather year."""
    return [
        CheckTask(
            frozen_inputs(inputs, period, plan),
            period,
            weather_year,
            weather,
            plan.operating_cost.get(period, float("nan")),
            plan.caps.get(period, float("nan")),
            threads,
        )
        for period in (periods or inputs.periods)
    ]


@dataclass(frozen=True)
class CheckOutcome:
    """What the hourly check found.

    Attributes
    ----------
    rows : pandas.DataFrame
        The ``check`` table: one row per period and weather year.
    shed : pandas.DataFrame
        The ``check_shed`` table: every hour with demand shed.
    days : pandas.DataFrame
        Per period, weather year and calendar day (0-based): ``unserved_mwh`` [MWh] and
        ``emissions_t`` [t], to find the days a plan misses.
    seconds : float
        Wall time of the check [s].
    """

    rows: pd.DataFrame
    shed: pd.DataFrame
    days: pd.DataFrame
    seconds: float

    @property
    def passed(self) -> bool:
        """Whether every period and weather year passes."""
        return bool(len(self.rows)) and bool(self.rows["passed"].all())

    def summary(self) -> dict[str, object]:
        """The ``check`` entry of ``run.json``."""
        return {
            "passed": self.passed,
            "seconds": self.seconds,
            "tolerance_share": UNSERVED_TOLERANCE,
        }


def run_tasks(tasks: list[CheckTask], workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the tasks (in a process pool of ``workers`` when more than one) in order.

    Returns
    -------
    tuple of pandas.DataFrame
        The ``check`` rows and the ``check_shed`` hours of every task.
    """
    outcome = run_check_tasks(tasks, workers)
    return outcome.rows, outcome.shed


def run_check_tasks(tasks: list[CheckTask], workers: int = 1) -> CheckOutcome:
    """Run the tasks (in a process pool of ``workers`` when more than one) in order.

    Returns
    -------
    CheckOutcome
    """
    clock = time.perf_counter()
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
            results = list(pool.map(run_task, tasks))
    else:
        results = [run_task(task) for task in tasks]
    rows = pd.DataFrame([row for row, _shed, _days in results])
    sheds = [shed for _row, shed, _days in results if len(shed)]
    days = [day for _row, _shed, day in results if len(day)]
    return CheckOutcome(
        rows,
        pd.concat(sheds, ignore_index=True) if sheds else _empty_shed(),
        pd.concat(days, ignore_index=True) if days else _empty_days(),
        time.perf_counter() - clock,
    )


def check_run(
    run: RunDirectory,
    weather: str | None = None,
    years: list[int] | None = None,
    workers: int = 2,
    inputs: dict[int, ModelInputs] | None = None,
) -> CheckOutcome:
    """Check a run's plan over every hour of each weather year (:func:`check_weather`).

    Parameters
    ----------
    run : RunDirectory
        The run (its tables may be in memory only).
    weather, years
        As for :func:`check_weather`.
    workers : int
        Processes solving periods at once (HiGHS on one thread each; two with one process).
    inputs : dict of int to ModelInputs, optional
        The scenario's hourly arrays by weather year, reused when given and filled in when
        built (a caller checking several plans of one scenario builds them once).

    Returns
    -------
    CheckOutcome
    """
    plan = PlanCapacity.of_run(run)
    cache = {} if inputs is None else inputs
    threads = 1 if workers > 1 else 2
    tasks = []
    for year, source, hourly in check_weather(run, weather, years):
        if year not in cache:
            cache[year] = hourly_inputs(run.scenario, hourly)
        tasks += check_tasks(cache[year], plan, year, source, None, threads)
    return run_check_tasks(tasks, workers)
