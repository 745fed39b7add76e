"""Making and managing voices on the emulator: clone, PATCH, DELETE, localize, accents.

Real HTTP over loopback. Each test uses API keys of its own, so the voices it makes are private
to it (another key neither lists nor fetches them) and the shared emulator stays as it was for
everyone else.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable

import httpx
import numpy as np
import pytest
import soundfile
from emulator_helpers import headers, tts_body

from cartesia_cli.emulator.accents import ACCENTS
from cartesia_cli.emulator.catalog import VOICES

PUBLIC = next(v for v in VOICES if not v.owned and v.language == "en")
OWN_BUILT_IN = next(v for v in VOICES if v.owned)
VERSIONS = ["2024-06-10", "2024-11-13", "2025-04-16", "2025-11-04", "2026-03-01", "2026-08-14"]


def new_key() -> str:
    return f"sk_car_{uuid.uuid4().hex}"


def wav(seconds: float = 3.0, rate: int = 16000, *, frequency: float = 220.0,
        silent: bool = False, fmt: str = "WAV") -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    audio = np.zeros_like(t) if silent else 0.3 * np.sin(2 * np.pi * frequency * t)
    out = io.BytesIO()
    soundfile.write(out, audio.astype(np.float32), rate, format=fmt, subtype="PCM_16")
    return out.getvalue()


def clone(http: httpx.Client, key: str, version: str = "2026-08-14", *,
          clip: bytes | None = None, **fields: str) -> httpx.Response:
    data = {"name": "My Clone", "language": "en", **fields}
    if version <= "2024-11-13":
        data.setdefault("mode", "similarity")
    files = {"clip": ("clip.wav", wav() if clip is None else clip, "audio/wav")}
    return http.post("/voices/clone", data=data, files=files,
                     headers=headers(version, key))


def cloned_id(http: httpx.Client, key: str, **fields: str) -> str:
    response = clone(http, key, **fields)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def list_ids(http: httpx.Client, key: str, version: str = "2026-08-14") -> list[str]:
    response = http.get("/voices", params={"limit": 100}, headers=headers(version, key))
    assert response.status_code == 200, response.text
    body = response.json()
    return [v["id"] for v in (body if isinstance(body, list) else body["data"])]


# --- clone --------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_clone_answers_voice_metadata_in_the_versions_shape(http: httpx.Client,
                                                            version: str) -> None:
    key = new_key()
    response = clone(http, key, version, name="Podcast Me", description="From a clip")
    assert response.status_code == 200, response.text
    body = response.json()
    common = {"id", "user_id", "name", "description", "created_at", "language"}
    if version == "2026-08-14":
        assert set(body) == common | {"access", "visibility", "tagline"}
        assert (body["access"], body["visibility"], body["tagline"]) == ("private", "owner", "")
    else:
        assert set(body) == common | {"is_public"}
        assert body["is_public"] is False
    assert (body["name"], body["description"], body["language"]) == (
        "Podcast Me", "From a clip", "en")
    uuid.UUID(body["id"])
    assert body["created_at"].endswith("Z")
    # The key sees its new voice, as its own; another key does not.
    assert body["id"] in list_ids(http, key, version)
    assert body["id"] not in list_ids(http, new_key(), version)


def test_a_clone_is_private_to_the_key_that_made_it(http: httpx.Client) -> None:
    key, other = new_key(), new_key()
    voice_id = cloned_id(http, key)
    mine = http.get(f"/voices/{voice_id}", headers=headers(key=key))
    assert mine.status_code == 200
    assert mine.json()["is_owner"] is True and mine.json()["access"] == "private"
    assert mine.json()["gender"] is None
    assert http.get(f"/voices/{voice_id}", headers=headers(key=other)).status_code == 404
    body = tts_body(voice_id, "Hello from my clone.")
    assert http.post("/tts/bytes", json=body, headers=headers(key=key)).status_code == 200
    refused = http.post("/tts/bytes", json=body, headers=headers(key=other))
    assert refused.status_code == 400 and refused.json()["error_code"] == "voice_not_found"


def test_the_owner_id_of_a_clone_is_the_keys_user(http: httpx.Client) -> None:
    key = new_key()
    first = clone(http, key).json()
    second = clone(http, key, name="Second").json()
    assert first["user_id"] == second["user_id"]
    assert first["user_id"] != clone(http, new_key()).json()["user_id"]
    own = http.get("/voices", params={"is_owner": "true", "limit": 100},
                   headers=headers("2024-06-10", key))
    by_id = {v["id"]: v for v in own.json()}
    assert by_id[first["id"]]["user_id"] == first["user_id"]


@pytest.mark.parametrize("make_clip, message", [
    (lambda: b"Example data", "not an audio file"),
    (lambda: b"", "empty"),
    (lambda: wav(61, 8000), "at most 60"),
    (lambda: wav(0.3), "at least 1"),
    (lambda: wav(3, silent=True), "silent"),
], ids=["not-audio", "empty", "too-long", "too-short", "silent"])
def test_bad_clips_are_refused(http: httpx.Client, make_clip: Callable[[], bytes],
                               message: str) -> None:
    key = new_key()
    response = clone(http, key, clip=make_clip())
    assert response.status_code == 400, response.text
    assert response.json()["title"] == "Invalid clip"
    assert message in response.json()["message"]
    assert list_ids(http, key) == list_ids(http, new_key())  # nothing was made


def test_clips_in_other_formats_and_over_a_mebibyte_are_read(http: httpx.Client) -> None:
    key = new_key()
    assert clone(http, key, clip=wav(fmt="FLAC")).status_code == 200
    big = wav(40, 24000)  # ~1.9 MB, more than a TTS body may be
    assert len(big) > 1024 * 1024
    assert clone(http, key, clip=big).status_code == 200


def test_uploads_over_20_mib_are_refused_before_reading(http: httpx.Client) -> None:
    response = clone(http, new_key(), clip=b"\0" * (20 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["title"] == "Payload too large"


def test_a_multipart_body_without_its_closing_boundary_is_refused(http: httpx.Client) -> None:
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n"
            ).encode()
    response = http.post("/voices/clone", content=body, headers={
        **headers(key=new_key()), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 400 and "closing boundary" in response.text


@pytest.mark.parametrize("fields, version, needle", [
    ({"name": ""}, "2026-08-14", "name is required"),
    ({"language": "xx"}, "2026-08-14", "language is required"),
    ({"language": "ar"}, "2025-04-16", "language is required"),  # sonic-3 languages came later
    ({"mode": "loud"}, "2024-11-13", "mode is required"),
    ({"accent": "British English"}, "2026-08-14", "display names"),
    ({"accent": "parisian"}, "2026-08-14", "not of en"),
    ({"base_voice_id": "no-such-voice"}, "2026-08-14", "was not found"),
], ids=["empty-name", "bad-language", "late-language", "bad-mode", "display-name",
        "foreign-accent", "unknown-base"])
def test_clone_field_validation(http: httpx.Client, fields: dict[str, str], version: str,
                                needle: str) -> None:
    response = clone(http, new_key(), version, **fields)
    assert response.status_code == 400, response.text
    assert needle in response.text


def test_clone_errors_use_the_versions_error_shape(http: httpx.Client) -> None:
    old = clone(http, new_key(), "2025-04-16", clip=b"noise")
    assert old.headers["content-type"].startswith("text/plain")
    assert old.text.startswith("Invalid clip: ")
    new = clone(http, new_key(), "2026-03-01", clip=b"noise")
    assert set(new.json()) >= {"error_code", "title", "message", "request_id"}


def test_clone_needs_multipart_and_an_api_key(http: httpx.Client) -> None:
    key = new_key()
    as_json = http.post("/voices/clone", json={"name": "x", "language": "en"},
                        headers=headers(key=key))
    assert as_json.status_code == 400 and "multipart" in as_json.text
    no_clip = http.post("/voices/clone", data={"name": "x", "language": "en"},
                        files={"other": ("a.txt", b"x")}, headers=headers(key=key))
    assert no_clip.status_code == 400 and "clip is required" in no_clip.text
    token = http.post("/access-token", json={"grants": {"tts": True}}, headers=headers())
    with_token = clone(http, token.json()["token"])
    assert with_token.status_code == 401


def test_clone_with_an_accent_takes_its_locale(http: httpx.Client) -> None:
    key = new_key()
    voice_id = cloned_id(http, key, accent="british")
    voice = http.get(f"/voices/{voice_id}", headers=headers(key=key)).json()
    assert voice["accent"] == "british"
    assert voice["locales"] == [{"locale": "en-GB", "is_native": True}]


def test_a_clone_speaks_with_an_espeak_variant_of_its_own(
        make_emulator: Callable[..., tuple[object, str]]) -> None:
    from cartesia_cli.emulator import voices as catalog_logic
    from cartesia_cli.emulator.engines.espeak_voicing import espeak_voice

    _, base_url = make_emulator()
    key = new_key()
    with httpx.Client(base_url=base_url, timeout=10) as client:
        first = cloned_id(client, key)
        second = cloned_id(client, key, name="Other", accent="general-american")
    (name1, variant1), (name2, variant2) = (catalog_logic.espeak_voice_for(v)
                                            for v in (first, second))
    assert name1 == name2 == "en-us"
    taken = {variant for vid, (name, variant) in catalog_logic._espeak_assignments().items()
             if name == "en-us"}
    assert variant1 not in taken and variant2 not in taken | {variant1}
    assert espeak_voice(first, "en") == (f"en-us+{variant1}", "en-us")


def test_a_clone_sounds_different_from_other_voices(
        make_emulator: Callable[..., tuple[object, str]]) -> None:
    pytest.importorskip("espeakng_loader")
    _, base_url = make_emulator(engine="espeak")
    key = new_key()
    with httpx.Client(base_url=base_url, timeout=30) as client:
        voice_id = cloned_id(client, key)
        text = "The quick brown fox jumps over the lazy dog."
        audio = {vid: client.post("/tts/bytes", json=tts_body(vid, text),
                                  headers=headers(key=key)).content
                 for vid in (voice_id, PUBLIC.id)}
    assert all(len(a) > 16000 for a in audio.values())
    assert audio[voice_id] != audio[PUBLIC.id]


def test_the_emulator_bounds_the_voices_it_keeps(
        make_emulator: Callable[..., tuple[object, str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cartesia_cli.emulator import voice_store

    monkeypatch.setattr(voice_store, "MAX_MADE_VOICES", 1)
    _, base_url = make_emulator()
    key = new_key()
    with httpx.Client(base_url=base_url, timeout=10) as client:
        voice_id = cloned_id(client, key)
        full = clone(client, key)
        assert full.status_code == 400 and "at most 1 voices" in full.text
        localize = client.post("/voices/localize", headers=headers(key=key), json={
            "voice_id": voice_id, "name": "x", "accent": "british"})
        assert localize.status_code == 400
        assert client.delete(f"/voices/{voice_id}", headers=headers(key=key)).status_code == 204
        assert clone(client, key).status_code == 200


# --- PATCH --------------------------------------------------------------------------------------

def test_patch_changes_name_description_gender_and_accent(http: httpx.Client) -> None:
    key = new_key()
    voice_id = cloned_id(http, key)
    response = http.patch(f"/voices/{voice_id}", headers=headers(key=key), json={
        "name": "Renamed", "description": "New words", "gender": "feminine",
        "accent": "southern-us"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["description"], body["gender"], body["accent"]) == (
        "Renamed", "New words", "feminine", "southern-us")
    assert body["access"] == "private" and body["is_owner"] is True
    # Omitted fields stay; gender null resets it.
    again = http.patch(f"/voices/{voice_id}", json={"gender": None}, headers=headers(key=key))
    assert again.json()["gender"] is None and again.json()["name"] == "Renamed"
    listed = http.get("/voices", params={"q": "Renamed"}, headers=headers(key=key)).json()
    assert [v["id"] for v in listed["data"]] == [voice_id]


def test_patch_on_2024_versions_needs_name_and_description(http: httpx.Client) -> None:
    key = new_key()
    voice_id = cloned_id(http, key)
    only_name = http.patch(f"/voices/{voice_id}", json={"name": "A"},
                           headers=headers("2024-11-13", key))
    assert only_name.status_code == 400 and "description" in only_name.text
    both = http.patch(f"/voices/{voice_id}", json={"name": "A", "description": "B"},
                      headers=headers("2024-06-10", key))
    assert both.status_code == 200
    assert set(both.json()) >= {"user_id", "embedding", "is_public"}


@pytest.mark.parametrize("body", [{"gender": "male"}, {"name": ""}, {"description": 5},
                                  {"accent": "Southern"}], ids=str)
def test_patch_validation(http: httpx.Client, body: dict[str, object]) -> None:
    key = new_key()
    voice_id = cloned_id(http, key)
    assert http.patch(f"/voices/{voice_id}", json=body,
                      headers=headers(key=key)).status_code == 400


def test_public_voices_cannot_be_changed_or_deleted(http: httpx.Client) -> None:
    for method in ("PATCH", "DELETE"):
        response = http.request(method, f"/voices/{PUBLIC.id}", json={"name": "Mine now"},
                                headers=headers("2026-08-14", new_key()))
        assert response.status_code == 403, response.text
        assert "public voice" in response.json()["message"]
        legacy = http.request(method, f"/voices/{PUBLIC.id}", json={"name": "x"},
                              headers=headers("2025-04-16", new_key()))
        assert legacy.status_code == 403 and legacy.text.startswith("Forbidden: ")
    assert http.get(f"/voices/{PUBLIC.id}", headers=headers()).json()["name"] == PUBLIC.name


def test_voices_of_another_key_are_not_found(http: httpx.Client) -> None:
    owner, other = new_key(), new_key()
    voice_id = cloned_id(http, owner)
    for method in ("PATCH", "DELETE"):
        response = http.request(method, f"/voices/{voice_id}", json={"name": "x"},
                                headers=headers(key=other))
        assert response.status_code == 404
        assert response.json()["error_code"] == "voice_not_found"
    assert http.get(f"/voices/{voice_id}", headers=headers(key=owner)).status_code == 200


# --- DELETE -------------------------------------------------------------------------------------

def test_delete_removes_the_voice_everywhere(http: httpx.Client) -> None:
    key = new_key()
    voice_id = cloned_id(http, key)
    deleted = http.delete(f"/voices/{voice_id}", headers=headers(key=key))
    assert deleted.status_code == 204 and deleted.content == b""
    assert http.get(f"/voices/{voice_id}", headers=headers(key=key)).status_code == 404
    assert voice_id not in list_ids(http, key)
    speak = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers(key=key))
    assert speak.status_code == 400
    assert http.delete(f"/voices/{voice_id}", headers=headers(key=key)).status_code == 404


def test_deleting_a_built_in_own_voice_is_per_emulator(
        make_emulator: Callable[..., tuple[object, str]]) -> None:
    _, base_url = make_emulator()
    with httpx.Client(base_url=base_url, timeout=10) as client:
        gone = client.delete(f"/voices/{OWN_BUILT_IN.id}", headers=headers())
        assert gone.status_code == 204
        assert client.get(f"/voices/{OWN_BUILT_IN.id}", headers=headers()).status_code == 404
    assert OWN_BUILT_IN in VOICES  # the catalog module itself is untouched


# --- localize -----------------------------------------------------------------------------------

def test_localize_by_language_and_dialect_before_2026_08_14(http: httpx.Client) -> None:
    key = new_key()
    response = http.post("/voices/localize", headers=headers("2025-11-04", key), json={
        "voice_id": PUBLIC.id, "name": "Sarah Peninsular Spanish", "description": "ES",
        "language": "es", "original_speaker_gender": "female", "dialect": "pe"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"id", "user_id", "is_public", "name", "description", "created_at",
                         "language"}
    assert body["language"] == "es"
    voice = http.get(f"/voices/{body['id']}", headers=headers("2026-08-14", key)).json()
    assert voice["locales"][0]["locale"] == "es-ES" and voice["gender"] == "feminine"
    speak = http.post("/tts/bytes", json=tts_body(body["id"], "Hola a todos.", language="es"),
                      headers=headers(key=key))
    assert speak.status_code == 200


@pytest.mark.parametrize("change, needle", [
    ({"dialect": "mx"}, "dialect for en"),
    ({"language": "ar"}, "language must be one of"),
    ({"original_speaker_gender": "feminine"}, "original_speaker_gender"),
    ({"description": None}, "description is required"),
    ({"voice_id": "nope"}, "was not found"),
], ids=["dialect", "language", "gender", "description", "voice"])
def test_localize_validation_before_2026_08_14(http: httpx.Client, change: dict[str, object],
                                               needle: str) -> None:
    body = {"voice_id": PUBLIC.id, "name": "X", "description": "d", "language": "en",
            "original_speaker_gender": "male", **change}
    response = http.post("/voices/localize", json=body, headers=headers("2025-04-16", new_key()))
    assert response.status_code == 400 and needle in response.text


def test_localize_by_accent_on_2026_08_14(http: httpx.Client) -> None:
    key = new_key()
    response = http.post("/voices/localize", headers=headers(key=key), json={
        "voice_id": PUBLIC.id, "name": "Southern Me", "accent": "southern-us",
        "tagline": "Porch storyteller"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["access"], body["tagline"], body["language"]) == (
        "private", "Porch storyteller", "en")
    voice = http.get(f"/voices/{body['id']}", headers=headers(key=key)).json()
    assert voice["accent"] == "southern-us" and voice["gender"] == PUBLIC.gender
    missing = http.post("/voices/localize", headers=headers(key=key),
                        json={"voice_id": PUBLIC.id, "name": "x", "language": "en"})
    assert missing.status_code == 400 and "accent" in missing.json()["message"]
    not_target = http.post("/voices/localize", headers=headers(key=key),
                           json={"voice_id": PUBLIC.id, "name": "x", "accent": "irish"})
    assert not_target.status_code == 400 and "is_localizable" in not_target.json()["message"]


# --- accents ------------------------------------------------------------------------------------

def test_accents_are_listed_on_2026_08_14_only(http: httpx.Client) -> None:
    response = http.get("/accents", headers=headers())
    assert response.status_code == 200
    accents = response.json()["accents"]
    assert [a["id"] for a in accents] == sorted(a["id"] for a in accents)
    assert {a["id"] for a in accents} == {a.id for a in ACCENTS}
    for accent in accents:
        assert set(accent) == {"id", "name", "language", "locale", "is_locale_default",
                               "is_localizable"}
        assert accent["locale"].split("-")[0] == accent["language"]
    # Every locale that has accents has exactly one default.
    by_locale: dict[str, int] = {}
    for accent in accents:
        by_locale[accent["locale"]] = by_locale.get(accent["locale"], 0) + accent[
            "is_locale_default"]
    assert set(by_locale.values()) == {1}
    old = http.get("/accents", headers=headers("2026-03-01"))
    assert old.status_code == 404


def test_attaching_and_removing_accents(http: httpx.Client) -> None:
    key = new_key()
    voice_id = cloned_id(http, key)
    added = http.post(f"/voices/{voice_id}/accents", json={"accents": ["british", "parisian"]},
                      headers=headers(key=key))
    assert added.status_code == 200, added.text
    assert [loc["locale"] for loc in added.json()["locales"]] == ["en-US", "en-GB", "fr-FR"]
    removed = http.delete(f"/voices/{voice_id}/accents/british", headers=headers(key=key))
    assert [loc["locale"] for loc in removed.json()["locales"]] == ["en-US", "fr-FR"]
    native = http.delete(f"/voices/{voice_id}/accents/general-american", headers=headers(key=key))
    assert native.status_code == 400
    public = http.post(f"/voices/{PUBLIC.id}/accents", json={"accents": ["british"]},
                       headers=headers(key=key))
    assert public.status_code == 403
    too_many = http.post(f"/voices/{voice_id}/accents", headers=headers(key=key), json={
        "accents": ["australian", "castilian", "high-german", "hindi", "italian", "japanese",
                    "korean", "mandarin", "polish", "russian"]})
    assert too_many.status_code == 400 and "at most 10" in too_many.text
