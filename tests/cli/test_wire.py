"""What real hosts put on the wire, over real sockets: compressed bodies (honest, bombs, mislabelled)."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.contract import path_segment
from conformance.decoding import BoundedBody
from conformance.errors import BadEncoding, BodyTooLarge
from conformance.reference import BEARER_KEY
from conformance.reference.server import ReferenceServer
from conformance.transport import Transport
from tests.support import HEADERS, STEPS_PATH, load_report

MIB = 1024 * 1024
CAP = 8 * MIB
MAIN = STEPS_PATH.format(run="run_ref_main")


def transport(base_url: str, cap: int = CAP) -> Transport:
    return Transport(
        base_url, HEADERS, timeout=5, max_body_bytes=cap, max_requests=None, retries_429=0, max_retry_wait=1
    )


def test_a_gzip_bomb_is_cut_at_the_cap_without_inflating_it_whole(
    servers: Callable[[str | None], ReferenceServer],
) -> None:
    client = transport(servers("gzip-bomb").base_url)
    tracemalloc.start()
    try:
        exchange = client.get(MAIN, [("limit", "1")])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        client.close()
    assert exchange.status == 200 and exchange.error_kind == "too_large", exchange.error
    assert len(exchange.body) == CAP and exchange.body.startswith(b'{"object":"list"')
    assert "8 MiB (decoded)" in (exchange.error or "")
    assert peak < 4 * CAP, f"peak {peak / MIB:.0f} MiB: the body was inflated far past the cap"


def test_an_honest_gzip_answer_is_judged_decoded(servers: Callable[[str | None], ReferenceServer]) -> None:
    client = transport(servers("gzip").base_url)
    try:
        exchange = client.get(MAIN, [("limit", "3")])
    finally:
        client.close()
    assert exchange.error is None and exchange.headers["content-encoding"] == "gzip"
    assert [s["object"] for s in exchange.json()["data"]] == ["thread.run.step"] * 3


def test_gzip_that_is_not_gzip_says_so(servers: Callable[[str | None], ReferenceServer]) -> None:
    client = transport(servers("gzip-mislabelled").base_url)
    try:
        exchange = client.get(MAIN)
    finally:
        client.close()
    assert exchange.status == 200 and exchange.error_kind == "protocol"
    assert (exchange.error or "").startswith("Content-Encoding: gzip, but the body is not gzip data")


@pytest.fixture
def one_answer() -> Iterator[Callable[[bytes], str]]:
    """A tiny HTTP server on loopback that answers every request with the given raw response bytes."""
    listener = socket.create_server(("127.0.0.1", 0))
    answer: list[bytes] = [b""]

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(answer[0])

    threading.Thread(target=serve, daemon=True).start()

    def set_answer(raw: bytes) -> str:
        answer[0] = raw
        return f"http://127.0.0.1:{listener.getsockname()[1]}/v1"

    yield set_answer
    listener.close()


def http(body: bytes, encoding: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: {encoding}\r\n"
    return (head + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode() + body


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send it
        ("gzip", gzip.compress),
        ("identity", lambda b: b),
    ],
)
def test_each_accepted_encoding_is_decoded(
    one_answer: Callable[[bytes], str], encoding: str, compress: Callable[[bytes], bytes]
) -> None:
    page = b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
    client = transport(one_answer(http(compress(page), encoding)))
    try:
        exchange = client.get(MAIN)
    finally:
        client.close()
    assert exchange.error is None and exchange.body == page


def test_an_encoding_the_suite_did_not_ask_for_says_so(one_answer: Callable[[bytes], str]) -> None:
    client = transport(one_answer(http(b"\x8b\x01\x80{}\x03", "br")))
    try:
        exchange = client.get(MAIN)
    finally:
        client.close()
    assert exchange.request_headers.get("accept-encoding") is None  # httpx's client default carries it
    assert exchange.error_kind == "protocol" and "Content-Encoding: br" in (exchange.error or "")


def test_the_cap_holds_on_decoded_bytes_for_plain_and_compressed_alike() -> None:
    data = b"x" * (CAP + 10)
    for encoding, raw in (("", data), ("gzip", gzip.compress(data))):
        body = BoundedBody(encoding, CAP)
        with pytest.raises(BodyTooLarge) as cut:
            for start in range(0, len(raw), 65536):
                body.feed(raw[start : start + 65536])
        assert len(cut.value.partial) == CAP
    exactly = BoundedBody("gzip", CAP)
    exactly.feed(gzip.compress(b"x" * CAP))
    assert len(exactly.finish()) == CAP


def test_a_compressed_body_cut_short_says_so() -> None:
    body = BoundedBody("gzip", CAP)
    body.feed(gzip.compress(b"{}" * 1000)[:20])
    with pytest.raises(BadEncoding, match="ends before its end"):
        body.finish()


ODD_IDS = ["thread_ref_main/runs/run_ref_main/steps?x=", "..", ".", "a#b", "100%"]


@pytest.mark.parametrize("thread_id", ODD_IDS)
def test_an_id_is_one_path_segment_in_requests_curls_and_the_har(tmp_path: Path, thread_id: str) -> None:
    """Sent encoded (never another URL): the provider answers for the id as given, and the run is untestable
    for an unknown thread, not a provider blamed for step_identity."""
    har = tmp_path / "run.har"
    code = main(["run", "--thread-id", thread_id, "--run-id", "run_ref_main", "--report-dir", str(tmp_path),
                 "--record", str(har), "--seed", "1", "--max-examples", "2"])  # fmt: skip
    report = load_report(tmp_path)
    assert code == 3 and report["untestable"]["kind"] == "unknown_ids", report["summary"]
    assert f"No thread found with id '{thread_id}'" in report["untestable"]["reason"]
    encoded = f"/threads/{path_segment(thread_id)}/runs/run_ref_main/steps?"
    request = report["untestable"]["request"]
    assert encoded in request["url"] and encoded in request["curl"]
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert [encoded in e["request"]["url"] for e in entries] == [True]


@pytest.mark.parametrize("thread_id", ODD_IDS)
def test_the_client_sends_an_id_as_one_path_segment(reference: ReferenceServer, thread_id: str) -> None:
    from run_steps_client import NotFoundError, list_run_steps, presets

    client = presets.openai(BEARER_KEY, base_url=reference.base_url)
    with pytest.raises(NotFoundError) as raised:
        list_run_steps(client, thread_id, "run_ref_main")
    assert raised.value.message == f"No thread found with id '{thread_id}'."


def test_path_segments() -> None:
    assert path_segment("..") == "%2E%2E" and path_segment(".") == "%2E" and path_segment("a.b") == "a.b"
    assert path_segment("a/b?c#d%") == "a%2Fb%3Fc%23d%25" and path_segment("step_1-x") == "step_1-x"
