"""Reading the public API reference next to the repository (../shared/reference): the OpenAPI
file and the per-version Fern definitions, for the tests that hold both fact copies against them."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
OAS_NAME = "openapi.yaml"


class _Loader(yaml.SafeLoader):
    """YAML 1.2 lets a document define an anchor again (the Fern files reuse `&name` and
    `&description` in one file); PyYAML refuses. An alias refers to the latest definition."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


@functools.cache
def load(relative: str) -> Any:
    with (REFERENCE / relative).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # a SafeLoader: plain data only


def oas() -> dict[str, Any]:
    return load(OAS_NAME)  # type: ignore[no-any-return]


def fern(version: str, file: str) -> dict[str, Any]:
    return load(f"fern/version-{version}/{file}.yml")  # type: ignore[no-any-return]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI node with its `$ref`s followed."""
    while "$ref" in node:
        prefix = "#/components/"
        ref = node["$ref"]
        assert ref.startswith(prefix), f"{OAS_NAME}: unexpected $ref {ref}"
        kind, name = ref[len(prefix):].split("/")
        node = oas()["components"][kind][name]
    return node


def schema(name: str) -> dict[str, Any]:
    return resolve(oas()["components"]["schemas"][name])


# Fern type strings: optional<list<voices.VoiceId>>, literal<"raw">, or a node with a `type`.

_WRAPPER = re.compile(r"^(?:optional|nullable|list)<(.*)>$")


def fern_type(node: Any) -> str:
    return node if isinstance(node, str) else str(node["type"])


def unwrap(type_name: str) -> str:
    """The type inside optional<…>, nullable<…> and list<…> wrappers."""
    while match := _WRAPPER.match(type_name):
        type_name = match.group(1)
    return type_name


def is_optional(node: Any) -> bool:
    return fern_type(node).startswith(("optional<", "nullable<"))


def fern_props(version: str, file: str, type_name: str) -> dict[str, Any]:
    """Properties of a Fern type, with those of the type it `extends` (same file)."""
    node = fern(version, file)["types"][type_name]
    props = dict(fern_props(version, file, node["extends"])) if "extends" in node else {}
    props.update(node.get("properties") or {})
    return props
