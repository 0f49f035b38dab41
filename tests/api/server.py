"""A real ``zerozone serve`` in its own process group, on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``zerozone serve --data-dir DIR`` on 127.0.0.1 (started and stopped by tests)."""

    def __init__(
        self, data_dir: Path, port: int | None = None, merge_interval: float = 0.2
    ) -> None:
        self.data_dir = data_dir
        self.merge_interval = merge_interval
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> Server:
        command = [sys.executable, "-c", "from zerozone.cli import main; main()", "serve"]
        command += ["--port", str(self.port), "--data-dir", str(self.data_dir)]
        command += ["--merge-interval", str(self.merge_interval)]
        log = (self.data_dir / "serve.log").open("ab")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError((self.data_dir / "serve.log").read_text(errors="replace"))

    def kill(self) -> None:
        """Stop the service and its workers at once, as a crash would (no clean shutdown)."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """Stop the service cleanly (SIGINT, as Ctrl-C)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.process = None
