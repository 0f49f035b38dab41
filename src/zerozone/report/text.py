"""The report's headings and prose, marked for translation (``report.po``)."""

from __future__ import annotations

from zerozone.finance import FinanceResult, Spreading
from zerozone.report.labels import Names


def section_titles(names: Names) -> dict[str, str]:
    """Translated section headings by key."""
    _ = names.gettext
    return {
        "headline": _("Headline figures"),
        "capacity": _("Capacity"),
        "generation": _("Generation"),
        "emissions": _("Emissions"),
        "map": _("Map of zones and links"),
        "dispatch": _("A typical winter and summer week"),
        "storage": _("Storage over the year"),
        "finance": _("Finance"),
        "sources": _("Data, assumptions and sources"),
        "methods": _("Methods"),
    }


def introductions(result: FinanceResult, names: Names) -> dict[str, str]:
    """One explanatory sentence or two under each section heading."""
    _ = names.gettext
    scenario = result.run.scenario
    last = list(scenario.policy.periods)[-1]
    return {
        "capacity": _(
            "Power in service in each investment period: existing plants, committed builds and "
            "what the plan adds."
        ),
        "generation": _("Electricity produced in a year of each period, all zones together."),
        "emissions": _(
            "Emissions of power, heat, transport fuel and imports in a year of each period, "
            "against the cap that falls to zero by {year}."
        ).format(year=names.year(scenario.policy.target_year)),
        "map": _(
            "A schematic, not a geographic map: zones at the centre of their settlements, sized by "
            "their electric capacity in {year}; lines between zones with their transfer capacity."
        ).format(year=names.year(last)),
        "dispatch": _(
            "Hour by hour in {year}: what supplies electricity (above zero) and where it goes "
            "(below zero: storage charging, exports and flows to other zones). The black line is "
            "the zone's own use, heating included. Each day is the model day standing for it."
        ).format(year=names.year(last)),
        "storage": _(
            "How full each store is through the year {year}: batteries cycle within the day, "
            "reservoirs carry water across the seasons."
        ).format(year=names.year(last)),
        "finance": _(
            "What the plan costs and when the money is needed, in USD of {currency}. "
            "Costs are full costs: existing plants pay their fixed O&M, committed and planned "
            "builds their annuity and fixed O&M. Investment counts planned and committed builds; "
            "existing plants are sunk."
        ).format(currency=names.year(scenario.currency_year)),
        "sources": _(
            "Every record of the scenario with its source as written in the scenario file (in "
            "English); records marked as assumptions carry their reason, and publications are "
            "numbered [n] and listed once at the end. {count} of {total} records are assumptions."
        ),
    }


def resolution_text(resolution: str, names: Names) -> str:
    """The run's time resolution in words (``days:12`` -> ``12 representative days``)."""
    _ = names.gettext
    form, _sep, count = resolution.partition(":")
    if form == "days" and count.isdigit():
        return _("{count} representative days").format(count=count)
    if form == "weeks" and count.isdigit():
        return _("the first {count} weeks of the year").format(count=count)
    if form == "hourly":
        return _("every hour of the year")
    return resolution


def methods(result: FinanceResult, names: Names) -> list[str]:
    """The methods section, paragraph by paragraph."""
    _ = names.gettext
    scenario = result.run.scenario
    policy = scenario.policy
    periods = list(policy.periods)
    spreading = (
        _(
            "A period's new capacity is in service from the period's first year, so its "
            "overnight cost is spread evenly over the years of the period before it (for the "
            "first period, over as many years before it)."
        )
        if result.options.spreading is Spreading.BEFORE
        else _("A period's overnight cost is spread evenly over the period's own years.")
    )
    return [
        _(
            "The plan is the least-cost pathway found by a linear programme (linopy, solved by "
            "HiGHS): investment periods {first}-{last} with vintages, each built plant serving "
            "until the end of its lifetime; hourly operation on {resolution}; an "
            "emission cap on power, heat, transport fuel and imports that reaches zero in "
            "{target}."
        ).format(
            first=periods[0],
            last=periods[-1],
            resolution=resolution_text(str(result.run.meta.get("resolution", "-")), names),
            target=names.year(policy.target_year),
        ),
        _(
            "Costs are in USD of {currency}. Investment is annualised at the discount rate "
            "{rate} over each asset's lifetime and paid, with fixed operation and maintenance, "
            "every year it serves within the horizon; present values are discounted to "
            "{first}. Reported costs are full costs: existing plants pay their fixed O&M (their "
            "capital is sunk; no remaining annuity is counted), committed builds, committed "
            "lines included, and planned builds pay their annuity and fixed O&M. The planner's "
            "objective holds only the decision-relevant costs; the system cost of all assets "
            "adds the existing and committed assets and the fuel of transport not yet "
            "electrified, constants no decision changes."
        ).format(
            currency=names.year(scenario.currency_year),
            rate=names.percent(policy.discount_rate),
            first=names.year(periods[0]),
        ),
        spreading
        + " "
        + _(
            "Committed builds are spent over the two years before they enter service. The "
            "finance need of a year is its investment for the zones' own supply (market "
            "interconnectors are commercial and shown apart); the gap is what the domestic "
            "budget does not cover, and the concessional share that would close it is the gap "
            "over the need. For scale, the NCQG calls for USD 300 bn a year by 2035 for all "
            "developing countries."
        ),
        _(
            "The system LCOE divides the yearly cost of generation, storage, grid, generator "
            "fuel and imports by the electricity generated and imported. The average cost of "
            "supply divides the system cost of all assets (export revenue subtracted) by the "
            "final energy served: electricity, heat and transport fuel. The LCOE of a "
            "technology is that of new capacity at the utilisation the plan gives it."
        ),
        _(
            "The cost-of-capital cases finance the same committed and planned build at other "
            "rates: a blend with concessional loans ({share} at {concessional}, the rest at the "
            "WACC, each part repaid at its own rate), the blend that closes the finance gap and "
            "the range found by IRENA (nominal rates, applied as "
            "real ones like the scenario's). The plan is not re-optimised, so the cases show "
            "the direction and size of the effect, not a new least-cost plan."
        ).format(
            share=names.percent(result.options.concessional_share, 0),
            concessional=names.percent(result.options.concessional_rate),
        ),
        _(
            "Limits: hourly weather is synthesised from each zone's climate statistics, not "
            "measured; representative days stand for the year; the planner has no charging "
            "stations, so electric vehicles appear only as demand and their stations are costed "
            "only when a cost per kW of charging load is given (--charging-cost)."
        ),
    ]
