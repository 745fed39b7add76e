"""Where the expression that starts at a position ends: at a `,`, `;`, newline or closing
bracket at its own nesting level, skipping string literals and nested brackets.

Checks ask this for every match, and many matches can share one long line or one deep nesting;
scanning forward from each would be quadratic. So one pass over the region records, per
nesting depth, the positions where an expression at that depth stops, and a question is a
binary search. Only a position inside a string (a match in a string literal sees the text
with different quotes) is scanned directly, and that scan is bounded.
"""

from __future__ import annotations

import bisect
import re

# Values longer than this are not rewritten: fixes only ever replace short literals and names.
MAX_LENGTH = 1000
_QUOTES = "\"'`"
_SPECIAL = re.compile(r"[\"'`()\[\]{},\n;]")
_TRAILING = " \t\r"


def _string_close(text: str, quote_at: int, limit: int) -> int:
    """The closing quote of the string opened at `quote_at`, or -1 (no escape handling beyond
    a backslash right before a quote: good enough to find the end of a value)."""
    quote = text[quote_at]
    close = text.find(quote, quote_at + 1, limit)
    while close > 0 and text[close - 1] == "\\":
        close = text.find(quote, close + 1, limit)
    return close


class Expressions:
    """Expression ends within text[start:end]."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.end = end
        self.strings: list[tuple[int, int]] = []  # (opening quote, after the closing quote)
        self.broken = end  # an unterminated quote: an expression reaching it runs to the end
        self.depth_at: list[int] = []  # bracket positions, and the depth after each
        self.depth_after: list[int] = []
        self.stops: dict[int, list[int]] = {}  # depth before the character -> positions
        self._trimmed: dict[int, int] = {}
        depth = 0
        pos = start
        while (found := _SPECIAL.search(text, pos, end)) is not None:
            pos = found.start()
            ch = text[pos]
            if ch in _QUOTES:
                close = _string_close(text, pos, end)
                if close < 0:
                    self.broken = pos
                    break
                self.strings.append((pos, close + 1))
                pos = close + 1
                continue
            if ch in "([{":
                depth += 1
            else:  # a closer or a separator stops an expression at this depth
                self.stops.setdefault(depth, []).append(pos)
                if ch in ")]}":
                    depth -= 1
            if ch in "([{)]}":
                self.depth_at.append(pos)
                self.depth_after.append(depth)
            pos += 1

    def _in_string(self, pos: int) -> bool:
        i = bisect.bisect_right(self.strings, (pos, self.end + 1)) - 1
        return i >= 0 and self.strings[i][0] < pos < self.strings[i][1]

    def _depth(self, pos: int) -> int:
        i = bisect.bisect_left(self.depth_at, pos) - 1
        return self.depth_after[i] if i >= 0 else 0

    def end_of(self, pos: int) -> int | None:
        """Where the expression starting at `pos` ends (trailing blanks excluded); None when
        it is longer than MAX_LENGTH."""
        if pos >= self.broken or self._in_string(pos):
            close = self._scan(pos)
        else:
            close = self._lookup(pos)
        return close if close is not None and close - pos <= MAX_LENGTH else None

    def _lookup(self, pos: int) -> int:
        stops = self.stops.get(self._depth(pos), [])
        i = bisect.bisect_left(stops, pos)
        if i < len(stops):
            return max(pos, self._trim(stops[i]))
        if self.broken < self.end:
            return self.end  # ran into an unterminated string: everything to the end
        return max(pos, self._trim(self.end))

    def _trim(self, pos: int) -> int:
        if pos not in self._trimmed:
            i = pos
            while i > 0 and self.text[i - 1] in _TRAILING:
                i -= 1
            self._trimmed[pos] = i
        return self._trimmed[pos]

    def _scan(self, pos: int) -> int | None:
        """The same rules, scanned directly (from inside a string the quotes pair differently),
        giving up after MAX_LENGTH characters."""
        text = self.text
        limit = min(self.end, pos + MAX_LENGTH + 1)
        depth = 0
        i = pos
        while i < limit:
            ch = text[i]
            if ch in _QUOTES:
                close = _string_close(text, i, limit)
                if close < 0:
                    return self.end if limit == self.end else None
                i = close + 1
                continue
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and ch in ",\n;":
                break
            i += 1
        else:
            if limit < self.end:
                return None
        while i > pos and text[i - 1] in _TRAILING:
            i -= 1
        return i
