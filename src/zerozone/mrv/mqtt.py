"""The MQTT listener: readings published to a broker, stored in batches (paho-mqtt 2.x).

A message's payload is one reading object or an array of them (the fields of
:mod:`zerozone.mrv.readings`); a reading without ``meter`` takes the last level of its topic
(``zerozone/aghali/aghali-house-001-import``). A payload that is not JSON becomes a rejected row
with its reason, like any malformed row.

Messages are gathered and stored as one batch (one transaction) every ``batch_size`` messages or
``flush_seconds``, whichever comes first. The client subscribes with QoS 1, a persistent session
and manual acknowledgement: a message is acknowledged to the broker only after the batch holding
it is committed, so a listener killed mid-batch loses nothing (the broker delivers the
unacknowledged messages again, and re-sent readings change nothing).
"""

from __future__ import annotations

import json
import queue
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import paho.mqtt.client as mqtt

from zerozone.errors import ZerozoneError
from zerozone.mrv.ingest import IngestResult, ingest_frame, records_table


class BrokerError(ZerozoneError, ConnectionError):
    """The broker cannot be reached or refused the connection."""


@dataclass
class ListenStats:
    """What a listening session stored.

    Attributes
    ----------
    messages : int
        Messages received [-].
    readings : int
        Readings in them [-].
    batches : int
        Batches committed [-].
    new, revised, rejected : int
        Readings stored for the first time, revised, rejected [-].
    seconds : float
        Wall time from connection to the last commit [s].
    """

    messages: int = 0
    readings: int = 0
    batches: int = 0
    new: int = 0
    revised: int = 0
    rejected: int = 0
    seconds: float = 0.0
    results: list[IngestResult] = field(default_factory=list)


def parse_broker(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (port 1883 when omitted) as (host, port).

    Raises
    ------
    ValueError
        When the port is not a number in 1-65535.
    """
    host, _, port = text.rpartition(":") if ":" in text else (text, "", "1883")
    try:
        number = int(port)
    except ValueError:
        raise ValueError(f"broker {text!r}: the port must be a number (HOST:PORT)") from None
    if not 0 < number < 65536 or not host:
        raise ValueError(f"broker {text!r}: use HOST:PORT, e.g. localhost:1883")
    return host, number


def message_records(topic: str, payload: bytes | bytearray) -> list[dict[str, Any]]:
    """The readings of one message (a row with a ``problem`` when the payload is unusable)."""
    try:
        data = json.loads(bytes(payload).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return [{"meter": topic.rsplit("/", 1)[-1], "problem": f"message is not JSON ({error})"}]
    items = data if isinstance(data, list) else [data]
    records = []
    for item in items:
        if isinstance(item, dict) and "meter" not in item and "meter_id" not in item:
            item = {**item, "meter": topic.rsplit("/", 1)[-1]}
        records.append(item)
    return records


def listen(
    con: duckdb.DuckDBPyConnection,
    host: str,
    port: int,
    topics: list[str],
    *,
    batch_size: int = 1000,
    flush_seconds: float = 1.0,
    max_messages: int | None = None,
    seconds: float | None = None,
    client_id: str | None = None,
    on_batch: Callable[[IngestResult], None] | None = None,
    on_ready: Callable[[], None] | None = None,
) -> ListenStats:
    """Subscribe to ``topics`` and store what arrives until a limit or an interrupt.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection (used from this thread only).
    host, port : str, int
        The broker.
    topics : list of str
        Topic filters (``zerozone/#``).
    batch_size : int
        Messages per batch at most [-].
    flush_seconds : float
        Longest wait before a partial batch is stored [s].
    max_messages : int, optional
        Stop after this many messages.
    seconds : float, optional
        Stop after this long [s].
    client_id : str, optional
        MQTT client id; the same id resumes the broker session (unacknowledged messages).
    on_batch : callable, optional
        Called with each committed batch's result.
    on_ready : callable, optional
        Called once subscribed.

    Returns
    -------
    ListenStats

    Raises
    ------
    BrokerError
        When the broker cannot be reached or refuses the connection.
    """
    inbox: queue.Queue[mqtt.MQTTMessage] = queue.Queue()
    subscribed = queue.Queue[bool]()
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id or f"zerozone-{uuid.uuid4().hex[:12]}",
        clean_session=client_id is None,
        manual_ack=True,
    )

    def on_connect(client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            subscribed.put(False)
            return
        client.subscribe([(topic, 1) for topic in topics])

    def on_subscribe(_c: mqtt.Client, _u: Any, _m: Any, _r: Any, _p: Any) -> None:
        subscribed.put(True)

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = lambda _c, _u, message: inbox.put(message)
    try:
        client.connect(host, port, keepalive=30)
    except OSError as error:
        raise BrokerError(f"cannot reach the MQTT broker {host}:{port} ({error})") from None
    client.loop_start()
    stats = ListenStats()
    started = time.perf_counter()
    try:
        try:
            ready = subscribed.get(timeout=10)
        except queue.Empty:
            ready = False
        if not ready:
            raise BrokerError(
                f"the MQTT broker {host}:{port} refused the connection or subscription"
            )
        if on_ready:
            on_ready()
        pending: list[mqtt.MQTTMessage] = []
        deadline = time.monotonic() + flush_seconds
        while True:
            done = (max_messages is not None and stats.messages >= max_messages) or (
                seconds is not None and time.perf_counter() - started >= seconds
            )
            if not done:
                try:
                    timeout = max(0.0, deadline - time.monotonic())
                    pending.append(inbox.get(timeout=min(timeout, 0.2)))
                    stats.messages += 1
                except queue.Empty:
                    pass
            if pending and (len(pending) >= batch_size or time.monotonic() >= deadline or done):
                _store(con, client, pending, stats, on_batch)
                pending = []
            if time.monotonic() >= deadline:
                deadline = time.monotonic() + flush_seconds
            if done and not pending:
                break
    except KeyboardInterrupt:
        pass
    finally:
        stats.seconds = time.perf_counter() - started
        client.loop_stop()
        client.disconnect()
    return stats


def _store(
    con: duckdb.DuckDBPyConnection,
    client: mqtt.Client,
    messages: list[mqtt.MQTTMessage],
    stats: ListenStats,
    on_batch: Callable[[IngestResult], None] | None,
) -> None:
    records: list[Any] = []
    for message in messages:
        records.extend(message_records(message.topic, message.payload))
    result = ingest_frame(con, records_table(records), f"mqtt:{messages[0].topic}")
    for message in messages:  # acknowledged only once the batch is committed
        client.ack(message.mid, message.qos)
    stats.readings += len(records)
    stats.batches += 1
    stats.new += result.new
    stats.revised += result.revised
    stats.rejected += result.rejected
    if on_batch:
        on_batch(result)
