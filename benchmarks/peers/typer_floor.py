"""The framework floor: a bare Typer app with two commands and a --version option.

Nothing but Typer's own defaults. The benchmarks time `--help`, `--version` and one command
(`hello NAME`) of this app as the least a Typer CLI can cost on this machine.
"""

from typing import Annotated

import typer

app = typer.Typer()


def _version(value: bool) -> None:
    if value:
        typer.echo("typer-floor 1.0")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """A bare Typer app."""


@app.command()
def hello(name: Annotated[str, typer.Argument(help="Who to greet.")]) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def goodbye(name: Annotated[str, typer.Argument(help="Who to see off.")]) -> None:
    """Say goodbye."""
    typer.echo(f"Goodbye {name}")


if __name__ == "__main__":
    app()
