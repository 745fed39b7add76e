"""Validation of TTS requests (bytes, SSE and WebSocket) into one typed request.

Every rejection is a 400 `ApiFailure` whose message names the field and the accepted values.
Fields the API has dropped or never checked (stream, use_original_timestamps, duration, the
deprecated top-level speed) are tolerated and ignored, and so is pronunciation_dict_id before
2025-04-16 (the version that added it) and on sonic-2/turbo models ("supported by sonic-3+").
Whether a voice or a dictionary exists is the caller's to say (they live in the server state).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from cartesia_cli.emulator import supported
from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.versions import ApiVersion
from cartesia_cli.emulator.voices import voice_exists

_LOCALE = re.compile(r"^([a-z]{2,3})([-_][A-Za-z]{2,4})?$")
_RANGES = {"volume": supported.VOLUME_RANGE, "speed": supported.SPEED_RANGE}


@dataclass(frozen=True)
class OutputFormat:
    container: str
    encoding: str | None  # None for mp3
    sample_rate: int
    bit_rate: int | None = None


@dataclass(frozen=True)
class TtsRequest:
    model_id: str
    transcript: str
    voice_id: str
    output: OutputFormat
    language: str | None = None
    locale: str | None = None
    speed: float = 1.0
    volume: float = 1.0
    emotion: str | None = None
    add_timestamps: bool = False
    add_phoneme_timestamps: bool = False
    context_id: str | None = None
    save: bool = False
    continue_: bool = False  # WebSocket only
    flush: bool = False  # WebSocket only
    max_buffer_delay_ms: int = 0  # WebSocket only
    pronunciation_dict_id: str | None = None

    @property
    def speech_language(self) -> str:
        """What the engine is asked to speak: the locale when one was sent (`en-GB`), so a
        regional voice can be chosen, else the language."""
        return self.locale.replace("_", "-") if self.locale else self.spoken_language

    @property
    def spoken_language(self) -> str:
        if self.language:
            return self.language
        if self.locale:
            return _LOCALE.match(self.locale).group(1)  # type: ignore[union-attr]
        return "en"

    def context_signature(self) -> tuple[object, ...]:
        """What must not change between inputs of one WebSocket context."""
        return (self.model_id, self.voice_id, self.output, self.language, self.locale, self.speed,
                self.volume, self.emotion, self.add_timestamps, self.add_phoneme_timestamps,
                self.pronunciation_dict_id)


def bad_request(
    message: str, title: str = "Invalid request", code: str | None = None
) -> ApiFailure:
    return ApiFailure(400, title, message, code)


def json_object(body: object) -> dict[str, object]:
    """The request body as a JSON object.

    Raises:
        ApiFailure: 400 when it is anything else.
    """
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def _bool(body: dict[str, object], name: str) -> bool:
    value = body.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad_request(f"{name} must be true or false.")
    return value


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_tts(body: object, version: ApiVersion, endpoint: str, *,
                 known_voice: Callable[[str], bool] = voice_exists) -> TtsRequest:
    """A typed request for `endpoint` ("bytes", "sse" or "websocket"); `known_voice` says
    whether the caller may use a voice id (default: the built-in catalog).

    Raises:
        ApiFailure: 400 describing the first problem found.
    """
    body = json_object(body)
    model_id = _model(body.get("model_id"))
    transcript = body.get("transcript")
    if not isinstance(transcript, str):
        raise bad_request("transcript is required and must be a string.")
    if endpoint != "websocket" and not transcript.strip():
        raise bad_request("transcript must not be empty.")
    language, locale = _language_and_locale(body, version, model_id, endpoint)
    speed, volume, emotion = _generation_config(body.get("generation_config"))
    if supported.model_status(model_id) != "sonic3":  # "no effect on earlier models"
        speed, volume, emotion = 1.0, 1.0, None
    return TtsRequest(
        model_id=model_id,
        transcript=transcript,
        voice_id=_voice(body.get("voice"), version, known_voice),
        output=_output_format(body.get("output_format"), endpoint),
        language=language,
        locale=locale,
        speed=speed,
        volume=volume,
        emotion=emotion,
        add_timestamps=_bool(body, "add_timestamps"),
        add_phoneme_timestamps=_bool(body, "add_phoneme_timestamps"),
        context_id=_context_id(body, version, endpoint),
        save=_bool(body, "save"),
        continue_=_bool(body, "continue"),
        flush=_bool(body, "flush"),
        max_buffer_delay_ms=_buffer_delay(body, version),
        pronunciation_dict_id=_dict_id(body, version, model_id),
    )


def _model(model_id: object) -> str:
    if not isinstance(model_id, str) or not model_id:
        raise bad_request("model_id is required, e.g. \"sonic-3\".")
    status = supported.model_status(model_id)
    if status == "sunset":
        raise bad_request("The requested model has been sunsetted and is no longer available.",
                          "Model sunsetted", "model_sunsetted")
    if status == "unknown":
        raise bad_request(f"Model '{model_id}' does not exist. Try sonic-3.5 or sonic-3.",
                          "Invalid model", "model_not_found")
    return model_id


def _dict_id(body: dict[str, object], version: ApiVersion, model_id: str) -> str | None:
    value = body.get("pronunciation_dict_id")
    if value is None or version.date < "2025-04-16" or supported.model_status(model_id) != "sonic3":
        return None
    if not isinstance(value, str) or not value:
        raise bad_request("pronunciation_dict_id must be a non-empty string.")
    return value


def _voice(voice: object, version: ApiVersion, known_voice: Callable[[str], bool]) -> str:
    shapes = ('a voice ID string, {"id": ...} or {"mode": "id", "id": ...}'
              if "str" in version.voice_forms else '{"mode": "id", "id": "<voice id>"}')
    if isinstance(voice, str) and "str" in version.voice_forms:
        voice_id: object = voice
    elif isinstance(voice, dict):
        mode = voice.get("mode")
        if mode == "embedding" or "embedding" in voice:
            raise bad_request("Voice embeddings are no longer supported; specify a voice by ID.",
                              "Invalid voice")
        if (mode is None and "id" not in version.voice_forms) or mode not in (None, "id"):
            raise bad_request(f"On Cartesia-Version {version.date} voice must be {shapes}.",
                              "Invalid voice")
        voice_id = voice.get("id")
    else:
        raise bad_request(f"voice is required: {shapes}.", "Invalid voice")
    if not isinstance(voice_id, str) or not voice_id:
        raise bad_request("voice.id must be a non-empty string.", "Invalid voice")
    if not known_voice(voice_id):
        raise bad_request(f"Voice '{voice_id}' was not found.", "Voice not found",
                          "voice_not_found")
    return voice_id


def _output_format(fmt: object, endpoint: str) -> OutputFormat:
    title = "Invalid output format"
    if not isinstance(fmt, dict):
        raise bad_request("output_format is required, e.g. {\"container\": \"raw\", "
                          "\"encoding\": \"pcm_f32le\", \"sample_rate\": 44100}.", title)
    containers = supported.CONTAINERS if endpoint == "bytes" else ("raw",)
    container = fmt.get("container")
    if container not in containers:
        where = "" if endpoint == "bytes" else f" on {endpoint} (only raw is streamed there)"
        raise bad_request(f"output_format.container must be one of {', '.join(containers)}"
                          f"{where}; got {container!r}.", title)
    rate = fmt.get("sample_rate")
    if not isinstance(rate, int) or isinstance(rate, bool) or rate not in supported.SAMPLE_RATES:
        raise bad_request("output_format.sample_rate must be one of "
                          f"{', '.join(map(str, supported.SAMPLE_RATES))}; got {rate!r}.", title)
    if container == "mp3":
        bit_rate = fmt.get("bit_rate")
        if bit_rate not in supported.MP3_BIT_RATES or isinstance(bit_rate, bool):
            rates = ", ".join(map(str, supported.MP3_BIT_RATES))
            raise bad_request("output_format.bit_rate is required for mp3 and must be one of "
                              f"{rates}; got {bit_rate!r}.", title)
        return OutputFormat("mp3", None, rate, bit_rate)
    encoding = fmt.get("encoding")
    if encoding not in supported.ENCODINGS:
        encodings = ", ".join(supported.ENCODINGS)
        raise bad_request(f"output_format.encoding must be one of {encodings}; "
                          f"got {encoding!r}.", title)
    return OutputFormat(container, encoding, rate)  # type: ignore[arg-type]


def _language_and_locale(
    body: dict[str, object], version: ApiVersion, model_id: str, endpoint: str
) -> tuple[str | None, str | None]:
    language, locale, normalization = (body.get(k) for k in ("language", "locale", "normalization"))
    if endpoint == "websocket":
        # The WebSocket request has no locale or normalization (API notes §2.2 give them to bytes
        # and SSE only); like any field an endpoint does not define, they are ignored there.
        locale = normalization = None
    spoken = supported.languages_for(model_id, version.extra_languages)
    if language is not None and language not in spoken:
        raise bad_request(f"Model {model_id} does not support language {language!r}; supported: "
                          f"{', '.join(spoken)}.", "Unsupported language")
    if not version.locale_fields:
        for name, value in (("locale", locale), ("normalization", normalization)):
            if value is not None:
                raise bad_request(f"{name} needs Cartesia-Version 2026-08-14 or later "
                                  f"(this request uses {version.date}).")
        return language, None
    if locale is not None:
        if language is not None:
            raise bad_request("Send either language or locale, not both.")
        match = _LOCALE.match(locale) if isinstance(locale, str) else None
        if match is None or match.group(1) not in spoken:
            raise bad_request(f"locale must be a supported locale such as en-GB; got {locale!r}.",
                              "Unsupported language")
    if normalization is not None and normalization not in ("auto", "off") and not (
        isinstance(normalization, str) and _LOCALE.match(normalization)
    ):
        raise bad_request("normalization must be auto, off or a locale such as en-IN; "
                          f"got {normalization!r}.")
    return language, locale  # type: ignore[return-value]


def _generation_config(config: object) -> tuple[float, float, str | None]:
    if config is None:
        return 1.0, 1.0, None
    if not isinstance(config, dict):
        raise bad_request("generation_config must be an object.")
    values: dict[str, float] = {}
    for name, (low, high) in _RANGES.items():
        value = config.get(name, 1.0)
        value = 1.0 if value is None else value
        if not _number(value) or not low <= value <= high:
            raise bad_request(f"generation_config.{name} must be a number from {low} to {high}; "
                              f"got {value!r}.")
        values[name] = float(value)
    emotion = config.get("emotion")
    if emotion is not None and emotion not in supported.EMOTIONS:
        raise bad_request(f"generation_config.emotion {emotion!r} is not a known emotion "
                          "(e.g. neutral, calm, angry, content, sad, scared).")
    return values["speed"], values["volume"], emotion


def _context_id(body: dict[str, object], version: ApiVersion, endpoint: str) -> str | None:
    context_id = body.get("context_id")
    if context_id is not None and (not isinstance(context_id, str) or not context_id):
        raise bad_request("context_id must be a non-empty string.")
    if endpoint == "websocket" and context_id is None:
        if version.ws_context_id_required:
            raise bad_request("context_id is required on WebSocket generation requests.")
        return str(uuid.uuid4())  # older versions let the server name the context
    return context_id


def _buffer_delay(body: dict[str, object], version: ApiVersion) -> int:
    low, high, default = version.buffer_delay_ms
    value = body.get("max_buffer_delay_ms")
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise bad_request(f"max_buffer_delay_ms must be an integer from {low} to {high} on "
                          f"Cartesia-Version {version.date}; got {value!r}.")
    return value
