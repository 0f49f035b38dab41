"""A fresh meter store per test, with Aghali's places registered, and a small plan run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from zerozone.data import load_scenario
from zerozone.data.schema import Scenario
from zerozone.mrv import registry, store
from zerozone.mrv.registry import MeterKind, MeterSpec


@pytest.fixture(scope="session")
def aghali() -> Scenario:
    return load_scenario("aghali")


@pytest.fixture
def con(tmp_path: Path, aghali: Scenario) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = store.connect(tmp_path / "store", threads=1)
    registry.register_places(connection, aghali)
    yield connection
    connection.close()


def add(
    con: duckdb.DuckDBPyConnection,
    meter_id: str,
    kind: MeterKind = MeterKind.GRID_IMPORT,
    site: str | None = None,
    **changes: Any,
) -> str:
    """Register a meter of Aghali (site named after the meter unless given)."""
    registry.add_meter(
        con, MeterSpec(meter_id, "aghali", site or f"site-{meter_id}", kind, **changes)
    )
    return meter_id


@pytest.fixture(scope="session")
def aghali_run(tmp_path_factory: pytest.TempPathFactory, aghali: Scenario) -> Path:
    """Aghali planned at three representative days (a few seconds)."""
    from zerozone.model.pipeline import run_plan

    out = tmp_path_factory.mktemp("runs") / "aghali"
    run_plan(aghali, resolution="days:3", out=out)
    return out
