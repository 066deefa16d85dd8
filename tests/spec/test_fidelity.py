"""openapi.yaml against OpenAI's published spec for listRunSteps, fact by fact: a thin call of the drift
report's code (conformance/upstream.py), so the rules live in one place and the departures are the
`x-departure` marks in openapi.yaml itself.

Runs when ../shared/reference holds the upstream extract (it does in CI) and skips with a message otherwise.
"""

from __future__ import annotations

from conformance.upstream import OURS, Facts, compare, load_baseline, load_document
from tests.paths import reference_file

OP = "op GET /threads/{thread_id}/runs/{run_id}/steps"


def test_every_difference_from_upstream_is_a_declared_departure() -> None:
    upstream = Facts(load_document(reference_file("openai-upstream-list-run-steps.yaml")))
    findings = compare(upstream, Facts(load_document(OURS)), load_baseline())
    unexplained = [f.line() for f in findings if f.group != "declared departure"]
    assert not unexplained, "differences from upstream that openapi.yaml does not mark:\n" + "\n".join(unexplained)
    assert findings, "openapi.yaml has departures (nullable ids, OpenAI-Beta, errors, ...): they must be found"


def test_the_departures_are_really_there() -> None:
    ours = {k: f.value for k, f in Facts(load_document(OURS)).facts.items()}
    assert ours[f"{OP}.param header:OpenAI-Beta.required"] is True
    assert ours[f"{OP}.param header:OpenAI-Beta.schema.enum"] == ["assistants=v2"]
    for status in ("400", "401", "404", "429"):
        assert ours[f"{OP}.response {status}.application/json.$ref"] == "ErrorResponse"
    assert ours[f"{OP}.response 429.header Retry-After.type"] == "integer"
    assert ours[f"{OP}.param query:limit.schema.minimum"] == 1
    assert ours[f"{OP}.param query:limit.schema.maximum"] == 100
    discriminated = {k.removesuffix(".discriminator.propertyName") for k in ours if k.endswith("propertyName")}
    one_ofs = {k.removesuffix(".oneOf") for k in ours if k.endswith(".oneOf")}
    assert discriminated == one_ofs
    servers = {
        "https://api.openai.com/v1",
        "https://api.portkey.ai/v1",
        "https://{resource}.openai.azure.com/openai/v1",
    }
    assert {k for k in ours if k.startswith("server ")} == {f"server {url}" for url in servers}
    assert ours["schema Error.required"] == ["code", "message"]  # Azure's errors carry only these two
