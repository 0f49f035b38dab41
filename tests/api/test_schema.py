"""Schemathesis against the OpenAPI schema of a real ``zerozone serve``: no server errors.

Requests carry an admin token so that the writes are exercised too; starting runs is left out
(a generated request could start a long solve), the run routes are covered by test_runs.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from tests.api.conftest import Tokens, make_tokens, prepare_data_dir
from tests.api.server import Server


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, tiny_run: Path
) -> Iterator[tuple[Server, Tokens]]:
    folder = tmp_path_factory.mktemp("schema")
    prepare_data_dir(folder, tiny_run)
    tokens = make_tokens(folder)
    server = Server(folder).start()
    yield server, tokens
    server.stop()
    log = (folder / "serve.log").read_text(errors="replace")
    assert "Traceback" not in log, log


SKIPPED = {("POST", "/api/runs")}
"""Operations left out (see the module's documentation)."""


@pytest.mark.slow  # about 300 generated requests: a minute on a busy machine
def test_no_server_errors(live: tuple[Server, Tokens]) -> None:
    server, tokens = live
    schema = schemathesis.openapi.from_url(f"{server.url}/api/openapi.json")
    headers = {"Authorization": f"Bearer {tokens.admin}"}
    tested = 0
    statuses: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case: Any) -> None:
            response = case.call_and_validate(
                base_url=server.url, headers=headers, checks=[not_a_server_error]
            )
            statuses.append(response.status_code)

        check()
        tested += 1
    assert tested >= 20
    assert len(statuses) > 5 * tested and max(statuses) < 500
    assert {200, 404, 422} <= set(statuses)  # answers, misses and refused input all exercised
