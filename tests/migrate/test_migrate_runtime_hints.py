"""Runtime errors point to migrate-check: when the API answers with an error a migration
explains (a sunset model, embeddings rejected, a bad version, a removed path), say, stream and
voices add a hint naming `cartesia migrate-check` and the rule. Over loopback: the emulator, and
tests/fault_server.py answering the API's error JSON."""

from __future__ import annotations

import pytest
from fault_server import (
    SseErrorEvent,
    Status,
    WsErrorEvent,
    WsReject,
    error_body,
    running_fault_server,
)

from cartesia_cli.api.errors import MIGRATIONS
from cartesia_cli.migrate.rules import RULES

from helpers import TEST_KEY, run_cli

COMMANDS = {
    "say": ("/tts/bytes", ("say", "-o", "out.raw", "Hello there.")),
    "ws": ("/tts/websocket", ("stream", "-o", "out.raw", "Hello there.")),
    "sse": ("/tts/sse", ("stream", "--transport", "sse", "-o", "out.raw", "Hello there.")),
    "voices": ("/voices", ("voices", "list", "--json")),
}


def hint_of(run) -> str:
    lines = [line for line in run.stderr.splitlines() if line.startswith("hint: ")]
    assert len(lines) == 1, run.stderr
    return lines[0]


def test_the_table_names_rules_of_the_catalog():
    for _, code, preview in MIGRATIONS:
        assert code in RULES and RULES[code].preview == preview


@pytest.fixture
def fault(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
    with running_fault_server(monkeypatch) as server:
        yield server


ANSWERS = {  # what the API says -> the rule the hint names
    "embeddings": ({"title": "Invalid voice", "message": "Voice embeddings are no longer "
                        "supported; specify a voice by ID."}, "--select CAR506"),
    "sunset": ({"error_code": "model_sunsetted", "title": "Model sunsetted", "message": "The "
                    "requested model has been sunsetted and is no longer available."},
               "--select CAR509"),
    "unknown version": ({"title": "Invalid Cartesia-Version", "message": "'2023-01-01' is older "
                             "than the first stable version 2024-06-10."},
                        "--preview --select CAR203"),
    "malformed version": ({"title": "Invalid Cartesia-Version", "message": "'2024-6-1' is not a "
                               "date in YYYY-MM-DD form."}, "--preview --select CAR202"),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_http_error_a_migration_explains_points_to_its_rule(fault, command, answer):
    fields, flags = ANSWERS[answer]
    path, args = COMMANDS[command]
    body = error_body(400, **fields)
    fault.script(path, WsReject(400, body) if command == "ws" else Status(400, body))
    run = run_cli(*args, expect=None)
    assert run.exit_code != 0
    assert f"`cartesia migrate-check {flags}" in hint_of(run)


@pytest.mark.parametrize("command", ["ws", "sse"])
def test_an_error_event_a_migration_explains_points_to_its_rule(fault, command):
    path, args = COMMANDS[command]
    fields = {"error_code": "model_sunsetted", "title": "Model sunsetted",
                  "message": "The requested model has been sunsetted and is no longer available."}
    behaviour = (WsErrorEvent(400, **fields) if command == "ws"
                 else SseErrorEvent(400, **fields))
    fault.script(path, behaviour)
    run = run_cli(*args, expect=None)
    assert run.exit_code != 0
    assert "`cartesia migrate-check --select CAR509 .`" in hint_of(run)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_other_errors_get_no_pointer(fault, command):
    path, args = COMMANDS[command]
    body = error_body(400, error_code="voice_not_found", title="Voice not found",
                      message="No voice with that id.")
    fault.script(path, WsReject(400, body) if command == "ws" else Status(400, body))
    run = run_cli(*args, expect=None)
    assert "migrate-check" not in run.stderr


def test_a_sunset_model_on_the_emulator(emulator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = run_cli("say", "--model", "sonic-english", "-o", "out.raw", "Hello.", expect=None)
    assert run.exit_code != 0 and "sunset" in run.stderr
    assert hint_of(run) == ("hint: use a current model such as sonic-3 (see `cartesia say "
                            "--help`); `cartesia migrate-check --select CAR509 .` finds this "
                            "in your code")


def test_a_removed_path_on_the_emulator(emulator, tmp_path, monkeypatch):
    """A base URL left on the v0 API: the emulator's 404 names the path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARTESIA_BASE_URL", emulator.base_url + "/v0")
    run = run_cli("say", "-o", "out.raw", "Hello.", expect=None)
    assert run.exit_code != 0
    assert "`cartesia migrate-check --select CAR101 .`" in hint_of(run)
