"""Runs Portkey's open-source gateway (installed from npm into gateway/ by scripts/test) on a loopback port.

Test support: used by the gateway tests and scripts/gateway-matrix; the suite itself never needs it, so it lives
here rather than in the product.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

from conformance.errors import GatewayUnavailable
from tests.paths import ROOT
from tests.ports import free_port

VERSIONS = ("1.9.8", "1.15.2")
READY_TEXT = "AI Gateway says hey!"


def entry_point(version: str) -> Path:
    return ROOT / "gateway" / "node_modules" / f"portkey-gateway-{version}" / "build" / "start-server.js"


def check_installed(version: str) -> str:
    """The node binary to use; raises GatewayUnavailable with a clear reason otherwise."""
    node = shutil.which("node")
    if node is None:
        raise GatewayUnavailable("node is not installed (scripts/test installs it with apt-get when it can)")
    if not entry_point(version).is_file():
        raise GatewayUnavailable(f"gateway {version} is not installed: run `npm ci --prefix gateway`")
    return node


class _PortTaken(Exception):
    """The gateway exited because another process bound its port first."""


class PortkeyGateway:
    """`with PortkeyGateway("1.9.8") as gw: gw.base_url` -> http://127.0.0.1:PORT/v1, stopped afterwards."""

    def __init__(self, version: str, log_path: Path | None = None) -> None:
        if version not in VERSIONS:
            raise ValueError(f"unknown gateway version {version!r}; installed: {', '.join(VERSIONS)}")
        self.version = version
        self.port = free_port()
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 30) -> PortkeyGateway:
        """Start it and wait for `GET /`; a port taken in the meantime is given up for another (three tries)."""
        for _ in range(3):
            try:
                return self._start(timeout)
            except _PortTaken:
                self.port = free_port()
        raise GatewayUnavailable(f"gateway {self.version}: 3 ports taken before it bound them")

    def _start(self, timeout: float) -> PortkeyGateway:
        node = check_installed(self.version)
        args = [node, str(entry_point(self.version)), f"--port={self.port}"]
        if self.version != "1.9.8":
            args.append("--headless")  # newer releases also start a console UI unless told not to
        env = {**os.environ, "NODE_ENV": "production"}
        with tempfile.TemporaryFile() if self.log_path is None else self.log_path.open("w+b") as log:
            self._process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT / "gateway")
            return self._wait_ready(log, timeout)

    def _wait_ready(self, log: IO[bytes], timeout: float) -> PortkeyGateway:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log.seek(0)
                if b"EADDRINUSE" in log.read():
                    raise _PortTaken
                raise GatewayUnavailable(f"gateway {self.version} exited with {self._process.returncode}")
            try:
                if READY_TEXT in httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1).text:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise GatewayUnavailable(f"gateway {self.version} did not answer `GET /` within {timeout:g} s")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def __enter__(self) -> PortkeyGateway:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
