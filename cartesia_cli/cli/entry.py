"""The console scripts' entry point: the signal handlers first, then the CLI.

Importing the CLI (Typer and its dependencies) takes a noticeable moment; a Ctrl-C or SIGTERM
in that moment is handled like any other (one line, exit 128+n), not as a traceback.
"""

import sys


def main() -> None:
    from cartesia_cli import signals

    signals.install()
    try:
        from cartesia_cli.cli.app import main as run
    except KeyboardInterrupt as exc:
        stop = signals.as_terminated(exc)
        signals.ignore_from_now()
        sys.stderr.write(stop.message + "\n")
        raise SystemExit(stop.exit_code) from None
    run()
