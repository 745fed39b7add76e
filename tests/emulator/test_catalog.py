"""The emulator's voice catalog and its GET /voices logic, version by version."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from cartesia_cli.emulator.catalog import (
    CALLER_USER_ID,
    ESPEAK_VARIANTS,
    STARRED_IDS,
    VOICES,
    VOICES_BY_ID,
)
from cartesia_cli.emulator.voices import (
    espeak_voice_for,
    get_voice,
    list_voices,
    voice_exists,
    voice_language,
)

PAGINATED = ["2024-11-13", "2025-04-16", "2025-11-04", "2026-03-01", "2026-08-14"]
SEARCHABLE = ["2025-11-04", "2026-03-01", "2026-08-14"]
STARRABLE = ["2024-11-13", "2025-04-16"]
OAS_FIELDS = {"id", "is_owner", "is_public", "name", "description", "gender", "created_at",
              "language", "locales", "country"}
FIELDS = {
    "2024-06-10": {"id", "is_public", "name", "description", "created_at", "embedding", "language"},
    "2024-11-13": {"id", "is_owner", "name", "description", "created_at", "language"},
    "2025-04-16": {"id", "is_owner", "is_public", "name", "description", "gender", "created_at",
                   "language"},
    "2025-11-04": OAS_FIELDS,
    "2026-03-01": OAS_FIELDS,
    "2026-08-14": OAS_FIELDS - {"is_public"} | {"access", "visibility", "tagline", "accent"},
}
OWNED = [v for v in VOICES if v.owned]
SARAH = "694f9389-aac1-45b6-b726-9d9369183238"


def ok(status_body: tuple[int, object]) -> dict:
    status, body = status_body
    assert status == 200, body
    assert isinstance(body, dict)
    return body


def bad(status_body: tuple[int, object], *words: str) -> None:
    status, body = status_body
    assert status == 400
    assert isinstance(body, dict) and body["title"]
    for word in words:
        assert word in body["message"]


def ids(query: dict[str, list[str]], version: str = "2026-08-14") -> list[str]:
    return [voice["id"] for voice in ok(list_voices({"limit": ["100"], **query}, version))["data"]]


# --- catalog invariants ---------------------------------------------------------------------

def test_catalog_is_large_varied_and_well_formed() -> None:
    assert len(VOICES) >= 48
    assert len({v.id for v in VOICES}) == len(VOICES)
    assert len({v.language for v in VOICES}) >= 8
    assert {v.gender for v in VOICES} == {"masculine", "feminine", "gender_neutral"}
    for voice in VOICES:
        assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", voice.id)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", voice.created_at)
        assert all(re.fullmatch(r"[a-z]{2}-[A-Z]{2}", loc) for loc in voice.locales)
        assert len(voice.tagline) <= 32
        assert voice.name and voice.description
        assert voice.accent is None or re.fullmatch(r"[a-z]+(-[a-z]+)*", voice.accent)


def test_catalog_order_is_created_at_then_id() -> None:
    keys = [(v.created_at, v.id) for v in VOICES]
    assert keys == sorted(keys)
    assert len({v.created_at for v in VOICES}) < len(VOICES)  # ties exist, so the id decides


def test_names_support_name_resolution_tests() -> None:
    folded = Counter(v.name.casefold() for v in VOICES)
    # One pair differs only in case (Katie, katie), for ambiguous-name tests; no other repeats.
    assert [n for n, c in folded.items() if c > 1] == ["katie"]
    assert len({v.name for v in VOICES}) == len(VOICES)
    names = [v.name for v in VOICES]
    assert any(a != b and b.startswith(a) for a in names for b in names)  # Sarah / Sarah Curious
    assert "Barbershop Man" in names


def test_real_example_voice_ids_are_present() -> None:
    expected = {
        "a0e99841-438c-4a64-b679-ae501e7d6091": "Barbershop Man",
        SARAH: "Sarah",
        "6ccbfb76-1fc6-48f7-b71d-91ac6298247b": "Tessa",
        "79a125e8-cd45-4c13-8a67-188112f4dd22": "British Lady",
        "f786b574-daa5-4673-aa0c-cbe3e8534c02": "Katie",
        "228fca29-3a0a-435c-8728-5cb483251068": "Kiefer",
        "bf0a246a-8642-498a-9950-80c35e9276b5": "Sophie",
    }
    assert {vid: VOICES_BY_ID[vid].name for vid in expected} == expected


def test_owned_voices_are_private_and_few() -> None:
    assert 3 <= len(OWNED) < len(VOICES) // 4


# --- response shapes per version --------------------------------------------------------------

def test_2024_06_10_is_a_bare_array_of_everything_with_embeddings() -> None:
    status, body = list_voices({"limit": ["1"], "gender": ["nonsense"]}, "2024-06-10")
    assert status == 200 and isinstance(body, list)  # that version has no query parameters
    assert [voice["id"] for voice in body] == [v.id for v in VOICES]
    for voice in body:
        owned = VOICES_BY_ID[voice["id"]].owned
        assert set(voice) == FIELDS["2024-06-10"] | ({"user_id"} if owned else set())
        assert len(voice["embedding"]) == 192
        assert all(isinstance(x, float) and -0.25 <= x <= 0.25 for x in voice["embedding"])
        assert voice["is_public"] is not owned
        if owned:
            assert voice["user_id"] == CALLER_USER_ID
    first, second = body[0]["embedding"], body[1]["embedding"]
    assert first != second
    assert first == list_voices({}, "2024-06-10")[1][0]["embedding"]  # type: ignore[index]


@pytest.mark.parametrize("version", PAGINATED)
def test_paginated_shape_and_fields(version: str) -> None:
    body = ok(list_voices({}, version))
    assert set(body) == {"data", "has_more", "next_page"}
    assert len(body["data"]) == 10 and body["has_more"] is True
    assert body["next_page"] == body["data"][-1]["id"]
    for voice in ok(list_voices({"limit": ["100"]}, version))["data"]:
        assert set(voice) == FIELDS[version]


@pytest.mark.parametrize("version", ["2025-11-04", "2026-08-14"])
def test_locales_country_and_access_fields(version: str) -> None:
    sarah = ok(get_voice(SARAH, version, []))
    assert sarah["locales"][0] == {"locale": "en-US", "is_native": True}
    assert [loc["is_native"] for loc in sarah["locales"][1:]] == [False, False]
    assert sarah["country"] == "US" and sarah["language"] == "en"
    mine = ok(get_voice(OWNED[0].id, version, []))
    if version == "2026-08-14":
        assert (mine["access"], mine["visibility"]) == ("private", "owner")
        assert (sarah["access"], sarah["visibility"], sarah["tagline"]) == \
            ("public", "all", "Mindful Woman")
        assert ok(get_voice("a3520a8f-226a-428d-9fcd-b0a4711a6829", version, []))["tagline"] == ""
    else:
        assert mine["is_public"] is False and mine["is_owner"] is True


def test_expand_per_version() -> None:
    voice = ok(get_voice(SARAH, "2024-11-13", ["embedding", "is_starred"]))
    assert len(voice["embedding"]) == 192 and voice["is_starred"] is True
    page = ok(list_voices({"expand[]": ["is_starred"], "limit": ["100"]}, "2025-04-16"))["data"]
    assert {v["id"] for v in page if v["is_starred"]} == STARRED_IDS
    bad(list_voices({"expand[]": ["embedding"]}, "2025-04-16"), "embedding")
    bad(get_voice(SARAH, "2026-08-14", ["embedding"]), "preview_file_url")
    page = ok(list_voices({"expand[]": ["preview_file_url"], "limit": ["100"]}, "2026-03-01",
                          base_url="http://127.0.0.1:5000/"))["data"]
    for voice in page:
        expected = None if VOICES_BY_ID[voice["id"]].owned else \
            f"http://127.0.0.1:5000/voices/{voice['id']}/preview"
        assert voice["preview_file_url"] == expected


# --- filters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", PAGINATED)
def test_is_owner_and_gender_filters(version: str) -> None:
    assert ids({"is_owner": ["true"]}, version) == [v.id for v in OWNED]
    assert ids({"is_owner": ["false"]}, version) == [v.id for v in VOICES if not v.owned]
    for gender in ("masculine", "feminine", "gender_neutral"):
        found = ids({"gender": [gender]}, version)
        assert found and found == [v.id for v in VOICES if v.gender == gender]
    bad(list_voices({"gender": ["male"]}, version), "gender")
    bad(list_voices({"is_owner": ["yes"]}, version), "is_owner")


@pytest.mark.parametrize("version", STARRABLE)
def test_is_starred_filter(version: str) -> None:
    assert set(ids({"is_starred": ["true"]}, version)) == STARRED_IDS


def test_is_starred_is_ignored_where_the_version_lacks_it() -> None:
    assert ids({"is_starred": ["true"]}) == [v.id for v in VOICES]


@pytest.mark.parametrize("version", SEARCHABLE)
def test_q_searches_name_description_and_id_case_insensitively(version: str) -> None:
    assert ids({"q": ["sARAh"]}, version)[:2] == [SARAH, "794f9389-aac1-45b6-b726-9d9369183238"]
    assert ids({"q": ["HUSKY"]}, version) == ["34575e71-908f-4ab6-ab54-b08c95d6597d"]
    assert "a3520a8f-226a-428d-9fcd-b0a4711a6829" in ids({"q": ["audiobook"]}, version)
    assert ids({"q": ["A0E99841-438C"]}, version) == ["a0e99841-438c-4a64-b679-ae501e7d6091"]
    assert ids({"q": ["no such voice anywhere"]}, version) == []


@pytest.mark.parametrize("value", ["en-GB", "en_GB", "EN_gb"])
def test_language_locale_filter(value: str) -> None:
    found = ids({"language": [value]}, "2025-11-04")
    assert found and found == [v.id for v in VOICES if v.locale == "en-GB"]


def test_language_filter_covers_every_accent_and_rejects_junk() -> None:
    english = ids({"language": ["en"]})
    assert english == [v.id for v in VOICES if v.language == "en"]
    assert {VOICES_BY_ID[vid].locale for vid in english} >= {"en-US", "en-GB", "en-AU", "en-IN"}
    assert ids({"language": ["de"], "gender": ["feminine"]}) == \
        [v.id for v in VOICES if v.language == "de" and v.gender == "feminine"]
    bad(list_voices({"language": ["english!"]}, "2026-08-14"), "language")


def test_search_filters_are_ignored_before_2025_11_04() -> None:
    assert ids({"q": ["sarah"], "language": ["ja"]}, "2025-04-16") == [v.id for v in VOICES]


# --- pagination -------------------------------------------------------------------------------

@pytest.mark.parametrize("version", PAGINATED)
@pytest.mark.parametrize("limit", [1, 7, 100])
def test_walk_forward_ends_with_an_empty_page(version: str, limit: int) -> None:
    seen: list[str] = []
    query: dict[str, list[str]] = {"limit": [str(limit)]}
    while True:
        body = ok(list_voices(query, version))
        if not body["data"]:
            assert body == {"data": [], "has_more": False, "next_page": None}
            break
        page = [voice["id"] for voice in body["data"]]
        assert len(page) <= limit
        assert body["next_page"] == (page[-1] if body["has_more"] else None)
        seen += page
        assert body["has_more"] == (len(seen) < len(VOICES))
        query = {"limit": [str(limit)], "starting_after": [page[-1]]}
    assert seen == [v.id for v in VOICES]


def test_walk_backward_with_ending_before() -> None:
    seen: list[str] = []
    query: dict[str, list[str]] = {"limit": ["4"], "ending_before": [VOICES[-1].id]}
    while True:
        body = ok(list_voices(query, "2026-08-14"))
        page = [voice["id"] for voice in body["data"]]
        seen = page + seen
        if not body["has_more"]:
            assert body["next_page"] is None
            break
        assert body["next_page"] == page[0]
        query = {"limit": ["4"], "ending_before": [page[0]]}
    assert seen == [v.id for v in VOICES[:-1]]
    assert ok(list_voices({"ending_before": [VOICES[0].id]}, "2025-04-16"))["data"] == []


def test_filtered_walk_uses_cursors_from_the_full_order() -> None:
    seen: list[str] = []
    query = {"limit": ["3"], "gender": ["feminine"], "language": ["en"]}
    while True:
        page = ids(query)
        if not page:
            break
        seen += page
        query = {**query, "starting_after": [page[-1]]}
    assert seen == [v.id for v in VOICES if v.gender == "feminine" and v.language == "en"]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "1.5"])
def test_limit_out_of_range_is_400(limit: str) -> None:
    bad(list_voices({"limit": [limit]}, "2024-11-13"), "limit")


def test_limit_bounds_and_default() -> None:
    assert len(ok(list_voices({"limit": ["1"]}, "2026-08-14"))["data"]) == 1
    assert len(ok(list_voices({"limit": ["100"]}, "2026-08-14"))["data"]) == min(100, len(VOICES))
    assert len(ok(list_voices({"limit": [""]}, "2026-08-14"))["data"]) == 10


def test_cursor_errors() -> None:
    bad(list_voices({"starting_after": ["not-a-voice"]}, "2025-11-04"), "starting_after")
    bad(list_voices({"ending_before": ["not-a-voice"]}, "2025-11-04"), "ending_before")
    bad(list_voices({"starting_after": [SARAH], "ending_before": [SARAH]}, "2025-11-04"))


# --- single voice and helpers -------------------------------------------------------------------

@pytest.mark.parametrize("version", list(FIELDS))
def test_get_voice_matches_the_list_entry(version: str) -> None:
    listed = list_voices({"limit": ["100"]}, version)[1]
    entries = listed if isinstance(listed, list) else listed["data"]  # type: ignore[index]
    assert ok(get_voice(SARAH, version, [])) == next(v for v in entries if v["id"] == SARAH)
    status, body = get_voice("00000000-0000-0000-0000-000000000000", version, [])
    assert status == 404 and isinstance(body, dict) and body["title"] and body["message"]


def test_voice_exists_and_language() -> None:
    assert voice_exists(SARAH) and not voice_exists("sarah")
    assert voice_language("95d51f79-c397-46f9-b49a-23763d3eaa2d") == "hi"
    with pytest.raises(KeyError):
        voice_language("nope")


def test_espeak_voices_differ_between_similar_voices() -> None:
    groups: dict[tuple[str, str], list[str]] = {}
    for voice in VOICES:
        name, variant = espeak_voice_for(voice.id)
        groups.setdefault((name, voice.gender), []).append(variant)
    assert len(groups) >= 12
    for (_, gender), variants in groups.items():  # distinct until the variant list wraps
        head = variants[:len(ESPEAK_VARIANTS[gender])]
        assert len(set(head)) == len(head)
    assert any(len(set(v)) == len(ESPEAK_VARIANTS["feminine"]) for v in groups.values())
    assert espeak_voice_for(SARAH)[0] == "en-us"
    assert espeak_voice_for("79a125e8-cd45-4c13-8a67-188112f4dd22")[0] == "en-gb-x-rp"


def test_espeak_names_exist_in_espeak_ng_data() -> None:
    loader = pytest.importorskip("espeakng_loader")
    data = Path(loader.get_data_path())
    languages = {p.name.lower() for p in (data / "lang").rglob("*") if p.is_file()}
    variants = {p.name for p in (data / "voices" / "!v").iterdir()}
    for voice in VOICES:
        name, variant = espeak_voice_for(voice.id)
        assert name in languages, (voice.name, name)
        assert variant in variants, (voice.name, variant)
