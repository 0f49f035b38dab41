"""What one running service holds: its settings, the meter store, tokens, jobs, the merger."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from zerozone.mrv import store
from zerozone.mrv.fastpath import MeterCatalog, load_catalog
from zerozone.mrv.staging import ensure_pending, merge_pending, pending_count

RUNS_FOLDER = "runs"
"""Run directories of the service: ``<data dir>/runs/<run id>/``."""
SCENARIOS_FOLDER = "scenarios"
"""Uploaded scenarios: ``<data dir>/scenarios/<name>.yaml``."""


@dataclass(frozen=True)
class Settings:
    """How the service runs.

    Attributes
    ----------
    data_dir : pathlib.Path
        Meter store, tokens, jobs, uploaded scenarios and run directories.
    workers : int
        Worker processes running plans at once (more runs wait in the queue) [-].
    dask_address : str or None
        A Dask scheduler to run plans on instead of the local pool.
    merge_interval : float
        Seconds between merges of staged readings into the store [s].
    secure_cookies : bool
        Mark cookies ``Secure`` (behind HTTPS).
    """

    data_dir: Path
    workers: int = 1
    dask_address: str | None = None
    merge_interval: float = 0.5
    secure_cookies: bool = False

    @property
    def runs_dir(self) -> Path:
        """Where run directories are written and read."""
        return self.data_dir / RUNS_FOLDER

    @property
    def scenarios_dir(self) -> Path:
        """Where uploaded scenarios are kept."""
        return self.data_dir / SCENARIOS_FOLDER


@dataclass
class MeterStore:
    """The DuckDB store, owned by the service while it runs (DuckDB has one writer process).

    Each thread uses its own cursor (DuckDB connections are not shared between threads); the
    merger thread folds staged readings into the store every ``interval`` seconds.
    """

    directory: Path
    interval: float
    _root: duckdb.DuckDBPyConnection = field(init=False)
    _local: threading.local = field(init=False, default_factory=threading.local)
    _stop: threading.Event = field(init=False, default_factory=threading.Event)
    _merge_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _thread: threading.Thread | None = field(init=False, default=None)
    merge_errors: int = field(init=False, default=0)
    _catalog: MeterCatalog | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._root = store.connect(self.directory)
        ensure_pending(self._root)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's connection to the store."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._root.cursor()
            con.execute("SET TimeZone = 'UTC'")
            self._local.con = con
        return con

    def catalog(self) -> MeterCatalog:
        """The registered meters, as the fast path of staging reads them (cached until
        :meth:`registry_changed`)."""
        catalog = self._catalog
        if catalog is None:
            catalog = self._catalog = load_catalog(self.cursor())
        return catalog

    def registry_changed(self) -> None:
        """Forget the cached meters (call after every change of the registry)."""
        self._catalog = None

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for reads and for writes of the registry."""
        yield self.cursor()

    def merge(self) -> int:
        """Merge the staged readings now; the rows stored or revised [-]."""
        with self._merge_lock:
            result = merge_pending(self.cursor(), "http")
        return result.stored if result else 0

    def pending(self) -> int:
        """Staged readings not merged yet [-]."""
        return pending_count(self.cursor())

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.merge()
            except Exception:  # a failed merge leaves the rows pending; the next one retries
                self.merge_errors += 1

    def start(self) -> None:
        """Start the merge timer (a daemon thread)."""
        self._thread = threading.Thread(target=self._loop, name="merge", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the timer, merge what is pending and close the store."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            self.merge()
        finally:
            self._root.close()
