"""Planning runs: start as background jobs, progress, cancel, list, results, report, compare."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from zerozone.api.auth import planner, service_of
from zerozone.api.errors import ConflictError, NotFoundError, RequestInvalidError
from zerozone.api.routes_scenarios import scenario_source
from zerozone.api.run_events import resume_offset, run_events, stage_index
from zerozone.api.run_log import read_log, run_log_of
from zerozone.api.runs import (
    FORMATS,
    NO_RUN,
    encode_table,
    finance_of,
    finished_runs,
    frame_records,
    report_html,
    run_path,
    summary,
    table_of,
)
from zerozone.api.tokens import Token
from zerozone.finance.comparison import compare
from zerozone.i18n import N_
from zerozone.model.pipeline import DEFAULT_RESOLUTION, STAGES
from zerozone.model.time import parse_resolution

router = APIRouter(tags=["runs"])

BAD_RESOLUTION = N_("unknown resolution {resolution}: use days:N, weeks:N or hourly")
NOT_CANCELLED = N_("run {run} has already ended")


class RunRequest(BaseModel):
    """A run to start."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(description="A bundled or uploaded scenario's name.", max_length=64)
    resolution: str = Field(
        DEFAULT_RESOLUTION, description="days:N, weeks:N or hourly.", max_length=16
    )
    adequacy: bool = Field(
        True,
        description="Check the plan over every hour of its weather year and plan again with the "
        "days it misses (the adequacy loop of `zerozone plan`); false: one plan, not checked.",
    )


def _job_view(request: Request, job_id: str) -> dict[str, Any]:
    job = service_of(request).jobs.get(job_id)
    if job is None:
        raise NotFoundError(NO_RUN, {"run": job_id})
    view = job.as_dict()
    view["stages"] = list(STAGES)
    view["stage_index"] = stage_index(job.stage)
    return view


@router.get("/runs")
def list_runs(request: Request) -> list[dict[str, Any]]:
    """The service's jobs (newest first), then run directories placed in ``runs/`` by hand."""
    service = service_of(request)
    jobs = service.jobs.all()
    known = {job.job_id for job in jobs}
    others = [
        {"job_id": run, "status": "done", "scenario": None}
        for run in finished_runs(service.settings.runs_dir)
        if run not in known
    ]
    return [job.as_dict() for job in jobs] + others


@router.post("/runs", status_code=202)
def start_run(
    request: Request, body: RunRequest, _token: Annotated[Token, Depends(planner)]
) -> dict[str, Any]:
    """Queue a planning run; it runs in a worker process (poll ``GET /runs/{run}``)."""
    service = service_of(request)
    source = scenario_source(service.settings, body.scenario)
    try:
        parse_resolution(body.resolution)
    except ValueError:
        raise RequestInvalidError(
            BAD_RESOLUTION,
            {"resolution": body.resolution},
            problems=[{"path": "body.resolution", "message": "days:N, weeks:N or hourly"}],
        ) from None
    job = service.jobs.submit(source, body.resolution, body.adequacy)
    return _job_view(request, job.job_id)


@router.get("/runs/compare")
def compare_runs(
    request: Request, run: Annotated[list[str], Query(min_length=1, max_length=8)]
) -> dict[str, Any]:
    """Headline figures and last-period capacity of several runs side by side."""
    service = service_of(request)
    results = [finance_of(run_path(service.settings.runs_dir, r, service.jobs.get(r))) for r in run]
    metrics, capacity = compare(results)
    return {
        "metrics": frame_records(metrics.reset_index(names="metric")),
        "capacity_mw": frame_records(capacity.reset_index(names="tech")),
    }


@router.get("/runs/{run}")
def read_run_state(request: Request, run: str) -> dict[str, Any]:
    """A run: its job (status, stage of :data:`STAGES`) and, once written, its summary."""
    service = service_of(request)
    job = service.jobs.get(run)
    view: dict[str, Any] = (
        _job_view(request, run) if job is not None else {"job_id": run, "status": "done"}
    )
    if job is None or job.status == "done":
        view["result"] = summary(run_path(service.settings.runs_dir, run, job))
    return view


@router.post("/runs/{run}/cancel")
def cancel_run(
    request: Request, run: str, _token: Annotated[Token, Depends(planner)]
) -> dict[str, Any]:
    """Cancel a queued or running run (its worker process is stopped)."""
    service = service_of(request)
    if service.jobs.get(run) is None:
        raise NotFoundError(NO_RUN, {"run": run})
    if not service.jobs.cancel(run):
        raise ConflictError(NOT_CANCELLED, {"run": run})
    return _job_view(request, run)


@router.get("/runs/{run}/log")
def read_run_log(
    request: Request, run: str, offset: Annotated[int, Query(ge=0)] = 0
) -> dict[str, Any]:
    """The solver's log (``highs.log``) from byte ``offset``; poll with ``next_offset``.

    While the run is going, whole lines only; ``status`` and ``stage`` tell when to stop.
    """
    service = service_of(request)
    job = service.jobs.get(run)
    path, status = run_log_of(service.settings.runs_dir, run, job.status if job else None)
    chunk = read_log(path, offset, finished=status not in ("queued", "running"))
    return {
        "run": run,
        "status": status,
        "stage": job.stage if job is not None else None,
        "offset": chunk.offset,
        "next_offset": chunk.next_offset,
        "size": chunk.size,
        "text": chunk.text,
    }


@router.get(
    "/runs/{run}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-sent events."}},
)
async def stream_run_events(
    request: Request,
    run: str,
    offset: Annotated[int, Query(ge=0)] = 0,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> StreamingResponse:
    """The run's stage and solver log as server-sent events (``state``, ``log``, ``end``).

    A reconnecting ``EventSource`` resumes the log after its ``Last-Event-ID`` (a byte offset);
    the stream closes once the run has ended and its whole log was sent.
    """
    service = service_of(request)
    job = await asyncio.to_thread(service.jobs.get, run)
    run_log_of(service.settings.runs_dir, run, job.status if job else None)  # 404 before streaming
    events = run_events(
        service.settings.runs_dir,
        run,
        resume_offset(offset, last_event_id),
        service.jobs.get,
        request.is_disconnected,
        stopping=getattr(request.app.state, "stopping", lambda: False),
    )
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/runs/{run}/tables")
def list_tables(request: Request, run: str) -> list[str]:
    """Names of the run's result tables."""
    service = service_of(request)
    path = run_path(service.settings.runs_dir, run, service.jobs.get(run))
    return sorted(summary(path)["tables"] or [])


@router.get(
    "/runs/{run}/tables/{table}",
    responses={200: {"content": {t: {} for t in FORMATS.values()}}},
)
def read_table(
    request: Request,
    run: str,
    table: str,
    format: Literal["json", "csv", "parquet"] = "json",
) -> Any:
    """One result table as JSON records, CSV or Parquet."""
    service = service_of(request)
    path = run_path(service.settings.runs_dir, run, service.jobs.get(run))
    frame = table_of(path, table)
    if format == "json":
        return frame_records(frame)
    return Response(encode_table(frame, format), media_type=FORMATS[format])


@router.get("/runs/{run}/report", response_class=HTMLResponse)
def read_report(request: Request, run: str, lang: Literal["en", "az"] = "en") -> HTMLResponse:
    """The run's report page (self-contained HTML) in English or Azerbaijani."""
    service = service_of(request)
    path = run_path(service.settings.runs_dir, run, service.jobs.get(run))
    return HTMLResponse(report_html(path, lang))
