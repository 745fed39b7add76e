"""Run a function over indices in this process and forked copies of it, for a scan that has more
files than one core checks quickly.

Forked children inherit everything (the files' texts, the options, the function itself), so only
indices go out and results come back. The indices wait in a pipe that every process reads four
bytes at a time: whoever is free takes the next one, so one slow file does not hold the others
up. Each child sends its results back pickled when the pipe is empty; the results come out in
index order whatever process computed them. An index a child did not report (it was killed) is
computed here, so the answer never depends on the children.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
from collections.abc import Callable
from typing import Any

_TICKET = struct.Struct("<I")
# Writes of at most PIPE_BUF bytes are atomic, so a reader never sees part of an index.
_CHUNK = 4096 // _TICKET.size


def can_fork() -> bool:
    return hasattr(os, "fork")


def map_forked(fn: Callable[[int], Any], count: int, processes: int) -> list[Any]:
    """[fn(0), ..., fn(count - 1)], computed by this process and `processes - 1` children."""
    tickets_read, tickets_write = os.pipe()
    children: list[tuple[int, int]] = []  # (pid, read end of its results pipe)
    try:
        for _ in range(processes - 1):
            results_read, results_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(results_read)
                os.close(tickets_write)
                _child(fn, tickets_read, results_write)
            os.close(results_write)
            children.append((pid, results_read))
        for first in range(0, count, _CHUNK):
            os.write(tickets_write, b"".join(
                _TICKET.pack(i) for i in range(first, min(count, first + _CHUNK))))
        os.close(tickets_write)
        tickets_write = -1
        results: dict[int, Any] = dict(_work(fn, tickets_read))
        for pid, results_read in list(children):
            with os.fdopen(results_read, "rb") as stream:
                data = stream.read()
            os.waitpid(pid, 0)
            children.remove((pid, results_read))
            try:
                results.update(pickle.loads(data))
            except Exception:  # noqa: BLE001 - a child that died sends nothing usable
                pass
        return [results[i] if i in results else fn(i) for i in range(count)]
    finally:
        for fd in (tickets_read, tickets_write):
            if fd >= 0:
                os.close(fd)
        for pid, results_read in children:  # interrupted: stop the children
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
                os.close(results_read)
            except OSError:
                pass


def _work(fn: Callable[[int], Any], tickets: int) -> list[tuple[int, Any]]:
    done: list[tuple[int, Any]] = []
    while True:
        data = os.read(tickets, _TICKET.size)
        if len(data) < _TICKET.size:
            return done
        index = _TICKET.unpack(data)[0]
        done.append((index, fn(index)))


def _child(fn: Callable[[int], Any], tickets: int, results: int) -> None:
    """Check what the pipe hands out, send the results, and exit without running any of the
    parent's clean-up (its buffered output, its handlers): the parent stops a child with
    SIGTERM."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        data = pickle.dumps(_work(fn, tickets), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(results, view):]
        code = 0
    finally:
        os._exit(code)
