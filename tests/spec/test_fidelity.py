"""openapi.yaml against OpenAI's published spec for listRunSteps, fact by fact: a thin call of the drift
report's code (conformance/upstream/), so the rules live in one place and the departures are the
`x-departure` marks in openapi.yaml itself.

Upstream is the snapshot kept in the repository (`codegen/upstream-snapshot.json`), so this needs nothing outside
it; where ../shared/reference is present (it is in CI), the snapshot is also checked against OpenAI's spec there.
"""

from __future__ import annotations

import hashlib

from conformance.upstream.compare import compare
from conformance.upstream.extract import OURS, extract, load_document, parse_document, read_spec_bytes
from conformance.upstream.facts import Facts
from conformance.upstream.snapshot import Snapshot, load_snapshot
from tests.paths import reference_file

OP = "op GET /threads/{thread_id}/runs/{run_id}/steps"


def snapshot() -> Snapshot:
    found = load_snapshot()
    assert found is not None, "codegen/upstream-snapshot.json is missing: scripts/upstream-diff SPEC --update-baseline"
    return found


def test_every_difference_from_upstream_is_a_declared_departure() -> None:
    recorded = snapshot()
    findings = compare(Facts.recorded(recorded), Facts(load_document(OURS)), recorded.descriptions)
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


def test_the_snapshot_says_where_it_came_from() -> None:
    provenance = snapshot().provenance
    assert "openai/openai-openapi" in provenance.source and "commit" in provenance.source, provenance
    assert len(provenance.sha256) == 64 and provenance.taken[:2] == "20"


def test_the_snapshot_holds_the_facts_of_the_spec_it_names() -> None:
    """Cross-check with OpenAI's published spec where ../shared/reference has it: same bytes, same facts."""
    raw = read_spec_bytes(reference_file("openai-openapi-full.yaml.gz"))
    recorded = snapshot()
    assert hashlib.sha256(raw).hexdigest() == recorded.provenance.sha256
    upstream = Facts(extract(parse_document(raw, "openai-openapi-full.yaml.gz")))
    assert upstream.values() == recorded.facts
    assert upstream.descriptions == recorded.descriptions
