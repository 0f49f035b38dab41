"""The solver's log of a run, read in chunks while the run is going (the dashboard follows it).

A run writes HiGHS's log to ``highs.log`` in its run directory as it solves; a client asks for
the bytes from an offset and gets the next offset back, so that polling every second streams the
log without sending it twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from zerozone.api.errors import NotFoundError
from zerozone.api.runs import NO_RUN, RUN_ID_PATTERN

LOG_FILE = "highs.log"
"""The solver's log in a run directory (written by :func:`zerozone.model.pipeline.run_plan`)."""
MAX_CHUNK = 64 * 1024
"""Most bytes of the log sent in one reply [bytes]."""


@dataclass(frozen=True)
class LogChunk:
    """Part of a run's log.

    Attributes
    ----------
    text : str
        The log from ``offset`` (at most :data:`MAX_CHUNK` bytes, whole lines where possible).
    offset : int
        Where ``text`` starts in the file [bytes].
    next_offset : int
        Where the next request continues [bytes].
    size : int
        The file's size when read [bytes]; 0 while the solver has not started.
    """

    text: str
    offset: int
    next_offset: int
    size: int


def log_path(runs_dir: Path, run_id: str) -> Path:
    """The log file of ``run_id`` (which need not exist yet).

    Raises
    ------
    NotFoundError
        When ``run_id`` cannot be a run's name.
    """
    if not re.match(RUN_ID_PATTERN, run_id) or ".." in run_id:
        raise NotFoundError(NO_RUN, {"run": run_id})
    return runs_dir / run_id / LOG_FILE


def run_log_of(runs_dir: Path, run_id: str, job_status: str | None) -> tuple[Path, str]:
    """A run's log file and its status (``done`` for a run directory the service holds no job
    of); :class:`NotFoundError` when there is neither a job nor a run directory."""
    path = log_path(runs_dir, run_id)
    if job_status is None and not path.parent.is_dir():
        raise NotFoundError(NO_RUN, {"run": run_id})
    return path, job_status or "done"


def read_log(path: Path, offset: int, finished: bool = False) -> LogChunk:
    """The log at ``path`` from byte ``offset`` [bytes] on (empty when there is none yet).

    While the run is going (``finished`` False) a chunk ends after its last complete line, so
    that a line being written is sent once it is whole; once the run has ended, the rest is sent.
    """
    if not path.is_file():
        return LogChunk("", offset, offset, 0)
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        start = min(max(offset, 0), size)
        handle.seek(start)
        data = handle.read(MAX_CHUNK)
    cut = data.rfind(b"\n") + 1
    whole = finished and start + len(data) == size
    if cut > 0 and not whole:
        data = data[:cut]
    elif cut == 0 and not whole and len(data) < MAX_CHUNK:
        data = b""  # an unfinished line: wait for its end (a longer one is sent in parts)
    return LogChunk(data.decode("utf-8", errors="replace"), start, start + len(data), size)
