"""Fast scanning for check patterns: a pattern with a literal every match contains (at most
`before` characters after the match start) is tried only around that literal's occurrences,
which `str.find` finds at memory speed; a pattern with only `needles` is skipped outright when
none of them occurs. The matches are exactly those of `pattern.finditer`: every start position
that could begin a match is tried, in order, and matches do not overlap.

Most patterns open with a lookbehind or an optional quote, which defeats the regex engine's own
literal-prefix search: it then tries every position of the file. On a large tree that was most
of the scan time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Anchored:
    pattern: re.Pattern[str]
    literal: str = ""  # in every match, starting at most `before` characters into it
    before: int = 0
    needles: tuple[str, ...] = ()  # without a literal: skip the scan when none occurs
    ignorecase: bool = False  # the pattern's re.IGNORECASE (an enum test costs per call)

    def may_match(self, text: str, start: int, end: int, lowered: str | None = None) -> bool:
        """False when text[start:end] cannot hold a match (its literal or every needle is
        missing): a quick answer for the many small regions of a Markdown file."""
        haystack = text
        if self.ignorecase:
            if lowered is None:
                return True
            haystack = lowered
        if self.literal:
            return haystack.find(self.literal, start, end) >= 0
        return any(haystack.find(n, start, end) >= 0 for n in self.needles)

    def finditer(self, text: str, start: int, end: int,
                 lowered: str | None = None) -> Iterator[re.Match[str]]:
        """Matches in text[start:end]. For a case-insensitive pattern, `lowered` is
        text.lower() when that keeps every offset (ASCII text); None falls back to a plain scan.
        """
        haystack = text
        if self.ignorecase:
            if lowered is None:
                yield from self.pattern.finditer(text, start, end)
                return
            haystack = lowered
        if not self.literal:
            if any(haystack.find(n, start, end) >= 0 for n in self.needles):
                yield from self.pattern.finditer(text, start, end)
            return
        match = self.pattern.match
        literal = self.literal
        next_start = start  # every start before this was tried, or lies inside a match
        while True:
            i = haystack.find(literal, next_start, end)
            if i < 0:
                return
            found = None
            for s in range(max(next_start, i - self.before), i + 1):
                found = match(text, s, end)
                if found is not None:
                    break
            if found is None:
                next_start = i + 1
                continue
            yield found
            next_start = max(found.end(), found.start() + 1)


def anchored(pattern: str | re.Pattern[str], literal: str = "", before: int = 0, *,
             needles: tuple[str, ...] = (), flags: int = 0) -> Anchored:
    compiled = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
    ignorecase = bool(compiled.flags & re.IGNORECASE)
    if ignorecase:
        literal, needles = literal.lower(), tuple(n.lower() for n in needles)
    return Anchored(compiled, literal, before, needles, ignorecase)
