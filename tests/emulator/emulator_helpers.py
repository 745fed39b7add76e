"""Request helpers for the emulator tests, written from the public API reference."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

KEY = "sk_car_test_key"
NEWEST = "2026-08-14"


def headers(version: str | None = NEWEST, key: str | None = KEY, *,
            bearer: bool = True) -> dict[str, str]:
    out: dict[str, str] = {}
    if version is not None:
        out["Cartesia-Version"] = version
    if key is not None:
        if bearer:
            out["Authorization"] = f"Bearer {key}"
        else:
            out["X-API-Key"] = key
    return out


def tts_body(voice: str, transcript: str = "Hello world. How are you today?", *,
             container: str = "raw", encoding: str = "pcm_f32le", sample_rate: int = 16000,
             **extra: Any) -> dict[str, Any]:
    fmt: dict[str, Any] = {"container": container, "sample_rate": sample_rate}
    if container == "mp3":
        fmt["bit_rate"] = extra.pop("bit_rate", 128000)
    else:
        fmt["encoding"] = encoding
    return {"model_id": "sonic-3", "transcript": transcript,
            "voice": {"mode": "id", "id": voice}, "output_format": fmt, **extra}


class BrokenEngine:
    """Speaks the first sentence, then fails: an engine crash in the middle of a stream."""

    name = "broken"

    def synthesize(self, text: str, **kwargs: Any) -> Iterator[Any]:
        from cartesia_cli.emulator.engines.tone import ToneEngine

        yield next(iter(ToneEngine().synthesize(text, **kwargs)))
        raise RuntimeError("engine fell over")


def parse_sse(text: str) -> list[tuple[str | None, dict[str, Any]]]:
    """(event name, JSON data) for each SSE frame; asserts every frame has exactly one data line."""
    frames = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        name, data = None, []
        for line in block.split("\n"):
            field, _, value = line.partition(": ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
            else:
                raise AssertionError(f"unexpected SSE line {line!r}")
        assert len(data) == 1, block
        frames.append((name, json.loads(data[0])))
    return frames
