"""The WebSocket through an HTTP proxy: which proxy the environment names, and a CONNECT tunnel.

Why by hand: api/ws.py opens the TCP connection itself so that websockets can never follow a
redirect with the key (see there); websockets' own proxy support is then bypassed, so the tunnel
it would have opened is opened here. Proxies are read the way websockets and urllib read them
(`wss_proxy`, `https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`), with the standard library.
Loopback hosts (the emulator) are always reached directly.
"""

from __future__ import annotations

import base64
import socket
from urllib.parse import unquote, urlsplit

from cartesia_cli.config import redact_url
from cartesia_cli.errors import UnavailableError, UsageError

MAX_PROXY_ANSWER = 16 * 1024  # bytes of the proxy's answer head we are willing to read


def proxy_for(scheme: str, host: str) -> str | None:
    """The proxy URL to reach `host` over `scheme` ("ws" or "wss"), or None to go direct."""
    import urllib.request

    from cartesia_cli.api.http import is_loopback

    if is_loopback(host) or urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    order = ("wss", "https", "all") if scheme == "wss" else ("ws", "https", "http", "all")
    for name in order:
        if proxies.get(name):
            return proxies[name]
    return None


def open_tunnel(proxy: str, host: str, port: int, *, timeout: float) -> socket.socket:
    """A TCP connection to host:port through the HTTP proxy's CONNECT method.

    Raises:
        UsageError: the proxy is not an http:// proxy.
        UnavailableError: the proxy cannot be reached or refuses the tunnel.
        OSError: the connection to the proxy failed.
    """
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    shown = redact_url(proxy)
    if parts.scheme != "http" or not parts.hostname:
        raise UsageError(f"unsupported proxy {shown} for the WebSocket: only http:// proxies",
                         hint="use --transport sse, which goes through any proxy httpx supports")
    sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
    try:
        target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
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
                                   hint="check HTTPS_PROXY and NO_PROXY, or use --transport sse")
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
