"""The typed events of a TTS stream, whatever the transport (SSE or WebSocket).

A leaf: audio/ (subtitles) and the flows take these without importing api/, which turns the
API's JSON into them (api/events.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AudioChunk:
    data: bytes
    context_id: str | None = None
    flush_id: int | None = None


@dataclass(frozen=True)
class Timestamps:
    kind: str  # "words" or "phonemes"
    items: tuple[str, ...]
    start: tuple[float, ...]
    end: tuple[float, ...]
    context_id: str | None = None


@dataclass(frozen=True)
class FlushDone:
    flush_id: int | None
    context_id: str | None = None


@dataclass(frozen=True)
class Done:
    context_id: str | None = None


Event = AudioChunk | Timestamps | FlushDone | Done
