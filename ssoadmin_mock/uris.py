"""URIs a client sends (redirect URIs, start URLs, request URLs), split without raising.

``urllib.parse.urlsplit`` raises `ValueError` for text that is no URI at all (an unclosed
IPv6 bracket, ``https://[::1``; a bracket around no address, ``http://[x]/``): a value the
model's patterns let through must still get the service's own refusal, never a traceback.
Python 3.11.4 began refusing a bracket around no IPv6 address (gh-103848); the same check
is made here on every supported Python, so that a URI is refused or not whichever runs.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

#: what a text that cannot be split splits as: no scheme, no host, no path
NOT_A_URI = SplitResult("", "", "", "", "")


def split(text: str) -> SplitResult:
    """`text` split as ``urlsplit`` splits it; `NOT_A_URI` when it cannot be."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return NOT_A_URI
    if "[" in parts.netloc and not _bracketed_host_is_an_address(parts.netloc):
        return NOT_A_URI
    return parts


#: an IPvFuture literal (RFC 3986 section 3.2.2): ``v<hex>.<text>``
_IP_FUTURE = re.compile(r"v[a-fA-F0-9]+\..+")


def _bracketed_host_is_an_address(netloc: str) -> bool:
    """Whether the bracketed host of `netloc` is an IPv6 address or an IPvFuture literal."""
    host = netloc.rpartition("@")[2].partition("[")[2].partition("]")[0]
    if host.startswith("v"):
        return _IP_FUTURE.fullmatch(host) is not None
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
    except ValueError:
        return False
