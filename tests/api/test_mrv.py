"""MRV over HTTP: batches (JSON, CSV, Parquet) with per-row rejects, merged into the energy."""

from __future__ import annotations

import io
import time

import pandas as pd
from fastapi.testclient import TestClient
from tests.api.conftest import Tokens


def readings(hours: range, meter: str = "m-aghali", start: float = 100.0) -> list[dict]:
    return [
        {"meter": meter, "ts": f"2026-03-01T{h:02d}:00:00Z", "value": start + 2.0 * h}
        for h in hours
    ]


def energy_kwh(client: TestClient, tokens: Tokens) -> float:
    rows = client.get(
        "/api/mrv/energy?settlement=aghali&by=day", headers=tokens.of("operator")
    ).json()
    return sum(r["kwh"] for r in rows)


def test_a_json_batch_is_acknowledged_with_its_rejects_then_merged(
    client: TestClient, tokens: Tokens
) -> None:
    batch = [
        *readings(range(0, 6)),
        {"meter": "m-aghali", "ts": "2026-03-01T07:00:00", "value": 1},
        {"meter": "m-aghali", "ts": "2026-03-01T08:00:00Z", "value": "x"},
    ]
    response = client.post("/api/mrv/readings", json=batch, headers=tokens.of("operator"))
    assert response.status_code == 202
    body = response.json()
    assert (body["received"], body["accepted"], body["rejected"]) == (8, 6, 2)
    assert [r["row_number"] for r in body["rejects"]] == [7, 8]
    assert all(r["reason"] for r in body["rejects"])
    deadline = time.monotonic() + 10  # merged by the timer, no explicit merge
    while client.get("/api/health").json()["pending_readings"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert energy_kwh(client, tokens) == 10.0  # five hours of 2 kWh


def test_csv_and_parquet_bodies(client: TestClient, tokens: Tokens) -> None:
    frame = pd.DataFrame(readings(range(6, 9)))
    csv = client.post(
        "/api/mrv/readings",
        content=frame.to_csv(index=False).encode(),
        headers={**tokens.of("operator"), "Content-Type": "text/csv"},
    )
    assert csv.status_code == 202 and csv.json()["accepted"] == 3
    buffer = io.BytesIO()
    pd.DataFrame(readings(range(9, 11))).to_parquet(buffer, index=False)
    parquet = client.post(
        "/api/mrv/readings",
        content=buffer.getvalue(),
        headers={**tokens.of("admin"), "Content-Type": "application/vnd.apache.parquet"},
    )
    assert parquet.status_code == 202 and parquet.json()["accepted"] == 2
    merged = client.post("/api/mrv/merge", headers=tokens.of("operator")).json()
    assert merged["pending"] == 0
    assert energy_kwh(client, tokens) == 20.0


def test_an_unreadable_body_stores_nothing(client: TestClient, tokens: Tokens) -> None:
    for content, kind in ((b"[{", "application/json"), (b'{"a": 1}', "application/json")):
        response = client.post(
            "/api/mrv/readings",
            content=content,
            headers={**tokens.of("operator"), "Content-Type": kind},
        )
        assert response.status_code in (400, 422)
        assert set(response.json()["error"]) == {"kind", "message", "exit_code", "details"}
    assert client.get("/api/health").json()["pending_readings"] == 0


def test_meters_gaps_inventory_and_status(client: TestClient, tokens: Tokens) -> None:
    header = tokens.of("operator")
    added = client.post(
        "/api/mrv/meters",
        json={"meter_id": "m-pv", "settlement": "Aghali", "site": "roof", "kind": "pv_generation"},
        headers=header,
    )
    assert added.status_code == 201, added.text
    meters = client.get("/api/mrv/meters?settlement=aghali", headers=header).json()
    assert {m["meter_id"] for m in meters} >= {"m-aghali", "m-pv"}
    assert client.get("/api/mrv/gaps?settlement=aghali", headers=header).status_code == 200
    inventory = client.get("/api/mrv/inventory?year=2026&settlement=aghali", headers=header)
    assert inventory.status_code == 200 and inventory.json()["rows"]
    status = client.get("/api/mrv/status?run=aghali-tiny", headers=tokens.of("viewer"))
    # the store also holds the default zones, which the Aghali plan does not cover: said plainly
    assert status.status_code == 400 and "karabakh" in status.json()["error"]["message"]


def test_an_operator_cannot_reach_another_settlements_meter_by_adding_spaces(
    client: TestClient, tokens: Tokens
) -> None:
    """Ingest matches meter ids without surrounding spaces; so does the operator's check."""
    before = client.get("/api/health").json()["pending_readings"]
    for meter in (" m-shusha", "m-shusha  "):
        batch = [{"meter": meter, "ts": "2026-03-02T00:00:00Z", "value": 1.0}]
        response = client.post("/api/mrv/readings", json=batch, headers=tokens.of("operator"))
        assert response.status_code == 403, response.text
    assert client.get("/api/health").json()["pending_readings"] == before


def test_nan_and_huge_numbers_are_rejected_rows_not_an_unreadable_batch(
    client: TestClient, tokens: Tokens
) -> None:
    body = (
        b'[{"meter": "m-aghali", "ts": "2026-03-03T00:00:00Z", "value": 5},'
        b' {"meter": "m-aghali", "ts": "2026-03-03T01:00:00Z", "value": NaN},'
        b' {"meter": "m-aghali", "ts": "2026-03-03T02:00:00Z", "value": 1' + b"0" * 30 + b"}]"
    )
    response = client.post(
        "/api/mrv/readings",
        content=body,
        headers={**tokens.of("operator"), "Content-Type": "application/json"},
    )
    assert response.status_code == 202, response.text
    assert (response.json()["accepted"], response.json()["rejected"]) == (1, 2)
