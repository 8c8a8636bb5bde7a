"""moto's backends (``<service>_backends[account][region]``), found cheaply on every call.

moto's `BackendDict.__getitem__` takes a process-wide lock and copies its keys on every
access, and the per-account dict checks its keys again; that is needed only to make a backend
the first time. `backend_of` reads the two plain dicts first and goes through moto's indexing
only when the backend does not exist yet (or the region is an alias such as ``global``).
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any


def backend_of(backends: Any, account_id: str, region: str) -> Any:
    """``backends[account_id][region]`` (a moto `BackendDict`), made by moto if absent."""
    regions = dict.get(backends, account_id)
    if regions is not None:
        backend = dict.get(regions, region)
        if backend is not None:
            return backend
    return backends[account_id][region]


@cache
def service_backends(service: str) -> Any:
    """moto's `BackendDict` of `service` (``moto.<service>.models.<service>_backends``).

    Imported on first use, so a mock that never touches the service does not load it; cached
    because a function-level ``from ... import`` costs about a microsecond per call.
    """
    return getattr(importlib.import_module(f"moto.{service}.models"), f"{service}_backends")


def service_backend(service: str, account_id: str, region: str) -> Any:
    """moto's backend of `service` for an account and region (or partition, for IAM)."""
    return backend_of(service_backends(service), account_id, region)
