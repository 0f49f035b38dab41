"""A fresh meter store per test, with Aghali's places registered, and a small plan run."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
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


MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A Mosquitto broker on a free local port, anonymous access, stopped at teardown."""
    if not Path(MOSQUITTO).exists():
        pytest.skip("mosquitto is not installed (tools/system_deps.sh installs it)")
    port = free_port()
    config = tmp_path_factory.mktemp("mosquitto") / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen(
        [MOSQUITTO, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("mosquitto did not start")
            time.sleep(0.05)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=10)
