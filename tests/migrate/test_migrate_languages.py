"""The same mistake is found everywhere it can be written: a request body as a Python dict or
keyword call, a JavaScript/TypeScript object literal, JSON, YAML (nested blocks too), a curl
`-d`/`--data` body and a Markdown fence. Same rule, same message, same fix availability."""

from __future__ import annotations

import ast
import json
from typing import Any

import pytest
import yaml

from cartesia_cli.facts import DEFAULT_VERSION, resolve_version
from cartesia_cli.migrate import engine
from cartesia_cli.migrate.rules import select_rules
from cartesia_cli.migrate.source import Document

OPTIONS = engine.Options(resolve_version(DEFAULT_VERSION), select_rules(preview=True), fix=True,
                         unsafe_fixes=True)
VOICE_ID = "a0e99841-438c-4a64-b679-ae501e7d6091"
RAW = {"container": "raw", "encoding": "pcm_f32le", "sample_rate": 44100}


def _request(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model_id": "sonic-3", "transcript": "Hello there",
                            "voice": {"id": VOICE_ID}, "output_format": RAW}
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def _py(value: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "".join(f'{pad}    "{k}": {_py(v, indent + 4)},\n' for k, v in value.items())
        return "{\n" + inner + pad + "}"
    if isinstance(value, bool):
        return str(value)
    return json.dumps(value)


def _js(value: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        inner = "".join(f"{pad}  {k}: {_js(v, indent + 2)},\n" for k, v in value.items())
        return "{\n" + inner + pad + "}"
    return json.dumps(value)


def _yaml(value: dict[str, Any], indent: int) -> str:
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{' ' * indent}{key}:\n" + _yaml(item, indent + 2))
        elif isinstance(item, list):
            lines.append(f"{' ' * indent}{key}: {json.dumps(item)}\n")
        elif isinstance(item, bool):
            lines.append(f"{' ' * indent}{key}: {str(item).lower()}\n")
        else:
            lines.append(f"{' ' * indent}{key}: {item}\n")
    return "".join(lines)


def written(language: str, body: dict[str, Any], endpoint: str = "bytes") -> tuple[str, str]:
    """(file language, text) of a request body written the way each language writes it."""
    if language == "python dict":
        return "python", f"# Cartesia TTS request\nrequest = {_py(body, 0)}\n"
    if language == "python call":
        method = {"bytes": "generate", "sse": "generate_sse"}[endpoint]
        args = "".join(f"    {k}={_py(v, 4)},\n" for k, v in body.items())
        return "python", ("from cartesia import Cartesia\n\nclient = Cartesia()\n"
                          f"audio = client.tts.{method}(\n{args})\n")
    if language == "python inline":
        return "python", f"# Cartesia TTS request\nrequest = {json.dumps(body)}\n"
    if language == "javascript inline":
        return "javascript", f"// Cartesia TTS request\nconst request = {json.dumps(body)};\n"
    if language == "javascript":
        return "javascript", f"// Cartesia TTS request\nconst request = {_js(body, 0)};\n"
    if language == "json":
        return "json", json.dumps(body, indent=2) + "\n"
    if language == "yaml":
        return "yaml", "# Cartesia TTS job\njob:\n  request:\n" + _yaml(body, 4)
    if language == "curl":
        return "shell", (f"curl -X POST https://api.cartesia.ai/tts/{endpoint} \\\n"
                         f'  -H "Cartesia-Version: {DEFAULT_VERSION}" \\\n'
                         '  -H "Authorization: Bearer $CARTESIA_API_KEY" \\\n'
                         f"  --data '{json.dumps(body)}'\n")
    if language == "markdown":
        return "markdown", ("# Cartesia\n\n```json\n" + json.dumps(body, indent=2) + "\n```\n")
    raise AssertionError(language)


LANGUAGES = ("python dict", "python call", "python inline", "javascript", "javascript inline",
             "json", "yaml", "curl", "markdown")
MISTAKES = {
    "string output_format": (_request(output_format="fp32_44100"), "CAR503"),
    "unknown string output_format": (_request(output_format="wav_44100"), "CAR503"),
    "sunset model": (_request(model_id="sonic-english"), "CAR509"),
    "deprecated model": (_request(model_id="sonic-preview"), "CAR512"),
    "voice embedding": (_request(voice={"mode": "embedding", "embedding": [0.1, 0.2]}),
                        "CAR506"),
    "experimental controls": (_request(voice={"id": VOICE_ID, "__experimental_controls":
                                              {"speed": "fast"}}), "CAR507"),
    "mode id": (_request(voice={"mode": "id", "id": VOICE_ID}), "CAR508"),
    "chunk_time": (_request(chunk_time=0.5), "CAR501"),
    "lookahead": (_request(lookahead=2), "CAR502"),
    "speed word": (_request(speed="fast"), "CAR510"),
}


def findings(language: str, body: dict[str, Any], code: str,
             endpoint: str = "bytes") -> list[tuple[str, str, str | None]]:
    file_language, text = written(language, body, endpoint)
    doc = Document(f"x.{language}", text, file_language)
    return [(f.code, f.message, f.fix.applicability.value if f.fix else None)
            for f in engine.check_document(doc, OPTIONS) if f.code == code]


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_reads_the_same_in_every_language(mistake):
    body, code = MISTAKES[mistake]
    seen = {language: findings(language, body, code) for language in LANGUAGES}
    reference = seen["json"]
    assert len(reference) == 1, reference
    assert {language: found for language, found in seen.items() if found != reference} == {}


def test_streaming_container_reads_the_same():
    body = _request(output_format={**RAW, "container": "wav"})
    seen = {language: findings(language, body, "CAR511", "sse")
            for language in ("python call", "curl")}
    assert seen["python call"] == seen["curl"] != []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_modern_request_is_clean_everywhere(language):
    file_language, text = written(language, _request())
    doc = Document(f"x.{language}", text, file_language)
    assert engine.check_document(doc, OPTIONS) == []


def test_missing_version_reads_the_same_in_code_and_curl():
    """Same message and the same safe fix: curl gets `-H`, code a `headers` entry."""
    docs = [
        Document("x.sh", "curl -X POST https://api.cartesia.ai/tts/bytes \\\n"
                 '  -H "Authorization: Bearer $CARTESIA_API_KEY" -d @body.json\n', "shell"),
        Document("x.py", 'import requests\nrequests.post("https://api.cartesia.ai/tts/bytes",'
                 ' json=body,\n              headers={"Authorization": f"Bearer {key}"})\n',
                 "python"),
        Document("x.ts", 'await fetch("https://api.cartesia.ai/tts/bytes", {\n  method: "POST",\n'
                 "  headers: {\n    Authorization: `Bearer ${key}`,\n  },\n  body,\n});\n",
                 "javascript"),
    ]
    seen = []
    for doc in docs:
        found = [(f.message, f.fix.applicability.value if f.fix else None)
                 for f in engine.check_document(doc, OPTIONS) if f.code == "CAR201"]
        seen.append(found)
        result = engine.check_file(doc, None, OPTIONS)
        assert "CAR201" not in [f.code for f in result.findings], doc.path
        assert f"Cartesia-Version: {DEFAULT_VERSION}" in result.text \
            or f'"Cartesia-Version": "{DEFAULT_VERSION}"' in result.text
    assert seen[0] == seen[1] == seen[2] == [(seen[0][0][0], "safe")]


def _parses(language: str, text: str) -> None:
    if language in ("python dict", "python call", "python inline"):
        ast.parse(text)
    elif language in ("json", "markdown"):
        json.loads(text.split("```json\n")[-1].split("```")[0] if language == "markdown" else text)
    elif language == "yaml":
        yaml.safe_load(text)
    elif language == "curl":
        json.loads(text.split("--data '")[1].split("'")[0])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m != "unknown string output_format"])
def test_fixes_are_complete_in_every_language(language, mistake):
    """After --fix --unsafe-fixes nothing fixable is left, the mistake is gone when its rule has
    a fix, and the file still parses."""
    body, code = MISTAKES[mistake]
    file_language, text = written(language, body)
    result = engine.check_file(Document("x", text, file_language), None, OPTIONS)
    left = [f for f in result.findings if f.fixable(True)]
    assert left == []
    if any(f.code == code for f in result.fixed):
        assert code not in [f.code for f in result.findings]
        _parses(language, result.text)
    else:
        assert result.text == text
