"""The backend's state, split by domain; `SSOAdminBackend` composes them."""

from .backend import SSOAdminBackend, account_backends, get_backend, ssoadmin_backends

__all__ = ["SSOAdminBackend", "account_backends", "get_backend", "ssoadmin_backends"]
