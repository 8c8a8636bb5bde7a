"""`uris.split`: what ``urlsplit`` gives, and `NOT_A_URI` for text that is no URI, the same on
every supported Python (3.11.4 began refusing brackets around no IPv6 address)."""

from __future__ import annotations

import pytest

from ssoadmin_mock import uris


@pytest.mark.parametrize(
    "text",
    [
        "https://[::1",
        "http://[x]/cb",
        "http://[127.0.0.1]/cb",
        "http://user@[zz]:80/",
        "http://[v1]/",
    ],
)
def test_text_that_is_no_uri_splits_as_none(text: str) -> None:
    assert uris.split(text) is uris.NOT_A_URI


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [
        ("http://[::1]:8080/cb", "::1", 8080),
        ("http://user@[fe80::1%25eth0]/cb", "fe80::1%25eth0", None),
        ("http://[v1.fe:80]/cb", "v1.fe:80", None),
        ("https://a.example.com/cb", "a.example.com", None),
    ],
)
def test_uris_split_as_urlsplit_splits_them(text: str, host: str, port: int | None) -> None:
    parts = uris.split(text)
    assert parts.hostname == host.lower()
    assert parts.port == port
    assert parts.path == "/cb"
