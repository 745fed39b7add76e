"""HTTP handlers of /pronunciation-dicts/ (logic and shapes: dicts.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cartesia_cli.emulator.dicts import has_dicts, render
from cartesia_cli.emulator.errors import not_in_api
from cartesia_cli.emulator.gate import admit_http, caller_key, read_json, server_state
from cartesia_cli.emulator.versions import ApiVersion
from cartesia_cli.emulator.voice_store import user_id_for


async def _admit(request: Request) -> tuple[ApiVersion, str]:
    version = await admit_http(request, grant=None)
    if not has_dicts(version):
        raise not_in_api(request)
    key = caller_key(request)
    assert key is not None  # admit_http(grant=None) lets API keys only through
    return version, key


async def dicts_list(request: Request) -> Response:
    version, key = await _admit(request)
    return JSONResponse(server_state(request).dicts.page(request.url.query, version, key))


async def dict_create(request: Request) -> Response:
    version, key = await _admit(request)
    made = server_state(request).dicts.create(await read_json(request), version, key,
                                              user_id_for(key))
    return JSONResponse(render(made, version))


async def dict_get(request: Request) -> Response:
    version, key = await _admit(request)
    found = server_state(request).dicts.get(request.path_params["dict_id"], key)
    return JSONResponse(render(found, version))


async def dict_update(request: Request) -> Response:
    version, key = await _admit(request)
    dicts = server_state(request).dicts
    dict_id = request.path_params["dict_id"]
    dicts.get(dict_id, key)  # 404 before looking at the body
    changed = dicts.update(dict_id, await read_json(request), version, key)
    return JSONResponse(render(changed, version))


async def dict_delete(request: Request) -> Response:
    _, key = await _admit(request)
    server_state(request).dicts.delete(request.path_params["dict_id"], key)
    return Response(status_code=204)


async def _pin(request: Request, pinned: bool) -> Response:
    version, key = await _admit(request)
    if version.date >= "2025-11-04":  # pin/unpin are FERN-2025-04-16 only
        raise not_in_api(request)
    server_state(request).dicts.pin(request.path_params["dict_id"], key, pinned)
    return Response(status_code=204)


async def dict_pin(request: Request) -> Response:
    return await _pin(request, True)


async def dict_unpin(request: Request) -> Response:
    return await _pin(request, False)
