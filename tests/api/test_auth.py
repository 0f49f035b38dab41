"""The auth matrix: every role (and no token) against every API route.

A cell is "allowed" when the reply is neither 401 nor 403 (the request itself may still fail,
e.g. a run id that does not exist). The test also fails when a route of the app is missing here.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import RUN_ID, Tokens

ROLES = (None, "viewer", "operator", "planner", "admin")
EVERYONE = set(ROLES)
TOKENS = {"viewer", "operator", "planner", "admin"}
PLANNERS = {"planner", "admin"}
WRITERS = {"operator", "admin"}
ADMIN = {"admin"}

READING = [{"meter": "m-aghali", "ts": "2026-01-01T00:00:00Z", "value": 1.0}]
METER = {"meter_id": "m-new", "settlement": "aghali", "site": "s1", "kind": "grid_import"}

# (method, route template, concrete path, JSON body, roles allowed)
MATRIX: list[tuple[str, str, str, Any, set[str | None]]] = [
    ("GET", "/api/health", "/api/health", None, EVERYONE),
    ("GET", "/api/version", "/api/version", None, EVERYONE),
    ("GET", "/api/scenarios", "/api/scenarios", None, EVERYONE),
    ("GET", "/api/scenarios/{name}", "/api/scenarios/aghali", None, EVERYONE),
    ("POST", "/api/scenarios/{name}", "/api/scenarios/x-y", None, PLANNERS),
    ("GET", "/api/runs", "/api/runs", None, EVERYONE),
    ("POST", "/api/runs", "/api/runs", {"scenario": "aghali", "resolution": "no"}, PLANNERS),
    ("GET", "/api/runs/compare", f"/api/runs/compare?run={RUN_ID}", None, EVERYONE),
    ("GET", "/api/runs/{run}", f"/api/runs/{RUN_ID}", None, EVERYONE),
    ("POST", "/api/runs/{run}/cancel", f"/api/runs/{RUN_ID}/cancel", None, PLANNERS),
    ("GET", "/api/runs/{run}/log", f"/api/runs/{RUN_ID}/log?offset=0", None, EVERYONE),
    ("GET", "/api/runs/{run}/events", f"/api/runs/{RUN_ID}/events", None, EVERYONE),
    ("GET", "/api/runs/{run}/tables", f"/api/runs/{RUN_ID}/tables", None, EVERYONE),
    (
        "GET",
        "/api/runs/{run}/tables/{table}",
        f"/api/runs/{RUN_ID}/tables/capacity",
        None,
        EVERYONE,
    ),
    ("GET", "/api/runs/{run}/report", f"/api/runs/{RUN_ID}/report", None, EVERYONE),
    ("GET", "/api/mrv/settlements", "/api/mrv/settlements", None, TOKENS),
    ("POST", "/api/mrv/places/{scenario}", "/api/mrv/places/aghali", None, ADMIN),
    ("GET", "/api/mrv/meters", "/api/mrv/meters?settlement=aghali", None, TOKENS),
    ("POST", "/api/mrv/meters", "/api/mrv/meters", METER, WRITERS),
    ("POST", "/api/mrv/readings", "/api/mrv/readings", READING, WRITERS),
    ("POST", "/api/mrv/merge", "/api/mrv/merge", None, WRITERS),
    ("GET", "/api/mrv/energy", "/api/mrv/energy?settlement=aghali", None, TOKENS),
    ("GET", "/api/mrv/gaps", "/api/mrv/gaps?settlement=aghali", None, TOKENS),
    (
        "GET",
        "/api/mrv/inventory",
        "/api/mrv/inventory?year=2026&settlement=aghali",
        None,
        TOKENS,
    ),
    ("GET", "/api/mrv/status", f"/api/mrv/status?run={RUN_ID}", None, TOKENS),
    ("GET", "/api/tokens", "/api/tokens", None, ADMIN),
    ("POST", "/api/tokens", "/api/tokens", {"role": "viewer"}, ADMIN),
    ("POST", "/api/tokens/{token_id}/revoke", "/api/tokens/nothing/revoke", None, ADMIN),
]


def test_the_matrix_covers_every_api_route(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    routes = {(method.upper(), path) for path, item in paths.items() for method in item}
    assert routes == {(method, template) for method, template, *_ in MATRIX}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"),
    [(m, p, b, a) for m, _t, p, b, a in MATRIX],
    ids=[f"{m} {t}" for m, t, *_ in MATRIX],
)
def test_role_against_route(
    client: TestClient,
    tokens: Tokens,
    role: str | None,
    method: str,
    path: str,
    body: Any,
    allowed: set[str | None],
) -> None:
    response = client.request(method, path, json=body, headers=tokens.of(role))
    assert response.status_code < 500, response.text
    if role in allowed:
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == (401 if role is None else 403), response.text


OTHER_SETTLEMENT = [
    ("GET", "/api/mrv/meters?settlement=shusha", None),
    ("GET", "/api/mrv/energy?settlement=shusha", None),
    ("GET", "/api/mrv/gaps?settlement=Shusha", None),
    ("GET", "/api/mrv/inventory?year=2026&settlement=shusha", None),
    ("GET", "/api/mrv/energy", None),
    ("POST", "/api/mrv/meters", {**METER, "meter_id": "m-x", "settlement": "shusha"}),
    (
        "POST",
        "/api/mrv/readings",
        [*READING, {"meter": "m-shusha", "ts": "2026-01-01T00:00:00Z", "value": 1.0}],
    ),
]


@pytest.mark.parametrize(("method", "path", "body"), OTHER_SETTLEMENT)
def test_an_operator_cannot_touch_another_settlement(
    client: TestClient, tokens: Tokens, method: str, path: str, body: Any
) -> None:
    before = client.get("/api/health").json()["pending_readings"]
    response = client.request(method, path, json=body, headers=tokens.of("operator"))
    assert response.status_code == 403, response.text
    assert response.json()["error"]["kind"] == "Forbidden"
    assert client.get("/api/health").json()["pending_readings"] == before


def test_an_operator_sees_only_its_settlements(client: TestClient, tokens: Tokens) -> None:
    places = client.get("/api/mrv/settlements", headers=tokens.of("operator")).json()
    assert [p["settlement_id"] for p in places] == ["aghali"]
    assert len(client.get("/api/mrv/settlements", headers=tokens.of("viewer")).json()) > 1
    rows = client.get(f"/api/mrv/status?run={RUN_ID}", headers=tokens.of("operator")).json()
    assert {r["place_id"] for r in rows} <= {"aghali"}


def test_a_revoked_token_stops_working(client: TestClient, tokens: Tokens) -> None:
    made = client.post(
        "/api/tokens", json={"role": "viewer", "label": "t"}, headers=tokens.of("admin")
    ).json()
    header = {"Authorization": f"Bearer {made['token']}"}
    assert client.get("/api/mrv/settlements", headers=header).status_code == 200
    listed = client.get("/api/tokens", headers=tokens.of("admin")).json()
    assert all("token" not in t and "digest" not in t for t in listed)
    client.post(f"/api/tokens/{made['token_id']}/revoke", headers=tokens.of("admin"))
    assert client.get("/api/mrv/settlements", headers=header).status_code == 401


def test_tokens_are_stored_hashed(data_dir: Any, tokens: Tokens) -> None:
    raw = (data_dir / "service.sqlite").read_bytes()
    for secret in (tokens.viewer, tokens.admin):
        assert secret.split("_", 2)[2].encode() not in raw
