"""Word and phoneme spans from espeak's synthesis events, in native sample positions.

espeak reports where each word and phoneme *starts*. Ends are derived: a phoneme ends where
the next phoneme or pause starts; a word ends with its last phoneme (so a following pause is
not counted as part of it). espeak sometimes speaks several words from one dictionary entry
("tout le monde") and reports only the first; such words share the entry's time in proportion
to their length, so every transcript word gets a plausible, non-decreasing span.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import pairwise

from cartesia_cli.emulator.engines.espeak_ffi import EVENT_PHONEME, EVENT_WORD, SynthEvent
from cartesia_cli.emulator.engines.espeak_text import Word

Span = tuple[str, int, int]  # (text, start sample, end sample)

# espeak marks a switch of language inside a sentence with a pseudo-phoneme like "(en)".
_LANGUAGE_SWITCH = re.compile(r"^\(.*\)$")


def phoneme_spans(events: Sequence[SynthEvent], voiced_end: int) -> list[Span]:
    """(IPA phoneme, start, end); pauses and language switches bound phonemes, unlisted."""
    marks = [e for e in events if e.kind == EVENT_PHONEME]
    spans: list[Span] = []
    running = 0
    for i, mark in enumerate(marks):
        start = max(running, min(mark.sample, voiced_end))
        end = marks[i + 1].sample if i + 1 < len(marks) else voiced_end
        end = max(start, min(end, voiced_end))
        running = start
        if mark.phoneme and not _LANGUAGE_SWITCH.match(mark.phoneme):
            spans.append((mark.phoneme, start, end))
    return spans


def word_spans(
    words: Sequence[Word],
    events: Sequence[SynthEvent],
    phonemes: Sequence[Span],
    voiced_end: int,
) -> list[Span]:
    """(word, start, end) for each transcript word; see the module docstring."""
    if not words:
        return []
    starts = _interpolate(words, _event_starts(words, events), voiced_end)
    phoneme_starts = [start for _, start, _ in phonemes]
    spans: list[Span] = []
    for i, word in enumerate(words):
        limit = starts[i + 1] if i + 1 < len(words) else voiced_end
        first = bisect_left(phoneme_starts, starts[i])
        last = bisect_left(phoneme_starts, limit) if i + 1 < len(words) else len(phonemes)
        end = max((phonemes[k][2] for k in range(first, last)), default=limit)
        spans.append((word.text, starts[i], max(starts[i], min(end, limit))))
    return spans


def _event_starts(words: Sequence[Word], events: Sequence[SynthEvent]) -> list[int | None]:
    """The earliest word event inside each word or its leading punctuation, if any."""
    word_ends = [word.end for word in words]
    starts: list[int | None] = [None] * len(words)
    for event in events:
        if event.kind != EVENT_WORD:
            continue
        index = bisect_right(word_ends, event.position)
        if index < len(words):
            known = starts[index]
            starts[index] = event.sample if known is None else min(known, event.sample)
    return starts


def _interpolate(words: Sequence[Word], starts: list[int | None], voiced_end: int) -> list[int]:
    """Fill missing starts between known ones in proportion to word length; never decreasing."""
    anchors: list[tuple[int, int]] = []
    running = 0
    for index, start in enumerate(starts):
        if start is not None or index == 0:
            running = max(running, min(start or 0, voiced_end))
            anchors.append((index, running))
    anchors.append((len(words), voiced_end))
    filled = [0] * len(words)
    for (first, begin), (stop, finish) in pairwise(anchors):
        lengths = [len(words[k].text) for k in range(first, stop)]
        total = sum(lengths)
        offset = 0
        for k, length in zip(range(first, stop), lengths, strict=True):
            filled[k] = begin + round((finish - begin) * offset / total)
            offset += length
    return filled
