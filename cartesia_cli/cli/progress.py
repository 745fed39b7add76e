"""What `say` and `stream` show while they work and when they are done, on stderr.

On a terminal, a run with more than a few sentences gets a status line (characters sent, audio
received, speed) drawn with Rich and cleared at the end; a file output ends with one line,
`wrote chapter.wav (19:57, 105 MB)`. Nothing of this with -q or for audio on stdout, and no
status line when stderr is not a terminal. The flows report through flows/progress.py; only
this module draws.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cartesia_cli.audio.pump import Stats
    from cartesia_cli.cli.state import AppState
    from cartesia_cli.flows.outputs import OutputPlan
    from cartesia_cli.flows.progress import Progress

MIN_CHARS = 300  # "more than a few sentences": shorter runs finish before a status helps
REFRESH_SECONDS = 0.1


def clock(seconds: float) -> str:
    """19:57, 1:02:03, 0:04."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def size(nbytes: int) -> str:
    """105 MB, 9.4 kB, 512 B (decimal units, as ls -h --si and most CLIs)."""
    value = float(nbytes)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            if unit == "B":
                return f"{nbytes} B"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def describe(p: Progress) -> str:
    sent = f"{p.chars_sent:,}" + (f"/{p.chars_total:,}" if p.chars_total else "")
    parts = [f"sent {sent} characters"]
    if p.audio_seconds is not None:
        parts.append(f"received {clock(p.audio_seconds)} of audio ({size(p.audio_bytes)})")
    else:
        parts.append(f"received {size(p.audio_bytes)} of audio")
    speed = p.speed
    if speed is not None and p.audio_bytes:
        parts.append(f"{speed:.1f}x real time")
    elif p.elapsed > 0 and p.audio_bytes:
        parts.append(f"{size(round(p.audio_bytes / p.elapsed))}/s")
    return ", ".join(parts)


class StatusLine:
    """The ProgressHook of a run on a terminal: a transient Rich line, redrawn at most ten
    times a second, shown once the text is known (or has grown) to be more than MIN_CHARS."""

    def __init__(self, stream: Any, *, color: bool) -> None:
        self.stream = stream
        self.color = color
        self.live: Any = None
        self.drawn = 0.0

    def __call__(self, p: Progress) -> None:
        if p.done:
            self.close()
            return
        if self.live is None:
            if max(p.chars_total or 0, p.chars_sent) <= MIN_CHARS:
                return
            self._start()
        now = time.monotonic()
        if now - self.drawn >= REFRESH_SECONDS:
            self.drawn = now
            self.live.update(self._text(p), refresh=True)

    def _start(self) -> None:
        from rich.console import Console
        from rich.live import Live

        console = Console(file=self.stream, force_terminal=True, no_color=not self.color,
                          highlight=False)
        # No redirection of sys.stdout/sys.stderr: audio may be on stdout, and no thread draws.
        self.live = Live(console=console, transient=True, auto_refresh=False,
                         redirect_stdout=False, redirect_stderr=False)
        self.live.start()

    def _text(self, p: Progress) -> Any:
        from rich.text import Text

        # one line, cut with … on a narrow terminal rather than wrapped
        return Text(describe(p), style="dim" if self.color else "", no_wrap=True,
                    overflow="ellipsis")

    def close(self) -> None:
        if self.live is not None:
            live, self.live = self.live, None
            live.stop()


def progress_hook(state: AppState, plan: OutputPlan) -> StatusLine | None:
    """A status line for this run, when stderr is a terminal and -q was not given. Not for
    audio on stdout: the program it is piped into (ffplay, ffmpeg) owns the terminal then."""
    if state.quiet or not state.env.stderr_isatty or plan.target == "stdout":
        return None
    return StatusLine(state.env.stderr, color=state.printer.color)


def finish(state: AppState, plan: OutputPlan, stats: Stats, *, show_stats: bool) -> None:
    """The closing lines: `wrote FILE (duration, size)` for a file output, then --stats."""
    if plan.target not in ("speaker", "stdout"):
        facts = []
        if stats.audio_seconds is not None:
            facts.append(clock(stats.audio_seconds))
        try:
            if os.path.isfile(plan.target):
                facts.append(size(os.stat(plan.target).st_size))
        except OSError:
            pass
        state.printer.notice(f"wrote {plan.target}" + (f" ({', '.join(facts)})" if facts else ""))
    if show_stats:
        state.printer.write(stats.summary(playback=plan.target == "speaker"))
