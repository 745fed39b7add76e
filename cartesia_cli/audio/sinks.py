"""Where audio goes: files (written to NAME.part, renamed on success), stdout, the speakers.

Every sink takes bytes as they arrive (`write`) and is closed once (`close(abort=...)`). Chunks may
split a sample anywhere, so sinks that decode keep the odd bytes for the next chunk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Protocol

from cartesia_cli.audio.formats import PcmFormat, decode, wav_header
from cartesia_cli.errors import UsageError

# soundfile (libsndfile) formats for containers encoded on this side.
SOUNDFILE_FORMATS = {
    "flac": ("FLAC", "PCM_16"),
    "ogg": ("OGG", "VORBIS"),
    "opus": ("OGG", "OPUS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}


class Sink(Protocol):
    def write(self, data: bytes) -> None: ...

    def close(self, *, abort: bool = False) -> None: ...


class FrameAligner:
    """Cuts a byte stream at whole frames, keeping the remainder for the next chunk."""

    def __init__(self, frame_bytes: int):
        self.frame_bytes = frame_bytes
        self._rest = b""

    def feed(self, data: bytes) -> bytes:
        if self._rest:
            data = self._rest + data
        cut = len(data) - len(data) % self.frame_bytes
        self._rest = data[cut:]
        return data[:cut]


class PartFile:
    """A file written as NAME.part and renamed to NAME only when complete."""

    def __init__(self, path: Path, *, keep_partial: bool = False):
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self.keep_partial = keep_partial
        check_writable(path)

    def open(self) -> IO[bytes]:
        try:
            return self.part.open("wb")
        except OSError as exc:
            raise UsageError(f"cannot write {self.path}: {exc.strerror}") from exc

    def finish(self, *, abort: bool) -> None:
        if abort:
            if not self.keep_partial:
                self.part.unlink(missing_ok=True)
        else:
            os.replace(self.part, self.path)


def check_writable(path: Path) -> None:
    """Fail before any request when the output cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a directory")
    if not parent.is_dir():
        raise UsageError(f"cannot write {path}: no directory {parent}")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"cannot write {path}: permission denied")


class RawFileSink:
    """Bytes as they come: raw PCM, or a container the API already encoded (mp3)."""

    def __init__(self, path: Path, *, keep_partial: bool = False, header: bytes = b""):
        self.target = PartFile(path, keep_partial=keep_partial)
        self.fh = self.target.open()
        self.bytes = 0
        self._closed = False
        self._write(header)

    def _write(self, data: bytes) -> None:
        try:
            self.fh.write(data)
        except OSError as exc:
            raise write_error(self.target.path, exc) from exc

    def write(self, data: bytes) -> None:
        self._write(data)
        self.bytes += len(data)

    def close(self, *, abort: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if not abort:
                self.before_close()
            self.fh.close()
        except OSError as exc:
            self._discard()
            if not abort:
                raise write_error(self.target.path, exc) from exc
            return
        except BaseException:
            self._discard()
            raise
        self.target.finish(abort=abort)

    def _discard(self) -> None:
        """Give up on the file: close it whatever state it is in, and drop (or keep) the .part."""
        try:
            self.fh.close()
        except OSError:
            pass
        self.target.finish(abort=True)

    def before_close(self) -> None:
        pass


def write_error(path: Path, exc: OSError) -> UsageError:
    return UsageError(f"cannot write {path}: {exc.strerror or exc}",
                      hint="check the free space and permissions of the output directory")


class WavFileSink(RawFileSink):
    """A WAV written as the audio streams in; the header's sizes are filled in at the end."""

    def __init__(self, path: Path, fmt: PcmFormat, *, keep_partial: bool = False):
        self.fmt = fmt
        super().__init__(path, keep_partial=keep_partial, header=wav_header(fmt))
        self.aligner = FrameAligner(fmt.frame_bytes)

    def write(self, data: bytes) -> None:
        super().write(self.aligner.feed(data))

    def before_close(self) -> None:
        self.fh.seek(0)
        self.fh.write(wav_header(self.fmt, self.bytes))


class SoundFileSink:
    """A container encoded here with libsndfile (FLAC, Ogg Vorbis, Opus, MP3), chunk by chunk."""

    def __init__(self, path: Path, container: str, fmt: PcmFormat, *, keep_partial: bool = False):
        import soundfile

        self.target = PartFile(path, keep_partial=keep_partial)
        self.fmt = fmt
        self.aligner = FrameAligner(fmt.frame_bytes)
        major, subtype = SOUNDFILE_FORMATS[container]
        try:
            self.sf = soundfile.SoundFile(self.target.part, "w", samplerate=fmt.sample_rate,
                                          channels=fmt.channels, format=major, subtype=subtype)
        except (soundfile.LibsndfileError, RuntimeError) as exc:
            self.target.part.unlink(missing_ok=True)
            raise UsageError(f"cannot write {container} to {path}: {exc}") from exc
        self._closed = False

    def write(self, data: bytes) -> None:
        frames = self.aligner.feed(data)
        if frames:
            try:
                self.sf.write(decode(frames, self.fmt.encoding))
            except (OSError, RuntimeError) as exc:  # libsndfile reports I/O errors as these
                raise write_error(self.target.path, OSError(str(exc))) from exc

    def close(self, *, abort: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.sf.close()
        except (OSError, RuntimeError) as exc:
            self.target.finish(abort=True)
            if not abort:
                raise write_error(self.target.path, OSError(str(exc))) from exc
            return
        self.target.finish(abort=abort)


class StdoutSink:
    """Audio to a pipe: a streaming WAV (placeholder sizes) or raw bytes, flushed per chunk."""

    def __init__(self, header: bytes = b"", stream: IO[bytes] | None = None):
        self.out = stream or sys.stdout.buffer
        self.pending = header
        self.bytes = 0

    def write(self, data: bytes) -> None:
        if self.pending:
            data, self.pending = self.pending + data, b""
        self.out.write(data)
        self.out.flush()
        self.bytes += len(data)

    def close(self, *, abort: bool = False) -> None:
        if self.pending and not abort:
            self.out.write(self.pending)
            self.pending = b""
        self.out.flush()

