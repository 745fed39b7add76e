"""Connections to the API: direct or through an HTTP proxy (which proxy the environment names, and
a CONNECT tunnel), and the TLS settings for https and wss.

Why by hand: both transports open their TCP connections themselves (api/ws.py so that no
redirect can carry the key elsewhere; api/http1.py because httptools only parses), so the tunnel
httpx or websockets would have opened is opened here, once for both. Proxies come from the
environment variables the run was given (`https_proxy`, `wss_proxy`, `http_proxy`, `all_proxy`,
`no_proxy`, read the way urllib and curl read them); loopback hosts (the emulator) are always
reached directly.
"""

from __future__ import annotations

import base64
import socket
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from cartesia_cli.config import redact_url
from cartesia_cli.errors import UnavailableError, UntrustedError, UsageError

if TYPE_CHECKING:
    import ssl

MAX_PROXY_ANSWER = 16 * 1024  # bytes of the proxy's answer head we are willing to read


# Which variables name the proxy for each scheme, in order (httpx's and websockets' choices).
_PROXY_VARIABLES = {
    "https": ("https", "all"),
    "http": ("http", "all"),
    "wss": ("wss", "https", "all"),
    "ws": ("ws", "https", "http", "all"),
}


def proxies(variables: Mapping[str, str]) -> dict[str, str]:
    """The proxy variables as urllib reads them: `<scheme>_proxy` by scheme ("no" for
    no_proxy), the lower-case name winning over the upper-case one, and HTTP_PROXY ignored inside
    a CGI request (where it can be set by a client's `Proxy:` header)."""
    found = {name.lower()[:-6]: value for name, value in variables.items()
             if value and name.lower().endswith("_proxy") and name != name.lower()}
    if "REQUEST_METHOD" in variables:
        found.pop("http", None)
    for name, value in variables.items():  # lower case wins; an empty one unsets
        if name.endswith("_proxy") and name == name.lower():
            if value:
                found[name[:-6]] = value
            else:
                found.pop(name[:-6], None)
    return found


def bypassed(host: str, no_proxy: str) -> bool:
    """`host` is named by NO_PROXY: `*`, the host itself, or a domain it is in (`example.com`
    and `.example.com` both cover `api.example.com`); a port on an entry is ignored."""
    host = host.lower().strip("[]")
    for entry in no_proxy.replace(" ", ",").split(","):
        entry = entry.strip().lower()
        if entry == "*":
            return True
        entry = entry.lstrip(".")
        if entry.startswith("["):  # [IPv6] or [IPv6]:port
            name = entry[1:].split("]", 1)[0]
        elif entry.count(":") > 1:  # a bare IPv6 address
            name = entry
        else:  # a name or IPv4 address, maybe with a port
            name = entry.rsplit(":", 1)[0]
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def proxy_for(scheme: str, host: str, variables: Mapping[str, str]) -> str | None:
    """The proxy URL to reach `host` over `scheme` (http, https, ws, wss), or None: go direct.
    From the environment variables only, as curl reads them (no system settings)."""
    if is_loopback(host):
        return None
    found = proxies(variables)
    if bypassed(host, found.get("no", "")):
        return None
    for name in _PROXY_VARIABLES[scheme]:
        if found.get(name):
            return found[name]
    return None


def open_socket(scheme: str, host: str, port: int, *, timeout: float,
                variables: Mapping[str, str]) -> socket.socket:
    """A connection to host:port, through the proxy the environment names for `scheme`, and in
    TLS for https and wss (the certificate checked for `host`).

    Raises:
        UsageError: the proxy is not an http:// proxy, a name is invalid, or the CA bundle the
            variables name cannot be loaded.
        UnavailableError: the proxy refuses the tunnel (UntrustedError: the certificate fails).
        OSError: the connection failed.
    """
    proxy = proxy_for(scheme, host, variables)
    if proxy is None:
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except UnicodeError:  # the idna codec refuses the name: no network can help
            raise UsageError(f"invalid host name `{host}`",
                             hint="check --base-url (or CARTESIA_BASE_URL)") from None
    else:
        sock = open_tunnel(proxy, host, port, timeout=timeout)
    # Small writes go out at once (what httpcore and websockets do): with Nagle's algorithm a
    # WebSocket message sent right after another waits for its ACK, ~40 ms of delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if scheme not in ("https", "wss"):
        return sock
    import ssl

    try:
        return tls_context(variables).wrap_socket(sock, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise untrusted(host, exc.verify_message or str(exc)) from None
    except BaseException:
        sock.close()
        raise


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_tunnel(proxy: str, host: str, port: int, *, timeout: float) -> socket.socket:
    """A TCP connection to host:port through the HTTP proxy's CONNECT method.

    Raises:
        UsageError: the proxy is not an http:// proxy.
        UnavailableError: the proxy cannot be reached or refuses the tunnel.
        OSError: the connection to the proxy failed.
    """
    shown = redact_url(proxy)
    hint = ("an http:// proxy tunnels https and wss too (CONNECT); check HTTPS_PROXY, ALL_PROXY "
            "and NO_PROXY")
    try:
        parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        proxy_port = parts.port or 80
    except ValueError as exc:  # a bad port or a broken [IPv6] literal
        raise UsageError(f"invalid proxy URL {shown}: {exc}", hint=hint) from None
    if parts.scheme != "http" or not parts.hostname:
        raise UsageError(f"unsupported proxy {shown}: only http:// proxies are supported",
                         hint=hint)
    try:
        sock = socket.create_connection((parts.hostname, proxy_port), timeout=timeout)
    except UnicodeError:
        raise UsageError(f"invalid proxy URL {shown}: bad host name", hint=hint) from None
    except OSError as exc:  # name it the proxy's failure, not the API's
        raise UnavailableError(f"cannot reach the proxy {shown}: "
                               f"{(exc.strerror or str(exc) or type(exc).__name__).lower()}",
                               hint="check HTTPS_PROXY (or ALL_PROXY), or NO_PROXY for hosts to "
                               "reach directly") from None
    try:
        try:
            name = host if host.isascii() else host.encode("idna").decode("ascii")
        except UnicodeError:
            raise UsageError(f"invalid host name `{host}`",
                             hint="check --base-url (or CARTESIA_BASE_URL)") from None
        target = f"[{name}]:{port}" if ":" in name else f"{name}:{port}"
        lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
        if parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            lines.append("Proxy-Authorization: Basic " + base64.b64encode(pair.encode()).decode())
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        head = _read_head(sock)
        status_line = head.split(b"\r\n", 1)[0].decode("latin-1", "replace")
        fields = status_line.split(" ", 2)
        if len(fields) < 2 or not fields[1].startswith("2"):
            raise UnavailableError(f"the proxy {shown} refused the tunnel: {status_line!r}",
                                   hint="check HTTPS_PROXY and NO_PROXY")
        return sock
    except BaseException:
        sock.close()
        raise


def _read_head(sock: socket.socket) -> bytes:
    head = b""
    while b"\r\n\r\n" not in head:
        data = sock.recv(4096)
        if not data or len(head) > MAX_PROXY_ANSWER:
            raise UnavailableError("the proxy closed the connection or answered with no end")
        head += data
    return head


_contexts: dict[str, ssl.SSLContext] = {}


def tls_context(variables: Mapping[str, str]) -> ssl.SSLContext:
    """The TLS settings for https and wss: the certifi CA bundle (what httpx used), or the
    bundle or directory named by SSL_CERT_FILE / SSL_CERT_DIR (OpenSSL's variables). Built once
    per choice: loading a bundle takes tens of ms."""
    import ssl

    cafile = variables.get("SSL_CERT_FILE") or None
    capath = None if cafile else variables.get("SSL_CERT_DIR") or None
    key = f"{cafile}|{capath}"
    if key not in _contexts:
        named = (f"SSL_CERT_FILE={cafile}" if cafile else
                 f"SSL_CERT_DIR={capath}" if capath else None)
        if named is None:
            import certifi

            cafile = certifi.where()
        try:
            _contexts[key] = ssl.create_default_context(cafile=cafile, capath=capath)
        except (OSError, ssl.SSLError) as exc:  # a missing file, or one that is not PEM
            reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
            raise UsageError(f"cannot load the CA certificates of {named or 'certifi'}: "
                             f"{str(reason).lower().replace('_', ' ')}",
                             hint="point SSL_CERT_FILE at a PEM bundle (or unset it)") from None
    return _contexts[key]


def untrusted(host: str, reason: str) -> UntrustedError:
    """A certificate that failed verification, in plain words, with the usual cause's cure."""
    return UntrustedError(
        f"the TLS certificate of {host} is not trusted: {reason}",
        hint="if a proxy or firewall inspects TLS, point SSL_CERT_FILE at its CA bundle (PEM); "
        "otherwise check --base-url",
    )
