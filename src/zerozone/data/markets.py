"""External markets of a scenario: prices by year and hour of day, and interconnectors.

A market's prices are an annual mean by year (``import_price_usd_per_mwh``,
``export_price_usd_per_mwh``, interpolated) times, optionally, a **price shape**: 24 multipliers
by local hour of the day (hour 0 = 00:00-01:00, local standard time as the model's hours), given
by year. Between the years given a shape is interpolated **linearly** hour by hour (and held
constant before the first and after the last year), like the price series it multiplies. The
multipliers of a year average 1 within :data:`SHAPE_MEAN_TOLERANCE`, so the time-average price of
the day stays the annual mean the price series states; without a shape the price is flat.

A market may carry an :class:`Interconnector`: transfer capacity the planner may build (in
vintages, like an expandable link) that adds to both its import and its export limits, at a cost
per MW and/or per MW and km of route.

The models build on :class:`~zerozone.data.schema.Record` and are re-exported by
:mod:`zerozone.data.schema`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

import numpy as np
from pydantic import AfterValidator, Field, model_validator

from zerozone.data.economics import HOURS_PER_DAY
from zerozone.data.schema import (
    MAX_POWER_MW,
    EmissionFactorSeries,
    Identifier,
    LocalizedName,
    PowerSeries,
    PriceSeries,
    SignedPriceSeries,
    Sourced,
    Year,
)
from zerozone.data.series import SeriesYear, check_years_increasing, interpolate
from zerozone.data.units import MW, Km

SHAPE_MEAN_TOLERANCE = 0.01
"""Largest distance of a price shape's mean from 1 [-]: the day's time-average price stays the
stated annual mean within 1 %."""
MAX_MULTIPLIER = 20.0
"""Largest hourly multiplier in absolute value [-]: twenty times the mean is beyond any market's
price cap relative to its average."""
MAX_INTERCONNECTOR_CAPEX_USD_PER_MW = 1e8
"""Largest investment per MW of an interconnector, terminals and converters [USD/MW] (100,000
USD/kW, ten times the dearest subsea link)."""


def _check_shape(values: list[float]) -> list[float]:
    """Raise ``ValueError`` unless ``values`` has one multiplier per hour averaging 1."""
    if len(values) != HOURS_PER_DAY:
        raise ValueError(
            f"give {HOURS_PER_DAY} multipliers, one per local hour 0-23, got {len(values)}"
        )
    mean = sum(values) / HOURS_PER_DAY
    if abs(mean - 1.0) > SHAPE_MEAN_TOLERANCE:
        raise ValueError(
            f"the multipliers average {mean:.4f}; they must average 1 (within "
            f"{SHAPE_MEAN_TOLERANCE:g}) so that the annual price stays the stated mean: divide "
            f"each by {mean:.4f}"
        )
    return values


ImportHourShape = Annotated[
    list[Annotated[float, Field(ge=0, le=MAX_MULTIPLIER)]], AfterValidator(_check_shape)
]
"""24 multipliers of the import price, at least 0 (a negative import price would pay the zone to
import) [-]."""
ExportHourShape = Annotated[
    list[Annotated[float, Field(ge=-MAX_MULTIPLIER, le=MAX_MULTIPLIER)]],
    AfterValidator(_check_shape),
]
"""24 multipliers of the export price; negative ones make exporting cost in those hours [-]."""
ImportPriceShape = Annotated[
    dict[SeriesYear, ImportHourShape], AfterValidator(check_years_increasing)
]
"""Import price multipliers by year and local hour [-]."""
ExportPriceShape = Annotated[
    dict[SeriesYear, ExportHourShape], AfterValidator(check_years_increasing)
]
"""Export price multipliers by year and local hour [-]."""


def shape_at(shape: Mapping[int, Sequence[float]] | None, year: float) -> np.ndarray:
    """The 24 multipliers of ``shape`` in ``year``, interpolated linearly between its years.

    Parameters
    ----------
    shape : Mapping[int, Sequence[float]] or None
        Multipliers by year (24 each), years increasing; ``None`` for a flat price.
    year : float
        The year asked for [yr].

    Returns
    -------
    numpy.ndarray
        ``(24,)`` multipliers by local hour [-]; ones without a shape.
    """
    if shape is None:
        return np.ones(HOURS_PER_DAY)
    return np.array(
        [interpolate({y: v[h] for y, v in shape.items()}, year) for h in range(HOURS_PER_DAY)]
    )


class Interconnector(Sourced):
    """Transfer capacity to a market that the planner may build.

    Each MW built adds to both the market's import and its export limit from its build period
    for its lifetime; its annuity and fixed O&M enter the objective like a link's investment.
    """

    from_year: Year
    """First year new capacity may be in service: it is built in the periods starting at or
    after it [yr]."""
    max_capacity_mw: MW = Field(gt=0, le=MAX_POWER_MW)
    """Largest new capacity in service at any time, all vintages together [MW]."""
    capex_usd_per_mw: float = Field(default=0.0, ge=0, le=MAX_INTERCONNECTOR_CAPEX_USD_PER_MW)
    """Investment per MW independent of the route: terminals, substations, converters
    [USD/MW]."""
    capex_usd_per_mw_km: float = Field(default=0.0, ge=0, le=1e7)
    """Investment per MW and km of route (needs ``length_km``) [USD/(MW·km)]."""
    length_km: Km | None = Field(default=None, gt=0, le=20_000)
    """Route length to the market's connection point [km]."""
    fixed_om_share: float = Field(default=0.0, ge=0, le=0.2)
    """Fixed operation and maintenance per year as a share of the investment [1/yr]."""
    lifetime_years: float = Field(default=40, gt=0, le=150)
    """Lifetime of new capacity [yr]."""

    @model_validator(mode="after")
    def _costed(self) -> Interconnector:
        if self.capex_usd_per_mw_km > 0 and self.length_km is None:
            raise ValueError(
                "a cost per MW and km needs the route's `length_km`; add it, or give the cost "
                "per MW in `capex_usd_per_mw`"
            )
        if self.overnight_usd_per_mw <= 0:
            raise ValueError(
                "an interconnector needs a cost: give `capex_usd_per_mw` and/or "
                "`capex_usd_per_mw_km` with `length_km` (free transfer capacity would be built "
                "without limit)"
            )
        return self

    @property
    def overnight_usd_per_mw(self) -> float:
        """Overnight investment per MW of new capacity: per-MW part plus per-km part times the
        length [USD/MW]."""
        return self.capex_usd_per_mw + self.capex_usd_per_mw_km * (self.length_km or 0.0)


class Market(Sourced):
    """An external grid the region trades with (mainland grid, a neighbouring country)."""

    id: Identifier
    """Identifier [-]."""
    name: LocalizedName
    """Display names [-]."""
    zone: Identifier
    """Zone where the interconnection lands [-]."""
    import_capacity_mw: PowerSeries
    """Largest import by year, stepwise, before any interconnector built [MW]."""
    export_capacity_mw: PowerSeries
    """Largest export by year, stepwise, before any interconnector built [MW]."""
    import_price_usd_per_mwh: PriceSeries
    """Mean price paid for imports by year, interpolated; at least 0 (a negative price would pay
    the zone to import without limit) [USD/MWh]."""
    export_price_usd_per_mwh: SignedPriceSeries
    """Mean revenue per unit exported by year, interpolated. Negative prices are meaningful here
    (a market paying less than nothing in surplus hours: exporting then costs); hour by hour at
    most the import price of the same hour (checked across fields), or the zone would buy and
    sell the same energy for profit [USD/MWh]."""
    import_price_shape: ImportPriceShape | None = None
    """Multipliers of the import price by year and local hour (24 values each, at least 0,
    averaging 1 within 0.01), interpolated linearly between years; flat when absent [-]."""
    export_price_shape: ExportPriceShape | None = None
    """Multipliers of the export price by year and local hour (24 values each, averaging 1
    within 0.01), interpolated linearly between years; flat when absent [-]."""
    emission_factor_t_per_mwh: EmissionFactorSeries
    """Emissions attributed to imported electricity by year, interpolated; at least 0 (imports do
    not remove CO2, and a negative factor would cancel the zone's own emissions) [t/MWh]."""
    interconnector: Interconnector | None = None
    """Transfer capacity the planner may build, adding to both limits; none when absent (the
    market is then not expandable) [-]."""

    @property
    def expandable(self) -> bool:
        """Whether the planner may build transfer capacity to this market."""
        return self.interconnector is not None

    def import_prices(self, year: float) -> np.ndarray:
        """Import price in each local hour of a day of ``year`` [USD/MWh], ``(24,)``."""
        return interpolate(self.import_price_usd_per_mwh, year) * shape_at(
            self.import_price_shape, year
        )

    def export_prices(self, year: float) -> np.ndarray:
        """Export price in each local hour of a day of ``year`` [USD/MWh], ``(24,)``."""
        return interpolate(self.export_price_usd_per_mwh, year) * shape_at(
            self.export_price_shape, year
        )

    def price_years(self) -> list[int]:
        """Every year at which a price series or shape is given, sorted [yr]."""
        return sorted(
            {
                *self.import_price_usd_per_mwh,
                *self.export_price_usd_per_mwh,
                *(self.import_price_shape or {}),
                *(self.export_price_shape or {}),
            }
        )


__all__ = ["Interconnector", "Market", "shape_at"]
