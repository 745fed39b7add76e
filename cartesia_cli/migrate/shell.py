"""curl commands in shell text: their spans (backslash continuations joined), URLs and
single-quoted JSON bodies."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cartesia_cli.migrate.anchored import anchored

_CURL = re.compile(r"(?<![\w./-])curl(?=\s)")
# Tried only where `curl` occurs (the lookbehind defeats the regex engine's own search).
_CURL_SCAN = anchored(_CURL, "curl")
_URL = re.compile(r"""(?:https?|wss?)://[^\s"'`]+|\$\{?\w+\}?/[^\s"'`]+""")
_BODY = re.compile(r"""(?:-d|--data|--data-raw|--data-binary|--json)\s+'(?P<body>[^']*)'""")
_API = re.compile(r"cartesia\.ai|cartesia|/tts/|/voices\b|/v0/|/audio/", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|\s)#")
_PATH = re.compile(r"/(?:tts|voices|v0|audio|access-token|stt)\b")


class _Line:
    """One logical line, shared by the curl commands on it.

    A command reads from its `curl` to the end of the line, so the commands of a line like
    `curl curl curl ...` overlap; searching each one's text separately would be quadratic.
    Commands ask in text order, so a pattern's last answer is reused while it still lies
    ahead: each pattern scans the line about once.
    """

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end
        self._last: dict[re.Pattern[str], tuple[int, re.Match[str] | None]] = {}

    def first(self, pattern: re.Pattern[str], pos: int) -> re.Match[str] | None:
        """The first match of `pattern` in text[pos:end]."""
        if pattern in self._last:
            asked, found = self._last[pattern]
            # Nothing matched between `asked` and `found`, so from any `pos` in that stretch
            # the first match is `found` again (or nothing, if nothing was found).
            if asked <= pos and (found is None or pos <= found.start()):
                return found
        found = pattern.search(self.text, pos, self.end)
        self._last[pattern] = (pos, found)
        return found


class CurlCommand:
    """A `curl` and the rest of its logical line."""

    def __init__(self, start: int, line: _Line) -> None:
        self.start = start  # offset of `curl`
        self.end = line.end  # end of the logical line
        self._line = line
        self._url: str | None = None
        self._calls: bool | None = None
        self.body_spans: list[tuple[int, int]] = []  # filled by curl_commands

    @property
    def text(self) -> str:
        return self._line.text[self.start:self.end]

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        return self._line.first(pattern, self.start) is not None

    @property
    def url(self) -> str:
        if self._url is None:  # remembered: a line can hold 100,000 commands
            match = self._line.first(_URL, self.start)
            self._url = match.group() if match else ""
        return self._url

    def calls_cartesia(self) -> bool:
        if self._calls is None:
            url = self.url
            self._calls = bool(url) and bool(_PATH.search(url)) and self.mentions(_API)
        return self._calls

    def bodies(self) -> list[tuple[int, int]]:
        """Spans (file offsets) of single-quoted bodies: literal text, so offsets map 1:1."""
        return self.body_spans

    def endpoint_kind(self) -> str | None:
        url = self.url
        if "/tts/bytes" in url:
            return "bytes"
        if "/tts/sse" in url or "/audio/sse" in url or "/audio/stream" in url:
            return "sse"
        return None


def logical_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        # A trailing backslash joins the next physical line (also inside single quotes, where
        # it is a literal, which is harmless here: bodies end at their closing quote). Only the
        # newest physical line is looked at (a blank one keeps the previous line's ending), so
        # a long run of continuations stays linear.
        last = text[pos:line_end].rstrip()[-1:]
        while line_end < end and last == "\\":
            nxt = text.find("\n", line_end + 1, end)
            nxt = end if nxt < 0 else nxt
            last = text[line_end + 1:nxt].rstrip()[-1:] or last
            line_end = nxt
        yield pos, line_end
        pos = line_end + 1


def curl_commands(text: str, start: int, end: int) -> Iterator[CurlCommand]:
    for line_start, line_end in logical_lines(text, start, end):
        if text.find("curl", line_start, line_end) < 0:
            continue  # most lines: no command can start on them
        comment = (_COMMENT.search(text[line_start:line_end])
                   if text.find("#", line_start, line_end) >= 0 else None)
        limit = line_start + comment.start() if comment else line_end
        # Commented-out commands are skipped; a `#` after `curl` (a noqa comment, or one in a
        # body) does not cut the command short.
        starts = [m.start() for m in _CURL_SCAN.finditer(text, line_start, limit)]
        if not starts:
            continue
        line = _Line(text, line_end)
        commands = [CurlCommand(pos, line) for pos in starts]
        # A body belongs to the nearest command before it that calls the API: `curl a; curl b
        # -d '...'` sends it with b, while a stray `curl` word between (an argument, or one in
        # a transcript) does not take it away. Handing every body to every earlier command,
        # as reading each command to the line end would, is quadratic in commands per line.
        following = iter(commands)
        upcoming = next(following, None)
        sender = None
        for match in _BODY.finditer(text, starts[0], line_end):
            while upcoming is not None and upcoming.start <= match.start():
                if upcoming.calls_cartesia():
                    sender = upcoming
                upcoming = next(following, None)
            if sender is not None:
                sender.body_spans.append(match.span("body"))
        yield from commands
