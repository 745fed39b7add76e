"""`cartesia voices …`: browse voices (a table that fits the terminal, TSV, JSON or JSON
lines), and make and manage your own: clone, update, delete, localize, accents, audition."""

from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from cartesia_cli.cli.state import AppState

if TYPE_CHECKING:
    from cartesia_cli.api.http import HttpClient

voices_app = typer.Typer(help="""Browse, audition and manage voices (clone, update, delete,
localize).

\b
Examples:
  cartesia voices list -s barbershop
  cartesia voices get "Barbershop Man"
  cartesia voices audition --language en --limit 3
  cartesia voices clone me.wav --name "My voice" --language en
""", no_args_is_help=True)

JsonOut = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Gender = Literal["masculine", "feminine", "gender_neutral"]
COLUMNS = ("id", "name", "language", "gender", "description")
COMPACT_BELOW = 100  # terminal columns: narrower, the table drops descriptions and shortens ids
SHORT_ID = 8  # characters of an id in the compact table (more where two would look alike)
MIN_DESCRIPTION = 20  # columns a description needs to be worth showing
GAP = "  "


def api_client(state: AppState) -> "HttpClient":
    from cartesia_cli.api.http import HttpClient
    from cartesia_cli.cli.speaking import retry_notice

    return HttpClient(state.settings(), on_retry=retry_notice(state))


def echo_json(value: Any) -> None:
    import json  # lazily: json is not needed to start (startup time)

    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _learn(state: AppState, voices: list[dict[str, Any]]) -> None:
    """Shell completion offers the names of voices the user has seen."""
    from cartesia_cli.api.voices import VoiceCatalog

    VoiceCatalog(state.voice_cache(state.settings())).learn(voices, at=state.env.clock())


# --- list --------------------------------------------------------------------------------------


@voices_app.command("list")
def voices_list(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(
        "-s", "--search", metavar="TEXT",
        help="Search names, descriptions and ids.", show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--language", metavar="CODE",
        help="Language, e.g. en or en-GB.", show_default=False)] = None,
    gender: Annotated[Gender | None, typer.Option(
        "--gender", help="Gender.", show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only voices you own.")] = False,
    limit: Annotated[int, typer.Option(
        "--limit", metavar="N", help="At most N voices (with --all: N per page).", min=1)] = 20,
    all_pages: Annotated[bool, typer.Option("--all", help="Follow the cursor to the end.")
                         ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON array.")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")
                     ] = False,
) -> None:
    """List voices: a table on a terminal, tab-separated rows with a header when piped.

    The table fits the terminal: ids and names are never cut; descriptions are shortened,
    and below 100 columns dropped, with ids shortened to a unique prefix that `voices get`
    accepts. A footer says when more voices match (--all fetches every page).

    \b
    Examples:
      cartesia voices list -s barbershop
      cartesia voices list --language fr --gender feminine
      cartesia voices list --mine
      cartesia voices list --all --jsonl | jq -r .name
    """
    from cartesia_cli.api.voices import Listing, VoiceFilter, iter_voices, normalize

    state: AppState = ctx.obj
    state.json_errors = json_output or jsonl
    flt = VoiceFilter(search=search, language=language, gender=gender, mine=mine)
    listing = Listing()
    seen: list[dict[str, Any]] = []
    with api_client(state) as client:
        voices = (normalize(v) for v in iter_voices(client, flt, limit=limit, follow=all_pages,
                                                    listing=listing))
        if jsonl:
            import json  # lazily: json is not needed to start (startup time)

            for voice in voices:
                seen.append(voice)
                typer.echo(json.dumps(voice, ensure_ascii=False))
            _learn(state, seen)
            return
        rows = list(voices)
    _learn(state, rows)
    if json_output:
        echo_json(rows)
    elif state.stdout_isatty:
        _table(rows)
        if not rows:
            typer.echo("no voices match", err=True)
        elif listing.more:
            typer.echo(f"{len(rows)} voices shown; more match: --all lists every page, "
                       "--limit N shows more", err=True)
    else:
        _tsv(rows)


def _cell(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return " ".join(str(value if value is not None else "").split())


def _tsv(rows: list[dict[str, Any]]) -> None:
    print_tsv(COLUMNS, [{c: _cell(row.get(c)) for c in COLUMNS} for row in rows])


def print_tsv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """A header, then one tab-separated line per row of rendered cells."""
    typer.echo("\t".join(columns))
    for row in rows:
        typer.echo("\t".join(row[c] for c in columns))


def print_aligned(columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """A header, then the rows, each column as wide as its widest cell."""
    sizes = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    typer.echo(GAP.join(c.ljust(sizes[c]) for c in columns).rstrip())
    for row in rows:
        typer.echo(GAP.join(row[c].ljust(sizes[c]) for c in columns).rstrip())


def short_ids(ids: list[str], length: int = SHORT_ID) -> dict[str, str]:
    """Each id's shortest prefix of at least `length` characters that no other id shares."""
    out = {}
    for voice_id in ids:
        size = length
        while size < len(voice_id) and any(
                other != voice_id and other.startswith(voice_id[:size]) for other in ids):
            size += 1
        out[voice_id] = voice_id[:size]
    return out


def _table(rows: list[dict[str, Any]]) -> None:
    """Columns sized to their contents; only the description gives way to the terminal."""
    from rich.cells import cell_len, set_cell_size
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    width = console.width
    cells = [{c: _cell(row.get(c)) for c in COLUMNS} for row in rows]
    sizes = {c: max([cell_len(c)] + [cell_len(row[c]) for row in cells]) for c in COLUMNS}
    room = width - sum(sizes[c] for c in COLUMNS[:-1]) - len(GAP) * (len(COLUMNS) - 1)
    # Below about 100 columns (or when long names leave the description no room to speak of),
    # the compact layout: no description, ids shortened to unique prefixes.
    compact = width < COMPACT_BELOW or room < MIN_DESCRIPTION
    columns = COLUMNS[:-1] if compact else COLUMNS
    if compact:
        shortened = short_ids([c["id"] for c in cells])
        for c in cells:
            c["id"] = shortened[c["id"]]
        sizes["id"] = max([cell_len("id")] + [cell_len(c["id"]) for c in cells])
    else:
        sizes["description"] = min(sizes["description"], room)

    def line(values: dict[str, str]) -> str:
        parts = []
        for c in columns:
            value = values[c]
            if cell_len(value) > sizes[c]:  # the description only
                value = set_cell_size(value, sizes[c] - 1) + "…"
            parts.append(value if c == columns[-1] else set_cell_size(value, sizes[c]))
        return GAP.join(parts).rstrip()

    console.print(Text(line({c: c for c in columns}), style="bold"))
    for row in cells:
        console.print(Text(line(row)))


# --- get ---------------------------------------------------------------------------------------


@voices_app.command("get")
def voices_get(
    ctx: typer.Context,
    voice: Annotated[str, typer.Argument(help="Voice id, name, or a unique id prefix.",
                                         metavar="VOICE", show_default=False)],
    json_output: JsonOut = False,
) -> None:
    """Show one voice, by id, by name, or by a unique id prefix (as the narrow table shows).

    \b
    Examples:
      cartesia voices get "Barbershop Man"
      cartesia voices get a0e99841
      cartesia voices get a0e99841-438c-4a64-b679-ae501e7d6091 --json | jq .language
    """
    from cartesia_cli.api.voices import get_voice, normalize, resolve_voice

    state: AppState = ctx.obj
    state.json_errors = json_output
    with api_client(state) as client:
        raw = get_voice(client, resolve_voice(client, voice, state.voice_cache(state.settings())))
    data = normalize(raw)
    _learn(state, [data])
    if json_output:
        echo_json(data)
        return
    _show(data)


def _show(data: dict[str, Any]) -> None:
    width = max(len(k) for k in data)
    for key, value in data.items():
        typer.echo(f"{key:<{width}}  {_cell(value)}")


# --- clone -------------------------------------------------------------------------------------


@voices_app.command("clone")
def voices_clone(
    ctx: typer.Context,
    clip: Annotated[str, typer.Argument(
        help="Audio clip of the speaker: a few seconds of clear speech (.wav .flac .ogg .mp3).",
        show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Name of the new voice.",
                                      show_default=False)],
    language: Annotated[str, typer.Option("--language", metavar="LANG",
        help="Language of the clip, e.g. en.",
                                          show_default=False)],
    description: Annotated[str | None, typer.Option(
        "--description", metavar="TEXT",
        help="Description of the new voice.", show_default=False)] = None,
    base_voice: Annotated[str | None, typer.Option(
        "--base-voice", metavar="VOICE", help="Voice (id or name) the clone is derived from.",
        show_default=False)] = None,
    accent: Annotated[str | None, typer.Option(
        "--accent", metavar="ACCENT", help="Catalog accent id, e.g. british (API 2026-08-14; see "
        "`voices accents`).", show_default=False)] = None,
    mode: Annotated[Literal["similarity", "stability"] | None, typer.Option(
        "--mode", help="Clone mode (API 2024-11-13 and older only).", show_default=False)
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the new voice as JSON.")
                           ] = False,
) -> None:
    """Clone a voice from an audio clip (POST /voices/clone) and print its id.

    The clip is checked here first: it must be readable audio; its length is shown, with a
    warning outside the 3-10 seconds the API recommends. The new voice's name works right away
    wherever a voice id does.

    \b
    Examples:
      cartesia voices clone me.wav --name "My voice" --language en
      cartesia voices clone clip.flac --name Narrator --language fr --description "Warm, calm"
      cartesia say -v "My voice" "Hello, it's me."
    """
    from cartesia_cli.api.voices import clone_voice, normalize, resolve_voice
    from cartesia_cli.audio.clip import read_clip
    from cartesia_cli.errors import UsageError
    from cartesia_cli.facts import LANGUAGES

    state: AppState = ctx.obj
    state.json_errors = json_output
    if not name.strip():
        raise UsageError("--name is empty", hint="give the new voice a name")
    if language not in LANGUAGES:
        import difflib

        close = difflib.get_close_matches(language, sorted(LANGUAGES), n=3)
        raise UsageError(f"unknown language `{language}`",
                         hint=("did you mean " + ", ".join(close) + "? ") if close
                         else "languages: " + ", ".join(sorted(LANGUAGES)))
    sample = read_clip(clip)
    state.printer.notice(f"clip {sample.describe()}")
    warning = sample.length_warning()
    if warning:
        state.printer.warning(warning)
    cache = state.voice_cache(state.settings())
    with api_client(state) as client:
        client.credentials.require(allow_token=False)
        base_id = resolve_voice(client, base_voice, cache) if base_voice else None
        voice = clone_voice(client, clip=sample.upload(), name=name, language=language,
                            description=description, base_voice_id=base_id, accent=accent,
                            mode=mode)
    voice_id = str(voice["id"])  # api/voices.record: every record has one
    cache.put(name, voice_id)
    _learn(state, [voice])
    if json_output:
        echo_json(normalize(voice))
    else:
        typer.echo(voice_id)
        state.printer.notice(f"cloned `{name}`: use it with -v \"{name}\" or -v {voice_id}")


# --- update ------------------------------------------------------------------------------------


@voices_app.command("update")
def voices_update(
    ctx: typer.Context,
    voice: Annotated[str, typer.Argument(help="Voice id, name, or unique id prefix.",
                                         show_default=False)],
    name: Annotated[str | None, typer.Option("--name", metavar="NAME",
        help="New name.", show_default=False)
                    ] = None,
    description: Annotated[str | None, typer.Option(
        "--description", metavar="TEXT", help="New description.", show_default=False)] = None,
    gender: Annotated[Literal["masculine", "feminine", "gender_neutral", "none"] | None,
                      typer.Option("--gender", help="New gender; `none` resets it.",
                                   show_default=False)] = None,
    accent: Annotated[str | None, typer.Option(
        "--accent", metavar="ACCENT",
        help="Catalog accent id (API 2026-08-14).", show_default=False)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the voice as JSON.")
                           ] = False,
) -> None:
    """Change a voice's name, description, gender or accent.

    Only what is given changes.

    \b
    Examples:
      cartesia voices update "My voice" --name "Narrator" --description "Calm, low"
      cartesia voices update Narrator --gender none
    """
    from cartesia_cli.api.voices import UNSET, normalize, resolve_voice, update_voice

    state: AppState = ctx.obj
    state.json_errors = json_output
    cache = state.voice_cache(state.settings())
    with api_client(state) as client:
        voice_id = resolve_voice(client, voice, cache)
        updated = update_voice(client, voice_id, name=name, description=description,
                               gender=UNSET if gender is None
                               else (None if gender == "none" else gender), accent=accent)
    record = normalize(updated)
    if name is not None:  # the old name is gone: from the cache and from completion
        from cartesia_cli.api.voices import VoiceCatalog

        cache.forget(voice_id)
        cache.put(name, voice_id)
        VoiceCatalog(cache).forget(voice_id)
        _learn(state, [record])
    if json_output:
        echo_json(record)
    else:
        _show(record)


# --- delete ------------------------------------------------------------------------------------


@voices_app.command("delete")
def voices_delete(
    ctx: typer.Context,
    voices: Annotated[list[str], typer.Argument(
        metavar="VOICE",
        help="Voices to delete (ids, names or unique id prefixes).", show_default=False)],
    yes: Annotated[bool, typer.Option("-y", "--yes", help="Do not ask; needed when stdin is "
                                      "not a terminal.")] = False,
) -> None:
    """Delete voices you own, after asking.

    Public voices and voices your key does not own are never deleted. Without a terminal to
    ask on, --yes is required.

    \b
    Examples:
      cartesia voices delete "My voice"
      cartesia voices delete --yes 3f1c5a2e 9b0d77c4
    """
    from cartesia_cli.api.voices import (
        VoiceCatalog,
        delete_voice,
        get_own_voice,
        resolve_voice,
    )
    from cartesia_cli.cli.render import ask
    from cartesia_cli.errors import UsageError

    state: AppState = ctx.obj
    cache = state.voice_cache(state.settings())
    with api_client(state) as client:
        targets: dict[str, dict[str, Any]] = {}
        for value in voices:
            voice_id = resolve_voice(client, value, cache)
            targets[voice_id] = get_own_voice(client, voice_id, "delete")  # all, first
        listing = ", ".join(f"`{v.get('name')}` ({k})" for k, v in targets.items())
        if not yes:
            if not state.stdin_isatty:
                raise UsageError(f"refusing to delete {listing} without confirmation: stdin is "
                                 "not a terminal", hint="pass --yes to delete without asking")
            what = "this voice" if len(targets) == 1 else f"these {len(targets)} voices"
            if not ask(f"Delete {what}: {listing}? This cannot be undone", state.env.stdin,
                       state.env.stderr):
                state.printer.notice("nothing deleted")
                raise typer.Exit(1)
        catalog = VoiceCatalog(cache)
        for voice_id, record in targets.items():
            delete_voice(client, voice_id)
            cache.forget(voice_id)
            catalog.forget(voice_id)
            state.printer.notice(f"deleted `{record.get('name')}` ({voice_id})")


# --- localize and accents ----------------------------------------------------------------------


@voices_app.command("localize")
def voices_localize(
    ctx: typer.Context,
    voice: Annotated[str, typer.Argument(help="Voice to localize (id, name or id prefix).",
                                         show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Name of the new voice.",
                                      show_default=False)],
    accent: Annotated[str | None, typer.Option(
        "--accent", metavar="ACCENT",
        help="Target accent id from `voices accents` (API 2026-08-14).",
        show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--language", metavar="LANG",
        help="Target language (API before 2026-08-14).", show_default=False)
    ] = None,
    dialect: Annotated[str | None, typer.Option(
        "--dialect", metavar="CODE",
        help="Dialect of en (au in so uk us), es (mx pe), pt (br eu) or fr (eu "
        "ca); API before 2026-08-14.", show_default=False)] = None,
    speaker_gender: Annotated[Literal["male", "female"] | None, typer.Option(
        "--speaker-gender", help="The original speaker's gender, when the voice has none "
        "(API before 2026-08-14).", show_default=False)] = None,
    description: Annotated[str | None, typer.Option(
        "--description", metavar="TEXT",
        help="Description of the new voice.", show_default=False)] = None,
    tagline: Annotated[str | None, typer.Option(
        "--tagline", metavar="TEXT", help="Short tagline of the new voice (API 2026-08-14).",
        show_default=False)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the new voice as JSON.")
                           ] = False,
) -> None:
    """Make a new voice from one of yours, speaking another language or accent.

    API 2026-08-14 localizes to a catalog accent (--accent, see `voices accents`); earlier
    versions take --language, optionally --dialect.

    \b
    Examples:
      cartesia voices localize "My voice" --name "My voice (UK)" --accent british
      cartesia --cartesia-version 2025-04-16 voices localize "My voice" \\
        --name "Mi voz" --language es --dialect mx
    """
    from cartesia_cli.api.voices import get_voice, localize_voice, normalize, resolve_voice

    state: AppState = ctx.obj
    state.json_errors = json_output
    cache = state.voice_cache(state.settings())
    with api_client(state) as client:
        source = get_voice(client, resolve_voice(client, voice, cache))
        created = localize_voice(client, source, name=name, description=description,
                                 language=language, dialect=dialect,
                                 speaker_gender=speaker_gender, accent=accent, tagline=tagline)
    record = normalize(created)
    if record["id"]:
        cache.put(name, str(record["id"]))
        _learn(state, [record])
    if json_output:
        echo_json(record)
    else:
        typer.echo(record["id"])


@voices_app.command("accents")
def voices_accents(
    ctx: typer.Context,
    language: Annotated[str | None, typer.Option(
        "--language", metavar="LANG",
        help="Only this language's accents (en, or a locale like en-GB).",
        show_default=False)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON array.")] = False,
) -> None:
    """List the accent catalog (GET /accents, API 2026-08-14): ids for --accent.

    \b
    Examples:
      cartesia voices accents --language en
      cartesia voices accents --json | jq -r '.[] | select(.is_localizable) | .id'
    """
    from cartesia_cli.api.voices import list_accents

    state: AppState = ctx.obj
    state.json_errors = json_output
    with api_client(state) as client:
        accents = list_accents(client, language)
    if json_output:
        echo_json(accents)
        return
    columns = ("id", "name", "locale", "is_localizable")
    rows = [{c: _cell(a.get(c)) for c in columns} for a in accents]
    if state.stdout_isatty:
        print_aligned(columns, rows)
        if not rows:
            typer.echo("no accents match", err=True)
    else:
        print_tsv(columns, rows)


# --- audition ----------------------------------------------------------------------------------


@voices_app.command("audition")
def voices_audition(
    ctx: typer.Context,
    voices: Annotated[list[str] | None, typer.Argument(
        metavar="VOICE",
        help="Voices to hear (ids, names or id prefixes); none: the voices list's filters "
        "choose.", show_default=False)] = None,
    text: Annotated[str | None, typer.Option(
        "--text", metavar="TEXT",
        help="What each voice says [default: a sample in the voice's language].",
        show_default=False)] = None,
    output_dir: Annotated[str | None, typer.Option(
        "-o", "--output-dir", metavar="DIR",
        help="Write DIR/NAME-ID.wav per voice instead of playing.",
        show_default=False)] = None,
    search: Annotated[str | None, typer.Option(
        "--search", metavar="TEXT",
        help="Search names, descriptions and ids.", show_default=False)] = None,
    language: Annotated[str | None, typer.Option(
        "--language", metavar="LANG",
        help="Language, e.g. en or en-GB.", show_default=False)] = None,
    gender: Annotated[Gender | None, typer.Option(
        "--gender", help="Gender.", show_default=False)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only voices you own.")] = False,
    limit: Annotated[int, typer.Option("--limit", metavar="N",
        help="At most N voices.", min=1)] = 5,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="MODEL", help="Model id [default: sonic-3; env: CARTESIA_MODEL].",
        show_default=False)] = None,
    device: Annotated[str | None, typer.Option(
        "--device", metavar="DEVICE",
        help="Output device (index or part of its name) for playback.",
        show_default=False)] = None,
) -> None:
    """Hear voices one after another, to choose one: a short sample each, named on stderr.

    Each voice speaks in its own language unless --text is given; -o DIR writes one WAV file
    per voice instead of playing.

    \b
    Examples:
      cartesia voices audition "Barbershop Man" Katie
      cartesia voices audition --language fr --gender feminine --limit 3
      cartesia voices audition --mine --text "Welcome to the show." -o auditions
    """
    from cartesia_cli.api.voices import (
        VoiceFilter,
        get_voice,
        iter_voices,
        resolve_voice,
    )
    from cartesia_cli.cli.speaking import retry_notice
    from cartesia_cli.errors import UsageError
    from cartesia_cli.flows.audition import Take, audition

    state: AppState = ctx.obj
    if text is not None and not text.strip():
        raise UsageError("--text is empty")
    settings = state.settings(model=model)
    if output_dir is not None:
        from cartesia_cli.safe_write import make_output_dir

        make_output_dir(output_dir)
    chosen: list[dict[str, Any]]
    with api_client(state) as client:
        if voices:
            if search or language or gender or mine:
                raise UsageError("give voices or filters, not both",
                                 hint="filters choose voices when none are named")
            cache = state.voice_cache(settings)
            chosen = [get_voice(client, resolve_voice(client, v, cache)) for v in voices]
        else:
            flt = VoiceFilter(search=search, language=language, gender=gender, mine=mine)
            chosen = list(iter_voices(client, flt, limit=limit))
    if not chosen:
        raise UsageError("no voices match", hint="see `cartesia voices list` with the same "
                         "filters")

    def before(take: Take) -> None:
        voice = take.voice
        where = "" if output_dir is None else f" -> {take.target}"
        state.printer.notice(f"{voice.get('name')} ({voice.get('id')}, {take.language})"
                             f"{where}")

    audition(settings, chosen, text=text, out_dir=output_dir, before=before,
             on_retry=retry_notice(state), device=device)


def register(app: typer.Typer) -> None:
    app.add_typer(voices_app, name="voices")
