"""Where the text to speak comes from: arguments, a file, or stdin."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from cartesia_cli.errors import UsageError


def check_sources(args: list[str], file: str | None) -> None:
    """Text comes from the arguments or from -f FILE (`-f -` included), never both."""
    if args and file is not None:
        raise UsageError("give the text as arguments or with -f FILE, not both")


def wants_stdin(args: list[str], file: str | None, stdin_isatty: bool) -> bool:
    """Text comes from stdin for `-`, or when nothing else is given and stdin is not a terminal."""
    if file == "-" or args == ["-"]:
        return True
    return not args and file is None and not stdin_isatty


def read_text(args: list[str], file: str | None, *, stdin: TextIO, stdin_isatty: bool) -> str:
    """The whole text to speak.

    Raises:
        UsageError: no text and stdin is a terminal, both arguments and a file, an unreadable
            file, or text that is empty or only whitespace.
    """
    check_sources(args, file)
    if wants_stdin(args, file, stdin_isatty):
        text = _read_stdin(stdin)
        where = "stdin"
    elif file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"cannot read {file}: not UTF-8 text ({exc.reason} at byte "
                             f"{exc.start})",
                             hint="convert it first, e.g. `iconv -f latin1 -t utf-8`") from exc
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            hint = ("give the path of a text file (`-f -` reads stdin)"
                    if isinstance(exc, (FileNotFoundError, IsADirectoryError)) else None)
            raise UsageError(f"cannot read {file}: {reason}", hint=hint) from exc
        where = file
    elif args:
        text = " ".join(args)
        where = "the arguments"
    else:
        raise UsageError(
            "no text to speak",
            hint='give it as an argument (`cartesia say "Hello"`), with -f FILE, or on stdin',
        )
    if not text.strip():
        raise UsageError(f"the text from {where} is empty")
    return text


def _read_stdin(stdin: TextIO) -> str:
    """All of stdin as UTF-8 text; bytes that are not UTF-8 are a usage error, as for -f."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        return stdin.read()
    try:
        data: bytes = buffer.read()
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read stdin: not UTF-8 text ({exc.reason} at byte "
                         f"{exc.start})") from exc
