"""Playback through PortAudio (sounddevice, imported lazily) with a jitter buffer.

Audio is queued as it arrives and played from a callback; playback starts once `prebuffer`
seconds are queued (or the stream has ended), so bursty network chunks never underrun. Closing
waits until every queued sample has been played, then stops the stream: the last syllable is never
cut off.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from cartesia_cli.audio.formats import PcmFormat, decode
from cartesia_cli.audio.sinks import FrameAligner
from cartesia_cli.errors import AudioDeviceError, UsageError

PORTAUDIO_HINT = (
    "install PortAudio (Debian/Ubuntu: `sudo apt install libportaudio2`; macOS: "
    "`brew install portaudio`), or write to a file with -o out.wav"
)
NO_DEVICE = "no audio output device: PortAudio is installed but finds no sound card or server"
NO_DEVICE_HINT = (
    "write a file with -o FILE (-o out.wav), or pipe the audio to a player "
    "(-o - | ffplay -nodisp -autoexit -); in a container, set PULSE_SERVER to a sound server"
)


def import_sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # raised at import time when libportaudio is missing
        raise AudioDeviceError(f"cannot play audio: {exc}", hint=PORTAUDIO_HINT) from exc
    return sounddevice


def list_output_devices() -> list[dict[str, Any]]:
    sd = import_sounddevice()
    try:
        devices = sd.query_devices()
        default_out = sd.default.device[1]
    except sd.PortAudioError as exc:
        raise AudioDeviceError(f"cannot list audio devices: {exc}", hint=PORTAUDIO_HINT) from exc
    return [
        {"index": i, "name": d["name"], "channels": d["max_output_channels"],
         "default_samplerate": d["default_samplerate"], "default": i == default_out}
        for i, d in enumerate(devices) if d["max_output_channels"] > 0
    ]


def _has_output(sd: Any) -> bool:
    """PortAudio lists at least one device that can play."""
    try:
        return any(d["max_output_channels"] > 0 for d in sd.query_devices())
    except sd.PortAudioError:
        return False


def resolve_device(device: str | None) -> int | str | None:
    if device is None or device == "":
        return None
    if device.isdigit():
        return int(device)
    names = [d for d in list_output_devices() if device.lower() in d["name"].lower()]
    if not names:
        raise UsageError(f"no output device matches `{device}`",
                         hint="run `cartesia stream --list-devices`")
    return int(names[0]["index"])


class SpeakerSink:
    def __init__(self, fmt: PcmFormat, *, device: str | None = None, prebuffer: float = 0.15):
        sd = import_sounddevice()
        self.fmt = fmt
        self.aligner = FrameAligner(fmt.frame_bytes)
        self.prebuffer_frames = int(prebuffer * fmt.sample_rate)
        self.lock = threading.Lock()
        self.queue: deque[Any] = deque()  # float32 arrays waiting to be played
        self.queued = 0  # frames waiting in the queue
        self.played = 0
        self.started = False
        self.ended = False
        self.drained = threading.Event()
        self.closed = False
        try:
            self.stream = sd.OutputStream(
                samplerate=fmt.sample_rate, channels=fmt.channels, dtype="float32",
                device=resolve_device(device), callback=self._callback, latency="high",
            )
        except (sd.PortAudioError, ValueError) as exc:
            if not device and not _has_output(sd):
                raise AudioDeviceError(NO_DEVICE, hint=NO_DEVICE_HINT) from exc
            raise AudioDeviceError(
                f"cannot open the audio output: {exc}",
                hint="check `cartesia stream --list-devices`, pick one with --device, "
                "or write to a file with -o out.wav",
            ) from exc

    def _callback(self, outdata: Any, frames: int, _time: Any, _status: Any) -> None:
        filled = 0
        with self.lock:
            while filled < frames and self.queue:
                head = self.queue[0]
                take = min(frames - filled, len(head))
                outdata[filled:filled + take, 0] = head[:take]
                filled += take
                if take == len(head):
                    self.queue.popleft()
                else:
                    self.queue[0] = head[take:]
            self.queued -= filled
            self.played += filled
            if filled < frames:
                outdata[filled:] = 0
                if self.ended and not self.queue:
                    self.drained.set()

    def write(self, data: bytes) -> None:
        frames = self.aligner.feed(data)
        if not frames:
            return
        samples = decode(frames, self.fmt.encoding).astype("float32", copy=False)
        with self.lock:
            self.queue.append(samples)
            self.queued += len(samples)
            ready = self.queued >= self.prebuffer_frames
        if ready and not self.started:
            self._start()

    def _start(self) -> None:
        self.started = True
        self.stream.start()

    def close(self, *, abort: bool = False) -> None:
        # `closed` is set only once the stream is really closed, so an abort after an
        # interrupted drain (Ctrl-C while the tail plays) still stops the device at once.
        if self.closed:
            return
        if abort:
            self.closed = True
            self.stream.abort()
            self.stream.close()
            return
        with self.lock:
            self.ended = True
            pending = self.queued
        if pending and not self.started:
            self._start()
        if self.started:
            self.drained.wait(timeout=pending / self.fmt.sample_rate + 5.0)
            # PortAudio's ALSA back end drops what is still buffered on stop(); the callback now
            # feeds silence, so wait until the buffers hold only that (measured: latency + 10 ms
            # is enough; twice the latency leaves a margin).
            time.sleep(max(2 * self.stream.latency, 0.1))
            self.stream.stop()
        self.stream.close()
        self.closed = True
