"""The HTTP client: base URL rules, Cartesia-Version, auth by version, timeouts and retries.

Retries cover connection errors, timeouts, 408, 429 and 5xx, with exponential backoff and jitter,
honouring Retry-After; a streamed body is retried only while nothing has been handed on yet.
"""

from __future__ import annotations

import ipaddress
import random
import sys
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cartesia_cli import __version__
from cartesia_cli.api.errors import error_from_fields, parse_error_body
from cartesia_cli.api.versions import ResolvedVersion
from cartesia_cli.errors import AuthError, CartesiaError, UnavailableError, UsageError

if TYPE_CHECKING:
    import httpx

    from cartesia_cli.config import Settings

USER_AGENT = f"cartesia-cli/{__version__}"


def load_httpx() -> ModuleType:
    """httpx, imported without its own command-line tool.

    `import httpx` also imports httpx._main (click, rich, pygments) whenever those are installed,
    as they are next to Typer: ~40 ms of every request's startup for code this program never
    runs. Marking that module absent makes httpx take its fallback for a missing CLI extra;
    nothing else changes.
    """
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    import httpx

    return httpx


RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash; plain http only to loopback hosts.

    Raises:
        UsageError: not http(s), or plain http to a host that is not loopback.
    """
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - parsing the port validates it (0-65535, digits only)
    except ValueError:
        raise UsageError(f"invalid base URL `{url}`: bad port number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"invalid base URL `{url}`: expected https://host[:port]")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UsageError(
            f"refusing to send credentials over plain http to {parts.hostname}",
            hint="use https://, or http:// only for a local emulator (127.0.0.1, ::1, localhost)",
        )
    return url.rstrip("/")


def backoff_delay(attempt: int, retry_after: str | None, base: float = 0.5) -> float:
    """Seconds to wait before retry number `attempt` (0-based)."""
    if retry_after is not None:
        try:
            seconds = float(retry_after)
        except ValueError:
            seconds = -1.0
        if 0 <= seconds <= 60:
            return seconds
    return min(base * 2**attempt, 8.0) * (1 - 0.25 * random.random())


class Credentials:
    """Which secret authenticates, and how it travels for a given API version."""

    def __init__(self, api_key: str | None, access_token: str | None):
        self.api_key = api_key
        self.access_token = access_token

    def require(self, *, allow_token: bool = True) -> None:
        if self.api_key or (allow_token and self.access_token):
            return
        if self.access_token and not allow_token:
            raise AuthError("an access token cannot be used here: this needs an API key",
                            hint="set CARTESIA_API_KEY or pass --api-key")
        raise AuthError(
            "no API key found",
            hint="set CARTESIA_API_KEY, run `cartesia config set api_key`, or try `--offline`",
        )

    def headers(self, version: ResolvedVersion, *, allow_token: bool = True) -> dict[str, str]:
        self.require(allow_token=allow_token)
        if self.api_key:
            if version.features.auth_header == "x-api-key":
                return {"X-API-Key": self.api_key}
            return {"Authorization": f"Bearer {self.api_key}"}
        return {"Authorization": f"Bearer {self.access_token}"}


class HttpClient:
    def __init__(self, settings: Settings, *, retry_base_delay: float = 0.5,
                 on_retry: Callable[[int, float, str], None] | None = None):
        self.base_url = check_base_url(settings["base_url"])
        self.version = settings.resolved_version
        self.credentials = Credentials(settings["api_key"], settings["access_token"])
        self.timeout = float(settings["timeout"])
        self.max_retries = int(settings["max_retries"])
        self.retry_base_delay = retry_base_delay
        self.on_retry = on_retry
        self._client: httpx.Client | None = None

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            httpx = load_httpx()

            self._client = httpx.Client(
                base_url=self.base_url,
                timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
                headers={"User-Agent": USER_AGENT, "Cartesia-Version": self.version.requested},
                follow_redirects=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_before_retry(self, attempt: int, retry_after: str | None, reason: str) -> None:
        delay = backoff_delay(attempt, retry_after, self.retry_base_delay)
        if self.on_retry:
            self.on_retry(attempt + 1, delay, reason)
        time.sleep(delay)

    def _network_error(self, exc: Exception, method: str, path: str) -> CartesiaError:
        httpx = load_httpx()

        kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
        return UnavailableError(
            f"{method} {path} {kind}: {exc or type(exc).__name__}",
            hint=f"could not reach {self.base_url}; check the network or --base-url, "
            "then try again",
        )

    def _status_error(self, response: httpx.Response, method: str, path: str) -> CartesiaError:
        fields = parse_error_body(response.text)
        fields["request_id"] = fields.get("request_id") or response.headers.get("x-request-id")
        return error_from_fields(fields, response.status_code, f"{method} {path}")

    # -- requests -------------------------------------------------------------------------------

    def request_json(self, method: str, path: str, *, json: Any = None,
                     params: Any = None, allow_token: bool = False) -> Any:
        """A JSON request with retries; the decoded JSON answer."""
        with self.stream(method, path, json=json, params=params, allow_token=allow_token,
                         accept="application/json") as response:
            body = response.read()
        try:
            import json as jsonlib

            return jsonlib.loads(body) if body else None
        except ValueError as exc:
            raise CartesiaError(f"{method} {path}: the API answered with invalid JSON") from exc

    def stream(self, method: str, path: str, *, json: Any = None, params: Any = None,
               allow_token: bool = True, accept: str = "*/*") -> _StreamContext:
        """Open a streamed response (status checked, retried until it is open)."""
        headers = {"Accept": accept, **self.credentials.headers(self.version,
                                                                 allow_token=allow_token)}
        return _StreamContext(self, method, path, json, params, headers)

    def iter_bytes(self, method: str, path: str, *, json: Any = None,
                   accept: str = "*/*") -> Iterator[bytes]:
        """The body in chunks as they arrive; retried only before the first chunk is yielded."""
        httpx = load_httpx()

        attempt = 0
        while True:
            delivered = False
            try:
                with self.stream(method, path, json=json, accept=accept) as response:
                    for chunk in response.iter_bytes():
                        if chunk:
                            delivered = True
                            yield chunk
                return
            except (httpx.TransportError, UnavailableError) as exc:
                if delivered:
                    raise UnavailableError(
                        f"the audio stream from {method} {path} broke off: {exc}",
                        hint="the output was not completed; try again",
                    ) from exc
                if isinstance(exc, UnavailableError) or attempt >= self.max_retries:
                    if isinstance(exc, UnavailableError):
                        raise
                    raise self._network_error(exc, method, path) from exc
                self.wait_before_retry(attempt, None, str(exc))
                attempt += 1


class _StreamContext:
    """`with client.stream(...) as response`: retries the opening, raises on error statuses."""

    def __init__(self, owner: HttpClient, method: str, path: str, json: Any, params: Any,
                 headers: dict[str, str]):
        self.owner, self.method, self.path = owner, method, path
        self.json, self.params, self.headers = json, params, headers
        self._cm: Any = None

    def __enter__(self) -> httpx.Response:
        httpx = load_httpx()

        owner = self.owner
        for attempt in range(owner.max_retries + 1):
            last = attempt >= owner.max_retries
            cm = owner.client.stream(self.method, self.path, json=self.json, params=self.params,
                                     headers=self.headers)
            try:
                response = cm.__enter__()
            except httpx.TransportError as exc:
                if last:
                    raise owner._network_error(exc, self.method, self.path) from exc
                owner.wait_before_retry(attempt, None, str(exc))
                continue
            if response.is_success:
                self._cm = cm
                return response
            try:
                response.read()
            except httpx.TransportError:
                pass
            finally:
                cm.__exit__(None, None, None)
            if response.is_redirect or 300 <= response.status_code < 400:
                # Never followed: a redirect would carry the key to wherever it points.
                where = response.headers.get("location", "elsewhere")
                raise UsageError(
                    f"{self.method} {self.path} answered HTTP {response.status_code}, "
                    f"a redirect to {where}",
                    hint="check --base-url (or CARTESIA_BASE_URL): it should be the API's root",
                )
            if response.status_code in RETRY_STATUSES and not last:
                owner.wait_before_retry(attempt, response.headers.get("retry-after"),
                            f"HTTP {response.status_code}")
                continue
            raise owner._status_error(response, self.method, self.path)
        raise AssertionError("unreachable")

    def __exit__(self, *exc: object) -> None:
        if self._cm is not None:
            self._cm.__exit__(*exc)
