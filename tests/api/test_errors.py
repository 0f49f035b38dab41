"""Every error of the service has the one JSON shape of ZerozoneError.to_dict()."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import Tokens

from zerozone.api.app import create_app
from zerozone.api.errors import accepted_language
from zerozone.api.state import Settings


def assert_error_shape(body: Any, kind: str | None = None) -> dict[str, Any]:
    """``body`` is {"error": {kind, message, exit_code, details}} and nothing else."""
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"kind", "message", "exit_code", "details"}
    assert isinstance(error["kind"], str) and error["kind"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["exit_code"], int)
    assert isinstance(error["details"], dict)
    if kind is not None:
        assert error["kind"] == kind
    return error


@pytest.mark.parametrize(
    ("method", "path", "status", "kind"),
    [
        ("GET", "/api/nowhere", 404, "NotFound"),
        ("DELETE", "/api/version", 405, "MethodNotAllowed"),
        ("GET", "/api/runs/no-such-run", 404, "NotFound"),
        ("GET", "/api/runs/aghali-tiny/tables/no_table", 404, "NotFound"),
        ("GET", "/api/runs/aghali-tiny/tables/capacity?format=xml", 422, "RequestInvalid"),
        ("GET", "/api/scenarios/nothing", 404, "NotFound"),
        ("GET", "/api/mrv/energy", 401, "Unauthorized"),
        ("POST", "/api/runs", 401, "Unauthorized"),
    ],
)
def test_http_errors_have_the_one_shape(
    client: TestClient, method: str, path: str, status: int, kind: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert_error_shape(response.json(), kind)


def test_validation_errors_list_each_problem_with_its_path(
    client: TestClient, tokens: Tokens
) -> None:
    response = client.post(
        "/api/runs", json={"scenario": 5, "extra": 1}, headers=tokens.of("planner")
    )
    assert response.status_code == 422
    error = assert_error_shape(response.json(), "RequestInvalid")
    paths = {p["path"] for p in error["details"]["problems"]}
    assert {"body.scenario", "body.extra"} <= paths


def test_a_broken_scenario_upload_returns_every_problem_with_its_path(
    client: TestClient, tokens: Tokens
) -> None:
    text = client.get("/api/scenarios/aghali").json()["yaml"]
    broken = text.replace("discount_rate:", "discount_rate: -3\n  unknown_field:", 1)
    response = client.post(
        "/api/scenarios/broken",
        content=broken.encode(),
        headers={**tokens.of("planner"), "Content-Type": "application/yaml"},
    )
    assert response.status_code == 422
    error = assert_error_shape(response.json(), "ScenarioError")
    problems = error["details"]["problems"]
    assert problems and all(p["path"] and p["message"] for p in problems)
    assert client.get("/api/scenarios/broken").status_code == 404


def test_scenario_problems_come_in_the_language_of_the_request(
    client: TestClient, tokens: Tokens
) -> None:
    text = client.get("/api/scenarios/aghali").json()["yaml"]
    broken = text.replace("discount_rate:", "discount_rate: -3\n  unknown_field:", 1)
    headers = {**tokens.of("planner"), "Content-Type": "application/yaml"}
    replies = {
        lang: client.post(f"/api/scenarios/broken?lang={lang}", content=broken, headers=headers)
        for lang in ("en", "az")
    }
    by_header = client.post(
        "/api/scenarios/broken", content=broken, headers={**headers, "Accept-Language": "az"}
    )
    english, azerbaijani = (replies[lang].json()["error"] for lang in ("en", "az"))
    assert by_header.json() == replies["az"].json()
    assert english["details"]["problems"] != azerbaijani["details"]["problems"]
    assert [p["path"] for p in english["details"]["problems"]] == [
        p["path"] for p in azerbaijani["details"]["problems"]
    ]
    assert "problems found" in english["message"] and "found" not in azerbaijani["message"]
    assert "sətir" in azerbaijani["message"]  # "line"
    for problem in azerbaijani["details"]["problems"]:
        assert not {"must", "field", "greater", "required", "extra"} & set(
            problem["message"].lower().replace(",", " ").split()
        ), problem


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "en"),
        ("az", "az"),
        ("az-Latn-AZ,az;q=0.9,en;q=0.8", "az"),
        ("en-GB,en;q=0.9,az;q=0.8", "en"),
        ("ru,az;q=0.5", "az"),
        ("az;q=0.4,en;q=0.6", "en"),
        ("az;q=0", "en"),
        ("az;q=x", "en"),
        ("*", "en"),
    ],
)
def test_the_accept_language_header_picks_the_language(header: str, expected: str) -> None:
    assert accepted_language(header) == expected


def test_a_token_that_is_unknown_is_refused(client: TestClient) -> None:
    response = client.get("/api/mrv/settlements", headers={"Authorization": "Bearer zz_x_y"})
    assert response.status_code == 401
    assert_error_shape(response.json(), "Unauthorized")


def test_messages_follow_the_language(client: TestClient) -> None:
    english = client.get("/api/nowhere").json()["error"]["message"]
    azerbaijani = client.get("/api/nowhere?lang=az").json()["error"]["message"]
    assert english != azerbaijani and "/api/nowhere" in azerbaijani


def test_an_unexpected_fault_is_a_500_with_the_same_shape(data_dir: Any) -> None:
    app = create_app(Settings(data_dir))

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/broken")
    assert response.status_code == 500
    error = assert_error_shape(response.json(), "InternalError")
    assert "a bug" not in error["message"]
