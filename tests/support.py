"""Helpers the tests share (imported explicitly; pytest advises against importing from conftest.py)."""

from __future__ import annotations

import socket

from conformance.reference import BEARER_KEY

STEPS_PATH = "/threads/thread_ref_main/runs/{run}/steps"
HEADERS = {"Authorization": f"Bearer {BEARER_KEY}", "OpenAI-Beta": "assistants=v2"}


def free_port() -> int:
    """A loopback port nothing listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
