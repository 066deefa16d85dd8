"""`wire.depth_of`, the nesting guard run before every JSON decode of the client and the suite, measures the
nesting of any bytes as a token-by-token reading would (strings skipped, an unterminated one included, closing
brackets past the top, brackets of either kind): Hypothesis compares the two on generated bodies."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from run_steps_client.wire import MAX_DEPTH, NotJson, decode_json, depth_of

_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def read_token_by_token(body: bytes) -> int:
    """The depth as the bytes are read, one token after another: what `depth_of` computes in C."""
    depth = deepest = 0
    for match in _TOKEN.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


BYTES = st.lists(st.sampled_from([b"[", b"]", b"{", b"}", b'"', b"\\", b"a", b",", b":", b"\xff"]), max_size=400)


@settings(max_examples=500, deadline=None)
@given(parts=BYTES)
def test_the_depth_is_the_deepest_nesting_of_the_tokens(parts: list[bytes]) -> None:
    body = b"".join(parts)
    brackets = body.count(b"[") + body.count(b"{")
    assert depth_of(body, stop_after=0) == read_token_by_token(body)
    assert depth_of(body) == (brackets if brackets <= MAX_DEPTH else read_token_by_token(body))


@given(depth=st.integers(1, 3 * MAX_DEPTH), padding=st.integers(0, 3 * MAX_DEPTH))
def test_nesting_past_the_limit_is_refused_and_brackets_in_strings_never_count(depth: int, padding: int) -> None:
    quoted = json.dumps("[{" * padding).encode()
    body = b"[" * depth + quoted + b"]" * depth
    brackets = depth + 2 * padding  # the count answers for a body with few brackets, a bound
    assert depth_of(body) == (depth if brackets > MAX_DEPTH else brackets)
    if depth > MAX_DEPTH:
        try:
            decode_json(body)
        except NotJson as exc:
            assert "deeper" in str(exc)
        else:
            raise AssertionError("a body nested past the limit was decoded")
    else:
        assert decode_json(body) is not None
