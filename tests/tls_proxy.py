"""An HTTP CONNECT proxy on loopback whose far end is "the API over TLS": it answers CONNECT,
then speaks TLS to the client with a certificate made for the test (openssl), and relays the
decrypted bytes to the emulator. So the CLI's whole production path runs for real: proxy
variables, the tunnel, TLS with SNI and hostname checks, its CA settings, HTTP/1.1 or the
WebSocket inside, while the API behind it is the local emulator.

`refuse` makes it answer CONNECT with that status instead.
"""

from __future__ import annotations

import select
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

HOST = "api.example.test"  # reserved name (RFC 2606): reachable only through this proxy


def make_certificate(directory: Path, host: str = HOST) -> tuple[Path, Path]:
    """A self-signed certificate for `host` and its key (PEM files), made by openssl."""
    if shutil.which("openssl") is None:
        import pytest

        pytest.skip("openssl is not installed (scripts/test.sh installs it)")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host}"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@dataclass
class TlsProxy:
    upstream: tuple[str, int]  # the emulator's address
    cert: Path
    key: Path
    refuse: int | None = None
    tunnels: list[str] = field(default_factory=list)  # CONNECT targets, in order
    heads: list[bytes] = field(default_factory=list)  # their request heads, as received
    port: int = 0

    def __post_init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(self.cert, self.key)
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._server.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 16384:
                data = client.recv(4096)
                if not data:
                    return
                head += data
            self.heads.append(head)
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, target, _ = (line.split(" ") + ["", ""])[:3]
            if method != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            self.tunnels.append(target)
            if self.refuse is not None:
                client.sendall(f"HTTP/1.1 {self.refuse} No\r\nContent-Length: 0\r\n\r\n".encode())
                return
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            try:
                secure = self._tls.wrap_socket(client, server_side=True)
            except (ssl.SSLError, OSError):
                return  # the client did not trust us: what the untrusted-certificate tests want
            with secure, socket.create_connection(self.upstream) as api:
                self._relay(secure, api)

    def _relay(self, secure: ssl.SSLSocket, api: socket.socket) -> None:
        """Both directions in one thread (one SSL object is never used by two threads), until
        either side closes."""
        other: dict[socket.socket, socket.socket] = {secure: api, api: secure}
        while True:
            ready, _, _ = select.select([secure, api], [], [], 60)
            if not ready:
                return
            for sock in ready:
                try:
                    data = sock.recv(65536)
                    if not data:
                        return
                    other[sock].sendall(data)
                    # TLS may hold decrypted bytes that the raw socket no longer signals.
                    while sock is secure and secure.pending():
                        other[sock].sendall(secure.recv(65536))
                except OSError:
                    return
