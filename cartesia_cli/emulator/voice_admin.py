"""Making and managing voices: POST /voices/clone, PATCH and DELETE /voices/{id},
POST /voices/localize, GET /accents and a voice's attached accents, version by version.

Shapes: API_NOTES §3.3, FERN voices.yml per version, OAS (2025-11-04) and the SDK 4.2.0 types
(2026-08-14). Where the public material is silent, the emulator decides:
- A public voice cannot be changed or deleted: 403. A voice the key cannot see (unknown, deleted,
  or another key's own) is 404, as GET /voices/{id} answers it.
- A clip must decode (soundfile) to at least MIN_CLIP_SECONDS and at most MAX_CLIP_SECONDS of
  audio that is not silent; the docs recommend about 5 s (3-10 s).
- Fields a version does not define are ignored (as unknown JSON fields are elsewhere).
- A cloned voice has no gender until PATCH sets one; a localized voice keeps its source's gender
  (or takes original_speaker_gender) and its espeak variant, and speaks the new language.
"""

from __future__ import annotations

import datetime
import email.message
import email.parser
import email.policy
import hashlib
import io
import uuid
from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cartesia_cli.emulator import supported, voice_store
from cartesia_cli.emulator import voices as catalog_logic
from cartesia_cli.emulator.accents import (
    ACCENTS,
    ACCENTS_BY_ID,
    MAX_VOICE_ACCENTS,
    Accent,
    default_locale,
)
from cartesia_cli.emulator.catalog import CatalogVoice
from cartesia_cli.emulator.errors import ApiFailure, not_in_api
from cartesia_cli.emulator.gate import admit_http, caller_key, read_json, server_state
from cartesia_cli.emulator.offload import run_blocking
from cartesia_cli.emulator.validation import bad_request, json_object
from cartesia_cli.emulator.versions import ApiVersion
from cartesia_cli.emulator.voice_store import user_id_for

MIN_CLIP_SECONDS = 1.0
MAX_CLIP_SECONDS = 60.0
ACCENTS_VERSION = "2026-08-14"  # GET /accents, accent fields, localize by accent
CLONE_MODES = ("similarity", "stability")
_LOCALIZE_LANGUAGES = ("en", "de", "es", "fr", "ja", "pt", "zh", "hi", "it", "ko", "nl", "pl",
                       "ru", "sv", "tr")
_LOCALIZE_LANGUAGES_2025_11 = _LOCALIZE_LANGUAGES + ("ar", "he", "ta", "te", "th")
# dialect -> (locale, accent) per target language (OAS LocalizeDialect; "pe" is Peninsular).
_DIALECTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"au": ("en-AU", "australian"), "in": ("en-IN", "indian-english"),
           "so": ("en-US", "southern-us"), "uk": ("en-GB", "british"),
           "us": ("en-US", "general-american")},
    "es": {"mx": ("es-MX", "mexican"), "pe": ("es-ES", "castilian")},
    "pt": {"br": ("pt-BR", "brazilian-portuguese"), "eu": ("pt-PT", "european-portuguese")},
    "fr": {"eu": ("fr-FR", "parisian"), "ca": ("fr-CA", "canadian-french")},
}
_SPEAKER_GENDERS = {"male": "masculine", "female": "feminine"}
MAX_TAGLINE_CHARS = 32


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clone_languages(version: ApiVersion) -> tuple[str, ...]:
    if version.date <= "2025-04-16":
        return supported.ORIGINAL_LANGUAGES
    return supported.SONIC3_LANGUAGES + version.extra_languages


def metadata(voice: CatalogVoice, version: ApiVersion, user_id: str) -> dict[str, object]:
    """VoiceMetadata, what clone and localize answer."""
    body: dict[str, object] = {"id": voice.id, "user_id": user_id}
    if version.date >= ACCENTS_VERSION:
        body.update(access="private", visibility="owner", name=voice.name, tagline=voice.tagline)
    else:
        body.update(is_public=False, name=voice.name)
    body.update(description=voice.description, created_at=voice.created_at,
                language=voice.language)
    return body


def _render(request: Request, voice: CatalogVoice, version: ApiVersion,
            key: str | None) -> Response:
    api = catalog_logic.VOICE_API[version.date]
    base = str(request.base_url).rstrip("/")
    return JSONResponse(catalog_logic.render_voice(voice, api, (), base, user_id_for(key)))


def _owned_voice(request: Request, key: str | None, action: str) -> CatalogVoice:
    voice_id = request.path_params["voice_id"]
    voice = server_state(request).voices.find(voice_id, key)
    if voice is None:
        raise ApiFailure(404, "Voice not found", f"No voice with id {voice_id!r}.",
                         "voice_not_found")
    if not voice.owned:
        raise ApiFailure(403, "Forbidden", f"Voice {voice_id} is a public voice; only voices "
                         f"you own can be {action}.")
    return voice


def _check_room(request: Request) -> None:
    if not server_state(request).voices.has_room():
        raise bad_request("This emulator keeps at most "
                          f"{voice_store.MAX_MADE_VOICES} voices made by clone or localize; "
                          "delete some first.")


def _accent(value: object, field: str) -> Accent:
    if not isinstance(value, str) or value not in ACCENTS_BY_ID:
        raise bad_request(f"{field} must be an accent id from GET /accents (e.g. general-american, "
                          f"british); display names are not accepted; got {value!r}.",
                          "Invalid accent")
    return ACCENTS_BY_ID[value]


# --- multipart ---------------------------------------------------------------------------------

def parse_form(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """multipart/form-data fields: name -> (file name or None, content); the last one wins.
    Parts are cut at the boundary with bytes.split (fast for clips of many MB); only each
    part's few header lines go through the email parser.

    Raises:
        ApiFailure: 400 when the body is not multipart/form-data.
    """
    not_form = bad_request("The request body must be multipart/form-data "
                           "(clip, name, language, ...).")
    header = email.message.Message()
    header["content-type"] = content_type
    boundary = header.get_param("boundary")
    if header.get_content_type() != "multipart/form-data" or not isinstance(boundary, str) \
            or not boundary:
        raise not_form
    parts = body.split(b"--" + boundary.encode("latin-1"))
    if len(parts) < 3 or not parts[-1].startswith(b"--"):
        raise bad_request("The multipart body is incomplete (no closing boundary).")
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in parts[1:-1]:
        head, sep, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise bad_request("A part of the multipart body has no headers.")
        headers = email.parser.HeaderParser(policy=email.policy.HTTP).parsestr(
            head.decode("utf-8", "replace") + "\r\n\r\n")
        name = headers.get_param("name", header="content-disposition")
        if isinstance(name, str):
            fields[name] = (headers.get_filename(), content.removesuffix(b"\r\n"))
    return fields


def _text(fields: dict[str, tuple[str | None, bytes]], name: str) -> str | None:
    if name not in fields:
        return None
    try:
        return fields[name][1].decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request(f"{name} must be UTF-8 text.") from None


def clip_seconds(data: bytes) -> float:
    """The clip's duration, after checking that it decodes and is not silent.

    Raises:
        ApiFailure: 400 for an empty, undecodable, silent, too short or too long clip.
    """
    import numpy as np
    import soundfile

    if not data:
        raise bad_request("clip is empty.", "Invalid clip")
    try:
        with soundfile.SoundFile(io.BytesIO(data)) as sound:
            rate, frames = sound.samplerate, sound.frames
            seconds = frames / rate if rate else 0.0
            if seconds > MAX_CLIP_SECONDS:
                raise bad_request(f"clip is {seconds:.1f} s long; clips may be at most "
                                  f"{MAX_CLIP_SECONDS:.0f} s (about 5 s works best).",
                                  "Invalid clip")
            audio = sound.read(dtype="float32", always_2d=True)
    except (RuntimeError, ValueError, TypeError, EOFError):  # soundfile's errors for non-audio
        raise bad_request("clip is not an audio file that can be read (use WAV, FLAC, OGG or MP3).",
                          "Invalid clip") from None
    if seconds < MIN_CLIP_SECONDS:
        raise bad_request(f"clip is {seconds:.2f} s long; clips must be at least "
                          f"{MIN_CLIP_SECONDS:.0f} s (about 5 s works best).", "Invalid clip")
    if not len(audio) or float(np.max(np.abs(audio))) < 1e-4:
        raise bad_request("clip is silent.", "Invalid clip")
    return seconds


# --- handlers ----------------------------------------------------------------------------------

async def voice_clone(request: Request) -> Response:
    state = server_state(request)
    version = await admit_http(request, grant=None)
    key = caller_key(request)
    assert key is not None  # admit_http(grant=None) lets API keys only through
    fields = parse_form(request.headers.get("content-type", ""), await request.body())
    if "clip" not in fields:
        raise bad_request("clip is required: the audio file to clone.")
    name = _text(fields, "name")
    if name is None or not name.strip():
        raise bad_request("name is required and must not be empty.")
    language = _text(fields, "language")
    languages = clone_languages(version)
    if language not in languages:
        raise bad_request(f"language is required and must be one of {', '.join(languages)}; "
                          f"got {language!r}.", "Unsupported language")
    description = _text(fields, "description") or ""
    if version.date <= "2024-11-13":
        mode = _text(fields, "mode")
        if mode not in CLONE_MODES:
            raise bad_request(f"mode is required on {version.date}: similarity or stability; "
                              f"got {mode!r}.")
    if version.date <= "2025-04-16":
        enhance = _text(fields, "enhance")
        if enhance not in (None, "", "true", "false", "True", "False"):
            raise bad_request(f"enhance must be true or false; got {enhance!r}.")
    base_voice_id = _text(fields, "base_voice_id")
    if base_voice_id and state.voices.find(base_voice_id, key) is None:
        raise bad_request(f"base_voice_id: voice {base_voice_id!r} was not found.",
                          "Voice not found", "voice_not_found")
    locale, accent_id = default_locale(language), None
    accent_value = _text(fields, "accent") if version.date >= ACCENTS_VERSION else None
    if accent_value:
        accent = _accent(accent_value, "accent")
        if accent.language != language:
            raise bad_request(f"accent {accent.id} is an accent of {accent.language}, not of "
                              f"{language}.", "Invalid accent")
        locale, accent_id = accent.locale, accent.id
    clip = fields["clip"][1]
    await run_blocking(clip_seconds, clip)
    _check_room(request)
    voice = CatalogVoice(str(uuid.uuid4()), name, None, locale, accent_id, _now(), "",
                         description, owned=True)
    espeak = catalog_logic.espeak_name(accent_id, locale, language)
    state.voices.add(voice, key, espeak,
                     state.voices.pick_variant(espeak, hashlib.sha256(clip).digest()))
    return JSONResponse(metadata(voice, version, user_id_for(key)))


async def voice_update(request: Request) -> Response:
    state = server_state(request)
    version = await admit_http(request, grant=None)
    key = caller_key(request)
    voice = _owned_voice(request, key, "changed")
    body = json_object(await read_json(request))
    changes: dict[str, object] = {}
    # Name and description are both required up to 2025-04-16 (its Fern UpdateVoiceRequest has
    # them as plain strings); 2025-04-16 also brought gender, which later versions keep.
    legacy = version.date <= "2025-04-16"
    for name in ("name", "description"):
        value = body.get(name)
        if value is None and not legacy:
            continue
        if not isinstance(value, str) or (name == "name" and not value.strip()):
            raise bad_request(f"{name} must be a{' non-empty' if name == 'name' else ''} string"
                              f"{' (required on ' + version.date + ')' if legacy else ''}.")
        changes[name] = value
    if version.date >= "2025-04-16" and "gender" in body:
        gender = body["gender"]
        if gender is not None and gender not in catalog_logic.GENDER_VALUES:
            raise bad_request(f"gender must be one of {', '.join(catalog_logic.GENDER_VALUES)} or "
                              f"null; got {gender!r}.")
        changes["gender"] = gender
    if version.date >= ACCENTS_VERSION and "accent" in body:
        changes["accent"] = None if body["accent"] is None else _accent(body["accent"],
                                                                        "accent").id
    updated = voice._replace(**changes)  # type: ignore[arg-type]
    state.voices.replace(updated)
    return _render(request, updated, version, key)


async def voice_delete(request: Request) -> Response:
    state = server_state(request)
    await admit_http(request, grant=None)
    voice = _owned_voice(request, caller_key(request), "deleted")
    state.voices.delete(voice.id)
    return Response(status_code=204)


def _localize_target(body: dict[str, object], version: ApiVersion,
                     source: CatalogVoice) -> tuple[str, str | None, str | None, str]:
    """(locale, accent, gender, tagline) of the localized voice."""
    if version.date >= ACCENTS_VERSION:
        accent = _accent(body.get("accent"), "accent")
        if not accent.is_localizable:
            raise bad_request(f"accent {accent.id} cannot be a localization target; see "
                              "is_localizable in GET /accents.", "Invalid accent")
        tagline = body.get("tagline", "")
        if not isinstance(tagline, str) or len(tagline) > MAX_TAGLINE_CHARS:
            raise bad_request(f"tagline must be a string of at most {MAX_TAGLINE_CHARS} "
                              "characters.")
        return accent.locale, accent.id, source.gender, tagline
    targets = (_LOCALIZE_LANGUAGES_2025_11 if version.date >= "2025-11-04"
               else _LOCALIZE_LANGUAGES)
    language = body.get("language")
    if language not in targets:
        raise bad_request(f"language must be one of {', '.join(targets)}; got {language!r}.",
                          "Unsupported language")
    assert isinstance(language, str)
    speaker = body.get("original_speaker_gender")
    if speaker not in _SPEAKER_GENDERS:
        raise bad_request(f"original_speaker_gender must be male or female; got {speaker!r}.")
    dialect = body.get("dialect")
    if dialect is None:
        return default_locale(language), None, _SPEAKER_GENDERS[str(speaker)], ""
    choices = _DIALECTS.get(language, {})
    if dialect not in choices:
        allowed = (f"one of {', '.join(choices)}" if choices
                   else "not supported (only en, es, pt and fr have dialects)")
        raise bad_request(f"dialect for {language} is {allowed}; got {dialect!r}.")
    locale, accent_id = choices[str(dialect)]
    return locale, accent_id, _SPEAKER_GENDERS[str(speaker)], ""


async def voice_localize(request: Request) -> Response:
    state = server_state(request)
    version = await admit_http(request, grant=None)
    key = caller_key(request)
    assert key is not None
    body = json_object(await read_json(request))
    voice_id = body.get("voice_id")
    if not isinstance(voice_id, str) or not voice_id:
        raise bad_request("voice_id is required: the voice to localize.")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad_request("name is required and must not be empty.")
    description = body.get("description")
    if version.date < ACCENTS_VERSION and not isinstance(description, str):
        raise bad_request(f"description is required on {version.date} and must be a string.")
    if description is not None and not isinstance(description, str):
        raise bad_request("description must be a string.")
    source = state.voices.find(voice_id, key)
    if source is None:
        raise bad_request(f"Voice {voice_id!r} was not found.", "Voice not found",
                          "voice_not_found")
    locale, accent_id, gender, tagline = _localize_target(body, version, source)
    _check_room(request)
    language = locale.split("-", 1)[0]
    voice = CatalogVoice(str(uuid.uuid4()), name, gender, locale, accent_id, _now(), tagline,
                         description or "", owned=True)
    _, variant = catalog_logic.espeak_voice_for(source.id)
    state.voices.add(voice, key, catalog_logic.espeak_name(accent_id, locale, language), variant)
    return JSONResponse(metadata(voice, version, user_id_for(key)))


async def _admit_accents(request: Request) -> ApiVersion:
    """admit_http for the accent endpoints, which versions before 2026-08-14 do not have."""
    version = await admit_http(request, grant=None)
    if version.date < ACCENTS_VERSION:
        raise not_in_api(request)
    return version


async def accents_list(request: Request) -> Response:
    await _admit_accents(request)
    return JSONResponse({"accents": [accent.as_json() for accent in ACCENTS]})


async def voice_add_accents(request: Request) -> Response:
    state = server_state(request)
    version = await _admit_accents(request)
    key = caller_key(request)
    body = await read_json(request)
    raw = body.get("accents") if isinstance(body, dict) else None
    if not isinstance(raw, list) or not raw:
        raise bad_request("accents is required: a non-empty list of accent ids.")
    voice = _owned_voice(request, key, "changed")
    added: list[str] = []
    for value in raw:
        accent = _accent(value, "accents[]")
        if not accent.is_localizable:
            raise bad_request(f"accent {accent.id} cannot be attached to a voice.",
                              "Invalid accent")
        if accent.locale not in voice.locales and accent.locale not in added:
            added.append(accent.locale)
    locales: Sequence[str] = (*voice.extra_locales, *added)
    if len(locales) + 1 > MAX_VOICE_ACCENTS:
        raise bad_request(f"A voice supports at most {MAX_VOICE_ACCENTS} accents including its "
                          "native one.")
    updated = voice._replace(extra_locales=tuple(locales))
    state.voices.replace(updated)
    return _render(request, updated, version, key)


async def voice_delete_accent(request: Request) -> Response:
    state = server_state(request)
    version = await _admit_accents(request)
    key = caller_key(request)
    voice = _owned_voice(request, key, "changed")
    accent = _accent(request.path_params["accent_id"], "accent_id")
    if accent.locale == voice.locale:
        raise bad_request(f"{accent.id} is the voice's native accent; it cannot be removed.")
    if accent.locale not in voice.extra_locales:
        raise ApiFailure(404, "Not found", f"Voice {voice.id} has no accent {accent.id}.")
    updated = voice._replace(extra_locales=tuple(x for x in voice.extra_locales
                                                 if x != accent.locale))
    state.voices.replace(updated)
    return _render(request, updated, version, key)
