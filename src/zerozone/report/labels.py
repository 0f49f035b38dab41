"""Display names of the finance and report tables' keys, marked for translation.

The command line and the report share these, so each label is translated once
(``locale/az/LC_MESSAGES/report.po``).
"""

from __future__ import annotations

from collections.abc import Callable

from zerozone.data.schema import Scenario
from zerozone.i18n import N_, Language, format_number, translator
from zerozone.report.numbers import format_significant

CATEGORY_LABELS = {
    "generation": N_("generation"),
    "storage": N_("storage"),
    "grid": N_("grid"),
    "heat": N_("heat"),
    "transport_charging": N_("transport charging"),
}
RUN_STATUS_LABELS = {
    "optimal": N_("optimal solution"),
    "optimal_with_unserved": N_("optimal solution, with demand unserved"),
    "infeasible": N_("targets relaxed (infeasible as set)"),
    "failed": N_("no solution (the solver failed)"),
}
"""The plan's status (``run.json``) in words; not the bare words ``optimal`` etc., whose
catalog entries belong to the planner's messages."""
UNIT_LABELS = {
    "1/yr": N_("1/yr"),
    "yr": N_("yr"),
    "USD/kW": N_("USD/kW"),
}
"""Units of the finance assumptions."""
COST_LABELS = {
    "capital": N_("capital (annuity and fixed O&M)"),
    "annuity": N_("capital annuity"),
    "fixed_om": N_("fixed O&M"),
    "operation": N_("operation and fuel"),
    "imports": N_("imports"),
    "exports": N_("export revenue"),
    "unserved": N_("unserved demand"),
    "transport_fuel": N_("transport fuel"),
}
PART_LABELS = {
    "existing": N_("existing plants: fixed O&M (capital sunk)"),
    "committed": N_("committed builds: annuity and fixed O&M"),
    "planned": N_("planned builds: annuity and fixed O&M"),
    "operating": N_("operation: fuel, variable O&M, imports, transport fuel"),
    "exports": N_("export revenue"),
    "unserved": N_("unserved demand"),
    "total": N_("system cost, all assets"),
    "objective": N_("objective, decision-relevant costs"),
}
"""The parts of the full cost (:data:`zerozone.results.costs.PARTS`) and its two totals."""
CASE_LABELS = {
    "plan": N_("plan as solved (scenario discount rate)"),
    "wacc": N_("WACC given with --wacc"),
    "blended": N_("blend with concessional loans"),
    "gap_concessional": N_("gap closed with concessional loans"),
    "irena_europe": N_("IRENA Europe"),
    "irena_high": N_("top of IRENA's range"),
}
ASSUMPTION_LABELS = {
    "wacc": N_("Weighted average cost of capital (WACC)"),
    "concessional_share": N_("Concessional share of the investment"),
    "concessional_rate": N_("Concessional interest rate"),
    "domestic_budget": N_("Domestic budget for the investment"),
    "ncqg": N_("New Collective Quantified Goal (NCQG) by 2035"),
    "committed_build_years": N_("Construction years of committed builds"),
    "charging_cost": N_("Charging stations per kW of peak charging load"),
}
METRIC_LABELS = {
    "objective_usd": N_("Objective, decision-relevant costs (USD m)"),
    "total_discounted_usd": N_("System cost, all assets, discounted (USD m)"),
    "planned_discounted_usd": N_("of which planned builds, discounted (USD m)"),
    "investment_usd": N_("Overnight investment (USD m)"),
    "peak_investment_usd": N_("Peak investment in a year (USD m)"),
    "first_emissions_t": N_("Emissions in the first period (kt CO2/yr)"),
    "last_emissions_t": N_("Emissions in the last period (kt CO2/yr)"),
    "cumulative_emissions_t": N_("Emissions over the horizon (kt CO2)"),
    "last_lcoe_usd_per_mwh": N_("System LCOE in the last period (USD/MWh)"),
    "last_supply_cost_usd_per_mwh": N_("Cost of supply in the last period (USD/MWh)"),
    "last_renewable_share": N_("Renewable share of generation in the last period (%)"),
}
METRIC_SCALE = {
    "objective_usd": (1e-6, 1),
    "total_discounted_usd": (1e-6, 1),
    "planned_discounted_usd": (1e-6, 1),
    "investment_usd": (1e-6, 1),
    "peak_investment_usd": (1e-6, 1),
    "first_emissions_t": (1e-3, 1),
    "last_emissions_t": (1e-3, 1),
    "cumulative_emissions_t": (1e-3, 0),
    "last_lcoe_usd_per_mwh": (1.0, 1),
    "last_supply_cost_usd_per_mwh": (1.0, 1),
    "last_renewable_share": (100.0, 1),
}
"""Factor and digits that show each metric in the unit of its label."""


ORDINAL_LAST_DIGIT_AZ = {
    1: "ci",
    2: "ci",
    3: "cü",
    4: "cü",
    5: "ci",
    6: "cı",
    7: "ci",
    8: "ci",
    9: "cu",
}
"""Azerbaijani ordinal suffix by a number's last digit (vowel harmony of its last word)."""
ORDINAL_TENS_AZ = {1: "cu", 2: "ci", 3: "cu", 4: "cı", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cı"}
"""Azerbaijani ordinal suffix of a round number by its tens digit (on, iyirmi, otuz, qırx...)."""


def ordinal_suffix_az(number: int) -> str:
    """The Azerbaijani ordinal suffix of ``number``: 2050 ``ci``, 2030 ``cu``, 2040 ``cı``."""
    if number % 10:
        return ORDINAL_LAST_DIGIT_AZ[number % 10]
    if number % 100:
        return ORDINAL_TENS_AZ[number // 10 % 10]
    return "cü" if number % 1000 else "ci"  # yüz, min


class Names:
    """Translated display names of one scenario's technologies, zones, links and markets."""

    def __init__(self, scenario: Scenario, lang: Language) -> None:
        self.lang = lang
        self._ = translator(lang)
        self.techs = {t.id: getattr(t.name, lang) for t in scenario.technologies}
        self.zones = {z.id: getattr(z.name, lang) for z in scenario.zones}
        self.links = {link.id: getattr(link.name, lang) for link in scenario.links}
        self.markets = {m.id: getattr(m.name, lang) for m in scenario.markets}

    def tech(self, key: str) -> str:
        """Name of a technology, a link (``link:<id>``), an interconnector to a market
        (``interconnector:<market>``) or battery energy (``<tech>:energy``)."""
        if key == "ev_charging":
            return self._("Charging stations for electric vehicles")
        if key.startswith("link:"):
            return self.links.get(key.removeprefix("link:"), key)
        if key.startswith("interconnector:"):
            market = key.removeprefix("interconnector:")
            return self._("Interconnector to {market}").format(
                market=self.markets.get(market, market)
            )
        if key.endswith(":energy"):
            base = key.removesuffix(":energy")
            return self._("{name} (energy)").format(name=self.techs.get(base, base))
        return self.techs.get(key, key)

    def zone(self, key: str) -> str:
        """Name of a zone."""
        return self.zones.get(key, key)

    def label(self, table: dict[str, str], key: str) -> str:
        """The translated label of ``key`` in one of this module's tables."""
        return self._(table[key]) if key in table else key

    def number(self, value: float, digits: int | None = None) -> str:
        """A number in the language's format; ``-`` for a missing value.

        Without ``digits``, significant figures (``0.4`` and ``3,686``, see
        :func:`~zerozone.report.numbers.format_significant`); with ``digits``, that many decimals.
        """
        if value != value:  # NaN
            return "-"
        if digits is None:
            return format_significant(value, self.lang)
        return format_number(value, self.lang, digits)

    def year(self, year: int) -> str:
        """A year as the language writes it before a case ending: ``2050`` / ``2050-ci``.

        Azerbaijani translations say ``{year} ildə`` (in the year) and ``{year} ilin`` (of the
        year), so the year carries its ordinal suffix there (:func:`ordinal_suffix_az`).
        """
        return f"{year}-{ordinal_suffix_az(year)}" if self.lang == "az" else str(year)

    def musd(self, value: float, digits: int | None = None) -> str:
        """USD as millions (significant figures unless ``digits`` is given)."""
        return self.number(value / 1e6, digits)

    def percent(self, share: float, digits: int | None = None) -> str:
        """A share as a percentage with its sign (significant figures unless ``digits``)."""
        return "-" if share != share else f"{self.number(100 * share, digits)} %"

    @property
    def gettext(self) -> Callable[[str], str]:
        """The language's translation function."""
        return self._
