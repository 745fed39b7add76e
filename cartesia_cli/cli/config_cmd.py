"""`cartesia config`: show, get, set, unset and path, with sources and redacted secrets."""

from typing import Annotated

import typer

from cartesia_cli.cli.state import AppState
from cartesia_cli.config import SETTINGS, Settings, display_value

config_app = typer.Typer(
    help="""Show and change settings (profiles in a TOML file; secrets stored 0600, shown redacted).

Every setting resolves as flag > environment variable > profile > default; the table of names
(setting, flag, variable) is in the README and the man page.

\b
Examples:
  cartesia config show
  printenv CARTESIA_API_KEY | cartesia config set api_key
  cartesia --profile work config set voice "Katie"
  cartesia config get model
""",
    short_help="Show and change settings, per profile.",
    no_args_is_help=True,
)

Name = Annotated[str, typer.Argument(help="Setting name: " + ", ".join(SETTINGS) + ".",
                                     metavar="NAME", show_default=False)]


def _display(settings: Settings, name: str) -> str:
    return display_value(name, settings[name])


@config_app.command("show")
def config_show(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show every setting with its value and where it comes from (secrets redacted).

    \b
    Examples:
      cartesia config show
      cartesia --profile work config show --json | jq .settings.voice
    """
    state: AppState = ctx.obj
    state.json_errors = json_output
    settings = state.settings()
    rows = [(name, _display(settings, name), settings.source(name)) for name in SETTINGS]
    if json_output:
        data = {"profile": settings.profile, "path": str(settings.path),
                "settings": {n: {"value": v or None, "source": s} for n, v, s in rows}}
        import json  # lazily: json is not needed to start (startup time)

        typer.echo(json.dumps(data, indent=2))
        return
    width = max(len(n) for n in SETTINGS)
    vwidth = max(len(v) for _, v, _ in rows) or 1
    typer.echo(f"# profile {settings.profile}, file {settings.path}")
    for name, value, source in rows:
        typer.echo(f"{name:<{width}}  {value or '-':<{vwidth}}  {source}")


@config_app.command("get")
def config_get(ctx: typer.Context, name: Name) -> None:
    """Print one setting's resolved value (secrets redacted).

    \b
    Examples:
      cartesia config get voice
      CARTESIA_MODEL=sonic-2 cartesia config get model
    """
    from cartesia_cli.errors import UsageError

    if name not in SETTINGS:
        raise UsageError(f"unknown setting `{name}`", hint="settings: " + ", ".join(SETTINGS))
    state: AppState = ctx.obj
    typer.echo(_display(state.settings(), name))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    name: Name,
    value: Annotated[str | None, typer.Argument(
        help="The value; secrets are read from a hidden prompt or stdin instead.",
        metavar="VALUE", show_default=False)] = None,
) -> None:
    """Store a setting in the active profile (api_key and access_token: never from argv).

    \b
    Examples:
      cartesia config set api_key                     # asks, without echo
      printenv CARTESIA_API_KEY | cartesia config set api_key
      cartesia config set model sonic-3
      cartesia --profile work config set voice "Katie"
    """
    from cartesia_cli.config import DEFAULT_PROFILE, set_value
    from cartesia_cli.errors import UsageError

    state: AppState = ctx.obj
    if name not in SETTINGS:
        raise UsageError(f"unknown setting `{name}`", hint="settings: " + ", ".join(SETTINGS))
    if SETTINGS[name].secret:
        if value is not None:
            raise UsageError(f"{name} is not taken from the command line (it would stay in "
                             "shell history)",
                             hint=f"run `cartesia config set {name}` and paste it at the prompt, "
                             f"or pipe it: `cartesia config set {name} < keyfile`")
        value = _read_secret(state, name)
    elif value is None:
        raise UsageError(f"missing value for {name}")
    path = set_value(name, value, profile=state.profile or DEFAULT_PROFILE)
    shown = display_value(name, value)
    state.printer.notice(f"set {name} = {shown} in profile "
                         f"{state.profile or DEFAULT_PROFILE} ({path})")


def _read_secret(state: AppState, name: str) -> str:
    from cartesia_cli.errors import UsageError

    value: str
    if state.env.stdin_isatty:
        value = typer.prompt(name, hide_input=True)
    else:
        value = state.env.stdin.readline()
    value = value.strip()
    if not value:
        raise UsageError(f"empty {name}")
    return value


@config_app.command("unset")
def config_unset(ctx: typer.Context, name: Name) -> None:
    """Remove a setting from the active profile.

    \b
    Examples:
      cartesia config unset voice
      cartesia --profile work config unset api_key
    """
    from cartesia_cli.config import DEFAULT_PROFILE, unset_value

    state: AppState = ctx.obj
    profile = state.profile or DEFAULT_PROFILE
    if unset_value(name, profile=profile):
        state.printer.notice(f"unset {name} in profile {profile}")
    else:
        state.printer.notice(f"{name} was not set in profile {profile}")


@config_app.command("path")
def config_path_cmd() -> None:
    """Print the config file's path (it is created on the first `config set`).

    \b
    Examples:
      cartesia config path
      "${EDITOR:-vi}" "$(cartesia config path)"
    """
    from cartesia_cli.config import config_path

    typer.echo(str(config_path()))


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
