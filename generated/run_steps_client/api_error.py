"""`ApiError`: a non-2xx answer, with OpenAI's error fields pulled out of the body.

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


class ApiError(Exception):
    """The provider answered with an error status.

    OpenAI's body `{"error": {"message", "type", "param", "code"}}` fills the fields; other shapes (Portkey's
    gateway answers `{"status": "failure", "message": ...}`) fill `message` as far as they can.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        retry_after: float | None = None,
        body: bytes = b"",
    ) -> None:
        super().__init__(f"{status} {type or 'error'}: {message}")
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.retry_after = retry_after
        self.body = body

    @classmethod
    def from_response(cls, status: int, content: bytes, headers: Mapping[str, str] | None = None) -> ApiError:
        retry_after = parse_retry_after(headers.get("retry-after") if headers is not None else None)
        try:
            data: Any = json.loads(content)
        except ValueError:
            data = None
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            return cls(
                status,
                str(error.get("message") or ""),
                type=_text(error.get("type")),
                code=_text(error.get("code")),
                param=_text(error.get("param")),
                retry_after=retry_after,
                body=content,
            )
        message = data.get("message") if isinstance(data, dict) else None
        text = str(message) if message else content[:200].decode("utf-8", "replace")
        return cls(status, text, retry_after=retry_after, body=content)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # rare (HTTP-date form); kept off the import path

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    from datetime import datetime, timezone

    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
