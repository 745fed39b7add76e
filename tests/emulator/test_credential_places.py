"""Access tokens are accepted only where the API documents them: `Authorization: Bearer` (HTTP
and handshake headers) and `?access_token=` on the WebSocket. Sent as an API key (X-API-Key,
?api_key=) they are refused with 401, and an API key is not an access_token."""

from __future__ import annotations

import httpx
import pytest
from emulator_helpers import KEY, headers, tts_body
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect


@pytest.fixture
def token(http: httpx.Client) -> str:
    response = http.post("/access-token", json={"grants": {"tts": True}}, headers=headers())
    return str(response.json()["token"])


def test_token_as_bearer_opens_tts(http: httpx.Client, token: str, voice_id: str) -> None:
    response = http.post("/tts/bytes", json=tts_body(voice_id, "Hi."), headers=headers(key=token))
    assert response.status_code == 200


@pytest.mark.parametrize("version", ["2024-06-10", "2026-08-14"])
def test_token_as_x_api_key_is_401(http: httpx.Client, token: str, voice_id: str,
                                   version: str) -> None:
    response = http.post("/tts/bytes", json=tts_body(voice_id, "Hi."),
                         headers=headers(version, token, bearer=False))
    assert response.status_code == 401
    if version == "2026-08-14":
        body = response.json()
        assert body["error_code"] == "invalid_api_key" and "Bearer" in body["message"]
    else:
        assert response.text.startswith("Unauthorized: ")


def ws_status(ws_url: str, query: str, extra_headers: dict[str, str]) -> int:
    try:
        with connect(f"{ws_url}?{query}", additional_headers=extra_headers, open_timeout=5):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def test_token_places_on_the_websocket(ws_url: str, token: str) -> None:
    version = {"Cartesia-Version": "2026-08-14"}
    assert ws_status(ws_url, f"access_token={token}", version) == 101
    assert ws_status(ws_url, "", {**version, "Authorization": f"Bearer {token}"}) == 101
    assert ws_status(ws_url, f"api_key={token}", version) == 401
    assert ws_status(ws_url, "", {**version, "X-API-Key": token}) == 401


def test_api_key_is_not_an_access_token(ws_url: str) -> None:
    version = {"Cartesia-Version": "2026-08-14"}
    assert ws_status(ws_url, f"api_key={KEY}", version) == 101
    assert ws_status(ws_url, f"access_token={KEY}", version) == 401


def test_refusal_says_where_tokens_go(base_url: str, ws_url: str, token: str) -> None:
    with pytest.raises(InvalidStatus) as refused, connect(
        f"{ws_url}?api_key={token}&cartesia_version=2026-08-14", open_timeout=5):
        pass
    body = refused.value.response.body.decode()
    assert "access_token" in body and token not in body
