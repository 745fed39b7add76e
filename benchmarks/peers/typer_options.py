"""The Typer floor app's command, declared the ways considered for the CLI's startup path.

    python typer_options.py typer hello NAME    # as the floor: Typer converts every value
    python typer_options.py typer parsed NAME   # the argument with `parser=` (a public option)
    python typer_options.py typer bare          # a command with no parameter at all
    python typer_options.py plain hello NAME    # `cls=PlainValuesGroup`: the CLI's pass-through
    python typer_options.py click hello NAME    # the same command on plain click

Typer 0.29 converts each parameter's value (the help flag's too) through a pydantic TypeAdapter
when a command runs; the suite `typer` (harness/suites/typer_options.py) times these against the
floor's `--version`, which runs no command.
"""

import sys
from typing import Annotated, Any


def typer_app(cls: type | None = None) -> Any:
    import typer

    app = typer.Typer(cls=cls)

    @app.callback()
    def main() -> None:
        """A bare Typer app."""

    @app.command()
    def hello(name: Annotated[str, typer.Argument(help="Who to greet.")]) -> None:
        """Say hello."""
        typer.echo(f"Hello {name}")

    @app.command()
    def parsed(name: Annotated[str, typer.Argument(help="Who to greet.", parser=str)]) -> None:
        """Say hello, the argument through a custom parser."""
        typer.echo(f"Hello {name}")

    @app.command()
    def bare() -> None:
        """Say hello to no one."""
        typer.echo("Hello")

    return app


def click_app() -> Any:
    import click

    @click.group(help="A bare click app.")
    def main() -> None:
        pass

    @main.command(help="Say hello.")
    @click.argument("name")
    def hello(name: str) -> None:
        click.echo(f"Hello {name}")

    return main


if __name__ == "__main__":
    way, args = sys.argv[1], sys.argv[2:]
    if way == "click":
        click_app()(args, prog_name="typer-options")
    else:
        cls = None
        if way == "plain":
            from cartesia_cli.cli.lazy_coercion import PlainValuesGroup

            cls = PlainValuesGroup
        typer_app(cls)(args, prog_name="typer-options")
