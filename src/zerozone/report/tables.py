"""The report's tables as rows of formatted text (numbers in the language's format)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from zerozone.finance import FinanceResult
from zerozone.finance.comparison import headline
from zerozone.finance.needs import concessional_share, needs_by_block
from zerozone.report.labels import (
    ASSUMPTION_LABELS,
    CASE_LABELS,
    CATEGORY_LABELS,
    PART_LABELS,
    UNIT_LABELS,
    Names,
)
from zerozone.results.costs import PARTS, discounted_totals, split_by_period


@dataclass
class HtmlTable:
    """A table to render: a title, a header row and body rows of text.

    Attributes
    ----------
    title : str
        Caption.
    header : list of str
        Column headings.
    rows : list of list of str
        Body; the first column is text, the others are right-aligned numbers.
    note : str
        A line under the table (empty for none).
    strong : set of int
        Indices of rows shown in bold (totals).
    text_columns : set of int
        Indices of columns after the first that hold text (left-aligned, wrapped).
    """

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    strong: set[int] = field(default_factory=set)
    text_columns: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Figure:
    """A headline number: its label, value and unit."""

    label: str
    value: str
    unit: str


def headline_figures(result: FinanceResult, names: Names) -> list[Figure]:
    """The numbers that open the report."""
    _ = names.gettext
    periods = list(result.run.scenario.policy.periods)
    first, last = periods[0], periods[-1]
    values = headline(result)
    needs = result.needs
    split = result.costs
    annual = split_by_period(split, periods).loc["total"]
    supply = result.system["supply_cost_usd_per_mwh"]
    figures = [
        Figure(
            _("System cost of the zones' energy, all assets, discounted"),
            names.musd(result.total_discounted_usd),
            _("USD m"),
        ),
        Figure(
            _("of which planned builds"),
            names.musd(values["planned_discounted_usd"]),
            _("USD m"),
        ),
        Figure(
            _("System cost per year, {first} → {last}").format(first=first, last=last),
            f"{names.musd(float(annual[first]))} → {names.musd(float(annual[last]))}",
            _("USD m/yr"),
        ),
        Figure(
            _("Cost of supply, {first}-{last}").format(first=first, last=last),
            " · ".join(names.number(float(v), 0) for v in supply),
            _("USD/MWh"),
        ),
        Figure(_("Overnight investment"), names.musd(values["investment_usd"]), _("USD m")),
    ]
    if len(needs):
        peak = int(needs["need_usd"].idxmax())
        figures.append(
            Figure(
                _("Peak finance need ({year})").format(year=peak),
                names.musd(float(needs.at[peak, "need_usd"])),
                _("USD m/yr"),
            )
        )
    figures += [
        Figure(
            _("Emissions {first} → {last}").format(first=first, last=last),
            f"{names.number(values['first_emissions_t'] / 1e3)} → "
            f"{names.number(values['last_emissions_t'] / 1e3)}",
            _("kt CO2/yr"),
        ),
        Figure(
            _("System LCOE in {year}").format(year=names.year(last)),
            names.number(values["last_lcoe_usd_per_mwh"], 1),
            _("USD/MWh"),
        ),
        Figure(
            _("Renewable share in {year}").format(year=names.year(last)),
            names.number(100 * values["last_renewable_share"], 0),
            "%",
        ),
    ]
    figures += check_figure(result, names)
    if len(needs) and float(needs["gap_usd"].sum()) > 0:
        figures.append(
            Figure(
                _("Concessional share that would close the finance gap"),
                names.percent(
                    float(concessional_share(needs["gap_usd"].sum(), needs["need_usd"].sum())), 0
                ),
                _("of the finance need"),
            )
        )
    if result.abatement is not None:
        figures.append(
            Figure(
                _("Abatement cost"),
                names.number(result.abatement.levelised_usd_per_t),
                _("USD/t CO2"),
            )
        )
    return figures


def check_figure(result: FinanceResult, names: Names) -> list[Figure]:
    """Whether the plan serves every hour (the hourly check once run), and after how many plans
    of the adequacy loop (:mod:`zerozone.model.adequacy`)."""
    _ = names.gettext
    check = result.run.tables.get("check")
    if check is None or not len(check):
        return []
    failed = int((check["passed"] == 0).sum())
    plans = len(result.run.meta.get("adequacy", {}).get("iterations", []))
    return [
        Figure(
            _("Hourly check: every hour of the weather year"),
            _("passes")
            if failed == 0
            else _("fails in {failed} of {total}").format(failed=failed, total=len(check)),
            _("after {plans} plan(s)").format(plans=plans)
            if plans
            else _("periods and weather years"),
        )
    ]


def capacity_table(result: FinanceResult, names: Names) -> HtmlTable:
    """Capacity in service by technology per period, all zones [MW]."""
    _ = names.gettext
    periods = list(result.run.scenario.policy.periods)
    capacity = result.run.tables["capacity"]
    pivot = capacity.pivot_table(
        index="tech", columns="period", values="capacity_mw", aggfunc="sum", fill_value=0.0
    ).reindex(columns=periods, fill_value=0.0)
    table = HtmlTable(
        _("Capacity by technology (MW, all zones)"), [_("Technology"), *map(str, periods)]
    )
    order = [t.id for t in result.run.scenario.technologies if t.id in pivot.index]
    for tech in order:
        table.rows.append([names.tech(tech), *(names.number(v) for v in pivot.loc[tech])])
    return table


def _blocks(result: FinanceResult) -> tuple[pd.DataFrame, list[str], pd.Series]:
    """The needs by block of years, the blocks' labels, and each investment row's block."""
    periods = list(result.run.scenario.policy.periods)
    blocks = needs_by_block(result.needs, periods)
    spans = [f"{int(b.first_year)}-{int(b.last_year) % 100:02d}" for b in blocks.itertuples()]
    firsts = [int(b.first_year) for b in blocks.itertuples()]
    block = result.investment["year"].map(
        lambda y: spans[max((k for k, f in enumerate(firsts) if f <= y), default=0)]
    )
    return blocks, spans, block


def investment_by_technology_table(result: FinanceResult, names: Names) -> HtmlTable:
    """Overnight investment by technology and block of years [USD m]."""
    _ = names.gettext
    _blocks_table, spans, block = _blocks(result)
    table = HtmlTable(
        _("Overnight investment by technology (USD m per block of years)"),
        [_("Technology"), *spans],
    )
    if result.investment.empty:
        return table
    pivot = (
        result.investment.assign(block=block)
        .pivot_table(index="item", columns="block", values="usd", aggfunc="sum")
        .reindex(columns=spans)
        .fillna(0.0)
    )
    order = [t.id for t in result.run.scenario.technologies if t.id in pivot.index]
    order += sorted(str(i) for i in pivot.index if str(i) not in order)
    for item in order:
        table.rows.append([names.tech(item), *(names.musd(v) for v in pivot.loc[item])])
    return table


def summary_table(result: FinanceResult, names: Names) -> HtmlTable:
    """The headline figures with the reconciliation, as a table (for the terminal)."""
    _ = names.gettext
    scenario = result.run.scenario
    recon = result.reconciliation
    table = HtmlTable(
        _("{scenario}: finance headline (USD of {year})").format(
            scenario=scenario.name, year=names.year(scenario.currency_year)
        ),
        ["", _("value")],
    )
    totals = discounted_totals(result.costs)
    table.rows.append(
        [_("system cost, all assets, discounted (USD m)"), names.musd(recon.total_usd)]
    )
    table.strong.add(len(table.rows) - 1)
    for part in PARTS:
        table.rows.append([f"  {names.label(PART_LABELS, part)}", names.musd(totals[part])])
    table.rows.append(
        [_("objective, decision-relevant costs (USD m)"), names.musd(recon.decision_usd)]
    )
    if recon.objective_usd is not None:
        table.rows.append([_("  planner's objective (USD m)"), names.musd(recon.objective_usd)])
    status = result.investment.groupby("status")["usd"].sum()
    table.rows.append(
        [_("overnight investment, planned (USD m)"), names.musd(float(status.get("planned", 0)))]
    )
    table.rows.append(
        [
            _("overnight investment, committed (USD m)"),
            names.musd(float(status.get("committed", 0))),
        ]
    )
    if float(status.get("associated", 0)) > 0:
        table.rows.append(
            [
                _("overnight investment, charging stations (USD m)"),
                names.musd(float(status.get("associated", 0))),
            ]
        )
    if float(status.get("commercial", 0)) > 0:
        table.rows.append(
            [
                _("overnight investment, market interconnectors, commercial (USD m)"),
                names.musd(float(status.get("commercial", 0))),
            ]
        )
    if len(result.needs):
        peak = int(result.needs["need_usd"].idxmax())
        table.rows.append(
            [
                _("peak investment year"),
                f"{peak}: {names.musd(float(result.needs.at[peak, 'need_usd']))}",
            ]
        )
    if result.abatement is not None:
        table.rows.append(
            [
                _("abatement cost, levelised (USD/t CO2)"),
                names.number(result.abatement.levelised_usd_per_t, 1),
            ]
        )
    return table


def investment_table(result: FinanceResult, names: Names) -> HtmlTable:
    """Overnight investment by category and block of years, with the need against the budget."""
    _ = names.gettext
    blocks, spans, block = _blocks(result)
    table = HtmlTable(
        _("Overnight investment and finance need (USD m per block of years)"),
        ["", *spans],
    )
    by_category = (
        result.investment.assign(block=block)
        .pivot_table(index="category", columns="block", values="usd", aggfunc="sum")
        .reindex(columns=spans)
        .fillna(0.0)
    )
    for key in CATEGORY_LABELS:
        if key in by_category.index:
            table.rows.append(
                [names.label(CATEGORY_LABELS, key), *(names.musd(v) for v in by_category.loc[key])]
            )
    table.strong.add(len(table.rows))
    table.rows.append([_("total need"), *(names.musd(b.need_usd) for b in blocks.itertuples())])
    table.rows.append(
        [
            _("domestic budget"),
            *(
                names.musd(
                    result.options.domestic_budget_usd_per_year * (b.last_year - b.first_year + 1)
                )
                for b in blocks.itertuples()
            ),
        ]
    )
    table.strong.add(len(table.rows))
    table.rows.append([_("finance gap"), *(names.musd(b.gap_usd) for b in blocks.itertuples())])
    table.rows.append(
        [
            _("concessional share that would close the gap"),
            *(names.percent(b.concessional_share, 0) for b in blocks.itertuples()),
        ]
    )
    if float(blocks["commercial_usd"].sum()) > 0:
        table.rows.append(
            [
                _("market interconnectors, commercial (not in the need)"),
                *(names.musd(b.commercial_usd) for b in blocks.itertuples()),
            ]
        )
    if result.options.charging_cost_usd_per_kw is None:
        table.note = _(
            "Charging stations for electric vehicles are not costed: give a cost per kW of "
            "charging load with --charging-cost."
        )
    return table


def cost_table(result: FinanceResult, names: Names) -> HtmlTable:
    """Full annual costs per period split by part, the system cost of all assets, the
    objective's decision-relevant costs, LCOE and cost of supply."""
    _ = names.gettext
    periods = list(result.run.scenario.policy.periods)
    split = split_by_period(result.costs, periods)
    table = HtmlTable(
        _("Annual costs per year of each period (USD m), full costs, and costs per MWh"),
        ["", *map(str, periods)],
    )
    for key in split.index:
        if key in ("total", "objective"):
            table.strong.add(len(table.rows))
        table.rows.append([names.label(PART_LABELS, str(key)), *map(names.musd, split.loc[key])])
    table.rows.append(
        [
            _("system LCOE of electricity, all assets (USD/MWh)"),
            *(names.number(v, 1) for v in result.system["lcoe_usd_per_mwh"]),
        ]
    )
    table.rows.append(
        [
            _("average cost of supply, all assets (USD/MWh)"),
            *(names.number(v, 1) for v in result.system["supply_cost_usd_per_mwh"]),
        ]
    )
    recon = result.reconciliation
    note = _(
        "Existing plants pay their fixed O&M only: their capital is sunk, and no remaining "
        "annuity is counted, not even for plants built recently. Committed and planned builds "
        "pay their annuity and fixed O&M."
    )
    if recon.objective_usd is not None:
        note += " " + _(
            "Discounted: system cost {total} USD m = objective {objective} USD m "
            "(decision-relevant) + existing and committed assets and transport fuel {fixed} USD m "
            "(constants no decision changes)."
        ).format(
            total=names.musd(recon.total_usd),
            objective=names.musd(recon.decision_usd),
            fixed=names.musd(recon.constant_usd),
        )
    table.note = note
    return table


def lcoe_table(result: FinanceResult, names: Names) -> HtmlTable:
    """LCOE of new capacity per technology and period [USD/MWh]."""
    _ = names.gettext
    periods = list(result.run.scenario.policy.periods)
    pivot = result.technologies.pivot_table(
        index="tech", columns="period", values="lcoe_usd_per_mwh", aggfunc="first"
    ).reindex(columns=periods)
    table = HtmlTable(
        _("LCOE of new capacity at the plan's utilisation (USD/MWh, WACC {rate})").format(
            rate=names.percent(result.wacc)
        ),
        [_("Technology"), *map(str, periods)],
    )
    order = [t.id for t in result.run.scenario.technologies if t.id in pivot.index]
    for tech in order:
        table.rows.append([names.tech(tech), *(names.number(v, 1) for v in pivot.loc[tech])])
    table.note = _(
        "Storage per MWh discharged and heat technologies per MWh of heat, without the "
        "electricity they use."
    )
    return table


def financing_table(result: FinanceResult, names: Names) -> HtmlTable:
    """The cost-of-capital cases."""
    _ = names.gettext
    last = list(result.run.scenario.policy.periods)[-1]
    table = HtmlTable(
        _("Cost of capital: the same build re-annualised (not re-optimised)"),
        [
            _("Case"),
            _("rate"),
            _("total discounted cost (USD m)"),
            _("change (USD m)"),
            _("change of the capital cost"),
            _("cost of supply in {year} (USD/MWh)").format(year=names.year(last)),
        ],
    )
    for row in result.financing.itertuples():
        table.rows.append(
            [
                names.label(CASE_LABELS, str(row.key)),
                names.percent(float(row.rate)),
                names.musd(float(row.total_usd)),
                names.musd(float(row.change_usd)),
                names.percent(float(row.change_share)),
                names.number(float(result.supply_cost.at[row.key, last]), 1),
            ]
        )
    table.note = _(
        "Present values at the scenario's discount rate; only the annuity of the investment "
        "changes. A cheaper cost of capital would also change the optimal build. The blend's "
        "rate is the weighted average of its parts, each annualised at its own rate; IRENA's "
        "rates are nominal, applied as real ones."
    )
    return table


def abatement_table(result: FinanceResult, names: Names) -> HtmlTable | None:
    """The abatement cost per period against the reference run, when there is one."""
    if result.abatement is None:
        return None
    _ = names.gettext
    periods = list(result.run.scenario.policy.periods)
    frame = result.abatement.by_period
    table = HtmlTable(_("Abatement against the run without the cap"), ["", *map(str, periods)])
    table.rows.append(
        [
            _("emissions avoided (kt CO2/yr)"),
            *(names.number(v / 1e3, 1) for v in frame["abated_t"]),
        ]
    )
    table.rows.append(
        [_("extra cost (USD m/yr)"), *(names.musd(v) for v in frame["extra_cost_usd"])]
    )
    table.rows.append(
        [_("abatement cost (USD/t CO2)"), *(names.number(v, 1) for v in frame["usd_per_t"])]
    )
    table.note = (
        _(
            "levelised {levelised} USD/t (tonnes discounted like money); {simple} USD/t with "
            "the horizon's tonnes undiscounted"
        ).format(
            levelised=names.number(result.abatement.levelised_usd_per_t, 1),
            simple=names.number(result.abatement.simple_usd_per_t, 1),
        )
        + ". "
        + _(
            "The reference is the same scenario without the cap; the emissions it adds include "
            "those of any electricity it makes for export."
        )
    )
    return table


def assumptions_table(result: FinanceResult, names: Names) -> HtmlTable:
    """The finance assumptions with their values and sources."""
    _ = names.gettext
    table = HtmlTable(
        _("Finance assumptions"), ["", _("value"), _("unit"), _("source")], text_columns={2, 3}
    )
    for item in result.assumptions:
        if item.unit == "1/yr" or item.key == "concessional_share":
            value = names.percent(item.value)
        elif item.unit == "USD/yr":
            value = names.musd(item.value, 0)
        else:
            value = names.number(item.value)
        unit = _("USD m/yr") if item.unit == "USD/yr" else names.label(UNIT_LABELS, item.unit)
        # the documented sources are in the catalog; an option's name (--wacc) stays as it is
        table.rows.append([names.label(ASSUMPTION_LABELS, item.key), value, unit, _(item.source)])
    return table
