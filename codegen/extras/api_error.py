"""The client's one error family: everything a public call of this package raises derives from `RunStepsError`.

- `ApiError`: the provider answered with an error status; a subclass per status, as openai-python has them:
  `BadRequestError` (400), `AuthenticationError` (401), `PermissionDeniedError` (403), `NotFoundError` (404),
  `ConflictError` (409), `UnprocessableEntityError` (422), `RateLimitError` (429), `InternalServerError` (5xx).
- `ApiConnectionError`: no answer (refused, reset, DNS, TLS), wrapping httpx's exception as `__cause__`;
  `ApiTimeoutError` is the timeout case of it.
- `PaginationError`: the provider broke pagination (it sent the same page again).
- `DecodeError`: an answer that does not match the spec where it must (a known field of the wrong shape).

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


class RunStepsError(Exception):
    """Base of every error this client raises."""


class ApiError(RunStepsError):
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
        """The error for this answer, of the subclass its status calls for."""
        kind = error_class(status)
        retry_after = parse_retry_after(headers.get("retry-after") if headers is not None else None)
        try:
            data: Any = json.loads(content)
        except ValueError:
            data = None
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            return kind(
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
        return kind(status, text, retry_after=retry_after, body=content)


class BadRequestError(ApiError):
    """400: a parameter or header was invalid (`param` names it)."""


class AuthenticationError(ApiError):
    """401: the key is missing or wrong."""


class PermissionDeniedError(ApiError):
    """403: the key may not do this."""


class NotFoundError(ApiError):
    """404: no such thread or run (or the operation is not served at this base URL)."""


class ConflictError(ApiError):
    """409."""


class UnprocessableEntityError(ApiError):
    """422."""


class RateLimitError(ApiError):
    """429: slow down; `retry_after` says for how long, when the provider said."""


class InternalServerError(ApiError):
    """5xx: the provider failed."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status: int) -> type[ApiError]:
    return InternalServerError if status >= 500 else _BY_STATUS.get(status, ApiError)


class ApiConnectionError(RunStepsError):
    """No answer came back (refused, reset, DNS, TLS); the httpx exception is the `__cause__`."""

    def __init__(self, message: str = "Connection error.") -> None:
        super().__init__(message)


class ApiTimeoutError(ApiConnectionError):
    """No complete answer within the timeout."""

    def __init__(self, message: str = "Request timed out.") -> None:
        super().__init__(message)


class PaginationError(RunStepsError):
    """The provider broke pagination: it sent the page after a cursor again, so iterating would never end."""


class DecodeError(RunStepsError, ValueError):
    """An answer that does not match the spec where it must; `path` names the place (`data[3].last_error`)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or '(the body)'}: {problem}")
        self.path = path
        self.problem = problem

    def under(self, prefix: str) -> DecodeError:
        """The same error, seen from the enclosing object (`prefix` is a field name or `[index]`)."""
        joined = prefix + ("" if not self.path else self.path if self.path.startswith("[") else "." + self.path)
        return DecodeError(joined, self.problem)


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


def problem(error: Exception) -> str:
    """What went wrong, in a few words, for a DecodeError."""
    if isinstance(error, KeyError):
        return f"required field {error.args[0]!r} is missing" if error.args else "a required field is missing"
    return str(error) or error.__class__.__name__
