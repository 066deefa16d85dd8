"""Why a request got no usable answer: the network-level failure kinds the transport sets on an `Exchange`
(`error_kind`) and reports, checks and recordings read. A `StrEnum`, so a kind compares equal to (and is
written as) its plain name, as recordings made before the enum existed spell it."""

from __future__ import annotations

from enum import StrEnum


class FailureKind(StrEnum):
    TIMEOUT = "timeout"  # no complete answer within --timeout (connect, status line, headers and body together)
    RESET = "reset"  # the connection was reset or closed before the answer was complete
    REFUSED = "refused"  # no connection could be made
    TLS = "tls"
    DNS = "dns"
    PROTOCOL = "protocol"  # bytes that are not HTTP, or a body that does not match its framing or encoding
    TOO_LARGE = "too_large"  # the decoded body passed --max-body-bytes
    BREAKER = "breaker"  # not sent: the provider already failed too many requests at the network level
    INTERRUPTED = "interrupted"  # SIGINT or SIGTERM while the answer was arriving
