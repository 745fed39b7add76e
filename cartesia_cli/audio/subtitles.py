"""Word timestamps to a JSON file and to SRT/VTT subtitles with readable cues."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cartesia_cli.events import Timestamps

MAX_LINE = 42  # characters per subtitle line, the common broadcast limit
MAX_LINES = 2
MAX_CUE_SECONDS = 6.0
PAUSE_SECONDS = 0.3  # a silence this long (a sentence break, a breath) starts a new cue
_SENTENCE_END = re.compile(r"[.!?。！？…][\"')\]]*$")


@dataclass
class TimestampLog:
    """Word and phoneme timestamps, concatenated across events in order."""

    words: list[tuple[str, float, float]] = field(default_factory=list)
    phonemes: list[tuple[str, float, float]] = field(default_factory=list)

    def add(self, event: Timestamps, offset: float = 0.0) -> None:
        target = self.words if event.kind == "words" else self.phonemes
        target.extend(
            (item, start + offset, end + offset)
            for item, start, end in zip(event.items, event.start, event.end, strict=True)
        )

    def to_json(self, phonemes: bool) -> str:
        data: dict[str, object] = {
            "words": [
                {"word": w, "start": round(s, 4), "end": round(e, 4)} for w, s, e in self.words
            ]
        }
        if phonemes:
            data["phonemes"] = [
                {"phoneme": p, "start": round(s, 4), "end": round(e, 4)}
                for p, s, e in self.phonemes
            ]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]


def _wrap(words: list[str]) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= MAX_LINE:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def group_cues(words: list[tuple[str, float, float]]) -> list[Cue]:
    """Cues of at most two lines of 42 characters, cut at sentence ends, pauses and 6 s."""
    cues: list[Cue] = []
    current: list[tuple[str, float, float]] = []

    def flush() -> None:
        if current:
            cues.append(
                Cue(current[0][1], current[-1][2], tuple(_wrap([w for w, _, _ in current])))
            )
            current.clear()

    for word, start, end in words:
        if current:
            candidate = [w for w, _, _ in current] + [word]
            too_long = len(_wrap(candidate)) > MAX_LINES
            pause = start - current[-1][2] >= PAUSE_SECONDS
            if too_long or pause or end - current[0][1] > MAX_CUE_SECONDS:
                flush()
        current.append((word, start, end))
        if _SENTENCE_END.search(word):
            flush()
    flush()
    return cues


def _clock(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: list[Cue]) -> str:
    blocks = [
        f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n" + "\n".join(c.lines)
        for i, c in enumerate(cues, 1)
    ]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def to_vtt(cues: list[Cue]) -> str:
    blocks = [
        f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n" + "\n".join(c.lines) for c in cues
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + ("\n" if blocks else "")


def subtitle_format(path: str) -> str:
    from cartesia_cli.errors import UsageError
    from cartesia_cli.safe_write import is_in_place

    suffix = Path(path).suffix.lower()
    if suffix not in (".srt", ".vtt"):
        if path and is_in_place(path):
            return "srt"  # /dev/stdout, a FIFO: no name to tell the format by, SRT is the usual
        raise UsageError(
            f"unknown subtitle format `{suffix or path}`", hint="use FILE.srt or FILE.vtt"
        )
    return suffix[1:]
