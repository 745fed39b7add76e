"""Pronunciation dictionaries (/pronunciation-dicts/, Cartesia-Version 2025-04-16 and later).

Shapes by version (FERN-2025-04-16 `pronunciation-dicts.yml`; OAS for 2025-11-04; SDK 4.2.0 for
2026-08-14):
- 2025-04-16: items `{text, pronunciation}` (the deprecated `alias` is accepted in its place and
  both are answered); dictionaries may carry a `description`; `POST /{id}/pin` and `/unpin`;
  the list answers `{data, has_more}`.
- 2025-11-04 and later: items `{text, alias}`; the list also carries `next_page`.
- 2026-08-14: items may carry `case_sensitive`.

Where the public material is silent, the emulator decides: dictionaries belong to the API key that
made them (other keys get 404); they are listed in creation order; a cursor that names no
dictionary of the caller is a 400, as for voices; `text` values are unique within a dictionary;
pronunciations are at most 100 characters (FERN's documented bound). Used from the event loop only.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs

from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.validation import bad_request, json_object
from cartesia_cli.emulator.versions import ApiVersion
from cartesia_cli.emulator.voices import query_value

FIRST_VERSION = "2025-04-16"
CASE_FLAG_VERSION = "2026-08-14"  # items carry case_sensitive; matching ignores case by default
DEFAULT_LIMIT, MAX_LIMIT = 10, 100
MAX_PRONUNCIATION_CHARS = 100
MAX_ITEMS = 1000  # the emulator's own bounds: items in one dictionary,
MAX_TEXT_CHARS = 1000  # characters of one item's text,
MAX_DICTS = 1000  # dictionaries in one emulator,
MAX_TOTAL_ITEMS = 100_000  # and items in all of them (about 100 MB at worst)


@dataclass(frozen=True)
class Item:
    text: str
    alias: str
    case_sensitive: bool | None = None  # 2026-08-14; None when not given


@dataclass
class PronunciationDict:
    id: str
    name: str
    owner: str  # the API key that made it
    owner_id: str  # its user id
    created_at: str
    items: list[Item] = field(default_factory=list)
    description: str | None = None
    pinned: bool = False


def not_found(dict_id: str) -> ApiFailure:
    return ApiFailure(404, "Not found", f"No pronunciation dictionary with id {dict_id!r}.")


def has_dicts(version: ApiVersion) -> bool:
    return version.date >= FIRST_VERSION


def _modern(version: ApiVersion) -> bool:
    """Items are {text, alias} (2025-11-04 on) rather than {text, pronunciation}."""
    return version.date >= "2025-11-04"


def render(d: PronunciationDict, version: ApiVersion) -> dict[str, object]:
    items: list[dict[str, object]] = []
    for item in d.items:
        if _modern(version):
            body: dict[str, object] = {"text": item.text, "alias": item.alias}
            if version.date >= CASE_FLAG_VERSION and item.case_sensitive is not None:
                body["case_sensitive"] = item.case_sensitive
        else:
            body = {"text": item.text, "pronunciation": item.alias, "alias": item.alias}
        items.append(body)
    out: dict[str, object] = {"id": d.id, "name": d.name, "owner_id": d.owner_id,
                              "pinned": d.pinned, "items": items, "created_at": d.created_at}
    if not _modern(version) and d.description is not None:
        out["description"] = d.description
    return out


def _name(value: object, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise bad_request("name is required and must be a non-empty string.")
    return value


def _items(value: object, version: ApiVersion) -> list[Item] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise bad_request("items must be a list of {\"text\": ..., \"alias\": ...} objects."
                          if _modern(version) else "items must be a list of "
                          "{\"text\": ..., \"pronunciation\": ...} objects.")
    if len(value) > MAX_ITEMS:
        raise bad_request(f"A dictionary holds at most {MAX_ITEMS} items (this emulator's bound).")
    field_name = "alias" if _modern(version) else "pronunciation"
    items: list[Item] = []
    seen: set[str] = set()
    for index, raw in enumerate(value):
        where = f"items[{index}]"
        if not isinstance(raw, dict):
            raise bad_request(f"{where} must be an object.")
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            raise bad_request(f"{where}.text is required and must be a non-empty string.")
        if len(text) > MAX_TEXT_CHARS:
            raise bad_request(f"{where}.text is longer than {MAX_TEXT_CHARS} characters.")
        alias = raw.get(field_name)
        if alias is None and not _modern(version):
            alias = raw.get("alias")  # deprecated spelling of pronunciation in 2025-04-16
        if not isinstance(alias, str) or not alias.strip():
            raise bad_request(f"{where}.{field_name} is required and must be a non-empty string.")
        if len(alias) > MAX_PRONUNCIATION_CHARS:
            raise bad_request(f"{where}.{field_name} is longer than {MAX_PRONUNCIATION_CHARS} "
                              "characters.")
        case_sensitive = (raw.get("case_sensitive") if version.date >= CASE_FLAG_VERSION
                          else None)
        if case_sensitive is not None and not isinstance(case_sensitive, bool):
            raise bad_request(f"{where}.case_sensitive must be true or false.")
        if text in seen:
            raise bad_request(f"{where}.text {text!r} appears twice; texts must be unique.")
        seen.add(text)
        items.append(Item(text, alias, case_sensitive))
    return items


def _description(body: dict[str, object], version: ApiVersion) -> str | None:
    if _modern(version):
        return None  # not a field of these versions; ignored
    value = body.get("description")
    if value is not None and not isinstance(value, str):
        raise bad_request("description must be a string.")
    return value


def _now() -> str:
    now = datetime.datetime.now(datetime.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class DictStore:
    def __init__(self) -> None:
        self._dicts: dict[str, PronunciationDict] = {}  # insertion order = creation order

    def get(self, dict_id: str, key: str | None) -> PronunciationDict:
        """The caller's dictionary (any with an access token, key None).

        Raises:
            ApiFailure: 404 when there is none by that id for this key.
        """
        found = self._dicts.get(dict_id)
        if found is None or (key is not None and found.owner != key):
            raise not_found(dict_id)
        return found

    def create(self, body: object, version: ApiVersion, key: str,
               owner_id: str) -> PronunciationDict:
        body = json_object(body)
        name = _name(body.get("name"), required=True)
        assert name is not None
        items = _items(body.get("items"), version) or []
        if len(self._dicts) >= MAX_DICTS:
            raise bad_request(f"This emulator holds at most {MAX_DICTS} dictionaries; "
                              "delete some first.")
        self._check_total(len(items))
        made = PronunciationDict(f"pdict_{secrets.token_hex(12)}", name, key, owner_id, _now(),
                                 items, _description(body, version))
        self._dicts[made.id] = made
        return made

    def update(self, dict_id: str, body: object, version: ApiVersion,
               key: str) -> PronunciationDict:
        found = self.get(dict_id, key)
        body = json_object(body)
        name = _name(body.get("name"), required=False)
        items = _items(body.get("items"), version)
        description = _description(body, version)
        if items is not None:
            self._check_total(len(items) - len(found.items))
        changed = replace(found, name=name if name is not None else found.name,
                          items=items if items is not None else found.items,
                          description=description if description is not None
                          else found.description)
        self._dicts[dict_id] = changed
        return changed

    def _check_total(self, more: int) -> None:
        total = sum(len(d.items) for d in self._dicts.values())
        if more > 0 and total + more > MAX_TOTAL_ITEMS:
            raise bad_request(f"This emulator holds at most {MAX_TOTAL_ITEMS} dictionary items in "
                              "all; delete some dictionaries first.")

    def delete(self, dict_id: str, key: str) -> None:
        self.get(dict_id, key)
        del self._dicts[dict_id]

    def pin(self, dict_id: str, key: str, pinned: bool) -> None:
        self.get(dict_id, key).pinned = pinned

    def page(self, query_string: str, version: ApiVersion, key: str) -> dict[str, object]:
        """GET /pronunciation-dicts/: one page of the caller's dictionaries."""
        query = parse_qs(query_string, keep_blank_values=True)
        raw_limit = query_value(query, "limit")
        if raw_limit is None:
            limit = DEFAULT_LIMIT
        elif re.fullmatch(r"[0-9]+", raw_limit) and 1 <= int(raw_limit) <= MAX_LIMIT:
            limit = int(raw_limit)
        else:
            raise bad_request(f"limit must be an integer between 1 and {MAX_LIMIT}, "
                              f"got {raw_limit!r}.")
        mine = [d for d in self._dicts.values() if d.owner == key]
        ids = [d.id for d in mine]
        after = query_value(query, "starting_after")
        before = query_value(query, "ending_before")
        if after is not None and before is not None:
            raise bad_request("Pass starting_after or ending_before, not both.")
        for name, cursor in (("starting_after", after), ("ending_before", before)):
            if cursor is not None and cursor not in ids:
                raise bad_request(f"{name}: no pronunciation dictionary with id {cursor!r}.")
        if before is not None:
            candidates = mine[: ids.index(before)]
            page = candidates[-limit:]
            cursor = page[0].id if page else None
        else:
            candidates = mine[ids.index(after) + 1:] if after is not None else mine
            page = candidates[:limit]
            cursor = page[-1].id if page else None
        has_more = len(candidates) > limit
        out: dict[str, object] = {"data": [render(d, version) for d in page],
                                  "has_more": has_more}
        if _modern(version):
            out["next_page"] = cursor if has_more else None
        return out
