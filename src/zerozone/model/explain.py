"""Infeasible plans in words: which targets had to give, by how much, and what forced it."""

from __future__ import annotations

import pandas as pd

from zerozone.data.schema import Scenario
from zerozone.model.solve import BindingLimit, Relaxation

FIXED_SOURCES = {
    "transport_fuel": "transport fuel not yet electrified (fixed by the scenario's "
    "electrification trajectory)"
}


def _source_name(scenario: Scenario, source: str) -> str:
    if source in FIXED_SOURCES:
        return FIXED_SOURCES[source]
    if source.startswith("import:"):
        return f"imports from {source.removeprefix('import:')}"
    ids = {t.id: t.name.en for t in scenario.technologies}
    return ids.get(source, source)


def explain_relaxations(
    relaxations: list[Relaxation],
    tables: dict[str, pd.DataFrame],
    scenario: Scenario,
    binding: list[BindingLimit] | None = None,
) -> list[str]:
    """One sentence per relaxed target, in the user's terms.

    Parameters
    ----------
    relaxations : list[Relaxation]
        Slacks used by the elastic solution.
    tables : dict[str, pandas.DataFrame]
        Result tables of the elastic solution (``emissions`` is used to name the sources).
    scenario : Scenario
        The scenario, for names.
    binding : list[BindingLimit], optional
        Potentials and build-rate limits reached in the elastic solution: what forces the
        emissions of a period are the limits binding in that period or before.

    Returns
    -------
    list[str]
        Sentences such as ``"2035 cap 0.0 kt CO2e/yr cannot be met: 6.2 kt/yr remain, from
        transport fuel ... 6.2 kt"``.
    """
    lines: list[str] = []
    limits = [r for r in relaxations if r.kind != "emission_cap"]
    emissions = tables.get("emissions", pd.DataFrame(columns=["period", "source", "t_per_year"]))
    for relaxation in relaxations:
        if relaxation.kind == "emission_cap":
            period = relaxation.period
            rows = emissions[emissions["period"] == period].sort_values(
                "t_per_year", ascending=False
            )
            sources = ", ".join(
                f"{_source_name(scenario, str(r.source))} {r.t_per_year / 1e3:,.1f} kt"
                for r in rows.itertuples()
                if r.t_per_year > 1.0
            )
            because = ""
            forcing = [b for b in binding or [] if period is not None and b.period <= period]
            if forcing:
                because += "; limits reached: " + _binding_summary(forcing, scenario)
            if limits:
                because += "; limits that also had to give: " + ", ".join(
                    _limit_text(r, scenario) for r in limits
                )
            lines.append(
                f"{period} cap {relaxation.limit / 1e3:,.1f} kt CO2e/yr cannot be met: "
                f"{relaxation.excess / 1e3:,.1f} kt/yr more remain, from {sources}"
                f"{because}"
            )
        else:
            lines.append(_limit_text(relaxation, scenario) + " cannot be respected")
    return lines


def _mw(value: float) -> str:
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def _binding_summary(limits: list[BindingLimit], scenario: Scenario) -> str:
    """One phrase per limit, its periods merged: ``Solar potential in x (2 MW) from 2035``."""
    names = {t.id: t.name.en for t in scenario.technologies}
    grouped: dict[tuple[str, str | None, str], list[BindingLimit]] = {}
    for limit in limits:
        grouped.setdefault((limit.kind, limit.zone, limit.technology), []).append(limit)
    phrases = []
    for (kind, zone, tech), items in grouped.items():
        name = names.get(tech, tech)
        periods = sorted(item.period for item in items)
        if kind == "potential":
            when = f"from {periods[0]}" if len(periods) > 1 else f"in {periods[0]}"
            phrases.append(f"{name} potential in {zone} ({_mw(items[0].limit)} MW) {when}")
        else:
            spans = ", ".join(f"{_mw(i.limit)} MW in {i.period}" for i in items)
            phrases.append(f"{name} build-rate limit ({spans})")
    return "; ".join(phrases)


def _limit_text(relaxation: Relaxation, scenario: Scenario) -> str:
    name = {t.id: t.name.en for t in scenario.technologies}.get(relaxation.technology or "", "")
    if relaxation.kind == "potential":
        return (
            f"{name} potential in {relaxation.zone} ({relaxation.limit:,.0f} MW; "
            f"{relaxation.excess:,.0f} MW more needed)"
        )
    if relaxation.kind == "build_rate":
        return (
            f"{name} build-rate limit in the {relaxation.period} period "
            f"({relaxation.limit:,.0f} MW; {relaxation.excess:,.0f} MW more needed)"
        )
    return (
        f"renewable share {100 * relaxation.limit:.0f}% in {relaxation.period} "
        f"({relaxation.excess / 1e3:,.1f} GWh/yr short)"
    )
