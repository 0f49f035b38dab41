"""The MQTT listener: readings published to a broker, stored in batches (paho-mqtt 2.x).

A message's payload is one reading object or an array of them (the fields of
:mod:`zerozone.mrv.readings`); a reading without ``meter`` takes the last level of its topic
(``zerozone/aghali/aghali-house-001-import``).

**Poison messages**: a payload that cannot be used, for any reason (not UTF-8, not JSON, nested
too deep, too large to convert, or a batch the store refuses because of it), becomes a rejected
row with its reason and the first :data:`~zerozone.mrv.rejects.RAW_LIMIT` bytes of the payload,
and is acknowledged like any other: it never blocks the valid messages of its batch nor the
listener, and is not delivered again. When a whole batch fails, its messages are stored one by
one so that only the bad one is rejected.

**No loss**: messages are gathered and stored as one batch (one transaction) every
``batch_size`` messages or ``flush_seconds``. The client subscribes with QoS 1 and manual
acknowledgement, always with a persistent session (clean session off) under a client id that is
stable for a store (:func:`default_client_id`, derived from the store's file): a message is
acknowledged only after the batch holding it is committed, so a listener killed mid-batch or
stopped for a while loses nothing, provided the broker keeps the session's messages: its queue
limit per client must hold everything published while the listener is away (Mosquitto's default
of 1,000 messages drops the rest), and it must persist sessions to disk to survive its own
restart. ``tools/mosquitto/zerozone.conf`` is such a configuration. The listener warns when it
can tell messages were lost: the broker reports no session for a listener that had one (the
broker restarted without persistence, or expired the session), or the broker's count of dropped
messages (``$SYS/broker/publish/messages/dropped``) is above zero or grows.
"""

from __future__ import annotations

import hashlib
import json
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import paho.mqtt.client as mqtt

from zerozone.errors import ZerozoneError
from zerozone.mrv.ingest import IngestResult, ingest_frame, records_table
from zerozone.mrv.rejects import DEFAULT_RETENTION_DAYS, RAW_LIMIT

DROPPED_TOPIC = "$SYS/broker/publish/messages/dropped"
"""Mosquitto's count of messages dropped because of its queue or in-flight limits."""


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
    """The readings of one message; one row with a ``problem`` (and the payload's first bytes in
    ``raw``) when the payload cannot be used, whatever the reason."""
    meter = topic.rsplit("/", 1)[-1]
    try:
        data = json.loads(bytes(payload).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return [_poison(meter, payload, f"message is not JSON ({error})")]
    except RecursionError:
        return [_poison(meter, payload, "message is nested too deep to read")]
    except Exception as error:
        return [_poison(meter, payload, f"message cannot be read ({type(error).__name__})")]
    items = data if isinstance(data, list) else [data]
    records = []
    for item in items:
        if isinstance(item, dict) and "meter" not in item and "meter_id" not in item:
            item = {**item, "meter": meter}
        records.append(item)
    return records


def _poison(meter: str, payload: bytes | bytearray, reason: str) -> dict[str, Any]:
    return {"meter": meter, "problem": reason, "raw": bytes(payload[:RAW_LIMIT])}


def default_client_id(con: duckdb.DuckDBPyConnection) -> str:
    """The MQTT client id of the store's listener: stable for a store file, distinct between
    stores (a hash of the file's absolute path)."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    path = str(row[0]) if row and row[0] else "memory"
    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return f"zerozone-{digest}"


def _session_seen(con: duckdb.DuckDBPyConnection, client_id: str, broker: str) -> bool:
    """Whether this listener had a session on the broker before (and record that it has)."""
    seen = con.execute(
        "SELECT 1 FROM listener_sessions WHERE client_id = ? AND broker = ?", [client_id, broker]
    ).fetchone()
    if not seen:
        con.execute("INSERT INTO listener_sessions VALUES (?, ?, now())", [client_id, broker])
    return seen is not None


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
    on_warning: Callable[[str], None] | None = None,
    retention_days: float = DEFAULT_RETENTION_DAYS,
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
        MQTT client id; the same id resumes the broker session (unacknowledged and queued
        messages). Default: :func:`default_client_id` of the store.
    on_batch : callable, optional
        Called with each committed batch's result.
    on_ready : callable, optional
        Called once subscribed.
    on_warning : callable, optional
        Called with a message when the listener can tell that the broker lost messages.
    retention_days : float
        Rejects of batches older than this are pruned [d].

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
    identity = client_id or default_client_id(con)
    broker = f"{host}:{port}"
    warn = on_warning or (lambda _message: None)
    had_session = _session_seen(con, identity, broker)
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=identity,
        clean_session=False,
        manual_ack=True,
    )
    dropped: list[int] = []

    def on_connect(client: mqtt.Client, _u: Any, flags: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            subscribed.put(False)
            return
        if had_session and not flags.session_present:
            warn(
                f"the broker {broker} held no session for client id {identity}: messages "
                "published while the listener was stopped are lost (the broker restarted "
                "without persistence or expired the session; see tools/mosquitto)"
            )
        client.subscribe([(topic, 1) for topic in topics] + [(DROPPED_TOPIC, 0)])

    def on_subscribe(_c: mqtt.Client, _u: Any, _m: Any, _r: Any, _p: Any) -> None:
        subscribed.put(True)

    def on_message(_c: mqtt.Client, _u: Any, message: mqtt.MQTTMessage) -> None:
        if message.topic == DROPPED_TOPIC:
            _dropped(message.payload, dropped, broker, warn)
        else:
            inbox.put(message)

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
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
                _store(con, client, pending, stats, on_batch, retention_days)
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


def _dropped(
    payload: bytes | bytearray, seen: list[int], broker: str, warn: Callable[[str], None]
) -> None:
    """Warn when the broker's count of dropped messages is above zero or grows."""
    try:
        count = int(bytes(payload).decode().strip())
    except ValueError:
        return
    before = seen[-1] if seen else 0
    if count > before:
        warn(
            f"the broker {broker} has dropped {count - before} messages "
            f"({'since it started' if not seen else 'while listening'}) because of its queue "
            "limits: readings may be lost; raise max_queued_messages (see tools/mosquitto)"
        )
    seen.append(count)


def _ingest_records(
    con: duckdb.DuckDBPyConnection, records: list[Any], topic: str, retention_days: float
) -> IngestResult:
    label = f"mqtt:{topic}"
    return ingest_frame(con, records_table(records), label, retention_days=retention_days)


def _ingest_messages(
    con: duckdb.DuckDBPyConnection, messages: list[mqtt.MQTTMessage], retention_days: float
) -> tuple[IngestResult, int]:
    """Store messages as one batch; (result, readings)."""
    records: list[Any] = []
    for message in messages:
        records.extend(message_records(message.topic, message.payload))
    return _ingest_records(con, records, messages[0].topic, retention_days), len(records)


def _store(
    con: duckdb.DuckDBPyConnection,
    client: mqtt.Client,
    messages: list[mqtt.MQTTMessage],
    stats: ListenStats,
    on_batch: Callable[[IngestResult], None] | None,
    retention_days: float,
) -> None:
    try:
        outcomes = [_ingest_messages(con, messages, retention_days)]
    except Exception:
        outcomes = []
        for message in messages:
            try:
                outcomes.append(_ingest_messages(con, [message], retention_days))
            except Exception as error:
                reason = f"message refused by the store ({type(error).__name__})"
                meter = message.topic.rsplit("/", 1)[-1]
                row = _poison(meter, message.payload, reason)
                outcomes.append((_ingest_records(con, [row], message.topic, retention_days), 1))
    for message in messages:  # acknowledged only once the batch is committed
        client.ack(message.mid, message.qos)
    for result, readings in outcomes:
        stats.readings += readings
        stats.batches += 1
        stats.new += result.new
        stats.revised += result.revised
        stats.rejected += result.rejected
        if on_batch:
            on_batch(result)
