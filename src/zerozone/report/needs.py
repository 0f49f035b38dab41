"""The finance that follows the plan: the need per year, the gap, the concessional share that
would close it, and the cost of supply under each cost of capital (report and terminal)."""

from __future__ import annotations

from zerozone.finance import FinanceResult
from zerozone.report.labels import CASE_LABELS, Names
from zerozone.report.tables import HtmlTable


def need_by_year_table(result: FinanceResult, names: Names) -> HtmlTable:
    """Finance need, domestic budget, gap and the concessional share that would close it, per
    year [USD m, %]; market interconnectors apart (commercial, not in the need)."""
    _ = names.gettext
    needs = result.needs
    commercial = len(needs) > 0 and float(needs["commercial_usd"].sum()) > 0
    header = [_("Year"), _("need"), _("committed"), _("budget"), _("gap"), _("concessional")]
    if commercial:
        header.append(_("commercial"))
    table = HtmlTable(
        _(
            "Finance need per year (USD m): need, of which committed builds, domestic budget, "
            "gap, and the concessional share that would close the gap"
        ),
        header,
    )
    for year, row in needs.iterrows():
        cells = [
            str(year),
            names.musd(float(row["need_usd"])),
            names.musd(float(row["committed_usd"])),
            names.musd(float(row["budget_usd"])),
            names.musd(float(row["gap_usd"])),
            names.percent(float(row["concessional_share"]), 0),
        ]
        if commercial:
            cells.append(names.musd(float(row["commercial_usd"])))
        table.rows.append(cells)
    table.note = _(
        "The need counts the investment for the zones' own supply (planned and committed "
        "builds); market interconnectors are commercial, shown apart. The concessional share "
        "that would close the gap is the share of the year's need the domestic budget cannot "
        "cover: what must come as concessional finance for the gap to close. For scale, the New "
        "Collective Quantified Goal calls for at least USD 300 bn a year of climate finance by "
        "2035 for all developing countries."
    )
    return table


def supply_cost_by_case_table(result: FinanceResult, names: Names) -> HtmlTable:
    """Average cost of supply on full costs per cost-of-capital case and period [USD/MWh]."""
    _ = names.gettext
    periods = list(result.supply_cost.columns)
    table = HtmlTable(
        _("Cost of supply under each cost of capital (USD/MWh, all assets)"),
        [_("Case"), *map(str, periods)],
    )
    rates = result.financing.set_index("key")["rate"]
    for key, row in result.supply_cost.iterrows():
        label = f"{names.label(CASE_LABELS, str(key))} ({names.percent(float(rates[key]))})"
        table.rows.append([label, *(names.number(float(v), 1) for v in row)])
    table.note = _(
        "The same build, dispatch and operating costs, with committed and planned investment "
        "financed at each case's rate; existing plants are sunk."
    )
    return table
