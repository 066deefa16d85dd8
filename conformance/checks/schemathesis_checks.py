"""The schemathesis checks the suite runs on every generated case, declared by name with what each really
asserts (schemathesis 4.32's defaults: the statuses each accepts are its built-in `expected-statuses`).

Each name is that of a function in `schemathesis.checks`; `conformance.schema_phase`, where the cases are
sent, resolves them. Declaring them loads nothing of schemathesis."""

from __future__ import annotations

from conformance.checks.registry import Check, Phase, Severity, declare

# What a failure of each breaks for a client (see Severity); a failure that a semantic check names more
# precisely, on the same answers, is reported as following from it (results.link_echoes).
SEVERITY = {
    "not_a_server_error": Severity.AVAILABILITY,
    "response_schema_conformance": Severity.DATA,
    "positive_data_acceptance": Severity.VALIDATION,
    "negative_data_rejection": Severity.VALIDATION,
    "missing_required_header": Severity.VALIDATION,
}
_DECLARED: list[tuple[str, str]] = [
    (
        "not_a_server_error",
        "no generated request, valid or invalid, is answered with a 5xx",
    ),
    (
        "status_code_conformance",
        "every answer's status is one openapi.yaml declares for the operation (200, 400, 401, 404, 429)",
    ),
    (
        "content_type_conformance",
        "every answer's Content-Type is the one openapi.yaml declares for its status (application/json)",
    ),
    (
        "response_headers_conformance",
        "headers openapi.yaml declares for an answer (e.g. Retry-After on 429) are present and well-formed",
    ),
    (
        "response_schema_conformance",
        "every answer's body validates against openapi.yaml's schema for its status",
    ),
    (
        "positive_data_acceptance",
        "a schema-valid request is not refused as invalid: any answer but 400/422-style rejections passes "
        "(2xx, 3xx, 401, 403, 404, 409, 429 and 5xx are left to other checks)",
    ),
    (
        "negative_data_rejection",
        "a schema-invalid request (limit, order, include[] or OpenAI-Beta out of their schema) is not answered "
        "2xx: a 4xx (or 5xx, which not_a_server_error judges) passes",
    ),
    (
        "missing_required_header",
        "a request without the required OpenAI-Beta header is answered 400, 401, 403, 406, 415 or 422",
    ),
]

for _name, _description in _DECLARED:
    declare(Check(_name, Phase.SCHEMATHESIS, _description, severity=SEVERITY.get(_name, Severity.SHAPE)))
