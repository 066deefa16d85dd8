"""The client's one error family: everything a public call of this package raises derives from `RunStepsError`.

- `ApiError`: the provider answered with an error status; a subclass per status, as openai-python has them:
  `BadRequestError` (400), `AuthenticationError` (401), `PermissionDeniedError` (403), `NotFoundError` (404),
  `ConflictError` (409), `UnprocessableEntityError` (422), `RateLimitError` (429), `InternalServerError` (5xx).
  A 3xx (redirects are not followed unless the client says so) is a `RedirectError` naming the status and
  the `Location`, masked of credentials.
- `ApiConnectionError`: no answer (refused, reset, DNS, TLS), wrapping httpx's exception as `__cause__`;
  `ApiTimeoutError` is the timeout case of it, and also what passing a request's deadline raises.
- `PaginationError`: the provider broke pagination (a page led back to a cursor this walk already used).
- `DecodeError`: an answer that does not match the spec where it must (a known field of the wrong shape), or
  a body that cannot be decoded; `ResponseTooLargeError` is a body over the decoded-size cap.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ATTEMPTS = "attempts"  # the response extension in which `RetryTransport` says how many requests an answer took


class RunStepsError(Exception):
    """Base of every error this client raises."""


class ApiError(RunStepsError):
    """The provider answered with an error status.

    OpenAI's body `{"error": {"message", "type", "param", "code"}}` fills the fields; other shapes (Portkey's
    gateway answers `{"status": "failure", "message": ...}`) fill `message` as far as they can.

    Besides the body's fields: `request_id` is the answer's `x-request-id` header (what a provider's support
    asks for; `str(error)` shows it), `headers` all of the answer's headers, `retry_after` the seconds its
    `Retry-After` asked for, and `attempts` how many requests were made for this answer, retries included
    (counted by `RetryTransport`, which every preset has; None when no `RetryTransport` was in the way).
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
        headers: Mapping[str, str] | None = None,
        attempts: int | None = None,
    ) -> None:
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.retry_after = retry_after
        self.body = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.request_id: str | None = self.headers.get("x-request-id") or None
        self.attempts = attempts
        super().__init__(f"{status} {type or 'error'}: {message}{self._context()}")

    def _context(self) -> str:
        """` (request id req_123; 3 attempts)`, or nothing when neither is known."""
        known = [f"request id {self.request_id}"] if self.request_id else []
        if self.attempts is not None and self.attempts > 1:
            known.append(f"{self.attempts} attempts")
        return f" ({'; '.join(known)})" if known else ""

    @classmethod
    def from_response(
        cls,
        status: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        *,
        attempts: int | None = None,
    ) -> ApiError:
        """The error for this answer, of the subclass its status calls for."""
        if 300 <= status < 400:
            location = headers.get("location") if headers is not None else None
            return RedirectError(status, location, body=content, headers=headers, attempts=attempts)
        retry_after = parse_retry_after(headers.get("retry-after") if headers is not None else None)
        data = _json_object(content) or {}
        error = data.get("error")
        if isinstance(error, dict):  # OpenAI's shape
            fields = cast("dict[str, object]", error)
            message = str(fields.get("message") or "")
        else:
            fields = {}
            found = data.get("message")
            message = str(found) if found else content[:200].decode("utf-8", "replace")
        return error_class(status)(
            status,
            message,
            type=_text(fields.get("type")),
            code=_text(fields.get("code")),
            param=_text(fields.get("param")),
            retry_after=retry_after,
            body=content,
            headers=headers,
            attempts=attempts,
        )


class RedirectError(ApiError):
    """3xx: the provider sent the request elsewhere. `location` is where, with any credentials in it masked;
    redirects are not followed (httpx's default), so point `base_url` at the final address instead."""

    def __init__(
        self,
        status: int,
        location: str | None,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        attempts: int | None = None,
    ) -> None:
        self.location = masked_url(location) if location else None
        where = f"to {self.location}" if self.location else "with no Location header"
        message = f"the provider redirected {where}; redirects are not followed"
        super().__init__(status, message, body=body, headers=headers, attempts=attempts)
        self.args = (f"{status} redirect: {self.message}{self._context()}",)


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


class ResponseTooLargeError(DecodeError):
    """The body is larger, once decoded, than the client's cap (`max_decoded_bytes`); it was not decoded whole."""

    def __init__(self, limit: int) -> None:
        super().__init__("", f"over the decoded-size cap of {limit} bytes; reading stopped there")
        self.limit = limit


_SECRET_WORDS = ("key", "token", "secret", "sig", "password", "passwd", "auth", "credential", "session", "code")


def masked_url(url: str) -> str:
    """`url` without what could be a credential: userinfo becomes `***@`, and the values of query parameters
    whose names suggest a secret (`api-key`, `token`, `sig`, ...) become `***`. Relative URLs stay relative."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "(an unreadable URL)"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        masked = [(k, "***" if any(w in k.lower() for w in _SECRET_WORDS) else v) for k, v in pairs]
        query = urlencode(masked, safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def from_unexpected_status(status: int, content: bytes) -> ApiError:
    """The family's error for the generated client's `errors.UnexpectedStatus` (it keeps no headers)."""
    return ApiError.from_response(status, content)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _json_object(content: bytes) -> dict[str, object] | None:
    """The body as a JSON object, or None (not JSON, or JSON of another kind)."""
    try:
        data: object = json.loads(content)
    except ValueError:
        return None
    return cast("dict[str, object]", data) if isinstance(data, dict) else None


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
