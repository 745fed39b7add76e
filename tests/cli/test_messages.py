"""Every message of the first hour, as a new user meets it: a real process (`python -m
cartesia_cli`), its exact first line on stderr and its exit code, plus the hint where the hint is
the point. Usage errors of the framework are in the CLI's own words; global options work after
the command; hints fit the situation (tokens, network, profiles, devices, installs)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from helpers import TEST_KEY, run_process

# (arguments, exit code, first line of stderr, a part of the hint or None)
USAGE = [
    (["say", "--format", "mp4", "-o", "x.wav", "hi"], 2,
     "error: invalid value `mp4` for --format",
     "did you mean mp3? choose one of wav, raw, mp3, flac, ogg, opus"),
    (["stream", "--transport", "carrier-pigeon", "hi"], 2,
     "error: invalid value `carrier-pigeon` for --transport", "choose one of websocket, sse"),
    (["say", "--sample-rate", "12345", "hi"], 2,
     "error: invalid value `12345` for --sample-rate",
     "choose one of 8000, 16000, 22050, 24000, 44100, 48000"),
    (["voices", "list", "--limit", "0"], 2,
     "error: --limit 0 is out of range: expected at least 1", None),
    (["say", "--speed", "fast", "hi"], 2,
     "error: invalid value `fast` for --speed: expected a number", None),
    (["say", "--volume", "1,5", "hi"], 2,
     "error: invalid value `1,5` for --volume: expected a number", "with a point"),
    (["--timeout", "soon", "say", "hi"], 2,
     "error: invalid value `soon` for --timeout: expected a number", None),
    (["token", "--expires-in", "1.5"], 2,
     "error: invalid value `1.5` for --expires-in: expected a whole number", "whole number"),
    (["emulator", "--port", "http"], 2,
     "error: invalid value `http` for --port: expected a whole number", None),
    (["--color", "purple", "say", "hi"], 2,
     "error: invalid value `purple` for --color", "choose one of auto, always, never"),
    (["completion", "tcsh"], 2, "error: invalid value `tcsh` for SHELL",
     "choose one of bash, zsh, fish"),
    (["say", "--outptu", "x.wav", "hi"], 2, "error: unknown option --outptu for `cartesia say`",
     "did you mean --output?"),
    (["say", "--transport", "sse", "hi"], 2,
     "error: unknown option --transport for `cartesia say`",
     "--transport is an option of `cartesia stream`"),
    (["say", "--bogus", "hi"], 2, "error: unknown option --bogus for `cartesia say`",
     "`cartesia say --help` shows the usage and examples"),
    (["sya", "hi"], 2, "error: unknown command `sya` for `cartesia`",
     "did you mean `cartesia say`?"),
    (["voices", "lsit"], 2, "error: unknown command `lsit` for `cartesia voices`",
     "did you mean `cartesia voices list`?"),
    (["frobnicate"], 2, "error: unknown command `frobnicate` for `cartesia`", "commands: say, "),
    (["config", "get"], 2, "error: `cartesia config get` needs NAME",
     "`cartesia config get --help`"),
    (["token", "inspect"], 2, "error: `cartesia token inspect` needs TOKEN", None),
    (["config", "get", "model", "extra"], 2,
     "error: extra argument `extra` for `cartesia config get`", "quote text that holds spaces"),
    (["say", "-o"], 2, "error: -o needs a value", "-o VALUE"),
    (["--offline=yes", "say", "hi"], 2, "error: --offline takes no value", None),
    (["--offline"], 2, "error: `cartesia` needs a command", "commands: say, stream"),
    (["say", "-o", "x.mp3", "--format", "wav", "hi"], 2,
     "error: --format wav does not match -o x.mp3 (mp3 by its extension)",
     "drop --format (the extension decides), or write to x.wav"),
    (["say", "-o", "x.wav", "--format", "raw", "hi"], 2,
     "error: --format raw does not match -o x.wav (wav by its extension)", None),
    (["say", "-f", "missing.txt", "-o", "-"], 2,
     "error: cannot read missing.txt: no such file or directory", "(`-f -` reads stdin)"),
]


@pytest.mark.parametrize(("args", "code", "first", "hint"), USAGE,
                         ids=[" ".join(case[0]) for case in USAGE])
def test_usage_errors_are_one_plain_line_and_exit_2(emulator, tmp_path, args, code, first,
                                                    hint):
    run = run_process(*args, expect=code, env={"COLUMNS": "80"})
    lines = run.stderr.splitlines()
    assert lines[0] == first, run.stderr
    assert "Usage:" not in run.stderr and "Traceback" not in run.stderr
    for noise in ("Value error", "Input should be", "could not convert", "[Errno", "Error:"):
        assert noise not in run.stderr
    if hint is not None:
        assert lines[1].startswith("hint: ") and hint in lines[1], run.stderr
    assert run.stdout == b""
    assert emulator.requests == []


@pytest.mark.parametrize(("args", "message"), [
    (["voices", "list", "--json", "--limit", "0"],
     "--limit 0 is out of range: expected at least 1"),
    (["voices", "list", "--jsonl", "--bogus"], "unknown option --bogus for `cartesia voices list`"),
])
def test_usage_errors_of_json_commands_are_json_on_stdout_too(args, message):
    import json

    run = run_process(*args, expect=2)
    assert json.loads(run.text)["error"]["message"] == message
    assert run.stderr.splitlines()[0] == f"error: {message}"


@pytest.mark.parametrize(("variable", "value", "first"), [
    ("CARTESIA_TIMEOUT", "soon", "error: invalid timeout `soon` from CARTESIA_TIMEOUT: "
     "expected a number"),
    ("CARTESIA_MAX_RETRIES", "1.5", "error: invalid max_retries `1.5` from "
     "CARTESIA_MAX_RETRIES: expected a whole number"),
])
def test_bad_numbers_from_the_environment_in_plain_words(variable, value, first):
    run = run_process("say", "-o", "-", "hi", expect=2, env={variable: value})
    assert run.stderr.splitlines()[0] == first


def test_cartesia_alone_prints_a_quick_start():
    run = run_process()
    text = run.text
    assert text.splitlines()[0].startswith("cartesia: speech from the Cartesia text-to-speech API")
    assert 'cartesia --offline say "Hello from Cartesia" -o hello.wav' in text
    assert "Commands: say, stream," in text and "cartesia COMMAND --help" in text
    assert len(text.splitlines()) <= 20 and run.stderr == ""


def test_a_group_alone_prints_its_help_on_stdout():
    run = run_process("voices")
    assert run.text.startswith("Usage: cartesia voices [OPTIONS] COMMAND [ARGS]...")
    assert "Examples:" in run.text and run.stderr == ""


@pytest.mark.parametrize("args", [
    ["say", "--offline", "-o", "{out}", "Hello"],
    ["say", "-o", "{out}", "Hello", "--offline"],
    ["stream", "--offline", "--transport", "ws", "-o", "{out}", "Hello"],
    ["say", "--offline", "--format", "WAVE", "--sample-rate", "24k", "-o", "{out}", "Hello"],
])
def test_global_options_and_aliases_work_where_people_type_them(tmp_path, args):
    out = tmp_path / "out.wav"
    run = run_process(*[a.format(out=out) for a in args])
    assert run.stderr.startswith("offline: a local emulator")
    assert out.read_bytes()[:4] == b"RIFF"


def test_quiet_is_q_everywhere(tmp_path):
    out = tmp_path / "out.wav"
    run = run_process("say", "-q", "--offline", "-o", str(out), "Hello")
    assert run.stderr == "" and out.read_bytes()[:4] == b"RIFF"


def test_a_subcommands_own_option_stays_its_own(emulator):
    """`emulator --api-key` is the emulator's option, not the root's --api-key."""
    run = run_process("emulator", "--api-key", "", "--port", "0", expect=2)
    assert run.stderr.splitlines()[0] == "error: --api-key is empty"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused_in_plain_words_with_offline_hint(tmp_path):
    port = _free_port()
    for command, where in (("say", "POST /tts/bytes failed"),
                           ("stream", f"cannot open the WebSocket at http://127.0.0.1:{port}")):
        run = run_process("--base-url", f"http://127.0.0.1:{port}", "--max-retries", "0",
                          command, "-o", str(tmp_path / "x.wav"), "Hello", expect=4,
                          env={"CARTESIA_API_KEY": TEST_KEY})
        first, hint = run.stderr.splitlines()[:2]
        assert first == f"error: {where}: connection refused by 127.0.0.1:{port} " \
                        "(nothing listens there)"
        assert hint.startswith("hint: ") and "`cartesia --offline ...`" in hint
        assert "[Errno" not in run.stderr


def test_an_unknown_host_in_plain_words(tmp_path):
    run = run_process("--base-url", "https://no-such-host.invalid", "--max-retries", "0",
                      "say", "-o", str(tmp_path / "x.wav"), "Hello", expect=4,
                      env={"CARTESIA_API_KEY": TEST_KEY})
    assert run.stderr.splitlines()[0] == ("error: POST /tts/bytes failed: cannot find the host "
                                          "no-such-host.invalid (DNS lookup failed)")
    assert "[Errno" not in run.stderr and "--offline" in run.stderr


def test_no_key_hints_config_and_offline(tmp_path):
    run = run_process("say", "-o", str(tmp_path / "x.wav"), "Hello", expect=3)
    assert run.stderr.splitlines() == [
        "error: no API key found",
        "hint: set CARTESIA_API_KEY, run `cartesia config set api_key`, or try "
        "`cartesia --offline ...` (a local emulator, no key needed)"]


def test_a_missing_profile_value_names_the_profile(tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text('[profiles.work]\nvoice = "Katie"\n')
    monkeypatch.setenv("CARTESIA_CONFIG_DIR", str(config))
    run = run_process("say", "--profile", "work", "-o", str(tmp_path / "x.wav"), "Hello",
                      expect=3)
    first, hint = run.stderr.splitlines()
    assert first == "error: no API key found (profile `work` has none either)"
    assert "`cartesia --profile work config set api_key`" in hint


def test_an_expired_token_hints_at_cartesia_token(emulator, monkeypatch, tmp_path):
    token = run_process("token", "--expires-in", "1").text.strip()
    time.sleep(2.1)
    monkeypatch.delenv("CARTESIA_API_KEY")
    for command in ("say", "stream"):
        run = run_process("--access-token", token, command, "-o", str(tmp_path / "x.wav"),
                          "Hello", expect=3)
        lines = run.stderr.splitlines()
        assert lines[0].startswith("error: Unauthorized: The access token has expired")
        assert lines[-1] == ("hint: the access token has expired or is not valid: mint a new "
                             "one with `cartesia token` (`cartesia token inspect TOKEN` shows "
                             "its expiry)")
        assert "CARTESIA_API_KEY" not in run.stderr and "config show" not in run.stderr


def test_a_token_without_the_grant_hints_at_the_grant(emulator, monkeypatch):
    token = run_process("token", "--grant", "stt").text.strip()
    monkeypatch.delenv("CARTESIA_API_KEY")
    run = run_process("--access-token", token, "say", "-o", "-", "Hello", expect=3)
    assert run.stderr.splitlines()[-1] == (
        "hint: the access token lacks the grant this needs: mint one that has it, e.g. "
        "`cartesia token --grant tts` (`cartesia token inspect TOKEN` shows its grants)")


NO_DEVICE = ["error: no audio output device: PortAudio is installed but finds no sound card or "
             "server",
             "hint: write a file with -o FILE (-o out.wav), or pipe the audio to a player "
             "(-o - | ffplay -nodisp -autoexit -); in a container, set PULSE_SERVER to a sound "
             "server"]


PROBE_DEVICES = ("import sounddevice as sd; "
                 "print(sum(d['max_output_channels'] > 0 for d in sd.query_devices()))")


@pytest.fixture
def no_sound_server(monkeypatch, tmp_path):
    """PortAudio present, but its way out (a PulseAudio server) leads nowhere."""
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-socket")
    probe = subprocess.run([sys.executable, "-c", PROBE_DEVICES], capture_output=True,
                           text=True, timeout=60)
    if probe.returncode != 0:
        pytest.skip(f"PortAudio is not usable here: {probe.stderr.strip()[-200:]}")
    if probe.stdout.strip() != "0":
        pytest.skip("this machine has a sound card of its own")


def test_no_output_device_says_so_and_offers_files_and_pipes(emulator, no_sound_server):
    run = run_process("say", "Hello", expect=1)
    assert run.stderr.splitlines() == NO_DEVICE


@pytest.mark.parametrize("command", ["say", "stream"])
def test_list_devices_works_for_say_and_stream(no_sound_server, command):
    run = run_process(command, "--list-devices")
    assert run.stderr.splitlines() == [NO_DEVICE[0].removeprefix("error: "), NO_DEVICE[1]]


def test_offline_without_the_extra_names_an_install_that_fits():
    from cartesia_cli.offline import offline_install_command

    clone = '{"url": "file:///src/cartesia-cli", "dir_info": {"editable": true}}'
    assert offline_install_command("/venv", clone, "/venv/bin/python") == (
        "/venv/bin/python -m pip install -e '/src/cartesia-cli[offline]'")
    built = '{"url": "file:///src/my%20clone", "dir_info": {}}'
    assert offline_install_command("/venv", built, "/venv/bin/python") == (
        "/venv/bin/python -m pip install '/src/my clone[offline]'")
    pipx = "/home/u/.local/share/pipx/venvs/cartesia-cli"
    assert offline_install_command(pipx, clone) == (
        "pipx install --force -e '/src/cartesia-cli[offline]'")
    assert offline_install_command(pipx, "") == "pipx inject cartesia-cli espeakng-loader soxr"
    assert offline_install_command("/venv", "", "/venv/bin/python") == (
        "/venv/bin/python -m pip install 'cartesia-cli[offline]'")
    # This checkout runs from its clone: the command names it.
    from helpers import REPO

    assert f"'{REPO}[offline]'" in offline_install_command()
