"""Access tokens: mint, use on HTTP and WebSocket, inspect, expiry."""

import base64
import json
import time

import pytest

from helpers import TEST_KEY, run_cli


def make_jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_mint_prints_only_the_token(emulator):
    run = run_cli("token", "--grant", "tts", "--expires-in", "120")
    token = run.text.strip()
    assert run.text == token + "\n" and token.count(".") == 2
    assert emulator.requests[-1].json == {"grants": {"tts": True}, "expires_in": 120}
    info = json.loads(run_cli("token", "inspect", token, "--json").text)
    assert info["grants"] == ["tts"] and not info["expired"]
    assert 100 <= info["expires_in"] <= 120


def test_json_output_decodes_expiry(emulator):
    data = json.loads(run_cli("token", "--grant", "tts", "--grant", "stt", "--json").text)
    assert data["token"] and data["grants"] == ["stt", "tts"] and data["expires_at"]


def test_token_round_trip_http_and_websocket(emulator, monkeypatch, tmp_path):
    token = run_cli("token", "--expires-in", "60").text.strip()
    monkeypatch.delenv("CARTESIA_API_KEY")
    monkeypatch.setenv("CARTESIA_ACCESS_TOKEN", token)
    run_cli("say", "-o", str(tmp_path / "a.wav"), "Hello with a token.")
    say_request = [r for r in emulator.requests if r.path == "/tts/bytes"][-1]
    assert say_request.headers["authorization"] == f"Bearer {token}"
    run_cli("stream", "-o", str(tmp_path / "b.wav"), "Hello with a token.")
    ws = [r for r in emulator.requests if r.path == "/tts/websocket"][-1]
    assert ws.query["access_token"] == [token]
    # An access token cannot mint another, nor list voices.
    assert "cannot mint" in run_cli("token", expect=3).stderr
    run_cli("voices", "list", expect=3)


class Clock:
    """A wall clock the test moves by hand: expiry without sleeping."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))  # whole seconds, as JWT times are

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clocked_emulator(monkeypatch):
    """An emulator of its own whose token clock the test owns."""
    from cartesia_cli.emulator import Emulator

    clock = Clock()
    emu = Emulator(engine="tone", clock=clock)
    with emu.run() as base_url:
        monkeypatch.setenv("CARTESIA_BASE_URL", base_url)
        monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
        yield emu, clock


def test_expired_token_is_rejected(clocked_emulator, monkeypatch, tmp_path):
    _, clock = clocked_emulator
    token = run_cli("token", "--expires-in", "60", clock=clock).text.strip()
    assert "(in 60 s)" in run_cli("token", "inspect", token, clock=clock).text
    clock.now += 61
    assert "expired" in run_cli("token", "inspect", token, expect=1, clock=clock).stderr
    monkeypatch.delenv("CARTESIA_API_KEY")
    run_cli("--access-token", token, "say", "-o", str(tmp_path / "x.wav"), "Hi", expect=3)
    assert not list(tmp_path.iterdir())


def test_tampered_token_is_rejected(emulator, monkeypatch, tmp_path):
    token = run_cli("token", "--grant", "stt").text.strip()
    head, _, sig = token.split(".")
    forged = ".".join([head, make_jwt({"grants": {"tts": True},
                                       "exp": time.time() + 600}).split(".")[1], sig])
    monkeypatch.delenv("CARTESIA_API_KEY")
    run_cli("--access-token", token, "say", "-o", "-", "Hi", expect=3)  # wrong grant
    run_cli("--access-token", forged, "say", "-o", "-", "Hi", expect=3)  # tampered


@pytest.mark.parametrize("args,fragment,code", [
    (["token", "--expires-in", "0"], "out of range", 2),
    (["token", "--expires-in", "3601"], "out of range", 2),
    (["token", "--grant", "voices"], "unknown grant", 2),
    (["token", "inspect", "not-a-token"], "not an access token", 2),
    (["token", "inspect", "a.b.c"], "not an access token", 2),
])
def test_bad_input(emulator, args, fragment, code):
    assert fragment in run_cli(*args, expect=code).stderr
    assert not any(r.path == "/access-token" for r in emulator.requests)


def test_inspect_reads_stdin():
    token = make_jwt({"grants": {"tts": True}, "iat": 1, "exp": time.time() + 100})
    assert "tts" in run_cli("token", "inspect", "-", input=token).text


def test_json_mode_reports_failures_as_json_too(emulator):
    run = run_cli("token", "inspect", "not-a-token", "--json", expect=2)
    error = json.loads(run.text)["error"]
    assert error["code"] == "usage_error" and "not an access token" in error["message"]
    assert "error: not an access token" in run.stderr
    expired = make_jwt({"grants": {"tts": True}, "iat": 1, "exp": 2})
    data = json.loads(run_cli("token", "inspect", expired, "--json", expect=1).text)
    assert data["expired"] is True and "error" not in data
