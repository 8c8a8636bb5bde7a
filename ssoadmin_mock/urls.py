"""Routing for moto: which URLs the backends serve (stubber and server mode).

The module itself is sso-admin's routing (``url_bases``, ``url_paths``, as moto reads a
backend's ``urls`` module); `IDENTITYSTORE` is identitystore's, read through
`backend.IdentityStoreSlot`. Both lead to the one dispatcher, which tells the services apart
by ``X-Amz-Target``.
"""

from types import SimpleNamespace

from .responses import http_dispatch

url_bases = [r"https?://sso\.(.+)\.amazonaws\.com"]

url_paths = {"{0}/$": http_dispatch}

IDENTITYSTORE = SimpleNamespace(
    url_bases=[r"https?://identitystore\.(.+)\.amazonaws\.com"],
    url_paths={"{0}/$": http_dispatch},
)
