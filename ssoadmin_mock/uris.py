"""URIs a client sends (redirect URIs, start URLs, request URLs), split without raising.

``urllib.parse.urlsplit`` raises `ValueError` for text that is no URI at all (an unclosed
IPv6 bracket, ``https://[::1``; a bracket around no address, ``http://[x]/``): a value the
model's patterns let through must still get the service's own refusal, never a traceback.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

#: what a text that cannot be split splits as: no scheme, no host, no path
NOT_A_URI = SplitResult("", "", "", "", "")


def split(text: str) -> SplitResult:
    """`text` split as ``urlsplit`` splits it; `NOT_A_URI` when it cannot be."""
    try:
        return urlsplit(text)
    except ValueError:
        return NOT_A_URI
