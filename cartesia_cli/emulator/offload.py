"""Running blocking work (speech synthesis, encoding) off the event loop.

Not `asyncio.to_thread`: its executor is shut down by concurrent.futures as soon as the main
thread of the process finishes, before atexit handlers run. An in-process emulator (--offline)
is stopped from such a handler, so in that window every stream would fail with "cannot schedule
new futures after shutdown". A daemon thread per call has no such shutdown, and per call it
costs microseconds against milliseconds of synthesis.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _settle(future: asyncio.Future[T], result: T | None, error: BaseException | None) -> None:
    if future.done():  # the caller was cancelled (its client left): drop the result
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]


async def run_blocking(func: Callable[..., T], *args: object) -> T:
    """`func(*args)` in a worker thread. Cancelling the await abandons the result at once; the
    thread finishes the call it is in (one bounded piece of work) and ends."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def work() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = func(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
            error = exc
        # The loop is closed when the emulator stopped meanwhile: nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, future, result, error)

    threading.Thread(target=work, name="cartesia-emulator-synth", daemon=True).start()
    return await future
