"""The report's hourly-check table: the plan re-dispatched over full weather years
(``zerozone check``; the ``check`` table of the run directory, when it has been run)."""

from __future__ import annotations

from zerozone.finance import FinanceResult
from zerozone.report.labels import Names
from zerozone.report.tables import HtmlTable

NBSP = "\u00a0"
"""A space where a line must not break."""


def _unbroken(text: str) -> str:
    """``text`` with its spaces and hyphens made non-breaking (a date and hour in one piece)."""
    return text.replace(" ", NBSP).replace("-", "\u2011")


def check_table(result: FinanceResult, names: Names) -> HtmlTable | None:
    """Unserved energy, worst hour, cost and emissions per period and weather year.

    Parameters
    ----------
    result : FinanceResult
        The analysed run.
    names : Names
        Labels in the report's language.

    Returns
    -------
    HtmlTable or None
        None when the run has not been checked.
    """
    _ = names.gettext
    table = result.run.tables.get("check")
    if table is None or not len(table):
        return None
    rows = []
    for row in table.itertuples():
        # the time and the power each in one piece (no break inside): three short lines at most
        # on a phone, not six
        worst = (
            f"{names.zone(str(row.worst_zone))}, {_unbroken(str(row.worst_time))}, "
            f"{names.number(float(row.worst_mw), 1)}{NBSP}{_('MW')}"
            if row.worst_zone
            else "-"
        )
        rows.append(
            [
                f"{row.period} ({row.weather_year})",
                names.number(float(row.unserved_mwh) + float(row.heat_unserved_mwh), 1),
                str(row.unserved_hours),
                worst,
                names.number(float(row.operating_cost_usd_per_year) / 1e3, 1),
                names.number(float(row.plan_operating_cost_usd_per_year) / 1e3, 1),
                names.number(float(row.emissions_t_per_year) / 1e3, 2),
                names.number(float(row.cap_t_per_year) / 1e3, 2),
                _("passes") if row.passed else _("fails"),
            ]
        )
    return HtmlTable(
        title=_("Hourly check: the plan over every hour of full weather years"),
        header=[
            _("period (weather year)"),
            _("unserved MWh/yr"),
            _("hours"),
            _("worst hour"),
            _("operating cost, kUSD/yr"),
            _("in the plan, kUSD/yr"),
            _("CO2, kt/yr"),
            _("cap, kt/yr"),
            _("result"),
        ],
        rows=rows,
        note=_(
            "Each period re-dispatched over the 8,760 hours of a weather year with everything "
            "the plan built fixed; demand that cannot be served is shed at the value of lost "
            "load. A period passes with at most 0.002 % of its demand unserved and its emissions "
            "within the cap."
        ),
        text_columns={3, 8},
    )
