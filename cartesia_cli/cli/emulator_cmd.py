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
) -> None:
    """Run a local Cartesia-compatible API: HTTP, SSE and WebSocket on one port.

    Point any client at it with --base-url http://127.0.0.1:8765 (or CARTESIA_BASE_URL);
    every key that starts with sk_car_ is accepted unless --api-key restricts them.

    Examples:

      cartesia emulator --port 8765 &

      CARTESIA_BASE_URL=http://127.0.0.1:8765 CARTESIA_API_KEY=sk_car_test cartesia say "Hi"
    """
    import os

    from cartesia_cli.api.http import is_loopback
    from cartesia_cli.emulator import Emulator

    state: AppState = ctx.obj
    emu = Emulator(engine=engine or os.environ.get("CARTESIA_EMULATOR_ENGINE") or None,
                   api_keys=api_keys or None, concurrency_limit=concurrency_limit,
                   latency_ms=latency_ms)
    if not is_loopback(host):
        state.printer.warning(f"listening on {host}: reachable from other machines")
    state.printer.notice(f"emulator ({emu.engine_name} engine) on http://{host}:{port}; "
                         "Ctrl-C stops it")
    emu.serve(host, port)


def register(app: typer.Typer) -> None:
    app.command("emulator")(emulator)
