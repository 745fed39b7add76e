"""Precision: look-alikes that must not be reported, each next to a twin that must be."""

from __future__ import annotations

import pytest

from cartesia_cli.facts import resolve_version
from cartesia_cli.migrate import engine
from cartesia_cli.migrate.rules import select_rules
from cartesia_cli.migrate.source import Document

OPTIONS = engine.Options(resolve_version("2026-08-14"), select_rules(preview=True))
HEADER = {"python": "# client for the Cartesia API\n", "javascript": "// Cartesia client\n",
          "shell": "# Cartesia\n", "yaml": "# Cartesia\n"}


def found(language: str, code: str) -> list[str]:
    doc = Document("x", HEADER[language] + code, language)
    return [f.code for f in engine.check_document(doc, OPTIONS)]


@pytest.mark.parametrize("language, quiet, loud, code", [
    ("python", 'if name.lower() == "x-api-key":\n    pass\n',
     'headers = {"X-API-Key": key}\n', "CAR301"),
    ("python", 'Features("2024-06-10", "x-api-key", False)\n',
     'headers.update({"x-api-key": key})\n', "CAR301"),
    ("javascript", 'log("x-api-key", value);\n', 'headers.set("X-API-Key", key);\n', "CAR301"),
    ("python", 'sr = sample["audio"]["sampling_rate"]\n', 'sr = output["sampling_rate"]\n',
     "CAR505"),
    ("python", 'n = response["length"]\n', 'n = response["sampling_rate"]\n', "CAR505"),
    ("javascript", 'app.get("/audio/websocket", onSocket);\n',
     'const url = `${base}/audio/websocket`;\n', "CAR102"),
    ("python", 'URL = "https://api.other.example/v1/audio/stream"\n',
     'URL = BASE + "/audio/stream"\n', "CAR102"),
    ("python", 'tts(output_format="mp3_44100_128")\n', 'tts(output_format="fp32_44100")\n',
     "CAR503"),
    ("python", 'vectors = {"embedding": [0.1, 0.2]}\n',
     'request = {"voice": {"mode": "id", "embedding": [0.1]}}\n', "CAR506"),
    ("javascript", 'socket.send(JSON.stringify({ data: { score: 1 } }));\n',
     'socket.send(JSON.stringify({ data: { transcript: "hi" } }));\n', "CAR504"),
    ("python", 'if post.is_public:\n    pass\n', 'if voice.is_public:\n    pass\n', "CAR607"),
    # Code that reads the new fields keeps the old one as a fallback for older versions.
    ("python", 'shared = voice.get("is_public")\nif shared is None:\n'
               '    shared = voice["access"] == "public"\n',
     'shared = voice.get("is_public")\n', "CAR607"),
    # Code that reads the JSON error keeps the `Title: Message` split as a fallback.
    ("python", 'data = json.loads(text)\ntitle = data.get("title")\n'
               'title, _, message = response.text.partition(": ")\n',
     'title, _, message = response.text.partition(": ")\n', "CAR205"),
    ("python", 'field, _, value = line.partition(":")\n',
     'title, _, detail = response.text.partition(": ")\n', "CAR205"),
    ("python", 'KEY = "sk_car_offline_local_emulator"  # a fake for tests\n',
     'KEY = "sk_car_9fQ2xLmP0aZt7VwB3nYc"\n', "CAR302"),
    ("python", 'BASE = "http://127.0.0.1:8787"\n', 'BASE = "http://api.cartesia.ai"\n', "CAR401"),
    ("python", 'Cartesia(base_url="http://localhost:8787")\n',
     'Cartesia(base_url="http://tts-gateway.internal")\n', "CAR402"),
    ("shell", 'export CARTESIA_BASE_URL=http://127.0.0.1:9\n',
     'export CARTESIA_BASE_URL=http://10.0.0.7:8080\n', "CAR402"),
    ("python", 'STT = "https://api.cartesia.ai/audio/transcriptions"  # Cartesia-Version: see\n',
     'TTS = "https://api.cartesia.ai/audio/sse"  # Cartesia-Version: see\n', "CAR102"),
    ("python", '# was: requests.post("https://api.cartesia.ai/v0/audio/sse")\n',
     'requests.post("https://api.cartesia.ai/v0/voices")  # Cartesia-Version set below\n',
     "CAR101"),
    ("yaml", '# cartesia_version: "2024-06-10"\n', 'cartesia_version: "2024-06-10"\n', "CAR204"),
    ("python", 'chunk_time = 0.5\n', 'client.tts.sse(chunk_time=0.5)\n', "CAR501"),
    ("python", 'speed: str = "fast"  # model sonic-3\n',
     'request = {"model_id": "sonic-3", "speed": "fast"}\n', "CAR510"),
    ("python", 'provider = "sonic"\n', 'model_id = "sonic"\n', "CAR509"),
])
def test_look_alikes(language, quiet, loud, code):
    assert code not in found(language, quiet)
    assert code in found(language, loud)


def test_commented_out_keys_are_still_secrets():
    assert found("python", "# KEY = 'sk_car_9fQ2xLmP0aZt7VwB3nYc'\n") == ["CAR302"]


def test_generic_rules_need_a_file_about_cartesia():
    unrelated = Document("x.py", 'job = {"chunk_time": 0.5, "lookahead": 2}\n', "python")
    assert engine.check_document(unrelated, OPTIONS) == []
    related = Document("x.py", "# Cartesia\n" + unrelated.text, "python")
    assert [f.code for f in engine.check_document(related, OPTIONS)] == ["CAR501", "CAR502"]


def test_sdk_rules_need_the_sdk():
    other = "tts = MyTTS()\nfor chunk in tts.sse(text):\n    pass\n"
    assert found("python", other) == []
    assert found("python", "from cartesia import Cartesia\n" + other) == ["CAR602"]
