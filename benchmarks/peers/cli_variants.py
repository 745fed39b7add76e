"""The CLI as built, or with one of its startup measures switched off, for the suite `typer`.

    python cli_variants.py as-built ARGS...          # cartesia ARGS (its main(), as installed)
    python cli_variants.py typer-conversion ARGS...  # every value converted by Typer (pydantic)
    python cli_variants.py eager ARGS...             # ... and every subcommand built up front

`typer-conversion` turns off the pass-through of plain values (cartesia_cli/cli/lazy_coercion.py);
`eager` also builds (and imports) every subcommand before parsing, as registering them all on the
root app would: plain Typer. All three run through the same `main()`.
"""

import sys

if __name__ == "__main__":
    way = sys.argv.pop(1)
    sys.argv[0] = "cartesia"
    if way in ("typer-conversion", "eager"):
        from cartesia_cli.cli import lazy_coercion

        lazy_coercion.passthrough = lambda param, ctx, value: lazy_coercion.CONVERT
    from cartesia_cli.cli import app

    if way == "eager":
        import typer.main

        root = typer.main.get_command(app.app)
        for name in root.commands:
            root.commands[name]  # noqa: B018 - built here, before parsing
        typer.main.get_command = lambda _app: root  # what main() calls
    app.main()
