"""The rule catalog: stable codes, summaries, fix hints, the evidence each rests on, and
--select/--ignore/--preview.

Codes never change meaning once released. They are grouped by theme in hundreds:
CAR1 endpoints, CAR2 API versions, CAR3 authentication and secrets, CAR4 transport,
CAR5 request and response fields, CAR6 the official Python SDK, CAR7 request payload checks.

Confidence before breadth: a rule is on by default only when its evidence (a section of the
project's API notes, `shared/reference/API_NOTES.md`) says the thing was removed or is rejected
at the versions the rule applies to, or it leaks a secret. Rules resting on a deprecation, an
uncertain fact or style are in the preview set: reported with `--preview` only, so they never
fail CI by default (ruff's preview, for the same reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cartesia_cli.errors import UsageError

# What the evidence says. The first three make a default rule; the rest a preview rule.
CONFIRMED = ("removed", "rejected", "security")
TENTATIVE = ("deprecated", "uncertain", "style")


@dataclass(frozen=True)
class Evidence:
    source: str  # where in API_NOTES.md (section, table row)
    status: str  # one of CONFIRMED or TENTATIVE
    says: str  # what the notes say, paraphrased


@dataclass(frozen=True)
class Example:
    language: str  # a region language (source.LANGUAGES): how the example is checked
    before: str
    after: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    hint: str
    why: str
    evidence: Evidence
    example: Example
    severity: str = "error"  # "error": rejected or misread by the API; "warning": deprecated
    fix: str = "none"  # "safe", "unsafe", "sometimes" (safe in some cases) or "none"
    since: str | None = None  # the first API version the rule applies to (None: every one)
    tags: tuple[str, ...] = ()

    @property
    def preview(self) -> bool:
        return self.evidence.status not in CONFIRMED

    @property
    def versions(self) -> str:
        return f"API versions {self.since} and later" if self.since else "every API version"

    def applies_to(self, version: str) -> bool:
        return self.since is None or version >= self.since


def _rule(code: str, name: str, summary: str, hint: str, why: str,
          evidence: tuple[str, str, str], example: tuple[str, str, str], **kw: object) -> Rule:
    return Rule(code, name, summary, hint, why, Evidence(*evidence), Example(*example),
                **kw)  # type: ignore[arg-type]


_PY = "python"
_JS = "javascript"
_SH = "shell"
_JSON = "json"
_SDK = ('from cartesia import Cartesia\n\n'
        'client = Cartesia(api_key=os.environ["CARTESIA_API_KEY"])\n')
_REQUEST = ('{{\n  "model_id": "{model}",\n  "transcript": "Hello, world!",\n'
            '  "voice": {{"id": "a0e99841-438c-4a64-b679-ae501e7d6091"}},\n'
            '  "output_format": {{"container": "raw", "encoding": "pcm_f32le", '
            '"sample_rate": 44100}}{extra}\n}}\n')


def _json(extra: str = "", model: str = "sonic-3", *, drop_format: bool = False) -> str:
    text = _REQUEST.format(model=model, extra=extra)
    if drop_format:
        text = text.replace(',\n  "output_format": {"container": "raw", "encoding": "pcm_f32le", '
                            '"sample_rate": 44100}', "")
    return text


_RULES = (
    # CAR1: endpoints
    _rule("CAR101", "v0-prefix", "the `/v0` API prefix was removed",
          "drop `/v0` and send a `Cartesia-Version` header instead",
          "Paths under `/v0` belong to the pre-stable API. Every versioned API definition since "
          "2024-06-10 serves the same endpoints without the prefix, so `/v0/...` reaches no "
          "endpoint.",
          ("§1.4, row (v0); §2.1", "removed",
           "the pre-stable `/v0` API was announced as deprecated from June 17 (2024); no "
           "versioned definition (2024-06-10 on, and the OpenAPI file) has a `/v0` path"),
          (_PY, 'URL = "https://api.cartesia.ai/v0/tts/bytes"\n',
           'URL = "https://api.cartesia.ai/tts/bytes"\n'), fix="safe"),
    _rule("CAR102", "audio-endpoint",
          "text-to-speech endpoints moved from `/audio/*` to `/tts/*`",
          "use `/tts/sse`, `/tts/websocket` or `/tts/bytes`",
          "The v0 endpoints `/audio/sse`, `/audio/websocket` and `/audio/stream` were replaced by "
          "`/tts/sse`, `/tts/websocket` and `/tts/bytes` in the first stable version. "
          "`/audio/stream` answered JSON chunks, so its replacement needs a new reading loop "
          "(the fix for it is unsafe).",
          ("§1.4, row 2024-06-10", "removed", "`/audio/*` → `/tts/*`"),
          (_JS, 'const url = "wss://api.cartesia.ai/audio/websocket";\n',
           'const url = "wss://api.cartesia.ai/tts/websocket";\n'), fix="sometimes"),
    _rule("CAR103", "voice-embedding-endpoint", "`/voices/{id}/embedding` was removed",
          "request `/voices/{id}` instead",
          "The voice embedding endpoint was removed in the first stable version; the voice "
          "itself is at `/voices/{id}`.",
          ("§1.4, row 2024-06-10; §3.3", "removed",
           "`/voices/{id}/embedding` removed (use `/voices/{id}`)"),
          (_PY, 'url = f"https://api.cartesia.ai/voices/{voice_id}/embedding"\n',
           'url = f"https://api.cartesia.ai/voices/{voice_id}"\n'), fix="safe"),
    _rule("CAR104", "embedding-voice-endpoint",
          "voice mixing and cloning into embeddings were removed with voice embeddings",
          "clone a voice from a clip with `POST /voices/clone` and use its id",
          "`POST /voices/mix`, `POST /voices/clone/clip` and `POST /voices` (create from an "
          "embedding) made or consumed voice embeddings. They were removed for every API "
          "version on 2026-06-01.",
          ("§3.3; §1.4, row 2026-03-01", "removed",
           "`/voices/mix`, `/voices/clone/clip` and `POST /voices` removed June 1 2026"),
          (_PY, 'mixed = requests.post("https://api.cartesia.ai/voices/mix", json=body)\n',
           'voice = client.voices.clone(clip=clip, name="Narrator", language="en")  '
           '# Cartesia\n')),
    # CAR2: API versions
    _rule("CAR201", "missing-version", "request without a `Cartesia-Version`",
          "send a `Cartesia-Version` header (or `cartesia_version` on WebSocket URLs)",
          "Every request should name the API version it was written for, or it gets whatever "
          "the gateway's default is. What the API does without one is not documented: the "
          "status endpoint suggests a default version exists, so this is a preview rule.",
          ("§1.5", "uncertain",
           "the header is required by the OpenAPI file, but the answer to a request without "
           "one is not documented and a default version appears to exist"),
          (_SH, 'curl -X POST https://api.cartesia.ai/tts/bytes \\\n'
                '  -H "Authorization: Bearer $CARTESIA_API_KEY" -d @request.json\n',
           'curl -X POST https://api.cartesia.ai/tts/bytes \\\n'
           '  -H "Cartesia-Version: 2026-08-14" \\\n'
           '  -H "Authorization: Bearer $CARTESIA_API_KEY" -d @request.json\n'),
          fix="sometimes"),
    _rule("CAR202", "malformed-version", "`Cartesia-Version` is not a YYYY-MM-DD date",
          "pin a known version such as the target version",
          "API versions are dates. How the API answers a value that is not one is not "
          "documented.",
          ("§1.4 (format); §1.5", "uncertain",
           "the format is YYYY-MM-DD; the answer to a malformed value is not documented"),
          (_PY, 'headers = {"Cartesia-Version": "2024-6-10"}\n',
           'headers = {"Cartesia-Version": "2026-08-14"}\n'), fix="unsafe"),
    _rule("CAR203", "unknown-version", "`Cartesia-Version` is not a known API version",
          "pin a known version date",
          "A date that is not a published version is taken as the newest version before it "
          "(the emulator's reading; the API's answer is not documented), so the pin does not "
          "say what the code was tested against.",
          ("§1.5; project decisions (top of the notes)", "uncertain",
           "the answer to an unknown version is not documented"),
          (_PY, 'headers = {"Cartesia-Version": "2025-01-01"}\n',
           'headers = {"Cartesia-Version": "2026-08-14"}\n'), fix="safe"),
    _rule("CAR204", "outdated-version", "`Cartesia-Version` is older than the target version",
          "test against the target version, then update the pin",
          "An older pin keeps working: versions exist so that old clients keep their "
          "behaviour. Moving to the target version is a choice, so this is a preview rule.",
          ("§1.4 (what each version promises)", "style",
           "within one version existing fields are kept; old versions stay usable"),
          (_PY, 'headers = {"Cartesia-Version": "2024-06-10"}\n',
           'headers = {"Cartesia-Version": "2026-08-14"}\n'), severity="warning", fix="safe"),
    _rule("CAR205", "legacy-error-parsing",
          "error bodies are parsed as `Title: Message` text, but they are JSON from 2026-03-01",
          "read `title`, `message`, `error_code` and `request_id` from the JSON body and keep "
          "the text form only as a fallback",
          "From API version 2026-03-01 HTTP error bodies are JSON objects; code that splits "
          "them at `: ` gets a title of `{\"error_code\"` and a garbled message.",
          ("§6.1", "removed",
           "Cartesia-Version ≥ 2026-03-01: HTTP errors are JSON; older versions plain text"),
          (_PY, '# Cartesia API errors\ntitle, _, message = err.response.text.partition(": ")\n',
           '# Cartesia API errors\nerror = err.response.json()\n'
           'title, message = error["title"], error["message"]\n'), since="2026-03-01"),
    # CAR3: authentication and secrets
    _rule("CAR301", "x-api-key-header",
          "`X-API-Key` header where the API version uses Bearer auth",
          "send `Authorization: Bearer <key>`",
          "From 2025-04-16 the API documents `Authorization: Bearer`. Whether `X-API-Key` is "
          "still accepted is not stated anywhere, so this is a preview rule.",
          ("§1.2", "uncertain",
           "Bearer from 2025-04-16; whether X-API-Key still works is not stated"),
          (_PY, 'headers = {"X-API-Key": api_key}  # Cartesia\n',
           'headers = {"Authorization": f"Bearer {api_key}"}  # Cartesia\n'),
          fix="sometimes", since="2025-04-16"),
    _rule("CAR302", "hardcoded-api-key", "hard-coded Cartesia API key",
          "read the key from the environment (`CARTESIA_API_KEY`) or a secret store, and rotate "
          "the exposed key",
          "A key in source code is a leaked key: anyone who can read the repository can spend "
          "the account's credits. It is reported redacted.",
          ("§1.2 (key formats)", "security", "API keys look like `sk_car_...`"),
          (_PY, 'API_KEY = "sk_car_9fQ2xLmP0aZt7VwB3nYc"\n',
           'API_KEY = os.environ["CARTESIA_API_KEY"]\n'), tags=("security",)),
    # CAR4: transport
    _rule("CAR401", "insecure-url", "plain `http://` or `ws://` URL for the Cartesia API",
          "use `https://` and `wss://`: keys sent in clear text may be rotated automatically",
          "The API is HTTPS only, and a key that crossed the network in clear text may be "
          "rotated automatically.",
          ("§1.1", "security", "HTTPS only; keys used over plain HTTP may be rotated"),
          (_PY, 'BASE_URL = "http://api.cartesia.ai"\n', 'BASE_URL = "https://api.cartesia.ai"\n'),
          fix="safe", tags=("security",)),
    _rule("CAR402", "insecure-gateway-url",
          "plain `http://` base URL for a gateway in front of the Cartesia API",
          "use `https://`, unless the gateway is reached over a trusted link",
          "A proxy or gateway between the client and the API sees the key with every request. "
          "Whether a plain link to it is a problem depends on the network (a sidecar on the "
          "same host is fine), so this is a preview rule.",
          ("§1.1", "style", "HTTPS only towards the API; gateways are not covered"),
          (_PY, 'client = Cartesia(base_url="http://tts-gateway.internal")\n',
           'client = Cartesia(base_url="https://tts-gateway.internal")\n'), tags=("security",)),
    # CAR5: request and response fields
    _rule("CAR501", "chunk-time", "`chunk_time` is no longer accepted and is ignored",
          "remove `chunk_time`",
          "A v0 request field. Since the first stable version the API ignores it: harmless, "
          "but it no longer does anything.",
          ("§1.4, row 2024-06-10", "deprecated", "`chunk_time`/lookahead ignored"),
          (_PY, '# Cartesia request\nrequest = {"model_id": "sonic-3", "transcript": text, '
                '"chunk_time": 0.1}\n',
           '# Cartesia request\nrequest = {"model_id": "sonic-3", "transcript": text}\n'),
          severity="warning", fix="unsafe"),
    _rule("CAR502", "lookahead", "`lookahead` is no longer accepted and is ignored",
          "remove `lookahead`",
          "A v0 request field. Since the first stable version the API ignores it.",
          ("§1.4, row 2024-06-10", "deprecated", "`chunk_time`/lookahead ignored"),
          (_PY, '# Cartesia request\nrequest = {"model_id": "sonic-3", "transcript": text, '
                '"lookahead": 2}\n',
           '# Cartesia request\nrequest = {"model_id": "sonic-3", "transcript": text}\n'),
          severity="warning", fix="unsafe"),
    _rule("CAR503", "string-output-format", "`output_format` given as a string",
          "pass an object: `{\"container\": \"raw\", \"encoding\": \"pcm_f32le\", "
          "\"sample_rate\": 44100}`",
          "Since the first stable version `output_format` is an object with `container`, "
          "`encoding` and `sample_rate`; a v0 name such as `fp32_44100` is rejected. Names "
          "the rule can translate get an (unsafe) fix.",
          ("§1.4, row 2024-06-10; §2.4", "rejected",
           "`output_format` required and an object"),
          (_PY, '# Cartesia request\nrequest = {"model_id": "sonic-3", "output_format": '
                '"pcm_44100"}\n',
           '# Cartesia request\nrequest = {"model_id": "sonic-3", "output_format": '
           '{"container": "raw", "encoding": "pcm_s16le", "sample_rate": 44100}}\n'),
          fix="unsafe"),
    _rule("CAR504", "websocket-data-wrapper", "WebSocket message wrapped in `data`",
          "send the generation request itself as the message, with `context_id` in it",
          "The v0 SDK wrapped each WebSocket request as `{\"data\": request, \"context_id\": "
          "...}`. The API reads the generation request from the message itself, so a wrapped "
          "one lacks every required field.",
          ("§2.8.2", "rejected",
           "client messages are the generation request (model_id, transcript, voice, "
           "output_format, context_id required) or a cancel"),
          (_JS, '// Cartesia\nsocket.send(JSON.stringify({ data: { transcript: text, '
                'model_id: "sonic-3" } }));\n',
           '// Cartesia\nsocket.send(JSON.stringify({ transcript: text, model_id: "sonic-3", '
           'context_id: id }));\n')),
    _rule("CAR505", "removed-response-field",
          "reads a response field the API no longer returns",
          "use the `sample_rate` you requested and the audio byte count",
          "v0 responses carried `sampling_rate`; stable versions do not, so reading it fails "
          "or gives None.",
          ("§1.4, row 2024-06-10", "removed", "responses no longer include `sampling_rate`"),
          (_PY, '# Cartesia\nrate = response["sampling_rate"]\n',
           '# Cartesia\nrate = OUTPUT_FORMAT["sample_rate"]\n')),
    _rule("CAR506", "voice-embedding", "voice embeddings are no longer accepted",
          "use a voice id (clone one from a clip if needed)",
          "Voice embeddings were removed from the API in 2025-04-16, and since 2026-06-01 "
          "`mode: \"embedding\"` is rejected on every version.",
          ("§2.3; §1.4, rows 2025-04-16 and 2026-03-01", "rejected",
           "`mode:\"embedding\"` rejected for everyone since June 1 2026"),
          (_PY, '# Cartesia\nvoice = {"mode": "embedding", "embedding": vector}\n',
           '# Cartesia\nvoice = {"id": VOICE_ID}\n')),
    _rule("CAR507", "experimental-controls", "`__experimental_controls` was removed",
          "use `generation_config` (`speed`, `volume`, `emotion`) with a sonic-3 model",
          "The voice's experimental speed and emotion controls went with embeddings in "
          "2025-04-16; sonic-3 models take `generation_config` instead.",
          ("§1.4, row 2025-04-16; §2.3", "removed", "`__experimental_controls` gone"),
          (_PY, '# Cartesia\nvoice = {"id": VOICE_ID, "__experimental_controls": '
                '{"speed": "fast"}}\n',
           '# Cartesia\ngeneration_config = {"speed": 1.2}\n'), since="2025-04-16"),
    _rule("CAR508", "voice-mode-id", "`mode: \"id\"` is no longer part of the voice specifier",
          "pass `{\"id\": ...}` or the plain voice id",
          "Cartesia's own examples for 2026-03-01 send `{\"id\": ...}`, and from 2026-08-14 "
          "the SDK types the voice as that or a plain id. The notes say `{mode: \"id\", id}` "
          "is \"no longer the typed shape\", not that it is refused, so this is a preview rule.",
          ("§1.4, row 2026-08-14; §2.3", "uncertain",
           "`{mode:\"id\",id}` no longer the typed shape, but `{id}` works"),
          (_PY, '# Cartesia\nvoice = {"mode": "id", "id": VOICE_ID}\n',
           '# Cartesia\nvoice = {"id": VOICE_ID}\n'),
          severity="warning", fix="unsafe", since="2026-03-01"),
    _rule("CAR509", "sunset-model", "model was sunset",
          "move to `sonic-3` (or pin a dated sonic-3 snapshot) and listen to the result",
          "The original sonic models, their aliases and the 2025-03-07 snapshots were sunset "
          "on 2026-06-01: requests naming them fail with `model_sunsetted`. The fix is unsafe: "
          "another model sounds different.",
          ("§7.1; §6.1 (the `model_sunsetted` error)", "removed",
           "sonic, sonic-english, sonic-multilingual and the 2025-03-07 snapshots sunset "
           "June 1 2026"),
          (_PY, '# Cartesia\nmodel_id = "sonic-english"\n', '# Cartesia\nmodel_id = "sonic-3"\n'),
          fix="unsafe"),
    _rule("CAR510", "speed-string", "deprecated `speed` string on a model with `generation_config`",
          "use `generation_config.speed` (0.6 to 1.5)",
          "The `speed` field (`slow`, `normal`, `fast`) is deprecated for sonic-3 and newer, "
          "which take `generation_config.speed`.",
          ("§2.2 (`speed`)", "deprecated", "deprecated: use generation_config.speed for sonic-3"),
          (_PY, '# Cartesia\nrequest = {"model_id": "sonic-3", "speed": "fast"}\n',
           '# Cartesia\nrequest = {"model_id": "sonic-3", "generation_config": {"speed": 1.2}}\n'),
          severity="warning"),
    _rule("CAR511", "streaming-container", "SSE and WebSocket stream only the `raw` container",
          "request `container: \"raw\"` and wrap the PCM yourself, or use `/tts/bytes`",
          "Only `/tts/bytes` sends `wav` and `mp3`; the SSE and WebSocket schemas allow the "
          "`raw` container alone.",
          ("§2.4; §2.1", "rejected", "SSE and WS: `container` must be `raw`"),
          (_PY, _SDK + 'client.tts.generate_sse(model_id="sonic-3", transcript=text, '
                'voice=VOICE,\n    output_format={"container": "wav", "encoding": "pcm_s16le", '
                '"sample_rate": 44100})\n',
           _SDK + 'client.tts.generate_sse(model_id="sonic-3", transcript=text, voice=VOICE,\n'
           '    output_format={"container": "raw", "encoding": "pcm_s16le", '
           '"sample_rate": 44100})\n'), fix="unsafe"),
    _rule("CAR512", "deprecated-model", "model is deprecated",
          "move to `sonic-3` (or pin a dated sonic-3 snapshot) and listen to the result",
          "A deprecated alias still answers today, but may stop; base names should be "
          "replaced by a current model.",
          ("§7.1", "deprecated", "`sonic-preview` is a deprecated alias of sonic-2"),
          (_PY, '# Cartesia\nmodel_id = "sonic-preview"\n', '# Cartesia\nmodel_id = "sonic-3"\n'),
          severity="warning", fix="unsafe"),
    # CAR6: official Python SDK
    _rule("CAR601", "sdk-tts-bytes", "`tts.bytes()` is a deprecated alias in SDK 3.x and later",
          "call `tts.generate()`, which returns a response with `.write_to_file()` and "
          "`.iter_bytes()`",
          "SDK 4.x keeps `tts.bytes()` as a deprecated alias that yields chunks; "
          "`tts.generate()` is its replacement.",
          ("§8.4", "deprecated", "deprecated alias `tts.bytes()` yields chunks"),
          (_PY, _SDK + 'audio = client.tts.bytes(model_id="sonic-3", transcript=text, '
                'voice=VOICE, output_format=FORMAT)\n',
           _SDK + 'audio = client.tts.generate(model_id="sonic-3", transcript=text, '
           'voice=VOICE, output_format=FORMAT)\n'), severity="warning", fix="unsafe"),
    _rule("CAR602", "sdk-tts-sse", "`tts.sse()` is a deprecated alias in SDK 3.x and later",
          "call `tts.generate_sse()`; chunk events carry decoded bytes in `.audio`",
          "SDK 4.x keeps `tts.sse()` as an alias of `tts.generate_sse()`.",
          ("§8.4", "deprecated", "`client.tts.generate_sse(...)` (alias `sse()`)"),
          (_PY, _SDK + 'events = client.tts.sse(model_id="sonic-3", transcript=text, '
                'voice=VOICE, output_format=FORMAT)\n',
           _SDK + 'events = client.tts.generate_sse(model_id="sonic-3", transcript=text, '
           'voice=VOICE, output_format=FORMAT)\n'), severity="warning", fix="unsafe"),
    _rule("CAR603", "sdk-tts-websocket", "`tts.websocket()` is the SDK 2.x WebSocket interface",
          "use `with client.tts.websocket_connect() as ws:` and `ws.context(...)`",
          "SDK 4.x still has a V2-compatible `tts.websocket()`, but contexts on "
          "`websocket_connect()` are the supported interface.",
          ("§8.5", "deprecated",
           "V2-compatible `client.tts.websocket().send(..., stream=False)` kept"),
          (_PY, _SDK + 'ws = client.tts.websocket()\n',
           _SDK + 'with client.tts.websocket_connect() as ws:\n    ctx = ws.context('
           'model_id="sonic-3", voice=VOICE, output_format=FORMAT)\n'), severity="warning"),
    _rule("CAR604", "sdk-voice-id-argument", "`voice_id=` is the SDK 1.x way to pick a voice",
          "pass `voice={\"id\": ...}`",
          "SDK 1.x took `voice_id=`; the generated SDKs (3.x, 4.x) take `voice=` and refuse "
          "an unknown keyword argument.",
          ("§8.1; §8.4; §8.5 (the methods' parameters)", "removed",
           "PY4 `generate`/`generate_sse`/`ws.context` take `voice=`"),
          (_PY, _SDK + 'client.tts.generate(model_id="sonic-3", transcript=text, '
                'voice_id=VOICE_ID, output_format=FORMAT)\n',
           _SDK + 'client.tts.generate(model_id="sonic-3", transcript=text, '
           'voice={"id": VOICE_ID}, output_format=FORMAT)\n'), fix="unsafe"),
    _rule("CAR605", "sdk-stream-argument", "`stream=` was removed: SDK 3.x always streams",
          "iterate the response instead",
          "`generate_sse()` always streams. SDK 4.x still takes `stream=` on the V2-compatible "
          "WebSocket `send()`, so this is a preview rule.",
          ("§8.4; §8.5", "deprecated",
           "responses stream; `send(..., stream=False)` kept for V2 compatibility"),
          (_PY, _SDK + 'for chunk in client.tts.sse(model_id="sonic-3", transcript=text, '
                'stream=True):\n    play(chunk)\n',
           _SDK + 'for event in client.tts.generate_sse(model_id="sonic-3", transcript=text):\n'
           '    play(event.audio)\n'), severity="warning"),
    _rule("CAR606", "sdk-output-format-helper", "`tts.get_output_format()` was removed (SDK 1.x)",
          "pass the `output_format` object directly",
          "The hand-written SDK 1.x mapped names such as `raw_pcm_f32le_44100` to objects; "
          "later SDKs have no such method.",
          ("§8.1 (SDK 1.x was hand-written)", "removed",
           "SDK 2.x-4.x are generated (Fern, Stainless) and have no such helper (PY4's "
           "source checked)"),
          (_PY, _SDK + 'fmt = client.tts.get_output_format("raw_pcm_f32le_44100")\n',
           _SDK + 'fmt = {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}\n'),
          fix="unsafe"),
    _rule("CAR607", "voice-is-public", "`is_public` was replaced by `access` and `visibility`",
          "read `access` (`private`/`public`) and `visibility` (`owner`/`all`)",
          "API version 2026-08-14 replaced the voice's `is_public` with `access` and "
          "`visibility`.",
          ("§1.4, row 2026-08-14; §3.2", "removed",
           "`is_public` replaced by `access` and `visibility`"),
          (_PY, '# Cartesia voices\nif voice.is_public:\n    shared.append(voice)\n',
           '# Cartesia voices\nif voice.access == "public":\n    shared.append(voice)\n'),
          since="2026-08-14"),
    # CAR7: request payload checks (also used for JSON bodies found in code)
    _rule("CAR701", "missing-field", "a required request field is missing",
          "add the field; see the API reference for the endpoint",
          "The request schemas require `model_id`, `transcript`, `voice` and `output_format` "
          "(and `context_id` on the WebSocket from 2025-11-04).",
          ("§2.2; §2.6; §2.8.2", "rejected", "required fields of each request"),
          (_JSON, _json(drop_format=True), _json())),
    _rule("CAR702", "unknown-field", "the request has a field the endpoint does not define",
          "remove it or check its spelling",
          "A misspelt field is ignored rather than refused (old SDKs sent extra fields and "
          "worked), so it silently does nothing: a preview rule.",
          ("§10, item 7; §2.2", "uncertain", "unknown request fields are tolerated"),
          (_JSON, _json(',\n  "emotions": ["calm"]'), _json())),
    _rule("CAR703", "invalid-value", "a request field has a value the API does not accept",
          "use one of the documented values",
          "Enumerated fields (containers, encodings, sample rates, languages, voice shapes) "
          "accept only the documented values.",
          ("§2.2; §2.3; §2.4", "rejected", "the documented value sets"),
          (_JSON, _json(',\n  "language": "english"'), _json(',\n  "language": "en"'))),
    _rule("CAR704", "out-of-range", "a numeric request field is outside its allowed range",
          "use a value inside the documented range",
          "`generation_config.speed` is 0.6-1.5, `volume` 0.5-2.0 and `max_buffer_delay_ms` "
          "0-5000 (0-1000 before 2025-11-04).",
          ("§2.5; §2.2 (`max_buffer_delay_ms`)", "rejected", "the documented ranges"),
          (_JSON, _json(',\n  "generation_config": {"speed": 3.0}'),
           _json(',\n  "generation_config": {"speed": 1.2}'))),
    _rule("CAR705", "field-not-in-version", "the field is not part of the target API version",
          "remove it, or pin a version that has it",
          "The field exists in other versions of the schema. Whether the API refuses or "
          "ignores it at this version is not documented.",
          ("§2.2 (version notes per field); §2.4", "uncertain",
           "e.g. `duration` absent from 2025-11-04 on; `locale` only in 2026-08-14"),
          (_JSON, _json(',\n  "duration": 10'), _json())),
    _rule("CAR706", "deprecated-field", "the field is deprecated or ignored by the API",
          "remove it",
          "Old SDKs sent fields no server schema has (`stream`) or that were renamed "
          "(`use_original_timestamps`); they are ignored.",
          ("§2.2 (`stream`, `use_normalized_timestamps`)", "deprecated",
           "`stream` not in any server schema; `use_original_timestamps` legacy"),
          (_JSON, _json(',\n  "stream": true'), _json()), severity="warning"),
    _rule("CAR707", "no-effect-field", "the field has no effect with this model",
          "remove it, or use a sonic-3 model",
          "`generation_config` works on sonic-3 and newer only, and speed and volume are "
          "temporarily disabled on sonic-3.5: the request works, the field does nothing.",
          ("§2.5", "style", "no effect on earlier models; disabled on sonic-3.5"),
          (_JSON, _json(',\n  "generation_config": {"speed": 1.2}', model="sonic-2"),
           _json(',\n  "generation_config": {"speed": 1.2}')), severity="warning"),
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


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = (),
                 preview: bool = False) -> frozenset[str]:
    """The codes enabled by --select (codes or prefixes; default all) minus --ignore; preview
    rules only with `preview`.

    Raises:
        UsageError: a selector matches no rule.
    """
    chosen = _parse_selectors(select) or ["ALL"]
    dropped = _parse_selectors(ignore)

    def matches(code: str, selectors: list[str]) -> bool:
        return any(s == "ALL" or code.startswith(s) for s in selectors)

    return frozenset(c for c, rule in RULES.items()
                     if (preview or not rule.preview)
                     and matches(c, chosen) and not matches(c, dropped))


def preview_selected(select: Iterable[str]) -> list[str]:
    """Preview rules named exactly in --select (they need --preview, as in ruff)."""
    return [s for s in _parse_selectors(select) if s in RULES and RULES[s].preview]


def get_rule(code: str) -> Rule:
    """The rule with this code (for --explain).

    Raises:
        UsageError: no such rule.
    """
    rule = RULES.get(code.strip().upper())
    if rule is None:
        raise UsageError(f"unknown rule `{code}`",
                         hint="`cartesia migrate-check --list-rules` shows them all")
    return rule
