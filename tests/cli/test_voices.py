"""`cartesia voices` against the emulator's catalog, and voice names on say/stream."""

import json

import pytest

from helpers import TEST_KEY, run_cli

SARAH = "694f9389-aac1-45b6-b726-9d9369183238"
KATIE = "f786b574-daa5-4673-aa0c-cbe3e8534c02"


def voices_json(*args):
    return json.loads(run_cli("voices", "list", "--json", *args).text)


def test_list_tsv_when_piped(emulator):
    lines = run_cli("voices", "list", "--limit", "5").text.splitlines()
    assert lines[0] == "id\tname\tlanguage\tgender\tdescription"
    assert len(lines) == 6
    assert all(len(line.split("\t")) == 5 for line in lines)


def test_filters_are_sent_and_applied(emulator):
    voices = voices_json("--language", "fr", "--gender", "feminine", "--limit", "100")
    assert voices and all(v["language"] == "fr" and v["gender"] == "feminine" for v in voices)
    query = emulator.requests[-1].query
    assert query["language"] == ["fr"] and query["gender"] == ["feminine"]
    found = voices_json("-s", "barbershop")
    assert [v["name"] for v in found] == ["Barbershop Man"]
    mine = voices_json("--mine", "--all")
    assert mine and all(v["is_owner"] for v in mine)
    assert emulator.requests[-1].query["is_owner"] == ["true"]


def test_all_follows_the_cursor_across_pages(emulator):
    everything = voices_json("--all", "--limit", "20")
    pages = [r for r in emulator.requests if r.path == "/voices"]
    assert len(pages) == -(-len(everything) // 20) >= 4
    assert [p.query.get("starting_after") for p in pages][1:] == [
        [everything[i * 20 - 1]["id"]] for i in range(1, len(pages))]
    assert len(everything) == len({v["id"] for v in everything}) > 60
    assert voices_json("--all", "--limit", "100") == everything


def test_limit_stops_early(emulator):
    assert len(voices_json("--limit", "3")) == 3


def test_jsonl_and_stable_fields(emulator):
    lines = run_cli("voices", "list", "--jsonl", "--limit", "4").text.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 4
    fields = ["id", "name", "language", "gender", "description", "is_owner", "is_public",
              "tagline", "created_at"]
    assert all(list(r) == fields for r in records)


@pytest.mark.parametrize("version", ["2024-06-10", "2024-11-13", "2025-04-16", "2026-08-14"])
def test_every_version_shape(emulator, version):
    voices = voices_json("--limit", "100", "-s", "sarah")
    assert {v["name"] for v in voices} == {"Sarah", "Sarah Curious"}
    old = json.loads(run_cli("--cartesia-version", version, "voices", "list", "--json",
                             "-s", "sarah", "--all").text)
    assert {v["name"] for v in old} >= {"Sarah", "Sarah Curious"}
    assert all(isinstance(v["is_public"], bool) or v["is_public"] is None for v in old)


def test_get_by_id_and_by_name(emulator):
    by_id = json.loads(run_cli("voices", "get", SARAH, "--json").text)
    by_name = json.loads(run_cli("voices", "get", "sarah", "--json").text)
    assert by_id == by_name and by_id["name"] == "Sarah"
    text = run_cli("voices", "get", "Sarah Curious").text
    assert "Sarah Curious" in text


def test_name_resolution_rules(emulator):
    assert json.loads(run_cli("voices", "get", "Katie", "--json").text)["id"] == KATIE
    ambiguous = run_cli("voices", "get", "KATIE", expect=2)
    assert "ambiguous" in ambiguous.stderr and KATIE in ambiguous.stderr
    missing = run_cli("voices", "get", "Barbershop Mann", expect=2)
    assert "no voice named" in missing.stderr and "Barbershop Man" in missing.stderr


def test_unknown_id_is_exit_5(emulator):
    run_cli("voices", "get", "00000000-0000-0000-0000-000000000000", expect=5)


def test_voice_names_on_say_are_cached(emulator, tmp_path):
    run_cli("say", "-v", "Barbershop Man", "-o", str(tmp_path / "a.wav"), "Hi")
    tts = [r for r in emulator.requests if r.path == "/tts/bytes"][-1]
    assert tts.json["voice"]["id"] == "a0e99841-438c-4a64-b679-ae501e7d6091"
    lookups = len([r for r in emulator.requests if r.path == "/voices"])
    assert lookups >= 1
    run_cli("say", "-v", "Barbershop Man", "-o", str(tmp_path / "b.wav"), "Hi")
    assert len([r for r in emulator.requests if r.path == "/voices"]) == lookups
    cache = list((tmp_path / "cache" / "cartesia").glob("*.json"))
    assert cache and "sk_car_" not in cache[0].read_text()


def test_cached_voice_names_expire_after_ten_minutes(emulator, tmp_path):
    """With a clock the test moves: no sleeping for ten minutes."""
    import time

    now = [time.time()]

    def lookups() -> int:
        return len([r for r in emulator.requests if r.path == "/voices"])

    def say() -> None:
        run_cli("say", "-v", "Barbershop Man", "-o", str(tmp_path / "a.wav"), "Hi",
                clock=lambda: now[0])

    say()
    first = lookups()
    now[0] += 599
    say()
    assert lookups() == first  # still cached
    now[0] += 2
    say()
    assert lookups() > first  # looked up again


def test_voice_name_from_env_on_stream(emulator, monkeypatch):
    monkeypatch.setenv("CARTESIA_VOICE", "Sarah")
    run_cli("stream", "-o", "-", "--format", "raw", "Hi there.")
    messages = [m for r in emulator.requests for m in r.ws_messages if isinstance(m, dict)]
    assert messages[0]["voice"]["id"] == SARAH


def test_json_mode_reports_failures_as_json_too(emulator, monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", "not-a-cartesia-key-123456")
    for args in (["voices", "list", "--json"], ["voices", "list", "--jsonl"],
                 ["voices", "get", SARAH, "--json"]):
        run = run_cli(*args, expect=3)
        error = json.loads(run.text)["error"]
        assert error["code"] == "auth_error" and error["status"] == 401
        assert error["request_id"] and "not-a-cartesia-key" not in run.text
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
    missing = json.loads(run_cli("voices", "get", "Nobody Here", "--json", expect=2).text)
    assert missing["error"]["code"] == "usage_error" and "hint" in missing["error"]
    plain = run_cli("voices", "get", "Nobody Here", expect=2)
    assert plain.stdout == b""
