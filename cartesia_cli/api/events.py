"""TTS stream events (SSE and WebSocket) parsed from the API's JSON by `type` into the leaf
types of cartesia_cli/events.py."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from cartesia_cli.api.errors import error_from_event
from cartesia_cli.errors import ProtocolError
from cartesia_cli.events import AudioChunk, Done, Event, FlushDone, Timestamps


def _timestamps(kind: str, raw: Any, key: str, context_id: str | None) -> Timestamps:
    if not isinstance(raw, dict):
        raise ProtocolError(f"malformed {kind} timestamps event")
    items, start, end = raw.get(key) or [], raw.get("start") or [], raw.get("end") or []
    if not (len(items) == len(start) == len(end)):
        raise ProtocolError(f"malformed {kind} timestamps: arrays of different lengths")
    return Timestamps(kind, tuple(items), tuple(map(float, start)), tuple(map(float, end)),
                      context_id)


def parse_event(message: dict[str, Any], where: str) -> Event | None:
    """One event from a decoded JSON message; None for types this client does not know.

    Raises:
        CartesiaError: for error events (exit code by their status_code).
        ProtocolError: for malformed events.
    """
    kind = message.get("type")
    context_id = message.get("context_id")
    if kind == "chunk":
        try:
            data = base64.b64decode(message.get("data") or "", validate=True)
        except (binascii.Error, TypeError) as exc:
            raise ProtocolError(f"malformed audio chunk from {where}: {exc}") from exc
        return AudioChunk(data, context_id, message.get("flush_id"))
    if kind == "timestamps":
        return _timestamps("words", message.get("word_timestamps"), "words", context_id)
    if kind == "phoneme_timestamps":
        return _timestamps("phonemes", message.get("phoneme_timestamps"), "phonemes", context_id)
    if kind == "flush_done":
        return FlushDone(message.get("flush_id"), context_id)
    if kind == "done":
        return Done(context_id)
    if kind == "error" or (kind is None and message.get("error")):
        raise error_from_event(message, where)
    return None
