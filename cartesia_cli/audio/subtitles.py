"""Word timestamps to a JSON file and to SRT/VTT subtitles with readable cues."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cartesia_cli.events import Timestamps

MAX_LINE = 42  # characters per subtitle line, the common broadcast limit
MAX_LINES = 2
MAX_CUE_SECONDS = 6.0
PAUSE_SECONDS = 0.3  # a silence this long (a sentence break, a breath) starts a new cue
_SENTENCE_END = re.compile(r"[.!?。！？…][\"')\]]*$")
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "jr.", "sr.", "vs.", "e.g.", "i.e."}


Timed = tuple[str, float, float]  # a word (or phoneme) and its start and end in seconds


@dataclass
class TimestampLog:
    """Word and phoneme timestamps, concatenated across events in order, and the transcript
    that was sent (`transcript`), which the words are written as."""

    words: list[Timed] = field(default_factory=list)
    phonemes: list[Timed] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    def add(self, event: Timestamps, offset: float = 0.0) -> None:
        target = self.words if event.kind == "words" else self.phonemes
        target.extend(
            (item, start + offset, end + offset)
            for item, start, end in zip(event.items, event.start, event.end, strict=True)
        )

    def written_words(self) -> list[Timed]:
        """The transcript's words as written, timed by the words the API timed (align_words)."""
        if not self.transcript:
            return list(self.words)
        return align_words(" ".join(self.transcript), self.words)

    def to_json(self, phonemes: bool) -> str:
        data: dict[str, object] = {
            "words": [
                {"word": w, "start": round(s, 4), "end": round(e, 4)}
                for w, s, e in self.written_words()
            ]
        }
        if phonemes:
            data["phonemes"] = [
                {"phoneme": p, "start": round(s, 4), "end": round(e, 4)}
                for p, s, e in self.phonemes
            ]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- The transcript as written, on the API's timing ------------------------------------------
#
# The API times the words it spoke: normalised ("Streaming", "speech", "offline" for
# "Streaming speech, offline."), sometimes spelled out ("three", "forty-five" for "3:45").
# Subtitles show the text as written, so each timed word is mapped back to the written token it
# came from (a whitespace-separated span, punctuation included; in scripts written without
# spaces, a character), by matching letters and digits case-insensitively, in order. A token
# takes the time from the start of its first timed word to the end of its last; timed words
# that match nothing (numbers spelled out) are shared among the untimed tokens between their
# matched neighbours; tokens no timed word reached (a lone dash, the rest of a Chinese word)
# join the token before them, with the spacing of the text.

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # the API's SSML-like tags, spoken as no words
_LOOKAHEAD_TOKENS = 3  # how far a timed word may skip ahead over unspoken written tokens
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF),
             (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F),
             (0x20000, 0x2FA1F))  # Thai, Lao, Myanmar, Khmer, kana, CJK ideographs


def _unspaced(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSPACED)


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the written tokens: runs without spaces, cut after each character of a script
    written without spaces (punctuation stays with the character before it)."""
    spans: list[tuple[int, int]] = []
    for run in re.finditer(r"\S+", text):
        begin = run.start()
        for at in range(run.start(), run.end()):
            if _unspaced(text[at]) and any(c.isalnum() for c in text[begin:at]):
                spans.append((begin, at))
                begin = at
        spans.append((begin, run.end()))
    return spans


def align_words(text: str, timed: list[Timed]) -> list[Timed]:
    """`text`'s tokens as written, each with the span of the timed words that spoke it.
    In-text tags (`<break time="1s"/>`, `<emotion value='excited'/>`) are not shown."""
    shown = _TAG.sub(lambda tag: " " * len(tag.group(0)), text)
    tokens = _tokens(shown)
    if not tokens or not timed:
        return list(timed)
    # The written letters in one string, with the token each letter belongs to.
    owner: list[int] = []
    starts: list[int] = []  # where each token's letters begin in the stream
    pieces: list[str] = []
    for index, (begin, finish) in enumerate(tokens):
        starts.append(len(owner))
        letters_of = _letters(shown[begin:finish])
        pieces.append(letters_of)
        owner.extend([index] * len(letters_of))
    letters = "".join(pieces)
    starts.append(len(letters))

    keys = [_letters(word) for word, _, _ in timed]
    assigned: list[int | None] = []
    pos = 0
    token_at = 0  # the token the stream position is in (or the next one)
    for j, key in enumerate(keys):
        candidates = [pos] + [starts[t] for t in range(token_at + 1, min(
            token_at + 1 + _LOOKAHEAD_TOKENS, len(tokens)))]

        def first_match(key: str, candidates: list[int] = candidates) -> int:
            return next((c for c in candidates if key and letters.startswith(key, c)), -1)

        found = first_match(key)
        if found > pos and any(-1 < first_match(k) < found for k in keys[j + 1:j + 4]):
            found = -1  # a later word matches nearer: this one was spelled out ("3" → "three")
        if found < 0:
            assigned.append(None)
            continue
        assigned.append(owner[found])
        pos = found + len(key)
        token_at = owner[pos - 1]
        while token_at < len(tokens) and pos >= starts[token_at + 1]:
            token_at += 1  # the token is used up: the next one with letters starts here
    _share_unmatched(assigned, len(tokens))

    spans: dict[int, list[float]] = {}
    for owner_of, (_, start, end) in zip(assigned, timed, strict=True):
        if owner_of is not None:
            span = spans.setdefault(owner_of, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
    out: list[tuple[int, int, float, float]] = []  # text span, time span
    lead: int | None = None  # where untimed tokens before the first timed one begin
    for index, (begin, finish) in enumerate(tokens):
        if index in spans:
            out.append((begin if lead is None else lead, finish, spans[index][0],
                        spans[index][1]))
            lead = None
        elif out:
            out[-1] = (out[-1][0], finish, out[-1][2], out[-1][3])
        elif lead is None:
            lead = begin
    return [(shown[b:f], start, end) for b, f, start, end in out]


def _share_unmatched(assigned: list[int | None], n_tokens: int) -> None:
    """Give each run of unmatched timed words the untimed tokens between its neighbours (in
    order, spread evenly), or the token before it when there are none."""
    before = -1  # the token of the last matched word so far
    i = 0
    while i < len(assigned):
        matched = assigned[i]
        if matched is not None:
            before = matched
            i += 1
            continue
        j = i
        while j < len(assigned) and assigned[j] is None:
            j += 1
        following = assigned[j] if j < len(assigned) else None
        after = n_tokens if following is None else following
        free = list(range(before + 1, after))
        for k in range(i, j):
            if free:
                assigned[k] = free[(k - i) * len(free) // (j - i)]
            elif before >= 0:
                assigned[k] = before
            elif after < n_tokens:
                assigned[k] = after
        i = j


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]


def _unspaced_side(char: str) -> bool:
    """Written without a space next to it: those scripts, their punctuation, full-width forms."""
    code = ord(char)
    return _unspaced(char) or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _wrap(words: list[str]) -> list[str]:
    lines: list[str] = []
    for word in words:
        space = "" if lines and _unspaced_side(lines[-1][-1]) and _unspaced_side(word[0]) else " "
        if lines and len(lines[-1]) + len(space) + len(word) <= MAX_LINE:
            lines[-1] += space + word
        else:
            lines.append(word)
    return lines


def group_cues(words: list[Timed]) -> list[Cue]:
    """Cues of at most two lines of 42 characters, cut at sentence ends, pauses and 6 s."""
    cues: list[Cue] = []
    current: list[Timed] = []

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
        if _SENTENCE_END.search(word) and word.casefold() not in _ABBREVIATIONS:
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
