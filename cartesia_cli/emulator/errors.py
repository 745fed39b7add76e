"""Error responses and error events, in the shape each API version uses.

HTTP: JSON {error_code, title, message, request_id, doc_url?} from 2026-03-01, plain text
`Title: Message` before. SSE/WebSocket events: structured from 2025-11-04, `error: "Title: Message"`
before. Everything that goes wrong in a handler is raised as `ApiFailure` and rendered here once.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from starlette.responses import Response

if TYPE_CHECKING:
    from starlette.requests import Request

    from cartesia_cli.emulator.versions import ApiVersion

_DOCS = "https://docs.cartesia.ai"
_DOC_URLS = {
    "model_not_found": f"{_DOCS}/build-with-cartesia/tts-models/latest",
    "model_sunsetted": f"{_DOCS}/build-with-cartesia/tts-models/api-changes",
    "voice_not_found": f"{_DOCS}/api-reference/voices/list",
    "concurrency_limited": f"{_DOCS}/use-the-api/concurrency-limits-and-timeouts",
}
STATUS_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    402: "Payment required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timeout",
    409: "Conflict",
    413: "Payload too large",
    414: "URI too long",
    422: "Unprocessable entity",
    429: "Too many requests",
    431: "Request header fields too large",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class ApiFailure(Exception):
    """A request the emulator refuses, with everything needed to render it in any version."""

    def __init__(
        self,
        status: int,
        title: str,
        message: str,
        error_code: str | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{status} {title}: {message}")
        self.status = status
        self.title = title
        self.message = message
        self.error_code = error_code
        self.retry_after = retry_after
        self.request_id = str(uuid.uuid4())

    @classmethod
    def for_status(
        cls, status: int, message: str | None = None, error_code: str | None = None,
        *, retry_after: float | None = None,
    ) -> ApiFailure:
        title = STATUS_TITLES.get(status, "Error")
        return cls(status, title, message or f"The emulator was scripted to answer {status}.",
                   error_code, retry_after=retry_after)

    @property
    def legacy_text(self) -> str:
        return f"{self.title}: {self.message}"

    def structured(self) -> dict[str, object]:
        body: dict[str, object] = {
            "error_code": self.error_code,
            "title": self.title,
            "message": self.message,
            "request_id": self.request_id,
        }
        if self.error_code in _DOC_URLS:  # doc_url is omitted when there is none
            body["doc_url"] = _DOC_URLS[self.error_code]
        return body


def not_in_api(request: Request, status: int = 404) -> ApiFailure:
    """What a path or method the API does not have answers, and an endpoint that the caller's
    version does not have (404)."""
    return ApiFailure(status, STATUS_TITLES.get(status, "Error"),
                      f"{request.method} {request.url.path} is not part of this API.")


def error_headers(failure: ApiFailure) -> dict[str, str]:
    if failure.retry_after is None:
        return {}
    # Retry-After is whole seconds on the wire; never round a real wait down to zero.
    return {"Retry-After": str(max(1, round(failure.retry_after)))}


def error_response(failure: ApiFailure, version: ApiVersion | None) -> Response:
    """The HTTP response for a failure; without a resolved version it is legacy plain text."""
    headers = error_headers(failure)
    if version is not None and version.structured_http_errors:
        return Response(json.dumps(failure.structured()), failure.status, headers,
                        media_type="application/json")
    return Response(failure.legacy_text, failure.status, headers, media_type="text/plain")


def error_event(
    failure: ApiFailure, version: ApiVersion, context_id: str | None = None
) -> dict[str, object]:
    """The SSE/WebSocket error event for a failure; it always ends its context (done: true)."""
    event: dict[str, object] = {"type": "error", "done": True, "status_code": failure.status}
    if version.structured_event_errors:
        event.update(failure.structured())
    else:
        event["error"] = failure.legacy_text
    if context_id is not None:
        event["context_id"] = context_id
    return event
