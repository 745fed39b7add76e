"""The fault matrix: every misbehaviour of tests/fault_server.py against say, stream (WebSocket
and SSE) and voices, over real loopback sockets.

Each cell checks the exit code, the one error line, how many attempts reached the server (one
retry budget: at most max_retries + 1), that nothing was left on disk, and that no key, token
or URL password appears anywhere in the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fault_server import (
    Empty200,
    FaultServer,
    Good,
    Html200,
    Json200,
    Redirect,
    Reset,
    SseEndsWithoutDone,
    SseErrorEvent,
    Stall,
    Status,
    Truncate,
    WsAudioThenClose,
    WsBadFrame,
    WsCloseBeforeAudio,
    WsErrorEvent,
    WsFragmented,
    WsNeverAnswers,
    good_audio,
    http_date,
    rate_limited,
    running_fault_server,
)

from helpers import TEST_KEY, Run, run_cli

URL_PASSWORD = "URLPASSWORD_s3cr3t_77"
TOKEN = "tok_ACCESS_TOKEN_SECRET_4c3b2a19"
TEXT = "Hello from Cartesia."
NO_WAIT = {"retry-after-ms": "0"}


@dataclass(frozen=True)
class Command:
    name: str
    path: str
    args: tuple[str, ...]
    output: str | None  # the file it writes, in the test's directory

    def argv(self, directory: Path) -> list[str]:
        out = [str(directory / self.output)] if self.output else []
        return [a if a != "OUT" else out[0] for a in self.args]


COMMANDS = {
    "say": Command("say", "/tts/bytes", ("say", "-o", "OUT", TEXT), "x.raw"),
    "ws": Command("ws", "/tts/websocket", ("stream", "-o", "OUT", TEXT), "x.raw"),
    "sse": Command("sse", "/tts/sse", ("stream", "--transport", "sse", "-o", "OUT", TEXT),
                   "x.raw"),
    "voices": Command("voices", "/voices", ("voices", "list", "--json"), None),
}
ALL = tuple(COMMANDS)
AUDIO = ("say", "ws", "sse")


@dataclass(frozen=True)
class Cell:
    name: str
    behaviours: tuple
    exit: int
    attempts: int
    says: str | None = None  # a fragment of the error line
    commands: tuple[str, ...] = ALL
    flags: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


CELLS = [
    Cell("503-always", (Status(503, headers=NO_WAIT),), 4, 3, "503"),
    Cell("500-always", (Status(500, headers=NO_WAIT),), 4, 3, "500"),
    Cell("408-always", (Status(408, headers=NO_WAIT),), 4, 3, "408"),
    Cell("429-always", (rate_limited(None, retry_after_ms=0),), 4, 3, "429"),
    Cell("429-then-ok", (rate_limited(None, retry_after_ms=0), Good()), 0, 2),
    Cell("503-then-ok", (Status(503, headers={"Retry-After": "0"}), Good()), 0, 2),
    Cell("retry-after-an-hour", (rate_limited(3600),), 4, 1, "asks to wait 3600 s"),
    Cell("401", (Status(401),), 3, 1, "401"),
    Cell("403", (Status(403),), 3, 1, "403"),
    Cell("400", (Status(400),), 5, 1, "400"),
    Cell("404", (Status(404),), 5, 1, "404"),
    Cell("html-200", (Html200(),), 4, 1, "text/html"),
    Cell("json-200", (Json200({"ok": True}),), 4, 1, "application/json", AUDIO),
    Cell("json-200-voices", (Json200({"ok": True}),), 4, 1, "another shape", ("voices",)),
    Cell("empty-200", (Empty200(),), 4, 1, "empty"),
    Cell("reset", (Reset(),), 4, 3),
    Cell("reset-rst", (Reset(rst=True),), 4, 3),
    Cell("reset-then-ok", (Reset(), Good()), 0, 2),
    Cell("truncated-before-any-byte", (Truncate(0),), 4, 3),
    Cell("truncated-then-ok", (Truncate(0), Good()), 0, 2),
    Cell("truncated-mid-audio", (Truncate(64),), 4, 1, "broke off", ("say",)),
    Cell("stalled", (Stall(0, 30),), 4, 1, "timed out", flags=("--timeout", "1",
                                                             "--max-retries", "0")),
    Cell("stalled-mid-body", (Stall(64, 30),), 4, 1, "timed out", ("say", "voices"),
         flags=("--timeout", "1", "--max-retries", "0")),
    Cell("ws-closed-before-audio", (WsCloseBeforeAudio(),), 4, 3, "closed", ("ws",)),
    Cell("ws-dropped-before-audio", (WsCloseBeforeAudio(None),), 4, 3, "closed", ("ws",)),
    Cell("ws-closed-then-ok", (WsCloseBeforeAudio(), Good()), 0, 2, None, ("ws",)),
    Cell("ws-fragmented-with-pings", (WsFragmented(),), 0, 1, None, ("ws",)),
    Cell("ws-bad-frame-then-silence", (WsBadFrame(),), 4, 3, "closed", ("ws",)),
    Cell("ws-429-event", (WsErrorEvent(429),), 4, 3, "429", ("ws",)),
    Cell("ws-429-event-then-ok", (WsErrorEvent(429), Good()), 0, 2, None, ("ws",)),
    Cell("ws-500-event", (WsErrorEvent(500),), 4, 3, "500", ("ws",)),
    Cell("ws-400-event", (WsErrorEvent(400, error_code="voice_not_found"),), 5, 1, "400",
         ("ws",)),
    Cell("ws-audio-then-close", (WsAudioThenClose(2),), 4, 1, "closed", ("ws",)),
    Cell("ws-never-answers", (WsNeverAnswers(),), 4, 3, "no answer", ("ws",),
         flags=("--timeout", "1")),
    Cell("sse-429-event", (SseErrorEvent(429),), 4, 3, "429", ("sse",)),
    Cell("sse-429-event-then-ok", (SseErrorEvent(429), Good()), 0, 2, None, ("sse",)),
    Cell("sse-400-event", (SseErrorEvent(400),), 5, 1, "400", ("sse",)),
    Cell("sse-error-after-audio", (SseErrorEvent(503, after_chunks=2),), 4, 1, "503",
         ("sse",)),
    Cell("sse-ends-without-done", (SseEndsWithoutDone(2),), 4, 1, "without a done", ("sse",)),
]

MATRIX = [pytest.param(cell, name, id=f"{cell.name}-{name}")
          for cell in CELLS for name in cell.commands]


@pytest.fixture
def server(monkeypatch):
    with running_fault_server() as fault:
        password_url = fault.base_url.replace("http://", f"http://user:{URL_PASSWORD}@")
        monkeypatch.setenv("CARTESIA_BASE_URL", password_url)
        monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
        monkeypatch.setenv("CARTESIA_MAX_RETRIES", "2")
        yield fault


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The retry policy's waits, recorded instead of slept (the policy decides, we watch)."""
    recorded: list[float] = []
    monkeypatch.setattr("cartesia_cli.api.retry.pause", recorded.append)
    return recorded


def assert_no_secret_anywhere(run: Run) -> None:
    for secret in (TEST_KEY, TOKEN, URL_PASSWORD):
        assert secret.encode() not in run.stdout, f"{secret} leaked to stdout"
        assert secret not in run.stderr, f"{secret} leaked to stderr"


def error_lines(run: Run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize(("cell", "command"), MATRIX)
def test_fault_matrix(server, waits, tmp_path, cell, command):
    cmd = COMMANDS[command]
    server.script(cmd.path, *cell.behaviours)
    run = run_cli(*cell.flags, *cmd.argv(tmp_path), expect=None)
    assert_no_secret_anywhere(run)
    assert run.exit_code == cell.exit, run.stderr
    assert server.count(cmd.path) == cell.attempts, (server.statuses(cmd.path), run.stderr)
    assert len(waits) == cell.attempts - 1
    if cell.exit == 0:
        assert error_lines(run) == []
        if cmd.output:
            written = (tmp_path / cmd.output).read_bytes()
            assert written and written == good_audio(len(written))
            assert [p.name for p in tmp_path.iterdir()] == [cmd.output]
        else:
            assert len(__import__("json").loads(run.text)) == 5
        return
    lines = error_lines(run)
    assert len(lines) == 1, run.stderr
    if cell.says:
        assert cell.says in run.stderr, run.stderr
    assert list(tmp_path.iterdir()) == [], "a failed run left something behind"
    assert run.stdout in (b"",) or run.stdout.startswith(b'{"error"'), run.stdout[:200]


@pytest.mark.parametrize("command", ALL)
def test_a_redirect_is_never_followed_to_another_host(server, waits, tmp_path, command):
    cmd = COMMANDS[command]
    with FaultServer() as elsewhere:
        target = elsewhere.url(cmd.path).replace("http://", "ws://") if command == "ws" \
            else elsewhere.url(cmd.path)
        for code in (301, 302, 307, 308):
            server.reset()
            server.script(cmd.path, Redirect(code, location=target))
            run = run_cli(*cmd.argv(tmp_path), expect=2)
            assert_no_secret_anywhere(run)
            assert "not followed" in run.stderr and "--base-url" in run.stderr
            assert server.count(cmd.path) == 1
        assert elsewhere.requests == [], "the redirect was followed"
    assert list(tmp_path.iterdir()) == []


def test_a_same_host_websocket_redirect_is_not_followed_either(server, waits, tmp_path):
    server.script("/tts/websocket", Redirect(307, location=server.ws_url + "?again=1"))
    run_cli(*COMMANDS["ws"].argv(tmp_path), expect=2)
    assert server.count("/tts/websocket") == 1


@pytest.mark.parametrize("command", AUDIO)
def test_an_access_token_never_appears_in_any_output(server, waits, monkeypatch, tmp_path,
                                                     command):
    monkeypatch.delenv("CARTESIA_API_KEY")
    monkeypatch.setenv("CARTESIA_ACCESS_TOKEN", TOKEN)
    cmd = COMMANDS[command]
    for behaviours in ((Status(401),), (Status(503, headers=NO_WAIT),), (Html200(),),
                       (Reset(),), (Good(),)):
        server.script(cmd.path, *behaviours)
        for extra in ((), ("--debug",), ("--verbose",)):
            assert_no_secret_anywhere(run_cli(*extra, *cmd.argv(tmp_path), expect=None))
    sent = server.requests_to(cmd.path)[-1]
    assert TOKEN in (sent.headers.get("authorization", "") + sent.query.get("access_token", ""))


def test_the_url_password_is_never_sent_nor_shown(server, waits, tmp_path):
    run = run_cli("say", "-o", str(tmp_path / "x.raw"), TEXT)
    assert "are not sent" in run.stderr and "***@" in run.stderr
    sent = server.requests_to("/tts/bytes")[-1]
    assert sent.headers["authorization"] == f"Bearer {TEST_KEY}"
    for command in ("config show", "config get base_url", "config show --json"):
        run = run_cli(*command.split())
        assert_no_secret_anywhere(run)
        assert "***@127.0.0.1" in run.text


@pytest.mark.parametrize(("headers", "expected"), [
    ({"Retry-After": "2"}, 2.0),
    ({"retry-after-ms": "1500"}, 1.5),
    ({"Retry-After": "7", "retry-after-ms": "250"}, 0.25),
])
def test_the_server_says_how_long_to_wait(server, waits, tmp_path, headers, expected):
    server.script("/tts/bytes", Status(429, headers=headers), Good())
    run_cli("say", "-o", str(tmp_path / "x.raw"), TEXT)
    assert waits == [expected]


def test_an_http_date_retry_after_is_honoured(server, waits, tmp_path):
    server.script("/tts/bytes", rate_limited(http_date(5)), Good())
    run_cli("say", "-o", str(tmp_path / "x.raw"), TEXT)
    assert len(waits) == 1 and 3.5 <= waits[0] <= 5.0


def test_without_retry_after_the_waits_back_off(server, waits, tmp_path):
    server.script("/tts/bytes", Reset())
    run_cli("--max-retries", "4", "say", "-o", str(tmp_path / "x.raw"), TEXT, expect=4)
    assert len(waits) == 4 and server.count("/tts/bytes") == 5
    assert all(0.75 * 0.5 * 2**i <= w <= 0.5 * 2**i for i, w in enumerate(waits)), waits


def test_the_budget_is_shared_by_every_request_of_a_run(server, waits, tmp_path):
    """SSE sends a long text as several requests: their retries come from one budget."""
    text = "A sentence that goes on. " * 200  # several SSE requests
    server.script("/tts/sse", Reset(), Good(), Reset(), Good(), Reset(), Good())
    run = run_cli("stream", "--transport", "sse", "-o", str(tmp_path / "x.raw"), text,
                  expect=4)
    assert len(waits) == 2  # the third failure found the budget of 2 spent
    assert_no_secret_anywhere(run)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("content_type", "body", "output"), [
    ("audio/wav", b"<html><body>Sign in</body></html>", "x.wav"),
    ("application/octet-stream", b"<!DOCTYPE html><html>Sign in</html>", "x.raw"),
    ("audio/mpeg", b"not an mp3 at all, a login page", "x.mp3"),
])
def test_a_page_labelled_as_audio_is_not_saved(server, waits, tmp_path, content_type, body,
                                                output):
    server.script("/tts/bytes", Status(200, body=body, content_type=content_type))
    run = run_cli("say", "-o", str(tmp_path / output), TEXT, expect=4)
    assert "not what was asked for" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_silent_server_is_noticed_while_a_long_text_waits_to_be_sent(server, waits, tmp_path):
    """A text longer than the flush window: the sender waits for the server to confirm what it
    holds; a server that never answers is an error after --timeout, not a hang."""
    server.script("/tts/websocket", WsNeverAnswers())
    text = tmp_path / "long.txt"
    text.write_text("A sentence that goes on and on, and then on again. " * 4000)  # 200k chars
    started = __import__("time").monotonic()
    run = run_cli("--timeout", "2", "--max-retries", "0", "stream", "-f", str(text), "-o",
                  str(tmp_path / "x.raw"), expect=4)
    assert "no answer on the WebSocket for 2 s" in run.stderr
    assert __import__("time").monotonic() - started < 20
    assert not (tmp_path / "x.raw").exists()
