"""Running documented shell commands (README blocks, man page examples) as a user would.

Each block runs in one bash process in a scratch directory, command by command, with the
project's `cartesia` first on PATH; every command must exit 0 unless its comment says
`exits N`. Playback needs the virtual sound card; a stand-in `llm` prints text slowly.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import socket
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from audio_card import REQUIRE_ENV, audio_required
from helpers import REPO, TEST_KEY

PLAYERS = ("aplay", "ffplay")
# Programs the documents pipe into, and the Debian packages that have them (scripts/test.sh).
TOOLS = {"ffmpeg": "ffmpeg", "ffplay": "ffmpeg", "aplay": "alsa-utils", "man": "man-db"}
OUTPUT_FLAGS = ("-o", "--output", "--subtitles", "--timestamps")

LLM_STAND_IN = """#!/usr/bin/env bash
# Stand-in for Simon Willison's `llm` in tests: streams a short answer a few words at a time.
for word in Once upon a time, a robot learned to speak.
do
    printf '%s ' "$word"
    sleep 0.05
done
echo
"""

# The user's own files that the documented commands read.
FIXTURES = {
    "notes.txt": "Notes for the meeting. Bring the microphone, and the coffee.\n",
    "chapter.txt": "Chapter one. The rain had stopped.\n\nShe opened the window and listened.\n",
    "prompts.jsonl": (
        '{"text": "Welcome to Example Air.", "out": "welcome.wav"}\n'
        '{"text": "Press one for bookings.", "id": "bookings", "speed": 1.1}\n'
        '{"text": "Bienvenue chez Example Air.", "language": "fr", "out": "fr/welcome.mp3"}\n'
    ),
    "strings.csv": "id,text\ngreeting,\"Hello, and welcome back.\"\nfarewell,See you soon.\n",
    "src/speak.py": '''"""Speaks through the Cartesia API, the way it was written in 2024."""

import os

import requests

HEADERS = {
    "X-API-Key": os.environ["CARTESIA_API_KEY"],
    "Cartesia-Version": "2024-06-10",
}


def voice(voice_id: str) -> dict:
    url = f"https://api.cartesia.ai/voices/{voice_id}/embedding"
    return requests.get(url, headers=HEADERS, timeout=10).json()
''',
}

RUNNER = r"""
set -o pipefail
trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT
__check() {
    if (($1 != $2)); then
        printf '\nexit status %s, expected %s, from:\n  %s\n' "$1" "$2" "$3" >&2
        exit 97
    fi
}
"""


@dataclass(frozen=True)
class Block:
    where: str  # "README.md:42"
    title: str  # the section it is in
    commands: tuple[str, ...]  # continuation lines kept, comments included


def markdown_blocks(path: Path) -> list[Block]:
    """The ```sh blocks of a Markdown file, split into commands."""
    blocks: list[Block] = []
    title, body, start = "", None, 0
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if body is None and text.startswith("#"):
            title = text.lstrip("#").strip()
        elif body is None and text.strip() == "```sh":
            body, start = [], number
        elif body is not None and text.strip() == "```":
            blocks.append(Block(f"{path.name}:{start}", title, split_commands(body)))
            body = None
        elif body is not None:
            body.append(text)
    return blocks


def split_commands(lines: list[str]) -> tuple[str, ...]:
    commands: list[str] = []
    pending = ""
    for text in lines:
        pending = f"{pending}\n{text}" if pending else text
        if not text.endswith("\\"):
            if pending.strip() and not pending.lstrip().startswith("#"):
                commands.append(pending)
            pending = ""
    return tuple(commands)


def command_text(command: str) -> str:
    """A command without its trailing comment or layout, to compare documents by."""
    lines = [re.sub(r"\s+#[^\"'`]*$", "", line).strip()
             for line in command.replace("\\\n", " ").splitlines()]
    return " ".join(" ".join(lines).split())


def expected_exit(command: str) -> int:
    found = re.search(r"\s#[^\n]*\bexits (\d+)\b", command)
    return int(found.group(1)) if found else 0


def _segments(command: str) -> list[list[str]]:
    """Simple commands of a line: words split at pipes, `&&`, `||`, `;` and `&`."""
    lexer = shlex.shlex(command.replace("\\\n", " "), posix=True, punctuation_chars=True)
    lexer.commenters = "#"
    segments: list[list[str]] = [[]]
    for token in lexer:
        if token in ("|", "||", "&&", ";", "&", "(", ")", "$("):
            segments.append([])
        else:
            segments[-1].append(token)
    words = ([w for w in s if not re.match(r"^[A-Z_]+=", w)] for s in segments)
    return [s for s in words if s]  # `A=$(cmd)` leaves nothing before `$(`


@functools.cache
def _global_options_with_values() -> frozenset[str]:
    from typer.main import get_command

    from cartesia_cli.cli.app import app
    from cartesia_cli.completions.tree import build

    root = build(get_command(app))
    return frozenset(n for o in root.options if o.takes_value for n in o.names)


def _cartesia_words(words: list[str]) -> tuple[str | None, list[str]]:
    """The subcommand of a `cartesia` segment (global options skipped) and its words."""
    valued = _global_options_with_values()
    rest = words[1:]
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] in valued else rest[1:]
    return (rest[0] if rest else None), rest[1:]


def _option_values(words: list[str], flags: tuple[str, ...]) -> list[str]:
    values = [b for a, b in zip(words, words[1:], strict=False) if a in flags]
    values += [w.split("=", 1)[1] for w in words if w.split("=", 1)[0] in flags and "=" in w]
    return values


def plays_audio(command: str) -> bool:
    """Whether a command plays on the speakers: a player, or say/stream without -o."""
    for words in _segments(command):
        if words[0] in PLAYERS:
            return True
        if words[0] in ("cartesia", "cartesia-tts"):
            sub, rest = _cartesia_words(words)
            quiet = {"-o", "--output", "--list-devices", "-h", "--help"} & {
                w.split("=", 1)[0] for w in rest}
            if sub in ("say", "stream") and not quiet:
                return True
    return False


def written_files(command: str) -> list[str]:
    """The files a command's cartesia invocations write (-o, --subtitles, --timestamps)."""
    files: list[str] = []
    for words in _segments(command):
        if words[0] in ("cartesia", "cartesia-tts"):
            if _cartesia_words(words)[0] == "batch":  # -o names a directory; it keeps a log
                files += [f"{d.rstrip('/')}/batch-results.jsonl"
                          for d in _option_values(words, ("-o", "--output-dir"))]
                continue
            files += [v for v in _option_values(words, OUTPUT_FLAGS) if v != "-"]
    return files


def missing_tools(block: Block) -> list[str]:
    """The documented programs a block runs that this machine lacks, with their packages."""
    used = {words[0] for command in block.commands for words in _segments(command)}
    return [f"{tool} (Debian package {TOOLS[tool]})" for tool in sorted(used & set(TOOLS))
            if shutil.which(tool) is None]


def require_tools(block: Block) -> None:
    """Skip a block whose programs are missing; fail instead where audio is required (CI)."""
    missing = missing_tools(block)
    if missing and audio_required():
        pytest.fail(f"{block.where} needs {', '.join(missing)} ({REQUIRE_ENV} is set)",
                    pytrace=False)
    if missing:
        pytest.skip(f"{block.where} needs {', '.join(missing)}")


def background_port(command: str) -> int | None:
    found = re.match(r"\s*cartesia emulator\b.*--port[ =](\d+).*&\s*$", command)
    return int(found.group(1)) if found else None


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def speech_clip(seconds: float = 5.0, rate: int = 16000) -> bytes:
    """A WAV recording stand-in (a gliding tone) for the voice-cloning commands."""
    import io
    import math
    import wave

    frames = bytearray()
    for i in range(int(seconds * rate)):
        t = i / rate
        frames += struct.pack("<h", int(9000 * math.sin(2 * math.pi * (180 + 40 * t) * t)))
    out = io.BytesIO()
    with wave.open(out, "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(rate)
        clip.writeframes(bytes(frames))
    return out.getvalue()


# The user's own recordings that the documented commands read.
BINARY_FIXTURES = {"me.wav": speech_clip}


def prepare(workdir: Path) -> dict[str, str]:
    """A scratch directory with the user's files, and the environment to run commands in."""
    for name, text in FIXTURES.items():
        (workdir / name).parent.mkdir(parents=True, exist_ok=True)
        (workdir / name).write_text(text)
    for name, make in BINARY_FIXTURES.items():
        (workdir / name).write_bytes(make())
    for generated in ("man", "completions"):  # as in a clone
        shutil.copytree(REPO / generated, workdir / generated)
    stubs = workdir.parent / f"{workdir.name}-bin"
    stubs.mkdir()
    (stubs / "llm").write_text(LLM_STAND_IN)
    (stubs / "llm").chmod(0o755)
    (workdir.parent / f"{workdir.name}-home").mkdir()
    venv_bin = Path(sys.executable).parent
    return {**os.environ, "PATH": os.pathsep.join([str(stubs), str(venv_bin),
                                                   os.environ.get("PATH", "")]),
            "HOME": str(workdir.parent / f"{workdir.name}-home"), "MANPAGER": "cat",
            "PAGER": "cat"}


def run_block(block: Block, workdir: Path, env: dict[str, str],
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    lines = [RUNNER]
    for command in block.commands:
        lines += [f"printf '$ %s\\n' {shlex.quote(command)} >&2", command,
                  f"__check $? {expected_exit(command)} {shlex.quote(command)}"]
    result = subprocess.run(["bash", "-c", "\n".join(lines)], cwd=workdir, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            errors="replace", timeout=timeout)
    assert TEST_KEY not in result.stdout + result.stderr, f"{block.where}: the API key leaked"
    return result


def check_block(block: Block, workdir: Path, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (
        f"{block.where} ({block.title}) failed:\n{result.stderr[-4000:]}")
    # A recipe that races (a request before the server listens) shows as a retry warning.
    assert "; retry " not in result.stderr, f"{block.where} raced:\n{result.stderr[-4000:]}"
    for command in block.commands:
        for name in written_files(command):
            path = workdir / name
            assert path.is_file() and path.stat().st_size > 0, (
                f"{block.where}: `{command}` did not write {name}")
