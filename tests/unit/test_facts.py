"""Both copies of the public API facts, held against the public API definitions.

The client's facts live in cartesia_cli/facts.py; the emulator keeps its own copy on purpose
(emulator/versions.py, supported.py, auth.py, voices.py) so that a wrong row cannot pass on both
sides. Each test reads a fact from the reference files beside the clone
(shared/reference/openapi.yaml for the current version, fern/version-<date>/ for the older ones)
and asserts the client's value and the emulator's value separately, naming the side that is wrong.

Only what the files themselves say is asserted. Facts that API_NOTES §1.4 marks [UNCERTAIN] or
that come from other sources (SDKs, docs pages) are not tested here: whether 2025-11-04 still took
embeddings, which versions emit structured SSE/WS errors, structured HTTP errors (2026-03-01), and
everything about 2026-03-01 and 2026-08-14 (no definition file covers them).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from reference_files import (
    OAS_NAME,
    REFERENCE,
    fern,
    fern_type,
    is_optional,
    oas,
    resolve,
    schema,
    unwrap,
)
from reference_files import fern_props as reference_props

from cartesia_cli import facts
from cartesia_cli.emulator import auth as emu_auth
from cartesia_cli.emulator import supported as emu_supported
from cartesia_cli.emulator import versions as emu_versions
from cartesia_cli.emulator import voices as emu_voices
from cartesia_cli.emulator.errors import ApiFailure
from cartesia_cli.emulator.validation import validate_tts

if not (REFERENCE / "openapi.yaml").is_file() or not (REFERENCE / "fern").is_dir():
    pytest.skip(f"the public API definitions are not at {REFERENCE} (CI puts shared/ beside the "
                "clone); the facts cannot be checked without them", allow_module_level=True)

CLIENT = "cartesia_cli/facts.py"
EMU_VERSIONS = "cartesia_cli/emulator/versions.py"
EMU_SUPPORTED = "cartesia_cli/emulator/supported.py"
EMU_AUTH = "cartesia_cli/emulator/auth.py"
EMU_VOICES = "cartesia_cli/emulator/voices.py"
EMU_VALIDATION = "cartesia_cli/emulator/validation.py"

# Disagreements found between a copy and the files, waiting for a decision: (test, case) -> why.
# Each one marks exactly that case xfail(strict=True), so fixing the product code (or the file)
# turns it into an XPASS failure and the entry must be removed.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {}


# --- reading the files -----------------------------------------------------------------------


def fern_where(version: str, file: str, *names: str) -> str:
    return f"fern/version-{version}/{file}.yml " + ".".join(names)


# OpenAPI: follow $ref, read enums and descriptions.


def prop(node: dict[str, Any], name: str) -> dict[str, Any]:
    return resolve(resolve(node)["properties"][name])


def request_schema(path: str, method: str = "post") -> dict[str, Any]:
    body = oas()["paths"][path][method]["requestBody"]["content"]["application/json"]
    return resolve(body["schema"])


def members(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a oneOf (or the schema itself)."""
    node = resolve(node)
    return [resolve(m) for m in node["oneOf"]] if "oneOf" in node else [node]


def ws_generation_request() -> dict[str, Any]:
    """The WebSocket generation message (the TTSWebSocketRequest member with an output_format)."""
    found = [m for m in members(schema("TTSWebSocketRequest"))
             if "output_format" in m["properties"]]
    assert len(found) == 1, f"{OAS_NAME}: TTSWebSocketRequest should have one generation request"
    return found[0]


def oas_output_formats(endpoint: str) -> list[dict[str, Any]]:
    if endpoint == "bytes":
        return members(prop(request_schema("/tts/bytes"), "output_format"))
    if endpoint == "sse":
        return members(prop(request_schema("/tts/sse"), "output_format"))
    return members(prop(ws_generation_request(), "output_format"))


def oas_versions() -> list[str]:
    return [str(v) for v in oas()["components"]["parameters"]["CartesiaVersionHeader"]["schema"]
            ["enum"]]


# Fern: type strings like optional<list<voices.VoiceId>>, literal<"raw">.

_LITERAL = re.compile(r'^literal<"(.*)">$')


def bare(type_name: str) -> str:
    return unwrap(type_name).rsplit(".", 1)[-1]  # voices.VoiceId -> VoiceId


def fern_types(version: str, file: str = "tts") -> dict[str, Any]:
    return fern(version, file)["types"]


def fern_props(version: str, type_name: str, file: str = "tts") -> dict[str, Any]:
    """Properties of a Fern type (tts.yml unless `file` says otherwise)."""
    return reference_props(version, file, type_name)


def fern_docs(node: Any) -> str:
    return "" if isinstance(node, str) else node.get("docs", "")


def fern_ws_generation_request(version: str) -> str:
    body = fern(version, "tts")["channel"]["messages"]["send"]["body"]
    union = fern_types(version)[body]["union"]
    found = [bare(fern_type(m)) for m in union
             if "output_format" in fern_props(version, bare(fern_type(m)))]
    assert len(found) == 1, f"fern/version-{version}/tts.yml: {body} has no single generation type"
    return found[0]


def fern_request_type(version: str, endpoint: str) -> str:
    if endpoint == "websocket":
        return fern_ws_generation_request(version)
    return fern(version, "tts")["service"]["endpoints"][endpoint]["request"]


def fern_voices_list(version: str) -> dict[str, Any]:
    endpoints = fern(version, "voices")["service"]["endpoints"]
    found = [e for e in endpoints.values() if e["method"] == "GET" and e["path"] in ("", "/")]
    assert len(found) == 1, f"fern/version-{version}/voices.yml: no single GET /voices"
    return found[0]


# Numbers written in prose.

_BRACKETS = re.compile(r"\[\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\]")
_BETWEEN = re.compile(r"Valid values are between (-?[\d.]+) and (-?[\d.]+) inclusive")
_DEFAULTS_TO = re.compile(r"Defaults to (\d+)")
_SECONDS = re.compile(r"maximum is[^(]*\((\d+) seconds\)")


def documented_range(text: str, where: str) -> tuple[float, float]:
    match = _BRACKETS.search(text) or _BETWEEN.search(text)
    assert match, f"{where}: no range like [a, b] in {text!r}"
    return float(match.group(1)), float(match.group(2))


def documented_list(text: str, lead: str, where: str) -> set[int]:
    match = re.search(re.escape(lead) + r"\s+([\d, ]+\d)", text)
    assert match, f"{where}: no '{lead} ...' in {text!r}"
    return {int(n) for n in match.group(1).split(",")}


# --- what the files say ------------------------------------------------------------------------

FERN_VERSIONS = sorted(p.name.removeprefix("version-") for p in (REFERENCE / "fern").iterdir()
                       if p.is_dir() and p.name.startswith("version-"))
OAS_VERSIONS = oas_versions()
SPEC_VERSIONS = FERN_VERSIONS + OAS_VERSIONS
# A source is "oas" or a Fern version date; version-independent facts are read from each.
SOURCES = ["oas", *FERN_VERSIONS]
ENDPOINTS = ("bytes", "sse", "websocket")


def source_where(source: str) -> str:
    return OAS_NAME if source == "oas" else f"fern/version-{source}/tts.yml"


def version_source(version: str) -> str:
    return "oas" if version in OAS_VERSIONS else version


def spec_encodings(source: str) -> set[str]:
    if source == "oas":
        formats = [f for e in ENDPOINTS for f in oas_output_formats(e) if "encoding" in
                   f["properties"]]
        found = {tuple(prop(f, "encoding")["enum"]) for f in formats}
        assert len(found) == 1, f"{OAS_NAME}: output formats disagree on encodings: {found}"
        return set(found.pop())
    return set(fern_types(source)["RawEncoding"]["enum"])


def spec_sample_rates(source: str) -> set[int]:
    if source == "oas":
        found = {tuple(prop(f, "sample_rate")["enum"]) for e in ENDPOINTS
                 for f in oas_output_formats(e)}
        assert len(found) == 1, f"{OAS_NAME}: output formats disagree on sample rates: {found}"
        return set(found.pop())
    found_sets = []
    for type_name in fern_types(source):
        node = fern_types(source)[type_name]
        rate = (node.get("properties") or {}).get("sample_rate") if isinstance(node, dict) else None
        if rate is not None and fern_docs(rate):
            found_sets.append(documented_list(
                fern_docs(rate), "Supported sample rates are",
                fern_where(source, "tts", type_name, "sample_rate")))
    assert found_sets, f"fern/version-{source}/tts.yml: no sample_rate documents its values"
    assert all(s == found_sets[0] for s in found_sets), f"fern/version-{source}: {found_sets}"
    return found_sets[0]


def spec_mp3_bit_rates(source: str) -> set[int]:
    if source == "oas":
        mp3 = [f for f in oas_output_formats("bytes") if prop(f, "container")["enum"] == ["mp3"]]
        assert len(mp3) == 1, f"{OAS_NAME}: no single mp3 output format on /tts/bytes"
        return set(prop(mp3[0], "bit_rate")["enum"])
    bit_rate = fern_props(source, "MP3OutputFormat")["bit_rate"]
    return documented_list(fern_docs(bit_rate), "Supported bit rates are",
                           fern_where(source, "tts", "MP3OutputFormat", "bit_rate"))


def spec_containers(source: str, endpoint: str) -> set[str]:
    if source == "oas":
        return {c for f in oas_output_formats(endpoint) for c in prop(f, "container")["enum"]}
    request = fern_request_type(source, endpoint)
    format_type = bare(fern_type(fern_props(source, request)["output_format"]))
    node = fern_types(source)[format_type]
    if "union" in node:  # discriminant: container
        assert node.get("discriminant") == "container", f"fern/{source}: {format_type}"
        return set(node["union"])
    match = _LITERAL.match(fern_type(fern_props(source, format_type)["container"]))
    assert match, f"fern/version-{source}/tts.yml: {format_type}.container is not a literal"
    return {match.group(1)}


def spec_generation_range(source: str, field: str) -> tuple[float, float]:
    if source == "oas":
        config = prop(request_schema("/tts/bytes"), "generation_config")
        node = prop(config, field)
        return documented_range(node["description"],
                                f"{OAS_NAME} GenerationConfig.{field}.description")
    node = fern_props(source, "GenerationConfig")[field]
    return documented_range(fern_docs(node), fern_where(source, "tts", "GenerationConfig", field))


def spec_buffer_delay(version: str) -> tuple[int, int, int]:
    """(low, high, default) of the WebSocket's max_buffer_delay_ms."""
    if version_source(version) == "oas":
        node = prop(ws_generation_request(), "max_buffer_delay_ms")
        text, where = node["description"], f"{OAS_NAME} GenerationRequest.max_buffer_delay_ms"
    else:
        node = fern_props(version, fern_ws_generation_request(version))["max_buffer_delay_ms"]
        text = fern_docs(node)
        where = fern_where(version, "tts", "GenerationRequest", "max_buffer_delay_ms")
    low, high = documented_range(text, where)
    default = _DEFAULTS_TO.search(text)
    assert default, f"{where}: no 'Defaults to N' in {text!r}"
    if version_source(version) == "oas":
        assert node["default"] == int(default.group(1)), f"{where}: default and prose disagree"
    return int(low), int(high), int(default.group(1))


def spec_auth_header(version: str) -> str:
    """How an API key travels: "x-api-key" or "bearer"."""
    if version_source(version) == "oas":
        forms = set()
        for scheme in oas()["components"]["securitySchemes"].values():
            if scheme["type"] == "http":
                forms.add(scheme["scheme"].lower())
            elif scheme["type"] == "apiKey" and scheme["in"] == "header":
                forms.add(scheme["name"].lower())
        assert len(forms) == 1, f"{OAS_NAME} securitySchemes: several key forms {forms}"
        return forms.pop()
    api = fern(version, "api")
    scheme = api["auth-schemes"][api["auth"]]
    return scheme["header"].lower() if "header" in scheme else scheme["scheme"].lower()


def spec_voices_list(version: str) -> tuple[bool, set[str], set[str]]:
    """(paginated, query parameters, expand[] values) of GET /voices."""
    if version_source(version) == "oas":
        get = oas()["paths"]["/voices"]["get"]
        params = [resolve(p) for p in get["parameters"]]
        query = {p["name"] for p in params if p["in"] == "query"}
        response = resolve(get["responses"]["200"]["content"]["application/json"]["schema"])
        paginated = response.get("type") == "object" and {"data", "has_more"} <= set(
            response.get("required", []))
        expand = set(schema("VoiceExpandOptions")["enum"]) if "expand[]" in query else set()
        return paginated, query, expand
    endpoint = fern_voices_list(version)
    query = set((endpoint.get("request") or {}).get("query-parameters") or {})
    response = fern_type(endpoint["response"])
    if response.startswith("list<"):
        paginated = False
    else:
        props = fern_props(version, bare(response), "voices")
        paginated = {"data", "has_more"} <= set(props)
    expand = (set(fern_types(version, "voices")["VoiceExpandOptions"]["enum"])
              if "expand[]" in query else set())
    return paginated, query, expand


_PAGING = {"limit", "starting_after", "ending_before", "expand[]"}


def spec_voice_fields(version: str) -> set[str]:
    if version_source(version) == "oas":
        return set(schema("Voice")["properties"])
    return set(fern_props(version, "Voice", "voices"))


def spec_voice_modes(version: str) -> tuple[set[str], bool]:
    """(the `mode` values a TTS voice specifier may take, whether `mode` is required)."""
    if version_source(version) == "oas":
        node = schema("TTSRequestVoiceSpecifier")
        return set(prop(node, "mode")["enum"]), "mode" in node.get("required", [])
    node = fern_types(version)["TTSRequestVoiceSpecifier"]
    shapes = [bare(fern_type(m)) for m in node["union"]] if "union" in node else [None]
    modes, required = set(), True
    for shape in shapes:
        props = node["properties"] if shape is None else fern_props(version, shape)
        mode = props.get("mode")
        required = required and mode is not None and not is_optional(mode)
        match = _LITERAL.match(fern_type(mode)) if mode is not None else None
        assert match, f"fern/version-{version}/tts.yml: voice specifier {shape} has no mode literal"
        modes.add(match.group(1))
    return modes, required


def spec_ws_context_id_required(version: str) -> bool:
    if version_source(version) == "oas":
        return "context_id" in ws_generation_request().get("required", [])
    props = fern_props(version, fern_ws_generation_request(version))
    return "context_id" in props and not is_optional(props["context_id"])


def spec_bytes_request_fields(version: str) -> set[str]:
    if version_source(version) == "oas":
        return set(request_schema("/tts/bytes")["properties"])
    return set(fern_props(version, fern_request_type(version, "bytes")))


def spec_raw_format_fields(version: str) -> set[str]:
    if version_source(version) == "oas":
        raw = [f for f in oas_output_formats("bytes") if prop(f, "container")["enum"] == ["raw"]]
        assert len(raw) == 1, f"{OAS_NAME}: no single raw output format on /tts/bytes"
        return set(raw[0]["properties"])
    return set(fern_props(version, "RawOutputFormat"))


def spec_ws_transcript_is_string(version: str) -> bool:
    if version_source(version) == "oas":
        return prop(ws_generation_request(), "transcript").get("type") == "string"
    props = fern_props(version, fern_ws_generation_request(version))
    return fern_type(props["transcript"]) == "string"


def spec_token(source: str) -> tuple[set[str], int, str]:
    """(grant names, maximum expires_in, where) of POST /access-token."""
    if source == "oas":
        request = request_schema("/access-token")
        grants = set(prop(request, "grants")["properties"])
        text = prop(request, "expires_in")["description"]
        where = f"{OAS_NAME} TokenRequest.expires_in / TokenGrant"
    else:
        grants = set(fern_props(source, "TokenGrant", "auth"))
        text = fern_docs(fern_props(source, "TokenRequest", "auth")["expires_in"])
        where = fern_where(source, "auth", "TokenRequest", "expires_in")
    match = _SECONDS.search(text)
    assert match, f"{where}: no 'maximum is ... (N seconds)' in {text!r}"
    return grants, int(match.group(1)), where


def spec_languages(source: str) -> set[str]:
    if source == "oas":
        return {str(v) for v in schema("SupportedLanguage")["enum"]}
    return {str(v) for v in fern_types(source)["SupportedLanguage"]["enum"]}


def spec_version_dates() -> dict[str, str]:
    """Every Cartesia-Version the files name -> where."""
    found = dict.fromkeys(OAS_VERSIONS, f"{OAS_NAME} CartesiaVersionHeader enum")
    for version in FERN_VERSIONS:
        found.setdefault(version, f"fern/version-{version}/ (folder)")
        literal = _LITERAL.match(fern(version, "api")["headers"]["Cartesia-Version"]["type"])
        assert literal, f"fern/version-{version}/api.yml: Cartesia-Version is not a literal"
        found.setdefault(literal.group(1), f"fern/version-{version}/api.yml Cartesia-Version")
    return found


# --- helpers for the tests -----------------------------------------------------------------------


def cases(test: str, keys: list[str]) -> list[Any]:
    """Parameters named by `keys`; a known disagreement marks its case strict xfail."""
    params = []
    for key in keys:
        reason = KNOWN_DISAGREEMENTS.get((test, key))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(key, id=key, marks=marks))
    return params


def version_cases(test: str) -> list[Any]:
    return cases(test, SPEC_VERSIONS)


def source_cases(test: str) -> list[Any]:
    return cases(test, SOURCES)


def client_features(version: str) -> facts.VersionFeatures:
    assert version in facts.VERSIONS, f"client: {CLIENT} VERSIONS has no row for {version}"
    return facts.VERSIONS[version]


def emulator_version(version: str) -> emu_versions.ApiVersion:
    assert version in emu_versions.VERSIONS, (
        f"emulator: {EMU_VERSIONS} VERSIONS has no row for {version}")
    return emu_versions.VERSIONS[version]


def emulator_voice_api(version: str) -> emu_voices.VoiceApi:
    assert version in emu_voices.VOICE_API, (
        f"emulator: {EMU_VOICES} VOICE_API has no row for {version}")
    return emu_voices.VOICE_API[version]


def tts_body(container: str, *, context_id: str | None = "ctx-1") -> dict[str, Any]:
    from cartesia_cli.emulator.catalog import VOICES

    output: dict[str, Any] = {"container": container, "sample_rate": 44100}
    if container == "mp3":
        output["bit_rate"] = max(emu_supported.MP3_BIT_RATES)
    else:
        output["encoding"] = "pcm_s16le"
    body = {"model_id": "sonic-3", "transcript": "Hello there.",
            "voice": {"mode": "id", "id": VOICES[0].id}, "output_format": output}
    if context_id is not None:
        body["context_id"] = context_id
    return body


# --- versions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", cases("test_spec_version_is_known", sorted(
    spec_version_dates())))
def test_spec_version_is_known(version):
    where = spec_version_dates()[version]
    assert version in facts.VERSIONS, (
        f"client: {CLIENT} VERSIONS lacks {version}, which {where} names")
    assert version in emu_versions.VERSIONS, (
        f"emulator: {EMU_VERSIONS} VERSIONS lacks {version}, which {where} names")
    assert version in emu_voices.VOICE_API, (
        f"emulator: {EMU_VOICES} VOICE_API lacks {version}, which {where} names")


def test_fern_folders_match_their_version_literal():
    for version in FERN_VERSIONS:
        literal = fern(version, "api")["headers"]["Cartesia-Version"]["type"]
        assert literal == f'literal<"{version}">', f"fern/version-{version}/api.yml: {literal}"


# --- output formats ------------------------------------------------------------------------------


def assert_both_sides(name: str, spec: set[object], where: str) -> None:
    """The client's and the emulator's copy of fact `name` both equal the spec's values."""
    client, emulator = getattr(facts, name), getattr(emu_supported, name)
    assert set(client) == spec, f"client: {CLIENT} {name} = {client}, {where} = {sorted(spec)}"
    assert set(emulator) == spec, (
        f"emulator: {EMU_SUPPORTED} {name} = {emulator}, {where} = {sorted(spec)}")


@pytest.mark.parametrize("source", source_cases("test_encodings"))
def test_encodings(source):
    assert_both_sides("ENCODINGS", spec_encodings(source), f"{source_where(source)} RawEncoding")


@pytest.mark.parametrize("source", source_cases("test_sample_rates"))
def test_sample_rates(source):
    assert_both_sides("SAMPLE_RATES", spec_sample_rates(source),
                      f"{source_where(source)} output formats sample_rate")


@pytest.mark.parametrize("source", source_cases("test_mp3_bit_rates"))
def test_mp3_bit_rates(source):
    spec, where = spec_mp3_bit_rates(source), f"{source_where(source)} MP3OutputFormat.bit_rate"
    assert_both_sides("MP3_BIT_RATES", spec, where)
    assert facts.DEFAULT_MP3_BIT_RATE in spec, (
        f"client: {CLIENT} DEFAULT_MP3_BIT_RATE = {facts.DEFAULT_MP3_BIT_RATE}, not in {where}")


@pytest.mark.parametrize("source", source_cases("test_bytes_containers"))
def test_bytes_containers(source):
    """/tts/bytes sends every container; both CONTAINERS tuples are that list."""
    spec = spec_containers(source, "bytes")
    where = f"{source_where(source)} /tts/bytes output_format"
    assert set(facts.CONTAINERS) == spec, (
        f"client: {CLIENT} CONTAINERS = {facts.CONTAINERS}, {where} = {sorted(spec)}")
    assert set(emu_supported.CONTAINERS) == spec, (
        f"emulator: {EMU_SUPPORTED} CONTAINERS = {emu_supported.CONTAINERS}, "
        f"{where} = {sorted(spec)}")


@pytest.mark.parametrize("case", cases("test_emulator_containers_per_endpoint", [
    f"{source}-{endpoint}" for source in SOURCES for endpoint in ENDPOINTS]))
def test_emulator_containers_per_endpoint(case):
    """What the emulator's validation accepts on each endpoint is what the files allow there
    (bytes: raw, wav, mp3; SSE and WebSocket: raw). facts.py has no per-endpoint table; the
    client side of this is `api_containers` in cli/say.py and cli/speaking.py."""
    source, endpoint = case.rsplit("-", 1)
    spec = spec_containers(source, endpoint)
    version = OAS_VERSIONS[0] if source == "oas" else source
    api_version = emulator_version(version)
    candidates = spec | set(emu_supported.CONTAINERS) | {c for e in ENDPOINTS
                                                          for c in spec_containers("oas", e)}
    accepted = set()
    for container in sorted(candidates):
        try:
            validate_tts(tts_body(container), api_version, endpoint)
        except ApiFailure:
            continue
        accepted.add(container)
    assert spec <= set(facts.CONTAINERS), (
        f"client: {CLIENT} CONTAINERS = {facts.CONTAINERS} lacks some of {sorted(spec)} "
        f"({source_where(source)} {endpoint} output_format)")
    assert accepted == spec, (
        f"emulator: {EMU_VALIDATION} accepts {sorted(accepted)} on {endpoint} ({version}), "
        f"{source_where(source)} {endpoint} output_format allows {sorted(spec)}")


# --- generation_config -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["speed", "volume"])
@pytest.mark.parametrize("source", source_cases("test_generation_ranges"))
def test_generation_ranges(source, field):
    spec = spec_generation_range(source, field)
    where = f"{source_where(source)} GenerationConfig.{field}"
    name = f"{field.upper()}_RANGE"
    client, emulator = getattr(facts, name), getattr(emu_supported, name)
    assert tuple(map(float, client)) == spec, (
        f"client: {CLIENT} {name} = {client}, {where} = {spec}")
    assert tuple(map(float, emulator)) == spec, (
        f"emulator: {EMU_SUPPORTED} {name} = {emulator}, {where} = {spec}")


def test_emotions():
    spec = schema("Emotion")["enum"]
    where = f"{OAS_NAME} components.schemas.Emotion"
    assert len(set(spec)) == len(spec), f"{where} repeats a value"
    assert len(facts.EMOTIONS) == len(set(facts.EMOTIONS)), f"client: {CLIENT} EMOTIONS repeats"
    assert set(facts.EMOTIONS) == set(spec), (
        f"client: {CLIENT} EMOTIONS differs from {where}: extra "
        f"{sorted(set(facts.EMOTIONS) - set(spec))}, "
        f"missing {sorted(set(spec) - set(facts.EMOTIONS))}")
    assert set(emu_supported.EMOTIONS) == set(spec), (
        f"emulator: {EMU_SUPPORTED} EMOTIONS differs from {where}: extra "
        f"{sorted(set(emu_supported.EMOTIONS) - set(spec))}, "
        f"missing {sorted(set(spec) - set(emu_supported.EMOTIONS))}")


@pytest.mark.parametrize("source", source_cases("test_model_speed_words"))
def test_model_speed_words(source):
    """The deprecated top-level `speed` (client only: the emulator ignores that field)."""
    spec = (schema("ModelSpeed")["enum"] if source == "oas"
            else fern_types(source)["ModelSpeed"]["enum"])
    assert tuple(spec) == facts.SPEED_WORDS, (
        f"client: {CLIENT} SPEED_WORDS = {facts.SPEED_WORDS}, {source_where(source)} ModelSpeed "
        f"= {spec}")


@pytest.mark.parametrize("version", cases("test_legacy_speed_words", [
    v for v in FERN_VERSIONS if "NaturalSpecifier" in fern_types(v)]))
def test_legacy_speed_words(version):
    """__experimental_controls.speed words (client only: migrate-check knows them)."""
    spec = fern_types(version)["NaturalSpecifier"]["enum"]
    assert tuple(spec) == facts.LEGACY_SPEED_WORDS, (
        f"client: {CLIENT} LEGACY_SPEED_WORDS = {facts.LEGACY_SPEED_WORDS}, "
        f"{fern_where(version, 'tts', 'NaturalSpecifier')} = {spec}")


# --- models and languages ------------------------------------------------------------------------


def test_models():
    spec = schema("TTSModel")["enum"]
    where = f"{OAS_NAME} components.schemas.TTSModel"
    assert facts.DEFAULT_MODEL in spec, f"client: {CLIENT} DEFAULT_MODEL not in {where} {spec}"
    assert facts.REPLACEMENT_MODEL in spec, (
        f"client: {CLIENT} REPLACEMENT_MODEL not in {where} {spec}")
    retired = set(facts.SUNSET_MODELS) | set(facts.DEPRECATED_MODELS)
    assert not retired & set(spec), (
        f"client: {CLIENT} calls {sorted(retired & set(spec))} sunset/deprecated; "
        f"{where} lists them")
    wrong = {m: emu_supported.model_status(m) for m in spec
             if emu_supported.model_status(m) != "sonic3"}
    assert not wrong, f"emulator: {EMU_SUPPORTED} model_status of {where} models: {wrong}"


@pytest.mark.parametrize("source", source_cases("test_languages"))
def test_languages(source):
    """OAS: the 42 sonic-3 languages of 2025-11-04. Fern: the 15 original ones. The client's
    LANGUAGES is one list for all versions (it adds 2026-08-14's or/ur, which no file names)."""
    spec, where = spec_languages(source), f"{source_where(source)} SupportedLanguage"
    assert spec <= facts.LANGUAGES, (
        f"client: {CLIENT} LANGUAGES lacks {sorted(spec - facts.LANGUAGES)} ({where})")
    if source == "oas":
        emulator = set(emu_supported.languages_for(
            "sonic-3", emulator_version(OAS_VERSIONS[0]).extra_languages))
        name = f"languages_for('sonic-3') on {OAS_VERSIONS[0]}"
    else:
        emulator, name = set(emu_supported.ORIGINAL_LANGUAGES), "ORIGINAL_LANGUAGES"
    assert emulator == spec, (
        f"emulator: {EMU_SUPPORTED} {name}: extra {sorted(emulator - spec)}, "
        f"missing {sorted(spec - emulator)} ({where})")


# --- access tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize("source", source_cases("test_access_tokens"))
def test_access_tokens(source):
    """OAS (current) names every grant; the older Fern files name a subset (no `agent`)."""
    grants, maximum, where = spec_token(source)
    if source == "oas":
        assert set(facts.GRANTS) == grants, (
            f"client: {CLIENT} GRANTS = {facts.GRANTS}, {where} = {sorted(grants)}")
        assert set(emu_auth.GRANT_NAMES) == grants, (
            f"emulator: {EMU_AUTH} GRANT_NAMES = {emu_auth.GRANT_NAMES}, "
            f"{where} = {sorted(grants)}")
    else:
        assert grants <= set(facts.GRANTS), (
            f"client: {CLIENT} GRANTS = {facts.GRANTS} lacks some of {where} {sorted(grants)}")
        assert grants <= set(emu_auth.GRANT_NAMES), (
            f"emulator: {EMU_AUTH} GRANT_NAMES lacks some of {where} {sorted(grants)}")
    assert facts.MAX_TOKEN_EXPIRES_IN == maximum, (
        f"client: {CLIENT} MAX_TOKEN_EXPIRES_IN = {facts.MAX_TOKEN_EXPIRES_IN}, "
        f"{where} = {maximum}")
    assert emu_auth.MAX_TOKEN_SECONDS == maximum, (
        f"emulator: {EMU_AUTH} MAX_TOKEN_SECONDS = {emu_auth.MAX_TOKEN_SECONDS}, "
        f"{where} = {maximum}")
    accepted, seconds = emu_auth.parse_token_request(
        {"grants": dict.fromkeys(grants, True), "expires_in": maximum})
    assert seconds == maximum and all(accepted[g] for g in grants)
    with pytest.raises(ApiFailure):
        emu_auth.parse_token_request({"expires_in": maximum + 1})


# --- what differs by version -------------------------------------------------------------------


@pytest.mark.parametrize("version", version_cases("test_auth_header"))
def test_auth_header(version):
    """How an API key is sent: X-API-Key (2024-06-10, 2024-11-13), Bearer (2025-04-16 on).
    The emulator has no per-version table: it must accept the documented way on every version."""
    spec = spec_auth_header(version)
    where = (f"{OAS_NAME} securitySchemes" if version_source(version) == "oas"
             else f"fern/version-{version}/api.yml auth")
    client = client_features(version).auth_header
    assert client == spec, (
        f"client: {CLIENT} VERSIONS[{version!r}].auth_header = {client!r}, {where} = {spec!r}")
    key = "sk_car_facts_test_key"
    headers = {"x-api-key": key} if spec == "x-api-key" else {"authorization": f"Bearer {key}"}
    credential = emu_auth.credential_from(headers)
    assert credential is not None, f"emulator: {EMU_AUTH} finds no credential in {headers}"
    try:
        emu_auth.Authenticator(None, emu_auth.TokenIssuer()).check(credential, grant="tts")
    except ApiFailure as failure:
        pytest.fail(f"emulator: {EMU_AUTH} refuses an API key sent as {spec} ({where}): {failure}")


@pytest.mark.parametrize("version", version_cases("test_voices_pagination"))
def test_voices_pagination(version):
    paginated, _, _ = spec_voices_list(version)
    where = (f"{OAS_NAME} GET /voices response" if version_source(version) == "oas"
             else f"fern/version-{version}/voices.yml list response")
    client = client_features(version).voices_paginated
    assert client == paginated, (
        f"client: {CLIENT} VERSIONS[{version!r}].voices_paginated = {client}, {where} says "
        f"{paginated}")
    emulator = emulator_voice_api(version).paginated
    assert emulator == paginated, (
        f"emulator: {EMU_VOICES} VOICE_API[{version!r}].paginated = {emulator}, {where} says "
        f"{paginated}")
    status, body = emu_voices.list_voices({}, version)
    assert status == 200
    if paginated:
        assert isinstance(body, dict) and {"data", "has_more"} <= set(body), (
            f"emulator: {EMU_VOICES} list_voices on {version} answers {type(body).__name__}")
    else:
        assert isinstance(body, list), (
            f"emulator: {EMU_VOICES} list_voices on {version} answers {type(body).__name__}")


@pytest.mark.parametrize("version", version_cases("test_voices_filters"))
def test_voices_filters(version):
    """Query parameters of GET /voices beyond paging: q and language are the client's
    `voice_search`; the emulator's filter set is all of them."""
    _, query, expand = spec_voices_list(version)
    filters = query - _PAGING
    where = (f"{OAS_NAME} GET /voices parameters" if version_source(version) == "oas"
             else f"fern/version-{version}/voices.yml list query-parameters")
    search = {"q", "language"} <= query
    assert {"q", "language"} & query in (set(), {"q", "language"}), (
        f"{where}: has only one of q and language")
    client = client_features(version).voice_search
    assert client == search, (
        f"client: {CLIENT} VERSIONS[{version!r}].voice_search = {client}, {where}: q/language "
        f"{'present' if search else 'absent'}")
    api = emulator_voice_api(version)
    assert set(api.filters) == filters, (
        f"emulator: {EMU_VOICES} VOICE_API[{version!r}].filters = {sorted(api.filters)}, "
        f"{where} = {sorted(filters)}")
    assert set(api.expandable) == expand, (
        f"emulator: {EMU_VOICES} VOICE_API[{version!r}].expandable = {sorted(api.expandable)}, "
        f"{where} expand[] = {sorted(expand)}")


@pytest.mark.parametrize("version", version_cases("test_voice_fields"))
def test_voice_fields(version):
    spec = spec_voice_fields(version)
    where = (f"{OAS_NAME} components.schemas.Voice" if version_source(version) == "oas"
             else f"fern/version-{version}/voices.yml Voice")
    access = {"access", "visibility"} <= spec
    client = client_features(version).voice_access_fields
    assert client == access, (
        f"client: {CLIENT} VERSIONS[{version!r}].voice_access_fields = {client}, {where} has "
        f"{'access/visibility' if access else 'no access/visibility'}")
    api = emulator_voice_api(version)
    emulator = set(api.fields) | set(api.expandable)
    assert emulator == spec, (
        f"emulator: {EMU_VOICES} VOICE_API[{version!r}] fields+expandable: extra "
        f"{sorted(emulator - spec)}, missing {sorted(spec - emulator)} ({where})")


@pytest.mark.parametrize("version", version_cases("test_voice_specifier"))
def test_voice_specifier(version):
    """Every file version requires {"mode": "id", "id": ...}; the Fern files also say whether
    {"mode": "embedding"} exists (OAS 2025-11-04 is left out: API_NOTES §1.4 [UNCERTAIN])."""
    modes, mode_required = spec_voice_modes(version)
    where = (f"{OAS_NAME} TTSRequestVoiceSpecifier" if version_source(version) == "oas"
             else f"fern/version-{version}/tts.yml TTSRequestVoiceSpecifier")
    features = client_features(version)
    expected = "mode" if mode_required else "id"
    assert features.voice_specifier == expected, (
        f"client: {CLIENT} VERSIONS[{version!r}].voice_specifier = {features.voice_specifier!r}, "
        f"{where}: mode {'required' if mode_required else 'optional'}")
    if version_source(version) != "oas":
        embeddings = "embedding" in modes
        assert features.embeddings == embeddings, (
            f"client: {CLIENT} VERSIONS[{version!r}].embeddings = {features.embeddings}, {where} "
            f"modes = {sorted(modes)}")
    forms = emulator_version(version).voice_forms
    if mode_required:
        assert forms == frozenset({"mode"}), (
            f"emulator: {EMU_VERSIONS} VERSIONS[{version!r}].voice_forms = {sorted(forms)}, "
            f"{where} requires mode")


@pytest.mark.parametrize("version", version_cases("test_max_buffer_delay"))
def test_max_buffer_delay(version):
    spec = spec_buffer_delay(version)
    where = (f"{OAS_NAME} GenerationRequest.max_buffer_delay_ms"
             if version_source(version) == "oas"
             else f"fern/version-{version}/tts.yml GenerationRequest.max_buffer_delay_ms")
    delay = client_features(version).max_buffer_delay
    client = (delay.low, delay.high, delay.default)
    assert client == spec, (
        f"client: {CLIENT} VERSIONS[{version!r}].max_buffer_delay = {client}, {where} = "
        f"(low, high, default) {spec}")
    emulator = tuple(emulator_version(version).buffer_delay_ms)
    assert emulator == spec, (
        f"emulator: {EMU_VERSIONS} VERSIONS[{version!r}].buffer_delay_ms = {emulator}, {where} = "
        f"(low, high, default) {spec}")


@pytest.mark.parametrize("version", version_cases("test_ws_context_id_required"))
def test_ws_context_id_required(version):
    spec = spec_ws_context_id_required(version)
    where = (f"{OAS_NAME} GenerationRequest.required" if version_source(version) == "oas"
             else f"fern/version-{version}/tts.yml GenerationRequest.context_id")
    client = version >= facts.WS_CONTEXT_ID_REQUIRED_SINCE
    assert client == spec, (
        f"client: {CLIENT} WS_CONTEXT_ID_REQUIRED_SINCE = {facts.WS_CONTEXT_ID_REQUIRED_SINCE} "
        f"makes context_id {'required' if client else 'optional'} on {version}, {where} says "
        f"{'required' if spec else 'optional'}")
    emulator = emulator_version(version).ws_context_id_required
    assert emulator == spec, (
        f"emulator: {EMU_VERSIONS} VERSIONS[{version!r}].ws_context_id_required = {emulator}, "
        f"{where} says {'required' if spec else 'optional'}")


@pytest.mark.parametrize("version", version_cases("test_locale_field"))
def test_locale_field(version):
    fields = spec_bytes_request_fields(version)
    spec = "locale" in fields
    where = (f"{OAS_NAME} TTSRequest" if version_source(version) == "oas"
             else f"fern/version-{version}/tts.yml TTSRequest")
    client = client_features(version).locale_field
    assert client == spec, (
        f"client: {CLIENT} VERSIONS[{version!r}].locale_field = {client}, {where} "
        f"{'has' if spec else 'lacks'} locale")
    emulator = emulator_version(version).locale_fields
    assert emulator == spec, (
        f"emulator: {EMU_VERSIONS} VERSIONS[{version!r}].locale_fields = {emulator}, {where} "
        f"{'has' if spec else 'lacks'} locale")


@pytest.mark.parametrize("version", version_cases("test_field_lifetimes"))
def test_field_lifetimes(version):
    """The client's field-lifetime dates (migrate-check uses them); the emulator tolerates all
    these fields on every version, so it has nothing to compare."""
    where = OAS_NAME if version_source(version) == "oas" else f"fern/version-{version}/tts.yml"
    request = spec_bytes_request_fields(version)
    for field, since in facts.FIELD_SINCE.items():
        assert (field in request) == (version >= since), (
            f"client: {CLIENT} FIELD_SINCE[{field!r}] = {since}, {where} TTSRequest on {version} "
            f"{'has' if field in request else 'lacks'} {field}")
    has_duration = "duration" in request
    assert has_duration == (version <= facts.DURATION_LAST_VERSION), (
        f"client: {CLIENT} DURATION_LAST_VERSION = {facts.DURATION_LAST_VERSION}, {where} "
        f"TTSRequest on {version} {'has' if has_duration else 'lacks'} duration")
    raw_bit_rate = "bit_rate" in spec_raw_format_fields(version)
    assert raw_bit_rate == (version <= facts.RAW_BIT_RATE_LAST_VERSION), (
        f"client: {CLIENT} RAW_BIT_RATE_LAST_VERSION = {facts.RAW_BIT_RATE_LAST_VERSION}, {where} "
        f"RawOutputFormat on {version} {'has' if raw_bit_rate else 'lacks'} bit_rate")
    string_only = spec_ws_transcript_is_string(version)
    assert string_only == (version >= facts.TRANSCRIPT_STRING_ONLY_SINCE), (
        f"client: {CLIENT} TRANSCRIPT_STRING_ONLY_SINCE = {facts.TRANSCRIPT_STRING_ONLY_SINCE}, "
        f"{where} GenerationRequest.transcript on {version} is "
        f"{'a string' if string_only else 'not only a string'}")


# --- voices: embedding size, genders, page size ---------------------------------------------


def test_embedding_size():
    """The Fern versions that still define embeddings say how long one is."""
    with_embeddings = [v for v in FERN_VERSIONS
                       if (REFERENCE / "fern" / f"version-{v}" / "embedding.yml").is_file()]
    assert with_embeddings, "no Fern version defines embedding.yml"
    for version in with_embeddings:
        text = fern_docs(fern_types(version, "embedding")["Embedding"])
        match = re.search(r"(\d+)-dimensional", text)
        assert match, f"fern/version-{version}/embedding.yml Embedding: no size in {text!r}"
        size, where = int(match.group(1)), f"fern/version-{version}/embedding.yml Embedding"
        assert facts.EMBEDDING_SIZE == size, (
            f"client: {CLIENT} EMBEDDING_SIZE = {facts.EMBEDDING_SIZE}, {where} = {size}")
        assert emu_voices.EMBEDDING_SIZE == size, (
            f"emulator: {EMU_VOICES} EMBEDDING_SIZE = {emu_voices.EMBEDDING_SIZE}, "
            f"{where} = {size}")


def test_voice_gender_values():
    sources = {f"{OAS_NAME} GenderPresentation": schema("GenderPresentation")["enum"]}
    for version in FERN_VERSIONS:
        node = fern_types(version, "voices").get("GenderPresentation")
        if node is not None:
            sources[f"fern/version-{version}/voices.yml GenderPresentation"] = node["enum"]
    for where, spec in sources.items():
        assert set(emu_voices.GENDER_VALUES) == set(spec), (
            f"emulator: {EMU_VOICES} GENDER_VALUES = {emu_voices.GENDER_VALUES}, {where} = {spec}")


@pytest.mark.parametrize("version", cases("test_voices_limit", [
    v for v in SPEC_VERSIONS if "limit" in spec_voices_list(v)[1]]))
def test_voices_limit(version):
    if version_source(version) == "oas":
        params = [resolve(p) for p in oas()["paths"]["/voices"]["get"]["parameters"]]
        node = next(p for p in params if p["name"] == "limit")
        text, default, where = node["description"], None, f"{OAS_NAME} GET /voices limit"
    else:
        node = fern_voices_list(version)["request"]["query-parameters"]["limit"]
        text, default = fern_docs(node), node.get("default")
        where = f"fern/version-{version}/voices.yml list limit"
    match = re.search(r"between (\d+) and (\d+)", text)
    assert match, f"{where}: no 'between a and b' in {text!r}"
    assert (1, emu_voices.MAX_LIMIT) == (int(match.group(1)), int(match.group(2))), (
        f"emulator: {EMU_VOICES} limit 1..{emu_voices.MAX_LIMIT}, {where}: {match.group(0)}")
    if default is not None:
        assert emu_voices.DEFAULT_LIMIT == default, (
            f"emulator: {EMU_VOICES} DEFAULT_LIMIT = {emu_voices.DEFAULT_LIMIT}, {where} default "
            f"{default}")


# --- your own voices and pronunciation dictionaries (client side; issue 13) ----------------------


def fern_clone_fields(version: str) -> dict[str, Any]:
    clone = fern(version, "voices")["service"]["endpoints"]["clone"]
    return clone["request"]["body"]["properties"]


def spec_dict_item_field(version: str) -> str | None:
    """The required replacement field of a pronunciation dictionary item; None: no dicts."""
    if version_source(version) == "oas":
        item = schema("PronunciationDictItem")
        required = set(item["required"]) - {"text"}
    else:
        try:
            props = fern_props(version, "PronunciationDictItem", "pronunciation-dicts")
        except FileNotFoundError:
            return None
        required = {k for k, v in props.items() if not is_optional(v)} - {"text"}
    assert len(required) == 1, f"{version}: pronunciation dict item requires {required}"
    return required.pop()


@pytest.mark.parametrize("version", version_cases("test_clone_mode"))
def test_clone_mode(version):
    if version_source(version) == "oas":
        body = oas()["paths"]["/voices/clone"]["post"]["requestBody"]["content"]
        fields = body["multipart/form-data"]["schema"]["properties"]
        spec = "mode" in fields
    else:
        fields = fern_clone_fields(version)
        spec = "mode" in fields and not is_optional(fields["mode"])
    client = client_features(version).clone_mode
    assert client == spec, (f"client: {CLIENT} VERSIONS[{version!r}].clone_mode = {client}, "
                            f"the clone request {'requires' if spec else 'has no'} mode")


@pytest.mark.parametrize("version", version_cases("test_dict_item_field"))
def test_dict_item_field(version):
    spec = spec_dict_item_field(version)
    client = client_features(version).dict_item_field
    assert client == spec, (f"client: {CLIENT} VERSIONS[{version!r}].dict_item_field = "
                            f"{client!r}, the spec's item requires {spec!r}")


def test_localize_dialects():
    spec = {}
    for name in ("LocalizeEnglishDialect", "LocalizeSpanishDialect",
                 "LocalizePortugueseDialect", "LocalizeFrenchDialect"):
        language = {"English": "en", "Spanish": "es", "Portuguese": "pt", "French": "fr"}[
            name.removeprefix("Localize").removesuffix("Dialect")]
        spec[language] = tuple(schema(name)["enum"])
    assert facts.LOCALIZE_DIALECTS == spec
