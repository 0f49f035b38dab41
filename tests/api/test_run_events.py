"""A run followed through its event stream against a real ``zerozone serve``: the events arrive
while the run goes, and a browser following it does not hold the service open when it stops."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
from tests.api.conftest import make_tokens
from tests.api.server import Server


def test_a_followed_run_does_not_hold_the_service_open_when_it_stops(tmp_path: Path) -> None:
    tokens = make_tokens(tmp_path)
    server = Server(tmp_path).start()
    lines: list[str] = []
    try:
        started = httpx.post(  # the adequacy loop: plans and checks for well over a minute
            f"{server.url}/api/runs",
            json={"scenario": "aghali", "resolution": "days:4"},
            headers={"Authorization": f"Bearer {tokens.planner}"},
        ).json()

        def follow() -> None:
            url = f"{server.url}/api/runs/{started['job_id']}/events"
            try:
                with httpx.stream("GET", url, timeout=None) as reply:
                    lines.extend(reply.iter_lines())
            except httpx.TransportError as error:
                lines.append(f"closed: {type(error).__name__}")

        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        deadline = time.monotonic() + 120
        while "event: log" not in lines and time.monotonic() < deadline:
            time.sleep(0.2)  # the solver's log arrives while the run is going
        assert "event: log" in lines and "event: end" not in lines, lines[-5:]
        stopping = time.monotonic()
        server.stop()  # SIGINT, as Ctrl-C; SIGKILL after 30 s
        took = time.monotonic() - stopping
        follower.join(10)
    finally:
        server.stop()
    assert took < 10, f"the service took {took:.1f} s to stop while a run was followed"
    assert not follower.is_alive()
    assert "event: end" not in lines  # closed, not ended: a browser reconnects and resumes
