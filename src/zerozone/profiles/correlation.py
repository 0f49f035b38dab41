"""Weather correlated between zones by the distance between their weather sites.

The anomalies of two zones ``i`` and ``j`` (wind speed, daily clearness, temperature, daily
inflow) correlate with

    rho_ij = exp(-d_ij / L)

where ``d_ij`` is the great-circle distance between the zones' weather sites [km] and ``L`` the
decorrelation length of the quantity [km] (:data:`DECORRELATION_LENGTH_KM`). The exponential
kernel is positive definite for distances on the sphere, so the matrix is a valid correlation
matrix; each zone weights a set of common factors with its row of the matrix's symmetric square
root (:class:`zerozone.profiles.randomness.FactorWeather`), which does not depend on the order of
the zones.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from zerozone.profiles.randomness import FactorWeather, derive_seed

EARTH_RADIUS_KM = 6371.0
"""Mean radius of the Earth [km]."""

DECORRELATION_LENGTH_KM: dict[str, float] = {
    "wind": 300.0,
    "solar": 300.0,
    "temperature": 1000.0,
    "hydro": 500.0,
}
"""Default decorrelation length ``L`` of each family of weather streams [km].

- ``wind`` 300: derived, the correlation of 12-hour mean wind power between sites falls to 0.2
  at 500 km (G. Giebel, "On the benefits of distributed generation of wind energy in Europe",
  Magdeburg lecture 2001, slide 43): ``L = 500 / ln(1 / 0.2) = 311`` km, rounded down because the
  zones' mountain terrain decorrelates faster than Europe's plains (assumption); Olauson and
  Bergkvist (Energy 114, 2016) find the same exponential decay with distance.
- ``solar`` (daily clearness, clouds) 300: assumption, synoptic cloud systems of the same scale
  as the wind anomalies; no study for the South Caucasus.
- ``temperature`` 1,000: assumption, daily temperature anomalies are coherent over synoptic
  scales (Hansen and Lebedeff, JGR 92, 1987, find correlation 0.5 at 1,200 km for annual
  anomalies; daily anomalies decorrelate faster).
- ``hydro`` (daily inflow) 500: assumption, the snow-fed rivers of the Lesser Caucasus (Tartar,
  Hakari, Arpachay, Araz) share their snowfall and melt seasons.
"""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points [km].

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Latitudes and longitudes of the two points [deg].

    Returns
    -------
    distance : float
        Distance along the Earth's surface [km].
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi, dlam = phi2 - phi1, np.radians(lon2 - lon1)
    h = np.sin(dphi / 2.0) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2.0) ** 2
    return float(2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def distance_correlation(sites: Mapping[str, tuple[float, float]], length_km: float) -> np.ndarray:
    """Correlation matrix ``exp(-d / L)`` between the sites [-].

    Parameters
    ----------
    sites : mapping of str to (lat, lon)
        Weather site of each zone [deg], in the order of the rows.
    length_km : float
        Decorrelation length ``L`` [km], positive.

    Returns
    -------
    correlation : numpy.ndarray
        Symmetric matrix with ones on the diagonal [-].
    """
    if length_km <= 0.0:
        raise ValueError(f"length_km must be positive, got {length_km}")
    points = list(sites.values())
    size = len(points)
    matrix = np.eye(size)
    for i in range(size):
        for j in range(i + 1, size):
            distance = great_circle_km(*points[i], *points[j])
            matrix[i, j] = matrix[j, i] = np.exp(-distance / length_km)
    return matrix


def symmetric_sqrt(matrix: np.ndarray) -> np.ndarray:
    """Symmetric square root of a correlation matrix, rows rescaled to unit norm [-].

    Eigenvalues below zero (rounding) are set to zero before the root is taken.
    """
    values, vectors = np.linalg.eigh(matrix)
    root = (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T
    norms = np.linalg.norm(root, axis=1, keepdims=True)
    return np.asarray(root / norms, dtype=float)


def distance_weather(
    seed: int,
    sites: Mapping[str, tuple[float, float]],
    lengths_km: Mapping[str, float] | None = None,
) -> dict[str, FactorWeather]:
    """The weather coupling of each zone, correlated by distance.

    Parameters
    ----------
    seed : int
        Base seed of the run [-].
    sites : mapping of str to (lat, lon)
        Weather site of each zone [deg].
    lengths_km : mapping of str to float, optional
        Decorrelation length per stream family (``wind``, ``solar``, ``temperature``,
        ``hydro``) [km]; missing families take :data:`DECORRELATION_LENGTH_KM`.

    Returns
    -------
    couplings : dict of str to FactorWeather
        One per zone, to pass as ``shared_weather`` to the profile functions.
    """
    lengths = {**DECORRELATION_LENGTH_KM, **(lengths_km or {})}
    members = tuple(sites)
    roots = {
        family: symmetric_sqrt(distance_correlation(sites, length))
        for family, length in lengths.items()
    }
    factor_seed = derive_seed(seed, "shared", "distance")
    return {
        zone: FactorWeather(
            seed=factor_seed,
            members=members,
            weights=tuple(
                (family, tuple(float(w) for w in root[i])) for family, root in roots.items()
            ),
        )
        for i, zone in enumerate(members)
    }
