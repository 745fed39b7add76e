"""`cartesia dicts list|get|create|update|delete`: pronunciation dictionaries, with items from
a CSV or JSON file (or --item), and back to one with `get --format csv`."""

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cartesia_cli.cli.state import AppState
from cartesia_cli.cli.voices import api_client, echo_json, print_aligned, print_tsv

if TYPE_CHECKING:
    from cartesia_cli.api.dicts import Item

dicts_app = typer.Typer(
    help="""Pronunciation dictionaries: how words are said (API 2025-04-16 and later).

\b
Examples:
  cartesia dicts create Brands --item "SQL=sequel"
  cartesia dicts get Brands --format csv > brands.csv
  cartesia dicts update Brands -f brands.csv
""", no_args_is_help=True)

DictArg = Annotated[str, typer.Argument(help="Dictionary id or name.", metavar="DICT",
                                        show_default=False)]
ItemsFile = Annotated[str | None, typer.Option(
    "-f", "--file", metavar="FILE",
    help="Items from FILE: CSV `text,pronunciation` or JSON (`-` for stdin).", show_default=False)]
ItemOpt = Annotated[list[str] | None, typer.Option(
    "--item", metavar="TEXT=PRONUNCIATION", help="An item TEXT=PRONUNCIATION (repeatable).",
    show_default=False)]


def _items(state: AppState, file: str | None, item: list[str] | None) -> "list[Item] | None":
    """Items from --file and --item (file first, --item adds or replaces); None if neither."""
    from cartesia_cli.api.dicts import check_unique, parse_item_option, read_items

    if file is None and not item:
        return None
    items = []
    if file is not None:
        from cartesia_cli.api.dicts import MAX_FILE_BYTES

        stdin = state.env.stdin.read(MAX_FILE_BYTES + 1) if file == "-" else None
        items = read_items(file, stdin)
    for value in item or []:
        added = parse_item_option(value)
        items = [i for i in items if i.text != added.text] + [added]
    return check_unique(items, "--item")


@dicts_app.command("list")
def dicts_list(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON array.")] = False,
) -> None:
    """List your pronunciation dictionaries (every page): id, name, number of items.

    \b
    Examples:
      cartesia dicts list
      cartesia dicts list --json | jq -r '.[].name'
    """
    from cartesia_cli.api.dicts import iter_dicts, normalize

    state: AppState = ctx.obj
    state.json_errors = json_output
    with api_client(state) as client:
        records = [normalize(d) for d in iter_dicts(client)]
    if json_output:
        echo_json(records)
        return
    rows = [{"id": str(r["id"]), "name": " ".join(str(r["name"]).split()),
             "items": str(len(r["items"]))} for r in records]
    columns = ("id", "name", "items")
    if state.stdout_isatty:
        print_aligned(columns, rows)
        if not rows:
            typer.echo("no pronunciation dictionaries yet: `cartesia dicts create NAME`",
                       err=True)
    else:
        print_tsv(columns, rows)


@dicts_app.command("get")
def dicts_get(
    ctx: typer.Context,
    dictionary: DictArg,
    fmt: Annotated[Literal["text", "csv", "json"], typer.Option(
        "--format", help="text (for reading), csv (items, for `create/update -f`), or json.")
    ] = "text",
    json_output: Annotated[bool, typer.Option("--json", help="Same as --format json.")
                           ] = False,
) -> None:
    """Show one dictionary; --format csv prints its items as a file `create -f` reads back.

    \b
    Examples:
      cartesia dicts get Brands
      cartesia dicts get Brands --format csv > brands.csv
      cartesia dicts update Brands -f brands.csv
    """
    from cartesia_cli.api.dicts import get_dict, items_csv, normalize, resolve_dict

    state: AppState = ctx.obj
    state.json_errors = json_output or fmt == "json"
    with api_client(state) as client:
        record = normalize(get_dict(client, str(resolve_dict(client, dictionary)["id"])))
    if json_output or fmt == "json":
        echo_json(record)
    elif fmt == "csv":
        typer.echo(items_csv(record), nl=False)
    else:
        typer.echo(f"id       {record['id']}")
        typer.echo(f"name     {record['name']}")
        typer.echo(f"items    {len(record['items'])}")
        width = max([0] + [len(i["text"]) for i in record["items"]])
        for item in record["items"]:
            typer.echo(f"  {item['text']:<{width}}  ->  {item['pronunciation']}")


@dicts_app.command("create")
def dicts_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the new dictionary.", show_default=False)],
    file: ItemsFile = None,
    item: ItemOpt = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the dictionary as JSON.")
                           ] = False,
) -> None:
    """Create a dictionary and print its id; use it with `say --pronunciation-dict`.

    \b
    Examples:
      cartesia dicts create Brands --item "Cartesia=kar-TEE-zhuh" --item "SQL=sequel"
      cartesia dicts create Brands -f brands.csv
      cartesia say --pronunciation-dict Brands "Cartesia speaks SQL."
    """
    from cartesia_cli.api.dicts import create_dict, normalize
    from cartesia_cli.errors import UsageError

    state: AppState = ctx.obj
    state.json_errors = json_output
    if not name.strip():
        raise UsageError("the dictionary name is empty")
    items = _items(state, file, item) or []
    with api_client(state) as client:
        record = normalize(create_dict(client, name, items))
    if json_output:
        echo_json(record)
    else:
        typer.echo(record["id"])
        state.printer.notice(f"created `{name}` with {len(record['items'])} items")


@dicts_app.command("update")
def dicts_update(
    ctx: typer.Context,
    dictionary: DictArg,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME",
        help="New name.", show_default=False)
                    ] = None,
    file: ItemsFile = None,
    item: ItemOpt = None,
    add: Annotated[bool, typer.Option(
        "--add", help="Add the items to the dictionary's (same text: replaced) instead of "
        "replacing them all.")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the dictionary as JSON.")
                           ] = False,
) -> None:
    """Rename a dictionary or replace its items (from -f FILE and --item; --add keeps the rest).

    \b
    Examples:
      cartesia dicts update Brands -f brands.csv
      cartesia dicts update Brands --add --item "GIF=jif"
      cartesia dicts update Brands --name "Brand names"
    """
    from cartesia_cli.api.dicts import (
        Item,
        get_dict,
        normalize,
        resolve_dict,
        update_dict,
    )
    from cartesia_cli.errors import UsageError

    state: AppState = ctx.obj
    state.json_errors = json_output
    items = _items(state, file, item)
    if add and items is None:
        raise UsageError("--add needs items: give -f FILE or --item")
    with api_client(state) as client:
        dict_id = str(resolve_dict(client, dictionary)["id"])
        if add and items is not None:
            current = normalize(get_dict(client, dict_id))["items"]
            new = {i.text for i in items}
            items = [Item(i["text"], i["pronunciation"]) for i in current
                     if i["text"] not in new] + items
        record = normalize(update_dict(client, dict_id, name=name, items=items))
    if json_output:
        echo_json(record)
    else:
        state.printer.notice(f"updated `{record['name']}` ({record['id']}): "
                             f"{len(record['items'])} items")


@dicts_app.command("delete")
def dicts_delete(
    ctx: typer.Context,
    dictionary: DictArg,
    yes: Annotated[bool, typer.Option("-y", "--yes", help="Do not ask; needed when stdin is "
                                      "not a terminal.")] = False,
) -> None:
    """Delete a dictionary, after asking.

    \b
    Examples:
      cartesia dicts delete Brands
      cartesia dicts delete --yes Brands
    """
    from cartesia_cli.api.dicts import delete_dict, resolve_dict
    from cartesia_cli.cli.render import ask
    from cartesia_cli.errors import UsageError

    state: AppState = ctx.obj
    with api_client(state) as client:
        record = resolve_dict(client, dictionary)
        label = f"`{record.get('name')}` ({record.get('id')})"
        if not yes:
            if not state.stdin_isatty:
                raise UsageError(f"refusing to delete {label} without confirmation: stdin is "
                                 "not a terminal", hint="pass --yes to delete without asking")
            if not ask(f"Delete the pronunciation dictionary {label}?", state.env.stdin,
                       state.env.stderr):
                state.printer.notice("nothing deleted")
                raise typer.Exit(1)
        delete_dict(client, str(record["id"]))
    state.printer.notice(f"deleted {label}")


def register(app: typer.Typer) -> None:
    app.add_typer(dicts_app, name="dicts")
