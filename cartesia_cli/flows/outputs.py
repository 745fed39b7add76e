"""Deciding the output: what to ask the API for, and which sink writes it.

Format resolution: explicit --format/--encoding/--sample-rate > the -o file's extension >
profile > default. Playback and local encoding ask for raw pcm_f32le 44100; .wav is 16-bit PCM;
.mp3 is asked of the API when the endpoint can serve it.
"""

# No `from __future__ import annotations` here: NamedTuple makes a ForwardRef (compiled) of
# every string annotation, up to 0.3 ms of import time per module, on every run.
from pathlib import Path
from typing import IO, NamedTuple, TextIO

from cartesia_cli.api.tts import WireFormat
from cartesia_cli.audio.formats import PcmFormat
from cartesia_cli.audio.sinks import (
    RawFileSink,
    Sink,
    SoundFileSink,
    StdoutSink,
    WavFileSink,
    WavStdoutSink,
)
from cartesia_cli.errors import UsageError
from cartesia_cli.facts import FILE_FORMATS
from cartesia_cli.safe_write import check_writable

EXTENSIONS = {".wav": "wav", ".wave": "wav", ".flac": "flac", ".ogg": "ogg", ".oga": "ogg",
              ".opus": "opus", ".mp3": "mp3", ".raw": "raw", ".pcm": "raw"}
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
DEFAULT_ENCODING = {"wav": "pcm_s16le"}  # everything else: pcm_f32le


class OutputPlan(NamedTuple):  # not a frozen dataclass: a quarter of the import time
    target: str  # "speaker", "stdout" or a file path
    container: str  # what is written: raw, wav, mp3, flac, ogg, opus
    wire: WireFormat  # what the API is asked for
    keep_partial: bool = False
    device: str | None = None
    stdout: IO[bytes] | None = None  # for target "stdout"

    @property
    def pcm(self) -> PcmFormat:
        return PcmFormat(self.wire.encoding, self.wire.sample_rate)

    def describe(self) -> str:
        where = {"speaker": "the speakers", "stdout": "stdout"}.get(self.target, self.target)
        if self.wire.container == "mp3":
            return f"mp3 {self.wire.sample_rate} Hz to {where}"
        return f"{self.container} {self.wire.encoding} {self.wire.sample_rate} Hz to {where}"

    def open_sink(self) -> Sink:
        if self.target == "speaker":
            from cartesia_cli.audio.playback import SpeakerSink

            return SpeakerSink(self.pcm, device=self.device)
        if self.target == "stdout":
            if self.container == "wav":
                return WavStdoutSink(self.pcm, self.stdout)
            return StdoutSink(b"", self.stdout)
        path = Path(self.target)
        if self.container == "wav":
            return WavFileSink(path, self.pcm, keep_partial=self.keep_partial)
        if self.container == "raw" or self.wire.container == "mp3":
            return RawFileSink(path, keep_partial=self.keep_partial)
        return SoundFileSink(path, self.container, self.pcm, keep_partial=self.keep_partial)


def plan_output(
    output: str | None,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    sample_rate: int | None = None,
    profile_format: str | None = None,
    api_containers: tuple[str, ...] = ("raw",),
    stdout_isatty: bool = False,
    keep_partial: bool = False,
    device: str | None = None,
    stdout: TextIO | None = None,
) -> OutputPlan:
    """Choose container, wire format and target from the options.

    `api_containers` says which containers the endpoint can send (bytes: raw, wav, mp3; SSE and
    WebSocket: raw only); anything else is encoded here.

    Raises:
        UsageError: unknown format or extension, binary to a terminal, an unwritable file.
    """
    if fmt is not None and fmt not in FILE_FORMATS:
        raise UsageError(f"unknown format `{fmt}`", hint="formats: " + ", ".join(FILE_FORMATS))
    if output is None:
        if fmt is not None:
            raise UsageError("--format needs an output: -o FILE or -o -")
        return OutputPlan("speaker", "raw", wire_for("raw", encoding, sample_rate, api_containers),
                          device=device)
    if output == "-":
        if stdout_isatty:
            raise UsageError(
                "refusing to write binary audio to a terminal",
                hint="redirect it (`-o - | ffplay -nodisp -`, `> out.wav`) or use -o out.wav",
            )
        piped = fmt or profile_format or "wav"
        if piped not in ("wav", "raw") and not (piped == "mp3" and "mp3" in api_containers):
            raise UsageError(f"cannot stream {piped} to stdout",
                             hint="use --format wav or raw, or -o FILE." + piped)
        return OutputPlan("stdout", piped, wire_for(piped, encoding, sample_rate, api_containers),
                          stdout=_binary(stdout))
    path = Path(output)
    named = EXTENSIONS.get(path.suffix.lower())
    if fmt is not None and named is not None and named != fmt:
        raise UsageError(f"--format {fmt} does not match -o {output} ({named} by its "
                         "extension)",
                         hint=f"drop --format (the extension decides), or write to "
                         f"{path.with_suffix('.' + fmt).name}")
    chosen = fmt or named
    if chosen is None:
        if path.suffix:
            raise UsageError(f"unknown audio file extension `{path.suffix}`",
                             hint="use .wav .flac .ogg .opus .mp3 .raw or .pcm, or give --format")
        chosen = profile_format or "wav"
    container = chosen
    check_writable(output)  # the text as given: Path() drops a trailing slash
    return OutputPlan(str(path), container,
                      wire_for(container, encoding, sample_rate, api_containers),
                      keep_partial=keep_partial)


def _binary(stdout: TextIO | None) -> IO[bytes] | None:
    """The byte stream under a text stdout (a closed one says so when asked for it)."""
    return None if stdout is None else stdout.buffer


def wire_for(container: str, encoding: str | None, sample_rate: int | None,
          api_containers: tuple[str, ...]) -> WireFormat:
    if container == "opus":
        rate = sample_rate or 48000
        if rate not in OPUS_RATES:
            raise UsageError(f"Opus cannot carry {rate} Hz",
                             hint="Opus rates: " + ", ".join(map(str, OPUS_RATES)))
    else:
        rate = sample_rate or 44100
    if container == "mp3" and "mp3" in api_containers:
        if encoding is not None:
            raise UsageError("--encoding does not apply to mp3", hint="drop --encoding")
        return WireFormat("mp3", sample_rate=rate)
    return WireFormat("raw", encoding or DEFAULT_ENCODING.get(container, "pcm_f32le"), rate)
