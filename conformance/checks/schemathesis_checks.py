"""The schemathesis checks the suite runs on every generated case, declared by name with what each really
asserts (schemathesis 4.32's defaults: the statuses each accepts are its built-in `expected-statuses`).

Each name is that of a function in `schemathesis.checks`; `conformance.schema_phase`, where the cases are
sent, resolves them. Declaring them loads nothing of schemathesis. A failure that a semantic check names
more precisely, on the same answers, is reported as following from it (conformance.root_causes)."""

from __future__ import annotations

from conformance.checks.registry import (
    HEADERS,
    REFUSED,
    SCHEMA,
    SERVER_ERROR,
    STATUS,
    UNREADABLE,
    Check,
    Phase,
    Severity,
    accepted,
    declare,
)
from conformance.contract import BETA_HEADER

# Each: name, what it asserts, what a failure breaks for a client (Severity), the parts of an answer it
# reads, and the causes it is the one to report (see registry: which failure follows from which).
_DECLARED: list[tuple[str, str, Severity, frozenset[str], frozenset[str]]] = [
    (
        "not_a_server_error",
        "no generated request, valid or invalid, is answered with a 5xx",
        Severity.AVAILABILITY, frozenset({STATUS}), frozenset({SERVER_ERROR}),
    ),
    (
        "status_code_conformance",
        "every answer's status is one openapi.yaml declares for the operation (200, 400, 401, 404, 429)",
        Severity.SHAPE, frozenset({STATUS}), frozenset(),
    ),
    (
        "content_type_conformance",
        "every answer's Content-Type is the one openapi.yaml declares for its status (application/json)",
        Severity.SHAPE, frozenset({HEADERS}), frozenset({UNREADABLE}),
    ),
    (
        "response_headers_conformance",
        "headers openapi.yaml declares for an answer (e.g. Retry-After on 429) are present and well-formed",
        Severity.SHAPE, frozenset({HEADERS}), frozenset(),
    ),
    (
        "response_schema_conformance",
        "every answer's body validates against openapi.yaml's schema for its status",
        Severity.DATA, frozenset({"body"}), frozenset({SCHEMA}),
    ),
    (
        "positive_data_acceptance",
        "a schema-valid request is not refused as invalid: any answer but 400/422-style rejections passes "
        "(2xx, 3xx, 401, 403, 404, 409, 429 and 5xx are left to other checks)",
        Severity.VALIDATION, frozenset({STATUS}), frozenset({REFUSED}),
    ),
    (
        "negative_data_rejection",
        "a schema-invalid request (limit, order, include[] or OpenAI-Beta out of their schema) is not answered "
        "2xx: a 4xx (or 5xx, which not_a_server_error judges) passes",
        Severity.VALIDATION, frozenset({STATUS}), frozenset(),
    ),
    (
        "missing_required_header",
        "a request without the required OpenAI-Beta header is answered 400, 401, 403, 406, 415 or 422",
        Severity.VALIDATION, frozenset({STATUS}), frozenset({accepted(BETA_HEADER)}),
    ),
]  # fmt: skip

for _name, _description, _severity, _reads, _explains in _DECLARED:
    declare(Check(_name, Phase.SCHEMATHESIS, _description, severity=_severity, parts=_reads, explains=_explains))
