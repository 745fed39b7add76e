"""Models, languages, emotions and output formats the TTS endpoints accept (API_NOTES §2.4, §2.5,
§7). The emulator's own copy: the client's facts live apart (cartesia_cli/facts.py), and a test
holds both against the public API definitions."""

from __future__ import annotations

import re

CONTAINERS = ("raw", "wav", "mp3")
ENCODINGS = ("pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw")
SAMPLE_RATES = (8000, 16000, 22050, 24000, 44100, 48000)
MP3_BIT_RATES = (32000, 64000, 96000, 128000, 192000)
SPEED_RANGE = (0.6, 1.5)
VOLUME_RANGE = (0.5, 2.0)

ORIGINAL_LANGUAGES = ("en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko", "nl", "pl", "ru",
                      "sv", "tr")
SONIC3_LANGUAGES = ORIGINAL_LANGUAGES + (
    "tl", "bg", "ro", "ar", "cs", "el", "fi", "hr", "ms", "sk", "da", "ta", "uk", "hu", "no", "vi",
    "bn", "th", "he", "ka", "id", "te", "gu", "kn", "ml", "mr", "pa",
)
# After the June 2026 cuts, sonic-2 kept 8 languages and sonic-turbo-2025-06-04 kept 9.
_SONIC2_LANGUAGES = ("en", "de", "es", "fr", "ja", "ko", "pt", "zh")
_TURBO_LANGUAGES = _SONIC2_LANGUAGES + ("hi",)

LEGACY_MODELS: dict[str, tuple[str, ...]] = {
    "sonic-2": _SONIC2_LANGUAGES,
    "sonic-preview": _SONIC2_LANGUAGES,
    "sonic-2-2025-04-16": _SONIC2_LANGUAGES,
    "sonic-2-2025-05-08": _SONIC2_LANGUAGES,
    "sonic-2-2025-06-11": _SONIC2_LANGUAGES,
    "sonic-turbo": _TURBO_LANGUAGES,
    "sonic-turbo-2025-06-04": _TURBO_LANGUAGES,
}
_SUNSET_MODELS = frozenset({"sonic", "sonic-english", "sonic-multilingual"})
_SUNSET_SNAPSHOT = re.compile(r"^sonic-2024-\d{2}-\d{2}$|^sonic(-2|-turbo)?-2025-03-07$")
_SONIC3_FAMILY = re.compile(r"^sonic-3(\.\d+)?(-\d{4}-\d{2}-\d{2}|-latest)?$")
FLOATING_ALIASES = frozenset({"sonic-latest", "sonic-3-latest"})

EMOTIONS = frozenset({
    "neutral", "happy", "excited", "enthusiastic", "elated", "euphoric", "triumphant", "amazed",
    "surprised", "flirtatious", "curious", "content", "peaceful", "serene", "calm", "grateful",
    "affectionate", "trust", "sympathetic", "anticipation", "mysterious", "angry", "mad",
    "outraged", "frustrated", "agitated", "threatened", "disgusted", "contempt", "envious",
    "sarcastic", "ironic", "sad", "dejected", "melancholic", "disappointed", "hurt", "guilty",
    "bored", "tired", "rejected", "nostalgic", "wistful", "apologetic", "hesitant", "insecure",
    "confused", "resigned", "anxious", "panicked", "alarmed", "scared", "proud", "confident",
    "distant", "skeptical", "contemplative", "determined",
})


def model_status(model_id: str) -> str:
    """"sonic3" (full feature set), "legacy" (sonic-2/turbo), "sunset" or "unknown"."""
    if model_id in FLOATING_ALIASES or _SONIC3_FAMILY.match(model_id):
        return "sonic3"
    if model_id in LEGACY_MODELS:
        return "legacy"
    if model_id in _SUNSET_MODELS or _SUNSET_SNAPSHOT.match(model_id):
        return "sunset"
    return "unknown"


def languages_for(model_id: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a model speaks; `extra` are those the API version adds (or, ur)."""
    if model_id in LEGACY_MODELS:
        return LEGACY_MODELS[model_id]
    return SONIC3_LANGUAGES + extra
