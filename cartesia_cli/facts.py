"""Facts of the public Cartesia API that the client relies on: one home for each.

A leaf: it imports nothing of this package but `errors`. config, api, audio, migrate and the
completion scripts read these; the emulator keeps its own copy on purpose (a wrong row must not
pass on both sides), and tests/unit/test_facts.py holds both copies against the public OpenAPI
file and the per-version Fern definitions. Sources: the project's API notes (§1.4 versions,
§2.2–2.8 TTS fields, §4 tokens, §7 models and languages).
"""

import datetime
import re
from dataclasses import dataclass

from cartesia_cli.errors import UsageError

# --- versions --------------------------------------------------------------------------------

DEFAULT_VERSION = "2026-08-14"  # the newest version the official SDK pins
_DATE = r"^\d{4}-\d{2}-\d{2}$"  # patterns here: compiled on first use (re caches), not at import


# Frozen, keyword-only records: a row names every field, and none can be read by position. (A
# NamedTuple would import ~2 ms faster, but it is a tuple: positional rows are what this table
# replaced.)
@dataclass(frozen=True, kw_only=True)
class BufferDelay:
    """`max_buffer_delay_ms` on the WebSocket: its range and the API's default, in ms."""

    low: int
    high: int
    default: int


@dataclass(frozen=True, kw_only=True)
class VersionFeatures:
    """What differs by Cartesia-Version. Code asks these instead of comparing dates, so a new
    API version is one new row."""

    version: str
    auth_header: str  # "x-api-key" or "bearer" (for API keys; access tokens are always Bearer)
    voices_paginated: bool  # GET /voices answers {data, has_more, next_page}, not an array
    voice_specifier: str  # "mode" -> {"mode": "id", "id": ...}; "id" -> {"id": ...}
    structured_errors: bool  # HTTP errors are JSON {error_code, title, message, request_id}
    embeddings: bool  # voice embeddings and __experimental_controls are accepted
    locale_field: bool  # TTS requests accept `locale` and `normalization`
    voice_access_fields: bool  # Voice has access/visibility/tagline instead of is_public
    voice_search: bool  # GET /voices accepts q and language
    max_buffer_delay: BufferDelay
    clone_mode: bool  # POST /voices/clone requires `mode` (similarity|stability)
    voice_gender: bool  # Voice has `gender`; PATCH /voices/{id} accepts it (null resets)
    partial_voice_update: bool  # PATCH may omit name or description (to 2025-04-16: required)
    accents: bool  # GET /accents; `accent` on clone/PATCH; localize by accent, not dialect
    dict_item_field: str | None  # pronunciation dict item's replacement key; None: no dicts


_SHORT_DELAY = BufferDelay(low=0, high=1000, default=0)
_LONG_DELAY = BufferDelay(low=0, high=5000, default=3000)

VERSIONS: dict[str, VersionFeatures] = {
    v.version: v
    for v in (
        VersionFeatures(
            version="2024-06-10", auth_header="x-api-key", voices_paginated=False,
            voice_specifier="mode", structured_errors=False, embeddings=True,
            locale_field=False, voice_access_fields=False, voice_search=False,
            max_buffer_delay=_SHORT_DELAY, clone_mode=True, voice_gender=False,
            partial_voice_update=False, accents=False, dict_item_field=None),
        VersionFeatures(
            version="2024-11-13", auth_header="x-api-key", voices_paginated=True,
            voice_specifier="mode", structured_errors=False, embeddings=True,
            locale_field=False, voice_access_fields=False, voice_search=False,
            max_buffer_delay=_SHORT_DELAY, clone_mode=True, voice_gender=False,
            partial_voice_update=False, accents=False, dict_item_field=None),
        VersionFeatures(
            version="2025-04-16", auth_header="bearer", voices_paginated=True,
            voice_specifier="mode", structured_errors=False, embeddings=False,
            locale_field=False, voice_access_fields=False, voice_search=False,
            max_buffer_delay=_SHORT_DELAY, clone_mode=False, voice_gender=True,
            partial_voice_update=False, accents=False, dict_item_field="pronunciation"),
        VersionFeatures(
            version="2025-11-04", auth_header="bearer", voices_paginated=True,
            voice_specifier="mode", structured_errors=False, embeddings=False,
            locale_field=False, voice_access_fields=False, voice_search=True,
            max_buffer_delay=_LONG_DELAY, clone_mode=False, voice_gender=True,
            partial_voice_update=True, accents=False, dict_item_field="alias"),
        VersionFeatures(
            version="2026-03-01", auth_header="bearer", voices_paginated=True,
            voice_specifier="id", structured_errors=True, embeddings=False,
            locale_field=False, voice_access_fields=False, voice_search=True,
            max_buffer_delay=_LONG_DELAY, clone_mode=False, voice_gender=True,
            partial_voice_update=True, accents=False, dict_item_field="alias"),
        VersionFeatures(
            version="2026-08-14", auth_header="bearer", voices_paginated=True,
            voice_specifier="id", structured_errors=True, embeddings=False,
            locale_field=True, voice_access_fields=True, voice_search=True,
            max_buffer_delay=_LONG_DELAY, clone_mode=False, voice_gender=True,
            partial_voice_update=True, accents=True, dict_item_field="alias"),
    )
}
KNOWN_VERSIONS: tuple[str, ...] = tuple(VERSIONS)


def since(feature: str) -> str:
    """The first version with a VersionFeatures flag set (or a field not None)."""
    return next(v.version for v in VERSIONS.values() if getattr(v, feature) not in (False, None))


ACCENTS_SINCE = since("accents")  # GET /accents, `accent` on voices, localize by accent
LOCALE_SINCE = since("locale_field")  # TTS `locale` and `normalization`
DICTS_SINCE = since("dict_item_field")  # /pronunciation-dicts/ and pronunciation_dict_id


@dataclass(frozen=True, kw_only=True)
class ResolvedVersion:
    requested: str  # what the user asked for; sent on the wire as is
    features: VersionFeatures  # the behaviour of the newest known version on or before it
    warning: str | None = None


def is_well_formed(value: str) -> bool:
    """A YYYY-MM-DD date that exists (2025-13-01 and 2025-02-30 do not)."""
    if not re.match(_DATE, value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def resolve_version(value: str) -> ResolvedVersion:
    """Map a Cartesia-Version date to the behaviour the API gives it.

    Raises:
        UsageError: the value is not a YYYY-MM-DD date, or is older than the first stable version.
    """
    value = value.strip()
    if not is_well_formed(value):
        raise UsageError(
            f"invalid API version `{value}`: expected a date like {DEFAULT_VERSION}",
            hint="known versions: " + ", ".join(KNOWN_VERSIONS),
        )
    if value in VERSIONS:
        return ResolvedVersion(requested=value, features=VERSIONS[value])
    earlier = [v for v in KNOWN_VERSIONS if v <= value]
    if not earlier:
        raise UsageError(
            f"API version `{value}` predates the first stable version {KNOWN_VERSIONS[0]}",
            hint="the /v0 API is gone; run `cartesia migrate-check` to update old code",
        )
    return ResolvedVersion(
        requested=value,
        features=VERSIONS[earlier[-1]],
        warning=f"unknown API version {value}: behaving as {earlier[-1]}, "
        f"the newest known version before it",
    )


# Versions whose behaviour the table above does not model (payload field lifetimes, §1.4, §2.2).
FIELD_SINCE = {"pronunciation_dict_id": "2025-04-16", "save": "2025-04-16"}
DURATION_LAST_VERSION = "2025-04-16"  # `duration` is absent from the 2025-11-04 schema on
RAW_BIT_RATE_LAST_VERSION = "2024-11-13"  # raw output_format lost its optional bit_rate after
WS_CONTEXT_ID_REQUIRED_SINCE = "2025-11-04"
TRANSCRIPT_STRING_ONLY_SINCE = "2025-04-16"

# --- output formats (§2.4) --------------------------------------------------------------------

CONTAINERS = ("raw", "wav", "mp3")  # what /tts/bytes can send
STREAM_CONTAINERS = ("raw",)  # what /tts/sse and the WebSocket can send
ENCODINGS = ("pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw")
BYTES_PER_SAMPLE = {"pcm_f32le": 4, "pcm_s16le": 2, "pcm_mulaw": 1, "pcm_alaw": 1}
SAMPLE_RATES = (8000, 16000, 22050, 24000, 44100, 48000)
MP3_BIT_RATES = (32000, 64000, 96000, 128000, 192000)
DEFAULT_MP3_BIT_RATE = 128000
# Not the API's: the files this client can write (what the API cannot send is encoded locally).
FILE_FORMATS = ("wav", "raw", "mp3", "flac", "ogg", "opus")

# --- generation (§2.5) --------------------------------------------------------------------------

SPEED_RANGE = (0.6, 1.5)
VOLUME_RANGE = (0.5, 2.0)
EMOTIONS = (
    "neutral", "happy", "excited", "enthusiastic", "elated", "euphoric", "triumphant", "amazed",
    "surprised", "flirtatious", "curious", "content", "peaceful", "serene", "calm", "grateful",
    "affectionate", "trust", "sympathetic", "anticipation", "mysterious", "angry", "mad",
    "outraged", "frustrated", "agitated", "threatened", "disgusted", "contempt", "envious",
    "sarcastic", "ironic", "sad", "dejected", "melancholic", "disappointed", "hurt", "guilty",
    "bored", "tired", "rejected", "nostalgic", "wistful", "apologetic", "hesitant", "insecure",
    "confused", "resigned", "anxious", "panicked", "alarmed", "scared", "proud", "confident",
    "distant", "skeptical", "contemplative", "determined",
)
SPEED_WORDS = ("slow", "normal", "fast")
LEGACY_SPEED_WORDS = ("slowest", "slow", "normal", "fast", "fastest")
NORMALIZATION_WORDS = ("auto", "off")
EMBEDDING_SIZE = 192

# --- models and languages (§7) -----------------------------------------------------------------

DEFAULT_MODEL = "sonic-3"
REPLACEMENT_MODEL = "sonic-3"  # what migrate-check suggests for a sunset model
SUNSET_DATE = "2026-06-01"
# Sunset on June 1 2026 (the original sonic family, its aliases, and the 2025-03-07 snapshots).
SUNSET_MODELS = frozenset({
    "sonic", "sonic-english", "sonic-multilingual", "sonic-2024-10-19", "sonic-2024-12-12",
    "sonic-2-2025-03-07", "sonic-turbo-2025-03-07",
})
DEPRECATED_MODELS = {"sonic-preview": "a deprecated alias of sonic-2"}
LANGUAGES = frozenset(
    "en fr de es pt zh ja hi it ko nl pl ru sv tr tl bg ro ar cs el fi hr ms sk da ta uk hu no "
    "vi bn th he ka id te gu kn ml mr pa or ur".split()
)

# --- voices (§3) -------------------------------------------------------------------------------

_VOICE_ID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


def is_voice_id(value: str) -> bool:
    """Voice ids are UUIDs; anything else given as a voice is a name to look up."""
    return bool(re.match(_VOICE_ID, value))


GENDERS = ("masculine", "feminine", "gender_neutral")  # Voice.gender, PATCH gender (§3.2)
SPEAKER_GENDERS = ("male", "female")  # localize `original_speaker_gender` before 2026-08-14
CLONE_MODES = ("similarity", "stability")  # clone `mode`, required up to 2024-11-13
# A clone clip: "about 5 seconds" (clone reference), "3-10 seconds of source audio" (docs'
# migrating-voices page). Outside this range the client warns; the API decides.
CLONE_RECOMMENDED_SECONDS = (3.0, 10.0)
# Localize before 2026-08-14 (language + dialect; OAS LocalizeDialect, FERN voices.yml).
LOCALIZE_DIALECTS = {"en": ("au", "in", "so", "uk", "us"), "es": ("mx", "pe"),
                     "pt": ("br", "eu"), "fr": ("eu", "ca")}
DICT_ITEM_MAX_CHARS = 100  # a pronunciation is at most 100 characters (FERN 2025-04-16)

# A language with a region (en-GB, pt_BR): a locale, which only 2026-08-14 TTS requests carry.
_LOCALE = r"^([A-Za-z]{2,3})[-_]([A-Za-z]{2})$"


def locale_code(value: str) -> str | None:
    """`en-GB` for en-GB, en_gb or EN-gb; None when `value` is not a language-region pair."""
    found = re.match(_LOCALE, value.strip())
    return f"{found.group(1).lower()}-{found.group(2).upper()}" if found else None


# --- access tokens (§4) ------------------------------------------------------------------------

GRANTS = ("tts", "stt", "agent")
MAX_TOKEN_EXPIRES_IN = 3600  # seconds
