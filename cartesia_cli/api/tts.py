"""TTS requests: validation of user options and the request body for each API version."""

# No `from __future__ import annotations` here: NamedTuple makes a ForwardRef (compiled) of
# every string annotation, up to 0.3 ms of import time per module, on every run.
from typing import Any, NamedTuple

from cartesia_cli.errors import UsageError
from cartesia_cli.facts import (
    BYTES_PER_SAMPLE,
    CONTAINERS,
    DEFAULT_MP3_BIT_RATE,
    DICTS_SINCE,
    EMOTIONS,
    ENCODINGS,
    LANGUAGES,
    LOCALE_SINCE,
    MP3_BIT_RATES,
    NORMALIZATION_WORDS,
    SAMPLE_RATES,
    SPEED_RANGE,
    VOLUME_RANGE,
    VersionFeatures,
    locale_code,
)


class _WireFields(NamedTuple):
    container: str
    encoding: str
    sample_rate: int
    bit_rate: int


class WireFormat(_WireFields):
    """The output_format asked of the API.

    An immutable record checked when made. A NamedTuple with its own `__new__` rather than a
    frozen dataclass: this module is imported on every run, and a frozen dataclass costs about
    1 ms of import time (code generated and exec'd per method), this a quarter of that.
    """

    __slots__ = ()

    def __new__(cls, container: str = "raw", encoding: str = "pcm_f32le",
                sample_rate: int = 44100, bit_rate: int = DEFAULT_MP3_BIT_RATE) -> "WireFormat":
        if container not in CONTAINERS:
            raise UsageError(f"unsupported container `{container}`")
        if container != "mp3" and encoding not in ENCODINGS:
            raise UsageError(f"unknown encoding `{encoding}`",
                             hint="encodings: " + ", ".join(ENCODINGS))
        if sample_rate not in SAMPLE_RATES:
            raise UsageError(f"unsupported sample rate {sample_rate}",
                             hint="sample rates: " + ", ".join(map(str, SAMPLE_RATES)))
        if container == "mp3" and bit_rate not in MP3_BIT_RATES:
            raise UsageError(f"unsupported MP3 bit rate {bit_rate}")
        return super().__new__(cls, container, encoding, sample_rate, bit_rate)

    def seconds(self, n_bytes: int) -> float:
        """How long `n_bytes` of this raw PCM play (mono)."""
        return n_bytes / (BYTES_PER_SAMPLE[self.encoding] * self.sample_rate)

    def to_json(self) -> dict[str, Any]:
        if self.container == "mp3":
            return {"container": "mp3", "sample_rate": self.sample_rate, "bit_rate": self.bit_rate}
        return {"container": self.container, "encoding": self.encoding,
                "sample_rate": self.sample_rate}


class _VoicingFields(NamedTuple):
    model_id: str
    voice_id: str
    language: str | None
    speed: float | None
    volume: float | None
    emotion: str | None
    locale: str | None  # 2026-08-14: `locale` (en-GB), never with `language`
    normalization: str | None  # 2026-08-14: auto, off, or a locale code
    pronunciation_dict_id: str | None  # 2025-04-16 and later
    extra: dict[str, Any]


class Voicing(_VoicingFields):
    """Who speaks and how: everything in a TTS request but the transcript and the format.

    Checked when made (speed and volume ranges, emotion); `_replace` makes a copy with other
    ids. A NamedTuple with its own `__new__`, not a frozen dataclass, for import time (above).
    """

    __slots__ = ()

    def __new__(cls, model_id: str, voice_id: str, language: str | None = None,
                speed: float | None = None, volume: float | None = None,
                emotion: str | None = None, locale: str | None = None,
                normalization: str | None = None, pronunciation_dict_id: str | None = None,
                extra: dict[str, Any] | None = None) -> "Voicing":
        check_range("--speed", speed, SPEED_RANGE)
        check_range("--volume", volume, VOLUME_RANGE)
        if emotion is not None and emotion not in EMOTIONS:
            import difflib

            close = difflib.get_close_matches(emotion, EMOTIONS, n=3)
            raise UsageError(
                f"unknown emotion `{emotion}`",
                hint=("did you mean " + ", ".join(close) + "?") if close
                else "emotions: " + ", ".join(EMOTIONS),
            )
        return super().__new__(cls, model_id, voice_id, language, speed, volume, emotion,
                               locale, normalization, pronunciation_dict_id,
                               {} if extra is None else extra)

    def generation_config(self) -> dict[str, Any] | None:
        config = {k: v for k, v in (("speed", self.speed), ("volume", self.volume),
                                    ("emotion", self.emotion)) if v is not None}
        return config or None


def check_range(flag: str, value: float | None, bounds: tuple[float, float]) -> None:
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise UsageError(f"{flag} {value} is out of range: expected {bounds[0]} to {bounds[1]}")


def language_fields(voicing: Voicing, features: VersionFeatures, *,
                    endpoint: str = "bytes") -> dict[str, Any]:
    """`language`, `locale`, `normalization` and `pronunciation_dict_id` as this version and
    endpoint ("bytes", "sse", "websocket") take them.

    A language with a region (`--language en-GB`, `pt_BR`) is a locale: sent as `locale`
    where the version has it, a usage error where it does not (the API rejects it as a
    language).

    Raises:
        UsageError: a field the version or endpoint lacks, or language and locale both given.
    """
    fields: dict[str, Any] = {}
    locale = locale_code(voicing.locale) if voicing.locale else None
    if voicing.locale and locale is None and voicing.locale.strip().lower() in LANGUAGES:
        locale = voicing.locale.strip().lower()
    if voicing.locale and locale is None:
        raise UsageError(f"--locale `{voicing.locale}` is not a locale code",
                         hint="e.g. en-GB, pt-BR, fr-CA")
    language = voicing.language
    if language and locale:
        raise UsageError(f"--language {language} and --locale {voicing.locale}: give one",
                         hint="the API takes a language or a locale, never both")
    as_locale = locale_code(language) if language else None
    if as_locale:
        if not features.locale_field:
            raise UsageError(
                f"`{language}` is a locale (language and region); API version "
                f"{features.version} takes only a language",
                hint=f"use --language {as_locale.split('-')[0]}, or --cartesia-version "
                f"{LOCALE_SINCE} (where it is sent as `locale`)")
        locale, language = as_locale, None
    if language:
        fields["language"] = language
    for flag, value in (("--locale", locale), ("--normalization", voicing.normalization)):
        if value is None:
            continue
        if not features.locale_field:
            raise UsageError(f"{flag} needs API version {LOCALE_SINCE} or later "
                             f"(this is {features.version})",
                             hint=f"pass --cartesia-version {LOCALE_SINCE}")
        if endpoint == "websocket" and flag == "--locale" and as_locale:
            raise UsageError(f"`{voicing.language}` is a locale (language and region), and "
                             "WebSocket requests carry no `locale`",
                             hint=f"use --language {as_locale.split('-')[0]}, or --transport "
                             "sse, or `cartesia say`")
        if endpoint == "websocket":
            raise UsageError(f"{flag} is not a field of WebSocket requests",
                             hint="use --transport sse, or `cartesia say`")
    if locale:
        fields["locale"] = locale
    if voicing.normalization is not None:
        fields["normalization"] = normalization_value(voicing.normalization)
    if voicing.pronunciation_dict_id is not None:
        if features.dict_item_field is None:
            raise UsageError(f"--pronunciation-dict needs API version {DICTS_SINCE} or later "
                             f"(this is {features.version})",
                             hint=f"pass --cartesia-version {DICTS_SINCE} or later")
        fields["pronunciation_dict_id"] = voicing.pronunciation_dict_id
    return fields


def normalization_value(value: str) -> str:
    """auto, off, or a locale code (en-IN), as the API spells them."""
    word = value.strip().lower()
    if word in NORMALIZATION_WORDS:
        return word
    code = locale_code(value)
    if code is None and word in LANGUAGES:
        code = word
    if code is None:
        raise UsageError(f"unknown --normalization `{value}`",
                         hint="auto (the default), off, or a locale such as en-IN")
    return code


def voice_specifier(voice_id: str, features: VersionFeatures) -> Any:
    if features.voice_specifier == "id":
        return {"id": voice_id}
    return {"mode": "id", "id": voice_id}


def request_body(transcript: str, voicing: Voicing, fmt: WireFormat,
                 features: VersionFeatures, *, endpoint: str = "bytes",
                 **fields: Any) -> dict[str, Any]:
    """The JSON body for /tts/bytes, /tts/sse or a WebSocket generation request."""
    body: dict[str, Any] = {
        "model_id": voicing.model_id,
        "transcript": transcript,
        "voice": voice_specifier(voicing.voice_id, features),
        "output_format": fmt.to_json(),
    }
    body.update(language_fields(voicing, features, endpoint=endpoint))
    config = voicing.generation_config()
    if config:
        body["generation_config"] = config
    body.update(voicing.extra)
    body.update({k: v for k, v in fields.items() if v is not None})
    return body
