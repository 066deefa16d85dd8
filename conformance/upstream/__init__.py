"""Compare openapi.yaml with OpenAI's published spec, fact by fact: what upstream changed, and what we depart
from on purpose (each departure is marked in openapi.yaml with `x-departure` where it departs).

`scripts/upstream-diff SPEC` (`python -m conformance.upstream`) is the maintainer's command;
`tests/spec/test_fidelity.py` calls the same code. One job per module, in the order the command runs them:

- `extract`: reading a spec (file, gzip, URL) and cutting `listRunSteps` out of it with all it reaches;
- `facts`: flattening a spec into `key -> Fact`, with the `x-departure` marks that apply to each fact;
- `compare`: the differences between upstream's facts and ours, as `Finding`s;
- `report`: the findings as the Markdown report;
- `snapshot`: the upstream snapshot kept in the repository (facts and description hashes, with provenance);
- `cli`: the command's arguments, its one-line errors and its exit codes.

How a departure is marked: `x-departure` is a mapping from what departs to why, on the node where it departs.
Keys: a keyword of that node's facts (`nullable`, `minimum`, `maximum`, `default`, `discriminator`,
`deprecated`, ...), or `parameter` / `response` / `scheme` / `server` for a whole thing that upstream has not.

Descriptions are our own words and never equal upstream's; whether upstream changed its own is told by
comparing hashes of its text with the upstream snapshot (`codegen/upstream-snapshot.json`, see
`conformance.upstream.snapshot`), written when openapi.yaml was last aligned (`--update-baseline`).
"""
