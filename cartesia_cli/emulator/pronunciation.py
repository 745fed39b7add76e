"""A pronunciation dictionary applied to a transcript, with word timestamps mapped back.

`rewrite(text)` replaces whole-word matches of each item's `text` with its alias, giving the text
the engine speaks plus a `WordMapper`. The mapper turns the engine's word timings (words of the
spoken text) back into the transcript's own words: a replaced word is reported once, spanning the
audio of its alias, so timestamps still match what the caller sent.

Matching (FERN-2025-04-16 `PronunciationDictItem.text`, SDK 4.2.0 `case_sensitive`): an all
lower-case `text` matches any capitalization; other texts match exactly; on 2026-08-14 every text
matches any capitalization unless the item says `case_sensitive: true`. Longer texts win over
shorter ones at the same place.

Aliases in Cartesia's phoneme notation (`<<k|ɑː|ʈ|iː|z|i|ə>>`) have no espeak equivalent here:
their IPA symbols are spelled with plain letters, so the audio still audibly changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cartesia_cli.emulator.dicts import CASE_FLAG_VERSION, DictStore, Item
from cartesia_cli.emulator.engines import Timing
from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.versions import ApiVersion

_PHONEMES = re.compile(r"<<(.*?)>>", re.DOTALL)
_IPA_LETTERS = str.maketrans({
    "ɑ": "a", "æ": "a", "ɐ": "a", "ə": "a", "ʌ": "u", "ɛ": "e", "ɜ": "er", "ɪ": "i", "ɨ": "i",
    "ɔ": "o", "ɒ": "o", "ʊ": "u", "ʉ": "u", "ø": "eu", "œ": "eu", "ʃ": "sh", "ʒ": "zh",
    "θ": "th", "ð": "th", "ŋ": "ng", "ɲ": "ny", "ɹ": "r", "ɾ": "t", "ʁ": "r", "ʀ": "r",
    "ʈ": "t", "ɖ": "d", "ʔ": "", "ː": "", "ˈ": "", "ˌ": "", "|": "", "ç": "h", "χ": "h",
    "ɡ": "g", "ʎ": "ly", "ɫ": "l", "ɭ": "l", "ɳ": "n", "ʂ": "sh", "ʐ": "zh", "β": "v",
})


def speakable_alias(alias: str) -> str:
    """The alias as plain text: phoneme notation spelled with letters, surrounding space gone."""
    return _PHONEMES.sub(lambda m: m.group(1).translate(_IPA_LETTERS), alias).strip()


def _norm(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _strip_punctuation(token: str) -> str:
    stripped = re.sub(r"^[^\w]+|[^\w]+$", "", token)
    return stripped or token


@dataclass
class _Token:
    spoken: str  # a whitespace-separated token of the spoken text
    group: int | None  # index into WordMapper.groups when it belongs to a replacement


@dataclass
class WordMapper:
    tokens: list[_Token]
    groups: list[list[str]]  # the transcript words each replacement stands for
    _position: int = 0
    _pending: tuple[int, float, float] | None = None  # (group, start of its first word, end)
    _out: list[Timing] = field(default_factory=list)

    def feed(self, words: Sequence[Timing]) -> list[Timing]:
        """The transcript's words for these engine words (a replacement is held back until
        its last spoken word has been seen)."""
        for word, start, end in words:
            group = self._group_of(word)
            if group is None:
                self._flush()
                self._out.append((word, start, end))
            elif self._pending is not None and self._pending[0] == group:
                self._pending = (group, self._pending[1], end)
            else:
                self._flush()
                self._pending = (group, start, end)
        out, self._out = self._out, []
        return out

    def finish(self) -> list[Timing]:
        self._flush()
        out, self._out = self._out, []
        return out

    def _group_of(self, word: str) -> int | None:
        wanted = _norm(word)
        for index in range(self._position, len(self.tokens)):
            if not wanted or wanted in _norm(self.tokens[index].spoken):
                self._position = index
                return self.tokens[index].group
        return None  # not found: passed through as the engine said it

    def _flush(self) -> None:
        if self._pending is None:
            return
        group, start, end = self._pending
        self._pending = None
        originals = self.groups[group]
        step = (end - start) / len(originals)
        self._out.extend((word, start + i * step, start + (i + 1) * step)
                         for i, word in enumerate(originals))


class Rewriter:
    def __init__(self, items: Sequence[Item], *, case_insensitive_default: bool) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        for item in sorted(items, key=lambda i: len(i.text), reverse=True):
            ignore_case = (not item.case_sensitive if case_insensitive_default
                           else item.text == item.text.lower())
            pattern = re.compile(rf"(?<!\w){re.escape(item.text)}(?!\w)",
                                 re.IGNORECASE if ignore_case else 0)
            self._patterns.append((pattern, speakable_alias(item.alias)))

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        taken: list[tuple[int, int, str]] = []
        for pattern, alias in self._patterns:  # longest texts first
            for match in pattern.finditer(text):
                start, end = match.span()
                if end > start and all(end <= s or start >= e for s, e, _ in taken):
                    taken.append((start, end, alias))
        return sorted(taken)

    def rewrite(self, text: str) -> tuple[str, WordMapper | None]:
        """The text to speak and the mapper for its timestamps (None: nothing replaced)."""
        matches = self._matches(text)
        if not matches:
            return text, None
        spans = [m.span() for m in re.finditer(r"\S+", text)]
        # Each replacement covers the whole tokens it touches; overlapping ones merge.
        regions: list[list[int]] = []  # [first token, last token, match indexes...]
        for index, (start, end, _) in enumerate(matches):
            touched = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
            first, last = touched[0], touched[-1]
            if regions and first <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], last)
                regions[-1].append(index)
            else:
                regions.append([first, last, index])
        pieces: list[str] = []
        tokens: list[_Token] = []
        groups: list[list[str]] = []
        cursor = 0
        for first, last, *indexes in regions:
            region_start, region_end = spans[first][0], spans[last][1]
            before = text[cursor:region_start]
            pieces.append(before)
            tokens.extend(_Token(t, None) for t in before.split())
            spoken, at = [], region_start
            for i in indexes:
                start, end, alias = matches[i]
                spoken.append(text[at:start] + alias)
                at = end
            spoken.append(text[at:region_end])
            region_text = "".join(spoken)
            pieces.append(region_text)
            tokens.extend(_Token(t, len(groups)) for t in region_text.split())
            groups.append([_strip_punctuation(text[s:e]) for s, e in spans[first:last + 1]])
            cursor = region_end
        rest = text[cursor:]
        pieces.append(rest)
        tokens.extend(_Token(t, None) for t in rest.split())
        return "".join(pieces), WordMapper(tokens, groups)


def rewriter_for(dicts: DictStore, dict_id: str | None, key: str | None,
                 version: ApiVersion) -> Rewriter | None:
    """The rewriter for a TTS request's pronunciation_dict_id (None: no dictionary or no items).

    Raises:
        ApiFailure: 400 when the caller has no dictionary by that id.
    """
    if dict_id is None:
        return None
    try:
        found = dicts.get(dict_id, key)
    except ApiFailure:
        raise ApiFailure(400, "Invalid request",
                         f"Pronunciation dictionary {dict_id!r} was not found.") from None
    if not found.items:
        return None
    return Rewriter(list(found.items),
                    case_insensitive_default=version.date >= CASE_FLAG_VERSION)
