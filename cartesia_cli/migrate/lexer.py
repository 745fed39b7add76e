"""Just enough lexing of Python, JavaScript and friends to tell code from strings and comments,
and to find which bracket encloses a position (the call or the object key a match sits in).

This is deliberately not a parser: it must survive code of any vintage and any syntax error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_CALLEE = re.compile(r"(?P<name>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*$")
_NOT_IN_CALLEE = re.compile(r"[^\w$.\s]")
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
    # Every change of nesting, in text order: where it happened and, from just after it, the
    # innermost open bracket overall and of each kind (indices into `opens`, -1 for none), as
    # (overall, "(", "[", "{"). A query is then one binary search, however deep the nesting or
    # however many brackets closed just before it.
    event_at: list[int] = field(default_factory=list)
    states: list[tuple[int, int, int, int]] = field(default_factory=list)

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

    def _innermost(self, pos: int, opener: str | None = None) -> int:
        """Index of the innermost bracket around `pos` (opened before it, closed at or after
        it), optionally of one kind; -1 when there is none."""
        i = bisect.bisect_left(self.event_at, pos) - 1
        return self.states[i][_STATE_SLOT[opener]] if i >= 0 else -1

    def any_enclosing(self, pos: int, opener: str, test: Callable[[int], bool],
                      memo: dict[int, bool]) -> bool:
        """Whether some `opener` bracket around `pos` passes `test(its position)`. The answer
        for each bracket (it or one around it passes) goes into `memo`, so that many questions
        inside one deep nesting test each bracket once instead of once per question."""
        chain = []
        i = self._innermost(pos)
        while i >= 0 and i not in memo:
            chain.append(i)
            i = self.parents[i]
        outer = memo[i] if i >= 0 else False
        for j in reversed(chain):
            outer = outer or (self.text[self.opens[j]] == opener and test(self.opens[j]))
            memo[j] = outer
        return outer

    def enclosing(self, pos: int, opener: str | None = None) -> tuple[int, int] | None:
        """The innermost bracket pair around `pos`, optionally of one kind ("(", "[" or "{")."""
        i = self._innermost(pos, opener)
        return (self.opens[i], self.closes[i]) if i >= 0 else None


_STATE_SLOT = {None: 0, "(": 1, "[": 2, "{": 3}
_SPECIAL: dict[str, re.Pattern[str]] = {}


def _special(language: str) -> re.Pattern[str]:
    """The characters where the lexer has something to do; it jumps over everything else."""
    if language not in _SPECIAL:
        quotes = "\"'" if language == "yaml" else "\"'`"
        comment = "#" if language in ("python", "shell", "yaml") else "/"
        _SPECIAL[language] = re.compile("[" + re.escape(quotes + comment) + r"()\[\]{}]")
    return _SPECIAL[language]


def lex(text: str, start: int, end: int, language: str) -> Lexed:
    """Strings, comments and bracket nesting of text[start:end]."""
    out = Lexed(text)
    strings, comments = out.strings, out.comments
    opens, closes, parents = out.opens, out.closes, out.parents
    event_at, states = out.event_at, out.states
    # Indices into `opens`, innermost last, each over a -1 for "none": all open brackets, and
    # those of each kind (a closer finds its opener in O(1)).
    stack = [-1]
    paren, square, brace = [-1], [-1], [-1]
    by_kind = {"(": paren, "[": square, "{": brace}
    search = _special(language).search
    line_comment = "#" if language in ("python", "shell", "yaml") else "//"
    at_word_start = language in ("shell", "yaml")  # `#` only starts a comment after a blank
    javascript = language == "javascript"
    python = language == "python"
    # Where each kind of string can end (see _string_end, which this loop inlines).
    string_stops = {quote: _STRING_STOPS[quote, not (language == "shell" and quote == "'"),
                                         quote == "`" or language == "shell"]
                    for quote in "\"'`"}
    pos = start
    while True:
        found = search(text, pos, end)
        if found is None:
            break
        pos = found.start()
        ch = text[pos]
        if ch in _OPEN:
            index = len(opens)
            parents.append(stack[-1])
            stack.append(index)
            by_kind[ch].append(index)
            opens.append(pos)
            closes.append(end)
            event_at.append(pos)
            states.append((index, paren[-1], square[-1], brace[-1]))
        elif ch in _CLOSE:
            opened = by_kind[_CLOSE[ch]]
            if len(opened) > 1:
                # Close the nearest matching opener and any unclosed ones inside it (each
                # bracket is closed once, so this is linear overall); a stray closer in broken
                # code is ignored.
                target = opened[-1]
                while True:
                    index = stack.pop()
                    closes[index] = pos
                    by_kind[text[opens[index]]].pop()
                    if index == target:
                        break
                event_at.append(pos)
                states.append((stack[-1], paren[-1], square[-1], brace[-1]))
        elif ch in "\"'`":
            if python and text.startswith(ch * 3, pos):
                close = text.find(ch * 3, pos + 3, end)
                close = end if close < 0 else close + 3
            else:  # inline: a file can hold a string every few characters
                stops = string_stops[ch]
                i = pos + 1
                while True:
                    stop = stops.search(text, i, end)
                    if stop is None:
                        close = end
                        break
                    i = stop.start()
                    if text[i] == "\\":
                        i += 2
                    else:  # the quote (closed), or a newline (unterminated on this line)
                        close = i + 1 if text[i] == ch else i
                        break
            strings.append((pos, close))
            pos = close
            continue
        elif text.startswith(line_comment, pos) and (not at_word_start
                                                      or _word_start(text, pos)):
            nl = text.find("\n", pos, end)
            close = end if nl < 0 else nl
            comments.append((pos, close))
            pos = close
            continue
        elif javascript and text.startswith("/*", pos):
            close = text.find("*/", pos + 2, end)
            close = end if close < 0 else close + 2
            comments.append((pos, close))
            pos = close
            continue
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
    stops = _STRING_STOPS[quote, escapes, multiline]
    i = pos + 1
    while True:
        found = stops.search(text, i, end)
        if found is None:
            return end
        i = found.start()
        if text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i + 1
        else:
            return i  # a newline: unterminated on this line; stop rather than swallow the file


# Where a string can end: its quote, a backslash escape (unless the quotes are literal) or,
# for one-line strings, a newline.
_STRING_STOPS = {
    (quote, escapes, multiline): re.compile(
        "[" + re.escape(quote) + ("\\\\" if escapes else "") + ("" if multiline else "\n") + "]")
    for quote in "\"'`" for escapes in (True, False) for multiline in (True, False)
}


def callee(text: str, open_pos: int) -> str:
    """The dotted name right before a `(`, e.g. `client.tts.sse`; "" when there is none."""
    window = max(0, open_pos - 200)
    # The search tries every start in its window: first the last few characters. A name that
    # begins further back runs unbroken through them (names, dots and blanks only), and only
    # then is the whole window searched.
    near = max(window, open_pos - 40)
    match = _CALLEE.search(text, near, open_pos)
    if near > window and not _NOT_IN_CALLEE.search(text, near,
                                                    match.start() if match else open_pos):
        match = _CALLEE.search(text, window, open_pos)
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


def blank_line_start(text: str, pos: int) -> int | None:
    """The start of the line of `pos` if only blanks precede `pos` on it, else None. It walks
    back over those blanks only (not to the line start), so asking for many positions on one
    long line stays linear."""
    i = pos
    while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    return i if i == 0 or text[i - 1] == "\n" else None


def blank_before(text: str, pos: int) -> int:
    """Where the blanks (newlines included) that end right before `pos` begin."""
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i
