"""What the rules derive from the API facts (cartesia_cli/facts.py, their one home): model
problems, legacy output format names, version comparisons."""

from __future__ import annotations

import re

from cartesia_cli.facts import (
    DEPRECATED_MODELS,
    DURATION_LAST_VERSION,
    EMBEDDING_SIZE,
    FIELD_SINCE,
    LANGUAGES,
    LEGACY_SPEED_WORDS,
    NORMALIZATION_WORDS,
    RAW_BIT_RATE_LAST_VERSION,
    REPLACEMENT_MODEL,
    SAMPLE_RATES,
    SPEED_RANGE,
    SPEED_WORDS,
    SUNSET_DATE,
    SUNSET_MODELS,
    TRANSCRIPT_STRING_ONLY_SINCE,
    VOLUME_RANGE,
    WS_CONTEXT_ID_REQUIRED_SINCE,
    ResolvedVersion,
)

# The rules read the API facts they need through this module (`facts.X`); their home stays
# cartesia_cli/facts.py.
__all__ = [
    "DEPRECATED_MODELS", "DURATION_LAST_VERSION", "EMBEDDING_SIZE", "FIELD_SINCE",
    "GENERATION_CONFIG_RANGES", "LANGUAGES", "LEGACY_SPEED_WORDS", "LOCALE",
    "NORMALIZATION_WORDS", "RAW_BIT_RATE_LAST_VERSION", "REPLACEMENT_MODEL", "SAMPLE_RATES",
    "SPEED_RANGE", "SPEED_WORDS", "SUNSET_DATE", "SUNSET_MODELS",
    "TRANSCRIPT_STRING_ONLY_SINCE", "VOLUME_RANGE", "WS_CONTEXT_ID_REQUIRED_SINCE",
    "ResolvedVersion", "is_sunset", "legacy_output_format", "model_problem",
    "output_format_literal", "supports_generation_config", "version_at_least",
]

# How a model id enables generation_config (sonic-3 and newer, and the floating sonic-latest).
_GENERATION_CONFIG_MODEL = re.compile(r"^sonic-(?:3(?:\.\d+)?(?:-.*)?|latest)$")
GENERATION_CONFIG_RANGES = {"volume": VOLUME_RANGE, "speed": SPEED_RANGE}
LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")

# Output format names of the v0 API and of SDK 1.x (`get_output_format`), as request objects.
_LEGACY_PREFIX = {"fp32": "pcm_f32le", "pcm": "pcm_s16le", "mulaw": "pcm_mulaw",
                  "alaw": "pcm_alaw"}
_LEGACY_NAME = re.compile(r"^(?P<kind>fp32|pcm|mulaw|alaw)(?:_(?P<rate>\d+))?$")
_SDK_NAME = re.compile(r"^raw_(?P<encoding>pcm_f32le|pcm_s16le|pcm_mulaw|pcm_alaw)_(?P<rate>\d+)$")


def is_sunset(model: str) -> bool:
    return model in SUNSET_MODELS


def model_problem(model: str) -> tuple[str, str] | None:
    """The rule code and message for a model id that is sunset (CAR509) or deprecated
    (CAR512), or None."""
    if model in SUNSET_MODELS:
        return "CAR509", f"model `{model}` was sunset on {SUNSET_DATE}"
    if model in DEPRECATED_MODELS:
        return "CAR512", f"model `{model}` is {DEPRECATED_MODELS[model]}"
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
