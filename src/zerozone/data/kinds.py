"""Technology kinds and what each does: the one table every module reads.

In the spirit of PyPSA's component attribute tables, the behaviour of a kind is data, one row per
:class:`TechnologyKind` in :data:`KINDS`, not sets kept in the modules that need it. The planner
picks its variables from the role and the flags, finance its investment categories from the role,
the report its colours and labels; the derived sets (:data:`GENERATOR_KINDS` and the others) are
read from the table, never written out. Links between zones are not a technology kind (they are
their own entity of a scenario, and the finance category ``grid``).

Columns (:class:`KindSpec`):

========================= ================================================================
``role``                  ``generation`` (electricity from a primary source), ``storage``
                          (takes electricity and gives it back) or ``heat`` (heat for
                          buildings)
``renewable``             its electricity counts towards the renewable share
``dispatchable``          its output can be set at will up to its capacity (not tied to the
                          weather of the hour)
``emitting``              burns a fuel: the only kinds with direct emissions (the fuel's
                          emission factor per MWh of fuel); needs ``fuel``
``needs_site``            a resource: new capacity only where a potential is given
``inflow_store``          generation from a natural inflow into its own store (reservoirs)
``energy_capacity``       its energy capacity is sized on its own [MWh] (batteries)
``storage_hours``         its energy capacity is ``storage_hours`` times its power [h]
``colors``                chart colours, one per technology of the kind in turn
``label``                 display name (a translation key, ``locale/az/.../kinds.po``)
``efficiency_range``      accepted ``efficiency`` [-]: a round trip (storage) or a conversion
                          (fuel to electricity or heat, electricity to heat) returns at most
                          what it takes, so at most 1; a heat pump's nominal COP lies within
                          1 (no better than a resistive heater) and 8 (above the best
                          ground-source units); below 0.05 no real plant runs (and the
                          solver's numbers would span too much)
``capacity_credit``       share of its power counted as firm in a reserve margin [-]
                          (:class:`~zerozone.data.schema.ReserveMargin`), overridable per
                          technology: :data:`CAPACITY_CREDIT_SOURCE`
``group``                 the source it stands for in summaries by source (week charts,
                          near-optimal groups): ``sun``, ``wind``, ``water``, ``fuel``,
                          ``storage`` or ``heat``
========================= ================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from zerozone.i18n import N_


class TechnologyKind(StrEnum):
    """How the planner models a technology (its row of :data:`KINDS` says what it does)."""

    SOLAR = "solar"
    WIND = "wind"
    HYDRO_RUN_OF_RIVER = "hydro_run_of_river"
    HYDRO_RESERVOIR = "hydro_reservoir"
    BATTERY = "battery"
    PUMPED_HYDRO = "pumped_hydro"
    THERMAL = "thermal"
    HEAT_PUMP = "heat_pump"
    GAS_BOILER = "gas_boiler"
    RESISTIVE_HEATER = "resistive_heater"

    @property
    def is_renewable(self) -> bool:
        """Whether its electricity counts as renewable."""
        return KINDS[self].renewable

    @property
    def is_storage(self) -> bool:
        """Whether it stores electricity."""
        return KINDS[self].role is Role.STORAGE

    @property
    def makes_heat(self) -> bool:
        """Whether its output is heat rather than electricity."""
        return KINDS[self].role is Role.HEAT

    @property
    def burns_fuel(self) -> bool:
        """Whether it needs a ``fuel``."""
        return KINDS[self].emitting

    @property
    def needs_storage_hours(self) -> bool:
        """Whether its energy capacity is given by ``storage_hours``."""
        return KINDS[self].storage_hours


class Role(StrEnum):
    """What a kind of technology does in the energy system."""

    GENERATION = "generation"
    """Electricity from a primary source (sun, wind, water, fuel)."""
    STORAGE = "storage"
    """Takes electricity and gives it back later."""
    HEAT = "heat"
    """Heat for buildings (from electricity or a fuel)."""


@dataclass(frozen=True)
class KindSpec:
    """One row of the table of technology kinds (the columns: see the module docstring)."""

    kind: TechnologyKind
    role: Role
    colors: tuple[str, ...]
    label: str
    renewable: bool = False
    dispatchable: bool = False
    emitting: bool = False
    needs_site: bool = False
    inflow_store: bool = False
    energy_capacity: bool = False
    storage_hours: bool = False
    group: str = ""
    capacity_credit: float = 0.0
    efficiency_range: tuple[float, float] = (0.05, 1.0)


CAPACITY_CREDIT_SOURCE = (
    "assumption: within the range of the de-rating factors Great Britain's capacity market "
    "applies (National Grid ESO, Electricity Capacity Reports): dispatchable plants 0.9 (forced "
    "outages), batteries 0.5 (a few hours of energy), wind 0.1 and solar 0.05 (output at winter "
    "evening peaks), run-of-river 0.4 (low winter flow); heat kinds 0 (they serve heat, not "
    "electricity)"
)
"""Where the ``capacity_credit`` column's values come from."""

_K, _G, _S, _H = TechnologyKind, Role.GENERATION, Role.STORAGE, Role.HEAT
# fmt: off
KINDS: dict[TechnologyKind, KindSpec] = {row.kind: row for row in (
    KindSpec(_K.SOLAR, _G, ("#f2b705", "#f29f05", "#d98e04", "#ffd45c"), N_("solar PV"),
             renewable=True, needs_site=True, group="sun", capacity_credit=0.05),
    KindSpec(_K.WIND, _G, ("#3a86c8", "#6baed6"), N_("wind"),
             renewable=True, needs_site=True, group="wind", capacity_credit=0.1),
    KindSpec(_K.HYDRO_RUN_OF_RIVER, _G, ("#1b9e9e", "#4fc1c1"), N_("run-of-river hydro"),
             renewable=True, needs_site=True, group="water", capacity_credit=0.4),
    KindSpec(_K.HYDRO_RESERVOIR, _G, ("#0b5d78", "#2a7f9e"), N_("reservoir hydro"),
             renewable=True, dispatchable=True, needs_site=True, inflow_store=True,
             storage_hours=True, group="water", capacity_credit=0.9),
    KindSpec(_K.BATTERY, _S, ("#8e44ad", "#b07cc6"), N_("battery storage"),
             dispatchable=True, energy_capacity=True, group="storage", capacity_credit=0.5),
    KindSpec(_K.PUMPED_HYDRO, _S, ("#264653",), N_("pumped-storage hydro"),
             dispatchable=True, needs_site=True, storage_hours=True, group="storage",
             capacity_credit=0.9),
    KindSpec(_K.THERMAL, _G, ("#6d6d6d", "#9b9b9b"), N_("thermal power"),
             dispatchable=True, emitting=True, group="fuel", capacity_credit=0.9),
    KindSpec(_K.HEAT_PUMP, _H, ("#d1495b", "#e07a87"), N_("heat pump"),
             dispatchable=True, group="heat", efficiency_range=(1.0, 8.0)),
    KindSpec(_K.GAS_BOILER, _H, ("#8c564b", "#a9786e"), N_("gas boiler"),
             dispatchable=True, emitting=True, group="heat"),
    KindSpec(_K.RESISTIVE_HEATER, _H, ("#f4a3b4",), N_("electric resistance heater"),
             dispatchable=True, group="heat"),
)}
# fmt: on
"""The table of technology kinds: one row per kind; a flag not given is false."""


def spec(kind: TechnologyKind | str) -> KindSpec:
    """The row of a kind (or of its value, e.g. ``"solar"``)."""
    return KINDS[TechnologyKind(kind)]


def kinds_where(**columns: object) -> frozenset[TechnologyKind]:
    """The kinds whose row has the given column values, e.g. ``kinds_where(role=Role.HEAT)``."""
    names = {f.name for f in fields(KindSpec)}
    unknown = set(columns) - names
    if unknown:
        raise ValueError(f"no column {sorted(unknown)} in the table of kinds")
    return frozenset(
        kind
        for kind, row in KINDS.items()
        if all(getattr(row, name) == value for name, value in columns.items())
    )


GENERATOR_KINDS = kinds_where(role=Role.GENERATION)
"""Kinds whose output is electricity from a primary source (not storage)."""
STORAGE_KINDS = kinds_where(role=Role.STORAGE)
"""Kinds that take electricity and give it back (charge and discharge)."""
HEAT_KINDS = kinds_where(role=Role.HEAT)
"""Kinds whose output is heat."""
VARIABLE_KINDS = kinds_where(role=Role.GENERATION, dispatchable=False)
"""Generation that follows the weather of the hour: what it does not use is curtailed."""
RENEWABLE_KINDS = kinds_where(renewable=True)
"""Kinds whose electricity counts towards the renewable share."""
RESOURCE_KINDS = kinds_where(needs_site=True)
"""Kinds that need a site: new capacity only where a potential is given."""
