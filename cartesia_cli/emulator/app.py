"""The Starlette application: routes, error rendering, and the small non-TTS endpoints."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from cartesia_cli.emulator import dict_routes, voice_admin, voices
from cartesia_cli.emulator.auth import parse_token_request
from cartesia_cli.emulator.errors import STATUS_TITLES, ApiFailure, error_response, not_in_api
from cartesia_cli.emulator.gate import (
    RecordingMiddleware,
    admit_http,
    apply_fault,
    caller_key,
    read_json,
    server_state,
)
from cartesia_cli.emulator.http_tts import tts_bytes, tts_sse, voice_preview
from cartesia_cli.emulator.limits import RequestLimitMiddleware
from cartesia_cli.emulator.state import ServerState
from cartesia_cli.emulator.versions import NEWEST, resolve_version
from cartesia_cli.emulator.voice_store import user_id_for
from cartesia_cli.emulator.websocket import tts_websocket


async def api_status(request: Request) -> Response:
    await apply_fault(server_state(request).faults.take("/"))
    return JSONResponse({"ok": True, "version": NEWEST})


def _catalog_answer(status: int, body: object) -> Response:
    if status == 200:
        return JSONResponse(body)
    detail = body if isinstance(body, dict) else {}
    raise ApiFailure(
        status,
        str(detail.get("title") or STATUS_TITLES.get(status, "Error")),
        str(detail.get("message") or "The voice request failed."),
        detail.get("error_code") or ("voice_not_found" if status == 404 else None),
    )


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def voices_list(request: Request) -> Response:
    version = await admit_http(request, grant=None)
    query = parse_qs(request.url.query, keep_blank_values=True)
    key = caller_key(request)
    status, body = voices.list_voices(
        query, version.date, base_url=_base_url(request),
        catalog=server_state(request).voices.visible(key), user_id=user_id_for(key))
    return _catalog_answer(status, body)


async def voice_get(request: Request) -> Response:
    version = await admit_http(request, grant=None)
    query = parse_qs(request.url.query, keep_blank_values=True)
    expand = query.get("expand[]", []) + query.get("expand", [])
    key = caller_key(request)
    found = server_state(request).voices.find(request.path_params["voice_id"], key)
    status, body = voices.get_voice(
        request.path_params["voice_id"], version.date, expand, base_url=_base_url(request),
        catalog=[] if found is None else [found], user_id=user_id_for(key),
    )
    return _catalog_answer(status, body)


async def access_token(request: Request) -> Response:
    await admit_http(request, grant=None)
    grants, expires_in = parse_token_request(await read_json(request))
    return JSONResponse({"token": server_state(request).auth.issuer.issue(grants, expires_in)})


async def _render_failure(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiFailure)
    return error_response(exc, getattr(request.state, "version", None))


async def _render_http_exception(request: Request, exc: Exception) -> Response:
    """Unknown paths and methods, in the error shape of the version the caller sent."""
    assert isinstance(exc, HTTPException)
    version = getattr(request.state, "version", None)
    if version is None:
        try:
            version = resolve_version(request.headers.get("cartesia-version"))
        except ApiFailure:
            version = None
    return error_response(not_in_api(request, exc.status_code), version)


def build_app(state: ServerState) -> Starlette:
    routes = [
        Route("/", api_status, methods=["GET"]),
        Route("/voices", voices_list, methods=["GET"]),
        Route("/voices/", voices_list, methods=["GET"]),
        Route("/voices/clone", voice_admin.voice_clone, methods=["POST"]),
        Route("/voices/localize", voice_admin.voice_localize, methods=["POST"]),
        Route("/voices/{voice_id}", voice_get, methods=["GET"]),
        Route("/voices/{voice_id}", voice_admin.voice_update, methods=["PATCH"]),
        Route("/voices/{voice_id}", voice_admin.voice_delete, methods=["DELETE"]),
        Route("/voices/{voice_id}/preview", voice_preview, methods=["GET"]),
        Route("/voices/{voice_id}/accents", voice_admin.voice_add_accents, methods=["POST"]),
        Route("/voices/{voice_id}/accents/{accent_id}", voice_admin.voice_delete_accent,
              methods=["DELETE"]),
        Route("/accents", voice_admin.accents_list, methods=["GET"]),
        Route("/pronunciation-dicts", dict_routes.dicts_list, methods=["GET"]),
        Route("/pronunciation-dicts/", dict_routes.dicts_list, methods=["GET"]),
        Route("/pronunciation-dicts", dict_routes.dict_create, methods=["POST"]),
        Route("/pronunciation-dicts/", dict_routes.dict_create, methods=["POST"]),
        Route("/pronunciation-dicts/{dict_id}", dict_routes.dict_get, methods=["GET"]),
        Route("/pronunciation-dicts/{dict_id}", dict_routes.dict_update, methods=["PATCH"]),
        Route("/pronunciation-dicts/{dict_id}", dict_routes.dict_delete, methods=["DELETE"]),
        Route("/pronunciation-dicts/{dict_id}/pin", dict_routes.dict_pin, methods=["POST"]),
        Route("/pronunciation-dicts/{dict_id}/unpin", dict_routes.dict_unpin, methods=["POST"]),
        Route("/access-token", access_token, methods=["POST"]),
        Route("/tts/bytes", tts_bytes, methods=["POST"]),
        Route("/tts/sse", tts_sse, methods=["POST"]),
        WebSocketRoute("/tts/websocket", tts_websocket),
    ]
    app = Starlette(
        routes=routes,
        # Recording first, so refused bodies are recorded too; the limit counts what it reads.
        middleware=[Middleware(RecordingMiddleware, requests=state.requests),
                    Middleware(RequestLimitMiddleware)],
        exception_handlers={ApiFailure: _render_failure, HTTPException: _render_http_exception},
    )
    app.router.redirect_slashes = False  # a redirect would hide a client's wrong path
    app.state.emulator = state
    return app
