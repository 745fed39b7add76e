"""A batch manifest: JSONL, CSV with a header, or plain text (one utterance per line), read as a
stream with the line number of every item, so memory does not grow with the number of items.

JSONL: one object per line, `text` required; `out`, `voice`, `language`, `locale`, `model`,
`speed`, `volume`, `emotion`, `id` optional. CSV: a header naming the same columns (`text`
required); empty cells are absent. Plain: every line that is not blank is one text.

The format comes from `--input-format`, else the file's extension (.jsonl .ndjson .json, .csv;
any other regular file is plain), else (stdin, a pipe) the first line that is not blank: `{`
starts JSONL, a header of known column names with `text` among them is CSV, anything else is
plain text.

Standard input and pipes (`<(command)`) are read once into an anonymous temporary file, so that
they can be read twice: once to check every line before anything is sent, once to run.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from cartesia_cli.errors import UsageError

FIELDS = ("text", "out", "id", "voice", "language", "locale", "model", "speed", "volume",
          "emotion")
STRING_FIELDS = ("text", "out", "voice", "language", "locale", "model", "emotion")
NUMBER_FIELDS = ("speed", "volume")
INPUT_FORMATS = ("jsonl", "csv", "plain")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
csv.field_size_limit(16 * 1024 * 1024)  # a long text in one cell (the default is 128 KiB)


@dataclass(frozen=True)
class Item:
    """One utterance of the manifest, as written there (nothing resolved yet)."""

    n: int  # 1-based position among the items
    line: int  # where it starts in the manifest
    text: str
    out: str | None = None
    id: str | None = None
    voice: str | None = None
    language: str | None = None
    locale: str | None = None
    model: str | None = None
    speed: float | None = None
    volume: float | None = None
    emotion: str | None = None


@dataclass(frozen=True)
class BadLine:
    line: int
    message: str


class Manifest:
    """A manifest that can be read more than once; `entries()` streams Items and BadLines."""

    def __init__(self, source: str, *, stdin: IO[bytes] | None = None,
                 input_format: str | None = None):
        self.name = "stdin" if source == "-" else source
        self._spool: IO[bytes] | None = None
        if input_format is not None and input_format not in INPUT_FORMATS:
            raise UsageError(f"unknown manifest format `{input_format}`",
                             hint="formats: " + ", ".join(INPUT_FORMATS))
        self.path: str | None = None
        if source == "-":
            if stdin is None:
                raise UsageError("no stdin to read the manifest from")
            self._spool_from(stdin)
        else:
            if os.path.isdir(source):
                raise UsageError(f"the manifest {source} is a directory")
            try:
                with open(source, "rb") as probe:
                    if stat.S_ISREG(os.fstat(probe.fileno()).st_mode):
                        self.path = source
                    else:  # a FIFO, `<(command)`: readable once, so kept like stdin
                        self._spool_from(probe)
            except OSError as exc:
                reason = (exc.strerror or str(exc)).lower()
                raise UsageError(f"cannot read the manifest {source}: {reason}") from None
        extension = os.path.splitext(source)[1].lower()
        self.format = input_format or _EXTENSIONS.get(extension) or self._guess_format()

    def _spool_from(self, stream: IO[bytes]) -> None:
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        try:
            while block := stream.read(1 << 20):
                self._spool.write(block)
        except OSError as exc:
            raise UsageError(f"cannot read the manifest from {self.name}: {exc}") from exc

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> IO[bytes]:
        if self._spool is not None:
            self._spool.seek(0)
            return cast(IO[bytes], _Unclosed(self._spool))
        assert self.path is not None
        try:
            return open(self.path, "rb")
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise UsageError(f"cannot read the manifest {self.name}: {reason}") from None

    def _guess_format(self) -> str:
        if self.path is not None:
            return "plain"
        with self._open() as raw:
            for first in _lines(raw):
                if isinstance(first, BadLine):  # not UTF-8: plain text, that line reported
                    return "plain"
                line = first[1]
                if line.startswith("{"):
                    return "jsonl"
                header = [cell.strip() for cell in next(csv.reader([line]))]
                if "text" in header and all(cell in FIELDS for cell in header):
                    return "csv"
                return "plain"
        return "plain"

    def entries(self) -> Iterator[Item | BadLine]:
        """Every item in order, or a BadLine where a line cannot be one."""
        reader = {"jsonl": _jsonl, "csv": _csv, "plain": _plain}[self.format]
        with self._open() as raw:
            yield from reader(raw)


class _Unclosed(io.BufferedIOBase):
    """The spooled stdin, read again and again: closing a reading of it keeps the file."""

    def __init__(self, inner: IO[bytes]):
        self._inner = inner

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._inner.read(-1 if size is None else size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._inner.readline(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._inner.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._inner.readline, b"")

    def close(self) -> None:
        pass


def _decode(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    return raw.decode("utf-8")


def _lines(raw: IO[bytes]) -> Iterator[tuple[int, str] | BadLine]:
    """Every line that is not blank, stripped, with its number; a BadLine where it is not UTF-8."""
    for number, raw_line in enumerate(raw, start=1):
        try:
            line = _decode(raw_line).strip()
        except UnicodeDecodeError:
            yield BadLine(number, "not UTF-8 text")
            continue
        if line:
            yield number, line


def _plain(raw: IO[bytes]) -> Iterator[Item | BadLine]:
    n = 0
    for entry in _lines(raw):
        if isinstance(entry, BadLine):
            yield entry
            continue
        n += 1
        yield Item(n, *entry)


def _jsonl(raw: IO[bytes]) -> Iterator[Item | BadLine]:
    n = 0
    for line_entry in _lines(raw):
        if isinstance(line_entry, BadLine):
            yield line_entry
            continue
        number, line = line_entry
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield BadLine(number, f"not valid JSON ({_json_reason(exc)})")
            continue
        if not isinstance(value, dict):
            yield BadLine(number, "not a JSON object (expected {\"text\": ...})")
            continue
        entry = _item(n + 1, number, value)
        if isinstance(entry, Item):
            n += 1
        yield entry


def _json_reason(exc: Exception) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__


def _csv(raw: IO[bytes]) -> Iterator[Item | BadLine]:
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", errors="strict")
    reader = csv.reader(text)
    n = 0
    try:
        header = [cell.strip() for cell in next(reader, [])]
        unknown = [cell for cell in header if cell not in FIELDS]
        if "text" not in header or unknown:
            why = (f"unknown column{'s' if len(unknown) > 1 else ''} "
                   + ", ".join(f"`{c}`" for c in unknown)) if unknown else "no `text` column"
            yield BadLine(1, f"the CSV header has {why} (columns: {', '.join(FIELDS)})")
            return
        if len(set(header)) != len(header):
            yield BadLine(1, "the CSV header names a column twice")
            return
        start = reader.line_num + 1
        for row in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield BadLine(number, f"{len(row)} cells for {len(header)} columns")
                continue
            value = {k: v for k, v in zip(header, row, strict=False) if v.strip()}
            entry = _item(n + 1, number, value, from_csv=True)
            if isinstance(entry, Item):
                n += 1
            yield entry
    except UnicodeDecodeError:
        yield BadLine(reader.line_num + 1, "not UTF-8 text")
    except csv.Error as exc:
        yield BadLine(reader.line_num, f"malformed CSV: {exc}")


def _item(n: int, line: int, value: dict[str, Any], *, from_csv: bool = False) -> Item | BadLine:
    unknown = sorted(k for k in value if k not in FIELDS)
    if unknown:
        return BadLine(line, "unknown field" + ("s " if len(unknown) > 1 else " ")
                       + ", ".join(f"`{k}`" for k in unknown) + f" (fields: {', '.join(FIELDS)})")
    fields: dict[str, Any] = {}
    for key, raw in value.items():
        if raw is None:
            continue
        if key in NUMBER_FIELDS:
            number = _number(raw, from_csv)
            if number is None:
                return BadLine(line, f"`{key}` must be a number, not {raw!r}")
            fields[key] = number
        elif key == "id":
            if isinstance(raw, bool) or not isinstance(raw, str | int):
                return BadLine(line, f"`id` must be a string or an integer, not {raw!r}")
            fields[key] = str(raw).strip() if from_csv else str(raw)
        elif not isinstance(raw, str):
            return BadLine(line, f"`{key}` must be a string, not {json.dumps(raw)[:40]}")
        else:
            fields[key] = raw if key == "text" else raw.strip()
    text = fields.get("text")
    if text is None or not text.strip():
        return BadLine(line, "no text (`text` is missing or empty)")
    fields["text"] = text.strip()
    for key in ("out", "voice", "language", "locale", "model", "emotion", "id"):
        if key in fields and not fields[key]:
            return BadLine(line, f"`{key}` is empty")
    return Item(n, line, **fields)


def _number(raw: Any, from_csv: bool) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    if from_csv and isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            return None
        return value if value == value and abs(value) != float("inf") else None
    return None
