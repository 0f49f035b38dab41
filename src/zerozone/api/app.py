"""The service's application factory: FastAPI app, its state, its routes and error handlers.

``create_app(Settings(data_dir=...))`` builds the app; uvicorn runs it (``zerozone serve``). While
it runs, the service owns the meter store of its data directory (DuckDB allows one writer process),
merges staged readings on a timer and runs plans in worker processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI

from zerozone import __version__
from zerozone.api import (
    pages,
    routes_meta,
    routes_mrv,
    routes_runs,
    routes_scenarios,
    routes_tokens,
)
from zerozone.api.errors import install_error_handlers
from zerozone.api.jobs import JobManager
from zerozone.api.state import MeterStore, Settings
from zerozone.api.tokens import TokenStore

API_TITLE = "zerozone"
API_DESCRIPTION = (
    "Plan, finance and track zero-emission zones: scenarios, planning runs, smart-meter MRV. "
    "Every error has one JSON shape: {error: {kind, message, exit_code, details}}."
)


@dataclass
class Service:
    """What the running service holds."""

    settings: Settings
    tokens: TokenStore
    store: MeterStore
    jobs: JobManager

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Open the data directory: tokens, the meter store (owned from now on), the jobs."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.runs_dir.mkdir(exist_ok=True)
        settings.scenarios_dir.mkdir(exist_ok=True)
        store = MeterStore(settings.data_dir, settings.merge_interval)
        return cls(
            settings,
            TokenStore(settings.data_dir),
            store,
            JobManager(
                settings.data_dir, settings.runs_dir, settings.workers, settings.dask_address
            ),
        )

    def start(self) -> None:
        """Start the merge timer and the job dispatcher."""
        self.store.start()
        self.jobs.start()

    def close(self) -> None:
        """Stop the workers, merge the staged readings and release the store."""
        self.jobs.close()
        self.store.close()
        self.tokens.close()


def create_app(settings: Settings) -> FastAPI:
    """The service for ``settings`` (its data directory is opened when the app starts).

    Parameters
    ----------
    settings : Settings
        Data directory, workers, merge interval.

    Returns
    -------
    fastapi.FastAPI
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service.open(settings)
        app.state.service = service
        service.start()
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title=API_TITLE,
        description=API_DESCRIPTION,
        version=__version__,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # the Swagger page loads its scripts from a CDN: not offered
        redoc_url=None,
    )
    install_error_handlers(app)
    for module in (routes_meta, routes_scenarios, routes_runs, routes_mrv, routes_tokens):
        app.include_router(module.router, prefix="/api")
    pages.install(app)
    return app
