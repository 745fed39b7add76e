"""The SSE parser must give the same events however the byte stream is split."""

import json

import pytest

from cartesia_cli.api.sse import SSEEvent, SSEParser

STREAM = (
    "\ufeff: a comment line\r\n"
    'data: {"type":"chunk","data":"AAAA","done":false}\n\n'
    "event: error\r\n"
    'data: {"type":"error","title":"Bad request",\r\n'
    'data: "message":"héllo ✓"}\r\n\r\n'
    "id: 7\rretry: 1500\rdata:no-space\r\r"
    "data\n\n"
    'data: {"type":"done","done":true}\n\n'
    "data: never terminated"
).encode()

EXPECTED = [
    SSEEvent("message", '{"type":"chunk","data":"AAAA","done":false}'),
    SSEEvent("error", '{"type":"error","title":"Bad request",\n"message":"héllo ✓"}'),
    SSEEvent("message", "no-space", "7"),
    SSEEvent("message", "", "7"),
    SSEEvent("message", '{"type":"done","done":true}', "7"),
]


def parse(chunks: list[bytes]) -> list[SSEEvent]:
    parser = SSEParser()
    events = [event for chunk in chunks for event in parser.feed(chunk)]
    return events + parser.close()


def test_whole_stream():
    assert parse([STREAM]) == EXPECTED


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_every_single_split_point(cut):
    assert parse([STREAM[:cut], STREAM[cut:]]) == EXPECTED


def test_byte_by_byte():
    assert parse([STREAM[i:i + 1] for i in range(len(STREAM))]) == EXPECTED


@pytest.mark.parametrize("size", [2, 3, 5, 7, 13])
def test_fixed_size_chunks(size):
    assert parse([STREAM[i:i + size] for i in range(0, len(STREAM), size)]) == EXPECTED


def test_retry_and_multiline_data_json_decodes():
    parser = SSEParser()
    events = parser.feed(STREAM)
    assert parser.retry_ms == 1500
    assert json.loads(events[1].data)["message"] == "héllo ✓"


def test_cr_at_chunk_end_then_lf_is_one_line_break():
    assert parse([b"data: a\r", b"\n\r", b"\n"]) == [SSEEvent("message", "a")]
