"""One sample of the uncertain inputs applied to a scenario: a new, validated scenario.

The base scenario is never changed: the sample is applied to its data and the result is read
back through :func:`zerozone.data.parse_scenario`, so every check of a scenario file (ranges,
cross-references) holds for each sampled future too; a sample that breaks one raises the usual
:class:`zerozone.data.ScenarioError`, naming the sample.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from zerozone.data import Scenario, dump_scenario, parse_scenario
from zerozone.data.problems import Problem, ScenarioError
from zerozone.data.series import interpolate
from zerozone.data.uncertainty import Uncertainty

CAPEX_FIELDS = ("capex_usd_per_kw", "energy_capex_usd_per_kwh")


def uncertainty_problems(scenario: Scenario) -> list[Problem]:
    """Entries of the ``uncertainty`` section naming a technology, fuel or market that is absent."""
    section = scenario.uncertainty
    if section is None:
        return []
    known = {
        "technologies": {t.id for t in scenario.technologies},
        "fuel_prices": {f.id for f in scenario.fuels},
        "market_prices": {m.id for m in scenario.markets},
    }
    problems: list[Problem] = []
    for index, cost in enumerate(section.technology_costs):
        for position, tech in enumerate(cost.technologies):
            if tech not in known["technologies"]:
                where: tuple[str | int, ...] = ("uncertainty", "technology_costs", index)
                problems.append(
                    Problem(
                        (*where, "technologies", position),
                        f"unknown technology {tech!r}",
                        "use a listed id",
                    )
                )
    problems += _choice_problems(section)
    for name in ("fuel_prices", "market_prices"):
        for index, entry in enumerate(getattr(section, name)):
            if entry.id not in known[name]:
                path = ("uncertainty", name, index, "id")
                problems.append(Problem(path, f"unknown id {entry.id!r}", "use a listed id"))
    return problems


CHOICE_RULES: dict[str, tuple[str, Callable[[object], bool]]] = {
    "population_variant": ("use low, central or high", lambda v: v in {"low", "central", "high"}),
    "weather_seed": ("use whole numbers >= 0", lambda v: isinstance(v, int) and v >= 0),
    "weather_year": (
        "use years between 1900 and 2200",
        lambda v: isinstance(v, int) and 1900 <= v <= 2200,
    ),
}
"""What the values of each discrete input must be, and how to fix them."""


def _choice_problems(section: Uncertainty) -> list[Problem]:
    problems = []
    for name, (hint, valid) in CHOICE_RULES.items():
        parameter = getattr(section, name)
        if parameter is None:
            continue
        for index, value in enumerate(parameter.distribution.values):
            if not valid(value):
                path = ("uncertainty", name, "distribution", "values", index)
                problems.append(Problem(path, f"{value!r} is not a value of {name}", hint))
    return problems


def check_uncertainty(scenario: Scenario) -> Uncertainty:
    """The scenario's uncertainty section, checked against the scenario.

    Raises
    ------
    ScenarioError
        When the scenario has no section or the section names unknown records.
    """
    if scenario.uncertainty is None:
        raise ScenarioError(
            scenario.name,
            [Problem(("uncertainty",), "no uncertainty section", "add one (docs/ensemble.md)")],
        )
    problems = uncertainty_problems(scenario)
    if problems:
        raise ScenarioError(scenario.name, problems)
    return scenario.uncertainty


def certain(scenario: Scenario) -> Scenario:
    """The scenario without its uncertainty section (the central future)."""
    return scenario.model_copy(update={"uncertainty": None})


def _scaled_series(series: Mapping[Any, float], factor: Mapping[int, float]) -> dict[int, float]:
    base = {int(year): float(value) for year, value in series.items()}
    years = sorted(set(base) | set(factor))
    return {year: interpolate(base, year) * interpolate(factor, year) for year in years}


def _apply_costs(data: dict[str, Any], section: Uncertainty, row: Mapping[str, Any]) -> None:
    techs = {tech["id"]: tech for tech in data["technologies"]}
    for cost in section.technology_costs:
        factor = {year: float(row[f"cost:{cost.id}:{year}"]) for year in cost.multiplier}
        for tech_id in cost.technologies:
            for name in CAPEX_FIELDS:
                if techs[tech_id].get(name) is not None:
                    techs[tech_id][name] = _scaled_series(techs[tech_id][name], factor)


def _apply_demand(data: dict[str, Any], section: Uncertainty, row: Mapping[str, Any]) -> None:
    for growth in section.demand_growth:
        shift = float(row[f"demand_growth:{growth.id}"])
        chosen = None if growth.sectors is None else {s.value for s in growth.sectors}
        for entry in data["demand"]["sectors"]:
            if chosen is None or entry["sector"] in chosen:
                entry["annual_growth"] = round(entry.get("annual_growth", 0.0) + shift, 12)
    if section.population_variant is not None:
        data["demand"]["population_variant"] = str(row["population_variant"])


def _apply_prices(data: dict[str, Any], section: Uncertainty, row: Mapping[str, Any]) -> None:
    fuels = {fuel["id"]: fuel for fuel in data.get("fuels", [])}
    for entry in section.fuel_prices:
        factor = float(row[f"fuel_price:{entry.id}"])
        prices = fuels[entry.id]["price_usd_per_mwh"]
        fuels[entry.id]["price_usd_per_mwh"] = {y: v * factor for y, v in prices.items()}
    markets = {market["id"]: market for market in data.get("markets", [])}
    for entry in section.market_prices:
        factor = float(row[f"market_price:{entry.id}"])
        for name in ("import_price_usd_per_mwh", "export_price_usd_per_mwh"):
            prices = markets[entry.id][name]
            markets[entry.id][name] = {y: v * factor for y, v in prices.items()}


def apply_sample(scenario: Scenario, row: Mapping[str, Any], label: str = "sample") -> Scenario:
    """The scenario with one sample's values in place of the uncertain inputs.

    Parameters
    ----------
    scenario : Scenario
        The base scenario with its ``uncertainty`` section (left unchanged).
    row : Mapping[str, Any]
        One row of :func:`zerozone.ensemble.sampling.latin_hypercube`'s table.
    label : str
        Name of the sample in messages.

    Returns
    -------
    Scenario
        A new validated scenario without an uncertainty section.

    Raises
    ------
    ScenarioError
        When the sampled values break a rule of the scenario schema.
    """
    section = check_uncertainty(scenario)
    data: dict[str, Any] = yaml.safe_load(dump_scenario(certain(scenario)))
    data.setdefault("fuels", [])
    data.setdefault("markets", [])
    _apply_costs(data, section, row)
    _apply_demand(data, section, row)
    _apply_prices(data, section, row)
    for name, key in (("weather_seed", "seed"), ("weather_year", "weather_year")):
        if getattr(section, name) is not None:
            data[key] = int(row[name])
    if section.discount_rate is not None:
        data["policy"]["discount_rate"] = float(row["discount_rate"])
    return parse_scenario(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), label)
