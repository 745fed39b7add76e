"""The production path: https and wss through an HTTP proxy (CONNECT), with TLS verified against
the CA the user names. tests/tls_proxy.py stands in for the proxy and the API's TLS front; the
emulator answers behind it."""

from __future__ import annotations

import socket
import wave
from urllib.parse import urlsplit

import pytest
from tls_proxy import HOST, TlsProxy, make_certificate

from helpers import TEST_KEY, run_cli


@pytest.fixture
def tls_api(emulator, tmp_path, monkeypatch):
    """The CLI pointed at https://api.example.test through the proxy, trusting its certificate."""
    cert, key = make_certificate(tmp_path)
    parts = urlsplit(emulator.base_url)
    proxy = TlsProxy((parts.hostname or "", parts.port or 80), cert, key)
    monkeypatch.setenv("CARTESIA_BASE_URL", f"https://{HOST}")
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    yield proxy
    proxy.close()


@pytest.mark.parametrize("command", [
    ("say",), ("stream",), ("stream", "--transport", "sse"),
], ids=["bytes", "websocket", "sse"])
def test_speech_goes_through_the_proxy_over_tls(tls_api, emulator, tmp_path, command):
    out = tmp_path / "out.wav"
    run_cli(*command, "-o", str(out), "Hello through the proxy.")
    with wave.open(str(out)) as wav:
        assert wav.getnframes() > 1000
    assert tls_api.tunnels == [f"{HOST}:443"]
    assert emulator.requests, "the emulator behind the proxy got nothing"
    # The key travels inside TLS only: the proxy's CONNECT head never carries it.
    assert all(TEST_KEY.encode() not in head for head in tls_api.heads)


def test_requests_share_one_tunnel_while_the_server_keeps_it(tls_api):
    """voices list --all reads several pages: one CONNECT and one TLS handshake for all."""
    run = run_cli("voices", "list", "--all", "--limit", "5", "--json")
    assert run.stdout.count(b'"id"') > 5
    assert len(tls_api.tunnels) == 1


def test_an_untrusted_certificate_is_one_line_and_not_retried(tls_api, monkeypatch, tmp_path):
    (tmp_path / "other").mkdir()  # a certificate for the same name, from another "CA"
    monkeypatch.setenv("SSL_CERT_FILE", str(make_certificate(tmp_path / "other")[0]))
    run = run_cli("say", "-o", str(tmp_path / "x.wav"), "hi", expect=4)
    assert run.stderr.count("error:") == 1
    assert f"the TLS certificate of {HOST} is not trusted" in run.stderr
    assert "SSL_CERT_FILE" in run.stderr
    assert len(tls_api.tunnels) == 1  # no retries: the same certificate would fail again
    assert not (tmp_path / "x.wav").exists()


def test_an_untrusted_certificate_on_the_websocket_too(tls_api, monkeypatch, tmp_path):
    (tmp_path / "other").mkdir()
    monkeypatch.setenv("SSL_CERT_FILE", str(make_certificate(tmp_path / "other")[0]))
    run = run_cli("stream", "-o", str(tmp_path / "x.wav"), "hi", expect=4)
    assert run.stderr.count("error:") == 1
    assert f"the TLS certificate of {HOST} is not trusted" in run.stderr
    assert len(tls_api.tunnels) == 1


@pytest.mark.parametrize("command", [("say",), ("stream",)], ids=["https", "wss"])
def test_a_proxy_that_refuses_the_tunnel(tls_api, tmp_path, command):
    tls_api.refuse = 407
    run = run_cli(*command, "-o", str(tmp_path / "x.wav"), "hi", expect=4)
    assert run.stderr.count("error:") == 1
    assert "refused the tunnel" in run.stderr and "407" in run.stderr
    assert not (tmp_path / "x.wav").exists()


def test_loopback_never_goes_through_the_proxy(emulator, monkeypatch, tmp_path):
    """The emulator is reached directly even when a proxy is set (a dead one, here)."""
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{dead.getsockname()[1]}")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{dead.getsockname()[1]}")
    try:
        run_cli("say", "-o", str(tmp_path / "x.wav"), "hi")
        run_cli("stream", "-o", str(tmp_path / "y.wav"), "hi")
    finally:
        dead.close()


def test_no_proxy_sends_the_host_around_the_proxy(tls_api, monkeypatch, tmp_path):
    """NO_PROXY names the API host: it is looked up directly (and, being a reserved name, not
    found), and the proxy sees nothing."""
    monkeypatch.setenv("NO_PROXY", HOST)
    monkeypatch.setenv("CARTESIA_MAX_RETRIES", "0")
    run = run_cli("say", "-o", str(tmp_path / "x.wav"), "hi", expect=4)
    assert f"cannot find the host {HOST}" in run.stderr
    assert tls_api.tunnels == []


@pytest.mark.parametrize("proxy, says", [
    ("http://proxy.invalid:99999", "invalid proxy URL"),
    ("http://[::1", "invalid proxy URL"),
    ("http://a..b:3128", "invalid proxy URL"),
    ("socks5://127.0.0.1:1080", "only http:// proxies"),
])
@pytest.mark.parametrize("command", [("say",), ("stream",)], ids=["https", "wss"])
def test_a_malformed_proxy_is_a_usage_error(tls_api, monkeypatch, tmp_path, proxy, says, command):
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    run = run_cli(*command, "-o", str(tmp_path / "x.wav"), "hi", expect=2)
    assert run.stderr.count("error:") == 1 and says in run.stderr
    assert "unexpected" not in run.stderr


def test_a_proxy_nobody_answers_is_named_as_the_proxy(tls_api, monkeypatch, tmp_path):
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:pw@127.0.0.1:{dead.getsockname()[1]}")
    monkeypatch.setenv("CARTESIA_MAX_RETRIES", "0")
    try:
        run = run_cli("say", "-o", str(tmp_path / "x.wav"), "hi", expect=4)
    finally:
        dead.close()
    assert "cannot reach the proxy http://***@127.0.0.1:" in run.stderr
    assert "pw" not in run.stderr.replace("HTTPS_PROXY", "")


@pytest.mark.parametrize("command", [("say",), ("stream",)], ids=["https", "wss"])
def test_a_ca_bundle_that_cannot_be_loaded_is_named(tls_api, monkeypatch, tmp_path, command):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    run = run_cli(*command, "-o", str(tmp_path / "x.wav"), "hi", expect=2)
    assert f"cannot load the CA certificates of SSL_CERT_FILE={tmp_path / 'missing.pem'}" \
        in run.stderr
    assert tls_api.tunnels == [f"{HOST}:443"]  # one attempt: no retries for a local mistake
