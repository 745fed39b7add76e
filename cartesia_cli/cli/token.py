"""`cartesia token`: mint a short-lived access token; `token inspect` decodes one."""

from typing import Annotated

import typer

from cartesia_cli.cli.state import AppState

token_app = typer.Typer(
    short_help="Mint a short-lived access token, or inspect one.",
    invoke_without_command=True,
)


@token_app.callback()
def token_mint(
    ctx: typer.Context,
    grants: Annotated[list[str] | None, typer.Option(
        "--grant", metavar="GRANT",
        help="What the token may do: tts, stt or agent (repeatable) [default: tts].",
        show_default=False)] = None,
    expires_in: Annotated[int | None, typer.Option(
        "--expires-in", metavar="SECONDS",
        help="Lifetime in seconds, 1 to 3600 [default: the API's].",
        show_default=False)] = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the response and the decoded expiry as JSON.")] = False,
) -> None:
    """Mint a short-lived access token (prints only the token), or inspect one.

    Minting needs an API key: `TOKEN=$(cartesia token)`. Give the token to a browser or device,
    which then speaks with `--access-token` (or CARTESIA_ACCESS_TOKEN) until it expires.

    \b
    Examples:
      TOKEN=$(cartesia token --grant tts --expires-in 600)
      cartesia --access-token "$TOKEN" say "Hello"
      cartesia token inspect "$TOKEN"
    """
    if ctx.invoked_subcommand is not None:
        return
    from cartesia_cli.api.http import HttpClient
    from cartesia_cli.api.tokens import check_request, decode_claims, describe, mint

    state: AppState = ctx.find_root().obj
    state.json_errors = json_output
    check_request(list(grants or []), expires_in)
    settings = state.settings()
    with HttpClient(settings) as client:
        if settings["access_token"] and not settings["api_key"]:
            from cartesia_cli.errors import AuthError

            raise AuthError("an access token cannot mint another: this needs an API key",
                            hint="set CARTESIA_API_KEY (server side) and mint tokens there")
        answer = mint(client, list(grants or []), expires_in)
    if json_output:
        info = describe(decode_claims(answer["token"]))
        import json  # lazily: json is not needed to start (startup time)

        typer.echo(json.dumps({**answer, **info}, indent=2))
    else:
        typer.echo(answer["token"])


@token_app.command("inspect")
def token_inspect(
    ctx: typer.Context,
    token: Annotated[str, typer.Argument(help="The token, or - to read it from stdin.",
                                         metavar="TOKEN",
                                         show_default=False)],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Decode a token's claims (without verifying them): grants and expiry.

    Exits 1 when the token has expired.

    \b
    Examples:
      cartesia token inspect "$TOKEN"
      cartesia token | cartesia token inspect -
      cartesia token inspect --json "$TOKEN" | jq .expires_at
    """
    from cartesia_cli.api.tokens import decode_claims, describe
    from cartesia_cli.errors import CartesiaError

    state: AppState = ctx.find_root().obj
    state.json_errors = json_output
    if token == "-":
        token = state.env.stdin.read().strip()
    info = describe(decode_claims(token), now=state.env.clock())
    state.json_errors = False  # from here on the report itself says whether it expired
    if json_output:
        import json  # lazily: json is not needed to start (startup time)

        typer.echo(json.dumps(info, indent=2))
    else:
        typer.echo(f"grants      {', '.join(info['grants']) or 'none'}")
        typer.echo(f"issued at   {info['issued_at'] or '-'}")
        left = f" (in {info['expires_in']} s)" if info["expires_in"] and not info["expired"] \
            else ""
        typer.echo(f"expires at  {info['expires_at'] or '-'}{left}")
    if info["expired"]:
        raise CartesiaError(f"the token expired at {info['expires_at']}",
                            hint="mint a new one with `cartesia token`")


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
