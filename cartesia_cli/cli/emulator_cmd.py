"""`cartesia emulator`: run the local Cartesia-compatible API emulator."""

from typing import Annotated

import typer

from cartesia_cli.cli.state import AppState


def emulator(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")
                    ] = 8765,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="Speech engine: espeak (real speech) or tone (test tones) "
        "[default: espeak when installed; env: CARTESIA_EMULATOR_ENGINE].",
        show_default=False)] = None,
    api_keys: Annotated[list[str] | None, typer.Option(
        "--api-key", help="Accept only this key (repeatable); default: any sk_car_ key.",
        show_default=False)] = None,
    concurrency_limit: Annotated[int, typer.Option(
        "--concurrency-limit", help="Concurrent generations before 429.")] = 15,
    latency_ms: Annotated[float, typer.Option(
        "--latency-ms", help="Added before the first audio of each generation.")] = 0.0,
    ready_file: Annotated[str | None, typer.Option(
        "--ready-file", metavar="FILE", help="Write the URL to FILE once listening (for scripts "
        "to wait for); removed when the emulator stops.", show_default=False)] = None,
) -> None:
    """Run a local Cartesia-compatible API: HTTP, SSE and WebSocket on one port.

    Point any client at it with --base-url http://127.0.0.1:8765 (or CARTESIA_BASE_URL);
    every key that starts with sk_car_ is accepted unless --api-key restricts them. Once it
    listens it prints its URL (the real port for --port 0) and writes it to --ready-file.
    Ctrl-C or SIGTERM stops it, with exit status 0.

    \b
    Examples:
      cartesia emulator --port 8765 &
      CARTESIA_BASE_URL=http://127.0.0.1:8765 CARTESIA_API_KEY=sk_car_test cartesia say "Hi"
      cartesia emulator --port 0 --ready-file emulator.url &
      until [ -s emulator.url ]; do sleep 0.1; done
      export CARTESIA_BASE_URL=$(cat emulator.url)
    """
    from cartesia_cli.api.connect import is_loopback
    from cartesia_cli.emulator import Emulator
    from cartesia_cli.errors import UsageError

    state: AppState = ctx.obj
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is out of range: expected 0 to 65535",
                         hint="give a port such as 8765, or --port 0 for any free one")
    if not host.strip():
        raise UsageError("--host is empty", hint="give an address such as 127.0.0.1")
    if concurrency_limit < 1:
        raise UsageError("--concurrency-limit must be at least 1")
    if not 0 <= latency_ms <= 60_000:  # also false for nan
        raise UsageError(f"--latency-ms {latency_ms:g} is out of range: expected 0 to 60000")
    if api_keys and not all(key.strip() for key in api_keys):
        raise UsageError("--api-key is empty", hint="give the key the emulator should accept")
    try:
        emu = Emulator(engine=engine or state.settings()["emulator_engine"],
                       api_keys=api_keys or None, concurrency_limit=concurrency_limit,
                       latency_ms=latency_ms)
    except ValueError as exc:  # an unknown engine name
        raise UsageError(str(exc)) from None
    if not is_loopback(host):
        state.printer.warning(f"listening on {host}: reachable from other machines")

    if ready_file is not None:
        from cartesia_cli.safe_write import check_writable

        check_writable(ready_file)
    written: list[str] = []

    def ready(url: str) -> None:
        state.printer.notice(f"emulator ({emu.engine_name} engine) on {url}; Ctrl-C stops it")
        if ready_file is not None:
            from cartesia_cli.safe_write import write_atomically

            write_atomically(ready_file, url + "\n")  # whole or absent: a reader never sees half
            written.append(url + "\n")

    try:
        emu.serve(host, port, on_ready=ready)
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP, even before uvicorn took them over
        pass  # stopping is how a server ends: exit 0 (README, exit codes)
    except OSError as exc:  # includes socket.gaierror (an unknown host name)
        reason = (exc.strerror or str(exc)).lower()
        raise UsageError(f"cannot listen on {host}:{port}: {reason}",
                         hint="pick another --port (0: any free one) or --host") from None
    except OverflowError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc}") from None
    finally:
        if ready_file is not None and written:
            _remove_if_ours(ready_file, written[0])


def _remove_if_ours(path: str, content: str) -> None:
    """Remove the ready file, unless something else has replaced it since; a device, a FIFO
    or a symlink (`--ready-file /dev/stdout`) is left alone."""
    import contextlib
    import os
    import stat

    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return
        with open(path, encoding="utf-8") as held:
            if held.read() != content:
                return
        os.unlink(path)


def register(app: typer.Typer) -> None:
    app.command("emulator")(emulator)
