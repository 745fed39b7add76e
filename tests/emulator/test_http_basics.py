"""GET /, Cartesia-Version handling, authentication, access tokens, error shapes, recording."""

from __future__ import annotations

import base64
import json
import time
import uuid

import httpx
import pytest
from emulator_helpers import KEY, headers, tts_body

VERSIONS = ["2024-06-10", "2024-11-13", "2025-04-16", "2025-11-04", "2026-03-01", "2026-08-14"]


def test_status_needs_no_auth_or_version(http: httpx.Client) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "version": "2026-08-14"}


# --- versions ------------------------------------------------------------------------------------

def test_missing_version_is_400_legacy_text(http: httpx.Client) -> None:
    response = http.get("/voices", headers=headers(version=None))
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("Missing Cartesia-Version: ")


@pytest.mark.parametrize("value", ["latest", "2026/08/14", "20260814", "2026-8-14"])
def test_malformed_version_is_400(http: httpx.Client, value: str) -> None:
    response = http.get("/voices", headers=headers(version=value))
    assert response.status_code == 400
    assert response.text.startswith("Invalid Cartesia-Version: ")
    assert "YYYY-MM-DD" in response.text


def test_version_before_the_first_is_400(http: httpx.Client) -> None:
    response = http.get("/voices", headers=headers(version="2024-01-01"))
    assert response.status_code == 400
    assert "2024-06-10" in response.text


@pytest.mark.parametrize(("sent", "behaves_as_structured"), [
    ("2025-12-31", False),  # resolves to 2025-11-04: legacy HTTP errors
    ("2026-05-01", True),  # resolves to 2026-03-01: structured
    ("2099-01-01", True),  # newest known
])
def test_unknown_date_uses_newest_version_on_or_before(
    http: httpx.Client, sent: str, behaves_as_structured: bool
) -> None:
    response = http.get("/voices/not-a-voice", headers=headers(version=sent))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(
        "application/json" if behaves_as_structured else "text/plain")


def test_version_header_name_is_case_insensitive(http: httpx.Client) -> None:
    response = http.get("/voices", params={"limit": 1},
                        headers={"cartesia-version": "2026-08-14", "x-api-key": KEY})
    assert response.status_code == 200


def test_voices_list_shape_follows_version(http: httpx.Client) -> None:
    bare = http.get("/voices", headers=headers("2024-06-10", bearer=False)).json()
    paged = http.get("/voices", params={"limit": 2}, headers=headers("2024-11-13")).json()
    assert isinstance(bare, list) and bare
    assert set(paged) == {"data", "has_more", "next_page"} and len(paged["data"]) == 2


# --- authentication ------------------------------------------------------------------------------

@pytest.mark.parametrize("bearer", [True, False])
@pytest.mark.parametrize("version", ["2024-06-10", "2026-08-14"])
def test_both_auth_headers_work_on_every_version(
    http: httpx.Client, bearer: bool, version: str
) -> None:
    response = http.get("/voices", headers=headers(version, bearer=bearer))
    assert response.status_code == 200


@pytest.mark.parametrize("key", [None, "not-a-key", "sk_car_", "sk_live_123"])
def test_missing_or_invalid_key_is_401(http: httpx.Client, key: str | None) -> None:
    response = http.get("/voices", headers=headers(key=key))
    assert response.status_code == 401
    body = response.json()
    assert body["title"] == "Unauthorized" and body["error_code"] in (
        "missing_credentials", "invalid_api_key")


def test_restricted_keys(make_emulator) -> None:  # type: ignore[no-untyped-def]
    _, url = make_emulator(api_keys=["test-key"])
    assert httpx.get(f"{url}/voices", headers=headers(key="test-key")).status_code == 200
    assert httpx.get(f"{url}/voices", headers=headers(key=KEY)).status_code == 401


def _mint(http: httpx.Client, grants: dict[str, bool] | None = None, **extra: object) -> str:
    body: dict[str, object] = {"grants": grants if grants is not None else {"tts": True}, **extra}
    response = http.post("/access-token", json=body, headers=headers())
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def _claims(token: str) -> tuple[dict, dict]:
    def part(text: str) -> dict:
        return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))

    header, payload, _ = token.split(".")
    return part(header), part(payload)


def test_access_token_is_a_hs256_jwt_with_documented_claims(http: httpx.Client) -> None:
    token = _mint(http, {"tts": True}, expires_in=120)
    header, payload = _claims(token)
    assert header["alg"] == "HS256" and header["kid"]
    assert payload["grants"] == {"tts": True, "stt": False, "agent": False}
    assert payload["iss"] == "https://api.cartesia.ai"
    assert payload["exp"] - payload["iat"] == 120
    uuid.UUID(payload["jti"])
    default = _claims(_mint(http))[1]
    assert default["exp"] - default["iat"] == 60


def test_access_token_expires_in_has_only_a_maximum(http: httpx.Client, voice_id: str) -> None:
    """The spec bounds expires_in by 3600 only: 0 mints a token that is already expired."""
    token = _mint(http, {"tts": True}, expires_in=0)
    payload = _claims(token)[1]
    assert payload["exp"] == payload["iat"]
    refused = http.post("/tts/bytes", json=tts_body(voice_id, "Late."), headers=headers(key=token))
    assert refused.status_code == 401
    assert _claims(_mint(http, {"tts": True}, expires_in=3600))[1]["exp"] - payload["iat"] >= 3600


@pytest.mark.parametrize("body", [
    {"expires_in": 3601}, {"expires_in": "60"}, {"grants": {"tts": "yes"}},
    {"grants": {"voices": True}}, {"grants": ["tts"]},
])
def test_access_token_request_validation(http: httpx.Client, body: dict) -> None:
    response = http.post("/access-token", json=body, headers=headers())
    assert response.status_code == 400, response.text


def test_tokens_open_tts_only_with_the_grant(http: httpx.Client, voice_id: str) -> None:
    body = tts_body(voice_id, "Token test.")
    with_tts = _mint(http, {"tts": True})
    without = _mint(http, {"stt": True})
    ok = http.post("/tts/bytes", json=body, headers=headers(key=with_tts))
    assert ok.status_code == 200 and len(ok.content) > 0
    refused = http.post("/tts/bytes", json=body, headers=headers(key=without))
    assert refused.status_code == 401 and refused.json()["error_code"] == "insufficient_grants"


def test_tokens_are_refused_on_key_only_endpoints(http: httpx.Client) -> None:
    token = _mint(http, {"tts": True, "stt": True, "agent": True})
    assert http.get("/voices", headers=headers(key=token)).status_code == 401
    assert http.post("/access-token", json={}, headers=headers(key=token)).status_code == 401


def test_tampered_token_is_401(http: httpx.Client, voice_id: str) -> None:
    header, payload, signature = _mint(http, {"tts": False}).split(".")
    claims = _claims(f"{header}.{payload}.x")[1]
    claims["grants"]["tts"] = True
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = f"{header}.{forged_payload}.{signature}"
    response = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers(key=forged))
    assert response.status_code == 401 and response.json()["error_code"] == "invalid_token"


def test_token_from_another_emulator_is_401(make_emulator, http: httpx.Client,  # type: ignore[no-untyped-def]
                                            voice_id: str) -> None:
    _, other_url = make_emulator()
    foreign = httpx.post(f"{other_url}/access-token", json={"grants": {"tts": True}},
                         headers=headers()).json()["token"]
    response = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers(key=foreign))
    assert response.status_code == 401


def test_expired_token_is_401(http: httpx.Client, voice_id: str) -> None:
    token = _mint(http, {"tts": True}, expires_in=1)
    time.sleep(max(0.0, _claims(token)[1]["exp"] - time.time()) + 0.05)
    response = http.post("/tts/bytes", json=tts_body(voice_id), headers=headers(key=token))
    assert response.status_code == 401 and response.json()["error_code"] == "token_expired"


# --- error shapes --------------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_http_error_shape_per_version(http: httpx.Client, voice_id: str, version: str) -> None:
    body = tts_body(voice_id, model_id="sonic-9000")
    response = http.post("/tts/bytes", json=body, headers=headers(version))
    assert response.status_code == 400
    if version >= "2026-03-01":
        error = response.json()
        assert set(error) >= {"error_code", "title", "message", "request_id"}
        assert error["error_code"] == "model_not_found"
        uuid.UUID(error["request_id"])
    else:
        assert response.headers["content-type"].startswith("text/plain")
        title, _, message = response.text.partition(": ")
        assert title == "Invalid model" and "sonic-9000" in message


def test_unknown_path_is_404_in_the_version_shape(http: httpx.Client) -> None:
    response = http.get("/tts/nothing", headers=headers())
    assert response.status_code == 404 and response.json()["title"] == "Not found"


# --- recording -----------------------------------------------------------------------------------

def test_requests_are_recorded(emulator, http: httpx.Client, voice_id: str) -> None:  # type: ignore[no-untyped-def]
    body = tts_body(voice_id, "Recorded.", stream=True)
    http.post("/tts/bytes", json=body, headers={**headers(), "X-Extra": "1"})
    http.get("/voices", params=[("limit", "1"), ("expand[]", "preview_file_url")],
             headers=headers())
    first, second = emulator.requests[-2:]
    assert (first.method, first.path, first.json) == ("POST", "/tts/bytes", body)
    assert first.headers["x-extra"] == "1" and first.headers["cartesia-version"] == "2026-08-14"
    assert second.query == {"limit": ["1"], "expand[]": ["preview_file_url"]}
    assert second.json is None
