"""API keys and the access tokens the emulator issues (HS256 JWTs, stdlib only).

A credential is an API key when it is one the emulator accepts (any `sk_car_...` by default, or
exactly the configured keys); anything shaped like a JWT is checked as an access token. Tokens
only open the endpoints their grants cover, and never the key-only endpoints.

Where a credential may travel follows the API's documentation: API keys in `X-API-Key`,
`Authorization: Bearer` or (WebSocket) `?api_key=`; access tokens only in `Authorization: Bearer`
or (WebSocket) `?access_token=`. A token sent as an API key, or a key sent as `access_token`, is
refused with 401.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cartesia_cli.emulator.errors import ApiFailure

ISSUER = "https://api.cartesia.ai"
DEFAULT_TOKEN_SECONDS = 60  # the public example token is valid for 60 s
MAX_TOKEN_SECONDS = 3600
GRANT_NAMES = ("tts", "stt", "agent")
KEY_PREFIX = "sk_car_"
# Where a credential came from: the two places an access token may travel, and the key-only ones.
TOKEN_PLACES = frozenset({"authorization", "access_token"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _unauthorized(message: str, error_code: str) -> ApiFailure:
    return ApiFailure(401, "Unauthorized", message, error_code)


class TokenIssuer:
    """Signs and verifies access tokens with a secret that lives as long as the emulator."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._secret = secrets.token_bytes(32)
        self.kid = "emulator-" + secrets.token_hex(4)
        self.clock = clock  # tests move a clock of their own instead of sleeping past expiry

    def issue(self, grants: Mapping[str, bool], expires_in: int) -> str:
        now = int(self.clock())
        header = {"alg": "HS256", "typ": "JWT", "kid": self.kid}
        payload = {"grants": dict(grants), "jti": str(uuid.uuid4()), "iat": now, "iss": ISSUER,
                   "exp": now + expires_in}
        signing_input = ".".join(
            _b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload)
        )
        return f"{signing_input}.{_b64(self._sign(signing_input))}"

    def verify(self, token: str) -> dict[str, object]:
        """The token's payload.

        Raises:
            ApiFailure: 401 when the token is malformed, not signed by this emulator, or expired.
        """
        try:
            header_b64, payload_b64, signature_b64 = token.split(".")
            header = json.loads(_unb64(header_b64))
            payload = json.loads(_unb64(payload_b64))
            signature = _unb64(signature_b64)
        except ValueError:  # wrong part count, bad base64 or bad JSON (all ValueError subclasses)
            raise _unauthorized("The access token is malformed.", "invalid_token") from None
        if not isinstance(header, dict) or not isinstance(payload, dict):
            raise _unauthorized("The access token is malformed.", "invalid_token")
        expected = self._sign(f"{header_b64}.{payload_b64}")
        if header.get("kid") != self.kid or not hmac.compare_digest(signature, expected):
            raise _unauthorized("The access token signature is invalid.", "invalid_token")
        exp = payload.get("exp")
        if not isinstance(exp, int | float) or self.clock() >= exp:
            raise _unauthorized("The access token has expired; mint a new one.", "token_expired")
        return payload

    def _sign(self, signing_input: str) -> bytes:
        return hmac.new(self._secret, signing_input.encode("ascii"), hashlib.sha256).digest()


@dataclass(frozen=True)
class Credential:
    value: str
    place: str  # "authorization", "x-api-key", or the query parameter "api_key"/"access_token"


class Authenticator:
    def __init__(self, api_keys: list[str] | None, issuer: TokenIssuer) -> None:
        self._keys = frozenset(api_keys) if api_keys is not None else None
        self.issuer = issuer

    def is_api_key(self, credential: str) -> bool:
        if self._keys is not None:
            return credential in self._keys
        return credential.startswith(KEY_PREFIX) and len(credential) > len(KEY_PREFIX)

    def check(self, credential: Credential | None, *, grant: str | None) -> None:
        """Accept or refuse a request; `grant` None means the endpoint takes API keys only.

        Raises:
            ApiFailure: 401 for missing/invalid keys, bad tokens, tokens without the grant, and
                credentials sent where their kind is not accepted.
        """
        if credential is None or not credential.value:
            raise _unauthorized(
                "No API key. Send X-API-Key: <key> or Authorization: Bearer <key>.",
                "missing_credentials",
            )
        value = credential.value
        if self.is_api_key(value):
            if credential.place == "access_token":
                raise _unauthorized("access_token takes an access token from POST /access-token;"
                                    " send an API key as api_key or in a header.", "invalid_token")
            return
        if value.count(".") != 2:  # not a JWT, so it was meant as a key
            raise _unauthorized("Invalid API key.", "invalid_api_key")
        if credential.place not in TOKEN_PLACES:
            raise _unauthorized(
                "Invalid API key. Access tokens go in Authorization: Bearer <token> (or "
                "?access_token= on the WebSocket), not in X-API-Key or api_key.",
                "invalid_api_key")
        payload = self.issuer.verify(value)
        if grant is None:
            raise _unauthorized("Access tokens are not accepted here; use an API key.",
                                "invalid_token")
        grants = payload.get("grants")
        if not isinstance(grants, dict) or grants.get(grant) is not True:
            raise _unauthorized(f"The access token does not grant '{grant}'.",
                                "insufficient_grants")


def credential_from(
    headers: Mapping[str, str], query: Mapping[str, str] | None = None
) -> Credential | None:
    """The credential a request carries: WebSocket query parameters first, then headers."""
    if query is not None:
        for name in ("access_token", "api_key"):
            if query.get(name):
                return Credential(query[name], name)
    if headers.get("x-api-key"):
        return Credential(headers["x-api-key"], "x-api-key")
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return Credential(value.strip(), "authorization")
    return None


def parse_token_request(body: object) -> tuple[dict[str, bool], int]:
    """Grants and lifetime from a POST /access-token body (every field is optional).

    Raises:
        ApiFailure: 400 for a body that is not an object, unknown or non-boolean grants, or an
            expires_in over 3600.
    """
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiFailure(400, "Invalid request", "The body must be a JSON object.")
    raw_grants = body.get("grants") or {}
    if not isinstance(raw_grants, dict):
        raise ApiFailure(400, "Invalid grants", "grants must be an object like {\"tts\": true}.")
    unknown = sorted(set(raw_grants) - set(GRANT_NAMES))
    if unknown:
        raise ApiFailure(400, "Invalid grants", f"Unknown grant(s): {', '.join(unknown)}; "
                         f"known grants: {', '.join(GRANT_NAMES)}.")
    if any(not isinstance(v, bool) for v in raw_grants.values()):
        raise ApiFailure(400, "Invalid grants", "Grant values must be true or false.")
    grants = {name: bool(raw_grants.get(name, False)) for name in GRANT_NAMES}
    expires_in = body.get("expires_in", DEFAULT_TOKEN_SECONDS)
    if expires_in is None:
        expires_in = DEFAULT_TOKEN_SECONDS
    # The spec sets only a maximum; a lifetime of 0 or less makes a token that is already expired.
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or (
        expires_in > MAX_TOKEN_SECONDS
    ):
        raise ApiFailure(400, "Invalid expires_in",
                         f"expires_in must be an integer of at most {MAX_TOKEN_SECONDS} seconds.")
    return grants, expires_in
