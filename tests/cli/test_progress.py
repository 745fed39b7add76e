"""Long work shows progress: on a terminal, `say` and `stream` with more than a few sentences
draw a status line (characters sent, audio received, speed) on stderr; a file output ends with
`wrote FILE (m:ss, size)`; nothing extra with -q or on a pipe. --stats splits synthesis time
from playback time."""

import os
import pty
import re
import subprocess
import sys

import pytest

from cartesia_cli.cli.progress import clock, describe, size
from cartesia_cli.flows.progress import Progress

from helpers import REPO, run_cli, run_process

LONG = " ".join(f"Sentence number {i} is here, with a few more words in it." for i in range(30))
SHORT = "Hello there."
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_a_terminal(*args: str, stdin: bytes | None = None,
                  columns: int = 200) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout to /dev/null, stdin piped or
    /dev/null); its exit code and what the terminal received."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cartesia_cli", *args], cwd=REPO,
                            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=secondary,
                            env={**os.environ, "COLUMNS": str(columns)})
    os.close(secondary)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    seen = b""
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not data:
            break
        seen += data
    os.close(primary)
    return proc.wait(timeout=60), seen.decode("utf-8", "replace")


@pytest.mark.parametrize("command", ["say", "stream"])
def test_a_long_text_shows_progress_then_one_line_on_a_terminal(emulator, tmp_path, command):
    out = tmp_path / "chapter.wav"
    code, seen = on_a_terminal(command, "-o", str(out), LONG)
    assert code == 0, seen
    status = re.findall(r"sent ([\d,]+)/([\d,]+) characters, received (\d+:\d\d) of audio "
                        r"\(([\d.]+ [kM]?B)\), ([\d.]+)x real time", seen)
    assert status, seen
    total = f"{len(LONG):,}"
    assert all(t == total for _, t, *_ in status)
    sent = [int(s.replace(",", "")) for s, *_ in status]
    assert sent == sorted(sent)
    if command == "say":  # one request carries the whole text
        assert set(sent) == {len(LONG)}
    # the status line is cleared; what stays is one closing line
    lines = [ln for ln in ANSI.sub("", seen).replace("\r", "\n").split("\n")
             if ln.strip() and "sent " not in ln]
    assert lines == [f"wrote {out} ({clock(len(out.read_bytes()) / 88200)}, "
                     f"{size(out.stat().st_size)})"]


def test_text_still_arriving_shows_what_was_sent_so_far(emulator, tmp_path):
    """`llm … | cartesia stream -o story.wav`: no total to show, the count grows."""
    out = tmp_path / "story.wav"
    code, seen = on_a_terminal("stream", "-o", str(out), stdin=LONG.encode())
    assert code == 0, seen
    sent = [int(n.replace(",", "")) for n in re.findall(r"sent ([\d,]+) characters, ", seen)]
    assert sent and sent == sorted(sent) and sent[-1] <= len(LONG)
    assert "/" not in "".join(re.findall(r"sent [^ ]+ characters", seen))
    assert f"wrote {out} (" in seen


def test_the_status_line_fits_a_narrow_terminal(emulator, tmp_path):
    code, seen = on_a_terminal("say", "-o", str(tmp_path / "x.wav"), LONG, columns=40)
    assert code == 0, seen
    drawn = [ln for ln in ANSI.sub("", seen).replace("\r", "\n").split("\n") if "sent" in ln]
    assert drawn and all(len(ln) <= 40 for ln in drawn), drawn
    assert all(ln.endswith("…") for ln in drawn)


@pytest.mark.parametrize("command", ["say", "stream"])
def test_quiet_on_a_terminal_shows_nothing(emulator, tmp_path, command):
    code, seen = on_a_terminal(command, "-q", "-o", str(tmp_path / "x.wav"), LONG)
    assert code == 0 and seen == ""


def test_a_short_text_has_no_status_line(emulator, tmp_path):
    code, seen = on_a_terminal("say", "-o", str(tmp_path / "x.wav"), SHORT)
    assert code == 0
    assert "sent " not in seen and seen.strip().startswith("wrote ")


def test_stderr_on_a_pipe_gets_the_closing_line_only(emulator, tmp_path):
    out = tmp_path / "x.flac"
    run = run_process("stream", "-o", str(out), LONG)
    assert run.stderr.splitlines() == [
        f"wrote {out} ({clock(_seconds(out))}, {size(out.stat().st_size)})"]
    assert "\x1b" not in run.stderr


def _seconds(path) -> float:
    import soundfile as sf

    info = sf.info(str(path))
    return info.frames / info.samplerate


def test_audio_to_a_pipe_adds_nothing(emulator):
    run = run_cli("say", "-o", "-", LONG)
    assert run.stderr == ""


@pytest.mark.parametrize("command", ["say", "stream"])
def test_audio_to_a_pipe_adds_nothing_on_the_terminal_either(emulator, command):
    """`cartesia say -o - … | ffplay -`: the player draws on the terminal, not us."""
    code, seen = on_a_terminal(command, "-o", "-", LONG)
    assert code == 0 and seen == ""


def test_stats_split_synthesis_from_playback(emulator, tmp_path):
    run = run_cli("say", "--stats", "-o", str(tmp_path / "x.wav"), SHORT)
    stats = run.stderr.splitlines()[-1]
    assert re.fullmatch(r"stats: first audio \d+ ms, synthesis [\d.]+ s, audio [\d.]+ s, "
                        r"real-time factor [\d.]+", stats), stats
    assert "playback" not in stats  # nothing was played


def test_describe_reads_well():
    p = Progress(chars_sent=1234, chars_total=5678, audio_bytes=2_100_000,
                 audio_seconds=1197.0, elapsed=59.85)
    assert describe(p) == ("sent 1,234/5,678 characters, received 19:57 of audio (2.1 MB), "
                           "20.0x real time")
    live = Progress(chars_sent=400, chars_total=None, audio_bytes=50_000, audio_seconds=None,
                    elapsed=2.0)
    assert describe(live) == "sent 400 characters, received 50 kB of audio, 25 kB/s"
    assert clock(3723) == "1:02:03" and size(105_000_000) == "105 MB" and size(512) == "512 B"


def test_stats_when_playing_give_playback_time_apart(emulator):
    from audio_card import require_audio

    require_audio()
    run = run_cli("say", "--stats", SHORT)
    found = re.fullmatch(r"stats: first audio \d+ ms, synthesis ([\d.]+) s, playback ([\d.]+) s, "
                         r"audio ([\d.]+) s, real-time factor [\d.]+", run.stderr.splitlines()[-1])
    assert found, run.stderr
    synthesis, playback, audio = map(float, found.groups())
    assert playback >= audio - 0.05  # playing takes as long as the audio lasts
    assert synthesis < playback  # the emulator synthesizes far faster than real time
