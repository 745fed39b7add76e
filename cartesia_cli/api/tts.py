"""TTS requests: validation of user options and the request body for each API version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cartesia_cli.errors import UsageError
from cartesia_cli.facts import (
    BYTES_PER_SAMPLE,
    CONTAINERS,
    DEFAULT_MP3_BIT_RATE,
    EMOTIONS,
    ENCODINGS,
    MP3_BIT_RATES,
    SAMPLE_RATES,
    SPEED_RANGE,
    VOLUME_RANGE,
    VersionFeatures,
)


@dataclass(frozen=True)
class WireFormat:
    """The output_format asked of the API."""

    container: str = "raw"
    encoding: str = "pcm_f32le"
    sample_rate: int = 44100
    bit_rate: int = DEFAULT_MP3_BIT_RATE

    def __post_init__(self) -> None:
        if self.container not in CONTAINERS:
            raise UsageError(f"unsupported container `{self.container}`")
        if self.container != "mp3" and self.encoding not in ENCODINGS:
            raise UsageError(f"unknown encoding `{self.encoding}`",
                             hint="encodings: " + ", ".join(ENCODINGS))
        if self.sample_rate not in SAMPLE_RATES:
            raise UsageError(f"unsupported sample rate {self.sample_rate}",
                             hint="sample rates: " + ", ".join(map(str, SAMPLE_RATES)))
        if self.container == "mp3" and self.bit_rate not in MP3_BIT_RATES:
            raise UsageError(f"unsupported MP3 bit rate {self.bit_rate}")

    def seconds(self, n_bytes: int) -> float:
        """How long `n_bytes` of this raw PCM play (mono)."""
        return n_bytes / (BYTES_PER_SAMPLE[self.encoding] * self.sample_rate)

    def to_json(self) -> dict[str, Any]:
        if self.container == "mp3":
            return {"container": "mp3", "sample_rate": self.sample_rate, "bit_rate": self.bit_rate}
        return {"container": self.container, "encoding": self.encoding,
                "sample_rate": self.sample_rate}


@dataclass(frozen=True)
class Voicing:
    """Who speaks and how: everything in a TTS request but the transcript and the format."""

    model_id: str
    voice_id: str
    language: str | None = None
    speed: float | None = None
    volume: float | None = None
    emotion: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_range("--speed", self.speed, SPEED_RANGE)
        check_range("--volume", self.volume, VOLUME_RANGE)
        if self.emotion is not None and self.emotion not in EMOTIONS:
            import difflib

            close = difflib.get_close_matches(self.emotion, EMOTIONS, n=3)
            raise UsageError(
                f"unknown emotion `{self.emotion}`",
                hint=("did you mean " + ", ".join(close) + "?") if close
                else "emotions: " + ", ".join(EMOTIONS),
            )

    def generation_config(self) -> dict[str, Any] | None:
        config = {k: v for k, v in (("speed", self.speed), ("volume", self.volume),
                                    ("emotion", self.emotion)) if v is not None}
        return config or None


def check_range(flag: str, value: float | None, bounds: tuple[float, float]) -> None:
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise UsageError(f"{flag} {value} is out of range: expected {bounds[0]} to {bounds[1]}")


def voice_specifier(voice_id: str, features: VersionFeatures) -> Any:
    if features.voice_specifier == "id":
        return {"id": voice_id}
    return {"mode": "id", "id": voice_id}


def request_body(transcript: str, voicing: Voicing, fmt: WireFormat,
                 features: VersionFeatures, **fields: Any) -> dict[str, Any]:
    """The JSON body for /tts/bytes, /tts/sse or a WebSocket generation request."""
    body: dict[str, Any] = {
        "model_id": voicing.model_id,
        "transcript": transcript,
        "voice": voice_specifier(voicing.voice_id, features),
        "output_format": fmt.to_json(),
    }
    if voicing.language:
        body["language"] = voicing.language
    config = voicing.generation_config()
    if config:
        body["generation_config"] = config
    body.update(voicing.extra)
    body.update({k: v for k, v in fields.items() if v is not None})
    return body
