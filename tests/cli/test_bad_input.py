"""Bad input never escapes as "unexpected": each case is a usage error (exit 2) in plain words,
and nothing is sent."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest

from helpers import REPO, device_copy, run_cli, run_process


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "0", "-1", "1e300"])
@pytest.mark.parametrize("command", [["say", "-o", "-"], ["stream", "-o", "-"],
                                     ["voices", "list"]])
def test_absurd_timeouts_are_usage_errors(emulator, value, command):
    run = run_cli("--timeout", value, *command, *(["hi"] if command[0] != "voices" else []),
                  expect=2)
    assert "timeout" in run.stderr and "seconds" in run.stderr
    assert emulator.requests == []


@pytest.mark.parametrize("value", ["inf", "nan"])
def test_absurd_timeouts_from_the_environment_too(emulator, monkeypatch, value):
    monkeypatch.setenv("CARTESIA_TIMEOUT", value)
    run = run_cli("say", "-o", "-", "hi", expect=2)
    assert "CARTESIA_TIMEOUT" in run.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_speed_and_volume_are_out_of_range(emulator, value):
    for flag in ("--speed", "--volume"):
        run = run_cli("say", flag, value, "-o", "-", "hi", expect=2)
        assert "out of range" in run.stderr
    assert emulator.requests == []


@pytest.mark.parametrize("version", ["2025-13-01", "2025-02-30", "2025-00-10", "0000-01-01"])
def test_impossible_dates_are_not_api_versions(emulator, version):
    run = run_cli("--cartesia-version", version, "say", "-o", "-", "hi", expect=2)
    assert "invalid API version" in run.stderr
    assert emulator.requests == []


def _token(claims: dict) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part(claims)}.c2lnbmF0dXJl"


@pytest.mark.parametrize("exp", [1e30, -5, 1e400, True, "soon"])
def test_a_token_with_an_absurd_expiry_is_described_not_crashed_on(exp):
    token = _token({"exp": exp, "iat": 1e30, "grants": {"tts": True}})
    run = run_cli("token", "inspect", token, expect=None)
    assert run.exit_code == 0, run.stderr
    assert "expires at  -" in run.text
    run = run_cli("token", "inspect", "--json", token)
    assert json.loads(run.text)["expires_at"] is None


def test_a_profile_that_is_not_a_table_is_a_config_error(emulator, tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('[profiles]\nwork = "not a table"\n')
    run = run_cli("--profile", "work", "say", "-o", "-", "hi", expect=2)
    assert "profile `work` must be a table" in run.stderr
    run = run_cli("config", "show", expect=2)
    assert "must be a table" in run.stderr
    assert emulator.requests == []


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_stream_stdin_that_is_not_utf8_is_a_usage_error(emulator, transport, tmp_path):
    out = tmp_path / "x.wav"
    run = run_process("stream", "--transport", transport, "-o", str(out),
                      input=b"Hello there \xff\xfe again\n", expect=2)
    assert "cannot read stdin: not UTF-8 text" in run.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["say", "-o", "-", "hi"], ["voices", "list"],
                                     ["config", "show"], ["--version"]])
def test_a_closed_stdout_is_a_usage_error(emulator, command):
    proc = subprocess.run(f'"{sys.executable}" -m cartesia_cli {" ".join(command)} >&-',
                          shell=True, cwd=REPO, capture_output=True, env=dict(os.environ),
                          timeout=60)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "cannot write to stdout: it is closed" in stderr
    assert "unexpected" not in stderr and "Traceback" not in stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
@pytest.mark.parametrize("command", [["say", "-o", "-", "hi"], ["voices", "list"],
                                     ["config", "show"], ["--version"], ["--help"]])
def test_a_full_stdout_is_a_usage_error(emulator, tmp_path, command):
    with device_copy(tmp_path, "full", 7).open("wb") as full:
        proc = subprocess.run([sys.executable, "-m", "cartesia_cli", *command], cwd=REPO,
                              stdout=full, stderr=subprocess.PIPE, env=dict(os.environ),
                              timeout=60)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "no space left on device" in stderr
    assert "unexpected" not in stderr and "Traceback" not in stderr


def test_a_config_file_that_is_not_utf8_is_a_config_error(emulator, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_bytes(b'[profiles.default]\nmodel = "\xff"\n')
    for command in (("config", "show"), ("say", "-o", "-", "hi"), ("config", "set", "model", "x")):
        assert "not UTF-8" in run_cli(*command, expect=2).stderr


@pytest.mark.parametrize(("line", "says"), [("model = 5", "must be text"),
                                            ("max_retries = true", "must be a number"),
                                            ("voice = {a = 1}", "must be text"),
                                            ('model = ""', "is empty")])
def test_config_values_of_the_wrong_type_are_config_errors(emulator, tmp_path, line, says):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f"[profiles.default]\n{line}\n")
    assert says in run_cli("say", "-o", "-", "hi", expect=2).stderr
    assert emulator.requests == []


@pytest.mark.parametrize("flag", ["--model", "--voice", "--language"])
def test_empty_option_values_are_usage_errors(emulator, flag):
    assert "is empty" in run_cli("say", flag, "", "-o", "-", "hi", expect=2).stderr
    assert emulator.requests == []


def test_credentials_in_a_base_url_without_a_scheme_are_never_shown(monkeypatch):
    monkeypatch.setenv("CARTESIA_BASE_URL", "user:pAssW0rd_secret@127.0.0.1:1")
    for command in (("say", "-o", "-", "hi"), ("--debug", "say", "-o", "-", "hi"),
                    ("config", "show"), ("config", "get", "base_url")):
        run = run_cli(*command, expect=None)
        assert "pAssW0rd_secret" not in run.stderr + run.text


def test_a_base_url_with_a_query_is_refused(monkeypatch):
    monkeypatch.setenv("CARTESIA_BASE_URL", "http://127.0.0.1:1/?key=pAssW0rd_secret")
    run = run_cli("say", "-o", "-", "hi", expect=2)
    assert "query" in run.stderr and "pAssW0rd_secret" not in run.stderr


@pytest.mark.parametrize("option", ["-o", "--subtitles", "--timestamps"])
def test_a_trailing_slash_on_an_output_is_not_a_file(emulator, tmp_path, option):
    name = {"-o": "x.wav/", "--subtitles": "x.srt/", "--timestamps": "x.json/"}[option]
    args = ["stream", option, f"{tmp_path}/{name}", "hi"]  # a Path would drop the slash
    if option != "-o":
        args[1:1] = ["-o", str(tmp_path / "a.wav")]
    assert "not a directory" in run_cli(*args, expect=2).stderr
    assert list(tmp_path.iterdir()) == []


def test_emulator_command_errors_are_usage_errors():
    for args, says in ((["--port", "99999"], "out of range"), (["--engine", "bogus"],
                                                                "unknown engine"),
                       (["--concurrency-limit", "0"], "at least 1"),
                       (["--latency-ms", "1e308"], "out of range")):
        assert says in run_cli("emulator", *args, expect=2).stderr


def test_emulator_port_0_says_the_real_url():
    proc = subprocess.Popen([sys.executable, "-m", "cartesia_cli", "emulator", "--port", "0",
                             "--engine", "tone"], cwd=REPO, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, env=dict(os.environ))
    try:
        line = proc.stderr.readline().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "on http://127.0.0.1:" in line and ":0;" not in line, line


def test_a_base_url_http_cannot_carry_is_a_usage_error_not_retried(emulator, monkeypatch):
    monkeypatch.setenv("CARTESIA_BASE_URL", emulator.base_url + "/a b")
    run = run_cli("voices", "list", expect=2)
    assert run.stderr.count("error:") == 1 and "could not be sent" in run.stderr
    assert emulator.requests == []
