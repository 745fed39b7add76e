"""Access tokens: minting (POST /access-token, API key only) and decoding JWT claims locally."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from cartesia_cli.api.http import HttpClient
from cartesia_cli.errors import UsageError
from cartesia_cli.facts import GRANTS, MAX_TOKEN_EXPIRES_IN


def check_request(grants: list[str], expires_in: int | None) -> None:
    unknown = [g for g in grants if g not in GRANTS]
    if unknown:
        raise UsageError(f"unknown grant `{unknown[0]}`", hint="grants: " + ", ".join(GRANTS))
    if expires_in is not None and not 1 <= expires_in <= MAX_TOKEN_EXPIRES_IN:
        raise UsageError(f"--expires-in {expires_in} is out of range: expected 1 to "
                         f"{MAX_TOKEN_EXPIRES_IN} seconds")


def mint(client: HttpClient, grants: list[str], expires_in: int | None) -> dict[str, Any]:
    """A new access token; the answer is `{"token": ...}`.

    Raises:
        UsageError: unknown grant or expiry out of range.
        AuthError: no API key (an access token cannot mint another).
    """
    check_request(grants, expires_in)
    body: dict[str, Any] = {"grants": dict.fromkeys(grants or ["tts"], True)}
    if expires_in is not None:
        body["expires_in"] = expires_in
    answer = client.request_json("POST", "/access-token", json=body, allow_token=False)
    if not isinstance(answer, dict) or not isinstance(answer.get("token"), str):
        raise UsageError("POST /access-token answered without a token")
    return answer


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def decode_claims(token: str) -> dict[str, Any]:
    """The JWT's payload, decoded without verifying the signature.

    Raises:
        UsageError: the text is not a JWT.
    """
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise UsageError("not an access token: expected a JWT (three dot-separated parts)")
    try:
        claims = json.loads(_b64url(parts[1]))
    except (ValueError, UnicodeDecodeError):
        raise UsageError("not an access token: its payload is not base64url JSON") from None
    if not isinstance(claims, dict):
        raise UsageError("not an access token: its payload is not a JSON object")
    return claims


def describe(claims: dict[str, Any], now: float | None = None) -> dict[str, Any]:
    """Grants, expiry and whether the token has expired, from its claims."""
    now = time.time() if now is None else now
    grants = claims.get("grants") or {}
    exp = _stamp(claims.get("exp"))
    info: dict[str, Any] = {
        "grants": sorted(k for k, v in grants.items() if v) if isinstance(grants, dict) else [],
        "issued_at": _iso(_stamp(claims.get("iat"))),
        "expires_at": _iso(exp),
        "expired": isinstance(exp, int | float) and exp <= now,
        "expires_in": round(exp - now) if isinstance(exp, int | float) else None,
    }
    if claims.get("iss"):
        info["issuer"] = claims["iss"]
    return info


LAST_STAMP = 253402300799  # 9999-12-31T23:59:59Z: past it no calendar (or time_t) follows


def _stamp(value: Any) -> float | None:
    """A claim's Unix time, or None when it is missing, not a number, or not a possible date
    (a forged `exp` of 1e30, inf, nan, a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 0 <= value <= LAST_STAMP:  # false for nan too
        return None
    return value


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))
