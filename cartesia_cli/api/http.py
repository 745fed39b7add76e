"""The HTTP client: base URL rules, Cartesia-Version, auth by version, timeouts and retries.

Retries follow api/retry.py (one policy and one budget per run). Redirects are never followed.
A success is checked before it is trusted: audio must be audio, JSON must be JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from cartesia_cli import __version__
from cartesia_cli.api.connect import is_loopback
from cartesia_cli.api.errors import error_from_fields, parse_error_body
from cartesia_cli.api.retry import RetryHook, RetryPolicy, retry_after
from cartesia_cli.config import DEFAULT_PROFILE, redact_url
from cartesia_cli.errors import (
    AuthError,
    CartesiaError,
    ProtocolError,
    UnavailableError,
    UsageError,
)
from cartesia_cli.facts import ResolvedVersion

if TYPE_CHECKING:
    from cartesia_cli.api.http1 import NetworkError, Pool, Response
    from cartesia_cli.config import Settings

USER_AGENT = f"cartesia-cli/{__version__}"


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash; plain http only to loopback hosts.

    Raises:
        UsageError: not http(s), or plain http to a host that is not loopback.
    """
    shown = redact_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port validates it (0-65535, digits only)
    except ValueError:
        raise UsageError(f"invalid base URL `{shown}`: bad port number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"invalid base URL `{shown}`: expected https://host[:port]")
    if "?" in url or "#" in url:  # also an empty query or fragment
        raise UsageError(f"invalid base URL `{redact_url(url.split('?')[0].split('#')[0])}?…`: "
                         "it may not carry a query or fragment",
                         hint="give only https://host[:port][/path]")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UsageError(
            f"refusing to send credentials over plain http to {parts.hostname}",
            hint="use https://, or http:// only for a local emulator (127.0.0.1, ::1, localhost)",
        )
    if "@" in parts.netloc:
        # Never sent: it is not how the API authenticates, and a Basic Authorization header made
        # from it would replace the key's Bearer header (config warns once about it).
        parts = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1])
    return parts.geturl().rstrip("/")


_RESOLVER_ERRNOS = frozenset({-2, -3, -5, -8, 7, 8, 11001, 11002, 11004})  # EAI_*, WSA*


def network_reason(exc: BaseException, url: str) -> str:
    """Why a connection failed, in plain words: "cannot find the host api.example (DNS lookup
    failed)", "connection refused by 127.0.0.1:9", rather than `[Errno -2] Name or service not
    known`. Reads the exception and its causes; the text of the last resort is redacted."""
    import re
    import socket

    parts = urlsplit(url)
    host = parts.hostname or url
    try:
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
    except ValueError:
        port = 0
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = redact_url(str(exc)) or type(exc).__name__
    match = re.match(r"^\[Errno (-?\d+)\] (.+)$", text)
    number = int(match.group(1)) if match else None
    if any(isinstance(e, socket.gaierror) for e in chain) or number in _RESOLVER_ERRNOS:
        return f"cannot find the host {host} (DNS lookup failed)"
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or number == 111:
        return f"connection refused by {host}:{port} (nothing listens there)"
    if any(isinstance(e, ConnectionResetError) for e in chain) or number == 104:
        return f"the connection to {host}:{port} was reset"
    for error in chain:
        if isinstance(error, OSError) and error.strerror:
            return error.strerror[:1].lower() + error.strerror[1:]
    return match.group(2)[:1].lower() + match.group(2)[1:] if match else text


class Credentials:
    """Which secret authenticates, and how it travels for a given API version."""

    def __init__(self, api_key: str | None, access_token: str | None,
                 profile: str | None = None):
        self.api_key = api_key
        self.access_token = access_token
        self.profile = profile  # the config profile in use, named when a value is missing there

    @classmethod
    def from_settings(cls, settings: Settings) -> Credentials:
        return cls(settings["api_key"], settings["access_token"], settings.profile)

    @property
    def is_token(self) -> bool:
        """Requests authenticate with an access token (no API key)."""
        return bool(self.access_token) and not self.api_key

    @property
    def _named_profile(self) -> str | None:
        """The profile in use when it is not the default one (messages name it), else None."""
        return self.profile if self.profile != DEFAULT_PROFILE else None

    def _config_set(self) -> str:
        named = self._named_profile
        return f"cartesia {f'--profile {named} ' if named else ''}config set api_key"

    def require(self, *, allow_token: bool = True) -> None:
        if self.api_key or (allow_token and self.access_token):
            return
        if self.access_token and not allow_token:
            raise AuthError("an access token cannot be used here: this needs an API key",
                            hint="set CARTESIA_API_KEY, pass --api-key, or store one with "
                            f"`{self._config_set()}`")
        named = self._named_profile
        where = f" (profile `{named}` has none either)" if named else ""
        raise AuthError(
            f"no API key found{where}",
            hint=f"set CARTESIA_API_KEY, run `{self._config_set()}`, or try "
            "`cartesia --offline ...` (a local emulator, no key needed)",
        )

    def headers(self, version: ResolvedVersion, *, allow_token: bool = True) -> dict[str, str]:
        self.require(allow_token=allow_token)
        for what, secret in (("API key", self.api_key), ("access token", self.access_token)):
            if secret and not (secret.isascii() and secret.isprintable() and " " not in secret):
                raise UsageError(f"the {what} contains a space, line break or other character "
                                 "a request header cannot carry",
                                 hint="copy it again from the Cartesia dashboard (or `cartesia "
                                 "token`), without surrounding text")
        if self.api_key:
            if version.features.auth_header == "x-api-key":
                return {"X-API-Key": self.api_key}
            return {"Authorization": f"Bearer {self.api_key}"}
        return {"Authorization": f"Bearer {self.access_token}"}


ERROR_BODY_LIMIT = 64 * 1024  # bytes of an error answer read for its message; the rest is noise
# An API answer in JSON (a page of voices, a dictionary of up to 100,000 items) is far smaller;
# a server that sends more is broken, and memory must not grow without bound.
MAX_JSON_ANSWER = 64 << 20
EXCERPT_CHARS = 120


class HttpClient:
    """One connection pool, one version and one credential for a run, with one retry budget
    (`retry`) that every request of the run draws on."""

    def __init__(self, settings: Settings, *, on_retry: RetryHook | None = None,
                 retry: RetryPolicy | None = None):
        self.base_url = check_base_url(settings["base_url"])
        self.version = settings.resolved_version
        self.credentials = Credentials.from_settings(settings)
        self.timeout = float(settings["timeout"])
        self.retry = retry or RetryPolicy(int(settings["max_retries"]), on_retry=on_retry)
        self.variables = settings.variables  # proxies and CA bundle (api/connect.py)
        self._pool: Pool | None = None

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def pool(self) -> Pool:
        if self._pool is None:
            from cartesia_cli.api.http1 import Pool  # httptools: not for the WebSocket's runs

            self._pool = Pool(self.base_url, timeout=self.timeout,
                              connect_timeout=min(10.0, self.timeout), variables=self.variables)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def shown_base_url(self) -> str:
        return redact_url(self.base_url)

    def network_error(self, exc: NetworkError, where: str) -> CartesiaError:
        """A transport failure (connect, read, timeout, a body cut short) as a retryable error;
        a request that cannot be written as one that is not."""
        if exc.kind == "invalid":  # ours to fix, not the network's: no retry
            return UsageError(f"{where}: {exc}", hint="check the API key, token and --base-url "
                             "for spaces, line breaks or other characters HTTP cannot carry")
        what = {"timeout": f"timed out after {self.timeout:g} s", "broken": "broke off",
                "failed": "failed"}.get(exc.kind, "failed")
        reason = network_reason(exc, self.base_url)
        return UnavailableError(
            f"{where} {what}: {reason}",
            hint=f"could not reach {self.shown_base_url}; check the network or --base-url, "
            "then try again; `cartesia --offline ...` speaks without a network (a local "
            "emulator)",
        )

    # -- requests -------------------------------------------------------------------------------

    @contextmanager
    def open(self, method: str, path: str, *, json: Any = None,
             params: Mapping[str, str | int] | None = None, allow_token: bool = True,
             accept: str = "*/*", data: Mapping[str, str] | None = None,
             files: Mapping[str, tuple[str, bytes, str]] | None = None) -> Iterator[Response]:
        """One attempt: a streamed response whose status is a success, closed on exit.

        `json` is sent as JSON; `data` and `files` (name, bytes, type) as a multipart form.

        Raises:
            CartesiaError: a mapped error status (with the server's retry-after), a redirect
                (never followed: it would carry the key elsewhere), or a network failure.
        """
        from cartesia_cli.api.http1 import NetworkError

        where = f"{method} {path}"
        headers = {"User-Agent": USER_AGENT, "Cartesia-Version": self.version.requested,
                   "Accept": accept, "Accept-Encoding": "gzip",
                   **self.credentials.headers(self.version, allow_token=allow_token)}
        body: bytes | None = None
        if files is not None or data is not None:
            headers["Content-Type"], body = multipart(data or {}, files or {})
        elif json is not None:
            import json as jsonlib

            headers["Content-Type"] = "application/json"
            body = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":"),
                                 allow_nan=False).encode()
        query = urlencode(params) if params else ""
        try:
            response = self.pool.request(method, path, headers=headers, body=body, query=query)
            try:
                if not response.is_success:
                    raise self._status_error(response, where)
                yield response
            finally:
                response.close()
        except NetworkError as exc:
            raise self.network_error(exc, where) from exc

    def _status_error(self, response: Response, where: str) -> CartesiaError:
        status = response.status_code
        if 300 <= status < 400:
            location = redact_url(response.headers.get("location", "elsewhere"))
            return UsageError(
                f"{where} answered HTTP {status}, a redirect to {location}; not followed",
                hint="check --base-url (or CARTESIA_BASE_URL): it should be the API's root",
            )
        text = read_text(response, ERROR_BODY_LIMIT)
        fields = parse_error_body(text)
        fields["request_id"] = fields.get("request_id") or response.headers.get("x-request-id")
        err = error_from_fields(fields, status, where, token=self.credentials.is_token)
        err.retry_after = retry_after(response.headers)
        return err

    def request_json(self, method: str, path: str, *, json: Any = None,
                     params: Mapping[str, str | int] | None = None, allow_token: bool = False,
                     data: Mapping[str, str] | None = None,
                     files: Mapping[str, tuple[str, bytes, str]] | None = None) -> Any:
        """A JSON request with retries; the decoded JSON answer (None for 204 No Content).

        `data` and `files` make it a multipart form (files as (name, bytes, type) tuples, so
        a retry can send them again).

        Raises:
            CartesiaError: mapped errors; ProtocolError when the answer is not JSON.
        """
        where = f"{method} {path}"

        def attempt() -> Any:
            # A body cut short raises inside open(), which maps it like any network failure.
            with self.open(method, path, json=json, params=params, allow_token=allow_token,
                           accept="application/json", data=data, files=files) as response:
                received = bytearray()
                for piece in response.iter_bytes():
                    received += piece
                    if len(received) > MAX_JSON_ANSWER:
                        raise ProtocolError(f"{where} answered with more than "
                                            f"{MAX_JSON_ANSWER >> 20} MiB of JSON; stopped there",
                                            hint="check --base-url and any proxy in between")
                kind = content_type(response)
                status = response.status_code
            body = bytes(received)
            if not body:
                if status == 204:
                    return None
                raise unexpected_answer(where, kind, body)
            try:
                import json as jsonlib

                return jsonlib.loads(body)
            except ValueError:
                raise unexpected_answer(where, kind, body) from None

        return self.retry.call(attempt)

    def iter_audio(self, method: str, path: str, *, json: Any = None,
                   accept: str = "*/*") -> Iterator[bytes]:
        """An audio body in chunks as they arrive; retried only before the first chunk.

        Raises:
            ProtocolError: the answer is not audio (an HTML page from a proxy, JSON) or empty.
            CartesiaError: mapped errors, or the stream broke off.
        """
        where = f"{method} {path}"

        def attempt() -> Iterator[bytes]:
            with self.open(method, path, json=json, accept=accept) as response:
                kind = content_type(response)
                if not is_audio(kind):
                    raise unexpected_answer(where, kind, read_bytes(response, ERROR_BODY_LIMIT))
                empty = True
                for chunk in response.iter_bytes():  # a break is mapped by open()
                    if chunk:
                        if empty and looks_like_a_page(chunk, accept):
                            raise unexpected_answer(where, kind, chunk)
                        empty = False
                        yield chunk
                if empty:
                    raise ProtocolError(f"{where} answered {response.status_code} with no audio "
                                        "(an empty body)", hint="try again; if it persists, "
                                        "check --base-url and any proxy in between")

        return self.retry.stream(attempt)


def content_type(response: Response) -> str:
    kind = response.headers.get("content-type", "")
    return kind.split(";")[0].strip().lower()


def is_audio(kind: str) -> bool:
    return kind.startswith("audio/") or kind in ("application/octet-stream", "")


_PAGE_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")


def looks_like_a_page(first: bytes, accept: str) -> bool:
    """A body labelled as audio that is not: a web page (a proxy's login form mislabelled), or a
    WAV or MP3 that lacks its signature. Raw PCM has none to check."""
    head = first[:64].lstrip().lower()
    if head.startswith(_PAGE_STARTS):
        return True
    if accept == "audio/wav" and len(first) >= 4:
        return not first.startswith(b"RIFF")
    if accept == "audio/mpeg" and len(first) >= 3:
        return not (first.startswith(b"ID3") or (first[0] == 0xFF and first[1] & 0xE0 == 0xE0))
    return False


def read_bytes(response: Response, limit: int) -> bytes:
    """At most `limit` bytes of a streamed body (a broken one gives what arrived)."""
    from cartesia_cli.api.http1 import NetworkError

    data = bytearray()
    try:
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) >= limit:
                break
    except NetworkError:
        pass
    return bytes(data[:limit])


def read_text(response: Response, limit: int) -> str:
    return read_bytes(response, limit).decode("utf-8", "replace")


def unexpected_answer(where: str, kind: str, body: bytes) -> ProtocolError:
    """A success status with a body that is not what was asked for: say what came instead."""
    text = " ".join(body.decode("utf-8", "replace").split())
    excerpt = text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    what = kind or "no content type"
    return ProtocolError(
        f"{where} answered with {what}, not what was asked for: {excerpt!r}"
        if excerpt else f"{where} answered with {what} and an empty body",
        hint="a proxy, captive portal or wrong --base-url may be answering instead of the API; "
        "check CARTESIA_BASE_URL and HTTPS_PROXY",
    )


def multipart(fields: Mapping[str, str], files: Mapping[str, tuple[str, bytes, str]]
              ) -> tuple[str, bytes]:
    """A multipart/form-data body (RFC 7578) and its Content-Type. By hand: ~15 lines for the
    one upload the API has (a voice clip), where a library would be one more dependency."""
    import os

    boundary = os.urandom(16).hex()
    parts: list[bytes] = []

    def quoted(text: str) -> str:  # RFC 7578 4.2: escape what would end the quoted string
        return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace(
            "\n", "%0A")

    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted(name)}"'
                     f"\r\n\r\n".encode() + value.encode() + b"\r\n")
    for name, (filename, content, kind) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted(name)}"; '
                     f'filename="{quoted(filename)}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                     + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)
