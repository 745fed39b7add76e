"""No key, token or URL password in any output of any command, in success or failure, with
--debug and --verbose too. (The fault matrix covers say, stream and voices under faults.)"""

from __future__ import annotations

import pytest

from helpers import TEST_KEY, Run, run_cli, run_process

URL_PASSWORD = "URLPASSWORD_s3cr3t_77"
OTHER_KEY = "sk_car_WRONG_KEY_abcdef123456"


def assert_clean(run: Run, *secrets: str) -> None:
    for secret in (TEST_KEY, URL_PASSWORD, *secrets):
        assert secret.encode() not in run.stdout, f"{secret} in stdout"
        assert secret not in run.stderr, f"{secret} in stderr"


@pytest.fixture
def password_url(emulator, monkeypatch):
    url = emulator.base_url.replace("http://", f"http://admin:{URL_PASSWORD}@")
    monkeypatch.setenv("CARTESIA_BASE_URL", url)
    return url


COMMANDS = [
    ("voices", "list"),
    ("voices", "list", "--json"),
    ("voices", "get", "Katie"),
    ("voices", "get", "no such voice at all"),
    ("token", "--grant", "tts", "--json"),
    ("config", "show"),
    ("config", "show", "--json"),
    ("config", "get", "api_key"),
    ("config", "get", "base_url"),
    ("say", "-o", "-", "--format", "raw", "hi"),
    ("stream", "-o", "-", "--format", "raw", "hi"),
    ("stream", "--transport", "sse", "-o", "-", "--format", "raw", "hi"),
]


@pytest.mark.parametrize("extra", [(), ("--debug",), ("--verbose",)], ids=["plain", "debug",
                                                                             "verbose"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_secret_in_any_command(password_url, command, extra):
    run = run_cli(*extra, *command, expect=None)
    assert_clean(run)
    assert run.exit_code in (0, 2, 5), run.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_secret_when_the_key_is_refused(password_url, monkeypatch, command):
    monkeypatch.setenv("CARTESIA_API_KEY", OTHER_KEY)
    for extra in ((), ("--debug",)):
        run = run_cli(*extra, "--api-key", OTHER_KEY, *command, expect=None)
        assert_clean(run, OTHER_KEY)


def test_a_minted_token_is_printed_only_where_asked_and_never_when_used(password_url):
    token = run_cli("token", "--grant", "tts").text.strip()
    assert token.count(".") == 2
    for extra in ((), ("--debug",), ("--verbose",)):
        for command in (("say", "-o", "-", "--format", "raw", "hi"),
                        ("stream", "-o", "-", "--format", "raw", "hi")):
            run = run_cli(*extra, "--access-token", token, *command, expect=None)
            assert_clean(run, token)
    run = run_cli("token", "inspect", token)
    assert_clean(run, token)


def test_migrate_check_never_prints_a_key_it_finds(tmp_path):
    source = tmp_path / "client.py"
    source.write_text(f'API_KEY = "{TEST_KEY}"\nheaders = {{"X-API-Key": API_KEY}}\n')
    for args in ((), ("--output-format", "json"), ("--output-format", "sarif"), ("--diff",),
                 ("--output-format", "github")):
        run = run_cli("migrate-check", *args, str(source), expect=None)
        assert_clean(run)


def test_a_process_run_is_clean_too(password_url):
    run = run_process("--debug", "--verbose", "voices", "list", expect=0)
    assert_clean(run)


@pytest.mark.parametrize("key", ["sk_car_x\r\nX-Injected: 1", "sk_car_€abc", "sk_car_a b"])
@pytest.mark.parametrize("command", [("say", "-o", "-", "hi"), ("stream", "-o", "-", "hi"),
                                     ("voices", "list")], ids=["bytes", "websocket", "voices"])
def test_a_key_no_header_can_carry_is_a_usage_error_before_any_request(emulator, monkeypatch,
                                                                        key, command):
    monkeypatch.setenv("CARTESIA_API_KEY", key)
    run = run_cli(*command, expect=2)
    assert run.stderr.count("error:") == 1
    assert "a request header cannot carry" in run.stderr
    assert key not in run.stderr
    assert emulator.requests == []
