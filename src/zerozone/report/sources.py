"""Every input record of the scenario with its source, for the report's data section.

A record's ``source`` is free text in which each publication is cited in square brackets
(``[publisher, title, date, link]``). The report numbers the distinct citations once, in order
of first use, lists them at the end of the section and shows ``[n]`` in their place; records
with the very same source text are listed together in one row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
CITATION = re.compile(r"\[([^\[\]]+)\]")
"""A citation inside a source text: ``[publisher, title, date, link]``."""
LINK = re.compile(r"(https?://\S+?)\s*$")
"""The link at the end of a citation."""


@dataclass(frozen=True)
class Reference:
    """A publication cited by the scenario: its number in the list, text and link."""

    number: int
    text: str
    link: str = ""


@dataclass(frozen=True)
class SourcePart:
    """A piece of a source text: plain text, or a reference to a numbered citation."""

    text: str = ""
    reference: int = 0


@dataclass(frozen=True)
class SourceRow:
    """One record (or several with the same source): what it is and where its numbers come from."""

    name: str
    source: str
    parts: tuple[SourcePart, ...] = ()
    count: int = 1

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
    records: int = 0

    @property
    def assumptions(self) -> int:
        """How many of its records are assumptions."""
        return sum(row.count for row in self.rows if row.is_assumption)


@dataclass
class Citations:
    """The distinct citations of a scenario, numbered in order of first use."""

    references: list[Reference] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def number(self, citation: str) -> int:
        """The number of ``citation`` (text inside the brackets), adding it when new."""
        key = " ".join(citation.split())
        if key not in self._numbers:
            self._numbers[key] = len(self.references) + 1
            found = LINK.search(key)
            text = key[: found.start()].rstrip(" ,;") if found else key
            self.references.append(Reference(self._numbers[key], text, found[1] if found else ""))
        return self._numbers[key]

    def parts(self, source: str) -> tuple[SourcePart, ...]:
        """``source`` as plain text and numbered references."""
        parts: list[SourcePart] = []
        position = 0
        for match in CITATION.finditer(source):
            if match.start() > position:
                parts.append(SourcePart(text=source[position : match.start()]))
            parts.append(SourcePart(reference=self.number(match[1])))
            position = match.end()
        if position < len(source):
            parts.append(SourcePart(text=source[position:]))
        return tuple(parts)


@dataclass(frozen=True)
class SourceList:
    """The data section: records by section and the numbered citations they refer to."""

    sections: list[SourceSection]
    references: list[Reference]

    @property
    def records(self) -> int:
        """How many records the scenario has."""
        return sum(s.records for s in self.sections)

    @property
    def assumptions(self) -> int:
        """How many records are assumptions."""
        return sum(s.assumptions for s in self.sections)


def _merged(rows: list[SourceRow], citations: Citations) -> list[SourceRow]:
    """Rows with the same source joined into one (names listed), each with its parts."""
    names: dict[str, list[str]] = {}
    for row in rows:
        names.setdefault(" ".join(row.source.split()), []).append(row.name)
    return [
        SourceRow(", ".join(group), source, citations.parts(source), len(group))
        for source, group in names.items()
    ]


def _records(scenario: Scenario, lang: Language) -> dict[str, list[SourceRow]]:
    """Every record's display name and source text, by section."""
    _ = translator(lang)
    tech = {t.id: getattr(t.name, lang) for t in scenario.technologies}
    zone = {z.id: getattr(z.name, lang) for z in scenario.zones}

    def own(record: object) -> str:
        """A plant's or build's name in ``lang`` (its Azerbaijani name where it has one)."""
        local = getattr(record, "name_az", None) if lang == "az" else None
        return str(local or getattr(record, "name", ""))

    return {
        "policy": [
            SourceRow(_("Policy"), scenario.policy.source),
            SourceRow(_("Emission cap"), scenario.policy.emission_cap.source),
        ],
        "zones": [
            row
            for z in scenario.zones
            for row in (
                SourceRow(getattr(z.name, lang), z.source),
                SourceRow(
                    _("{zone}: climate").format(zone=getattr(z.name, lang)), z.climate.source
                ),
            )
        ],
        "settlements": [SourceRow(getattr(s.name, lang), s.source) for s in scenario.settlements],
        "technologies": [SourceRow(tech[t.id], t.source) for t in scenario.technologies],
        "fuels": [SourceRow(getattr(f.name, lang), f.source) for f in scenario.fuels],
        "plants": [
            SourceRow(f"{own(p)} ({tech.get(p.technology, p.technology)})", p.source)
            for p in scenario.plants
        ],
        "committed": [SourceRow(own(c), c.source) for c in scenario.committed],
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


def scenario_sources(scenario: Scenario, lang: Language) -> SourceList:
    """The scenario's records and their sources, section by section, with numbered citations."""
    _ = translator(lang)
    citations = Citations()
    sections = [
        SourceSection(_(SECTION_LABELS[key]), _merged(rows, citations), len(rows))
        for key, rows in _records(scenario, lang).items()
        if rows
    ]
    return SourceList(sections, citations.references)
