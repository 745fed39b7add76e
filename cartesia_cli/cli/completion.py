"""`cartesia completion SHELL`: print the shell completion script (the files in completions/)."""

from typing import Annotated, Literal

import typer

COMPLETION_HELP = """Print the completion script for SHELL (bash, zsh or fish) on stdout.

The script is static, generated from the command tree: pressing TAB starts no Python. It
completes commands, options, option values (formats, encodings, sample rates, transports,
grants, report formats ...), file names where a file is expected, profile names, and voice
names: the ones used before and the ones `cartesia voices list` has shown.

\b
Examples (install it once):
  cartesia completion bash > ~/.local/share/bash-completion/completions/cartesia
  cartesia completion zsh > ~/.zfunc/_cartesia    # with fpath=(~/.zfunc $fpath) before compinit
  cartesia completion fish > ~/.config/fish/completions/cartesia.fish
or, for the current shell only:
  source <(cartesia completion bash)
  source <(cartesia completion zsh)              # after compinit

Run as cartesia-tts, it prints the script for cartesia-tts.
"""


def completion(
    ctx: typer.Context,
    shell: Annotated[Literal["bash", "zsh", "fish"], typer.Argument(
        help="The shell to print the script for.", metavar="SHELL", show_default=False)],
) -> None:
    from cartesia_cli.completions import script

    root = ctx.find_root()
    typer.echo(script(shell, root.command, root.info_name or "cartesia"), nl=False)


def register(app: typer.Typer) -> None:
    app.command("completion", help=COMPLETION_HELP)(completion)
