"""`--language`, `--locale` and `--normalization` per API version: a region code is a locale,
sent as `locale` where the version has it (2026-08-14, bytes and SSE) and a usage error with a
hint where it does not."""

import pytest

from helpers import run_cli

OLDER = ("2024-06-10", "2024-11-13", "2025-04-16", "2025-11-04", "2026-03-01")


def last_body(emulator, path):
    return [r for r in emulator.requests if r.path == path][-1].json


@pytest.mark.parametrize(("given", "sent"), [("en-GB", "en-GB"), ("pt_BR", "pt-BR"),
                                             ("fr-ca", "fr-CA")])
def test_a_region_code_is_sent_as_locale_on_2026_08_14(emulator, tmp_path, given, sent):
    run_cli("say", "--language", given, "-o", str(tmp_path / "a.wav"), "Hello")
    body = last_body(emulator, "/tts/bytes")
    assert body["locale"] == sent and "language" not in body


@pytest.mark.parametrize("version", OLDER)
def test_a_region_code_is_a_usage_error_before(emulator, tmp_path, version):
    run = run_cli("--cartesia-version", version, "say", "--language", "en-GB", "-o",
                  str(tmp_path / "a.wav"), "Hello", expect=2)
    assert run.stderr.splitlines() == [
        f"error: `en-GB` is a locale (language and region); API version {version} takes only "
        "a language",
        "hint: use --language en, or --cartesia-version 2026-08-14 (where it is sent as "
        "`locale`)"]
    assert not emulator.requests


def test_a_plain_language_is_still_a_language(emulator, tmp_path):
    for version in (*OLDER, "2026-08-14"):
        run_cli("--cartesia-version", version, "say", "--language", "fr", "-o",
                str(tmp_path / "a.wav"), "Bonjour")
        body = last_body(emulator, "/tts/bytes")
        assert body["language"] == "fr" and "locale" not in body


def test_the_language_setting_follows_the_same_rule(emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("CARTESIA_LANGUAGE", "en_gb")
    run_cli("say", "-o", str(tmp_path / "a.wav"), "Hello")
    assert last_body(emulator, "/tts/bytes")["locale"] == "en-GB"
    run_cli("--cartesia-version", "2025-11-04", "say", "-o", str(tmp_path / "a.wav"), "Hello",
            expect=2)


def test_locale_and_normalization_options(emulator, tmp_path):
    run_cli("say", "--locale", "en-IN", "--normalization", "off", "-o", str(tmp_path / "a.wav"),
            "Hello")
    body = last_body(emulator, "/tts/bytes")
    assert body["locale"] == "en-IN" and body["normalization"] == "off"
    run_cli("say", "--normalization", "en_IN", "-o", str(tmp_path / "a.wav"), "Hello")
    assert last_body(emulator, "/tts/bytes")["normalization"] == "en-IN"
    both = run_cli("say", "--language", "en", "--locale", "en-GB", "-o",
                   str(tmp_path / "a.wav"), "Hello", expect=2)
    assert "give one" in both.stderr and "never both" in both.stderr
    bad = run_cli("say", "--normalization", "loud", "-o", str(tmp_path / "a.wav"), "Hi",
                  expect=2)
    assert bad.stderr.startswith("error: unknown --normalization `loud`")
    old = run_cli("--cartesia-version", "2026-03-01", "say", "--locale", "en-GB", "-o",
                  str(tmp_path / "a.wav"), "Hello", expect=2)
    assert old.stderr.startswith("error: --locale needs API version 2026-08-14 or later")
    old = run_cli("--cartesia-version", "2026-03-01", "say", "--normalization", "off", "-o",
                  str(tmp_path / "a.wav"), "Hello", expect=2)
    assert "--normalization needs API version 2026-08-14" in old.stderr


def test_stream_sends_locale_over_sse_only(emulator, tmp_path):
    run_cli("stream", "--transport", "sse", "--language", "en-GB", "-o",
            str(tmp_path / "a.wav"), "Hello there.")
    body = last_body(emulator, "/tts/sse")
    assert body["locale"] == "en-GB" and "language" not in body
    run = run_cli("stream", "--language", "en-GB", "-o", str(tmp_path / "b.wav"), "Hello.",
                  expect=2)
    assert run.stderr.splitlines() == [
        "error: `en-GB` is a locale (language and region), and WebSocket requests carry no "
        "`locale`", "hint: use --language en, or --transport sse, or `cartesia say`"]
    run = run_cli("stream", "--normalization", "off", "-o", str(tmp_path / "b.wav"), "Hello.",
                  expect=2)
    assert run.stderr.splitlines() == [
        "error: --normalization is not a field of WebSocket requests",
        "hint: use --transport sse, or `cartesia say`"]
    assert not [r for r in emulator.requests if r.path == "/tts/websocket"]
