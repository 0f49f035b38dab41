"""The figures the finance tables rest on that do not come from the run, each with its reason.

Every value here is either sourced (``../shared/facts/zones.md`` sections 3, 5 and 6 are the
references the default data use) or labelled ``assumption: <reason>``; the command line can
override the assumptions (``zerozone finance --wacc ... --domestic-budget ...``). The sources
shown in the report are marked for translation (``N_``).
"""

from __future__ import annotations

from dataclasses import dataclass

from zerozone.i18n import N_


@dataclass(frozen=True)
class Assumption:
    """A number the finance tables use, with its unit and where it comes from.

    Attributes
    ----------
    key : str
        Identifier (the option that overrides it, where there is one).
    value : float
        The number, in ``unit``.
    unit : str
        Unit, e.g. ``USD/yr`` or ``1/yr``.
    source : str
        Citation, or ``assumption: <reason>``.
    """

    key: str
    value: float
    unit: str
    source: str


NCQG_USD_PER_YEAR = 300e9
"""New Collective Quantified Goal on climate finance: developed countries to lead in mobilising at
least USD 300 bn a year by 2035 for developing countries [USD/yr]."""
NCQG_YEAR = 2035
"""The year the NCQG figure is to be reached [yr]."""
NCQG_SOURCE = N_(
    "COP29 decision on the New Collective Quantified Goal (UNFCCC, Baku, Nov 2024): at least "
    "USD 300 bn a year by 2035; all actors called to scale finance to USD 1.3 tn a year"
)

DOMESTIC_BUDGET_USD_PER_YEAR = 100e6
"""Default domestic public budget for the zones' energy investment [USD/yr]."""
DOMESTIC_BUDGET_SOURCE = N_(
    "assumption: no domestic energy-investment budget for the zones is published; USD 100 m a "
    "year is about one Shafag-sized solar plant (USD 200 m, bp and SOCAR Green, June 2025) every "
    "two years; set your own with --domestic-budget"
)

CONCESSIONAL_SHARE = 0.3
"""Default share of the investment financed by concessional loans [-]."""
CONCESSIONAL_RATE = 0.01
"""Default real interest rate of the concessional part [1/yr]."""
CONCESSIONAL_SOURCE = N_(
    "assumption: illustrative blend; no concessional terms for the zones are published; "
    "concessional loans are priced far below market rates; set with --concessional-share and "
    "--concessional-rate"
)

GAP_CONCESSIONAL_SOURCE = N_(
    "the share of the finance need above the domestic budget over the horizon (gap over need), "
    "financed at the concessional rate, the rest at the WACC: what closing the gap with "
    "concessional loans does to the cost of supply"
)

WACC_SOURCE = N_(
    "the scenario's real discount rate (policy.discount_rate, sourced in the scenario's policy "
    "record), which the planner also used to annualise investment; IRENA finds 1.1-12 % across "
    "45 countries (nominal, 2019-2021) and no Azerbaijan value (IRENA, The cost of financing for "
    "renewable power, 2023): an assumption the user should change with --wacc"
)

WACC_SENSITIVITIES: tuple[tuple[str, float, str], ...] = (
    (
        "irena_europe",
        0.044,
        "IRENA (2023), The cost of financing for renewable power: Europe's average 4.4 %; "
        "nominal (2019-2021), applied as a real rate like the scenario's",
    ),
    (
        "irena_high",
        0.12,
        "IRENA (2023): top of the 1.1-12 % range across 45 countries; nominal "
        "(2019-2021), applied as a real rate like the scenario's",
    ),
)
"""Extra financing rates shown beside the default: (key, rate [1/yr], source). IRENA's survey
reports nominal rates; they are applied as real rates, as the default scenario's own 8 %
(IRENA's Middle East and Africa 8.2 %) is, so the cases compare like with like, each overstated
by about the inflation rate."""

COMMITTED_BUILD_YEARS = 2
"""Years over which a committed build's investment is spent before its first year in service
[yr]."""
COMMITTED_BUILD_SOURCE = N_(
    "assumption: two years of construction, as Shafag solar (bp and SOCAR Green: final "
    "investment decision June 2025, completion 2027); the Zangezur line (construction started "
    "Jan 2026) has no completion date, its year in the scenario is itself this assumption"
)

CHARGING_SOURCE = N_(
    "--charging-cost: the user's cost of charging stations per kW of peak charging load; no "
    "default (none published for the zones); sized to the aggregate peak, a lower bound"
)
"""Source of the charging-station cost, which only the user gives."""
