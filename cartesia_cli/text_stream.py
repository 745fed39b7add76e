"""Text as a stream of pieces that never cut a word, for continuations and long inputs.

The API concatenates continuation transcripts verbatim, so every piece keeps its whitespace and
the pieces joined give back the input exactly.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from cartesia_cli import signals
from cartesia_cli.errors import UsageError

# A pattern, compiled on first use (re's cache): compiling it costs 0.4 ms, and most runs (short
# texts on the WebSocket) never cut anything.
SENTENCE_END = r"[.!?。！？…]+[\"')\]]*\s+|\n\s*"
MAX_PIECE = 1000  # characters; long enough for a paragraph, short enough to start speaking early


def _cut_before(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: after a sentence, else after a space."""
    window = text[:limit]
    ends = [m.end() for m in re.finditer(SENTENCE_END, window)]
    if ends:
        return ends[-1]
    space = max(window.rfind(" "), window.rfind("\t"), window.rfind("\n"))
    return space + 1 if space > 0 else limit


def split_pieces(text: str, max_chars: int = MAX_PIECE) -> list[str]:
    """Cut a whole text into pieces of at most `max_chars`, at sentence or word boundaries.

    Linear in the text: it walks an index instead of re-slicing the rest of the text.
    """
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        cut = _cut_before(text[start:start + max_chars], max_chars)
        pieces.append(text[start:start + cut])
        start += cut
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _raw_reader(stream: IO[bytes]) -> Callable[[int], bytes]:
    """os.read on the descriptor when there is one: a thread blocked in a buffered read would
    hold the buffer's lock and abort the interpreter at exit (after Ctrl-C)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return getattr(stream, "read1", stream.read)
    return lambda size: os.read(fd, size)


def read_pieces(stream: IO[bytes], read_size: int = 65536) -> Iterator[str]:
    """Text from a binary stream as it arrives, cut after the last whitespace of each read.

    `read1` returns whatever is available (at least one byte), so a pipe that delivers a few
    words at a time is spoken a few words at a time. A word that has not ended yet waits for the
    next read (or the end of input).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    pending = ""
    read = _raw_reader(stream)
    received = 0
    while True:
        signals.check()
        data = read(read_size)
        try:
            if not data:
                pending += decoder.decode(b"", final=True)
                break
            pending += decoder.decode(data)
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"cannot read stdin: not UTF-8 text ({exc.reason} at byte "
                f"{received + max(exc.start, 0)})",
                hint="convert it first, e.g. `iconv -f latin1 -t utf-8`",
            ) from None
        received += len(data)
        cut = max(pending.rfind(c) for c in " \t\n\r") + 1
        if len(pending) > MAX_PIECE and cut == 0:
            cut = len(pending)  # no whitespace at all in a long run: send it anyway
        while cut > 0:
            size = min(cut, MAX_PIECE)
            if size < cut:
                size = _cut_before(pending, MAX_PIECE)
            yield pending[:size]
            pending = pending[size:]
            cut -= size
    if pending:
        yield pending


def sentences(pieces: Iterable[str], max_chars: int = MAX_PIECE) -> Iterator[str]:
    """Regroup pieces into whole sentences (for transports that cannot continue a context)."""
    buffer = ""
    for piece in pieces:
        buffer += piece
        ends = [m.end() for m in re.finditer(SENTENCE_END, buffer)]
        if ends:
            yield buffer[: ends[-1]]
            buffer = buffer[ends[-1]:]
        while len(buffer) > max_chars:
            cut = _cut_before(buffer, max_chars)
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer
