"""Routing for moto: which URLs the sso-admin backend serves (stubber and server mode)."""

from .responses import http_dispatch

url_bases = [r"https?://sso\.(.+)\.amazonaws\.com"]

url_paths = {"{0}/$": http_dispatch}
