"""`migrate-check --payload`: one request body checked field by field against a version."""

from __future__ import annotations

import json

import pytest
from migrate_support import MODERN, OLD, check, codes

from cartesia_cli.migrate import jsonpos
from cartesia_cli.migrate.payload import detect_kind

VOICE = "a0e99841-438c-4a64-b679-ae501e7d6091"
MODE_VOICE = {"mode": "id", "id": VOICE}
RAW = {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 16000}


def request(**fields: object) -> dict:
    body = {"model_id": "sonic-3", "transcript": "Hello there.", "voice": {"id": VOICE},
            "output_format": RAW}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def payload_codes(tmp_path, body: object, *args: str) -> list[str]:
    path = tmp_path / "body.json"
    path.write_text(json.dumps(body, indent=2))
    return codes(check("--payload", str(path), "--output-format", "json", *args))


@pytest.mark.parametrize("name", ["bytes_request", "sse_request", "ws_message"])
def test_payload_reports_match_golden(in_old, golden, name):
    run = check("--payload", f"payloads/{name}.json", expect=1)
    golden(f"payload_{name}.txt", run.text)


def test_modern_request_is_clean():
    run = check("--payload", str(MODERN / "request.json"), expect=0)
    assert run.stderr == "All checks passed.\n"


@pytest.mark.parametrize("body, kind", [
    (request(), "bytes"),
    (request(add_timestamps=True), "sse"),
    (request(context_id="c1"), "sse"),
    (request(context_id="c1", **{"continue": True}), "websocket"),
    ({"data": request(), "context_id": "c1"}, "websocket"),
    ({"context_id": "c1", "cancel": True}, "websocket"),
])
def test_detect_kind(body, kind):
    assert detect_kind(jsonpos.parse(json.dumps(body))) == kind


@pytest.mark.parametrize("body, target, expected", [
    # voice specifier by version
    (request(voice=VOICE), "2025-04-16", ["CAR703"]),
    (request(voice=VOICE), "2026-08-14", []),
    (request(voice={"id": VOICE}), "2025-11-04", ["CAR701"]),
    (request(voice=MODE_VOICE), "2025-11-04", []),
    (request(voice=MODE_VOICE), "2026-08-14", ["CAR508"]),
    (request(voice={"mode": "embedding", "embedding": [0.5] * 192}), "2024-06-10", ["CAR506"]),
    # fields that come and go
    (request(locale="en-GB", voice=MODE_VOICE), "2025-11-04", ["CAR705"]),
    (request(locale="en-GB"), "2026-08-14", []),
    (request(locale="en-GB", language="en"), "2026-08-14", ["CAR703"]),
    (request(normalization="loud"), "2026-08-14", ["CAR703"]),
    (request(pronunciation_dict_id="pd_1", voice=MODE_VOICE), "2024-11-13",
     ["CAR705"]),
    (request(duration=3, voice=MODE_VOICE), "2025-04-16", []),
    (request(duration=3), "2026-08-14", ["CAR705"]),
    (request(output_format={**RAW, "bit_rate": 128000}, voice=MODE_VOICE),
     "2024-11-13", []),
    (request(output_format={**RAW, "bit_rate": 128000}), "2026-08-14", ["CAR705"]),
    # values
    (request(output_format={"container": "ogg", "sample_rate": 16000}), "2026-08-14", ["CAR703"]),
    (request(output_format={"container": "raw", "encoding": "pcm_u8", "sample_rate": 16000}),
     "2026-08-14", ["CAR703"]),
    (request(output_format={"container": "mp3", "sample_rate": 44100}), "2026-08-14",
     ["CAR701"]),
    (request(output_format="mulaw_8000"), "2026-08-14", ["CAR503"]),
    (request(transcript=["Hello", "there"]), "2026-08-14", ["CAR703"]),
    (request(transcript="  "), "2026-08-14", ["CAR703"]),
    (request(language="xx"), "2026-08-14", ["CAR703"]),
    (request(generation_config={"volume": 0.2, "emotion": "calm"}), "2026-08-14", ["CAR704"]),
    (request(model_id="sonic-3.5", generation_config={"speed": 1.2}), "2026-08-14", ["CAR707"]),
    (request(model_id="sonic-turbo-2025-06-04", generation_config={"speed": 1.2}), "2026-08-14",
     ["CAR707"]),
    (request(model_id="sonic-preview"), "2026-08-14", ["CAR512"]),
    (request(save=True, add_timestamps=True), "2026-08-14", ["CAR702"]),
    (request(sampling_rate=16000), "2026-08-14", ["CAR702"]),
    (request(model_id=None), "2026-08-14", ["CAR701"]),
])
def test_field_checks_by_version(tmp_path, body, target, expected):
    assert payload_codes(tmp_path, body, "--target-version", target) == expected


@pytest.mark.parametrize("body, target, expected", [
    (request(context_id="c1", max_buffer_delay_ms=3000, voice=MODE_VOICE), "2025-04-16",
     ["CAR704"]),
    (request(context_id="c1", max_buffer_delay_ms=3000, voice=MODE_VOICE), "2025-11-04", []),
    (request(max_buffer_delay_ms=0, voice=MODE_VOICE), "2025-04-16", []),
    (request(max_buffer_delay_ms=0, voice=MODE_VOICE), "2025-11-04", ["CAR701"]),  # context_id
    (request(context_id="c1", transcript="", **{"continue": False}), "2026-08-14", []),
    (request(context_id="c1", transcript="", flush=True, **{"continue": True}), "2026-08-14", []),
    (request(context_id="c1", output_format={"container": "wav", "encoding": "pcm_s16le",
                                             "sample_rate": 16000}), "2026-08-14", ["CAR511"]),
    ({"context_id": "c1", "cancel": True}, "2026-08-14", []),
    ({"cancel": False}, "2026-08-14", ["CAR703", "CAR701"]),
    ({"context_id": "c1", "action": "cancel"}, "2026-08-14", ["CAR701", "CAR702"]),
])
def test_websocket_messages(tmp_path, body, target, expected):
    found = payload_codes(tmp_path, body, "--payload-kind", "websocket", "--target-version", target)
    assert sorted(found) == sorted(expected)


def test_payload_kind_overrides_detection(in_old):
    as_ws = check("--payload", "payloads/bytes_request.json", "--payload-kind", "websocket").text
    assert "required field `context_id` is missing" in as_ws
    assert "container `mp3` on a streaming (SSE or WebSocket) request" in as_ws


def test_payload_from_stdin():
    body = json.dumps(request(chunk_time=0.1))
    run = check("--payload", "-", input=body, expect=1)
    assert run.text.startswith("-:1:")
    assert "CAR501" in run.text


def test_a_non_object_body_is_a_finding(tmp_path):
    assert payload_codes(tmp_path, [request()]) == ["CAR703"]


@pytest.mark.parametrize("text, message", [
    ('{"model_id": "sonic-3",\n  "transcript": }', "is not valid JSON: expected a value "
                                                  "(line 2, column 17)"),
    ("", "is not valid JSON: expected a value (line 1, column 1)"),
    ('{"a": 1} {"b": 2}', "extra data after the JSON value (line 1, column 10)"),
])
def test_invalid_json_is_an_input_error(tmp_path, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text)
    run = check("--payload", str(path), expect=2)
    assert message in run.stderr


def test_payload_usage_errors(tmp_path):
    assert "no such file" in check("--payload", str(tmp_path / "nope.json"), expect=2).stderr
    assert "pass no PATH" in check("--payload", str(OLD / "payloads/ws_message.json"), ".",
                                   expect=2).stderr


def test_payload_fixes_keep_valid_json(tmp_path):
    path = tmp_path / "body.json"
    path.write_text((OLD / "payloads/sse_request.json").read_text())
    check("--payload", str(path), "--fix", "--unsafe-fixes")
    fixed = json.loads(path.read_text())
    assert "stream" not in fixed and "pitch" not in fixed["generation_config"]
    assert fixed["output_format"]["container"] == "raw"
    left = payload_codes(tmp_path, fixed)
    assert not {"CAR511", "CAR702", "CAR706"} & set(left)


@pytest.mark.parametrize("text, may", [
    ('{"name": "app", "dependencies": {"cartesia": "^4.0.0"}}', False),  # decoded: no request
    ('[1, 2, 3]', False),
    ('{"transcript": "Hi", "model_id": "sonic-3"}', True),
    ('{"data": {"transcript": "Hi", "voice": {"id": "v"}}, "context_id": "c"}', True),
    ('{"context_id": "c", "cancel": true}', True),
    ('{"transcript": "Hi", "model_id": ', True),  # not JSON: the positional parser reports it
    ("[" * 100_000 + "]" * 100_000, True),  # too deep to decode: the parser skips it with a warning
])
def test_only_json_that_may_be_a_request_is_parsed_with_positions(text, may):
    from cartesia_cli.migrate.engine import _may_be_request

    assert _may_be_request(text) is may
