"""anchored.py finds exactly what `pattern.finditer` finds: every scan object of the checks, on
the fixture files, on text built from the literals the patterns look for, and on random text."""

from __future__ import annotations

import random

import pytest
from migrate_support import FIXTURES

from cartesia_cli.migrate import check_auth, check_fields, check_paths, check_sdk, check_versions
from cartesia_cli.migrate.anchored import Anchored, anchored

SCANS = {f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
         for module in (check_auth, check_fields, check_paths, check_sdk, check_versions)
         for name, value in vars(module).items() if isinstance(value, Anchored)}
SCANS["field_keys"] = check_fields._field_pattern("output_format")

PIECES = ["cartesia", "Cartesia-Version", "cartesia_version", ": ", "=", '"', "'", "`", " ",
          "\n", "  ", "mode", "id", "embedding", "voice", "speed", "fast", "container", "wav",
          "sonic-english", "sonic", "/v0", "/audio/sse", "/voices/", "mix", "x-api-key",
          "X-API-Key", "http://", "ws://", "://api.cartesia.ai", "base_url", "URL", "tts", ".",
          "sse(", "stream=", "voice_id=", "get_output_format(", "sk_car_", "abcdefgh12",
          "_experimental_controls", "__experimental_controls", "output_format", "{", "}", "(",
          ")", "[", "]", "split", "partition", "err", "sampling_rate", ".voices", "is_public",
          "send", "JSON.stringify(", "data", "transcript", "model_id", "#", "É", "İ"]


def _texts() -> list[str]:
    files = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*"))
             if p.is_file() and p.suffix in (".py", ".js", ".ts", ".sh", ".json", ".yaml", ".md")]
    rng = random.Random(16)
    built = ["".join(rng.choice(PIECES) for _ in range(400)) for _ in range(60)]
    return files + built


TEXTS = _texts()


@pytest.mark.parametrize("name", sorted(SCANS))
def test_a_scan_finds_what_finditer_finds(name):
    scan = SCANS[name]
    for text in TEXTS:
        lowered = text.lower() if text.isascii() else None
        for start, end in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
            got = [m.span() for m in scan.finditer(text, start, end, lowered)]
            want = [m.span() for m in scan.pattern.finditer(text, start, end)]
            assert got == want, (name, start, end)


def test_case_insensitive_scans_need_offsets_that_lowering_keeps():
    scan = anchored(r"x-api-key", "X-API-KEY", flags=2)  # re.IGNORECASE
    text = "İ X-Api-Key"
    assert [m.span() for m in scan.finditer(text, 0, len(text), None)] == [(2, 11)]
