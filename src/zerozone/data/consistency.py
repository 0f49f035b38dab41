"""Checks across records of a scenario: references, ordering, geography.

These run on every record that passed its own field validation, even when other records failed,
so that one run reports every problem of a file. Each check yields :class:`Problem` records with
the path of the offending value.
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from zerozone.data.problems import PathPart, Problem
from zerozone.data.schema import (
    CommittedBuild,
    DemandEntry,
    DemandSector,
    EmissionCap,
    ExistingPlant,
    Fuel,
    Link,
    Market,
    Policy,
    Potential,
    Settlement,
    Technology,
    TechnologyKind,
    Zone,
)

T = TypeVar("T")
Indexed = list[tuple[int, T]]


@dataclass
class ScenarioParts:
    """The records of a scenario that passed field validation, with their index in the file.

    Sections that failed validation as a whole are ``None`` (single records) or hold only the
    items that passed (lists).
    """

    zones: Indexed[Zone] = field(default_factory=list)
    settlements: Indexed[Settlement] = field(default_factory=list)
    technologies: Indexed[Technology] = field(default_factory=list)
    fuels: Indexed[Fuel] = field(default_factory=list)
    plants: Indexed[ExistingPlant] = field(default_factory=list)
    committed: Indexed[CommittedBuild] = field(default_factory=list)
    potentials: Indexed[Potential] = field(default_factory=list)
    links: Indexed[Link] = field(default_factory=list)
    markets: Indexed[Market] = field(default_factory=list)
    demand_sectors: Indexed[DemandEntry] = field(default_factory=list)
    demand_base_year: int | None = None
    policy: Policy | None = None
    # Which list sections failed entirely (not a list): their references cannot be checked.
    broken_sections: set[str] = field(default_factory=set)
    # Identifiers of records that failed field validation (already reported): references to them
    # are not reported a second time as undefined.
    unvalidated_ids: dict[str, set[str]] = field(default_factory=dict)


def _unknown(
    path: tuple[PathPart, ...], kind: str, value: str, known: Iterable[str], section: str
) -> Problem:
    known = sorted(set(known))
    close = difflib.get_close_matches(value, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    if known:
        hint += f"defined: {', '.join(known)}"
    else:
        hint += f"no {kind} is defined"
    hint += f"; or add it under `{section}`"
    return Problem(path, f"{kind} {value!r} is not defined", hint)


def _check_reference(
    path: tuple[PathPart, ...],
    kind: str,
    value: str | None,
    known: set[str],
    section: str,
    parts: ScenarioParts,
) -> Iterator[Problem]:
    if value is None or section in parts.broken_sections or value in known:
        return
    if value in parts.unvalidated_ids.get(section, set()):
        return
    yield _unknown(path, kind, value, known, section)


def _duplicates(section: str, items: Indexed[T], key: str) -> Iterator[Problem]:
    counts = Counter(getattr(item, key) for _, item in items)
    for index, item in items:
        value = getattr(item, key)
        if counts[value] > 1:
            yield Problem(
                (section, index, key),
                f"{key} {value!r} is used by {counts[value]} records",
                "give each record its own identifier",
            )


def _check_increasing(path: tuple[PathPart, ...], years: Sequence[int]) -> Iterator[Problem]:
    for earlier, later in itertools.pairwise(years):
        if later <= earlier:
            yield Problem(
                path,
                f"years must increase, but {later} comes after {earlier}",
                "sort the entries by year and remove repeated years",
            )
            return


def _check_fractions(
    path: tuple[PathPart, ...], series: dict[int, float] | None
) -> Iterator[Problem]:
    for year, value in (series or {}).items():
        if not 0.0 <= value <= 1.0:
            yield Problem(
                (*path, year), f"a share must lie between 0 and 1, got {value}", "write e.g. 0.3"
            )


def check_zones(parts: ScenarioParts) -> Iterator[Problem]:
    """Unique ids, non-empty bounding boxes, weather site inside the box."""
    yield from _duplicates("zones", parts.zones, "id")
    for index, zone in parts.zones:
        box = zone.bbox
        if box.lat_min >= box.lat_max or box.lon_min >= box.lon_max:
            yield Problem(
                ("zones", index, "bbox"),
                "the bounding box is empty: each minimum must be below its maximum",
                "swap the minimum and maximum or correct them",
            )
        elif not box.contains(zone.weather_site.lat, zone.weather_site.lon):
            yield Problem(
                ("zones", index, "weather_site"),
                f"weather site ({zone.weather_site.lat}, {zone.weather_site.lon}) lies outside the "
                f"zone's bounding box",
                "move the site into the zone or widen `bbox`",
            )


def check_settlements(parts: ScenarioParts) -> Iterator[Problem]:
    """Unique ids, known zone, inside the zone, population variants ordered."""
    yield from _duplicates("settlements", parts.settlements, "id")
    zones = {zone.id: zone for _, zone in parts.zones}
    for index, place in parts.settlements:
        path: tuple[PathPart, ...] = ("settlements", index)
        yield from _check_reference((*path, "zone"), "zone", place.zone, set(zones), "zones", parts)
        zone = zones.get(place.zone)
        if zone is not None and not zone.bbox.contains(place.location.lat, place.location.lon):
            yield Problem(
                (*path, "location"),
                f"{place.name.en} ({place.location.lat}, {place.location.lon}) lies outside zone "
                f"{zone.id!r} (lat {zone.bbox.lat_min}-{zone.bbox.lat_max}, "
                f"lon {zone.bbox.lon_min}-{zone.bbox.lon_max})",
                "correct the coordinates, the settlement's zone, or the zone's `bbox`",
            )
        for year, estimate in place.population.items():
            low, central, high = (estimate.variant(v) for v in ("low", "central", "high"))
            if not low <= central <= high:
                yield Problem(
                    (*path, "population", year),
                    f"variants must satisfy low <= central <= high, got {low}, {central}, {high}",
                    "reorder the three figures",
                )


def check_technologies(parts: ScenarioParts) -> Iterator[Problem]:
    """Unique ids and the fields each kind of technology needs."""
    yield from _duplicates("technologies", parts.technologies, "id")
    fuels = {fuel.id for _, fuel in parts.fuels}
    yield from _duplicates("fuels", parts.fuels, "id")
    for index, tech in parts.technologies:
        path: tuple[PathPart, ...] = ("technologies", index)
        if tech.kind is TechnologyKind.SOLAR and tech.mount is None:
            yield Problem(
                (*path, "mount"),
                "a solar technology needs a mount",
                "add `mount: fixed` or `mount: tracking`",
            )
        if tech.kind.burns_fuel:
            if tech.fuel is None:
                yield Problem(
                    (*path, "fuel"),
                    f"a {tech.kind.value} technology burns a fuel",
                    "add `fuel: <fuel id>`",
                )
            yield from _check_reference((*path, "fuel"), "fuel", tech.fuel, fuels, "fuels", parts)
        elif tech.fuel is not None:
            yield Problem(
                (*path, "fuel"), f"a {tech.kind.value} technology burns no fuel", "remove `fuel`"
            )
        if tech.kind is TechnologyKind.BATTERY and tech.energy_capex_usd_per_kwh is None:
            yield Problem(
                (*path, "energy_capex_usd_per_kwh"),
                "a battery needs the cost of its energy capacity",
                "add `energy_capex_usd_per_kwh: {2025: 250}`",
            )
        needs_hours = tech.kind.needs_storage_hours
        if needs_hours and tech.storage_hours is None:
            yield Problem(
                (*path, "storage_hours"),
                f"a {tech.kind.value} technology needs its energy-to-power ratio",
                "add `storage_hours: <hours at full power>`",
            )


def check_plants(parts: ScenarioParts) -> Iterator[Problem]:
    """Existing plants: known technology and zone, retirement after commissioning."""
    zones = {zone.id for _, zone in parts.zones}
    techs = {tech.id: tech for _, tech in parts.technologies}
    for index, plant in parts.plants:
        path: tuple[PathPart, ...] = ("plants", index)
        yield from _check_reference(
            (*path, "technology"), "technology", plant.technology, set(techs), "technologies", parts
        )
        yield from _check_reference((*path, "zone"), "zone", plant.zone, zones, "zones", parts)
        if plant.retirement_year is not None and plant.retirement_year <= plant.commissioning_year:
            yield Problem(
                (*path, "retirement_year"),
                f"retirement year {plant.retirement_year} is not after the commissioning year "
                f"{plant.commissioning_year}",
                "correct one of the two years, or leave `retirement_year` out to use the "
                "technology's lifetime",
            )


def check_committed(parts: ScenarioParts) -> Iterator[Problem]:
    """Committed builds: a plant (technology and zone) or a link, with known references."""
    zones = {zone.id for _, zone in parts.zones}
    techs = {tech.id for _, tech in parts.technologies}
    links = {link.id for _, link in parts.links}
    for index, build in parts.committed:
        path: tuple[PathPart, ...] = ("committed", index)
        is_plant = build.technology is not None or build.zone is not None
        if is_plant == (build.link is not None):
            yield Problem(
                path,
                "a committed build is either a plant or a link upgrade",
                "give `technology` and `zone` for a plant, or only `link` for a line",
            )
            continue
        if is_plant:
            for key in ("technology", "zone"):
                if getattr(build, key) is None:
                    yield Problem(
                        (*path, key), f"a committed plant needs its {key}", f"add `{key}: <id>`"
                    )
            yield from _check_reference(
                (*path, "technology"), "technology", build.technology, techs, "technologies", parts
            )
            yield from _check_reference((*path, "zone"), "zone", build.zone, zones, "zones", parts)
        else:
            yield from _check_reference((*path, "link"), "link", build.link, links, "links", parts)


def check_potentials(parts: ScenarioParts) -> Iterator[Problem]:
    """Potentials: known zone and technology, one record per pair."""
    zones = {zone.id for _, zone in parts.zones}
    techs = {tech.id for _, tech in parts.technologies}
    seen: dict[tuple[str, str], int] = {}
    for index, potential in parts.potentials:
        path: tuple[PathPart, ...] = ("potentials", index)
        yield from _check_reference((*path, "zone"), "zone", potential.zone, zones, "zones", parts)
        yield from _check_reference(
            (*path, "technology"), "technology", potential.technology, techs, "technologies", parts
        )
        key = (potential.zone, potential.technology)
        if key in seen:
            yield Problem(
                path,
                f"potentials[{seen[key]}] already limits {key[1]} in {key[0]}",
                "keep one record per zone and technology",
            )
        seen.setdefault(key, index)


def check_demand(parts: ScenarioParts) -> Iterator[Problem]:
    """Demand entries: known zone and fuel, transport drivers present, one entry per key."""
    zones = {zone.id for _, zone in parts.zones}
    fuels = {fuel.id for _, fuel in parts.fuels}
    seen: dict[tuple[str, str | None], int] = {}
    for index, entry in parts.demand_sectors:
        path: tuple[PathPart, ...] = ("demand", "sectors", index)
        yield from _check_reference((*path, "zone"), "zone", entry.zone, zones, "zones", parts)
        if entry.sector is DemandSector.TRANSPORT:
            if entry.electrification is None:
                yield Problem(
                    (*path, "electrification"),
                    "transport demand needs its electrification trajectory",
                    "add `electrification: {2025: 0.01, 2050: 1.0}`",
                )
            if entry.fuel is None:
                yield Problem(
                    (*path, "fuel"),
                    "transport demand needs the fuel it burns today",
                    "add `fuel: gasoline` (a fuel id)",
                )
        yield from _check_reference((*path, "fuel"), "fuel", entry.fuel, fuels, "fuels", parts)
        yield from _check_fractions((*path, "electrification"), entry.electrification)
        key = (entry.sector.value, entry.zone)
        if key in seen:
            yield Problem(
                path,
                f"demand.sectors[{seen[key]}] already gives {key[0]} for {key[1] or 'all zones'}",
                "merge the two entries",
            )
        seen.setdefault(key, index)


def check_links_and_markets(parts: ScenarioParts) -> Iterator[Problem]:
    """Links join two different known zones; markets land in a known zone."""
    zones = {zone.id for _, zone in parts.zones}
    yield from _duplicates("links", parts.links, "id")
    yield from _duplicates("markets", parts.markets, "id")
    for index, link in parts.links:
        path: tuple[PathPart, ...] = ("links", index)
        for key in ("from_zone", "to_zone"):
            yield from _check_reference(
                (*path, key), "zone", getattr(link, key), zones, "zones", parts
            )
        if link.from_zone == link.to_zone:
            yield Problem(
                (*path, "to_zone"),
                "a link must join two different zones",
                "correct `from_zone` or `to_zone`",
            )
    for index, market in parts.markets:
        yield from _check_reference(
            ("markets", index, "zone"), "zone", market.zone, zones, "zones", parts
        )


def _check_cap(cap: EmissionCap, policy: Policy) -> Iterator[Problem]:
    path: tuple[PathPart, ...] = ("policy", "emission_cap")
    required = {
        "linear": ("start_year", "start_t"),
        "budget": ("budget_t",),
        "explicit": ("values_t",),
        "none": (),
    }[cap.shape]
    for key in required:
        if getattr(cap, key) is None:
            yield Problem((*path, key), f"a {cap.shape} cap needs `{key}`", f"add `{key}`")
    if (
        cap.shape == "linear"
        and cap.start_year is not None
        and cap.start_year >= policy.target_year
    ):
        yield Problem(
            (*path, "start_year"),
            f"the cap must start before the target year {policy.target_year}",
            "choose an earlier `start_year`",
        )
    if cap.shape == "explicit" and cap.values_t:
        last_year = list(cap.values_t)[-1]
        if last_year < policy.target_year or cap.values_t[last_year] > 0:
            yield Problem(
                (*path, "values_t"),
                f"an explicit cap must reach zero by the target year {policy.target_year}",
                f"add `{policy.target_year}: 0`",
            )


def check_years_in_horizon(parts: ScenarioParts) -> Iterator[Problem]:
    """Committed builds by the target year; plants commissioned within the horizon."""
    policy = parts.policy
    if policy is None or not policy.periods:
        return
    for index, build in parts.committed:
        if build.year > policy.target_year:
            yield Problem(
                ("committed", index, "year"),
                f"committed build in {build.year}, after the target year {policy.target_year}: "
                "it would never count in the pathway",
                f"use a year up to {policy.target_year}, or remove the build",
            )
    horizon_end = policy.periods[-1] + policy.last_period_years
    for index, plant in parts.plants:
        if plant.commissioning_year >= horizon_end:
            yield Problem(
                ("plants", index, "commissioning_year"),
                f"commissioned in {plant.commissioning_year}, after the planning horizon ends "
                f"({horizon_end - 1}): it would never count",
                "correct the year; a plant still to be built is a `committed` build",
            )


def check_market_prices(parts: ScenarioParts) -> Iterator[Problem]:
    """A market's export price never above its import price in the same hour, nor above the
    value of lost load, at every year a price or shape is given and in every period."""
    voll = parts.policy.value_of_lost_load_usd_per_mwh if parts.policy is not None else None
    periods = list(parts.policy.periods) if parts.policy is not None else []
    for index, market in parts.markets:
        years = sorted({*market.price_years(), *periods})
        highest = max(float(market.export_prices(year).max()) for year in years)
        if voll is not None and highest > voll:
            yield Problem(
                ("policy", "value_of_lost_load_usd_per_mwh"),
                f"the value of lost load {voll:g} USD/MWh is below the export price {highest:g} of "
                f"market {market.id!r}: the plan would leave demand unserved to export instead",
                "use a value of lost load above every export price",
            )
        for year in years:
            buy, sell = market.import_prices(year), market.export_prices(year)
            above = [h for h in range(len(sell)) if sell[h] > buy[h] + 1e-9]
            if above:
                hour = above[0]
                field = (
                    "export_price_shape"
                    if market.export_price_shape or market.import_price_shape
                    else "export_price_usd_per_mwh"
                )
                yield Problem(
                    ("markets", index, field),
                    f"in {year} the export price {sell[hour]:g} USD/MWh exceeds the import price "
                    f"{buy[hour]:g}"
                    + (f" at hour {hour}" if field == "export_price_shape" else "")
                    + ": the plan would buy and sell the same energy for profit",
                    "make the export price at most the import price in every hour",
                )
                break


def check_policy(parts: ScenarioParts) -> Iterator[Problem]:
    """Periods increasing and spanning the target year; the cap's fields match its shape."""
    policy = parts.policy
    if policy is None:
        return
    yield from _check_increasing(("policy", "periods"), policy.periods)
    horizon_end = policy.periods[-1] + policy.last_period_years
    if not policy.periods[0] <= policy.target_year < horizon_end:
        yield Problem(
            ("policy", "target_year"),
            f"target year {policy.target_year} lies outside the planning horizon "
            f"{policy.periods[0]}-{horizon_end - 1}",
            "add periods up to the target year or correct it",
        )
    yield from _check_fractions(("policy", "min_renewable_share"), policy.min_renewable_share)
    yield from _check_cap(policy.emission_cap, policy)
    base_year = parts.demand_base_year
    if base_year is not None and base_year > policy.periods[0]:
        yield Problem(
            ("demand", "base_year"),
            f"the demand base year {base_year} is after the first period {policy.periods[0]}",
            "use a base year at or before the first period",
        )


def check_reserve(parts: ScenarioParts) -> Iterator[Problem]:
    """The reserve rule's groups name known zones, each zone in one group at most."""
    policy = parts.policy
    if policy is None or policy.reserve is None or policy.reserve.groups is None:
        return
    zones = {zone.id for _, zone in parts.zones}
    seen: dict[str, int] = {}
    for g, group in enumerate(policy.reserve.groups):
        for z, zone in enumerate(group):
            path: tuple[PathPart, ...] = ("policy", "reserve", "groups", g, z)
            yield from _check_reference(path, "zone", zone, zones, "zones", parts)
            if zone in seen:
                yield Problem(
                    path,
                    f"zone {zone!r} is already in reserve group {seen[zone]}",
                    "put each zone in one group at most",
                )
            seen.setdefault(zone, g)


CHECKS = (
    check_zones,
    check_settlements,
    check_technologies,
    check_plants,
    check_committed,
    check_potentials,
    check_demand,
    check_links_and_markets,
    check_market_prices,
    check_policy,
    check_reserve,
    check_years_in_horizon,
)
"""Every cross-record check, in the order their problems are listed."""


def find_problems(parts: ScenarioParts) -> list[Problem]:
    """Run every check on ``parts``.

    Parameters
    ----------
    parts : ScenarioParts
        The records that passed field validation.

    Returns
    -------
    list[Problem]
        Every cross-record problem found.
    """
    return [problem for check in CHECKS for problem in check(parts)]
