"""The typed events of a TTS stream, whatever the transport (SSE or WebSocket).

A leaf: audio/ (subtitles) and the flows take these without importing api/, which turns the
API's JSON into them (api/events.py).
"""

# No `from __future__ import annotations` here: NamedTuple makes a ForwardRef (compiled) of
# every string annotation, up to 0.3 ms of import time per module, on every run.
from typing import NamedTuple

# NamedTuples rather than frozen dataclasses: the same immutable named fields at a quarter of the
# import time (each frozen dataclass costs 0.6 ms or more to create, and this is on every stream).


class AudioChunk(NamedTuple):
    data: bytes
    context_id: str | None = None
    flush_id: int | None = None


class Timestamps(NamedTuple):
    kind: str  # "words" or "phonemes"
    items: tuple[str, ...]
    start: tuple[float, ...]
    end: tuple[float, ...]
    context_id: str | None = None


class FlushDone(NamedTuple):
    flush_id: int | None
    context_id: str | None = None


class Done(NamedTuple):
    context_id: str | None = None


Event = AudioChunk | Timestamps | FlushDone | Done
