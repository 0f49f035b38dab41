"""Every input record of the scenario with its source, for the report's data section."""

from __future__ import annotations

from dataclasses import dataclass

from zerozone.data.schema import SECTOR_LABELS, Scenario
from zerozone.i18n import N_, Language, translator

SECTION_LABELS = {
    "policy": N_("Policy and targets"),
    "zones": N_("Zones and their climate"),
    "settlements": N_("Settlements"),
    "technologies": N_("Technologies and costs"),
    "fuels": N_("Fuels"),
    "plants": N_("Existing plants"),
    "committed": N_("Committed builds"),
    "potentials": N_("Potentials"),
    "demand": N_("Demand"),
    "links": N_("Links"),
    "markets": N_("External markets"),
}


@dataclass(frozen=True)
class SourceRow:
    """One record: what it is and where its numbers come from."""

    name: str
    source: str

    @property
    def is_assumption(self) -> bool:
        """Whether the record is labelled as an assumption."""
        return self.source.strip().lower().startswith("assumption")

    @property
    def has_assumptions(self) -> bool:
        """Whether some of the record's numbers are assumptions (the source says so)."""
        return "assumption" in self.source.lower()


@dataclass(frozen=True)
class SourceSection:
    """The records of one section of the scenario."""

    title: str
    rows: list[SourceRow]

    @property
    def assumptions(self) -> int:
        """How many of its records are assumptions."""
        return sum(row.is_assumption for row in self.rows)


def scenario_sources(scenario: Scenario, lang: Language) -> list[SourceSection]:
    """The scenario's records and their sources, section by section (sources as written)."""
    _ = translator(lang)
    tech = {t.id: getattr(t.name, lang) for t in scenario.technologies}
    zone = {z.id: getattr(z.name, lang) for z in scenario.zones}
    sections: dict[str, list[SourceRow]] = {
        "policy": [
            SourceRow(_("Policy"), scenario.policy.source),
            SourceRow(_("Emission cap"), scenario.policy.emission_cap.source),
        ],
        "zones": [
            row
            for z in scenario.zones
            for row in (
                SourceRow(getattr(z.name, lang), z.source),
                SourceRow(f"{getattr(z.name, lang)}: {_('climate')}", z.climate.source),
            )
        ],
        "settlements": [SourceRow(getattr(s.name, lang), s.source) for s in scenario.settlements],
        "technologies": [SourceRow(tech[t.id], t.source) for t in scenario.technologies],
        "fuels": [SourceRow(getattr(f.name, lang), f.source) for f in scenario.fuels],
        "plants": [
            SourceRow(f"{p.name} ({tech.get(p.technology, p.technology)})", p.source)
            for p in scenario.plants
        ],
        "committed": [SourceRow(c.name, c.source) for c in scenario.committed],
        "potentials": [
            SourceRow(
                f"{zone.get(p.zone, p.zone)}: {tech.get(p.technology, p.technology)}", p.source
            )
            for p in scenario.potentials
        ],
        "demand": [
            SourceRow(
                _(SECTOR_LABELS[d.sector.value])
                + (f" ({zone.get(d.zone, d.zone)})" if d.zone else ""),
                d.source,
            )
            for d in scenario.demand.sectors
        ],
        "links": [SourceRow(getattr(link.name, lang), link.source) for link in scenario.links],
        "markets": [SourceRow(getattr(m.name, lang), m.source) for m in scenario.markets],
    }
    return [SourceSection(_(SECTION_LABELS[key]), rows) for key, rows in sections.items() if rows]
