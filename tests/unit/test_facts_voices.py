"""Issue 13's API facts, both copies, held against the public reference, version by version.

Voices you make (clone, PATCH, localize), accents, TTS locale/normalization, pronunciation
dictionaries and token lifetimes. The client keeps its facts in cartesia_cli/facts.py; the
emulator keeps its own (emulator/voice_admin.py, accents.py, dicts.py, versions.py, validation.py,
auth.py). Each test reads the fact from the reference beside the clone and checks the client's
copy and the emulator's copy separately, naming the side that is wrong, so a wrong row cannot pass
on both sides. Where the emulator holds a fact inline (which clone/PATCH/localize fields a version
validates), its copy is read by asking it: real requests to the session emulator over loopback,
each test with API keys of its own so the shared emulator's other users see nothing.

Where each version's facts come from:
- 2024-06-10, 2024-11-13, 2025-04-16: shared/reference/fern/version-<date>/ (Fern definitions).
- 2025-11-04: shared/reference/openapi.yaml (its Cartesia-Version enum is only this date).
- 2026-03-01: no definition file covers it. API_NOTES §1.4 lists its changes (structured errors,
  embedding removal) and none touches these endpoints; test_2026_03_01_changes_none_of_these
  checks that, and the OpenAPI facts are used for it.
- 2026-08-14: only in the official SDK (4.x). The OpenAPI facts plus the changes API_NOTES
  (§1.4, §2.2, §3.3, §7.2) states for it; each such change is checked to be written there
  (`notes_say`). Accent ids, the localizable accents and `case_sensitive` on dictionary items are
  not in API_NOTES: those are checked against the SDK 4.2.0 type files when the SDK environment
  of tests/sdk_api is built (skipped otherwise).
"""

from __future__ import annotations

import functools
import io
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reference_files import (
    OAS_NAME,
    REFERENCE,
    REPO,
    fern,
    fern_props,
    fern_type,
    is_optional,
    oas,
    resolve,
    schema,
    unwrap,
)

from cartesia_cli import facts
from cartesia_cli.emulator import accents as emu_accents
from cartesia_cli.emulator import auth as emu_auth
from cartesia_cli.emulator import dicts as emu_dicts
from cartesia_cli.emulator import versions as emu_versions
from cartesia_cli.emulator import voice_admin as emu_voice_admin
from cartesia_cli.emulator.catalog import VOICES as EMU_CATALOG
from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.validation import validate_tts

if not (REFERENCE / "openapi.yaml").is_file() or not (REFERENCE / "fern").is_dir() or not (
        REFERENCE / "API_NOTES.md").is_file():
    pytest.skip(f"the public API reference is not at {REFERENCE} (CI puts shared/ beside the "
                "clone); the facts cannot be checked without it", allow_module_level=True)

CLIENT = "cartesia_cli/facts.py"
EMU_ADMIN = "cartesia_cli/emulator/voice_admin.py"
EMU_ACCENTS = "cartesia_cli/emulator/accents.py"
EMU_DICTS = "cartesia_cli/emulator/dicts.py"
EMU_VERSIONS = "cartesia_cli/emulator/versions.py"
EMU_VALIDATION = "cartesia_cli/emulator/validation.py"
EMU_AUTH = "cartesia_cli/emulator/auth.py"
NOTES_NAME = "API_NOTES.md"
NEWEST = "2026-08-14"
NO_FILE = "2026-03-01"

# The SDK environment tests/sdk_api builds (git-ignored); its type files witness 2026-08-14.
SDK_TYPES_GLOB = "tests/sdk_api/.work/sdk-venv/lib/python*/site-packages/cartesia/types"

# Localize target languages the SDK added after the OpenAPI file was cut (API notes §3.3).
LOCALIZE_ADDED_BY_SDK_3_4 = {"ar", "he", "ta", "te", "th"}

# Disagreements between a copy and the reference, waiting for a decision: (test, case) -> why.
# Each marks exactly that case xfail(strict=True): fixing the copy turns it into an XPASS failure
# and the entry must go. The expected values are never changed to make a copy pass.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {}


# --- reading the reference -----------------------------------------------------------------------


def ref_name(node: dict[str, Any]) -> str:
    return str(node["$ref"]).rsplit("/", 1)[-1]


def fern_path(version: str, file: str) -> Path:
    return REFERENCE / "fern" / f"version-{version}" / f"{file}.yml"


def bare(type_name: str) -> str:
    return unwrap(type_name)  # keeps a file prefix (tts.SupportedLanguage) for fern_enum


def fern_enum(version: str, file: str, type_name: str) -> list[str]:
    """The values of a Fern enum; `tts.SupportedLanguage` is looked up in tts.yml."""
    if "." in type_name:
        file, type_name = type_name.split(".", 1)
    return [str(v) for v in fern(version, file)["types"][type_name]["enum"]]


def required_of(props: dict[str, Any]) -> set[str]:
    return {name for name, node in props.items() if not is_optional(node)}


@functools.cache
def notes() -> str:
    return (REFERENCE / NOTES_NAME).read_text(encoding="utf-8")


def notes_say(*phrases: str) -> None:
    """Every phrase is written in API_NOTES (whitespace-insensitive): the facts this file takes
    from the notes for 2026-08-14 must be the notes' own."""
    text = " ".join(notes().split())
    for phrase in phrases:
        assert " ".join(phrase.split()) in text, (
            f"{NOTES_NAME} no longer says {phrase!r}; the expectation built on it must be "
            "re-read from the notes")


def notes_version_row(version: str) -> str:
    found = [line for line in notes().splitlines() if line.startswith(f"| **{version}**")]
    assert len(found) == 1, f"{NOTES_NAME} §1.4: no single table row for {version}"
    return found[0]


FERN_VERSIONS = sorted(p.name.removeprefix("version-") for p in (REFERENCE / "fern").iterdir()
                       if p.is_dir() and p.name.startswith("version-"))
OAS_VERSIONS = [str(v) for v in oas()["components"]["parameters"]["CartesiaVersionHeader"]
                ["schema"]["enum"]]
VERSIONS = [*FERN_VERSIONS, *OAS_VERSIONS, NO_FILE, NEWEST]


def source(version: str) -> str:
    """"fern", "oas" (2025-11-04 and 2026-03-01) or "notes" (2026-08-14: OAS + notes)."""
    if version in FERN_VERSIONS:
        return "fern"
    return "notes" if version == NEWEST else "oas"


def where(version: str, what: str) -> str:
    kind = source(version)
    if kind == "fern":
        return f"fern/version-{version}/{what}"
    if kind == "oas":
        return f"{OAS_NAME} {what}" + (" (OpenAPI facts, see module docs)"
                                       if version == NO_FILE else "")
    return f"{OAS_NAME} {what} + {NOTES_NAME} (2026-08-14)"


def cases(test: str, keys: list[str]) -> list[Any]:
    params = []
    for key in keys:
        reason = KNOWN_DISAGREEMENTS.get((test, key))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(key, id=key, marks=marks))
    return params


def version_cases(test: str, keys: list[str] | None = None) -> list[Any]:
    return cases(test, VERSIONS if keys is None else keys)


# --- what the reference says, per version --------------------------------------------------------


def spec_clone(version: str) -> tuple[set[str], set[str], set[str] | None, set[str]]:
    """POST /voices/clone: (fields, required fields, `mode` values or None, languages)."""
    if source(version) == "fern":
        props = fern(version, "voices")["service"]["endpoints"]["clone"]["request"]["body"][
            "properties"]
        modes = (set(fern_enum(version, "voices", bare(fern_type(props["mode"]))))
                 if "mode" in props else None)
        language_type = bare(fern_type(props["language"]))
        assert language_type == "tts.SupportedLanguage", (
            f"fern/version-{version}/voices.yml clone.language is {language_type}")
        return (set(props), required_of(props), modes,
                set(fern_enum(version, "tts", language_type)))
    form = oas()["paths"]["/voices/clone"]["post"]["requestBody"]["content"][
        "multipart/form-data"]["schema"]
    props = form["properties"]
    assert ref_name(props["language"]) == "SupportedLanguage", f"{OAS_NAME} clone.language"
    fields, required = set(props), set(form.get("required", []))
    languages = {str(v) for v in schema("SupportedLanguage")["enum"]}
    modes = set(resolve(props["mode"])["enum"]) if "mode" in props else None
    if source(version) == "notes":
        notes_say("2026-08-14 `accent`", "Languages `or` (Odia), `ur` (Urdu) added.")
        fields.add("accent")
        languages |= {"or", "ur"}
    return fields, required, modes, languages


def spec_metadata(version: str) -> set[str]:
    """VoiceMetadata's fields: what clone and localize answer."""
    if source(version) == "fern":
        return set(fern_props(version, "voices", "VoiceMetadata"))
    fields = set(schema("VoiceMetadata")["properties"])
    if source(version) == "notes":
        notes_say("(2026-08-14: `access, visibility, tagline` instead of `is_public`)")
        fields = (fields - {"is_public"}) | {"access", "visibility", "tagline"}
    return fields


def spec_update(version: str) -> tuple[set[str], set[str], set[str]]:
    """PATCH /voices/{id}: (fields, required fields, gender values)."""
    if source(version) == "fern":
        props = fern_props(version, "voices", "UpdateVoiceRequest")
        genders = (set(fern_enum(version, "voices", bare(fern_type(props["gender"]))))
                   if "gender" in props else set())
        return set(props), required_of(props), genders
    body = schema("UpdateVoiceRequest")
    fields, required = set(body["properties"]), set(body.get("required", []))
    genders = set(resolve(body["properties"]["gender"])["enum"]) if "gender" in fields else set()
    if source(version) == "notes":
        notes_say("2026-08-14 also `accent`")
        fields.add("accent")
    return fields, required, genders


class Localize:
    """POST /voices/localize by version."""

    def __init__(self, version: str) -> None:
        self.version = version
        if source(version) == "notes":
            notes_say("Localize takes `accent` (required) instead of language+dialect",
                      "2026-08-14: `accent*` replaces language+dialect, plus optional `tagline`")
            self.required = {"voice_id", "name", "accent"}
            self.languages: set[str] | None = None
            self.dialects: dict[str, set[str]] | None = None
            self.speaker_genders: set[str] | None = None
            return
        if source(version) == "fern":
            props = fern_props(version, "voices", "LocalizeVoiceRequest")
            self.required = required_of(props)

            def enum(name: str) -> set[str]:
                return set(fern_enum(version, "voices", name))

            union = [bare(fern_type(m)) for m in
                     fern(version, "voices")["types"]["LocalizeDialect"]["union"]]
            assert bare(fern_type(props["dialect"])) == "LocalizeDialect"
        else:
            body = schema("LocalizeVoiceRequest")
            self.required = set(body["required"])

            def enum(name: str) -> set[str]:
                return {str(v) for v in schema(name)["enum"]}

            union = [ref_name(m) for m in schema("LocalizeDialect")["oneOf"]]
        self.languages = enum("LocalizeTargetLanguage")
        if source(version) != "fern":
            # The OpenAPI file lists the original 15 target languages; the SDK that defaults to
            # its version (PY 3.x, 2025-11-04) added ar, he, ta, te and th in 3.4.0 (API notes
            # §3.3). The SDK is the newer witness of what the API accepts, so both sides take them.
            self.languages |= LOCALIZE_ADDED_BY_SDK_3_4
        self.speaker_genders = enum("Gender")
        names = {"English": "en", "Spanish": "es", "Portuguese": "pt", "French": "fr"}
        self.dialects = {}
        for name in union:
            language = names[name.removeprefix("Localize").removesuffix("Dialect")]
            self.dialects[language] = enum(name)


def spec_dicts(version: str) -> dict[str, Any] | None:
    """Pronunciation dictionaries of a version, or None when it has none."""
    if source(version) == "fern":
        if not fern_path(version, "pronunciation-dicts").is_file():
            return None
        item = fern_props(version, "pronunciation-dicts", "PronunciationDictItem")
        pdict = fern_props(version, "pronunciation-dicts", "PronunciationDict")
        create = fern_props(version, "pronunciation-dicts", "CreatePronunciationDictRequest")
        page = fern_props(version, "pronunciation-dicts", "PaginatedPronunciationDicts")
        endpoints = fern(version, "pronunciation-dicts")["service"]["endpoints"]
        limit = endpoints["list"]["request"]["query-parameters"]["limit"]
        max_chars = re.search(r"can be at most (\d+) characters", item["pronunciation"]["docs"])
        assert max_chars, f"fern/version-{version}/pronunciation-dicts.yml: no length bound"
        return {"item": set(item), "item_required": required_of(item),
                "dict": set(pdict), "dict_required": required_of(pdict),
                "create": set(create), "page": set(page),
                "limit": (limit["docs"], limit.get("default")),
                "pin": {"pin", "unpin"} <= set(endpoints), "max_chars": int(max_chars.group(1))}
    item = schema("PronunciationDictItem")
    pdict = schema("PronunciationDict")
    limit = next(p for p in oas()["paths"]["/pronunciation-dicts/"]["get"]["parameters"]
                 if resolve(p).get("name") == "limit")
    paths = oas()["paths"]
    if source(version) == "notes":
        notes_say("`/pronunciation-dicts/` (GET list, POST create `{name, items?[{text, alias}]}`)")
    return {"item": set(item["properties"]), "item_required": set(item["required"]),
            "dict": set(pdict["properties"]), "dict_required": set(pdict["required"]),
            "create": set(schema("CreatePronunciationDictRequest")["properties"]),
            "page": set(schema("PaginatedPronunciationDicts")["properties"]),
            "limit": (limit["description"], None),
            "pin": any(p.endswith("/pin") for p in paths), "max_chars": None}


def spec_locale(version: str) -> bool:
    """Whether TTS requests (bytes, SSE) carry `locale` and `normalization`."""
    if source(version) == "fern":
        request = fern(version, "tts")["service"]["endpoints"]["bytes"]["request"]
        return "locale" in fern_props(version, "tts", request)
    body = oas()["paths"]["/tts/bytes"]["post"]["requestBody"]["content"]["application/json"]
    has = "locale" in resolve(body["schema"])["properties"]
    if source(version) == "notes":
        notes_say("| `locale` | string, e.g. `en`, `en-GB` | bytes, SSE | 2026-08-14 only |",
                  "| `normalization` | `auto` (default) \\| `off` \\| locale code like `en-IN` | "
                  "bytes, SSE | 2026-08-14 only |")
        return True
    return has


def spec_accents(version: str) -> bool:
    """Whether the version has GET /accents and `accent` on voices."""
    if source(version) == "notes":
        notes_say("New `GET /accents`")
        return True
    if source(version) == "fern":
        paths = set()
        for file in (REFERENCE / "fern" / f"version-{version}").glob("*.yml"):
            service = fern(version, file.stem).get("service") or {}
            for endpoint in (service.get("endpoints") or {}).values():
                paths.add(str(service.get("base-path", "")) + str(endpoint.get("path", "")))
        return "/accents" in paths
    return "/accents" in oas()["paths"]


# --- the emulator, asked over loopback ---------------------------------------------------------


PUBLIC_VOICE = next(v.id for v in EMU_CATALOG if not v.owned)


def headers(version: str, key: str) -> dict[str, str]:
    # Fern 2024-06-10/2024-11-13 send API keys as X-API-Key, later versions as Bearer (API_NOTES
    # §1.2); tests/unit/test_facts.py checks both copies of that fact.
    auth = {"x-api-key": key} if version <= "2024-11-13" else {"authorization": f"Bearer {key}"}
    return {"cartesia-version": version, **auth}


def new_key() -> str:
    return f"sk_car_facts_{uuid.uuid4().hex}"


@functools.cache
def clip_wav() -> bytes:
    import numpy as np
    import soundfile

    t = np.arange(3 * 16000) / 16000
    out = io.BytesIO()
    soundfile.write(out, (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000,
                    format="WAV", subtype="PCM_16")
    return out.getvalue()


@pytest.fixture
def http(emulator_server: tuple[object, str]) -> Iterator[Any]:
    import httpx

    with httpx.Client(base_url=emulator_server[1], timeout=20) as client:
        yield client


def clone_request(http: Any, version: str, key: str, fields: dict[str, str], *,
                  clip: bool = True) -> Any:
    files = {"clip": ("clip.wav", clip_wav(), "audio/wav")} if clip else None
    if files is None:  # still multipart: one harmless part so the body is form data
        files = {"unused": ("unused.txt", b"x", "text/plain")}
    return http.post("/voices/clone", data=fields, files=files, headers=headers(version, key))


def valid_clone_fields(version: str) -> dict[str, str]:
    """The required form fields of the version's clone request, with valid values."""
    _, required, modes, _ = spec_clone(version)
    values = {"name": "Facts clone", "language": "en"}
    if modes:
        values["mode"] = sorted(modes)[0]
    assert required - {"clip"} <= set(values), f"unexpected required clone fields {required}"
    return {k: v for k, v in values.items() if k in required}


def status_of(response: Any) -> int:
    return int(response.status_code)


# --- tests: where the facts come from -------------------------------------------------------------


def test_versions_are_the_same_on_both_sides():
    assert list(facts.KNOWN_VERSIONS) == VERSIONS, (
        f"client: {CLIENT} KNOWN_VERSIONS = {facts.KNOWN_VERSIONS}, the reference's = {VERSIONS}")
    assert list(emu_versions.KNOWN_VERSIONS) == VERSIONS, (
        f"emulator: {EMU_VERSIONS} KNOWN_VERSIONS = {emu_versions.KNOWN_VERSIONS}, "
        f"the reference's = {VERSIONS}")


def test_2026_03_01_changes_none_of_these():
    """No definition file covers 2026-03-01; the OpenAPI facts stand for it only while API_NOTES
    lists no change of its to these endpoints and fields."""
    changes = notes_version_row(NO_FILE).lower().split("|")[3]
    # (it removes POST /voices/clone/clip, an embedding endpoint: not the clone tested here)
    for word in (r"/voices/clone(?!/clip)", "localize", "patch", "pronunciation", "accent",
                 "locale", "normalization", "expires_in", "dialect", "gender"):
        assert not re.search(word, changes), (
            f"{NOTES_NAME} §1.4 now lists a 2026-03-01 change about {word!r}: the OpenAPI facts "
            "no longer stand for 2026-03-01 here")


# --- clone ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", version_cases("test_client_clone"))
def test_client_clone(version):
    fields, required, modes, languages = spec_clone(version)
    at = where(version, "clone request")
    features = facts.VERSIONS[version]
    assert features.clone_mode == ("mode" in required), (
        f"client: {CLIENT} VERSIONS[{version!r}].clone_mode = {features.clone_mode}, {at} "
        f"{'requires' if 'mode' in required else 'has no required'} mode")
    if modes is not None:
        assert set(facts.CLONE_MODES) == modes, (
            f"client: {CLIENT} CLONE_MODES = {facts.CLONE_MODES}, {at} mode = {sorted(modes)}")
    assert features.accents == ("accent" in fields), (
        f"client: {CLIENT} VERSIONS[{version!r}].accents = {features.accents}, {at} "
        f"{'has' if 'accent' in fields else 'lacks'} accent")
    # The client has one language list for every version (the API decides per version).
    assert languages <= facts.LANGUAGES, (
        f"client: {CLIENT} LANGUAGES lacks {sorted(languages - facts.LANGUAGES)} ({at} language)")
    if version == NEWEST:
        assert facts.LANGUAGES == languages, (
            f"client: {CLIENT} LANGUAGES has extra {sorted(facts.LANGUAGES - languages)} "
            f"({at} language)")


def test_clone_clip_length():
    """The recommended clip: "about 5 seconds" (openapi.yaml clone), 3-10 s (API_NOTES §3.3).
    The client warns outside its range; the emulator must accept every recommended length."""
    text = oas()["paths"]["/voices/clone"]["post"]["description"]
    assert "about 5 seconds" in text, f"{OAS_NAME} /voices/clone: {text!r}"
    notes_say("(file, ~5 s recommended; docs later say 3–10 s)")
    assert tuple(map(float, facts.CLONE_RECOMMENDED_SECONDS)) == (3.0, 10.0), (
        f"client: {CLIENT} CLONE_RECOMMENDED_SECONDS = {facts.CLONE_RECOMMENDED_SECONDS}, "
        f"{NOTES_NAME} §3.3: 3-10 s")
    assert emu_voice_admin.MIN_CLIP_SECONDS <= 3.0 and emu_voice_admin.MAX_CLIP_SECONDS >= 10.0, (
        f"emulator: {EMU_ADMIN} clips {emu_voice_admin.MIN_CLIP_SECONDS}.."
        f"{emu_voice_admin.MAX_CLIP_SECONDS} s refuse some of the recommended 3-10 s")


@pytest.mark.parametrize("version", version_cases("test_emulator_clone_languages"))
def test_emulator_clone_languages(version):
    *_, languages = spec_clone(version)
    emulator = set(emu_voice_admin.clone_languages(emu_versions.VERSIONS[version]))
    assert emulator == languages, (
        f"emulator: {EMU_ADMIN} clone_languages({version}): extra "
        f"{sorted(emulator - languages)}, missing {sorted(languages - emulator)} "
        f"({where(version, 'clone language')})")


@pytest.mark.parametrize("version", version_cases("test_emulator_clone_fields"))
def test_emulator_clone_fields(version, http):
    """The emulator requires exactly the version's required fields and validates exactly the
    enum/boolean fields the version defines (fields of other versions are ignored)."""
    fields, required, modes, _ = spec_clone(version)
    at = where(version, "clone request")
    key = new_key()
    valid = valid_clone_fields(version)
    response = clone_request(http, version, key, valid)
    assert status_of(response) == 200, (
        f"emulator: {EMU_ADMIN} refuses a clone with just the required fields {sorted(required)} "
        f"on {version} ({at}): {response.status_code} {response.text}")
    metadata = spec_metadata(version)
    assert set(response.json()) == metadata, (
        f"emulator: {EMU_ADMIN} clone answers {sorted(response.json())} on {version}; "
        f"{where(version, 'VoiceMetadata')} = {sorted(metadata)}")
    for field in sorted(required):
        without = {k: v for k, v in valid.items() if k != field}
        response = clone_request(http, version, key, without, clip=field != "clip")
        assert status_of(response) == 400, (
            f"emulator: {EMU_ADMIN} accepts a clone without {field} on {version}, which {at} "
            f"requires: {response.status_code}")
    if modes is not None:
        for mode in sorted(modes):
            response = clone_request(http, version, key, {**valid, "mode": mode})
            assert status_of(response) == 200, (
                f"emulator: {EMU_ADMIN} refuses clone mode {mode!r} on {version} ({at}): "
                f"{response.text}")
    bad = {"mode": "loudness", "enhance": "maybe", "accent": "General American English"}
    for field, value in bad.items():
        response = clone_request(http, version, key, {**valid, field: value})
        defined = field in fields
        assert status_of(response) == (400 if defined else 200), (
            f"emulator: {EMU_ADMIN} answers {response.status_code} to clone {field}={value!r} on "
            f"{version}; {at} {'defines' if defined else 'does not define'} {field} "
            f"({'must be refused' if defined else 'must be ignored'})")


# --- PATCH /voices/{id} ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", version_cases("test_client_voice_update"))
def test_client_voice_update(version):
    fields, required, genders = spec_update(version)
    at = where(version, "UpdateVoiceRequest")
    features = facts.VERSIONS[version]
    assert features.voice_gender == ("gender" in fields), (
        f"client: {CLIENT} VERSIONS[{version!r}].voice_gender = {features.voice_gender}, {at} "
        f"fields {sorted(fields)}")
    partial = not ({"name", "description"} & required)
    assert features.partial_voice_update == partial, (
        f"client: {CLIENT} VERSIONS[{version!r}].partial_voice_update = "
        f"{features.partial_voice_update}, {at} requires {sorted(required)}")
    assert features.accents == ("accent" in fields), (
        f"client: {CLIENT} VERSIONS[{version!r}].accents = {features.accents}, {at} fields "
        f"{sorted(fields)}")
    if genders:
        assert set(facts.GENDERS) == genders, (
            f"client: {CLIENT} GENDERS = {facts.GENDERS}, {at} gender = {sorted(genders)}")


@pytest.mark.parametrize("version", version_cases("test_emulator_voice_update"))
def test_emulator_voice_update(version, http):
    fields, required, genders = spec_update(version)
    at = where(version, "UpdateVoiceRequest")
    key = new_key()
    made = clone_request(http, version, key, valid_clone_fields(version))
    assert status_of(made) == 200, made.text
    path = f"/voices/{made.json()['id']}"

    def patch(body: dict[str, Any]) -> int:
        return status_of(http.patch(path, json=body, headers=headers(version, key)))

    full = {"name": "Renamed", "description": "Changed"}
    assert patch(full) == 200, f"emulator: {EMU_ADMIN} refuses PATCH {full} on {version} ({at})"
    for field in sorted({"name", "description"}):
        partial = {k: v for k, v in full.items() if k != field}
        expected = 400 if field in required else 200
        assert patch(partial) == expected, (
            f"emulator: {EMU_ADMIN} answers {'200' if expected == 400 else '400'} to a PATCH "
            f"without {field} on {version}; {at} "
            f"{'requires' if field in required else 'does not require'} it")
    for gender in sorted(genders):
        assert patch({**full, "gender": gender}) == 200, (
            f"emulator: {EMU_ADMIN} refuses gender {gender!r} on {version} ({at})")
    if "gender" in fields:
        assert patch({**full, "gender": None}) == 200, (
            f"emulator: {EMU_ADMIN} refuses gender null (reset) on {version} ({at})")
    bad = {"gender": "robot", "accent": "General American English"}
    for field, value in bad.items():
        defined = field in fields
        assert patch({**full, field: value}) == (400 if defined else 200), (
            f"emulator: {EMU_ADMIN} PATCH {field}={value!r} on {version}: {at} "
            f"{'defines' if defined else 'does not define'} {field} "
            f"({'must be refused' if defined else 'must be ignored'})")


# --- localize ------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", version_cases("test_client_localize"))
def test_client_localize(version):
    spec = Localize(version)
    at = where(version, "LocalizeVoiceRequest")
    features = facts.VERSIONS[version]
    assert features.accents == ("accent" in spec.required), (
        f"client: {CLIENT} VERSIONS[{version!r}].accents = {features.accents}, {at} requires "
        f"{sorted(spec.required)}")
    if spec.dialects is not None:
        client = {k: set(v) for k, v in facts.LOCALIZE_DIALECTS.items()}
        assert client == spec.dialects, (
            f"client: {CLIENT} LOCALIZE_DIALECTS = {facts.LOCALIZE_DIALECTS}, {at} dialects = "
            f"{spec.dialects}")
    if spec.speaker_genders is not None:
        assert set(facts.SPEAKER_GENDERS) == spec.speaker_genders, (
            f"client: {CLIENT} SPEAKER_GENDERS = {facts.SPEAKER_GENDERS}, {at} "
            f"original_speaker_gender = {sorted(spec.speaker_genders)}")


def localize(http: Any, version: str, key: str, body: dict[str, Any]) -> int:
    return status_of(http.post("/voices/localize", json=body, headers=headers(version, key)))


def valid_localize_body(spec: Localize) -> dict[str, Any]:
    body: dict[str, Any] = {"voice_id": PUBLIC_VOICE, "name": "Facts localized"}
    if spec.languages is None:
        body["accent"] = next(a.id for a in emu_accents.ACCENTS if a.is_localizable)
    else:
        body.update(description="From the facts test", language="es",
                    original_speaker_gender=sorted(spec.speaker_genders or {"female"})[0])
    assert spec.required <= set(body), f"unexpected required localize fields {spec.required}"
    return body


@pytest.mark.parametrize("version", version_cases("test_emulator_localize_fields"))
def test_emulator_localize_fields(version, http):
    spec = Localize(version)
    at = where(version, "LocalizeVoiceRequest")
    key, body = new_key(), valid_localize_body(spec)
    assert localize(http, version, key, body) == 200, (
        f"emulator: {EMU_ADMIN} refuses {body} on {version} ({at})")
    for field in sorted(spec.required):
        without = {k: v for k, v in body.items() if k != field}
        assert localize(http, version, key, without) == 400, (
            f"emulator: {EMU_ADMIN} accepts a localize without {field} on {version}; {at} "
            "requires it")
    if spec.speaker_genders is not None:
        for gender in sorted(spec.speaker_genders):
            assert localize(http, version, key, {**body, "original_speaker_gender": gender}) \
                == 200, f"emulator: {EMU_ADMIN} refuses original_speaker_gender {gender!r}"
        assert localize(http, version, key, {**body, "original_speaker_gender": "robot"}) \
            == 400, f"emulator: {EMU_ADMIN} accepts original_speaker_gender 'robot' ({at})"
    if spec.languages is None:  # by accent: a display name is not an accent id (notes §1.4)
        notes_say("display names rejected")
        assert localize(http, version, key, {**body, "accent": "British English"}) == 400, (
            f"emulator: {EMU_ADMIN} accepts a display name as accent on {version}")


LOCALIZE_CANDIDATES = sorted({lang for v in VERSIONS if (s := Localize(v)).languages
                              for lang in s.languages} | {"ar", "he", "ta", "te", "th", "da"})


@pytest.mark.parametrize("version", version_cases(
    "test_emulator_localize_languages", [v for v in VERSIONS if Localize(v).languages]))
def test_emulator_localize_languages(version, http):
    spec = Localize(version)
    assert spec.languages is not None
    key, body = new_key(), valid_localize_body(spec)
    accepted = {lang for lang in LOCALIZE_CANDIDATES
                if localize(http, version, key, {**body, "language": lang}) == 200}
    assert accepted == spec.languages, (
        f"emulator: {EMU_ADMIN} localizes to extra {sorted(accepted - spec.languages)}, not to "
        f"{sorted(spec.languages - accepted)} on {version} "
        f"({where(version, 'LocalizeTargetLanguage')})")


@pytest.mark.parametrize("version", version_cases(
    "test_emulator_localize_dialects", [v for v in VERSIONS if Localize(v).dialects]))
def test_emulator_localize_dialects(version, http):
    spec = Localize(version)
    assert spec.dialects is not None and spec.languages is not None
    at = where(version, "LocalizeDialect")
    key, body = new_key(), valid_localize_body(spec)
    all_dialects = {d for ds in spec.dialects.values() for d in ds}
    without = sorted(spec.languages - set(spec.dialects))[:1]  # one language with no dialects
    for language in sorted(spec.dialects) + without:
        for dialect in sorted(all_dialects):
            allowed = dialect in spec.dialects.get(language, set())
            got = localize(http, version, key, {**body, "language": language,
                                                "dialect": dialect})
            assert got == (200 if allowed else 400), (
                f"emulator: {EMU_ADMIN} answers {got} to language {language} dialect {dialect} "
                f"on {version}; {at}: {language} dialects are "
                f"{sorted(spec.dialects.get(language, set()))}")


# --- accents (2026-08-14) -----------------------------------------------------------------------


@pytest.mark.parametrize("version", version_cases("test_accents_by_version"))
def test_accents_by_version(version, http):
    has = spec_accents(version)
    features = facts.VERSIONS[version]
    assert features.accents == has, (
        f"client: {CLIENT} VERSIONS[{version!r}].accents = {features.accents}, "
        f"{where(version, 'GET /accents')} {'has' if has else 'lacks'} it")
    first = next(v for v in VERSIONS if spec_accents(v))
    assert facts.ACCENTS_SINCE == first, (
        f"client: {CLIENT} ACCENTS_SINCE = {facts.ACCENTS_SINCE}, the reference's first version "
        f"with GET /accents is {first}")
    assert (version >= emu_voice_admin.ACCENTS_VERSION) == has, (
        f"emulator: {EMU_ADMIN} ACCENTS_VERSION = {emu_voice_admin.ACCENTS_VERSION}, "
        f"{where(version, 'GET /accents')} {'has' if has else 'lacks'} it on {version}")
    response = http.get("/accents", headers=headers(version, new_key()))
    assert status_of(response) == (200 if has else 404), (
        f"emulator: GET /accents on {version} answers {response.status_code}")
    if has:
        notes_say("`GET /accents` — `{accents:[{id, name, language, locale, is_locale_default, "
                  "is_localizable}]}` sorted by id")
        body = response.json()
        assert set(body) == {"accents"}, f"emulator: GET /accents answers keys {sorted(body)}"
        shape = {"id", "name", "language", "locale", "is_locale_default", "is_localizable"}
        wrong = [a for a in body["accents"] if set(a) != shape]
        assert not wrong, f"emulator: {EMU_ACCENTS} accents not shaped {sorted(shape)}: {wrong[:2]}"
        ids = [a["id"] for a in body["accents"]]
        assert ids == sorted(ids), f"emulator: {EMU_ACCENTS} GET /accents is not sorted by id"


def test_accent_catalog_against_the_notes():
    """What API_NOTES says of every accent: a catalog id (not a display name), a language of the
    newest version, a BCP-47 locale of that language; a voice carries at most 10 including the
    native one."""
    *_, languages = spec_clone(NEWEST)
    bad = [a.id for a in emu_accents.ACCENTS if not re.fullmatch(r"[a-z]+(-[a-z]+)*", a.id)]
    assert not bad, f"emulator: {EMU_ACCENTS} accent ids that are not catalog ids: {bad}"
    bad = [(a.id, a.language) for a in emu_accents.ACCENTS if a.language not in languages]
    assert not bad, f"emulator: {EMU_ACCENTS} accents of languages 2026-08-14 lacks: {bad}"
    bad = [(a.id, a.locale) for a in emu_accents.ACCENTS
           if not re.fullmatch(rf"{a.language}-[A-Z]{{2}}", a.locale)]
    assert not bad, f"emulator: {EMU_ACCENTS} locales that are not language-REGION: {bad}"
    notes_say("(max 10 incl. native)")
    assert emu_accents.MAX_VOICE_ACCENTS == 10, (
        f"emulator: {EMU_ACCENTS} MAX_VOICE_ACCENTS = {emu_accents.MAX_VOICE_ACCENTS}, "
        f"{NOTES_NAME} §3.3: max 10 incl. native")


def sdk_types() -> Path:
    found = sorted(REPO.glob(SDK_TYPES_GLOB))
    if not found:
        pytest.skip("the SDK 4.2.0 environment of tests/sdk_api is not built; 2026-08-14 facts "
                    "that only the SDK states are not checked")
    return found[-1]


def sdk_literal(path: Path, name: str) -> set[str]:
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"{name}: TypeAlias = Literal\[(.*?)\]", text, re.S)
    assert match, f"SDK {path.name}: no {name} Literal"
    return set(re.findall(r'"([^"]+)"', match.group(1)))


def sdk_fields(path: Path, name: str) -> dict[str, bool]:
    """TypedDict or model fields of SDK class `name` -> required."""
    text = re.sub(r'"""(.*?)"""', "", path.read_text(encoding="utf-8"), flags=re.S)
    body = text.split(f"class {name}(", 1)[1]
    fields = {}
    for field, annotation in re.findall(r"^    (\w+): ([^\n]+)$", body, re.M):
        fields[field] = annotation.startswith("Required[") or (
            "Optional[" not in annotation and "=" not in annotation and "total=False" not in text)
    return fields


def test_accent_ids_against_the_sdk():
    """2026-08-14 only in the SDK: its VoiceAccent list is GET /accents's ids, its
    AttachVoiceAccent list the accents a voice can take (is_localizable)."""
    types = sdk_types()
    ids = sdk_literal(types / "voice_accent.py", "VoiceAccent")
    emulator = {a.id for a in emu_accents.ACCENTS}
    assert emulator == ids, (
        f"emulator: {EMU_ACCENTS} accent ids: extra {sorted(emulator - ids)}, missing "
        f"{sorted(ids - emulator)} (SDK 4.2.0 types/voice_accent.py VoiceAccent)")
    attach = sdk_literal(types / "attach_voice_accent.py", "AttachVoiceAccent")
    localizable = {a.id for a in emu_accents.ACCENTS if a.is_localizable}
    assert localizable == attach, (
        f"emulator: {EMU_ACCENTS} is_localizable accents: extra {sorted(localizable - attach)}, "
        f"missing {sorted(attach - localizable)} (SDK 4.2.0 AttachVoiceAccent)")


def test_localize_and_dict_items_against_the_sdk():
    """2026-08-14 localize fields and dictionary item fields, which API_NOTES does not list in
    full, as the SDK 4.2.0 types have them."""
    types = sdk_types()
    params = sdk_fields(types / "voice_localize_params.py", "VoiceLocalizeParams")
    assert {k for k, req in params.items() if req} == Localize(NEWEST).required, (
        f"SDK VoiceLocalizeParams requires {sorted(k for k, r in params.items() if r)}; this "
        f"file's 2026-08-14 expectation (from {NOTES_NAME}) is {sorted(Localize(NEWEST).required)}")
    item = sdk_fields(types / "pronunciation_dict_item_param.py", "PronunciationDictItemParam")
    assert item == {"text": True, "alias": True, "case_sensitive": False}, f"SDK item: {item}"
    store = emu_dicts.DictStore()
    made = store.create({"name": "d", "items": [{"text": "a", "alias": "b",
                                                  "case_sensitive": True}]},
                        emu_versions.VERSIONS[NEWEST], "k", "u")
    rendered = emu_dicts.render(made, emu_versions.VERSIONS[NEWEST])["items"]
    assert rendered == [{"text": "a", "alias": "b", "case_sensitive": True}], (
        f"emulator: {EMU_DICTS} renders a 2026-08-14 item as {rendered}")
    with pytest.raises(ApiFailure):
        store.create({"name": "d", "items": [{"text": "a", "alias": "b",
                                              "case_sensitive": "yes"}]},
                     emu_versions.VERSIONS[NEWEST], "k", "u")


# --- pronunciation dictionaries -------------------------------------------------------------------


def item_with(spec: dict[str, Any]) -> dict[str, str]:
    """An item carrying exactly the spec's required fields."""
    values = {"text": "Cartesia", "pronunciation": "kar-tee-zha", "alias": "kar-tee-zha"}
    return {k: values[k] for k in spec["item_required"]}


@pytest.mark.parametrize("version", version_cases("test_client_dicts"))
def test_client_dicts(version):
    spec = spec_dicts(version)
    at = where(version, "PronunciationDictItem")
    expected = None if spec is None else (spec["item_required"] - {"text"})
    if expected is not None:
        assert len(expected) == 1, f"{at}: item requires {sorted(spec['item_required'])}"
    field = None if expected is None else expected.pop()
    client = facts.VERSIONS[version].dict_item_field
    assert client == field, (
        f"client: {CLIENT} VERSIONS[{version!r}].dict_item_field = {client!r}, {at} requires "
        f"{field!r}")
    first = next(v for v in VERSIONS if spec_dicts(v) is not None)
    assert facts.DICTS_SINCE == first, (
        f"client: {CLIENT} DICTS_SINCE = {facts.DICTS_SINCE}, the reference's first version with "
        f"pronunciation dictionaries is {first}")
    if spec is not None and spec["max_chars"] is not None:
        assert facts.DICT_ITEM_MAX_CHARS == spec["max_chars"], (
            f"client: {CLIENT} DICT_ITEM_MAX_CHARS = {facts.DICT_ITEM_MAX_CHARS}, {at} says at "
            f"most {spec['max_chars']}")


@pytest.mark.parametrize("version", version_cases("test_emulator_dicts"))
def test_emulator_dicts(version, http):
    spec = spec_dicts(version)
    api = emu_versions.VERSIONS[version]
    key = new_key()
    listed = http.get("/pronunciation-dicts/", headers=headers(version, key))
    assert emu_dicts.has_dicts(api) == (spec is not None), (
        f"emulator: {EMU_DICTS} has_dicts({version}) = {emu_dicts.has_dicts(api)}, the reference "
        f"{'has' if spec else 'has no'} pronunciation dictionaries there")
    assert status_of(listed) == (200 if spec else 404), (
        f"emulator: GET /pronunciation-dicts/ on {version} answers {listed.status_code}")
    if spec is None:
        return
    at = where(version, "pronunciation-dicts")
    store = emu_dicts.DictStore()
    item = item_with(spec)
    # case_sensitive is SDK-only (2026-08-14, test_localize_and_dict_items_against_the_sdk);
    # where the reference's item lacks it, it must not come back.
    flagged = {**item, "case_sensitive": True} if version != NEWEST else item
    made = store.create({"name": "Facts", "description": "About", "items": [flagged]}, api, key,
                        "u")
    rendered = emu_dicts.render(made, api)
    assert spec["dict_required"] <= set(rendered) <= spec["dict"], (
        f"emulator: {EMU_DICTS} render on {version} answers {sorted(rendered)}; {at} "
        f"PronunciationDict has {sorted(spec['dict'])}, requires {sorted(spec['dict_required'])}")
    assert ("description" in rendered) == ("description" in spec["create"]), (
        f"emulator: {EMU_DICTS} {'keeps' if 'description' in rendered else 'drops'} a dictionary "
        f"description on {version}; {at} create request fields {sorted(spec['create'])}")
    for answered in rendered["items"]:
        assert spec["item_required"] <= set(answered) <= spec["item"], (
            f"emulator: {EMU_DICTS} item on {version} is {sorted(answered)}; {at} item has "
            f"{sorted(spec['item'])}, requires {sorted(spec['item_required'])}")
    for missing in sorted(spec["item_required"]):
        partial = {k: v for k, v in item.items() if k != missing}
        with pytest.raises(ApiFailure):
            store.create({"name": "Facts", "items": [partial]}, api, key, "u")
            pytest.fail(f"emulator: {EMU_DICTS} accepts an item without {missing} on {version} "
                        f"({at} requires it)")
    page = store.page("", api, key)
    assert {"data", "has_more"} <= set(page) <= spec["page"], (
        f"emulator: {EMU_DICTS} page on {version} answers {sorted(page)}; {at} "
        f"PaginatedPronunciationDicts has {sorted(spec['page'])}")
    assert ("next_page" in page) == ("next_page" in spec["page"]), (
        f"emulator: {EMU_DICTS} next_page on {version}: "
        f"{'present' if 'next_page' in page else 'absent'}; {at} "
        f"{'has' if 'next_page' in spec['page'] else 'lacks'} it")
    text, default = spec["limit"]
    bounds = re.search(r"between (\d+) and (\d+)", text)
    assert bounds, f"{at} limit: no 'between a and b' in {text!r}"
    low, high = int(bounds.group(1)), int(bounds.group(2))
    assert (low, high) == (1, emu_dicts.MAX_LIMIT), (
        f"emulator: {EMU_DICTS} limit 1..{emu_dicts.MAX_LIMIT}, {at}: {bounds.group(0)}")
    for limit, ok in ((low, True), (high, True), (low - 1, False), (high + 1, False)):
        if ok:
            store.page(f"limit={limit}", api, key)
        else:
            with pytest.raises(ApiFailure):
                store.page(f"limit={limit}", api, key)
    if default is not None:
        assert emu_dicts.DEFAULT_LIMIT == default, (
            f"emulator: {EMU_DICTS} DEFAULT_LIMIT = {emu_dicts.DEFAULT_LIMIT}, {at} default "
            f"{default}")
    if spec["max_chars"] is not None:
        field = next(iter(spec["item_required"] - {"text"}))
        assert emu_dicts.MAX_PRONUNCIATION_CHARS == spec["max_chars"], (
            f"emulator: {EMU_DICTS} MAX_PRONUNCIATION_CHARS = {emu_dicts.MAX_PRONUNCIATION_CHARS}"
            f", {at} says at most {spec['max_chars']}")
        store.create({"name": "Long", "items": [{**item, field: "a" * spec["max_chars"]}]},
                     api, key, "u")
        with pytest.raises(ApiFailure):
            store.create({"name": "Too long", "items": [
                {**item, field: "a" * (spec["max_chars"] + 1)}]}, api, key, "u")
    # pin/unpin exist where the reference has them (over HTTP: routing is the emulator's copy).
    created = http.post("/pronunciation-dicts/", json={"name": "Pin me", "items": [item]},
                        headers=headers(version, key))
    assert status_of(created) == 200, created.text
    pinned = http.post(f"/pronunciation-dicts/{created.json()['id']}/pin",
                       headers=headers(version, key))
    assert (status_of(pinned) in (200, 204)) == spec["pin"], (
        f"emulator: POST /pronunciation-dicts/{{id}}/pin on {version} answers "
        f"{pinned.status_code}; {at} {'has' if spec['pin'] else 'has no'} pin")


# --- TTS locale and normalization -----------------------------------------------------------------


def tts_body(**extra: Any) -> dict[str, Any]:
    return {"model_id": "sonic-3", "transcript": "Hello there.", "context_id": "facts-1",
            "voice": {"mode": "id", "id": PUBLIC_VOICE},
            "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000},
            **extra}


@pytest.mark.parametrize("version", version_cases("test_locale_and_normalization"))
def test_locale_and_normalization(version):
    has = spec_locale(version)
    at = where(version, "TTSRequest")
    features = facts.VERSIONS[version]
    assert features.locale_field == has, (
        f"client: {CLIENT} VERSIONS[{version!r}].locale_field = {features.locale_field}, {at} "
        f"{'has' if has else 'lacks'} locale/normalization")
    first = next(v for v in VERSIONS if spec_locale(v))
    assert facts.LOCALE_SINCE == first, (
        f"client: {CLIENT} LOCALE_SINCE = {facts.LOCALE_SINCE}, the reference's first is {first}")
    api = emu_versions.VERSIONS[version]
    assert api.locale_fields == has, (
        f"emulator: {EMU_VERSIONS} VERSIONS[{version!r}].locale_fields = {api.locale_fields}, "
        f"{at} {'has' if has else 'lacks'} locale")
    for endpoint in ("bytes", "sse"):
        for extra in ({"locale": "en-GB"}, {"normalization": "auto"}):
            try:
                request = validate_tts(tts_body(**extra), api, endpoint)
            except ApiFailure:
                accepted = False
            else:
                accepted = request.locale is not None or "normalization" in extra
            assert accepted == has, (
                f"emulator: {EMU_VALIDATION} {'accepts' if accepted else 'refuses'} {extra} on "
                f"{endpoint} {version}; {at} {'has' if has else 'lacks'} it")
    if not has:
        return
    # API_NOTES §2.2: locale and language are mutually exclusive; normalization is auto, off or
    # a locale code.
    notes_say("mutually exclusive with `locale`")
    assert set(facts.NORMALIZATION_WORDS) == {"auto", "off"}, (
        f"client: {CLIENT} NORMALIZATION_WORDS = {facts.NORMALIZATION_WORDS}, {NOTES_NAME} §2.2: "
        "auto, off (or a locale code)")
    assert facts.locale_code("en-GB") == "en-GB" and facts.locale_code("en") is None, (
        f"client: {CLIENT} locale_code does not take en-GB as the locale it is")
    for endpoint in ("bytes", "sse"):
        with pytest.raises(ApiFailure):
            validate_tts(tts_body(locale="en-GB", language="en"), api, endpoint)
            pytest.fail(f"emulator: {EMU_VALIDATION} accepts language and locale together")
        for value in ("auto", "off", "en-IN"):
            validate_tts(tts_body(normalization=value), api, endpoint)
        with pytest.raises(ApiFailure):
            validate_tts(tts_body(normalization="loud"), api, endpoint)
            pytest.fail(f"emulator: {EMU_VALIDATION} accepts normalization 'loud'")


def spec_locale_on(version: str, endpoint: str) -> bool:
    """Whether `endpoint`'s request carries `locale`: API_NOTES §2.2 gives 2026-08-14's to
    bytes and SSE only; the files' WebSocket generation requests have none."""
    if endpoint != "websocket":
        return spec_locale(version)
    if source(version) == "fern":
        body = fern(version, "tts")["channel"]["messages"]["send"]["body"]
        members = [bare(fern_type(m)) for m in fern(version, "tts")["types"][body]["union"]]
        return any("locale" in fern_props(version, "tts", m) for m in members)
    union = resolve(schema("TTSWebSocketRequest"))
    members = [resolve(m) for m in union.get("oneOf", [union])]
    if source(version) == "notes":
        notes_say("| `locale` | string, e.g. `en`, `en-GB` | bytes, SSE | 2026-08-14 only |")
    return any("locale" in m.get("properties", {}) for m in members)


@pytest.mark.parametrize("case", cases("test_locale_per_endpoint", [
    f"{v}-{e}" for v in VERSIONS for e in ("bytes", "sse", "websocket")]))
def test_locale_per_endpoint(case):
    """Where `locale` travels. The client's copy of this rule is api/tts.py language_fields."""
    from cartesia_cli.api.tts import Voicing, language_fields
    from cartesia_cli.errors import UsageError

    version, endpoint = case.rsplit("-", 1)
    has = spec_locale_on(version, endpoint)
    at = where(version, f"{endpoint} request")
    voicing = Voicing(model_id="sonic-3", voice_id=PUBLIC_VOICE, locale="en-GB")
    try:
        sent = "locale" in language_fields(voicing, facts.VERSIONS[version], endpoint=endpoint)
    except UsageError:
        sent = False
    assert sent == has, (
        f"client: cartesia_cli/api/tts.py language_fields {'sends' if sent else 'refuses'} "
        f"locale on {endpoint} {version}; {at} {'has' if has else 'lacks'} it")
    try:
        applied = validate_tts(tts_body(locale="en-GB"), emu_versions.VERSIONS[version],
                               endpoint).locale is not None
    except ApiFailure:
        applied = False
    assert applied == has, (
        f"emulator: {EMU_VALIDATION} {'takes' if applied else 'refuses'} locale en-GB on "
        f"{endpoint} {version}; {at} {'has' if has else 'lacks'} it (a field a request lacks "
        "is refused or ignored, never used)")


# --- access tokens: expires_in ------------------------------------------------------------------


@pytest.mark.parametrize("version", version_cases("test_token_expires_in"))
def test_token_expires_in(version):
    """The spec sets only a maximum (an integer, "The maximum is 1 hour (3600 seconds)")."""
    if source(version) == "fern":
        node = fern_props(version, "auth", "TokenRequest")["expires_in"]
        text, kind, minimum = node["docs"], bare(fern_type(node)), None
    else:
        node = resolve(schema("TokenRequest")["properties"]["expires_in"])
        text, kind, minimum = node["description"], node["type"], node.get("minimum")
    at = where(version, "TokenRequest.expires_in")
    found = re.search(r"maximum is[^(]*\((\d+) seconds\)", text)
    assert found and kind == "integer", f"{at}: {kind} {text!r}"
    maximum = int(found.group(1))
    assert minimum is None and "minimum" not in text.lower(), f"{at} now sets a minimum"
    assert facts.MAX_TOKEN_EXPIRES_IN == maximum, (
        f"client: {CLIENT} MAX_TOKEN_EXPIRES_IN = {facts.MAX_TOKEN_EXPIRES_IN}, {at} = {maximum}")
    assert emu_auth.MAX_TOKEN_SECONDS == maximum, (
        f"emulator: {EMU_AUTH} MAX_TOKEN_SECONDS = {emu_auth.MAX_TOKEN_SECONDS}, {at} = {maximum}")
    for seconds in (maximum, 1, 0):
        _, got = emu_auth.parse_token_request({"expires_in": seconds})
        assert got == seconds, f"emulator: {EMU_AUTH} refuses expires_in {seconds} ({at})"
    for bad in (maximum + 1, 1.5, "60"):
        with pytest.raises(ApiFailure):
            emu_auth.parse_token_request({"expires_in": bad})
            pytest.fail(f"emulator: {EMU_AUTH} accepts expires_in {bad!r} ({at})")


def test_localize_languages_added_by_the_sdk_are_in_the_notes():
    """LOCALIZE_ADDED_BY_SDK_3_4 rests on this line of the API notes; if it goes, so must they."""
    notes = (REFERENCE / NOTES_NAME).read_text(encoding="utf-8")
    assert "PY 3.4.0 adds " + ", ".join(sorted(LOCALIZE_ADDED_BY_SDK_3_4)) in notes
