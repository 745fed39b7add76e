"""Pronunciation dictionaries (/pronunciation-dicts/, 2025-04-16 and later): listing with
cursors, one by id or name, create, update, delete, and their items as CSV or JSON files.

An item maps `text` to what is said instead. The API calls that `pronunciation` in 2025-04-16
and `alias` from 2025-11-04 (facts.VersionFeatures.dict_item_field); here it is always
`pronunciation`, and both are read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cartesia_cli.api.http import HttpClient
from cartesia_cli.api.voices import Listing, follow_pages, record
from cartesia_cli.errors import UsageError
from cartesia_cli.facts import DICT_ITEM_MAX_CHARS, DICTS_SINCE, VersionFeatures

PATH = "/pronunciation-dicts/"
CSV_HEADER = ("text", "pronunciation")
MAX_FILE_BYTES = 10 * 1024 * 1024  # an items file larger than this is not a dictionary


@dataclass(frozen=True)
class Item:
    text: str
    pronunciation: str

    def to_wire(self, features: VersionFeatures) -> dict[str, str]:
        return {"text": self.text, item_field(features): self.pronunciation}


def item_field(features: VersionFeatures) -> str:
    """The wire name of an item's replacement; a usage error where dictionaries do not exist."""
    if features.dict_item_field is None:
        raise UsageError(f"pronunciation dictionaries need API version {DICTS_SINCE} or later "
                         f"(this is {features.version})",
                         hint=f"pass --cartesia-version {DICTS_SINCE} or later")
    return features.dict_item_field


def normalize(record: dict[str, Any]) -> dict[str, Any]:
    """One stable record whatever the version calls an item's replacement."""
    raw = record.get("items")
    items: list[Any] = raw if isinstance(raw, list) else []
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "items": [{"text": str(i.get("text", "")),
                   "pronunciation": str(i.get("pronunciation") or i.get("alias") or "")}
                  for i in items if isinstance(i, dict)],
        "pinned": record.get("pinned"),
        "owner_id": record.get("owner_id"),
        "created_at": record.get("created_at"),
    }


# --- requests ----------------------------------------------------------------------------------


def iter_dicts(client: HttpClient, *, limit: int | None = None, follow: bool = True,
               listing: Listing | None = None) -> Iterator[dict[str, Any]]:
    item_field(client.version.features)
    params = {"limit": min(limit or 100, 100)}
    yield from follow_pages(client, PATH, params, limit=limit, follow=follow, listing=listing)


def get_dict(client: HttpClient, dict_id: str) -> dict[str, Any]:
    item_field(client.version.features)
    return record(client.request_json("GET", f"{PATH}{dict_id}"), f"GET {PATH}{dict_id}")


def resolve_dict(client: HttpClient, value: str) -> dict[str, Any]:
    """The dictionary with this id, else the one with this name (exact, then unique
    case-insensitive), from the listing.

    Raises:
        UsageError: no dictionary, or several with that name.
    """
    every = list(iter_dicts(client))
    for pdict in every:
        if pdict.get("id") == value:
            return pdict
    exact = [d for d in every if d.get("name") == value]
    found = exact or [d for d in every if str(d.get("name", "")).casefold() == value.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(str(d.get("id")) for d in found[:5])
        raise UsageError(f"pronunciation dictionary name `{value}` is ambiguous: {ids}",
                         hint="pass its id instead")
    raise UsageError(f"no pronunciation dictionary `{value}`",
                     hint="see `cartesia dicts list`")


def create_dict(client: HttpClient, name: str, items: list[Item]) -> dict[str, Any]:
    features = client.version.features
    body = {"name": name, "items": [i.to_wire(features) for i in items]}
    return record(client.request_json("POST", PATH, json=body), f"POST {PATH}")


def update_dict(client: HttpClient, dict_id: str, *, name: str | None = None,
                items: list[Item] | None = None) -> dict[str, Any]:
    features = client.version.features
    body: dict[str, Any] = {}
    if name is not None:
        body["name"] = name
    if items is not None:
        body["items"] = [i.to_wire(features) for i in items]
    if not body:
        raise UsageError("nothing to change", hint="give --name, --file or --item")
    return record(client.request_json("PATCH", f"{PATH}{dict_id}", json=body),
                       f"PATCH {PATH}{dict_id}")


def delete_dict(client: HttpClient, dict_id: str) -> None:
    item_field(client.version.features)
    client.request_json("DELETE", f"{PATH}{dict_id}")


# --- items from files and options ------------------------------------------------------------


def parse_item_option(value: str) -> Item:
    """`--item TEXT=PRONUNCIATION`."""
    text, sep, pronunciation = value.partition("=")
    if not sep:
        raise UsageError(f"--item `{value}` has no `=`",
                         hint="write it as TEXT=PRONUNCIATION, e.g. --item 'SQL=sequel'")
    return _item(text, pronunciation, f"--item `{value}`")


def _item(text: str, pronunciation: str, where: str) -> Item:
    text, pronunciation = text.strip(), pronunciation.strip()
    if not text:
        raise UsageError(f"{where}: the text is empty")
    if not pronunciation:
        raise UsageError(f"{where}: the pronunciation of `{text}` is empty")
    if len(pronunciation) > DICT_ITEM_MAX_CHARS:
        raise UsageError(f"{where}: the pronunciation of `{text}` is {len(pronunciation)} "
                         f"characters; the API allows at most {DICT_ITEM_MAX_CHARS}")
    return Item(text, pronunciation)


def read_items(path: str, stdin_text: str | None = None) -> list[Item]:
    """Items from a CSV (`text,pronunciation`, header optional) or JSON file (a list of
    {text, pronunciation|alias}, an object with `items`, or {text: pronunciation}). `-` reads
    `stdin_text`.

    Raises:
        UsageError: unreadable file, or a row that is not an item.
    """
    if path == "-":
        content = stdin_text or ""
        shown = "stdin"
        if len(content) > MAX_FILE_BYTES:
            raise UsageError(f"stdin holds more than {MAX_FILE_BYTES // 2**20} MB: not a "
                             "pronunciation dictionary")
    else:
        shown = path
        try:
            with Path(path).open("rb") as handle:  # bounded: a device or FIFO may never end
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise UsageError(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB: "
                                 "not a pronunciation dictionary")
            content = data.decode("utf-8-sig")
        except FileNotFoundError:
            raise UsageError(f"no such file: {path}") from None
        except IsADirectoryError:
            raise UsageError(f"{path} is a directory, not an items file") from None
        except UnicodeDecodeError:
            raise UsageError(f"{path} is not UTF-8 text",
                             hint="items files are CSV (text,pronunciation) or JSON") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    stripped = content.lstrip()
    if stripped.startswith(("[", "{")) or path.lower().endswith(".json"):
        items = _json_items(content, shown)
    else:
        items = _csv_items(content, shown)
    return check_unique(items, shown)


def _json_items(content: str, shown: str) -> list[Item]:
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise UsageError(f"{shown} is not valid JSON: {exc}") from None
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    if isinstance(data, dict):
        return [_item(str(k), str(v), f"{shown}: `{k}`") for k, v in data.items()
                if isinstance(v, str) or _bad_json(shown, k)]
    if not isinstance(data, list):
        raise UsageError(f"{shown}: expected a list of items, an object with `items`, or "
                         "an object of text: pronunciation")
    items = []
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise UsageError(f"{shown}: item {number} is not {{\"text\": ..., "
                             "\"pronunciation\": ...}")
        replacement = entry.get("pronunciation", entry.get("alias"))
        if not isinstance(replacement, str):
            raise UsageError(f"{shown}: item {number} (`{entry['text']}`) has no pronunciation")
        items.append(_item(entry["text"], replacement, f"{shown}: item {number}"))
    return items


def _bad_json(shown: str, key: object) -> bool:
    raise UsageError(f"{shown}: the pronunciation of `{key}` is not a string")


def _csv_items(content: str, shown: str) -> list[Item]:
    items = []
    reader = csv.reader(io.StringIO(content))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise UsageError(f"{shown}: not CSV: {exc}") from None
    for number, row in enumerate(rows, start=1):
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if number == 1 and [c.strip().lower() for c in row] in (
                list(CSV_HEADER), ["text", "alias"]):
            continue
        if len(row) != 2:
            raise UsageError(f"{shown}:{number}: expected 2 columns (text,pronunciation), "
                             f"found {len(row)}",
                             hint="quote a value that holds a comma: \"Smith, J.\",smith")
        items.append(_item(row[0], row[1], f"{shown}:{number}"))
    return items


def check_unique(items: list[Item], shown: str) -> list[Item]:
    seen: set[str] = set()
    for item in items:
        if item.text in seen:
            raise UsageError(f"{shown}: `{item.text}` appears twice",
                             hint="a dictionary maps each text once")
        seen.add(item.text)
    return items


def items_csv(record: dict[str, Any]) -> str:
    """A normalized record's items as CSV with a header: what read_items reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for item in record["items"]:
        writer.writerow([item["text"], item["pronunciation"]])
    return out.getvalue()
