"""Infeasible plans in words: which targets had to give, by how much, and what forced it.

Quantities are written in the unit that suits their size (t, kt or Mt of CO2; MWh, GWh or TWh),
so that 24.6 t never reads "0.0 kt"; demand left unserved is named whenever the plan sheds it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from zerozone.data.schema import Scenario
from zerozone.i18n import N_, Language, format_number, translator
from zerozone.model.solve import BindingLimit, Relaxation

MASS_UNITS = (("t", 1.0), ("kt", 1e3), ("Mt", 1e6))
"""Units of CO2 masses, from the tonne [t]."""
ENERGY_UNITS = (("MWh", 1.0), ("GWh", 1e3), ("TWh", 1e6))
"""Units of energy, from the megawatt-hour [MWh]."""
UNSERVED_TOLERANCE_MWH = 1e-3
"""Unserved energy below this per period is solver noise [MWh/yr]."""
TRANSPORT_FUEL = N_(
    "transport fuel not yet electrified (fixed by the scenario's electrification trajectory)"
)


class _Writer:
    """Names and numbers of one scenario in one language."""

    def __init__(self, scenario: Scenario, lang: Language) -> None:
        self._ = translator(lang)
        self.lang = lang
        self.techs = {t.id: getattr(t.name, lang) for t in scenario.technologies}
        self.zones = {z.id: getattr(z.name, lang) for z in scenario.zones}
        self.markets = {m.id: getattr(m.name, lang) for m in scenario.markets}

    def num(self, value: float, digits: int = 1) -> str:
        return format_number(value, self.lang, digits)

    def mw(self, value: float) -> str:
        return self.num(value, 1 if value < 10 else 0)

    def scaled(self, value: float, units: tuple[tuple[str, float], ...]) -> str:
        """``value`` in the largest of ``units`` (symbol, factor) it reaches, or the first."""
        symbol, factor = units[0]
        for candidate, size in units:
            if abs(value) >= size:
                symbol, factor = candidate, size
        shown = value / factor
        return f"{self.num(shown, 1 if abs(shown) < 100 else 0)} {symbol}"

    def tonnes(self, value: float) -> str:
        """A mass of CO2 [t] as t, kt or Mt."""
        return self.scaled(value, MASS_UNITS)

    def energy(self, value: float) -> str:
        """An energy [MWh] as MWh, GWh or TWh."""
        return self.scaled(value, ENERGY_UNITS)

    def source(self, source: str) -> str:
        if source == "transport_fuel":
            return self._(TRANSPORT_FUEL)
        if source.startswith("import:"):
            market = source.removeprefix("import:")
            return self._("imports from {market}").format(market=self.markets.get(market, market))
        return self.techs.get(source, source)


def explain_relaxations(
    relaxations: list[Relaxation],
    tables: dict[str, pd.DataFrame],
    scenario: Scenario,
    binding: list[BindingLimit] | None = None,
    lang: Language = "en",
) -> list[str]:
    """One sentence per relaxed target, in the user's terms and language.

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
    lang : {"en", "az"}
        Language of the sentences.

    Returns
    -------
    list[str]
        Sentences such as ``"2035 cap 0 t CO2/yr cannot be met: 6.2 kt/yr more remain,
        from transport fuel ... 6.2 kt"``, then one per period that leaves demand unserved.
    """
    write = _Writer(scenario, lang)
    _ = write._
    lines: list[str] = []
    limits = [r for r in relaxations if r.kind != "emission_cap"]
    emissions = tables.get("emissions", pd.DataFrame(columns=["period", "source", "t_per_year"]))
    for relaxation in relaxations:
        if relaxation.kind == "emission_budget":
            lines.append(
                _(
                    "the emission budget of {budget} CO2 cannot be met: {excess} more are "
                    "emitted over the horizon"
                ).format(
                    budget=write.tonnes(relaxation.limit), excess=write.tonnes(relaxation.excess)
                )
            )
            continue
        if relaxation.kind != "emission_cap":
            lines.append(
                _("{limit} cannot be respected").format(limit=_limit_text(relaxation, write))
            )
            continue
        period = relaxation.period
        rows = emissions[emissions["period"] == period].sort_values("t_per_year", ascending=False)
        sources = ", ".join(
            f"{write.source(str(r.source))} {write.tonnes(r.t_per_year)}"
            for r in rows.itertuples()
            if r.t_per_year > 1.0
        )
        text = _(
            "{period} cap {cap} CO2/yr cannot be met: {excess}/yr more remain, from {sources}"
        ).format(
            period=period,
            cap=write.tonnes(relaxation.limit),
            excess=write.tonnes(relaxation.excess),
            sources=sources,
        )
        forcing = [b for b in binding or [] if period is not None and b.period <= period]
        if forcing:
            text += "; " + _("limits reached: {limits}").format(
                limits=_binding_summary(forcing, write)
            )
        if limits:
            text += "; " + _("limits that also had to give: {limits}").format(
                limits=", ".join(_limit_text(r, write) for r in limits)
            )
        lines.append(text)
    return lines + explain_unserved(tables, scenario, lang)


def explain_unserved(
    tables: dict[str, pd.DataFrame], scenario: Scenario, lang: Language = "en"
) -> list[str]:
    """One sentence per period whose plan leaves demand unserved, in the user's language.

    Parameters
    ----------
    tables : dict[str, pandas.DataFrame]
        Result tables (``load_shed``: ``period``, ``carrier``, ``mwh`` per year).
    scenario : Scenario
        The scenario, for the value of lost load.
    lang : {"en", "az"}
        Language of the sentences.

    Returns
    -------
    list[str]
        Sentences such as ``"2040: 160 MWh/yr of demand left unserved (electricity 160 MWh,
        heat 0 MWh), at 5,000 USD/MWh of lost load"``; empty when all demand is served.
    """
    write = _Writer(scenario, lang)
    _ = write._
    shed = tables.get("load_shed")
    if shed is None or shed.empty:
        return []
    by_period = shed.pivot_table(
        index="period", columns="carrier", values="mwh", aggfunc="sum", fill_value=0.0
    )
    voll = scenario.policy.value_of_lost_load_usd_per_mwh
    lines = []
    for period, row in by_period.iterrows():
        total = float(row.sum())
        if total <= UNSERVED_TOLERANCE_MWH:
            continue
        lines.append(
            _(
                "{period}: {total}/yr of demand left unserved (electricity {electricity}, heat "
                "{heat}), at {voll} USD/MWh of lost load"
            ).format(
                period=period,
                total=write.energy(total),
                electricity=write.energy(float(row.get("electricity", 0.0))),
                heat=write.energy(float(row.get("heat", 0.0))),
                voll=write.num(voll, 0),
            )
        )
    return lines


def _binding_summary(limits: list[BindingLimit], write: _Writer) -> str:
    """One phrase per limit, its periods merged: ``Solar potential in x (2 MW) from 2035``."""
    _ = write._
    grouped: dict[tuple[str, str | None, str], list[BindingLimit]] = {}
    for limit in limits:
        grouped.setdefault((limit.kind, limit.zone, limit.technology), []).append(limit)
    phrases = []
    for (kind, zone, tech), items in grouped.items():
        name = write.techs.get(tech, tech)
        periods = sorted(item.period for item in items)
        if kind == "potential":
            template = (
                _("{name} potential in {zone} ({mw} MW) from {year}")
                if len(periods) > 1
                else _("{name} potential in {zone} ({mw} MW) in {year}")
            )
            phrases.append(
                template.format(
                    name=name,
                    zone=write.zones.get(zone or "", zone),
                    mw=write.mw(items[0].limit),
                    year=periods[0],
                )
            )
        else:
            spans = ", ".join(
                _("{mw} MW in {year}").format(mw=write.mw(i.limit), year=i.period) for i in items
            )
            phrases.append(_("{name} build-rate limit ({spans})").format(name=name, spans=spans))
    return "; ".join(phrases)


def _limit_text(relaxation: Relaxation, write: _Writer) -> str:
    _ = write._
    name = write.techs.get(relaxation.technology or "", "")
    render: Callable[[float], str] = write.mw
    if relaxation.kind == "potential":
        return _("{name} potential in {zone} ({limit} MW; {excess} MW more needed)").format(
            name=name,
            zone=write.zones.get(relaxation.zone or "", relaxation.zone),
            limit=render(relaxation.limit),
            excess=render(relaxation.excess),
        )
    if relaxation.kind == "build_rate":
        return _("{name} build-rate limit in {year} ({limit} MW; {excess} MW more needed)").format(
            name=name,
            year=relaxation.period,
            limit=render(relaxation.limit),
            excess=render(relaxation.excess),
        )
    return _("renewable share {share}% in {year} ({excess} GWh/yr short)").format(
        share=write.num(100 * relaxation.limit, 0),
        year=relaxation.period,
        excess=write.num(relaxation.excess / 1e3),
    )
