"""Which proxy a host is reached through, from the variables the run was given (api/connect.py),
read as urllib and curl read them."""

import pytest

from cartesia_cli.api.connect import bypassed, proxies, proxy_for


def test_lower_case_wins_and_an_empty_lower_case_name_unsets():
    assert proxies({"HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2"}) == {
        "https": "http://lower:2"}
    assert proxies({"HTTPS_PROXY": "http://upper:1", "https_proxy": ""}) == {}
    assert proxies({"ALL_PROXY": "http://a:3", "NO_PROXY": "x"}) == {"all": "http://a:3",
                                                                       "no": "x"}


def test_http_proxy_is_ignored_inside_a_cgi_request():
    assert proxies({"HTTP_PROXY": "http://evil:1", "REQUEST_METHOD": "GET"}) == {}


@pytest.mark.parametrize("host, no_proxy, expected", [
    ("api.cartesia.ai", "*", True),
    ("api.cartesia.ai", "cartesia.ai", True),
    ("api.cartesia.ai", ".cartesia.ai", True),
    ("api.cartesia.ai", "other.example, cartesia.ai:443", True),
    ("api.cartesia.ai", "ai.cartesia", False),
    ("notcartesia.ai", "cartesia.ai", False),
    ("API.Cartesia.AI", "api.cartesia.ai", True),
    ("10.1.2.3", "10.1.2.3", True),
    ("[2001:db8::1]", "2001:db8::1", True),
    ("[2001:db8::1]", "[2001:db8::1]:443", True),
    ("2001:db8::1", "[2001:db8::2]", False),
    ("api.cartesia.ai", "", False),
])
def test_no_proxy_entries(host, no_proxy, expected):
    assert bypassed(host, no_proxy) is expected


@pytest.mark.parametrize("scheme, variables, expected", [
    ("https", {"HTTPS_PROXY": "http://p:1"}, "http://p:1"),
    ("https", {"ALL_PROXY": "http://a:1"}, "http://a:1"),
    ("https", {"HTTP_PROXY": "http://h:1"}, None),  # http_proxy is for http:// only
    ("wss", {"WSS_PROXY": "http://w:1", "HTTPS_PROXY": "http://p:1"}, "http://w:1"),
    ("wss", {"HTTPS_PROXY": "http://p:1"}, "http://p:1"),
    ("https", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "cartesia.ai"}, None),
])
def test_the_proxy_for_each_scheme(scheme, variables, expected):
    assert proxy_for(scheme, "api.cartesia.ai", variables) == expected


def test_loopback_is_never_proxied():
    for host in ("127.0.0.1", "localhost", "::1", "[::1]"):
        assert proxy_for("http", host, {"ALL_PROXY": "http://p:1"}) is None
