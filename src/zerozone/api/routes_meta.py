"""Health and version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from zerozone import __version__
from zerozone.api.auth import service_of

router = APIRouter(tags=["service"])

API_VERSION = 1
"""Version of the HTTP interface (bumped on incompatible changes)."""


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Whether the service is up, with its staged readings and its jobs by status."""
    service = service_of(request)
    jobs: dict[str, int] = {}
    for job in service.jobs.all():
        jobs[job.status] = jobs.get(job.status, 0) + 1
    return {
        "status": "ok",
        "pending_readings": service.store.pending(),
        "merge_errors": service.store.merge_errors,
        "jobs": jobs,
    }


@router.get("/version")
def version() -> dict[str, Any]:
    """The zerozone version and the API version."""
    return {"zerozone": __version__, "api": API_VERSION}
