"""Reproducible random numbers for the stochastic profiles.

Every stochastic profile takes an integer ``seed`` and draws from
``numpy.random.default_rng(seed)``. Seeds for one zone and one profile are derived
stably from strings with :func:`derive_seed` (SHA-256, not Python's salted ``hash``), so
that zones differ from each other but every run reproduces the same weather.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter


def derive_seed(*parts: str | int) -> int:
    """Derive a stable 63-bit seed from strings and integers.

    Parameters
    ----------
    *parts : str or int
        Components identifying the stream, e.g. ``(0, "karabakh", "wind")``.

    Returns
    -------
    seed : int
        Non-negative integer below 2**63, identical on every platform and run.
    """
    text = "\x1f".join(str(part) for part in parts)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def make_rng(seed: int) -> np.random.Generator:
    """Return a numpy random generator for ``seed``.

    Parameters
    ----------
    seed : int
        Non-negative integer seed [-].

    Returns
    -------
    rng : numpy.random.Generator
        PCG64 generator.
    """
    return np.random.default_rng(seed)


def ar1_gaussian(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Draw a stationary Gaussian AR(1) series with unit variance.

    ``z[t] = phi * z[t-1] + sqrt(1 - phi**2) * e[t]`` with ``z[0] ~ N(0, 1)``, the discrete
    form of an Ornstein-Uhlenbeck process sampled at a fixed step.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    n : int
        Number of steps [-].
    phi : float
        Lag-1 autocorrelation, in [0, 1) [-].

    Returns
    -------
    z : numpy.ndarray
        ``n`` standard normal values with lag-1 autocorrelation ``phi``.
    """
    if not 0.0 <= phi < 1.0:
        raise ValueError(f"phi must be in [0, 1), got {phi}")
    shocks = rng.standard_normal(n)
    innovations = shocks * np.sqrt(1.0 - phi**2)
    innovations[0] = shocks[0]
    return np.asarray(lfilter([1.0], [1.0, -phi], innovations), dtype=float)


@dataclass(frozen=True)
class SharedWeather:
    """A weather component common to several zones (same synoptic situation).

    Zones that pass the same ``SharedWeather`` get Gaussian anomalies whose pairwise
    correlation is ``correlation``; each zone's own ``seed`` supplies the rest.

    Attributes
    ----------
    seed : int
        Seed of the common component [-], the same for every zone of a run.
    correlation : float
        Correlation between the anomalies of two zones [-], in [0, 1].
    """

    seed: int
    correlation: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.correlation <= 1.0:
            raise ValueError(f"correlation must be in [0, 1], got {self.correlation}")


@dataclass(frozen=True)
class FactorWeather:
    """Weather anomalies built from named common factors (correlation by distance).

    Every zone of a run draws the same unit-variance AR(1) factors, one per member (seeded from
    ``seed``, the stream and the member's name), and weights them with its own row of the
    symmetric square root of the correlation matrix: ``z_i = sum_k S[i, k] * f_k``. With unit
    rows (``sum_k S[i, k]**2 = 1``) ``z_i`` has unit variance and lag-1 autocorrelation ``phi``,
    and two zones correlate with ``(S S^T)[i, j]``. The zone's own seed is not used.

    Attributes
    ----------
    seed : int
        Seed of the factors [-], the same for every zone of a run.
    members : tuple of str
        Names of the factors (the zones of the run) [-].
    weights : tuple of (str, tuple of float)
        For each family of streams (the part of the stream name before the first dot:
        ``wind``, ``solar``, ``temperature``, ``hydro``), this zone's weight on each member [-].
    """

    seed: int
    members: tuple[str, ...]
    weights: tuple[tuple[str, tuple[float, ...]], ...]

    def __post_init__(self) -> None:
        for family, row in self.weights:
            if len(row) != len(self.members):
                raise ValueError(f"{family}: {len(row)} weights for {len(self.members)} members")
            if abs(float(np.dot(row, row)) - 1.0) > 1e-6:
                raise ValueError(f"{family}: the weights must have unit norm")

    def row(self, stream: str) -> tuple[float, ...]:
        """Weights of the family of ``stream`` [-]; ValueError for a family without weights."""
        family = stream.split(".", 1)[0]
        for name, row in self.weights:
            if name == family:
                return row
        raise ValueError(f"no weights for the weather stream family {family!r}")


WeatherCoupling = SharedWeather | FactorWeather
"""How the weather of one zone is tied to the other zones of a run."""


def weather_anomaly(
    seed: int,
    stream: str,
    n: int,
    phi: float,
    shared: WeatherCoupling | None = None,
) -> np.ndarray:
    """Draw a unit-variance Gaussian AR(1) anomaly, optionally shared between zones.

    ``z = sqrt(c) * z_common + sqrt(1 - c) * z_own`` with both parts AR(1) with the same
    ``phi``, so ``z`` is again AR(1) with lag-1 autocorrelation ``phi`` and unit variance,
    and two zones sharing ``shared`` correlate with coefficient ``c``.

    Parameters
    ----------
    seed : int
        Seed of the zone's own component [-].
    stream : str
        Name of the quantity (e.g. ``"wind.speed"``), so that different quantities of
        one zone are independent [-].
    n : int
        Number of steps [-].
    phi : float
        Lag-1 autocorrelation [-].
    shared : SharedWeather or FactorWeather, optional
        Common component; None makes the anomaly the zone's own.

    Returns
    -------
    z : numpy.ndarray
        ``n`` standard normal values.
    """
    if isinstance(shared, FactorWeather):
        total = np.zeros(n)
        for weight, member in zip(shared.row(stream), shared.members, strict=True):
            if weight != 0.0:
                rng = make_rng(derive_seed(shared.seed, stream, member))
                total += weight * ar1_gaussian(rng, n, phi)
        return total
    own = ar1_gaussian(make_rng(derive_seed(seed, stream)), n, phi)
    if shared is None or shared.correlation == 0.0:
        return own
    common = ar1_gaussian(make_rng(derive_seed(shared.seed, stream, "shared")), n, phi)
    return np.sqrt(shared.correlation) * common + np.sqrt(1.0 - shared.correlation) * own
