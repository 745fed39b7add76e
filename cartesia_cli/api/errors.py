"""Turn the API's error answers (both shapes) into CartesiaError instances."""

from __future__ import annotations

import json
from typing import Any

from cartesia_cli.errors import ApiError, CartesiaError, error_for_status

_HINTS = {
    401: "check the key: `cartesia config show` says where it comes from "
         "(CARTESIA_API_KEY, --api-key or a profile)",
    403: "this key or token is not allowed here; an access token only covers its grants",
    402: "the account is out of credits",
    413: "the text is too long for one request: `cartesia stream -f FILE` sends it in pieces",
    429: "too many concurrent requests for this plan; wait and try again",
}


def parse_error_body(text: str) -> dict[str, Any]:
    """Fields of an error body: structured JSON (2026-03-01+) or legacy `Title: Message` text."""
    text = text.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            fields = {k: data.get(k) for k in ("title", "message", "error_code", "request_id")}
            if fields["message"] is None and isinstance(data.get("error"), str):
                return {**fields, **parse_error_body(data["error"])}
            if fields["message"] is None and isinstance(data.get("detail"), str):
                fields["message"] = data["detail"]
            return fields
    title, sep, message = text.partition(": ")
    if sep and title and "\n" not in title and len(title) <= 80:
        return {"title": title, "message": message, "error_code": None, "request_id": None}
    return {"title": None, "message": text or None, "error_code": None, "request_id": None}


# With an access token (no API key), 401 and 403 are about the token, not about a key.
_TOKEN_HINTS = {
    401: "the access token has expired or is not valid: mint a new one with `cartesia token` "
         "(`cartesia token inspect TOKEN` shows its expiry)",
    403: "the access token lacks the grant this needs: mint one that has it, e.g. "
         "`cartesia token --grant tts` (`cartesia token inspect TOKEN` shows its grants)",
}


def error_from_fields(fields: dict[str, Any], status: int | None, where: str, *,
                      token: bool = False) -> CartesiaError:
    """One error from the API's fields, classed by status (exit code) with a hint; `token`:
    the request authenticated with an access token."""
    title, message = fields.get("title"), fields.get("message")
    text = ": ".join(p for p in (title, message) if p) or "no details given"
    status_text = f"HTTP {status} from {where}" if status else where
    cls = error_for_status(status) if status else ApiError
    hint = (_TOKEN_HINTS if token else _HINTS).get(status or 0) or _HINTS.get(status or 0)
    if token and fields.get("error_code") == "insufficient_grants":
        hint = _TOKEN_HINTS[403]
    if status == 413 and "websocket" in where.lower():
        hint = "the API holds too much unspoken text for this context; try again"
    if cls is ApiError and fields.get("error_code") == "voice_not_found":
        hint = "run `cartesia voices list` to see the voices you can use"
    if cls is ApiError and fields.get("error_code") in ("model_not_found", "model_sunsetted"):
        hint = "use a current model such as sonic-3 (see `cartesia say --help`)"
    return cls(
        f"{text} ({status_text})",
        hint=hint,
        title=title,
        error_code=fields.get("error_code"),
        request_id=fields.get("request_id"),
        status=status,
    )


def error_from_event(event: dict[str, Any], where: str) -> CartesiaError:
    """An SSE/WebSocket error event, structured or legacy (`error: "Title: Message"`)."""
    fields = {k: event.get(k) for k in ("title", "message", "error_code", "request_id")}
    if not fields["message"] and isinstance(event.get("error"), str):
        fields.update({k: v for k, v in parse_error_body(event["error"]).items() if v})
    status = event.get("status_code")
    return error_from_fields(fields, status if isinstance(status, int) else None, where)

