"""curl commands in shell text: their spans (backslash continuations joined), URLs and
single-quoted JSON bodies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CURL = re.compile(r"(?<![\w./-])curl(?=\s)")
_URL = re.compile(r"""(?:https?|wss?)://[^\s"'`]+|\$\{?\w+\}?/[^\s"'`]+""")
_BODY = re.compile(r"""(?:-d|--data|--data-raw|--data-binary|--json)\s+'(?P<body>[^']*)'""")
_API = re.compile(r"cartesia\.ai|cartesia|/tts/|/voices\b|/v0/|/audio/", re.IGNORECASE)
_PATH = re.compile(r"/(?:tts|voices|v0|audio|access-token|stt)\b")


@dataclass(frozen=True)
class CurlCommand:
    start: int  # offset of `curl`
    end: int  # end of the logical line
    text: str

    @property
    def url(self) -> str:
        match = _URL.search(self.text)
        return match.group() if match else ""

    def calls_cartesia(self) -> bool:
        url = self.url
        return bool(url) and bool(_PATH.search(url)) and bool(_API.search(self.text))

    def bodies(self) -> Iterator[tuple[int, int]]:
        """Spans (file offsets) of single-quoted bodies: literal text, so offsets map 1:1."""
        for match in _BODY.finditer(self.text):
            yield self.start + match.start("body"), self.start + match.end("body")

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
        # it is a literal, which is harmless here: bodies end at their closing quote).
        while line_end < end and text[pos:line_end].rstrip().endswith("\\"):
            nxt = text.find("\n", line_end + 1, end)
            line_end = end if nxt < 0 else nxt
        yield pos, line_end
        pos = line_end + 1


def curl_commands(text: str, start: int, end: int) -> Iterator[CurlCommand]:
    for line_start, line_end in logical_lines(text, start, end):
        comment = re.search(r"(?:^|\s)#", text[line_start:line_end])
        limit = line_start + comment.start() if comment else line_end
        # Commented-out commands are skipped; a `#` after `curl` (a noqa comment, or one in a
        # body) does not cut the command short.
        for match in _CURL.finditer(text, line_start, limit):
            yield CurlCommand(match.start(), line_end, text[match.start():line_end])
