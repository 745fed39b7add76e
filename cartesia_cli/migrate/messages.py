"""Finding messages shared by the text checks (check_*.py) and the structural checks of JSON
bodies (payload*.py): one mistake reads the same in every language it can be written in."""

from __future__ import annotations

from cartesia_cli.migrate import facts

EMBEDDING = ("voice embeddings were removed in API version 2025-04-16 and are rejected by every "
             f"version since {facts.SUNSET_DATE}")
MISSING_VERSION = "request to the Cartesia API without a `Cartesia-Version`"


def string_output_format(name: str) -> str:
    return f"`output_format` is the string `{name}`; the API takes an object"


def experimental_controls(name: str) -> str:
    return f"`{name}` was removed in API version 2025-04-16"


def mode_id(version: str) -> str:
    return f"`mode: \"id\"` is no longer part of the voice specifier in API version {version}"


def speed_word(word: str, model: str) -> str:
    return f"`speed: \"{word}\"` is deprecated; `{model}` takes `generation_config.speed`"


def streaming_container(container: str) -> str:
    return (f"container `{container}` on a streaming (SSE or WebSocket) request; only `raw` is "
            "streamed")


def ignored_field(name: str) -> str:
    return f"`{name}` is no longer accepted; the API ignores it"
