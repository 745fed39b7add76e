"""`cartesia voices list|get`: browse voices as a table, TSV, JSON or JSON lines."""

from typing import Annotated, Any, Literal

import typer

from cartesia_cli.cli.state import AppState

voices_app = typer.Typer(help="""Browse voices (search, filters, pagination).

\b
Examples:
  cartesia voices list -s barbershop
  cartesia voices get "Barbershop Man"
""", no_args_is_help=True)

JsonOut = Annotated[bool, typer.Option("--json", help="Print one JSON array (object for get).")]
COLUMNS = ("id", "name", "language", "gender", "description")


def _client(state: AppState) -> Any:
    from cartesia_cli.api.http import HttpClient
    from cartesia_cli.cli.speaking import retry_notice

    return HttpClient(state.settings(), on_retry=retry_notice(state))


@voices_app.command("list")
def voices_list(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(
        "-s", "--search", metavar="TEXT", help="Search names, descriptions and ids.",
        show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--language", metavar="CODE",
        help="Language, e.g. en or en-GB.", show_default=False)] = None,
    gender: Annotated[Literal["masculine", "feminine", "gender_neutral"] | None, typer.Option(
        "--gender", help="Gender.", show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only voices you own.")] = False,
    limit: Annotated[int, typer.Option(
        "--limit", metavar="N", help="At most N voices (with --all: N per page).", min=1)] = 20,
    all_pages: Annotated[bool, typer.Option("--all", help="Follow the cursor to the end.")
                         ] = False,
    json_output: JsonOut = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")
                     ] = False,
) -> None:
    """List voices: a table on a terminal, tab-separated rows with a header when piped.

    \b
    Examples:
      cartesia voices list -s barbershop
      cartesia voices list --language fr --gender feminine
      cartesia voices list --all --jsonl | jq -r .name
    """
    from cartesia_cli.api.voices import VoiceFilter, iter_voices, normalize

    state: AppState = ctx.obj
    state.json_errors = json_output or jsonl
    flt = VoiceFilter(search=search, language=language, gender=gender, mine=mine)
    with _client(state) as client:
        voices = (normalize(v) for v in iter_voices(client, flt, limit=limit, follow=all_pages))
        if jsonl:
            import json  # lazily: json is not needed to start (startup time)

            for voice in voices:
                typer.echo(json.dumps(voice, ensure_ascii=False))
            return
        rows = list(voices)
    if json_output:
        import json  # lazily: json is not needed to start (startup time)

        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif state.stdout_isatty:
        _table(rows)
    else:
        _tsv(rows)


def _tsv(rows: list[dict[str, Any]]) -> None:
    typer.echo("\t".join(COLUMNS))
    for row in rows:
        typer.echo("\t".join(" ".join(str(row.get(c) or "").split()) for c in COLUMNS))


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in COLUMNS:
        table.add_column(column, no_wrap=True, overflow="ellipsis",
                         ratio=1 if column == "description" else None,
                         max_width=36 if column == "id" else None)
    for row in rows:
        table.add_row(*(" ".join(str(row.get(c) or "").split()) for c in COLUMNS))
    Console(highlight=False).print(table)
    if not rows:
        typer.echo("no voices match", err=True)


@voices_app.command("get")
def voices_get(
    ctx: typer.Context,
    voice: Annotated[str, typer.Argument(help="Voice id or name.", metavar="VOICE",
                                         show_default=False)],
    json_output: JsonOut = False,
) -> None:
    """Show one voice, by id or by name.

    \b
    Examples:
      cartesia voices get "Barbershop Man"
      cartesia voices get 6ccbfb76-1fc6-48f7-b71d-91ac6298247b --json | jq .language
    """
    from cartesia_cli.api.voices import get_voice, normalize, resolve_voice

    state: AppState = ctx.obj
    state.json_errors = json_output
    with _client(state) as client:
        data = normalize(get_voice(client, resolve_voice(client, voice,
                                                         state.voice_cache(state.settings()))))
    if json_output:
        import json  # lazily: json is not needed to start (startup time)

        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        typer.echo(f"{key:<{width}}  {'' if value is None else value}")


def register(app: typer.Typer) -> None:
    app.add_typer(voices_app, name="voices")
