"""Benchmark: MQTT messages per second through a real Mosquitto broker into the store.

Usage::

    .venv/bin/python bench/mrv_mqtt.py [--messages 20000] [--per-message 1] [--runs 3]
                                       [--batch-size 1000] [--meters 1000]

Starts ``/usr/sbin/mosquitto`` on a free local port (anonymous, no persistence), a listener
(``zerozone.mrv.mqtt.listen``: QoS 1, manual acknowledgement after each committed batch) in a
thread, and one publisher sending ``--messages`` messages of ``--per-message`` readings each at
QoS 1 as fast as the broker takes them. Times from the first publish to the last batch committed;
prints messages and readings per second (median of ``--runs``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from mrv_common import median, new_store, readings

from zerozone.mrv.ingest import ingest_frame
from zerozone.mrv.mqtt import ListenStats, listen

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def start_broker() -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = Path(tempfile.mkdtemp()) / "mosquitto.conf"
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        "max_inflight_messages 1000\nmax_queued_messages 1000000\n"
    )
    broker = subprocess.Popen([MOSQUITTO, "-c", str(config)], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return broker, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("mosquitto did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--per-message", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    total = args.messages * args.per_message
    table = readings(args.meters, 97, total // args.meters + 1).to_pandas().iloc[:total]
    table["ts"] = table["ts"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = table.to_dict("records")
    payloads = [
        json.dumps(rows[i * args.per_message : (i + 1) * args.per_message]).encode()
        for i in range(args.messages)
    ]
    broker, port = start_broker()
    rates = []
    try:
        for run in range(args.runs):
            con = new_store(args.meters, args.threads)
            ingest_frame(con, readings(args.meters, 0, 97), "first day")
            stats: list[ListenStats] = []
            ready = threading.Event()
            listener = threading.Thread(
                target=lambda con=con, stats=stats, run=run, ready=ready: stats.append(
                    listen(
                        con,
                        "127.0.0.1",
                        port,
                        [f"bench/{run}/#"],
                        batch_size=args.batch_size,
                        flush_seconds=0.5,
                        max_messages=args.messages,
                        seconds=600,
                        on_ready=ready.set,
                    )
                )
            )
            listener.start()
            ready.wait(10)
            publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
            publisher.max_inflight_messages_set(1000)
            publisher.connect("127.0.0.1", port)
            publisher.loop_start()
            start = time.perf_counter()
            sent = [publisher.publish(f"bench/{run}/m", p, qos=1) for p in payloads]
            for info in sent:
                info.wait_for_publish(60)
            published = time.perf_counter() - start
            listener.join()
            seconds = time.perf_counter() - start
            publisher.loop_stop()
            publisher.disconnect()
            con.close()
            result = stats[0]
            rates.append(args.messages / seconds)
            print(
                f"run {run + 1}: {result.messages:,} messages ({result.new:,} readings stored, "
                f"{result.batches} batches) in {seconds:.2f} s (published in {published:.2f} s): "
                f"{rates[-1]:,.0f} messages/s, {rates[-1] * args.per_message:,.0f} readings/s",
                flush=True,
            )
    finally:
        broker.terminate()
        broker.wait(10)
    print(
        f"MQTT QoS 1, {args.per_message} reading(s) per message, batches of {args.batch_size}, "
        f"median of {args.runs} runs: {median(rates):,.0f} messages/s "
        f"({median(rates) * args.per_message:,.0f} readings/s)"
    )


if __name__ == "__main__":
    main()
