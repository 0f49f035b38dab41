"""The report's "what binds" table: the CO2 price per period and the limits worth relaxing."""

from __future__ import annotations

from zerozone.finance import FinanceResult
from zerozone.report.labels import Names
from zerozone.report.tables import HtmlTable
from zerozone.results.binding import LIMIT_LABELS, co2_price_notes, co2_prices, top_limits

TOP_LIMITS = 5
"""How many MW limits the table lists (highest present value per MW first)."""


def binding_table(result: FinanceResult, names: Names) -> HtmlTable | None:
    """CO2 price per period, then the MW limits whose relaxation would lower the cost most.

    Parameters
    ----------
    result : FinanceResult
        The analysed run.
    names : Names
        Labels in the report's language.

    Returns
    -------
    HtmlTable or None
        None when the run has nothing that binds with a price.
    """
    _ = names.gettext
    table = result.run.tables.get("shadow_prices")
    if table is None:
        return None
    rows = [
        [_("CO2 price of the cap"), str(period), names.number(price, 1), "USD/t CO2"]
        for period, price in co2_prices(table).items()
    ]
    for row in top_limits(table, TOP_LIMITS).itertuples():
        item = str(row.item)
        if row.constraint == "link":
            item = names.tech(f"link:{item}")
        else:
            item = names.markets.get(item) or names.tech(item)
        label = _(LIMIT_LABELS[str(row.constraint)]).format(
            item=item, zone=names.zone(str(row.zone))
        )
        rows.append([label, str(row.period), names.number(row.shadow_price), str(row.shadow_unit)])
    if not rows:
        return None
    items = names.techs | names.markets
    kept_day = co2_price_notes(result.run.meta, names.lang, items, names.zones)  # see its doc
    return HtmlTable(
        title=_("What binds: what would relax the plan most"),
        header=[_("limit"), _("period"), _("shadow price"), _("unit")],
        rows=rows,
        note=_(
            "The saving of one more unit of each limit, in the money of its period: a tonne of "
            "CO2 under the cap; one more MW of a potential, link or market limit per year; one "
            "more MW built (build rates). Limits are ranked by the saving's present value."
        )
        + "".join(f" {note}" for note in kept_day),
        text_columns={1, 3},
    )
