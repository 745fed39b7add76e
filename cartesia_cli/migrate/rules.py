"""The rule catalog: stable codes, one-line summaries, fix hints, and --select/--ignore.

Codes never change meaning once released. They are grouped by theme in hundreds:
CAR1 endpoints, CAR2 API versions, CAR3 authentication and secrets, CAR4 transport,
CAR5 request and response fields, CAR6 the official Python SDK, CAR7 request payload checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cartesia_cli.errors import UsageError


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    hint: str
    severity: str = "error"  # "error": rejected or misread by the API; "warning": deprecated
    fix: str = "none"  # "safe", "unsafe", "sometimes" (safe in some cases) or "none"
    tags: tuple[str, ...] = ()


_RULES = (
    # CAR1: endpoints
    Rule("CAR101", "v0-prefix", "the `/v0` API prefix was removed",
         "drop `/v0` and send a `Cartesia-Version` header instead", fix="safe"),
    Rule("CAR102", "audio-endpoint", "text-to-speech endpoints moved from `/audio/*` to `/tts/*`",
         "use `/tts/sse`, `/tts/websocket` or `/tts/bytes`", fix="sometimes"),
    Rule("CAR103", "voice-embedding-endpoint", "`/voices/{id}/embedding` was removed",
         "request `/voices/{id}` instead", fix="safe"),
    Rule("CAR104", "embedding-voice-endpoint",
         "voice mixing and cloning into embeddings were removed with voice embeddings",
         "clone a voice from a clip with `POST /voices/clone` and use its id"),
    # CAR2: API versions
    Rule("CAR201", "missing-version", "request without a `Cartesia-Version`",
         "send a `Cartesia-Version` header (or `cartesia_version` on WebSocket URLs)",
         fix="sometimes"),
    Rule("CAR202", "malformed-version", "`Cartesia-Version` is not a YYYY-MM-DD date",
         "pin a known version such as the target version", fix="unsafe"),
    Rule("CAR203", "unknown-version", "`Cartesia-Version` is not a known API version",
         "pin a known version date", fix="safe"),
    Rule("CAR204", "outdated-version", "`Cartesia-Version` is older than the target version",
         "test against the target version, then update the pin", severity="warning",
         fix="safe"),
    Rule("CAR205", "legacy-error-parsing",
         "error bodies are parsed as `Title: Message` text, but they are JSON from 2026-03-01",
         "read `title`, `message`, `error_code` and `request_id` from the JSON body and keep "
         "the text form only as a fallback"),
    # CAR3: authentication and secrets
    Rule("CAR301", "x-api-key-header", "`X-API-Key` header where the API version uses Bearer auth",
         "send `Authorization: Bearer <key>`", fix="sometimes"),
    Rule("CAR302", "hardcoded-api-key", "hard-coded Cartesia API key",
         "read the key from the environment (`CARTESIA_API_KEY`) or a secret store, and rotate "
         "the exposed key", tags=("security",)),
    # CAR4: transport
    Rule("CAR401", "insecure-url", "plain `http://` or `ws://` URL for the Cartesia API",
         "use `https://` and `wss://`: keys sent in clear text may be rotated automatically",
         fix="safe", tags=("security",)),
    # CAR5: request and response fields
    Rule("CAR501", "chunk-time", "`chunk_time` is no longer accepted and is ignored",
         "remove `chunk_time`", severity="warning", fix="unsafe"),
    Rule("CAR502", "lookahead", "`lookahead` is no longer accepted and is ignored",
         "remove `lookahead`", severity="warning", fix="unsafe"),
    Rule("CAR503", "string-output-format", "`output_format` given as a string",
         "pass an object: `{\"container\": \"raw\", \"encoding\": \"pcm_f32le\", "
         "\"sample_rate\": 44100}`", fix="unsafe"),
    Rule("CAR504", "websocket-data-wrapper", "WebSocket message wrapped in `data`",
         "send the generation request itself as the message, with `context_id` in it"),
    Rule("CAR505", "removed-response-field", "reads a response field the API no longer returns",
         "use the `sample_rate` you requested and the audio byte count"),
    Rule("CAR506", "voice-embedding", "voice embeddings are no longer accepted",
         "use a voice id (clone one from a clip if needed)"),
    Rule("CAR507", "experimental-controls", "`__experimental_controls` was removed",
         "use `generation_config` (`speed`, `volume`, `emotion`) with a sonic-3 model"),
    Rule("CAR508", "voice-mode-id", "`mode: \"id\"` is no longer part of the voice specifier",
         "pass `{\"id\": ...}` or the plain voice id", severity="warning", fix="unsafe"),
    Rule("CAR509", "sunset-model", "model was sunset or is deprecated",
         "move to `sonic-3` (or pin a dated sonic-3 snapshot) and listen to the result",
         fix="unsafe"),
    Rule("CAR510", "speed-string", "deprecated `speed` string on a model with `generation_config`",
         "use `generation_config.speed` (0.6 to 1.5)", severity="warning"),
    Rule("CAR511", "streaming-container", "SSE and WebSocket stream only the `raw` container",
         "request `container: \"raw\"` and wrap the PCM yourself, or use `/tts/bytes`",
         fix="unsafe"),
    # CAR6: official Python SDK
    Rule("CAR601", "sdk-tts-bytes", "`tts.bytes()` is a deprecated alias in SDK 3.x and later",
         "call `tts.generate()`, which returns a response with `.write_to_file()` and "
         "`.iter_bytes()`", severity="warning", fix="unsafe"),
    Rule("CAR602", "sdk-tts-sse", "`tts.sse()` is a deprecated alias in SDK 3.x and later",
         "call `tts.generate_sse()`; chunk events carry decoded bytes in `.audio`",
         severity="warning", fix="unsafe"),
    Rule("CAR603", "sdk-tts-websocket", "`tts.websocket()` is the SDK 2.x WebSocket interface",
         "use `with client.tts.websocket_connect() as ws:` and `ws.context(...)`",
         severity="warning"),
    Rule("CAR604", "sdk-voice-id-argument", "`voice_id=` is the SDK 1.x way to pick a voice",
         "pass `voice={\"id\": ...}`", fix="unsafe"),
    Rule("CAR605", "sdk-stream-argument", "`stream=` was removed: SDK 3.x always streams",
         "iterate the response instead", severity="warning"),
    Rule("CAR606", "sdk-output-format-helper", "`tts.get_output_format()` was removed (SDK 1.x)",
         "pass the `output_format` object directly", fix="unsafe"),
    Rule("CAR607", "voice-is-public", "`is_public` was replaced by `access` and `visibility`",
         "read `access` (`private`/`public`) and `visibility` (`owner`/`all`)"),
    # CAR7: request payload checks (also used for JSON bodies found in code)
    Rule("CAR701", "missing-field", "a required request field is missing",
         "add the field; see the API reference for the endpoint"),
    Rule("CAR702", "unknown-field", "the request has a field the endpoint does not define",
         "remove it or check its spelling"),
    Rule("CAR703", "invalid-value", "a request field has a value the API does not accept",
         "use one of the documented values"),
    Rule("CAR704", "out-of-range", "a numeric request field is outside its allowed range",
         "use a value inside the documented range"),
    Rule("CAR705", "field-not-in-version", "the field is not part of the target API version",
         "remove it, or pin a version that has it"),
    Rule("CAR706", "deprecated-field", "the field is deprecated or ignored by the API",
         "remove it", severity="warning"),
    Rule("CAR707", "no-effect-field", "the field has no effect with this model",
         "remove it, or use a sonic-3 model", severity="warning"),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def _parse_selectors(values: Iterable[str]) -> list[str]:
    selectors: list[str] = []
    for value in values:
        for part in value.replace(" ", ",").split(","):
            part = part.strip().upper()
            if not part:
                continue
            if part != "ALL" and not any(code.startswith(part) for code in RULES):
                raise UsageError(f"unknown rule selector `{part}`",
                                 hint="use a code such as CAR101 or a prefix such as CAR1; "
                                      "`cartesia migrate-check --list-rules` shows them all")
            selectors.append(part)
    return selectors


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes enabled by --select (codes or prefixes; default all) minus --ignore.

    Raises:
        UsageError: a selector matches no rule.
    """
    chosen = _parse_selectors(select) or ["ALL"]
    dropped = _parse_selectors(ignore)

    def matches(code: str, selectors: list[str]) -> bool:
        return any(s == "ALL" or code.startswith(s) for s in selectors)

    return frozenset(c for c in RULES if matches(c, chosen) and not matches(c, dropped))
