"""Loopback ports for servers the tests start as a user would (`conformance serve --port N`, Portkey's gateway),
which bind a port given to them rather than one the kernel picks.

The port is drawn below Linux's default ephemeral range (32768-60999), which the kernel hands out for `bind(0)`
and for every client connection: a port from that range, found free, could be taken by one of the other test
worker's many loopback connections before the server bound it (the gateway once exited with EADDRINUSE so).
"""

from __future__ import annotations

import random
import socket

PORTS = range(20000, 32768)


def free_port() -> int:
    """A port nothing listens on right now, on any IPv4 address (the gateway listens on all of them)."""
    for _ in range(200):
        port = random.choice(PORTS)
        with socket.socket() as sock:
            try:
                sock.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise OSError(f"no free port between {PORTS.start} and {PORTS.stop - 1}")
