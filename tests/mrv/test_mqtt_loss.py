"""MQTT without loss, against real Mosquitto brokers started here: Mosquitto's default limits
(which lose what overflows their queue) and the configuration shipped in ``tools/mosquitto``
(zero loss through a listener killed with SIGKILL and a broker restart)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from tests.mrv.conftest import MOSQUITTO, add, free_port

from zerozone.data import load_scenario
from zerozone.mrv import registry, store

SHIPPED = Path(__file__).parents[2] / "tools" / "mosquitto" / "zerozone.conf"
MESSAGES = 3000
"""Messages per test (three times Mosquitto's default queue of 1,000)."""


class Broker:
    """A Mosquitto process on a free port, with a config file; restartable."""

    def __init__(self, folder: Path, shipped: bool) -> None:
        self.port = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        if shipped:
            text = SHIPPED.read_text()
            text = re.sub(r"(?m)^listener .*$", f"listener {self.port} 127.0.0.1", text)
            text = re.sub(r"(?m)^persistence_location .*$", f"persistence_location {folder}/", text)
            text = re.sub(r"(?m)^sys_interval .*$", "sys_interval 1", text)
            if os.geteuid() == 0:  # started as root, Mosquitto would switch to its own user,
                text += "\nuser root\n"  # which cannot write into the test's folder
        else:  # Mosquitto's defaults: a queue of 1,000 messages per client, no persistence
            text = f"listener {self.port} 127.0.0.1\nallow_anonymous true\nsys_interval 1\n"
        self.config = folder / "mosquitto.conf"
        self.config.write_text(text)
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    pytest.fail("mosquitto did not start")
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # a clean shutdown: a persistent broker saves its sessions
            self.process.wait(timeout=20)


@pytest.fixture
def brokers(tmp_path: Path) -> Iterator[list[Broker]]:
    if not Path(MOSQUITTO).exists():
        pytest.skip("mosquitto is not installed (tools/system_deps.sh installs it)")
    started: list[Broker] = []
    yield started
    for broker in started:
        broker.stop()


def _publish(port: int, first: int, count: int) -> None:
    """Publish readings ``first`` .. ``first + count - 1`` (QoS 1), each acknowledged."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    t0 = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    infos = [
        client.publish(
            "loss/m",
            json.dumps({"ts": (t0 + dt.timedelta(minutes=15 * i)).isoformat(), "value": i}),
            qos=1,
        )
        for i in range(first, first + count)
    ]
    for info in infos:
        info.wait_for_publish(60)
        assert info.is_published()
    client.loop_stop()
    client.disconnect()


def _listener(data: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    """``zerozone mrv listen`` on the store of ``data`` with its default client id."""
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
            f"127.0.0.1:{port}",
            "--topic",
            "loss/#",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _scenario(tmp_path: Path, broker: Broker, restart_broker: bool) -> tuple[int, str]:
    """Listener up, first third published; listener killed with SIGKILL before committing;
    the rest published while it is down (and the broker restarted); listener restarted.
    Returns (readings stored, the restarted listener's stderr)."""
    data = tmp_path / "store"
    con = store.connect(data)
    registry.register_places(con, load_scenario("aghali"))
    add(con, "m")
    con.close()
    first = _listener(data, broker.port, "--flush-seconds", "600", "--batch-size", "100000")
    try:
        assert first.stdout is not None and "listening on" in first.stdout.readline()
        _publish(broker.port, 0, MESSAGES // 3)
        time.sleep(1.0)  # delivered to the listener, held in its open batch
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        _publish(broker.port, MESSAGES // 3, MESSAGES - MESSAGES // 3)
        if restart_broker:
            broker.stop()
            broker.start()
        second = _listener(data, broker.port, "--seconds", "8", "--flush-seconds", "0.5")
        _, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    con = store.connect(data)
    row = con.execute("SELECT count(*) FROM readings").fetchone()
    con.close()
    return (int(row[0]) if row else 0), err


def test_mosquitto_defaults_lose_what_overflows_their_queue_and_the_listener_warns(
    tmp_path: Path, brokers: list[Broker]
) -> None:
    """With Mosquitto's default limits the broker drops what its queue of 1,000 messages per
    client cannot hold while the listener is down: the loss is real, and the listener says so."""
    brokers.append(Broker(tmp_path / "broker", shipped=False))
    stored, err = _scenario(tmp_path, brokers[0], restart_broker=False)
    print(f"Mosquitto defaults: {MESSAGES - stored} of {MESSAGES} messages lost")
    assert stored < MESSAGES
    assert "dropped" in err and "warning" in err


def test_shipped_config_loses_nothing_through_a_listener_kill_and_a_broker_restart(
    tmp_path: Path, brokers: list[Broker]
) -> None:
    brokers.append(Broker(tmp_path / "broker", shipped=True))
    stored, err = _scenario(tmp_path, brokers[0], restart_broker=True)
    print(f"shipped config: {MESSAGES - stored} of {MESSAGES} messages lost")
    assert stored == MESSAGES, err
    assert "no session" not in err


def test_a_broker_that_forgot_the_session_is_reported(
    tmp_path: Path, brokers: list[Broker]
) -> None:
    """Mosquitto's defaults keep sessions in memory only: after its restart the listener learns
    that its session (and what was queued in it) is gone, and warns."""
    broker = Broker(tmp_path / "broker", shipped=False)
    brokers.append(broker)
    data = tmp_path / "store"
    store.connect(data).close()
    for restart in (False, True):
        if restart:
            broker.stop()
            broker.start()
        run = _listener(data, broker.port, "--seconds", "1")
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    assert "held no session" in err
