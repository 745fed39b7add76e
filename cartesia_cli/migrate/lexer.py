"""Just enough lexing of Python, JavaScript and friends to tell code from strings and comments,
and to find which bracket encloses a position (the call or the object key a match sits in).

This is deliberately not a parser: it must survive code of any vintage and any syntax error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_CALLEE = re.compile(r"(?P<name>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*$")
_RECEIVER = re.compile(r"(?P<name>[A-Za-z_$][\w$]*)(?:\s*\[[^\[\]\n]*\])*\s*$")
_KEY_BEFORE = re.compile(r"""(?:["'`]?(?P<key>[A-Za-z_$][\w$-]*)["'`]?\s*(?::|=(?!=))\s*)$""")


@dataclass
class Lexed:
    text: str
    strings: list[tuple[int, int]] = field(default_factory=list)  # spans including the quotes
    comments: list[tuple[int, int]] = field(default_factory=list)
    # Brackets, in the order they open: position, matching close (or the region's end for an
    # unclosed one) and the index of the enclosing bracket (-1 at the top level).
    opens: list[int] = field(default_factory=list)
    closes: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)

    @staticmethod
    def _inside(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
        if i >= 0 and spans[i][0] <= pos < spans[i][1]:
            return spans[i]
        return None

    def string_at(self, pos: int) -> tuple[int, int] | None:
        return self._inside(self.strings, pos)

    def in_comment(self, pos: int) -> bool:
        return self._inside(self.comments, pos) is not None

    def _containing(self, pos: int) -> Iterator[tuple[int, int]]:
        # Every bracket opened after the innermost one around `pos` (and before `pos`) is
        # nested inside it, so climbing the parents of the last bracket opened before `pos`
        # meets all the brackets around `pos`, innermost first, in O(depth).
        i = bisect.bisect_left(self.opens, pos) - 1
        while i >= 0:
            if self.closes[i] >= pos:
                yield self.opens[i], self.closes[i]
            i = self.parents[i]

    def enclosing_all(self, pos: int) -> list[tuple[int, int]]:
        """Every bracket pair around `pos`, innermost first."""
        return list(self._containing(pos))

    def enclosing(self, pos: int, opener: str | None = None) -> tuple[int, int] | None:
        """The innermost bracket pair around `pos`, optionally of one kind ("(", "[" or "{")."""
        for start, end in self._containing(pos):
            if opener is None or self.text[start] == opener:
                return start, end
        return None


def lex(text: str, start: int, end: int, language: str) -> Lexed:
    """Strings, comments and bracket nesting of text[start:end]."""
    out = Lexed(text)
    stack: list[int] = []  # indices into out.opens
    pos = start
    line_comment = "#" if language in ("python", "shell", "yaml") else "//"
    while pos < end:
        ch = text[pos]
        if ch in "\"'`" and not (language == "yaml" and ch == "`"):
            close = _string_end(text, pos, end, language)
            out.strings.append((pos, close))
            pos = close
            continue
        if text.startswith(line_comment, pos) and (language not in ("shell", "yaml")
                                                    or _word_start(text, pos)):
            nl = text.find("\n", pos, end)
            close = end if nl < 0 else nl
            out.comments.append((pos, close))
            pos = close
            continue
        if language == "javascript" and text.startswith("/*", pos):
            close = text.find("*/", pos + 2, end)
            close = end if close < 0 else close + 2
            out.comments.append((pos, close))
            pos = close
            continue
        if ch in _OPEN:
            out.parents.append(stack[-1] if stack else -1)
            stack.append(len(out.opens))
            out.opens.append(pos)
            out.closes.append(end)
        elif ch in _CLOSE:
            # Close the nearest matching opener (and any unclosed ones inside it); a stray
            # closer in broken code is ignored.
            for depth in range(len(stack) - 1, -1, -1):
                if text[out.opens[stack[depth]]] == _CLOSE[ch]:
                    for index in stack[depth:]:
                        out.closes[index] = pos
                    del stack[depth:]
                    break
        pos += 1
    return out


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in " \t\n;|&("


def _string_end(text: str, pos: int, end: int, language: str) -> int:
    quote = text[pos]
    if language == "python" and text.startswith(quote * 3, pos):
        close = text.find(quote * 3, pos + 3, end)
        return end if close < 0 else close + 3
    escapes = not (language == "shell" and quote == "'")
    multiline = quote == "`" or language == "shell"
    i = pos + 1
    while i < end:
        ch = text[i]
        if escapes and ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i + 1
        if ch == "\n" and not multiline:
            return i  # unterminated on this line: stop here rather than swallow the file
        i += 1
    return end


def callee(text: str, open_pos: int) -> str:
    """The dotted name right before a `(`, e.g. `client.tts.sse`; "" when there is none."""
    match = _CALLEE.search(text, max(0, open_pos - 200), open_pos)
    return re.sub(r"\s+", "", match.group("name")) if match else ""


def receiver(text: str, pos: int) -> str:
    """The variable whose member is accessed at `pos`: `output` for `output["a"]["b"]` or
    `output.b` when `pos` is at the final accessor; "" when there is none."""
    match = _RECEIVER.search(text, max(0, pos - 120), pos)
    return match.group("name") if match else ""


def key_before(text: str, open_pos: int) -> str:
    """The key or keyword an object literal is assigned to: `voice` in `"voice": {` or
    `voice={`; "" when there is none."""
    match = _KEY_BEFORE.search(text, max(0, open_pos - 80), open_pos)
    return match.group("key") if match else ""


def expression_end(text: str, pos: int, limit: int) -> int:
    """Where an expression that starts at `pos` ends: at a `,`, a closing bracket or a newline
    at nesting depth 0, skipping over string literals."""
    depth = 0
    i = pos
    while i < limit:
        ch = text[i]
        if ch in "\"'`":
            close = text.find(ch, i + 1, limit)
            while close > 0 and text[close - 1] == "\\":
                close = text.find(ch, close + 1, limit)
            if close < 0:
                return limit
            i = close + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in ",\n;":
            break
        i += 1
    while i > pos and text[i - 1] in " \t\r":
        i -= 1
    return i
