"""The virtual sound card for playback tests: what the speaker "heard".

`bash scripts/test.sh` starts a private PulseAudio daemon (scripts/audio-server.sh) whose only
sink is a pipe sink clocked by the system clock, and exports PULSE_SERVER. PortAudio reaches it
through ALSA's pulse plugin, so sounddevice's default output device plays into that sink, which
writes every rendered sample to a FIFO in real time: silence (exact zeros) when nothing plays,
the played audio otherwise, bit-exact when it is float32 mono at 44100 Hz (no conversion).

Usage in a test::

    from audio_card import capture, match, require_audio

    def test_plays_everything() -> None:
        require_audio()
        with capture() as heard:
            play(reference)                      # anything that plays to the default device
        found = match(heard.samples, reference)
        assert found.length == len(reference) and found.correlation > 0.999

A player in a subprocess must inherit PULSE_SERVER. Only one capture may read the FIFO at a
time, so audio tests must not run in parallel. PortAudio's ALSA back end drops what is still
buffered on stop()/close(): a player that does not pad with silence first loses its last
~latency of audio (see test_audio_card.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 44100
CHANNELS = 1
DTYPE = "float32"
SINK_NAME = "cartesia_test_card"
SINK_SPEC = "float32le 1ch 44100Hz"
REQUIRE_ENV = "CARTESIA_REQUIRE_AUDIO"

_FRAME_BYTES = 4
# A bigger pipe lets the reader thread stall (GIL, busy CI) for seconds instead of the default
# 64 KiB (0.37 s) before the sink starts dropping audio. 1 MiB is the unprivileged maximum.
_PIPE_BYTES = 1 << 20
_READ_BYTES = 1 << 16
_HOW_TO_START = (
    "run `bash scripts/test.sh`, or `bash scripts/audio-server.sh start` and "
    '`eval "$(bash scripts/audio-server.sh env)"` before pytest'
)


class AudioCardUnavailableError(RuntimeError):
    """The virtual sound card cannot be used; the message says why."""


def _pactl_sinks() -> str:
    if not os.environ.get("PULSE_SERVER"):
        # Without it, PortAudio would talk to the user's own sound server (or none), which has
        # no pipe sink; and pactl might autospawn a daemon.
        raise AudioCardUnavailableError(f"PULSE_SERVER is not set: {_HOW_TO_START}")
    if shutil.which("pactl") is None:
        raise AudioCardUnavailableError("pactl is missing (Debian package pulseaudio-utils)")
    result = subprocess.run(
        ["pactl", "list", "sinks"],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
        timeout=10,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        raise AudioCardUnavailableError(
            f"PulseAudio at {os.environ['PULSE_SERVER']} is not reachable ({detail}): "
            f"{_HOW_TO_START}"
        )
    return result.stdout


def _sink_fields(listing: str) -> dict[str, str]:
    """The 'Key: value' and 'prop = "value"' lines of our sink's block in `pactl list sinks`."""
    for block in listing.split("Sink #")[1:]:
        fields: dict[str, str] = {}
        for line in block.splitlines():
            key, sep, value = line.strip().partition(": ")
            if sep:
                fields.setdefault(key, value)
            key, sep, value = line.strip().partition(" = ")
            if sep:
                fields.setdefault(key, value.strip('"'))
        if fields.get("Name") == SINK_NAME:
            return fields
    raise AudioCardUnavailableError(
        f"PulseAudio at {os.environ['PULSE_SERVER']} has no sink {SINK_NAME!r}: it is not the "
        f"test card; {_HOW_TO_START}"
    )


def pipe_sink_fifo() -> Path:
    """The FIFO the test card writes what it plays to.

    Raises:
        AudioCardUnavailableError: the server is unreachable, or is not the test card.
    """
    fields = _sink_fields(_pactl_sinks())
    if fields.get("Sample Specification") != SINK_SPEC:
        raise AudioCardUnavailableError(
            f"sink {SINK_NAME!r} plays {fields.get('Sample Specification')}, not {SINK_SPEC}"
        )
    fifo = Path(fields.get("device.string", ""))
    if not fifo.is_fifo():
        raise AudioCardUnavailableError(f"the pipe sink's FIFO {str(fifo)!r} does not exist")
    return fifo


def _check_portaudio() -> None:
    try:
        import sounddevice as sd
    except OSError as exc:  # sounddevice raises OSError when libportaudio is missing
        raise AudioCardUnavailableError(f"PortAudio is missing (libportaudio2): {exc}") from exc
    names = [str(device["name"]) for device in sd.query_devices()]
    if "pulse" not in names:
        raise AudioCardUnavailableError(
            f"PortAudio sees no ALSA 'pulse' device (libasound2-plugins); it sees {names}"
        )
    try:
        sd.query_devices(kind="output")
    except sd.PortAudioError as exc:
        raise AudioCardUnavailableError(f"PortAudio has no default output device: {exc}") from exc


def unavailable_reason() -> str | None:
    """Why the virtual sound card cannot be used, or None when it can."""
    try:
        pipe_sink_fifo()
        _check_portaudio()
    except AudioCardUnavailableError as exc:
        return str(exc)
    return None


def audio_required() -> bool:
    """True when a missing sound card must fail the test run (CI sets CARTESIA_REQUIRE_AUDIO)."""
    return os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def require_audio() -> None:
    """Skip the calling test when the card is unusable, or fail it under CARTESIA_REQUIRE_AUDIO."""
    import pytest

    reason = unavailable_reason()
    if reason is None:
        return
    if audio_required():
        message = f"virtual sound card unavailable ({REQUIRE_ENV} is set): {reason}"
        pytest.fail(message, pytrace=False)
    pytest.skip(f"virtual sound card unavailable: {reason}")


class Capture:
    """Everything the card plays while the `capture()` block runs; `samples` once it has ended."""

    def __init__(self, fifo: Path) -> None:
        self._fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        with contextlib.suppress(OSError):
            fcntl.fcntl(self._fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self._chunks: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read_until_stopped, daemon=True)
        self._samples: np.ndarray | None = None

    def start(self) -> None:
        # While nobody reads, the sink leaves its last pipe-full of output (possibly the tail of
        # an earlier test) in the FIFO; that is not part of this capture.
        self._read_available()
        self._chunks.clear()
        self._thread.start()

    def finish(self, tail_seconds: float) -> None:
        # The sink renders slightly ahead of real time, so waiting briefly after the player has
        # stopped is enough for its last samples to be in the FIFO.
        time.sleep(tail_seconds)
        self._stop.set()
        self._thread.join()
        self._read_available()
        os.close(self._fd)
        import numpy as np

        data = b"".join(self._chunks)
        usable = len(data) - len(data) % _FRAME_BYTES
        self._samples = np.frombuffer(data[:usable], dtype="<f4").copy()

    @property
    def samples(self) -> np.ndarray:
        """The captured mono float32 samples at SAMPLE_RATE, silence included."""
        if self._samples is None:
            raise RuntimeError("the capture is still running; read samples after the with block")
        return self._samples

    def _read_until_stopped(self) -> None:
        while not self._stop.is_set():
            readable, _, _ = select.select([self._fd], [], [], 0.05)
            if readable:
                self._read_available()

    def _read_available(self) -> None:
        while True:
            try:
                chunk = os.read(self._fd, _READ_BYTES)
            except BlockingIOError:
                return
            if not chunk:
                return
            self._chunks.append(chunk)


@contextlib.contextmanager
def capture(tail_seconds: float = 0.25) -> Iterator[Capture]:
    """Record what the card plays during the block (plus `tail_seconds` after it).

    Raises:
        AudioCardUnavailableError: the card is not usable (call `require_audio()` first).
    """
    recording = Capture(pipe_sink_fifo())
    recording.start()
    try:
        yield recording
    finally:
        recording.finish(tail_seconds)


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """`samples` without the exact-zero silence the sink renders before and after playback."""
    import numpy as np

    sounding = np.flatnonzero(samples)
    if sounding.size == 0:
        return samples[:0]
    return samples[sounding[0] : sounding[-1] + 1]


@dataclass(frozen=True)
class Match:
    """Where a reference signal was found in a capture and how much of it was there."""

    offset: int  # index in the capture where the reference starts
    length: int  # captured samples from `offset` to the last non-silent one (sounding_length)
    correlation: float  # normalised correlation over the first min(length, len(reference))
    max_abs_error: float  # largest sample difference over that same span


def match(captured: np.ndarray, reference: np.ndarray) -> Match:
    """Locate `reference` in `captured` by cross-correlation and compare the two there.

    Cross-correlation rather than "first non-zero sample" so that references which begin or
    end with silence, or captures with other sounds, are still aligned correctly.
    """
    import numpy as np

    captured = np.asarray(captured, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64).reshape(-1)
    if not np.any(captured) or not np.any(reference):
        return Match(offset=0, length=0, correlation=0.0, max_abs_error=float("inf"))
    size = 1 << (len(captured) + len(reference) - 1).bit_length()
    spectrum = np.fft.rfft(captured, size) * np.conj(np.fft.rfft(reference, size))
    offset = int(np.argmax(np.fft.irfft(spectrum, size)[: len(captured)]))
    length = sounding_length(captured[offset:])
    span = min(length, len(reference))
    heard, expected = captured[offset : offset + span], reference[:span]
    norm = float(np.linalg.norm(heard) * np.linalg.norm(expected))
    return Match(
        offset=offset,
        length=length,
        correlation=float(np.dot(heard, expected) / norm) if norm else 0.0,
        max_abs_error=float(np.max(np.abs(heard - expected))) if span else float("inf"),
    )


def sounding_length(samples: np.ndarray) -> int:
    """Samples up to and including the last non-zero one (what `Match.length` counts)."""
    import numpy as np

    sounding = np.flatnonzero(samples)
    return int(sounding[-1]) + 1 if sounding.size else 0
