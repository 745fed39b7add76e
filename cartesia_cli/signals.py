"""SIGINT, SIGTERM and SIGHUP all stop a run the same way: as an exception in the main thread.

`timeout`, CI cancellation and `docker stop` send SIGTERM; a closed terminal sends SIGHUP. Each
raises `Terminated` (a KeyboardInterrupt, so every `except BaseException` clean-up that handles
Ctrl-C — abort the sink, remove the temporary file, cancel the WebSocket context — handles them
too), and the CLI exits 128+n.

If that exception is lost (raised inside a finaliser, where Python drops it), `check()` raises it
again at the next place the run waits. A second signal while the clean-up runs does not
interrupt it half-way (that is how debris is
left): it is noted and ignored. A third means the clean-up is stuck: the temporary files
registered here are removed and the process exits at once, with the first signal's code.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_NAMES: dict[int, str] = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM",
                          signal.SIGHUP: "SIGHUP"}


class Terminated(KeyboardInterrupt):
    """The run was stopped by a signal; exit with 128 + signum."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def message(self) -> str:
        if self.signum == signal.SIGINT:
            return "interrupted"
        return f"terminated by {_NAMES.get(self.signum, f'signal {self.signum}')}"


def as_terminated(exc: KeyboardInterrupt) -> Terminated:
    """A plain Ctrl-C (raised by Python itself) as a Terminated."""
    return exc if isinstance(exc, Terminated) else Terminated(signal.SIGINT)


class _State:
    first: int | None = None
    count = 0
    temp_files: set[str] = set()
    lock = threading.Lock()


def register_temp_file(path: str) -> None:
    with _State.lock:
        _State.temp_files.add(path)


def forget_temp_file(path: str) -> None:
    with _State.lock:
        _State.temp_files.discard(path)


def discard_temp_files() -> None:
    """Remove every registered temporary file still there: after a stop that may have cut a
    write or a commit short between two statements (a batch writes many files at once)."""
    with _State.lock:
        paths = list(_State.temp_files)
        _State.temp_files.clear()
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass  # already renamed into place, or removed


def _handler(signum: int, frame: FrameType | None) -> None:
    _State.count += 1
    if _State.first is None:
        _State.first = signum
        raise Terminated(signum)
    if _State.count >= 3:
        discard_temp_files()
        os._exit(128 + _State.first)
    # The second: the clean-up started by the first is under way; let it finish.


def check() -> None:
    """Raise Terminated if a signal came. Called where a run waits (each read of stdin, each
    chunk, each poll of the socket): Python runs a handler between any two bytecodes, also
    inside a `__del__` or a weakref callback, where the exception it raises is printed as
    "ignored" and lost; the run must stop all the same."""
    if _State.first is not None:
        raise Terminated(_State.first)


def ignore_from_now() -> None:
    """The run is over and its clean-up done: further signals change nothing (Python's own
    shutdown would reset the handlers, and a late second signal would then kill the process
    with a different status than the one already reported)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        try:
            signal.signal(signum, signal.SIG_IGN)
        except (OSError, ValueError):
            pass


def install() -> None:
    """Route the three signals to `_handler` (main thread only, as Python requires)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        try:
            if signum != signal.SIGINT and signal.getsignal(signum) == signal.SIG_IGN:
                continue  # nohup and friends asked for this one to be ignored: respect it
            signal.signal(signum, _handler)
        except (OSError, ValueError):
            pass


def reset() -> None:
    """Forget an earlier signal (tests run many commands in one process)."""
    _State.first = None
    _State.count = 0
