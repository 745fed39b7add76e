"""Which espeak voice, variant and prosody a request gets.

The request's language picks the espeak language voice; the Cartesia voice id picks a voice
variant (via the catalog when it knows the id, else a stable hash), so two voice ids sound
different; emotions nudge pitch, pitch range and rate.
"""

from __future__ import annotations

import hashlib

from cartesia_cli.emulator.engines import espeak_ffi

# Cartesia language code -> espeak-ng voice name. Tagalog has no espeak voice; Indonesian
# spelling-to-sound rules are the closest available, so "tl" reads Latin-script Tagalog
# plausibly instead of failing.
# fmt: off
LANGUAGE_VOICES: dict[str, str] = {
    "en": "en-us", "es": "es", "fr": "fr", "de": "de", "pt": "pt-br", "zh": "cmn",
    "ja": "ja", "hi": "hi", "it": "it", "ko": "ko", "nl": "nl", "pl": "pl", "ru": "ru",
    "sv": "sv", "tr": "tr", "tl": "id", "bg": "bg", "ro": "ro", "ar": "ar", "cs": "cs",
    "el": "el", "fi": "fi", "hr": "hr", "ms": "ms", "sk": "sk", "da": "da", "ta": "ta",
    "uk": "uk", "hu": "hu", "no": "nb", "vi": "vi", "bn": "bn", "th": "th", "he": "he",
    "ka": "ka", "id": "id", "te": "te", "gu": "gu", "kn": "kn", "ml": "ml", "mr": "mr",
    "pa": "pa", "or": "or", "ur": "ur",
}
# fmt: on
DEFAULT_VOICE = "en-us"
# Locale (lower case) -> espeak-ng regional voice, for the `locale` field of 2026-08-14.
LOCALE_VOICES: dict[str, str] = {
    "en-us": "en-us", "en-gb": "en-gb-x-rp", "en-in": "en", "en-au": "en", "en-ca": "en-us",
    "es-es": "es", "es-mx": "es-419", "fr-fr": "fr", "fr-be": "fr-be", "fr-ca": "fr",
    "pt-br": "pt-br", "pt-pt": "pt", "zh-cn": "cmn", "zh-tw": "cmn",
}

# espeak-ng variants (espeak-ng-data/voices/!v) that still sound like a human speaker.
VARIANTS: tuple[str, ...] = tuple("m1 m2 m3 m4 m5 m6 m7 f1 f2 f3 f4 f5".split())

# Emotion families -> (pitch offset, pitch-range offset, rate factor) around espeak's neutral
# pitch 50 and range 50: aroused voices rise and widen, sad ones fall, narrow and slow down.
_EMOTION_FAMILIES: tuple[tuple[str, tuple[int, int, float]], ...] = (
    (
        "happy excited enthusiastic elated euphoric triumphant amazed surprised flirtatious"
        " proud confident determined anticipation",
        (8, 20, 1.06),
    ),
    (
        "content peaceful serene calm grateful affectionate trust sympathetic curious"
        " mysterious nostalgic wistful contemplative distant",
        (-3, -15, 0.94),
    ),
    (
        "angry mad outraged frustrated agitated threatened disgusted contempt envious"
        " sarcastic ironic skeptical",
        (-4, 25, 1.04),
    ),
    (
        "sad dejected melancholic disappointed hurt guilty bored tired rejected apologetic"
        " resigned",
        (-8, -25, 0.9),
    ),
    ("anxious panicked alarmed scared hesitant insecure confused", (10, 10, 1.08)),
)
_EMOTION_PROSODY = {name: shift for names, shift in _EMOTION_FAMILIES for name in names.split()}


def _catalog_voice(voice_id: str) -> tuple[str, str] | None:
    try:
        from cartesia_cli.emulator.voices import espeak_voice_for
    except ImportError:
        return None
    try:
        name, variant = espeak_voice_for(voice_id)
    except (KeyError, LookupError, ValueError):
        return None
    return str(name), str(variant).lstrip("+")


def _language_base(voice_name: str) -> str:
    return voice_name.split("+", 1)[0].split("-", 1)[0].lower()


def espeak_voice(voice_id: str, language: str | None) -> tuple[str, str]:
    """Return ``(espeak voice name with +variant, language voice)`` for a request.

    `language` is a language (`en`) or a locale (`en-GB`, from the request's `locale`): a locale
    with a regional espeak voice picks that voice whatever the Cartesia voice's own accent.
    """
    catalog = _catalog_voice(voice_id)
    code = (language or "").lower().replace("_", "-")
    regional = LOCALE_VOICES.get(code)
    if regional is not None:
        catalog = None if catalog is None else ("", catalog[1])  # keep only its variant
    wanted = regional or LANGUAGE_VOICES.get(code) or LANGUAGE_VOICES.get(code.split("-", 1)[0])
    if (
        catalog is not None
        and catalog[0]
        and (wanted is None or _language_base(catalog[0]) == _language_base(wanted))
    ):
        # The catalog voice speaks the requested language (perhaps with its own accent).
        base = catalog[0].split("+", 1)[0]
    else:
        base = wanted or DEFAULT_VOICE
    if catalog is not None and catalog[1]:
        variant = catalog[1]
    else:
        digest = hashlib.sha256(voice_id.encode()).digest()
        variant = VARIANTS[int.from_bytes(digest[:4], "big") % len(VARIANTS)]
    return f"{base}+{variant}", base


def espeak_params(speed: float, volume: float, emotion: str | None) -> dict[int, int]:
    """espeak_SetParameter values for a generation_config.

    Volume is not among them: it is applied to the samples (see the engine), because espeak's
    amplitude above 100 compresses and distorts.
    """
    pitch_shift, range_shift, rate_factor = _EMOTION_PROSODY.get(
        (emotion or "").strip().lower(), (0, 0, 1.0)
    )
    rate = round(espeak_ffi.RATE_NORMAL * speed * rate_factor)
    return {
        espeak_ffi.RATE: max(espeak_ffi.RATE_MIN, min(espeak_ffi.RATE_MAX, rate)),
        espeak_ffi.VOLUME: 100,
        espeak_ffi.PITCH: 50 + pitch_shift,
        espeak_ffi.RANGE: 50 + range_shift,
    }
