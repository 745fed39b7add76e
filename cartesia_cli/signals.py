"""SIGINT, SIGTERM and SIGHUP all stop a run the same way: as an exception in the main thread.

`timeout`, CI cancellation and `docker stop` send SIGTERM; a closed terminal sends SIGHUP. Each
raises `Terminated` (a KeyboardInterrupt, so every `except BaseException` clean-up that handles
Ctrl-C — abort the sink, remove the temporary file, cancel the WebSocket context — handles them
too), and the CLI exits 128+n.

A second signal while that clean-up runs does not interrupt it half-way (that is how debris is
left): it is noted and ignored. A third means the clean-up is stuck: the temporary files
registered here are removed and the process exits at once, with the first signal's code.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP"}


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


def _handler(signum: int, frame: FrameType | None) -> None:
    _State.count += 1
    if _State.first is None:
        _State.first = signum
        raise Terminated(signum)
    if _State.count >= 3:
        with _State.lock:
            for path in list(_State.temp_files):
                try:
                    os.unlink(path)
                except OSError:
                    pass
        os._exit(128 + _State.first)
    # The second: the clean-up started by the first is under way; let it finish.


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
