"""API facts the rules need beyond the version table: model lifecycles, legacy output format
names, languages and value ranges. Sources are in the project's API notes (§2, §7)."""

from __future__ import annotations

import re

from cartesia_cli.api.versions import ResolvedVersion
from cartesia_cli.audio.formats import SAMPLE_RATES

SUNSET_DATE = "2026-06-01"
# Sunset on June 1 2026 (the original sonic family, its aliases, and the 2025-03-07 snapshots).
SUNSET_MODELS = frozenset({
    "sonic", "sonic-english", "sonic-multilingual", "sonic-2024-10-19", "sonic-2024-12-12",
    "sonic-2-2025-03-07", "sonic-turbo-2025-03-07",
})
DEPRECATED_MODELS = {"sonic-preview": "a deprecated alias of sonic-2"}
REPLACEMENT_MODEL = "sonic-3"
_GENERATION_CONFIG_MODEL = re.compile(r"^sonic-(?:3(?:\.\d+)?(?:-.*)?|latest)$")

# Versions whose behaviour the VersionFeatures table does not model (payload field lifetimes).
FIELD_SINCE = {"pronunciation_dict_id": "2025-04-16", "save": "2025-04-16"}
DURATION_LAST_VERSION = "2025-04-16"  # `duration` is absent from the 2025-11-04 schema on
RAW_BIT_RATE_LAST_VERSION = "2024-11-13"  # raw output_format lost its optional bit_rate after
WS_CONTEXT_ID_REQUIRED_SINCE = "2025-11-04"
TRANSCRIPT_STRING_ONLY_SINCE = "2025-04-16"

SPEED_WORDS = ("slow", "normal", "fast")
LEGACY_SPEED_WORDS = ("slowest", "slow", "normal", "fast", "fastest")
GENERATION_CONFIG_RANGES = {"volume": (0.5, 2.0), "speed": (0.6, 1.5)}
EMBEDDING_SIZE = 192
LANGUAGES = frozenset(
    "en fr de es pt zh ja hi it ko nl pl ru sv tr tl bg ro ar cs el fi hr ms sk da ta uk hu no "
    "vi bn th he ka id te gu kn ml mr pa or ur".split()
)
NORMALIZATION_WORDS = ("auto", "off")
LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")

# Output format names of the v0 API and of SDK 1.x (`get_output_format`), as request objects.
_LEGACY_PREFIX = {"fp32": "pcm_f32le", "pcm": "pcm_s16le", "mulaw": "pcm_mulaw",
                  "alaw": "pcm_alaw"}
_LEGACY_NAME = re.compile(r"^(?P<kind>fp32|pcm|mulaw|alaw)(?:_(?P<rate>\d+))?$")
_SDK_NAME = re.compile(r"^raw_(?P<encoding>pcm_f32le|pcm_s16le|pcm_mulaw|pcm_alaw)_(?P<rate>\d+)$")


def is_sunset(model: str) -> bool:
    return model in SUNSET_MODELS


def model_problem(model: str) -> str | None:
    """Why a model id is a problem (sunset or deprecated), or None."""
    if model in SUNSET_MODELS:
        return f"model `{model}` was sunset on {SUNSET_DATE}"
    if model in DEPRECATED_MODELS:
        return f"model `{model}` is {DEPRECATED_MODELS[model]}"
    return None


def supports_generation_config(model: str) -> bool:
    """sonic-3 and newer (and the floating `sonic-latest`) honour generation_config."""
    return bool(_GENERATION_CONFIG_MODEL.match(model))


def legacy_output_format(name: str) -> dict[str, object] | None:
    """The object form of an output format name such as `fp32_16000` or `raw_pcm_s16le_8000`."""
    legacy = _LEGACY_NAME.match(name)
    if legacy:
        kind, rate = legacy.group("kind"), legacy.group("rate")
        sample_rate = int(rate) if rate else (8000 if kind in ("mulaw", "alaw") else 44100)
        encoding = _LEGACY_PREFIX[kind]
    else:
        sdk = _SDK_NAME.match(name)
        if sdk is None:
            return None
        encoding, sample_rate = sdk.group("encoding"), int(sdk.group("rate"))
    if sample_rate not in SAMPLE_RATES:
        return None
    return {"container": "raw", "encoding": encoding, "sample_rate": sample_rate}


def output_format_literal(fmt: dict[str, object]) -> str:
    """A literal that is valid JSON, Python and JavaScript alike."""
    return "{" + ", ".join(f'"{k}": ' + (f'"{v}"' if isinstance(v, str) else str(v))
                           for k, v in fmt.items()) + "}"


def version_at_least(target: ResolvedVersion, date: str) -> bool:
    """Whether the target behaves as `date` or later (the newest known version on or before it)."""
    return target.features.version >= date
