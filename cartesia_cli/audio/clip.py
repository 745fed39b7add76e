"""A voice clip checked before it is uploaded: readable audio, not empty, not too long.

The API recommends a few seconds of speech (facts.CLONE_RECOMMENDED_SECONDS); longer or
shorter clips get a warning from the caller, clips that cannot work are usage errors here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cartesia_cli.errors import UsageError
from cartesia_cli.facts import CLONE_RECOMMENDED_SECONDS

# Project limits, not the API's (it documents none; the emulator applies the same ones): a
# clip is seconds of speech, so a file past these is the wrong file (a podcast, a film), and
# one under a second holds too little of a voice. Both are refused before anything is uploaded.
MIN_CLIP_SECONDS = 1.0
MAX_CLIP_SECONDS = 60.0
MAX_CLIP_BYTES = 50 * 1024 * 1024

CONTENT_TYPES = {"WAV": "audio/wav", "FLAC": "audio/flac", "OGG": "audio/ogg",
                 "MP3": "audio/mpeg", "AIFF": "audio/aiff"}


@dataclass(frozen=True)
class Clip:
    path: str
    data: bytes
    seconds: float
    sample_rate: int
    channels: int
    format: str  # soundfile's name: WAV, FLAC, OGG, MP3 ...

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format, "application/octet-stream")

    def upload(self) -> tuple[str, bytes, str]:
        """The multipart file: (name, bytes, content type)."""
        return Path(self.path).name, self.data, self.content_type

    def describe(self) -> str:
        channels = "mono" if self.channels == 1 else f"{self.channels} channels"
        return (f"{self.path}: {self.seconds:.1f} s, {self.format}, {self.sample_rate} Hz, "
                f"{channels}")

    def length_warning(self) -> str | None:
        low, high = CLONE_RECOMMENDED_SECONDS
        if self.seconds < low:
            return (f"the clip is {self.seconds:.1f} s long, shorter than the {low:g}-{high:g} s "
                    "the API recommends: the clone may sound less like the speaker")
        if self.seconds > high:
            return (f"the clip is {self.seconds:.1f} s long, longer than the {low:g}-{high:g} s "
                    "the API recommends: trim it to the clearest few seconds of speech")
        return None


def read_clip(path: str) -> Clip:
    """Read and check a clip.

    Raises:
        UsageError: missing, not a file, empty, not audio soundfile can read, no samples, or
            longer than MAX_CLIP_SECONDS.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise UsageError(f"{path} is not a file", hint="give an audio clip: a .wav, .flac, "
                             ".ogg or .mp3 file of a few seconds of speech")
        if size == 0:
            raise UsageError(f"{path} is empty", hint="record a few seconds of speech")
        if size > MAX_CLIP_BYTES:
            raise UsageError(f"{path} is {size / 2**20:.0f} MB: too large for a voice clip",
                             hint="a clip is a few seconds of speech; trim it (e.g. "
                             "`ffmpeg -i in.wav -t 10 clip.wav`)")
        data = file.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except PermissionError:
        raise UsageError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    import io

    import soundfile

    try:
        info = soundfile.info(io.BytesIO(data))
    except (RuntimeError, TypeError, ValueError):  # LibsndfileError is a RuntimeError
        raise UsageError(f"{path} is not audio that can be read",
                         hint="give a .wav, .flac, .ogg or .mp3 recording of speech") from None
    if info.frames <= 0 or info.samplerate <= 0:
        raise UsageError(f"{path} holds no audio (0 samples)", hint="record a few seconds of "
                         "speech")
    seconds = info.frames / info.samplerate
    if seconds < MIN_CLIP_SECONDS:
        raise UsageError(
            f"{path} is {seconds:.2f} s long: too short to clone a voice from (at least "
            f"{MIN_CLIP_SECONDS:g} s; {CLONE_RECOMMENDED_SECONDS[0]:g}-"
            f"{CLONE_RECOMMENDED_SECONDS[1]:g} s recommended)",
            hint="record a few seconds of clear speech")
    if seconds > MAX_CLIP_SECONDS:
        raise UsageError(
            f"{path} is {seconds:.0f} s long: too long for a voice clip (at most "
            f"{MAX_CLIP_SECONDS:.0f} s here; {CLONE_RECOMMENDED_SECONDS[0]:g}-"
            f"{CLONE_RECOMMENDED_SECONDS[1]:g} s recommended)",
            hint=f"cut the clearest few seconds, e.g. `ffmpeg -i {path} -t 10 clip.wav`")
    return Clip(path, data, seconds, int(info.samplerate), int(info.channels), str(info.format))
