"""The root command: global options, the error boundary, and command registration.

No `from __future__ import annotations` here: Typer would then evaluate every option's
annotation string at each start (several ms of `cartesia --version`).
"""

import errno
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Literal, TextIO

import typer

from cartesia_cli import __version__
from cartesia_cli.cli.lazy_commands import LazyGroup
from cartesia_cli.cli.render import Printer, scrub
from cartesia_cli.cli.state import AppState
from cartesia_cli.environment import Environment
from cartesia_cli.errors import EXIT_CODE_HELP, CartesiaError, ExitCode, UsageError

EXIT_CODES_EPILOG = "Exit codes: " + "; ".join(
    f"{int(code)} {text.split(' (')[0].split(';')[0]}" for code, text in EXIT_CODE_HELP.items()
)


def _traceback() -> str:
    import traceback  # only for --debug: it costs startup time otherwise

    return "".join(traceback.format_exc())


def _json_error(err: CartesiaError, stdout: TextIO) -> None:
    """Scripts that asked for --json get the failure as JSON on stdout too (same exit code)."""
    import json

    try:
        stdout.write(scrub(json.dumps({"error": err.details()})) + "\n")
        stdout.flush()
    except (BrokenPipeError, ValueError, CartesiaError):
        pass  # no stdout to speak of: the error line on stderr says it all


_OUTPUT_FAILURES = (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF, errno.EFBIG)


def _output_failure_code(exc: OSError, printer: Printer) -> int | None:
    """When writing our own output failed, say so and give the exit code: 0 for a reader that
    went away (`| head`), 2 for a full disk or device, an I/O error, a closed descriptor.
    None for any other OSError."""
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return int(ExitCode.OK)
    if exc.errno not in _OUTPUT_FAILURES:
        return None
    _silence_stdout()
    reason = (exc.strerror or str(exc)).lower()
    printer.error(UsageError(f"cannot write to stdout: {reason}",
                             hint="free some space, or send the output somewhere else"))
    return int(ExitCode.USAGE)


def _report_unexpected(exc: Exception, printer: Printer, debug: bool) -> int:
    """A failure no code path expected: always a bug, reported as one."""
    if debug:
        printer.write(scrub(_traceback()))
    printer.error(
        CartesiaError(
            f"unexpected {type(exc).__name__}: {exc}",
            hint="re-run with --debug for the full traceback, and report it if it persists",
        )
    )
    return int(ExitCode.ERROR)


def _report(err: CartesiaError, words: Sequence[str] = ()) -> int:
    """A failure before any command ran (while parsing): one `error:` line, its exit code.
    A --color given in `words` is followed, though it was never parsed."""
    color = "auto"
    for at, word in enumerate(words):
        if word == "--":
            break
        if word == "--color" and at + 1 < len(words):
            color = words[at + 1]
        elif word.startswith("--color="):
            color = word.split("=", 1)[1]
    Printer(color if color in ("always", "never") else "auto").error(err)
    return int(err.exit_code)


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _close_state(ctx: typer.Context) -> None:
    """Stop what the run started (the --offline emulator) before anything more is printed."""
    close = getattr(ctx.obj, "close", None)
    if close is not None:
        close()


class CartesiaGroup(LazyGroup):
    """Renders every failure once, as `error: …`, and maps it to the documented exit code."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Typer's main in its non-standalone mode, so that usage errors reach us: every
        failure is then reported here, once, in the CLI's words (cli/usage.py)."""
        from cartesia_cli.cli.usage import hoist_global_options

        words = list(sys.argv[1:] if args is None else args)
        try:
            help_names = self.context_settings.get("help_option_names") or ["--help"]
            words = hoist_global_options(self, words, help_names)
            code = super().main(words, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except CartesiaError as err:  # a bad value, an eager --version to no stdout
            code = _report(err, words)
        except typer.TyperException as exc:  # the framework's own usage errors
            from cartesia_cli.cli.usage import framework_error

            code = _report(framework_error(exc), words)
        except typer.Abort:  # a prompt's input ended (Ctrl-D)
            code = _report(CartesiaError("aborted at the prompt"), words)
        except OSError as exc:  # --help or --version to a full or broken stdout
            code = _output_failure_code(exc, Printer("auto"))
            if code is None:
                raise
        code = code if isinstance(code, int) else 0  # a command's return value means success
        if not standalone_mode:
            return code
        sys.exit(code)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not args and not ctx.resilient_parsing:  # `cartesia` alone: a short quick start
            from cartesia_cli.cli.usage import quick_start

            typer.echo(quick_start(self.list_commands(ctx)), nl=False)
            ctx.exit(0)
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    # Typer declares this with its vendored click's Context, which has no public name; every
    # context Typer hands us is a typer.Context.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        # The one place the process's streams, variables and terminals are read: the callback
        # below and every command take them from here (tests hand in their own Environment).
        if not isinstance(ctx.obj, Environment):  # tests may hand in a few fields to change
            ctx.obj = Environment.from_process(**(ctx.obj or {}))
        env: Environment = ctx.obj
        debug = bool(ctx.params.get("debug")) or env.flag("CARTESIA_DEBUG")
        printer = Printer(ctx.params.get("color") or "auto", stream=env.stderr,
                          variables=env.variables)
        # Asked for JSON: a command line that does not parse is reported on stdout too.
        words = ctx.args[:ctx.args.index("--")] if "--" in ctx.args else ctx.args
        json_asked = "--json" in words or "--jsonl" in words
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: clean-up has run by now
            from cartesia_cli.signals import as_terminated, ignore_from_now

            stop = as_terminated(exc)
            _close_state(ctx)
            ignore_from_now()
            printer.write(stop.message)
            raise typer.Exit(stop.exit_code) from None
        except CartesiaError as err:
            if debug:
                printer.write(scrub(_traceback()))
            printer.error(err)
            if getattr(ctx.obj, "json_errors", False) or (
                    json_asked and isinstance(err, UsageError)):
                _json_error(err, env.stdout)
            raise typer.Exit(int(err.exit_code)) from None
        except OSError as exc:
            code = _output_failure_code(exc, printer)
            if code is None:  # not our output: no code path expected it
                code = _report_unexpected(exc, printer, debug)
            raise typer.Exit(code) from None
        except typer.TyperException as exc:  # a subcommand's command line did not parse
            from cartesia_cli.cli.usage import framework_error

            usage_error = framework_error(exc)
            printer.error(usage_error)
            if json_asked:
                _json_error(usage_error, env.stdout)
            raise typer.Exit(int(usage_error.exit_code)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the boundary: anything unexpected
            raise typer.Exit(_report_unexpected(exc, printer, debug)) from None
        finally:
            _close_state(ctx)


ROOT_HELP = """Speech from the Cartesia text-to-speech API, in a terminal, a pipe or a CI job.

The options below work before or after the command: `cartesia say --offline "Hi"` is
`cartesia --offline say "Hi"`. Each command's --help has its own options and examples.

\b
Examples:
  cartesia --offline say "Hello from Cartesia" -o hello.wav
  cartesia say "Hello from Cartesia"
  llm "Tell me a story" | cartesia stream
  cartesia voices list -s barbershop
"""

app = typer.Typer(
    name="cartesia",
    cls=CartesiaGroup,
    help=ROOT_HELP,
    epilog=EXIT_CODES_EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cartesia-cli {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            metavar="KEY",
            help="API key (prefer CARTESIA_API_KEY: flags leak into shell history).",
            show_default=False,
        ),
    ] = None,
    access_token: Annotated[
        str | None,
        typer.Option(
            "--access-token",
            metavar="TOKEN",
            help="Short-lived access token instead of an API key.",
            show_default=False,
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="API base URL [default: https://api.cartesia.ai].",
            show_default=False,
        ),
    ] = None,
    cartesia_version: Annotated[
        str | None,
        typer.Option(
            "--cartesia-version",
            metavar="DATE",
            help="Cartesia-Version date to send (YYYY-MM-DD).",
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", metavar="NAME",
            help="Config profile to use [env: CARTESIA_PROFILE].", show_default=False
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout", metavar="SECONDS",
            help="Read timeout in seconds [default: 30].", show_default=False
        ),
    ] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(
            "--max-retries",
            metavar="N",
            help="Retries on network errors, 408, 429, 5xx [default: 2].",
            show_default=False,
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="Use a local emulator instead of the API: no key, no network."
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Say more on stderr.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Say nothing but errors.")] = False,
    color: Annotated[
        Literal["auto", "always", "never"], typer.Option("--color", help="Colour on stderr.")
    ] = "auto",
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show tracebacks (secrets stay redacted) [env: CARTESIA_DEBUG]."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    flags = {
        "api_key": api_key,
        "access_token": access_token,
        "base_url": base_url,
        "version": cartesia_version,
        "timeout": timeout,
        "max_retries": max_retries,
    }
    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_process()
    ctx.obj = AppState(
        env=env,
        flags=flags,
        profile=profile,
        offline=offline,
        verbose=verbose,
        quiet=quiet,
        color=color,
        debug=debug,
    )


def _guard_closed_streams() -> None:
    """`cartesia … >&-` starts with no stdout (Python sets sys.stdout to None): writing there
    is then a usage error, not an AttributeError. Likewise a closed stdin reads as empty."""
    if sys.stdout is None:
        from cartesia_cli.cli.render import ClosedStdout

        sys.stdout = ClosedStdout()
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as we do
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


# The subcommands, in the order help lists them: name -> the module whose register(app) adds it.
# Each is imported and built when first used (cli/lazy_commands.py): a run pays for its own only.
CartesiaGroup.subcommands = {
    "say": "cartesia_cli.cli.say",
    "stream": "cartesia_cli.cli.stream",
    "batch": "cartesia_cli.cli.batch",
    "migrate-check": "cartesia_cli.cli.migrate_check",
    "emulator": "cartesia_cli.cli.emulator_cmd",
    "completion": "cartesia_cli.cli.completion",
    "voices": "cartesia_cli.cli.voices",
    "dicts": "cartesia_cli.cli.dicts",
    "token": "cartesia_cli.cli.token",
    "config": "cartesia_cli.cli.config_cmd",
}


def main() -> None:
    from cartesia_cli import signals

    signals.install()
    _guard_closed_streams()

    name = os.path.basename(sys.argv[0])
    typer.main.get_command(app)(prog_name=name if name.startswith("cartesia") else "cartesia")
