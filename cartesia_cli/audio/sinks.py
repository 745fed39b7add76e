"""Where audio goes: files (through safe_write: a temporary file renamed on success, devices and
FIFOs in place), stdout, the speakers.

Every sink takes bytes as they arrive (`write`) and is closed once (`close(abort=...)`). Chunks may
split a sample anywhere, so sinks that decode keep the odd bytes for the next chunk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Protocol

from cartesia_cli.audio.formats import PcmFormat, decode, pipe_wav_header, silence, wav_header
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
    """Audio to stdout (a pipe, usually): raw bytes, flushed per chunk."""

    def __init__(self, header: bytes = b"", stream: IO[bytes] | None = None):
        self.out = stream or sys.stdout.buffer
        self.pending = header
        self.bytes = 0  # written to the stream, header included

    def write(self, data: bytes) -> None:
        if self.pending:
            data, self.pending = self.pending + data, b""
        self._put(data)

    def _put(self, data: bytes) -> None:
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
                pending, self.pending = self.pending, b""
                self._put(pending)
            if not abort:
                self.before_close()
            self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            if not abort:
                raise write_error("stdout", exc) from exc

    def before_close(self) -> None:
        pass


# ffmpeg reads a WAV in packets of 4096 bytes; a shorter last one (the stream ended mid-packet)
# is reported as corrupt. A piped WAV therefore ends on such a boundary, padded with silence
# (at most 4095 bytes: 46 ms of 16-bit audio at 44100 Hz).
PIPE_BLOCK = 4096


class WavStdoutSink(StdoutSink):
    """A streaming WAV on stdout that ffmpeg and SoX read without a warning (formats.py,
    pipe_wav_header). When stdout is a regular file (`> out.wav`), the header's sizes are filled
    in at the end as for -o FILE; on a pipe, the data is padded to whole 4096-byte blocks."""

    def __init__(self, fmt: PcmFormat, stream: IO[bytes] | None = None):
        super().__init__(pipe_wav_header(fmt), stream)
        self.fmt = fmt
        self.aligner = FrameAligner(fmt.frame_bytes)
        self.start = _regular_file_offset(self.out)  # where the WAV begins, if it can seek
        self.header_bytes = len(self.pending)

    def write(self, data: bytes) -> None:
        frames = self.aligner.feed(data)
        if frames:
            super().write(frames)

    def before_close(self) -> None:
        data_bytes = self.bytes - self.header_bytes
        if self.start is not None:
            self.out.flush()
            self.out.seek(self.start)
            self.out.write(pipe_wav_header(self.fmt, data_bytes))
            self.out.seek(0, 2)
            return
        short = -data_bytes % PIPE_BLOCK
        if short:
            self._put(silence(short // self.fmt.frame_bytes, self.fmt.encoding))


def _regular_file_offset(out: IO[bytes]) -> int | None:
    """The position in a regular file stdout was opened on (not for appending), else None."""
    import fcntl
    import stat

    try:
        fd = out.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode) or fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND:
            return None
        return out.tell() if out.seekable() else None
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
        return None
