"""The scenario schema: one YAML file describes a whole region.

Every model is frozen and forbids unknown keys. Every field's docstring gives its unit in brackets
(``[-]`` for dimensionless numbers); these docstrings are the field descriptions that the
documentation and ``zerozone data schema`` show. Cross-references between sections (a plant's zone,
a link's end) are checked by :mod:`zerozone.data.consistency`, not here, so that every problem of a
file can be listed at once.

Costs are in US dollars of the scenario's ``currency_year``; energy in MWh, power in MW, emissions
in tonnes of CO2-equivalent.

Every number is bounded by physics and meaning, the reason in its field's docstring: no NaN or
infinity anywhere (``allow_inf_nan=False``: an infinite capacity or a NaN cost would make the
plan meaningless without a word), efficiencies per kind of technology (the
``efficiency_range`` of :mod:`zerozone.data.kinds`), prices, costs and emission factors at
least zero, and magnitudes below what any real zone has (which also keeps the solver's numbers
within the range it handles).
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from zerozone.data.kinds import KINDS, TechnologyKind
from zerozone.data.series import (
    SeriesYear,
    ShareSeries,
    check_years_increasing,
)
from zerozone.data.units import MW, Km, MWh, Tonnes
from zerozone.i18n import N_

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)
]
"""A lowercase identifier used to refer to a record from elsewhere in the file."""

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Year = Annotated[int, Field(ge=1900, le=2200)]

MAX_POWER_MW = 1e7
"""Largest power of any one record [MW]: 10 TW, more than the world's installed capacity; larger
numbers are typing mistakes (and span more than the solver handles)."""
MAX_CAPEX_USD_PER_KW = 1e5
"""Largest investment per kW [USD/kW]: ten times the dearest power plant built."""
MAX_PRICE_USD_PER_MWH = 1e5
"""Largest fuel or electricity price [USD/MWh]: far above any market's price cap."""
MAX_EMISSION_FACTOR_T_PER_MWH = 2.0
"""Largest emission factor [t/MWh]: above lignite burnt in the least efficient plant (about 1.3
t per MWh of electricity, 0.4 t per MWh of fuel)."""
CapexSeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=MAX_CAPEX_USD_PER_KW)]],
    AfterValidator(check_years_increasing),
]
"""Investment by year, 0 to :data:`MAX_CAPEX_USD_PER_KW` [USD/kW or USD/kWh]."""
PriceSeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=MAX_PRICE_USD_PER_MWH)]],
    AfterValidator(check_years_increasing),
]
"""Price by year, 0 to :data:`MAX_PRICE_USD_PER_MWH` [USD/MWh]."""
SignedPriceSeries = Annotated[
    dict[
        SeriesYear,
        Annotated[float, Field(ge=-MAX_PRICE_USD_PER_MWH, le=MAX_PRICE_USD_PER_MWH)],
    ],
    AfterValidator(check_years_increasing),
]
"""Price by year that may be negative, within :data:`MAX_PRICE_USD_PER_MWH` either way
[USD/MWh]."""
PowerSeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=MAX_POWER_MW)]],
    AfterValidator(check_years_increasing),
]
"""Power by year, 0 to :data:`MAX_POWER_MW` [MW]."""
EmissionFactorSeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=MAX_EMISSION_FACTOR_T_PER_MWH)]],
    AfterValidator(check_years_increasing),
]
"""Emission factor by year, 0 to :data:`MAX_EMISSION_FACTOR_T_PER_MWH` [t/MWh]."""
EmissionSeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=1e11)]],
    AfterValidator(check_years_increasing),
]
"""Emissions per year by year, 0 to 100 Gt (twice the world's) [t/yr]."""
EnergySeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=MAX_POWER_MW * 8760.0)]],
    AfterValidator(check_years_increasing),
]
"""Energy per year by year, 0 to :data:`MAX_POWER_MW` for a whole year [MWh/yr]."""


class Record(BaseModel):
    """Base of every scenario model: frozen, unknown keys rejected, docstrings as descriptions."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=True,
        allow_inf_nan=False,
    )


class Sourced(Record):
    """A record whose numbers come from somewhere."""

    source: str = ""
    """Where the numbers of this record come from (publication, agency, URL), or
    ``assumption: <one-line reason>`` [-]. Required for bundled data."""


class LocalizedName(Record):
    """A name in English and Azerbaijani."""

    en: str = Field(min_length=1)
    """English name [-]."""
    az: str = Field(min_length=1)
    """Azerbaijani name (Latin script) [-]."""


class BoundingBox(Record):
    """A rectangle in geographic coordinates (WGS84)."""

    lon_min: float = Field(ge=-180, le=180)
    """Western edge [degrees east]."""
    lat_min: float = Field(ge=-90, le=90)
    """Southern edge [degrees north]."""
    lon_max: float = Field(ge=-180, le=180)
    """Eastern edge [degrees east]."""
    lat_max: float = Field(ge=-90, le=90)
    """Northern edge [degrees north]."""

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point (``lat`` [degrees north], ``lon`` [degrees east]) lies inside."""
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


class Location(Record):
    """A point in geographic coordinates (WGS84)."""

    lat: float = Field(ge=-90, le=90)
    """Latitude [degrees north]."""
    lon: float = Field(ge=-180, le=180)
    """Longitude [degrees east]."""


class Climate(Sourced):
    """The weather of a zone, used to synthesise its hourly profiles."""

    annual_ghi_kwh_m2: float = Field(gt=0, le=3000)
    """Global horizontal irradiation in a typical year [kWh/m²/yr]."""
    wind_capacity_factor: Fraction
    """Annual capacity factor of a modern onshore wind turbine at the zone's best sites [-]."""
    hydro_capacity_factor: Fraction
    """Annual mean of the hydro inflow per unit of turbine capacity, expressed as the electricity
    it can make (turbine efficiency already applied; hydro technologies' ``efficiency`` is not
    applied again) [-]."""
    mean_temperature_c: float = Field(ge=-40, le=40)
    """Annual mean air temperature [°C]."""
    seasonal_temperature_amplitude_c: float = Field(ge=0, le=40)
    """Half the difference between the warmest and coldest month's mean [K]."""
    diurnal_temperature_amplitude_c: float = Field(ge=0, le=20)
    """Half the mean daily temperature range [K]."""


class Zone(Sourced):
    """A node of the energy system: a region with its own supply-demand balance."""

    id: Identifier
    """Identifier used by settlements, plants, links [-]."""
    name: LocalizedName
    """Display names [-]."""
    bbox: BoundingBox
    """Rectangle enclosing the zone; settlements must lie inside [degrees]."""
    weather_site: Location
    """Point whose weather stands for the zone (solar and temperature profiles) [degrees]."""
    climate: Climate
    """The zone's weather statistics [-]."""


class PopulationEstimate(Record):
    """A population figure with its low and high variants."""

    central: float = Field(ge=0, le=1e10)
    """Central estimate [people]; at most 10 billion (more than the world)."""
    low: float | None = Field(default=None, ge=0, le=1e10)
    """Low variant; the central estimate if not given [people]."""
    high: float | None = Field(default=None, ge=0, le=1e10)
    """High variant; the central estimate if not given [people]."""

    def variant(self, name: Literal["low", "central", "high"]) -> float:
        """The figure of variant ``name`` [people]."""
        value = getattr(self, name)
        return float(self.central if value is None else value)


class SettlementKind(StrEnum):
    """What kind of settlement a place is."""

    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"


class Settlement(Sourced):
    """A city, town or village inside a zone."""

    id: Identifier
    """Identifier [-]."""
    name: LocalizedName
    """Display names [-]."""
    zone: Identifier
    """Zone the settlement belongs to [-]."""
    kind: SettlementKind = SettlementKind.TOWN
    """``city``, ``town`` or ``village`` [-]."""
    smart: bool = False
    """Whether it is planned as a smart city or smart village (metered for tracking) [-]."""
    location: Location
    """Coordinates [degrees]."""
    population: Annotated[dict[Year, PopulationEstimate], AfterValidator(check_years_increasing)]
    """Population by year, years increasing; interpolated between years [people]."""


class Technology(Sourced):
    """A kind of asset that can exist or be built: costs, lifetime, efficiency."""

    id: Identifier
    """Identifier [-]."""
    name: LocalizedName
    """Display names [-]."""
    kind: TechnologyKind
    """How the planner models it [-]."""
    mount: Literal["fixed", "tracking"] | None = None
    """Solar only: fixed tilt or single-axis tracking [-]."""
    dc_ac_ratio: float = Field(default=1.2, ge=1.0, le=2.0)
    """Solar only: DC module power per AC inverter power [-]."""
    capex_usd_per_kw: CapexSeries
    """Overnight investment per unit of rated output by year of build, interpolated: per kW AC
    for solar, per kW of heat for heat technologies, per kW of charge/discharge power for
    storage; at least 0 (a negative cost would pay for building without limit) and at most
    :data:`MAX_CAPEX_USD_PER_KW` [USD/kW]."""
    energy_capex_usd_per_kwh: CapexSeries | None = None
    """Storage sized by energy (battery): investment per unit of energy capacity, at least 0
    [USD/kWh]."""
    fixed_om_share: float = Field(default=0.0, ge=0, le=0.2)
    """Fixed operation and maintenance per year as a share of investment (power and energy
    parts alike) [1/yr]."""
    variable_om_usd_per_mwh: float = Field(default=0.0, ge=0, le=MAX_PRICE_USD_PER_MWH)
    """Variable operation and maintenance per unit of output; at least 0 (a negative cost would
    pay for running without need) [USD/MWh]."""
    lifetime_years: float = Field(gt=0, le=150)
    """Economic and technical lifetime [yr]."""
    efficiency: float = Field(default=1.0, gt=0, le=8)
    """Output per input: fuel to electricity, round trip for storage, heat per electricity for
    resistive heaters, nominal COP for heat pumps (hourly COP comes from the profile); within
    the kind's ``efficiency_range`` in :mod:`zerozone.data.kinds` (at most 1 except for heat
    pumps, whose COP lies within 1-8) [-]."""
    storage_hours: float | None = Field(default=None, gt=0, le=10_000)
    """Reservoir hydro and pumped hydro: energy capacity per unit of power; at most 10,000 h
    (more than a year at full power) [h]."""
    fuel: Identifier | None = None
    """Thermal plants and gas boilers: the fuel they burn [-]."""
    rated_temperature_c: float | None = Field(default=None, ge=-30, le=30)
    """Heat pumps: outdoor temperature of the rated output; below it the output capacity falls
    with the COP (:func:`zerozone.profiles.demand.heat_pump_output_share`); not derated if not
    given (7 is the EN 14511 rating point A7/W35) [degC]."""
    capacity_credit: Fraction | None = None
    """Share of its power counted as firm in a reserve margin (``policy.reserve``); the kind's
    default (:data:`zerozone.data.kinds.KINDS`, ``capacity_credit``) if not given [-]."""
    max_build_mw_per_year: MW | None = Field(default=None, ge=0, le=MAX_POWER_MW)

    """Largest new capacity that can be built per year across all zones [MW/yr]."""

    @field_validator("efficiency")
    @classmethod
    def _efficiency_of_kind(cls, value: float, info: ValidationInfo) -> float:
        kind = info.data.get("kind")
        if kind is None:
            return value
        low, high = KINDS[TechnologyKind(kind)].efficiency_range
        if not low <= value <= high:
            what = "nominal COP" if high > 1 else "efficiency (output per input)"
            raise ValueError(
                f"a {kind.value} technology's {what} lies within {low}-{high}, got {value}"
            )
        return value


class Fuel(Sourced):
    """A fuel bought from outside the model (natural gas, diesel, gasoline)."""

    id: Identifier
    """Identifier [-]."""
    name: LocalizedName
    """Display names [-]."""
    price_usd_per_mwh: PriceSeries
    """Price per unit of fuel energy (lower heating value) by year, interpolated; at least 0
    (nobody pays to have fuel burnt) [USD/MWh]."""
    emission_factor_t_per_mwh: float = Field(ge=0, le=MAX_EMISSION_FACTOR_T_PER_MWH)
    """CO2-equivalent emitted per unit of fuel energy burnt; at least 0 (burning removes no CO2)
    [t/MWh]."""


class ExistingPlant(Sourced):
    """A plant in operation in the base year, modelled as a vintage of fixed capacity."""

    name: str = Field(min_length=1)
    """Plant name [-]."""
    name_az: str | None = Field(default=None, min_length=1)
    """Azerbaijani name (Latin script), when it differs from ``name`` [-]."""
    technology: Identifier
    """Technology [-]."""
    zone: Identifier
    """Zone it feeds [-]."""
    capacity_mw: MW = Field(ge=0, le=MAX_POWER_MW)
    """Installed power (AC for solar) [MW]."""
    commissioning_year: Year
    """Year it entered service [yr]."""
    retirement_year: Year | None = None
    """Year it leaves service; commissioning year plus the technology's lifetime if not given
    [yr]."""


class CommittedBuild(Sourced):
    """A build already decided: a plant (``technology``, ``zone``) or a link upgrade (``link``)."""

    name: str = Field(min_length=1)
    """Project name [-]."""
    name_az: str | None = Field(default=None, min_length=1)
    """Azerbaijani name (Latin script), when it differs from ``name`` [-]."""
    technology: Identifier | None = None
    """Technology, for a plant [-]."""
    zone: Identifier | None = None
    """Zone, for a plant [-]."""
    link: Identifier | None = None
    """Link whose capacity grows, for a grid project [-]."""
    capacity_mw: MW = Field(ge=0, le=MAX_POWER_MW)
    """Power added [MW]."""
    year: Year
    """First year in service; at most the policy's target year (checked across sections: a
    build after it lies outside the pathway) [yr]."""


class Potential(Sourced):
    """The most capacity of a technology that a zone can hold."""

    zone: Identifier
    """Zone [-]."""
    technology: Identifier
    """Technology [-]."""
    max_capacity_mw: MW = Field(ge=0, le=MAX_POWER_MW)
    """Largest total installed power, existing plants included; finite (leave the record out for
    no limit) [MW]."""


class DemandSector(StrEnum):
    """Final energy demand sectors."""

    RESIDENTIAL = "residential"
    SERVICES = "services"
    INDUSTRY_AGRICULTURE = "industry_agriculture"
    SPACE_HEAT = "space_heat"
    TRANSPORT = "transport"


SECTOR_LABELS: dict[str, str] = {
    DemandSector.RESIDENTIAL.value: N_("residential"),
    DemandSector.SERVICES.value: N_("services"),
    DemandSector.INDUSTRY_AGRICULTURE.value: N_("industry and agriculture"),
    DemandSector.SPACE_HEAT.value: N_("space heat"),
    DemandSector.TRANSPORT.value: N_("transport"),
}
"""Label of each demand sector, marked for translation (look up with ``_()``)."""


class DemandEntry(Sourced):
    """Demand of one sector, per person, with its growth drivers.

    Electricity sectors (residential, services, industry_agriculture) give electricity per person.
    ``space_heat`` gives useful heat per person; the planner chooses how it is made.
    ``transport`` gives fuel energy per person; its electrified share is charged as electricity
    (``ev_energy_ratio`` MWh of electricity per MWh of fuel displaced), the rest burns ``fuel``.
    """

    sector: DemandSector
    """Sector [-]."""
    zone: Identifier | None = None
    """Zone it applies to; every zone without its own entry for the sector if not given [-]."""
    per_capita_mwh: float = Field(ge=0, le=1000)
    """Annual demand per person in the base year; at most 1,000 (twenty times the highest
    national figure) [MWh/person/yr]."""
    annual_growth: float = Field(default=0.0, ge=-0.2, le=0.3)
    """Growth of the per-person demand per year, compounded [1/yr]."""
    fixed_mwh: EnergySeries | None = None
    """Demand that does not scale with population (reconstruction sites, industrial parks) by
    year, interpolated and constant beyond the last year given, added to the per-person part;
    finite, at least 0 [MWh/yr]."""
    electrification: ShareSeries | None = None
    """Transport: share of the demand electrified by year, interpolated [-]."""
    ev_energy_ratio: float = Field(default=0.3, gt=0, le=1)
    """Transport: electricity per unit of fuel energy it replaces [MWh/MWh]."""
    fuel: Identifier | None = None
    """Transport: fuel of the part not electrified [-]."""


class Demand(Record):
    """Final energy demand of the region."""

    base_year: Year
    """Year the per-person figures describe [yr]."""
    population_variant: Literal["low", "central", "high"] = "central"
    """Population variant that drives demand [-]."""
    network_loss_share: float = Field(default=0.0, ge=0.0, lt=0.5)
    """Transmission and distribution losses as a share of the electricity entering the networks:
    the grid supplies ``consumption / (1 - share)`` [-]."""
    sectors: list[DemandEntry]
    """Demand entries, one per sector and zone (or for all zones) [-]."""


class Link(Sourced):
    """A transmission line between two zones."""

    id: Identifier
    """Identifier [-]."""
    name: LocalizedName
    """Display names [-]."""
    from_zone: Identifier
    """One end [-]."""
    to_zone: Identifier
    """Other end [-]."""
    capacity_mw: PowerSeries = Field(default_factory=lambda: {2000: 0.0})
    """Existing transfer capacity by year, stepwise (committed upgrades add to it) [MW]."""
    length_km: Km = Field(gt=0, le=20_000)
    """Route length [km]."""
    efficiency: float = Field(default=0.97, gt=0, le=1)
    """Share of the power sent that arrives [-]."""
    expandable: bool = False
    """Whether the planner may add capacity [-]."""
    capex_usd_per_mw_km: float = Field(default=0.0, ge=0, le=1e7)
    """Investment per MW of added capacity and km of route [USD/(MW·km)]."""
    lifetime_years: float = Field(default=50, gt=0, le=150)
    """Lifetime of added capacity [yr]."""


class EmissionCap(Sourced):
    """How the emission cap falls to zero by the target year.

    ``linear``: from ``start_t`` in ``start_year`` straight down to zero in the target year.
    ``budget``: a total over all periods (``budget_t``), zero in the target year, the planner
    choosing the path. ``explicit``: the cap for each year in ``values_t``, interpolated; the
    target year must be zero. ``none``: no cap (a reference run).
    """

    shape: Literal["linear", "budget", "explicit", "none"] = "linear"
    """Shape of the cap [-]."""
    start_year: Year | None = None
    """``linear``: year of the starting value [yr]."""
    start_t: Tonnes | None = Field(default=None, ge=0, le=1e11)
    """``linear``: emissions allowed per year in ``start_year`` [t/yr]."""
    budget_t: Tonnes | None = Field(default=None, ge=0, le=1e13)
    """``budget``: emissions allowed over the whole horizon [t]."""
    values_t: EmissionSeries | None = None
    """``explicit``: emissions allowed per year, by year [t/yr]."""


class ReserveMargin(Sourced):
    """Firm capacity: every hour of every period, the firm capacity of a zone (or group of
    zones) covers its electricity load (demand with electric heat and EV charging, not storage
    charging) times ``1 + margin``; the binding hour is the peak of that load.

    Firm capacity is each technology's power times its capacity credit, plus the links into the
    group times ``link_credit`` and its markets' import capacity times ``market_credit``. With
    ``n_minus_1`` a group supplied through links also covers its load (without the margin) with
    its largest link lost.
    """

    margin: float = Field(ge=0, le=2)
    """Reserve above the peak load [-] (0.15: 15 %)."""
    groups: list[list[Identifier]] | None = None
    """Zones that share a reserve (links inside a group are not counted); every zone on its own
    if not given; zones in no group have no reserve rule [-]."""
    link_credit: Fraction = 1.0
    """Share of a link's capacity into the group counted as firm [-]."""
    market_credit: Fraction = 0.0
    """Share of a market's import capacity counted as firm [-]."""
    n_minus_1: bool = False
    """Also cover the load with the largest link into the group lost [-]."""


class Policy(Sourced):
    """The zone's target, planning horizon and economic assumptions."""

    target_year: Year
    """Year by which net emissions must be zero [yr]."""
    periods: list[Year] = Field(min_length=1)
    """First years of the investment periods, increasing; each lasts until the next [yr]."""
    last_period_years: int = Field(default=5, ge=1, le=50)
    """Length of the last investment period [yr]."""
    discount_rate: float = Field(ge=0, le=0.5)
    """Real discount rate (weighted average cost of capital), 0 to 0.5 (0 is allowed: capital is
    then repaid in equal shares over the lifetime and every year weighs the same) [1/yr]."""
    emission_cap: EmissionCap
    """The emission cap [-]."""
    min_renewable_share: ShareSeries | None = None
    """Smallest share of electricity generation from renewables by year, interpolated [-]."""
    reserve: ReserveMargin | None = None
    """Firm-capacity rule (reserve margin, optional N-1); none if not given [-]."""
    value_of_lost_load_usd_per_mwh: float = Field(default=10000.0, gt=0, le=1e6)
    """Cost of demand not served; at most 1,000,000 (a hundred times the usual estimates; above,
    the solver's numbers span too much) and at least every market's export price (checked across
    sections: below it, leaving demand unserved would pay for exports) [USD/MWh]."""


@cache
def is_known_timezone(name: str) -> bool:
    """Whether ``name`` is a time zone of the IANA database (``Asia/Baku``, ``UTC``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _known_timezone(value: str) -> str:
    if not is_known_timezone(value):
        raise ValueError(f"unknown IANA time zone {value!r}; write e.g. 'Asia/Baku' or 'UTC'")
    return value


TimeZoneName = Annotated[str, AfterValidator(_known_timezone)]
"""The name of a time zone of the IANA database."""


from zerozone.data.markets import Interconnector, Market  # noqa: E402 (builds on Record)
from zerozone.data.uncertainty import Uncertainty  # noqa: E402 (its models build on Record)


class Scenario(Record):
    """A whole region: its zones, settlements, assets, demand, trade and policy."""

    name: Identifier
    """Scenario identifier [-]."""
    title: LocalizedName
    """Display title [-]."""
    description: str = ""
    """What the scenario represents [-]."""
    currency_year: Year = 2025
    """Year of the US dollars all costs are expressed in [yr]."""
    timezone: TimeZoneName = "UTC"
    """IANA time zone of the region (e.g. ``Asia/Baku``), for days and months of profiles and
    meters; unknown names are rejected [-]."""
    weather_year: Year = 2019
    """Calendar year the synthetic hourly profiles are laid on (non-leap preferred) [yr]."""
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    """Seed of the synthetic weather; same seed, same profiles; at most 2**63 - 1 (a 64-bit
    integer, as run directories store it) [-]."""
    weather_correlation: Fraction = 0.0
    """Correlation of the weather anomalies (clouds, wind, temperature, inflow) between zones;
    nearby zones share much of their weather [-]."""
    weather: WeatherSettings = Field(default_factory=lambda: WeatherSettings())
    """Where the hourly weather comes from (synthetic or a file, weather years, dry or wet hydro
    year, correlation between zones) [-]."""
    policy: Policy
    """Target, horizon, discount rate, cap [-]."""

    zones: list[Zone] = Field(min_length=1)
    """Zones (nodes) [-]."""
    settlements: list[Settlement] = Field(default_factory=list)
    """Settlements [-]."""
    technologies: list[Technology] = Field(min_length=1)
    """Technologies [-]."""
    fuels: list[Fuel] = Field(default_factory=list)
    """Fuels [-]."""
    plants: list[ExistingPlant] = Field(default_factory=list)
    """Plants in operation [-]."""
    committed: list[CommittedBuild] = Field(default_factory=list)
    """Builds already decided [-]."""
    potentials: list[Potential] = Field(default_factory=list)
    """Largest capacity per zone and technology [-]."""
    demand: Demand
    """Final energy demand [-]."""
    links: list[Link] = Field(default_factory=list)
    """Lines between zones [-]."""
    markets: list[Market] = Field(default_factory=list)
    """External grids [-]."""
    uncertainty: Uncertainty | None = None
    """Uncertain inputs sampled by ``zerozone ensemble``; ignored by ``plan`` [-]."""

    # Look-ups used by every layer above the data layer.
    def zone(self, zone_id: str) -> Zone:
        """The zone with identifier ``zone_id``."""
        return next(z for z in self.zones if z.id == zone_id)

    def technology(self, technology_id: str) -> Technology:
        """The technology with identifier ``technology_id``."""
        return next(t for t in self.technologies if t.id == technology_id)

    def fuel(self, fuel_id: str) -> Fuel:
        """The fuel with identifier ``fuel_id``."""
        return next(f for f in self.fuels if f.id == fuel_id)

    def link(self, link_id: str) -> Link:
        """The link with identifier ``link_id``."""
        return next(link for link in self.links if link.id == link_id)


# The weather section's module builds on Record and Year above; imported last to avoid a cycle.
from zerozone.data.weather import WeatherSettings  # noqa: E402

Scenario.model_rebuild()

__all__ = [
    "MW",
    "BoundingBox",
    "Climate",
    "CommittedBuild",
    "Demand",
    "DemandEntry",
    "DemandSector",
    "EmissionCap",
    "ExistingPlant",
    "Fuel",
    "Interconnector",
    "Km",
    "Link",
    "LocalizedName",
    "Location",
    "MWh",
    "Market",
    "Policy",
    "PopulationEstimate",
    "Potential",
    "Record",
    "ReserveMargin",
    "Scenario",
    "Settlement",
    "SettlementKind",
    "Sourced",
    "Technology",
    "TechnologyKind",
    "Tonnes",
    "WeatherSettings",
    "Zone",
]
