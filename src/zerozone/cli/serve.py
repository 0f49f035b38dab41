"""``zerozone serve``: the REST API and the dashboard (uvicorn)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zerozone.api.state import Settings
from zerozone.mrv import store

GRACEFUL_SHUTDOWN_SECONDS = 5
"""How long a stopping service waits for open requests (e.g. a followed run's event stream)
before it closes them [s]; readings already acknowledged are durable either way."""


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Meter store, tokens, scenarios and runs (default: $ZEROZONE_DATA_DIR or "
            "./zerozone-data). The service owns its meter store while it runs.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Planning runs at once (worker processes).")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Run plans on the workers of this Dask scheduler (tcp://host:8786), one run "
            "per worker at a time, instead of local worker processes; the workers must see the "
            "data directory at the same path.",
        ),
    ] = None,
    merge_interval: Annotated[
        float,
        typer.Option("--merge-interval", min=0.05, help="Seconds between merges of readings."),
    ] = 0.5,
) -> None:
    """Serve the REST API (/api, OpenAPI at /api/openapi.json) and the dashboard (/).

    Example: zerozone serve --port 8000
    """
    import uvicorn

    from zerozone.api.app import create_app

    folder = store.data_dir(data)
    store.connect(folder).close()  # a store held by another process: a clear error, exit 2
    settings = Settings(
        folder.resolve(), workers=workers, dask_address=dask, merge_interval=merge_interval
    )
    url = f"http://{host}:{port}"
    runs_on = f"  runs: Dask {dask}" if dask else ""
    typer.echo(f"zerozone serve: {url}/  data: {folder}{runs_on}")
    store.claim_for_service(folder, url)  # other commands then say where to send readings
    try:
        # loop and http "auto": uvloop and httptools (pinned), several times cheaper than h11
        app = create_app(settings)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                host=host,
                port=port,
                log_level="warning",
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            )
        )
        # a browser following a run's event stream must not hold the service open on Ctrl-C:
        # the streams end when the server starts to stop
        app.state.stopping = lambda: server.should_exit
        server.run()
    finally:
        store.release_for_service(folder)
