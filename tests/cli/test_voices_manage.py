"""Your own voices against the emulator: clone (with the clip checked first), update, delete,
localize, accents and audition, per API version."""

import json
import wave

import numpy as np
import pytest
import soundfile

from helpers import TEST_KEY, run_cli

BARBERSHOP = "a0e99841-438c-4a64-b679-ae501e7d6091"
OTHER_KEY = "sk_car_OTHER_USER_0a1b2c3d4e5f"


def make_clip(path, seconds=5.0, rate=16000):
    t = np.arange(int(seconds * rate)) / rate
    soundfile.write(str(path), 0.3 * np.sin(2 * np.pi * 220 * t), rate)
    return str(path)


def clone(tmp_path, name, *args, seconds=5.0, expect=0):
    clip = make_clip(tmp_path / f"{name.replace(' ', '_')}.wav", seconds)
    return run_cli("voices", "clone", clip, "--name", name, "--language", "en", *args,
                   expect=expect)


def requests_to(emulator, method, prefix):
    return [r for r in emulator.requests if r.method == method and r.path.startswith(prefix)]


# --- clone ---------------------------------------------------------------------------------------


def test_clone_prints_the_id_shows_the_clip_and_teaches_the_name(emulator, tmp_path):
    run = clone(tmp_path, "Clone Alpha", "--description", "Made in a test")
    voice_id = run.text.strip()
    assert len(voice_id) == 36
    assert "Clone_Alpha.wav: 5.0 s, WAV, 16000 Hz, mono" in run.stderr
    assert "warning" not in run.stderr
    voice = json.loads(run_cli("voices", "get", voice_id, "--json").text)
    assert voice["name"] == "Clone Alpha" and voice["is_owner"] is True
    assert voice["description"] == "Made in a test"
    # The name works at once, from the cache the clone filled: no listing to find it.
    emulator.requests.clear()
    run_cli("say", "-v", "Clone Alpha", "-o", str(tmp_path / "a.wav"), "Hi")
    assert not requests_to(emulator, "GET", "/voices")
    assert requests_to(emulator, "POST", "/tts/bytes")[-1].json["voice"]["id"] == voice_id


def test_clone_json_prints_the_whole_voice(emulator, tmp_path):
    voice = json.loads(clone(tmp_path, "Clone Json", "--json").text)
    assert voice["name"] == "Clone Json" and voice["language"] == "en"
    assert voice["is_public"] is False


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"this is a text file, not a recording\n", "is not audio that can be read"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", "is not audio that can be read"),
])
def test_bad_clips_are_usage_errors_before_any_upload(emulator, tmp_path, content, message):
    clip = tmp_path / "clip.wav"
    clip.write_bytes(content)
    run = run_cli("voices", "clone", str(clip), "--name", "Bad", "--language", "en", expect=2)
    assert run.stderr.startswith(f"error: {clip} {message}")
    assert "hint:" in run.stderr
    assert not requests_to(emulator, "POST", "/voices/clone")


def test_too_long_and_too_short_clips_are_refused(emulator, tmp_path):
    long = clone(tmp_path, "Long", seconds=61, expect=2)
    assert "61 s long: too long for a voice clip" in long.stderr
    assert "ffmpeg" in long.stderr
    short = clone(tmp_path, "Short", seconds=0.5, expect=2)
    assert "too short to clone a voice from" in short.stderr
    assert not requests_to(emulator, "POST", "/voices/clone")


def test_clip_lengths_outside_the_recommendation_warn(emulator, tmp_path):
    run = clone(tmp_path, "Clone Twenty", seconds=20)
    assert "warning: the clip is 20.0 s long, longer than the 3-10 s the API recommends" \
        in run.stderr
    run = clone(tmp_path, "Clone Two", seconds=2)
    assert "shorter than the 3-10 s" in run.stderr


def test_missing_clip_and_directory(emulator, tmp_path):
    run = run_cli("voices", "clone", str(tmp_path / "nope.wav"), "--name", "X", "--language",
                  "en", expect=2)
    assert run.stderr.startswith("error: no such file:")
    run = run_cli("voices", "clone", str(tmp_path), "--name", "X", "--language", "en", expect=2)
    assert "is not a file" in run.stderr


def test_clone_checks_language_and_name(emulator, tmp_path):
    clip = make_clip(tmp_path / "c.wav")
    run = run_cli("voices", "clone", clip, "--name", "X", "--language", "english", expect=2)
    assert run.stderr.startswith("error: unknown language `english`")
    run = run_cli("voices", "clone", clip, "--name", " ", "--language", "en", expect=2)
    assert "--name is empty" in run.stderr


def test_clone_fields_by_version(emulator, tmp_path):
    """2024-11-13 needs `mode` (the emulator refuses a clone without it); `accent` exists only
    from 2026-08-14."""
    clip = make_clip(tmp_path / "c.wav")
    old = run_cli("--cartesia-version", "2024-11-13", "voices", "clone", clip, "--name",
                  "Clone Old", "--language", "en")
    assert len(old.text.strip()) == 36
    run = run_cli("--cartesia-version", "2025-11-04", "voices", "clone", clip, "--name", "X",
                  "--language", "en", "--accent", "british", expect=2)
    assert "--accent needs API version 2026-08-14" in run.stderr
    run = run_cli("--cartesia-version", "2025-04-16", "voices", "clone", clip, "--name", "X",
                  "--language", "en", "--mode", "stability", expect=2)
    assert "--mode is not a field" in run.stderr
    new = run_cli("voices", "clone", clip, "--name", "Clone British", "--language", "en",
                  "--accent", "british", "--json")
    voice_id = json.loads(new.text)["id"]
    got = json.loads(run_cli("voices", "get", voice_id, "--json").text)
    assert got["name"] == "Clone British"


def test_clone_from_a_base_voice_by_name(emulator, tmp_path):
    run = clone(tmp_path, "Clone Based", "--base-voice", "Barbershop Man", "--json")
    assert json.loads(run.text)["name"] == "Clone Based"


# --- update --------------------------------------------------------------------------------------


def test_update_changes_only_what_is_given(emulator, tmp_path):
    voice_id = clone(tmp_path, "Clone Upd").text.strip()
    run = run_cli("voices", "update", "Clone Upd", "--description", "Now described", "--json")
    voice = json.loads(run.text)
    assert voice["name"] == "Clone Upd" and voice["description"] == "Now described"
    assert requests_to(emulator, "PATCH", "/voices/")[-1].json == {"description": "Now described"}
    run_cli("voices", "update", voice_id, "--gender", "feminine")
    assert requests_to(emulator, "PATCH", "/voices/")[-1].json == {"gender": "feminine"}
    reset = json.loads(run_cli("voices", "update", voice_id, "--gender", "none", "--json").text)
    assert requests_to(emulator, "PATCH", "/voices/")[-1].json == {"gender": None}
    assert reset["gender"] is None
    renamed = run_cli("voices", "update", voice_id, "--name", "Clone Renamed")
    assert "Clone Renamed" in renamed.text and "is_owner     yes" in renamed.text
    assert json.loads(run_cli("voices", "get", "Clone Renamed", "--json").text)["id"] == voice_id


def test_update_on_old_versions_sends_name_and_description(emulator, tmp_path):
    voice_id = clone(tmp_path, "Clone Upd Old", "--description", "Kept").text.strip()
    run_cli("--cartesia-version", "2024-11-13", "voices", "update", voice_id, "--name",
            "Clone Upd Older")
    assert requests_to(emulator, "PATCH", "/voices/")[-1].json == {
        "name": "Clone Upd Older", "description": "Kept"}
    run = run_cli("--cartesia-version", "2024-11-13", "voices", "update", voice_id, "--gender",
                  "masculine", expect=2)
    assert "--gender needs API version 2025-04-16" in run.stderr


def test_update_needs_something_and_refuses_public_voices(emulator):
    run = run_cli("voices", "update", BARBERSHOP, expect=2)
    assert run.stderr.startswith("error: nothing to change")
    run = run_cli("voices", "update", BARBERSHOP, "--name", "Mine now", expect=2)
    assert run.stderr.startswith("error: refusing to change `Barbershop Man`")
    assert not requests_to(emulator, "PATCH", "/voices/")


# --- delete --------------------------------------------------------------------------------------


def test_delete_refuses_without_yes_when_nobody_can_answer(emulator, tmp_path):
    voice_id = clone(tmp_path, "Clone Del").text.strip()
    run = run_cli("voices", "delete", "Clone Del", expect=2)
    assert run.stderr.startswith("error: refusing to delete `Clone Del`")
    assert "stdin is not a terminal" in run.stderr and "--yes" in run.stderr
    assert not requests_to(emulator, "DELETE", "/voices/")
    deleted = run_cli("voices", "delete", "--yes", "Clone Del")
    assert f"deleted `Clone Del` ({voice_id})" in deleted.stderr
    run_cli("voices", "get", voice_id, expect=5)
    missing = run_cli("voices", "get", "Clone Del", expect=2)  # the cache forgot the name
    assert "no voice named" in missing.stderr


def test_public_voices_are_never_deleted(emulator):
    run = run_cli("voices", "delete", "--yes", "Barbershop Man", expect=2)
    assert run.stderr.startswith("error: refusing to delete `Barbershop Man`")
    assert "public voice" in run.stderr
    assert not requests_to(emulator, "DELETE", "/voices/")


def test_voices_of_another_key_are_not_deleted(emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("CARTESIA_API_KEY", OTHER_KEY)
    theirs = clone(tmp_path, "Clone Theirs").text.strip()
    monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
    run = run_cli("voices", "delete", "--yes", theirs, expect=5)
    assert run.stderr.startswith(f"error: voice {theirs} not found")
    assert "does not own" in run.stderr
    assert not requests_to(emulator, "DELETE", "/voices/")


def test_delete_checks_every_voice_before_deleting_any(emulator, tmp_path):
    mine = clone(tmp_path, "Clone Del Two").text.strip()
    run_cli("voices", "delete", "--yes", mine, BARBERSHOP, expect=2)
    assert not requests_to(emulator, "DELETE", "/voices/")
    run_cli("voices", "delete", "--yes", mine)
    assert [r.path for r in requests_to(emulator, "DELETE", "/voices/")] == [f"/voices/{mine}"]


# --- localize and accents ------------------------------------------------------------------------


def test_localize_by_accent_on_2026_08_14(emulator, tmp_path):
    clone(tmp_path, "Clone Loc")
    run = run_cli("voices", "localize", "Clone Loc", "--name", "Clone Loc UK", "--accent",
                  "british", "--json")
    body = requests_to(emulator, "POST", "/voices/localize")[-1].json
    assert body["accent"] == "british" and body["name"] == "Clone Loc UK"
    assert "language" not in body and "dialect" not in body
    assert json.loads(run.text)["name"] == "Clone Loc UK"
    run = run_cli("voices", "localize", "Clone Loc", "--name", "X", "--language", "es",
                  expect=2)
    assert "--accent is required" in run.stderr


def test_localize_by_language_and_dialect_before(emulator, tmp_path):
    clone(tmp_path, "Clone Loc Old")
    run_cli("voices", "update", "Clone Loc Old", "--gender", "feminine")
    old = ("--cartesia-version", "2025-11-04")
    run = run_cli(*old, "voices", "localize", "Clone Loc Old", "--name", "Clone Loc MX",
                  "--language", "es", "--dialect", "mx")
    body = requests_to(emulator, "POST", "/voices/localize")[-1].json
    assert {k: body[k] for k in ("language", "dialect", "original_speaker_gender", "name")} == {
        "language": "es", "dialect": "mx", "original_speaker_gender": "female",
        "name": "Clone Loc MX"}
    assert body["description"]
    assert len(run.text.strip()) == 36
    bad = run_cli(*old, "voices", "localize", "Clone Loc Old", "--name", "X", "--language",
                  "es", "--dialect", "uk", expect=2)
    assert "unknown dialect `uk` for es" in bad.stderr
    accent = run_cli(*old, "voices", "localize", "Clone Loc Old", "--name", "X", "--accent",
                     "british", expect=2)
    assert "needs API version 2026-08-14" in accent.stderr


def test_accents_on_2026_08_14_and_before(emulator):
    accents = json.loads(run_cli("voices", "accents", "--json").text)
    ids = [a["id"] for a in accents]
    assert "british" in ids and ids == sorted(ids)
    english = json.loads(run_cli("voices", "accents", "--language", "en", "--json").text)
    assert english and all(a["language"] == "en" for a in english)
    tsv = run_cli("voices", "accents", "--language", "fr").text.splitlines()
    assert tsv[0] == "id\tname\tlocale\tis_localizable"
    assert any(line.startswith("parisian\t") for line in tsv)
    assert all(line.split("\t")[3] in ("yes", "no") for line in tsv[1:])
    emulator.requests.clear()
    run = run_cli("--cartesia-version", "2025-11-04", "voices", "accents", expect=2)
    assert run.stderr.startswith("error: `cartesia voices accents` needs API version 2026-08-14")
    assert "--cartesia-version 2026-08-14" in run.stderr
    assert not [r for r in emulator.requests if r.path == "/accents"]


# --- audition ------------------------------------------------------------------------------------


def test_audition_writes_one_file_per_voice_in_its_language(emulator, tmp_path):
    out = tmp_path / "auditions"
    run = run_cli("voices", "audition", "Barbershop Man", "--language", "fr", "-o", str(out),
                  expect=2)
    assert "voices or filters, not both" in run.stderr
    run = run_cli("voices", "audition", "--language", "fr", "--limit", "2", "-o", str(out))
    files = sorted(out.iterdir())
    assert len(files) == 2
    for path in files:
        with wave.open(str(path)) as audio:
            assert audio.getnframes() > 0
    bodies = [r.json for r in requests_to(emulator, "POST", "/tts/bytes")]
    assert len(bodies) == 2 and all(b["language"] == "fr" for b in bodies)
    assert all(b["transcript"].startswith("Bonjour") for b in bodies)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and all(", fr) -> " in line for line in lines)
    assert sorted(line.rsplit("/", 1)[1] for line in lines) == [p.name for p in files]


def test_audition_named_voices_with_text(emulator, tmp_path):
    out = tmp_path / "takes"
    run = run_cli("voices", "audition", "Barbershop Man", "Katie", "--text", "Welcome.",
                  "-o", str(out))
    assert [p.name for p in sorted(out.iterdir())] == [
        "barbershop-man-a0e99841.wav", "katie-f786b574.wav"]
    bodies = [r.json for r in requests_to(emulator, "POST", "/tts/bytes")]
    assert [b["transcript"] for b in bodies] == ["Welcome.", "Welcome."]
    assert run.stderr.splitlines()[0].startswith(f"Barbershop Man ({BARBERSHOP}, en)")


def test_audition_with_no_matching_voices(emulator, tmp_path):
    run = run_cli("voices", "audition", "--search", "no such voice anywhere", "-o", str(tmp_path),
                  expect=2)
    assert run.stderr.startswith("error: no voices match")


def test_audition_plays_each_voice_in_turn(emulator):
    """Without -o, the samples play on the speakers (the virtual sound card), one per voice."""
    from audio_card import capture, require_audio

    require_audio()
    with capture() as recording:
        run = run_cli("voices", "audition", "Barbershop Man", "Katie", "--text", "One. Two.")
    assert np.any(recording.samples)
    lines = run.stderr.splitlines()
    assert [line.split(" (")[0] for line in lines] == ["Barbershop Man", "Katie"]
    assert all(line.endswith(", en)") for line in lines)
    assert len(requests_to(emulator, "POST", "/tts/bytes")) == 2
