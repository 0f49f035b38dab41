"""MQTT ingest against a real Mosquitto broker started for the test."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import paho.mqtt.client as mqtt
import pytest
from tests.mrv.conftest import add, free_port

from zerozone.data import load_scenario
from zerozone.mrv import registry, store
from zerozone.mrv.ingest import records_table
from zerozone.mrv.mqtt import BrokerError, ListenStats, listen, message_records, parse_broker


def publish(host: str, port: int, messages: list[tuple[str, bytes]]) -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.connect(host, port)
    client.loop_start()
    for topic, payload in messages:
        client.publish(topic, payload, qos=1).wait_for_publish(5)
    client.loop_stop()
    client.disconnect()


def _listen_while_publishing(
    con: duckdb.DuckDBPyConnection,
    host: str,
    port: int,
    topic: str,
    messages: list[tuple[str, bytes]],
    *,
    batch_size: int,
    flush_seconds: float,
    seconds: float,
    join: float,
) -> ListenStats:
    """Run the listener in a thread until it has taken ``messages``, published once it is ready."""
    stats: list[ListenStats] = []
    ready = threading.Event()

    def run() -> None:
        stats.append(
            listen(
                con,
                host,
                port,
                [topic],
                batch_size=batch_size,
                flush_seconds=flush_seconds,
                max_messages=len(messages),
                seconds=seconds,
                on_ready=ready.set,
            )
        )

    thread = threading.Thread(target=run)
    thread.start()
    assert ready.wait(10)
    publish(host, port, messages)
    thread.join(join)
    assert not thread.is_alive()
    return stats[0]


def test_readings_published_to_the_broker_are_stored(
    con: duckdb.DuckDBPyConnection, broker: tuple[str, int]
) -> None:
    host, port = broker
    add(con, "aghali-house-001-import")
    t0 = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    messages = [
        (
            "zerozone/aghali/aghali-house-001-import",
            json.dumps(
                {"ts": (t0 + dt.timedelta(minutes=15 * i)).isoformat(), "value": i}
            ).encode(),
        )
        for i in range(40)
    ]
    messages.append(("zerozone/aghali/x", b"{broken"))
    messages.append(
        (
            "zerozone/batch",
            json.dumps(
                [
                    {
                        "meter": "aghali-house-001-import",
                        "ts": (t0 + dt.timedelta(hours=10)).isoformat(),
                        "value": 40,
                    },
                    {
                        "meter": "aghali-house-001-import",
                        "ts": (t0 + dt.timedelta(minutes=15)).isoformat(),
                        "value": 1,
                    },
                ]
            ).encode(),
        )
    )
    result = _listen_while_publishing(
        con,
        host,
        port,
        "zerozone/#",
        messages,
        batch_size=10,
        flush_seconds=0.2,
        seconds=20,
        join=30,
    )
    assert result.messages == 42 and result.readings == 43
    assert result.new == 41 and result.rejected == 1 and result.batches >= 5
    reason = con.execute("SELECT reason FROM rejects").fetchall()
    assert reason[0][0].startswith("message is not JSON")
    total = con.execute("SELECT sum(kwh) FROM hourly").fetchone()
    assert total == (40.0,)


def test_broker_problems_are_reported(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(BrokerError, match="cannot reach"):
        listen(con, "127.0.0.1", free_port(), ["x"], seconds=1)
    assert parse_broker("localhost:1884") == ("localhost", 1884)
    assert parse_broker("broker") == ("broker", 1883)
    with pytest.raises(ValueError, match="port must be a number"):
        parse_broker("host:abc")
    assert message_records("a/b/meter-7", b'{"ts": "x", "value": 1}')[0]["meter"] == "meter-7"


def test_messages_of_a_killed_listener_are_delivered_again(
    tmp_path: Path, broker: tuple[str, int]
) -> None:
    """A listener killed with SIGKILL before its batch is committed has acknowledged nothing: the
    broker delivers the messages again to the restarted listener (same client id)."""
    host, port = broker
    data = tmp_path / "store"
    con = store.connect(data)
    registry.register_places(con, load_scenario("aghali"))
    add(con, "m")
    con.close()

    def listener(*extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from zerozone.cli import main; main()",
                "mrv",
                "--data-dir",
                str(data),
                "listen",
                "--broker",
                f"{host}:{port}",
                "--topic",
                "kill/#",
                "--client-id",
                "zerozone-test-redelivery",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    started: list[subprocess.Popen[str]] = []
    try:
        first = listener("--batch-size", "1000", "--flush-seconds", "60")
        started.append(first)
        assert first.stdout is not None and "listening on" in first.stdout.readline()
        t0 = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
        messages = [
            (
                "kill/m",
                json.dumps(
                    {"ts": (t0 + dt.timedelta(minutes=15 * i)).isoformat(), "value": i}
                ).encode(),
            )
            for i in range(10)
        ]
        publish(host, port, messages)
        time.sleep(1.0)  # received by the listener, held in its open batch
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        second = listener("--max-messages", "10", "--seconds", "30", "--flush-seconds", "0.2")
        started.append(second)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
    finally:
        for process in started:  # never leave a listener behind when an assertion fails
            if process.poll() is None:
                process.kill()
                process.wait()
    con = store.connect(data)
    assert con.execute("SELECT count(*) FROM readings").fetchall() == [(10,)]
    con.close()


def test_poison_messages_are_rejected_with_their_bytes_and_never_block(
    con: duckdb.DuckDBPyConnection, broker: tuple[str, int]
) -> None:
    """Payloads nested too deep, too large or broken are rejected (their first bytes kept) and
    acknowledged; the valid message of the same batch is stored; nothing is delivered again."""
    host, port = broker
    add(con, "p")
    ts = "2026-06-01T00:00:00+00:00"
    deep_value = json.dumps({"meter": "p", "ts": ts, "value": [[[[[[[[1]]]]]]]] * 1})
    messages = [
        ("poison/p", b"[" * 200_000 + b"]" * 200_000),
        ("poison/p", b'{"value": ' + b"9" * 1_000_000),
        ("poison/p", b"\xff\xfe not text"),
        ("poison/p", deep_value.encode()),
        ("poison/p", json.dumps({"ts": ts, "value": 5}).encode()),
    ]
    result = _listen_while_publishing(
        con,
        host,
        port,
        "poison/#",
        messages,
        batch_size=100,
        flush_seconds=0.5,
        seconds=30,
        join=60,
    )
    assert result.messages == len(messages)
    assert con.execute("SELECT value FROM readings").fetchall() == [(5.0,)]
    rejected = con.execute("SELECT reason, octet_length(raw) FROM rejects ORDER BY row_number")
    found = rejected.fetchall()
    assert [reason.split(" (")[0] for reason, _ in found] == [
        "message is nested too deep to read",
        "message is not JSON",
        "message is not JSON",
        "value is not a number",
    ]
    assert [size for _, size in found[:3]] == [4096, 4096, 11]
    again = listen(con, host, port, ["poison/#"], flush_seconds=0.2, seconds=2)
    assert again.messages == 0  # all were acknowledged


def test_records_that_cannot_be_converted_are_rows_with_a_problem() -> None:
    nested: list[object] = []
    for _ in range(5000):
        nested = [nested]
    table = records_table([{"meter": "m", "ts": "x", "value": nested}, "text"])
    assert table.column("problem").to_pylist() == [
        "reading is nested too deep or too large to read",
        "reading is not a JSON object",
    ]
