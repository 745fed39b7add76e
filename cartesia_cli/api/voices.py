"""Voices: listing with filters and cursor pagination (version-aware), one voice, and names
resolved to ids (with a short-lived cache that never holds the key)."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cartesia_cli.api.http import HttpClient
from cartesia_cli.errors import ApiError, ProtocolError, UsageError
from cartesia_cli.facts import (
    ACCENTS_SINCE,
    LOCALIZE_DIALECTS,
    VersionFeatures,
    is_voice_id,
    since,
)

CACHE_TTL = 600.0  # seconds: long enough for a burst of one-liners, short enough to see renames
FIELDS = (
    "id",
    "name",
    "language",
    "gender",
    "description",
    "is_owner",
    "is_public",
    "tagline",
    "created_at",
)


@dataclass(frozen=True)
class VoiceFilter:
    search: str | None = None
    language: str | None = None
    gender: str | None = None
    mine: bool = False


def normalize(voice: dict[str, Any]) -> dict[str, Any]:
    """One stable record whatever the API version's field names."""
    is_public = voice.get("is_public")
    if is_public is None and "access" in voice:
        is_public = voice["access"] == "public"
    is_owner = voice.get("is_owner")
    if is_owner is None and "user_id" in voice:
        is_owner = bool(voice["user_id"])
    return {
        "id": voice.get("id"),
        "name": voice.get("name"),
        "language": voice.get("language"),
        "gender": voice.get("gender"),
        "description": voice.get("description") or "",
        "is_owner": bool(is_owner),
        "is_public": is_public,
        "tagline": voice.get("tagline"),
        "created_at": voice.get("created_at"),
    }


def _matches_locally(voice: dict[str, Any], flt: VoiceFilter) -> bool:
    """Filters the API version cannot apply itself (2024-06-10 has no query parameters)."""
    if flt.search:
        needle = flt.search.lower()
        if not any(
            needle in str(voice.get(k) or "").lower() for k in ("id", "name", "description")
        ):
            return False
    if flt.language and not str(voice.get("language") or "").lower().startswith(
        flt.language.lower().replace("_", "-").split("-")[0]
    ):
        return False
    if flt.gender and voice.get("gender") != flt.gender:
        return False
    return not (flt.mine and not normalize(voice)["is_owner"])


def iter_voices(
    client: HttpClient, flt: VoiceFilter, *, limit: int | None = 20, follow: bool = False,
    listing: Listing | None = None,
) -> Iterator[dict[str, Any]]:
    """Voices (raw API objects) matching the filter.

    Without `follow`, at most `limit` voices; with it, every page to the end, `limit` per page.
    `listing.more` then tells whether the API has more than were given.
    """
    features = client.version.features
    if not features.voices_paginated:
        voices = _item_list("GET /voices", "voices")(client.request_json("GET", "/voices"))
        matching = [v for v in voices if _matches_locally(v, flt)]
        if listing is not None and not follow and limit is not None:
            listing.more = len(matching) > limit
        yield from matching if follow or limit is None else matching[:limit]
        return
    params: dict[str, Any] = {"limit": min(limit or 100, 100)}
    if flt.search and features.voice_search:
        params["q"] = flt.search
    if flt.language and features.voice_search:
        params["language"] = flt.language
    if flt.gender:
        params["gender"] = flt.gender
    if flt.mine:
        params["is_owner"] = "true"
    keep = None if features.voice_search else (lambda v: _matches_locally(v, flt))
    yield from follow_pages(client, "/voices", params, limit=limit, follow=follow, keep=keep,
                            check=_item_list("GET /voices (`data`)", "voices"),
                            listing=listing)


class Listing:
    """Whether a listing stopped before the end (`more`): a page said it has more."""

    def __init__(self) -> None:
        self.more = False


def follow_pages(client: HttpClient, path: str, params: dict[str, Any], *,
                 limit: int | None, follow: bool,
                 keep: Callable[[dict[str, Any]], bool] | None = None,
                 check: Callable[[object], list[dict[str, Any]]] | None = None,
                 listing: Listing | None = None) -> Iterator[dict[str, Any]]:
    """Items of a cursor-paginated list ({data, has_more, next_page}).

    Without `follow`, at most `limit` items; with it, every page to the end. A cursor the
    server already gave is an error: a broken server or proxy must not turn --all into an
    endless request storm.
    """
    where = f"GET {path}"
    produced = 0
    cursors: set[str] = set()
    params = dict(params)
    while True:
        page = json_object(client.request_json("GET", path, params=params), where)
        data = (check or _item_list(where))(page.get("data"))
        for position, item in enumerate(data):
            if keep is None or keep(item):
                if not follow and limit is not None and produced >= limit:
                    if listing is not None:
                        listing.more = True
                    return
                yield item
                produced += 1
            if position == len(data) - 1 and listing is not None:
                listing.more = bool(page.get("has_more"))
        if not data or not page.get("has_more"):
            return
        if not (follow or limit is None or produced < limit):
            return
        cursor = str(page.get("next_page") or data[-1].get("id") or "")
        if not cursor or cursor in cursors:
            raise ProtocolError(f"{where} repeated the page cursor `{cursor}`",
                                hint="the listing so far is incomplete; try again later")
        cursors.add(cursor)
        params["starting_after"] = cursor


def _item_list(where: str, what: str = "objects") -> Callable[[object], list[dict[str, Any]]]:
    def check(value: object) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(_has_id(v) for v in value):
            raise ProtocolError(f"{where} answered with JSON of another shape (not a list of "
                                f"{what}): {str(value)[:120]!r}",
                                hint="check --base-url and --cartesia-version")
        return value

    return check


def get_voice(client: HttpClient, voice_id: str) -> dict[str, Any]:
    return record(client.request_json("GET", f"/voices/{voice_id}"), f"GET /voices/{voice_id}")


def json_object(value: object, where: str) -> dict[str, Any]:
    """An answer that must be a JSON object (a voice, a page), checked before it is used."""
    if not isinstance(value, dict):
        raise ProtocolError(f"{where} answered with JSON of another shape: {str(value)[:120]!r}",
                            hint="check --base-url and --cartesia-version")
    return value


def _has_id(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str) and bool(value["id"])


def record(value: object, where: str) -> dict[str, Any]:
    """An answer that must be one API record (a voice, a dictionary): an object with an id, as
    every such record has; anything else is refused before an id-less record is shown, saved
    under `None` or acted on."""
    if not _has_id(value):
        raise ProtocolError(f"{where} answered with JSON of another shape (no id): "
                            f"{str(value)[:120]!r}", hint="check --base-url and --cartesia-version")
    return value  # type: ignore[return-value]


# --- names -----------------------------------------------------------------------------------


class VoiceCache:
    """name -> id, per base URL and key fingerprint, in the XDG cache directory."""

    def __init__(self, base_url: str, secret: str | None, directory: Path, *,
                 ttl: float = CACHE_TTL, clock: Callable[[], float] = time.time):
        fingerprint = hashlib.sha256(f"{base_url}\0{secret or ''}".encode()).hexdigest()[:24]
        self.path = directory / f"voices-{fingerprint}.json"
        self.ttl = ttl
        self.clock = clock

    def _load(self) -> dict[str, dict[str, Any]]:
        """The fresh entries (name -> {id, at}); anything unreadable or malformed is no entry."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        now = self.clock()
        return {name: entry for name, entry in data.items()
                if isinstance(entry, dict) and isinstance(entry.get("id"), str)
                and isinstance(entry.get("at"), int | float) and now - entry["at"] < self.ttl}

    def get(self, name: str) -> str | None:
        entry = self._load().get(name)
        return str(entry["id"]) if entry else None

    def put(self, name: str, voice_id: str) -> None:
        data = self._load()
        data[name] = {"id": voice_id, "at": self.clock()}
        from cartesia_cli.safe_write import make_private_dir, write_atomically

        try:
            make_private_dir(self.path.parent)
            write_atomically(self.path, json.dumps(data), mode=0o600)
        except UsageError:
            pass  # a cache that cannot be written only costs a lookup next time

    def names(self) -> list[str]:
        return sorted(self._load())

    def forget(self, voice_id: str) -> None:
        """Drop the names of a voice that is gone."""
        data = self._load()
        kept = {k: v for k, v in data.items() if v.get("id") != voice_id}
        if len(kept) == len(data):
            return
        from cartesia_cli.safe_write import write_atomically

        try:
            write_atomically(self.path, json.dumps(kept), mode=0o600)
        except UsageError:
            pass


def name_matches(name: str, voices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The voices a name means: the exact name, else any case-insensitive match."""
    exact = [v for v in voices if v.get("name") == name]
    if exact:
        return exact
    return [v for v in voices if str(v.get("name", "")).casefold() == name.casefold()]


def pick_voice(name: str, voices: list[dict[str, Any]]) -> dict[str, Any]:
    """An exact name first, then a unique case-insensitive one.

    Raises:
        UsageError: several voices match, or none (with the closest names).
    """
    candidates = name_matches(name, voices)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listing = "; ".join(f"{v['name']} ({v['id']})" for v in candidates[:10])
        raise UsageError(
            f"voice name `{name}` is ambiguous: {listing}", hint="pass the voice id with --voice"
        )
    names = sorted({str(v.get("name")) for v in voices})
    close = (
        difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        or [n for n in names if name.casefold() in n.casefold()][:3]
    )
    raise UsageError(
        f"no voice named `{name}`",
        hint=("did you mean " + ", ".join(f"`{c}`" for c in close) + "? " if close else "")
        + "see `cartesia voices list`",
    )


_ID_PREFIX = re.compile(r"^[0-9a-fA-F][0-9a-fA-F-]{3,35}$")
MIN_PREFIX = 4  # like git's short hashes: at least four characters


def is_id_prefix(value: str) -> bool:
    return bool(_ID_PREFIX.match(value))


def pick_prefix(prefix: str, voices: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one voice whose id starts with `prefix`; None when none does.

    Raises:
        UsageError: the prefix fits several voices.
    """
    folded = prefix.lower()
    found = {str(v.get("id")): v for v in voices if str(v.get("id", "")).lower().startswith(folded)}
    if len(found) > 1:
        ids = ", ".join(sorted(found)[:5])
        raise UsageError(f"voice id prefix `{prefix}` is ambiguous: {ids}",
                         hint="give more characters of the id")
    return next(iter(found.values()), None)


def resolve_voice(client: HttpClient, value: str, cache: VoiceCache) -> str:
    """A voice id for an id, a name or a unique id prefix (names looked up once, then cached
    for a while)."""
    if is_voice_id(value):
        return value
    cached = cache.get(value)
    if cached:
        return cached
    features = client.version.features
    flt = VoiceFilter(search=value) if features.voice_search else VoiceFilter()
    voices = list(iter_voices(client, flt, follow=True))
    if not name_matches(value, voices) and (features.voice_search or not voices):
        voices = list(iter_voices(client, VoiceFilter(), follow=True))  # prefixes, suggestions
    if not name_matches(value, voices) and is_id_prefix(value):
        by_prefix = pick_prefix(value, voices)
        if by_prefix is not None:
            return str(by_prefix["id"])
        raise UsageError(f"no voice named `{value}`, and no voice id starts with it",
                         hint="see `cartesia voices list`")
    voice_id = str(pick_voice(value, voices)["id"])
    cache.put(value, voice_id)
    return voice_id


class VoiceCatalog:
    """Every voice name `voices list` has shown, for shell completion (no expiry; the cache
    above is what resolves names). Same file format as the cache, next to it, so the
    completion scripts read both."""

    LIMIT = 5000  # names kept: completion has to read the file on every TAB

    def __init__(self, cache: VoiceCache):
        self.path = cache.path.with_name(cache.path.stem + "-catalog.json")

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def learn(self, voices: list[dict[str, Any]], *, at: float) -> None:
        """Add the voices' names (the first id seen for a name wins; names are unique keys)."""
        data = self._load()
        changed = False
        for voice in voices:
            name, voice_id = voice.get("name"), voice.get("id")
            if isinstance(name, str) and name and isinstance(voice_id, str) and name not in data:
                data[name] = {"id": voice_id, "at": at}
                changed = True
        if not changed:
            return
        kept = dict(list(data.items())[-self.LIMIT:])
        from cartesia_cli.safe_write import make_private_dir, write_atomically

        try:
            make_private_dir(self.path.parent)
            write_atomically(self.path, json.dumps(kept), mode=0o600)
        except UsageError:
            pass  # completion without the newest names is not worth failing a listing for

    def forget(self, voice_id: str) -> None:
        data = self._load()
        kept = {k: v for k, v in data.items()
                if not (isinstance(v, dict) and v.get("id") == voice_id)}
        if len(kept) != len(data):
            from cartesia_cli.safe_write import write_atomically

            try:
                write_atomically(self.path, json.dumps(kept), mode=0o600)
            except UsageError:
                pass

    def names(self) -> list[str]:
        return sorted(self._load())


# --- your own voices ---------------------------------------------------------------------------


def clone_voice(client: HttpClient, *, clip: tuple[str, bytes, str], name: str, language: str,
                description: str | None = None, base_voice_id: str | None = None,
                accent: str | None = None, mode: str | None = None) -> dict[str, Any]:
    """POST /voices/clone (multipart): the new voice's metadata.

    `clip` is (file name, bytes, content type). `mode` is required up to 2024-11-13 and
    unknown after (similarity is the default there); `accent` exists from 2026-08-14.

    Raises:
        UsageError: a field this API version does not have.
    """
    features = client.version.features
    form: dict[str, str] = {"name": name, "language": language}
    if description is not None:
        form["description"] = description
    if base_voice_id is not None:
        form["base_voice_id"] = base_voice_id
    if accent is not None:
        require_accents(features, "--accent")
        form["accent"] = accent
    if features.clone_mode:
        form["mode"] = mode or "similarity"
    elif mode is not None:
        raise UsageError(f"--mode is not a field of POST /voices/clone in API version "
                         f"{client.version.requested}",
                         hint="clones are similarity clones since 2025-04-16; drop --mode")
    answer = client.request_json("POST", "/voices/clone", data=form, files={"clip": clip})
    return record(answer, "POST /voices/clone")


def require_accents(features: VersionFeatures, what: str) -> None:
    if not features.accents:
        raise UsageError(f"{what} needs API version {ACCENTS_SINCE} or later "
                         f"(this is {features.version})",
                         hint=f"pass --cartesia-version {ACCENTS_SINCE}")


UNSET = object()  # an option not given, as opposed to None: "reset" (gender)


def update_voice(client: HttpClient, voice_id: str, *, name: str | None = None,
                 description: str | None = None, gender: object = UNSET,
                 accent: str | None = None) -> dict[str, Any]:
    """PATCH /voices/{id}: only what is given changes (`gender=None` resets it).

    The voice is read first: a public voice or another's is refused here, and versions up to
    2025-04-16, which require both name and description, get the current ones again.

    Raises:
        UsageError: nothing to change, a voice that is not yours, or a field this API
            version does not have.
    """
    features = client.version.features
    body: dict[str, Any] = {}
    if name is not None:
        body["name"] = name
    if description is not None:
        body["description"] = description
    if gender is not UNSET:
        if not features.voice_gender:
            first = since("voice_gender")
            raise UsageError(f"--gender needs API version {first} or later "
                             f"(this is {features.version})",
                             hint=f"pass --cartesia-version {first}")
        body["gender"] = gender
    if accent is not None:
        require_accents(features, "--accent")
        body["accent"] = accent
    if not body:
        raise UsageError("nothing to change",
                         hint="give --name, --description, --gender or --accent")
    current = get_own_voice(client, voice_id, "change")
    if not features.partial_voice_update:
        body.setdefault("name", current.get("name") or "")
        body.setdefault("description", current.get("description") or "")
    answer = client.request_json("PATCH", f"/voices/{voice_id}", json=body)
    return record(answer, f"PATCH /voices/{voice_id}")


def check_own(voice: dict[str, Any], verb: str = "delete") -> None:
    """Only a voice the key owns, and not a public one, may be changed or deleted.

    Raises:
        UsageError: the voice is public or not yours (nothing is sent).
    """
    record = normalize(voice)
    label = f"`{record['name']}` ({record['id']})"
    if record["is_public"] and not record["is_owner"]:
        raise UsageError(f"refusing to {verb} {label}: it is a public voice from the catalog",
                         hint=f"only voices you created (`cartesia voices list --mine`) can be "
                         f"{verb}d; `voices clone` or `voices localize` make one")
    if not record["is_owner"]:
        raise UsageError(f"refusing to {verb} {label}: your key does not own it",
                         hint="see `cartesia voices list --mine` for the voices you own")
    if record["is_public"] and verb == "delete":
        raise UsageError(f"refusing to delete {label}: it is public, others may be using it",
                         hint="make it private first, in the Cartesia playground")


def get_own_voice(client: HttpClient, voice_id: str, verb: str) -> dict[str, Any]:
    """GET a voice that is about to be changed or deleted, and check it may be.

    Raises:
        ApiError: no such voice for this key (also another account's private voice).
        UsageError: a public voice, or one the key does not own.
    """
    try:
        voice = get_voice(client, voice_id)
    except ApiError as err:
        if err.status != 404:
            raise
        raise ApiError(f"voice {voice_id} not found: it does not exist, or your key does not "
                       "own it", hint="see `cartesia voices list --mine` for the voices you own",
                       status=404, error_code=err.error_code, request_id=err.request_id) \
            from None
    check_own(voice, verb)
    return voice


def delete_voice(client: HttpClient, voice_id: str) -> None:
    client.request_json("DELETE", f"/voices/{voice_id}")


def localize_voice(client: HttpClient, voice: dict[str, Any], *, name: str,
                   description: str | None = None, language: str | None = None,
                   dialect: str | None = None, speaker_gender: str | None = None,
                   accent: str | None = None, tagline: str | None = None) -> dict[str, Any]:
    """POST /voices/localize: a new voice from `voice`, in another language or accent.

    2026-08-14 takes a catalog `accent` (GET /accents); earlier versions take `language`,
    an optional `dialect`, and the original speaker's gender (male or female).

    Raises:
        UsageError: the options do not fit the API version.
    """
    features = client.version.features
    body: dict[str, Any] = {"voice_id": voice["id"], "name": name}
    if features.accents:
        if accent is None:
            raise UsageError("--accent is required: API version "
                             f"{client.version.requested} localizes to a catalog accent",
                             hint="see `cartesia voices accents --language LANG`")
        if language is not None or dialect is not None:
            raise UsageError("--language and --dialect are replaced by --accent in API "
                             f"version {client.version.requested}",
                             hint="see `cartesia voices accents`")
        body["accent"] = accent
        if description is not None:
            body["description"] = description
        if tagline is not None:
            body["tagline"] = tagline
        return record(client.request_json("POST", "/voices/localize", json=body),
                           "POST /voices/localize")
    if accent is not None or tagline is not None:
        require_accents(features, "--accent" if accent is not None else "--tagline")
    if language is None:
        raise UsageError("--language is required to localize a voice",
                         hint="e.g. --language es --dialect mx")
    if dialect is not None:
        allowed = LOCALIZE_DIALECTS.get(language)
        if allowed is None:
            raise UsageError(f"--dialect applies to {', '.join(LOCALIZE_DIALECTS)} only",
                             hint="drop --dialect")
        if dialect not in allowed:
            raise UsageError(f"unknown dialect `{dialect}` for {language}",
                             hint="dialects: " + ", ".join(allowed))
    gender = speaker_gender or {"masculine": "male", "feminine": "female"}.get(
        str(voice.get("gender")))
    if gender is None:
        raise UsageError("--speaker-gender male|female is required: the API needs the "
                         "original speaker's gender and the voice does not say it")
    body.update(language=language, original_speaker_gender=gender,
                description=description if description is not None
                else f"{voice.get('name')} localized to {language}"
                + (f"-{dialect}" if dialect else ""))
    if dialect is not None:
        body["dialect"] = dialect
    return record(client.request_json("POST", "/voices/localize", json=body),
                       "POST /voices/localize")


def list_accents(client: HttpClient, language: str | None = None) -> list[dict[str, Any]]:
    """GET /accents (2026-08-14), optionally only one language's.

    Raises:
        UsageError: the API version has no accent catalog.
    """
    require_accents(client.version.features, "`cartesia voices accents`")
    answer = json_object(client.request_json("GET", "/accents"), "GET /accents")
    accents = _item_list("GET /accents (`accents`)")(answer.get("accents"))
    if language:
        base = language.lower().replace("_", "-")
        accents = [a for a in accents if str(a.get("language", "")).lower() == base
                   or str(a.get("locale", "")).lower() == base]
    return accents
