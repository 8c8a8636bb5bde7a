"""Switching the mock on: `mock_ssoadmin`, and the hooks that put it inside moto.

Importing the package (this module) does two things to moto, once:

- moto's registry of backends serves sso-admin from `ssoadmin_backends`, so moto's own
  `mock_aws` (and moto's server) answer sso-admin with this library;
- moto's before-send handler in botocore's built-in handlers is wrapped so that sso-admin
  requests are answered directly by this library while a moto mock is active, skipping
  moto's generic URL matching (botocore calls every before-send handler, so a second handler
  beside moto's would have both answer), to keep the per-call cost near botocore's own.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import inspect
import sys
from collections.abc import Callable, Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any, TypeVar, overload

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.handlers import BUILTIN_HANDLERS
from moto.core.config import DefaultConfig
from moto.core.models import MockAWS, botocore_stubber

from .models import ssoadmin_backends
from .responses import dispatch
from .settings import settings

F = TypeVar("F", bound=Callable[..., Any])

_SWITCHES = ("default_instance", "check_principals")


_SSO_ADMIN_EVENT = "before-send.sso-admin."


class _RawBody:
    """The raw body of an answer, as botocore reads it (``stream()``), with no copying."""

    __slots__ = ("body",)

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        yield self.body


def _before_send(
    request: AWSPreparedRequest, event_name: str = "", **kwargs: Any
) -> AWSResponse | None:
    """botocore's before-send hook: sso-admin from this library, the rest from moto."""
    if not event_name.startswith(_SSO_ADMIN_EVENT):
        return botocore_stubber(event_name, request, **kwargs)
    if not botocore_stubber.enabled:
        return None
    headers = request.headers
    status, response_headers, body = dispatch(
        headers.get("X-Amz-Target"), request.body, headers, request.url or ""
    )
    return AWSResponse(request.url, status, response_headers, _RawBody(body))


def install() -> None:
    """Make moto serve sso-admin from this library (idempotent; done on import).

    moto's own sso-admin modules are not imported here (they pull in moto's IAM, a tenth of
    a second of a cold start that the in-process path never needs): if they are loaded
    already they are patched now, otherwise right after moto imports them (for its server,
    or for a service that reads sso-admin's backends).
    """
    for name in _MOTO_SSOADMIN_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            _serve_from_here(module)
    if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
    for index, entry in enumerate(BUILTIN_HANDLERS):
        if entry[0] == "before-send" and entry[1] is botocore_stubber:
            BUILTIN_HANDLERS[index] = ("before-send", _before_send)
            return
    if ("before-send", _before_send) not in BUILTIN_HANDLERS:  # moto's handler not found
        BUILTIN_HANDLERS.append(("before-send", _before_send))


_MOTO_SSOADMIN_MODULES = ("moto.ssoadmin.models", "moto.ssoadmin")


def _serve_from_here(module: ModuleType) -> None:
    """Point a moto sso-admin module's ``ssoadmin_backends`` at this library's backends."""
    module.ssoadmin_backends = ssoadmin_backends  # type: ignore[attr-defined]


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches moto's sso-admin modules as soon as they are imported (see `install`)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in _MOTO_SSOADMIN_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and isinstance(spec.loader, importlib.abc.Loader):
            spec.loader = _PatchingLoader(spec.loader)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    """A module's own loader, then `_serve_from_here` on the executed module."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._inner.exec_module(module)
        _serve_from_here(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _SharedMockState(type(MockAWS)):  # type: ignore[misc]  # moto's metaclass (ABCMeta)
    """Keeps `MockSSOAdmin`'s nesting count and active flag the ones of moto's `MockAWS`.

    moto reads and writes them as ``self.__class__._nested_count`` / ``_mocks_active``: on a
    subclass the first write would give it copies of its own, so a ``mock_ssoadmin`` nested in
    moto's ``mock_aws`` would leave the subclass count at 1 when it ends, and every later
    ``mock_ssoadmin`` would believe it is nested and never switch the mock on (letting requests
    through to AWS). Both names are therefore read from and written to `MockAWS` itself.
    """

    @property
    def _nested_count(cls) -> int:
        return int(MockAWS._nested_count)

    @_nested_count.setter
    def _nested_count(cls, value: int) -> None:
        MockAWS._nested_count = value

    @property
    def _mocks_active(cls) -> bool:
        return bool(MockAWS._mocks_active)

    @_mocks_active.setter
    def _mocks_active(cls, value: bool) -> None:
        MockAWS._mocks_active = value


class MockSSOAdmin(MockAWS, metaclass=_SharedMockState):
    """moto's `MockAWS` (all of AWS mocked) with this library's switches applied.

    Switches (all optional):

    ``default_instance``
        accounts start with one ACTIVE instance (default True)
    ``check_principals``
        principals must exist in the identity store (default True)
    ``async_reads`` / ``async_seconds``
        keep asynchronous statuses in progress for N reads / S seconds (default 0: settled
        within the call)
    ``async_failures``
        ``{"CreateAccountAssignment": "reason"}``: work of those operations ends FAILED
    ``faults``
        ``{"CreatePermissionSet": "ThrottlingException"}`` or ``{op: (code, times)}``:
        calls fail with that modeled error (once, or `times` times; None for always)
    """

    def __init__(self, config: DefaultConfig | None = None, **switches: Any) -> None:
        super().__init__(config)
        unknown = set(switches) - {
            *_SWITCHES,
            "async_reads",
            "async_seconds",
            "async_failures",
            "faults",
        }
        if unknown:
            raise TypeError(f"mock_ssoadmin got unknown switches: {', '.join(sorted(unknown))}")
        self._switches = switches

    def start(self, reset: bool = True) -> None:
        self._apply_switches()
        super().start(reset=reset)

    def stop(self, remove_data: bool = True) -> None:
        super().stop(remove_data=remove_data)
        if remove_data and MockAWS._nested_count == 0:
            settings.reset()

    def _apply_switches(self) -> None:
        switches = self._switches
        for name in _SWITCHES:
            if name in switches:
                setattr(settings, name, bool(switches[name]))
        if "async_reads" in switches or "async_seconds" in switches:
            settings.async_status.defer(
                reads=int(switches.get("async_reads", 0)),
                seconds=float(switches.get("async_seconds", 0.0)),
            )
        for operation, reason in (switches.get("async_failures") or {}).items():
            settings.async_status.fail(operation, reason)
        for operation, fault in (switches.get("faults") or {}).items():
            code, times = (fault, 1) if isinstance(fault, str) else fault
            settings.faults.inject(operation, code, times=times)


@overload
def mock_ssoadmin(func: F) -> F: ...
@overload
def mock_ssoadmin(
    func: None = None, *, config: DefaultConfig | None = None, **switches: Any
) -> MockSSOAdmin: ...


def mock_ssoadmin(func: Any = None, *, config: DefaultConfig | None = None, **switches: Any) -> Any:
    """Mock sso-admin (served by this library) and the rest of AWS (served by moto).

    Use it as a decorator on a function or class (``@mock_ssoadmin`` or
    ``@mock_ssoadmin(default_instance=False)``), as a context manager
    (``with mock_ssoadmin():``) or with ``start()``/``stop()``. State is fresh on every entry
    and dropped on exit.
    """
    mock = MockSSOAdmin(config, **switches)
    if func is not None and (callable(func) or inspect.isclass(func)):
        return mock(func)
    return mock
