"""A run's progress and solver log as server-sent events (the run page follows them).

``GET /api/runs/{run}/events`` answers ``text/event-stream``. The stream sends

* ``state`` ``{"status": ..., "stage": ..., "stage_index": ...}`` when the run's status or stage
  changes (and once at the start);
* ``log`` ``{"text": ..., "offset": ..., "next_offset": ...}`` for each new part of ``highs.log``
  (whole lines while the run is going), with the event id set to ``next_offset`` [bytes]. A
  browser's ``EventSource`` that loses the connection reconnects with ``Last-Event-ID`` and the
  stream resumes there, so no part of the log is sent twice or lost;
* ``end`` ``{"status": ...}`` once the run has ended and all of its log was sent; the stream then
  closes.

A comment line is sent after :data:`KEEPALIVE_SECONDS` without an event, so that proxies keep the
connection open. The log and the job table are read every :data:`POLL_SECONDS`, off the event
loop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from zerozone.api.jobs import Job
from zerozone.api.run_log import read_log, run_log_of
from zerozone.errors import ZerozoneError
from zerozone.model.pipeline import STAGES

POLL_SECONDS = 0.5
"""How often a stream looks for new log lines and a new stage [s]."""
KEEPALIVE_SECONDS = 15.0
"""Longest silence of a stream before a comment line is sent [s]."""
RETRY_MILLISECONDS = 2000
"""How long a browser waits before it reconnects a dropped stream [ms]."""
ACTIVE = ("queued", "running")
"""Job statuses of a run that has not ended."""


def sse_event(event: str, data: dict[str, Any], event_id: int | None = None) -> str:
    """One server-sent event: ``event``, an optional ``id`` and ``data`` as one JSON line."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def resume_offset(offset: int, last_event_id: str | None) -> int:
    """Where a stream starts in the log [bytes]: the ``Last-Event-ID`` of a reconnecting
    ``EventSource`` when it is a byte offset, ``offset`` otherwise."""
    if last_event_id is not None and last_event_id.strip().isdigit():
        return int(last_event_id.strip())
    return offset


def stage_index(stage: str | None) -> int | None:
    """The 1-based position of ``stage`` in :data:`STAGES` (None before the first)."""
    return STAGES.index(stage) + 1 if stage in STAGES else None


def _state(status: str, job: Job | None) -> dict[str, Any]:
    stage = job.stage if job is not None else None
    return {"status": status, "stage": stage, "stage_index": stage_index(stage)}


async def run_events(
    runs_dir: Path,
    run: str,
    offset: int,
    job_of: Callable[[str], Job | None],
    disconnected: Callable[[], Any],
    poll_seconds: float = POLL_SECONDS,
    stopping: Callable[[], bool] = lambda: False,
) -> AsyncIterator[str]:
    """The events of ``run`` from log byte ``offset`` on, until the run ends or the client goes.

    Parameters
    ----------
    runs_dir : pathlib.Path
        The service's run directories.
    run : str
        The run (job id or run directory name).
    offset : int
        First byte of ``highs.log`` to send [bytes].
    job_of : callable
        The service's job of a run (``JobManager.get``), None for a run directory without job.
    disconnected : callable
        Awaitable check of the client having gone (``Request.is_disconnected``).
    poll_seconds : float
        Pause between two looks at the log and the job [s].
    stopping : callable
        True once the service has begun to stop: the stream then closes without ``end``, and a
        browser's ``EventSource`` reconnects (and resumes) when the service is back.
    """
    yield f"retry: {RETRY_MILLISECONDS}\n\n"
    sent_state: dict[str, Any] | None = None
    last_sent = time.monotonic()
    while not stopping() and not await disconnected():
        job = await asyncio.to_thread(job_of, run)
        try:
            path, status = run_log_of(runs_dir, run, job.status if job is not None else None)
        except ZerozoneError:  # the run was removed while followed
            yield sse_event("end", {"status": "removed"})
            return
        finished = status not in ACTIVE
        state = _state(status, job)
        if state != sent_state:
            yield sse_event("state", state)
            sent_state, last_sent = state, time.monotonic()
        chunk = await asyncio.to_thread(read_log, path, offset, finished)
        if chunk.text:
            yield sse_event("log", asdict(chunk), chunk.next_offset)
            offset, last_sent = chunk.next_offset, time.monotonic()
            if chunk.next_offset < chunk.size:
                continue  # more of the log is waiting: send it at once
        if finished:
            yield sse_event("end", {"status": status})
            return
        if time.monotonic() - last_sent >= KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            last_sent = time.monotonic()
        await asyncio.sleep(poll_seconds)
