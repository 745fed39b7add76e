"""Where audio goes: files (through safe_write: a temporary file renamed on success, devices and
FIFOs in place), stdout, the speakers.

Every sink takes bytes as they arrive (`write`) and is closed once (`close(abort=...)`). Chunks may
split a sample anywhere, so sinks that decode keep the odd bytes for the next chunk.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Protocol

from cartesia_cli.audio.formats import PcmFormat, decode, wav_header
from cartesia_cli.errors import UsageError
from cartesia_cli.safe_write import SafeFile, write_error

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


class RawFileSink:
    """Bytes as they come: raw PCM, or a container the API already encoded (mp3)."""

    def __init__(self, path: Path, *, keep_partial: bool = False, header: bytes = b""):
        self.out = SafeFile(path, keep_partial=keep_partial)
        self.bytes = 0
        self._closed = False
        self.out.write(header)

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.bytes += len(data)

    def close(self, *, abort: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        if abort:
            self.out.discard()
            return
        try:
            self.before_close()
        except OSError as exc:
            self.out.discard()
            raise write_error(self.out.path, exc) from exc
        except BaseException:
            self.out.discard()
            raise
        self.out.commit()

    def before_close(self) -> None:
        pass


class WavFileSink(RawFileSink):
    """A WAV written as the audio streams in; the header's sizes are filled in at the end
    (where the output can seek: a FIFO keeps the streaming header's placeholder sizes)."""

    def __init__(self, path: Path, fmt: PcmFormat, *, keep_partial: bool = False):
        self.fmt = fmt
        super().__init__(path, keep_partial=keep_partial, header=wav_header(fmt))
        self.aligner = FrameAligner(fmt.frame_bytes)

    def write(self, data: bytes) -> None:
        super().write(self.aligner.feed(data))

    def before_close(self) -> None:
        if self.out.seekable:
            self.out.file.seek(0)
            self.out.write(wav_header(self.fmt, self.bytes))


class SoundFileSink:
    """A container encoded here with libsndfile (FLAC, Ogg Vorbis, Opus, MP3), chunk by chunk."""

    def __init__(self, path: Path, container: str, fmt: PcmFormat, *, keep_partial: bool = False):
        import soundfile

        self.out = SafeFile(path, keep_partial=keep_partial)
        self.fmt = fmt
        self.aligner = FrameAligner(fmt.frame_bytes)
        major, subtype = SOUNDFILE_FORMATS[container]
        try:
            # libsndfile writes through the descriptor; SafeFile still owns and closes it.
            self.sf = soundfile.SoundFile(self.out.file.fileno(), "w", closefd=False,
                                          samplerate=fmt.sample_rate, channels=fmt.channels,
                                          format=major, subtype=subtype)
        except (soundfile.LibsndfileError, RuntimeError, OSError) as exc:
            self.out.discard()
            raise UsageError(f"cannot write {container} to {path}: {exc}",
                             hint="a pipe or device takes wav or raw; files take any format"
                             ) from exc
        self._closed = False

    def write(self, data: bytes) -> None:
        frames = self.aligner.feed(data)
        if frames:
            try:
                self.sf.write(decode(frames, self.fmt.encoding))
            except (OSError, RuntimeError) as exc:  # libsndfile reports I/O errors as these
                raise write_error(self.out.path, _as_oserror(exc)) from exc

    def close(self, *, abort: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.sf.close()
        except (OSError, RuntimeError) as exc:
            self.out.discard()
            if not abort:
                raise write_error(self.out.path, _as_oserror(exc)) from exc
            return
        if abort:
            self.out.discard()
        else:
            self.out.commit()


def _as_oserror(exc: Exception) -> OSError:
    return exc if isinstance(exc, OSError) else OSError(str(exc))


class StdoutSink:
    """Audio to a pipe: a streaming WAV (placeholder sizes) or raw bytes, flushed per chunk."""

    def __init__(self, header: bytes = b"", stream: IO[bytes] | None = None):
        self.out = stream or sys.stdout.buffer
        self.pending = header
        self.bytes = 0

    def write(self, data: bytes) -> None:
        if self.pending:
            data, self.pending = self.pending + data, b""
        try:
            self.out.write(data)
            self.out.flush()
        except BrokenPipeError:
            raise  # the reader has gone: the CLI stops quietly, exit 0
        except OSError as exc:
            raise write_error("stdout", exc) from exc
        self.bytes += len(data)

    def close(self, *, abort: bool = False) -> None:
        try:
            if self.pending and not abort:
                self.out.write(self.pending)
                self.pending = b""
            self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            if not abort:
                raise write_error("stdout", exc) from exc

