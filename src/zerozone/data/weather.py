"""The scenario's ``weather:`` section: where the hourly weather comes from.

The synthetic generator (offline, from each zone's ``climate``) is the default. A weather file
(CSV or Parquet, columns described in ``docs/weather.md`` and
:mod:`zerozone.profiles.weather_file`) replaces it for the series the file provides, for one or
several weather years. Synthetic weather is correlated between zones by the distance between their
weather sites, and the hydro inflow can be taken from a dry, normal or wet year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from zerozone.data.schema import Record, Year

HydroYear = Literal["dry", "normal", "wet"]

SYNTHETIC = "synthetic"
"""The ``source`` value of the built-in synthetic generator."""


class WeatherSettings(Record):
    """Where the hourly weather comes from and how zones' weather is related.

    The default factors of dry and wet hydro years are derived from the annual output of the
    Arpachay-1 hydro plant (Nakhchivan, 20.5 MW; State Energy Service of Nakhchivan via trend.az
    3991378, Jan 2025): 41.1, 33.2, 25.9, 19.1 and 45.4 GWh in 2020-2024, mean 32.9 GWh; the driest
    year (2023) was 0.58 of the mean, the wettest (2024) 1.38. The decorrelation lengths and their
    sources are in :data:`zerozone.profiles.correlation.DECORRELATION_LENGTH_KM`.
    """

    source: str = Field(default=SYNTHETIC, min_length=1)
    """``synthetic`` (the built-in generator, offline) or the path of a weather file (``.csv`` or
    ``.parquet``), relative to the scenario file [-]."""
    years: list[Year] | None = Field(default=None, min_length=1)
    """Weather years to use, the first one planned on, all of them for hourly checks; a file's
    years (all years of the file if not given), or for ``synthetic`` independent draws of the
    generator (the scenario's ``weather_year`` if not given) [yr]."""
    hydro_year: HydroYear = "normal"
    """Hydro inflow of a ``dry``, ``normal`` or ``wet`` year: the inflow is multiplied by
    ``dry_inflow_factor``, 1 or ``wet_inflow_factor`` [-]."""
    dry_inflow_factor: float = Field(default=0.58, gt=0, le=1)
    """Annual inflow of a dry year per normal year's [-]; default derived from Arpachay-1's driest
    year of 2020-2024 (19.1 / 32.9 GWh)."""
    wet_inflow_factor: float = Field(default=1.38, ge=1, le=5)
    """Annual inflow of a wet year per normal year's [-]; default derived from Arpachay-1's wettest
    year of 2020-2024 (45.4 / 32.9 GWh)."""
    correlation: Literal["distance", "uniform"] = "distance"
    """Synthetic weather between zones: ``distance`` correlates two zones' anomalies by
    ``exp(-d / L)`` (``d`` the distance between their weather sites); ``uniform`` uses the
    scenario's ``weather_correlation`` for every pair (0: independent zones) [-]."""
    wind_decorrelation_km: float = Field(default=300.0, gt=0)
    """``L`` of the wind speed anomalies [km]; default derived from Giebel (2001): correlation 0.2
    at 500 km for 12-hour mean wind power."""
    cloud_decorrelation_km: float = Field(default=300.0, gt=0)
    """``L`` of the daily clearness (clouds) [km]; default an assumption (synoptic scale, as
    wind)."""
    temperature_decorrelation_km: float = Field(default=1000.0, gt=0)
    """``L`` of the temperature anomalies [km]; default an assumption (synoptic scale)."""
    inflow_decorrelation_km: float = Field(default=500.0, gt=0)
    """``L`` of the daily hydro inflow anomalies [km]; default an assumption (rivers of one
    mountain range)."""

    @property
    def is_synthetic(self) -> bool:
        """Whether the weather comes from the built-in generator."""
        return self.source == SYNTHETIC

    @property
    def inflow_factor(self) -> float:
        """Multiplier of the hydro inflow for ``hydro_year`` [-]."""
        return {"dry": self.dry_inflow_factor, "normal": 1.0, "wet": self.wet_inflow_factor}[
            self.hydro_year
        ]

    @property
    def decorrelation_lengths_km(self) -> dict[str, float]:
        """``L`` per family of weather streams (``wind``, ``solar``, ``temperature``,
        ``hydro``) [km]."""
        return {
            "wind": self.wind_decorrelation_km,
            "solar": self.cloud_decorrelation_km,
            "temperature": self.temperature_decorrelation_km,
            "hydro": self.inflow_decorrelation_km,
        }

    def resolved(self, scenario_dir: Path) -> WeatherSettings:
        """These settings with a relative file ``source`` made absolute against ``scenario_dir``."""
        if self.is_synthetic or Path(self.source).is_absolute():
            return self
        return self.model_copy(update={"source": str((scenario_dir / self.source).resolve())})
