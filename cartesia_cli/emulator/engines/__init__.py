"""Speech engines the emulator can synthesize with, behind one small interface.

An engine turns text into one `Segment` per sentence, lazily, so the server can stream the first
sentence while later ones are still being made. `tone` is deterministic and dependency-free (for
tests); `espeak` is real speech (written elsewhere, loaded only when asked for).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

ENGINE_ENV = "CARTESIA_EMULATOR_ENGINE"
_ENGINE_NAMES = ("espeak", "tone")

Timing = tuple[str, float, float]  # (text, start_s, end_s)


class EngineUnavailable(Exception):
    """The engine's dependencies are missing (e.g. espeak without espeakng-loader/soxr)."""


@dataclass(frozen=True)
class Segment:
    audio: np.ndarray  # float32 mono in [-1, 1] at the requested sample rate
    words: list[Timing] = field(default_factory=list)  # relative to the segment start
    phonemes: list[Timing] = field(default_factory=list)


class Engine(Protocol):
    name: str

    def synthesize(
        self,
        text: str,
        *,
        voice_id: str,
        language: str,
        sample_rate: int,
        speed: float = 1.0,
        volume: float = 1.0,
        emotion: str | None = None,
    ) -> Iterator[Segment]: ...


def engine_names() -> list[str]:
    return list(_ENGINE_NAMES)


def get_engine(name: str | None = None) -> Engine:
    """The engine called `name`; None means $CARTESIA_EMULATOR_ENGINE, else espeak, else tone.

    Raises:
        EngineUnavailable: an explicitly named engine cannot load.
        ValueError: the name is not an engine.
    """
    name = name or os.environ.get(ENGINE_ENV) or None
    if name is None:
        try:
            return _load("espeak")
        except EngineUnavailable:
            return _load("tone")
    return _load(name)


def _load(name: str) -> Engine:
    if name == "tone":
        from cartesia_cli.emulator.engines.tone import ToneEngine

        return ToneEngine()
    if name == "espeak":
        try:
            from cartesia_cli.emulator.engines.espeak import EspeakEngine
        except ImportError as exc:  # the module itself or espeakng-loader/soxr is missing
            raise EngineUnavailable(
                f"the espeak engine needs the offline extra ({exc}); "
                "install cartesia-cli[offline] or use the tone engine"
            ) from exc
        return EspeakEngine()
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(_ENGINE_NAMES)}")
