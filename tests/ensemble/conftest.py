"""An uncertain version of the bundled Ağalı scenario, and a 2-worker Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from distributed import Client

from zerozone.data import Scenario, dump_scenario, load_scenario, parse_scenario
from zerozone.ensemble.cluster import dask_client

SOURCE = "assumption: test data"
RESOLUTION = "days:1"
"""One representative day: the plans of these tests take seconds."""


def uncertainty_section() -> dict[str, Any]:
    """Three uncertain inputs of Ağalı: rooftop solar cost, population, discount rate."""
    return {
        "seed": 7,
        "technology_costs": [
            {
                "id": "solar",
                "technologies": ["solar_rooftop"],
                "multiplier": {
                    2025: {"kind": "uniform", "low": 0.8, "high": 1.2},
                    2050: {"kind": "triangular", "low": 0.6, "mode": 1.0, "high": 1.3},
                },
                "source": SOURCE,
            }
        ],
        "population_variant": {
            "distribution": {"kind": "choice", "values": ["low", "central", "high"]},
            "source": SOURCE,
        },
        "discount_rate": {
            "distribution": {
                "kind": "normal",
                "mean": 0.08,
                "std": 0.02,
                "low": 0.04,
                "high": 0.12,
            },
            "source": SOURCE,
        },
        "source": SOURCE,
    }


def uncertain_aghali_data() -> dict[str, Any]:
    """The bundled Ağalı scenario with :func:`uncertainty_section`, as plain data; two periods
    (2025 and the 2050 target) keep its plans small."""
    data: dict[str, Any] = yaml.safe_load(dump_scenario(load_scenario("aghali")))
    data["policy"]["periods"] = [2025, 2050]
    data["uncertainty"] = uncertainty_section()
    return data


@pytest.fixture
def uncertain_aghali() -> Scenario:
    """The bundled Ağalı scenario with three uncertain inputs."""
    return parse_scenario(yaml.safe_dump(uncertain_aghali_data()), "uncertain_aghali")


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A real 2-worker local Dask cluster (one thread each), shared by a test module."""
    with dask_client(workers=2) as dask:
        yield dask
