"""Writing a long text's audio to a WAV file, by the CLI and by the SDK script, per transport."""

from __future__ import annotations

import os
from pathlib import Path

from harness.bench import Bench
from harness.procs import Run
from harness.texts import SAMPLE_RATE, text_for

TRANSPORTS = ("bytes", "websocket", "sse")
ENCODING = "pcm_f32le"  # the "44.1 kHz float audio"
MAX_WAV_HEADER = 80  # the CLI's float WAV header has a fact chunk (58 bytes); the SDK's 44


def cli_argv(bench: Bench, transport: str, text_file: Path, out: Path) -> list[str]:
    command = {"bytes": ["say"], "websocket": ["stream"],
               "sse": ["stream", "--transport", "sse"]}[transport]
    return [*bench.tools.cartesia, *command, "--encoding", ENCODING, "-o", str(out),
            "-f", str(text_file)]


def sdk_argv(bench: Bench, transport: str, text_file: Path, out: Path) -> list[str] | None:
    sdk = bench.tools.sdk_script
    if sdk is None:
        return None
    return [*sdk, transport, "-f", str(text_file), "-o", str(out), "--encoding", ENCODING]


class WavJob:
    """One text of a given audio length, and the commands that turn it into WAV files."""

    def __init__(self, bench: Bench, seconds: float, tag: str):
        self.bench = bench
        text, self.audio_s = text_for(seconds)
        self.text_file = bench.tools.work / f"{tag}.txt"
        self.text_file.write_text(text, encoding="utf-8")
        self.audio_bytes = round(self.audio_s * SAMPLE_RATE) * 4
        self.outputs: dict[str, Path] = {}
        self.tag = tag

    def commands(self, who: tuple[str, ...] = ("cartesia", "sdk"),
                 suffix: str = "") -> dict[str, list[str] | None]:
        commands: dict[str, list[str] | None] = {}
        for transport in TRANSPORTS:
            for client in who:
                label = f"{client} {transport}{suffix}"
                out = self.bench.tools.work / f"{self.tag}-{client}-{transport}.wav"
                self.outputs[label] = out
                make = cli_argv if client == "cartesia" else sdk_argv
                commands[label] = make(self.bench, transport, self.text_file, out)
        return commands

    def check(self, label: str, run: Run) -> None:
        """Every byte of audio made it into the file; then the file goes (they are large)."""
        out = self.outputs[label]
        try:
            size = out.stat().st_size
        except FileNotFoundError:
            raise AssertionError(f"{label} wrote no {out.name}") from None
        os.unlink(out)
        assert 0 <= size - self.audio_bytes <= MAX_WAV_HEADER, (
            f"{label} wrote {size} bytes for {self.audio_bytes} bytes of audio")
