"""Switching the mock on: `mock_ssoadmin`, and the hooks that put it inside moto.

Importing the package (this module) does six things to moto, once:

- moto's registry of backends serves sso-admin from `ssoadmin_backends` and identitystore
  through `identitystore_slots`, so moto's own `mock_aws` (and moto's server) answer both
  with this library;
- moto's before-send handler in botocore's built-in handlers is wrapped so that sso-admin
  and identitystore requests, and the access portal's and OIDC's (sso, sso-oidc, which moto
  does not serve), are answered directly by this library while a moto mock is
  active (which services: `_SERVED_EVENTS`, one dict look-up per request), skipping
  moto's generic URL matching (botocore calls every before-send handler, so a second handler
  beside moto's would have both answer), to keep the per-call cost near botocore's own;
- moto's mock switching on from nothing, and off altogether, puts the ambient switches (those
  changed at run time under moto's own ``mock_aws``) back to their defaults;
- moto's CloudFormation deploys the ``AWS::SSO::*`` and ``AWS::IdentityStore::*`` resource
  types (`ssoadmin_mock.cloudformation`), with rollback for templates that hold them (patched
  when moto loads its stacks);
- moto's organizations registers a delegated administrator for ``sso.amazonaws.com``
  (`ssoadmin_mock.delegation`; patched when moto loads its organizations models);
- moto lists each service's Regions through boto3's default session once there is one
  (`moto_bridge.share_default_session`), and so does this package: a process's first call
  reads no botocore data file its client has not read already.

While a `mock_ssoadmin` runs, ``AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`` keeps exported
endpoint URLs from sending clients made inside it anywhere but the mock.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import inspect
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any, TypeVar, overload

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.handlers import BUILTIN_HANDLERS
from moto.core.config import DefaultConfig
from moto.core.models import MockAWS, botocore_stubber

from . import cloudformation, delegation, moto_bridge, signing
from . import switches as _switches
from .backend import identitystore_slots, ssoadmin_backends
from .responses import dispatch, target_of
from .switches import AsyncSettings, Faults, Switches

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["MockSSOAdmin", "ServerStateWarning", "install", "mock_ssoadmin"]

#: botocore's event names of the services served here: ``before-send.<service id>.<op>``
#: (the service id in hyphenated form, as botocore names its events): sso-admin,
#: identitystore, and the access portal (sso) and OIDC (sso-oidc), which moto does not serve
_SERVED_EVENTS = frozenset({"sso-admin", "identitystore", "sso", "sso-oidc"})
_EVENT_PREFIX = len("before-send.")


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
    """botocore's before-send hook: the services served here from this library, the rest
    from moto."""
    if event_name[_EVENT_PREFIX : event_name.find(".", _EVENT_PREFIX)] not in _SERVED_EVENTS:
        return botocore_stubber(event_name, request, **kwargs)
    if not botocore_stubber.enabled:
        return None
    headers = request.headers
    status, response_headers, body = dispatch(
        target_of(headers),
        request.body,
        headers,
        request.url or "",
        request.method or "POST",
    )
    return AWSResponse(request.url, status, response_headers, _RawBody(body))


def install() -> None:
    """Make moto serve sso-admin from this library (idempotent; done on import).

    moto's own sso-admin modules are not imported here (they pull in moto's IAM, a tenth of
    a second of a cold start that the in-process path never needs): if they are loaded
    already they are patched now, otherwise right after moto imports them (for its server,
    or for a service that reads sso-admin's backends).
    """
    for name in _PATCHED_ON_IMPORT:
        module = sys.modules.get(name)
        if module is not None:
            _patch(module)
    cloudformation.register()
    if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
    _reset_ambient_switches_with_moto()
    signing.install()
    for name in sorted(_SERVED_EVENTS):  # sessions made from now on sign as `signing` says
        entry = (f"choose-signer.{name}", signing.choose_signer)
        if entry not in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.append(entry)
    moto_bridge.share_default_session()
    for index, entry in enumerate(BUILTIN_HANDLERS):
        if entry[0] == "before-send" and entry[1] is botocore_stubber:
            BUILTIN_HANDLERS[index] = ("before-send", _before_send)
            return
    if ("before-send", _before_send) not in BUILTIN_HANDLERS:  # moto's handler not found
        BUILTIN_HANDLERS.append(("before-send", _before_send))


#: moto's modules whose backends are this library's, and the attribute holding them
_MOTO_MODULES = {
    "moto.ssoadmin.models": "ssoadmin_backends",
    "moto.ssoadmin": "ssoadmin_backends",
    "moto.identitystore.models": "identitystore_backends",
    "moto.identitystore": "identitystore_backends",
}
#: moto's modules patched as soon as they are imported: those above, CloudFormation's
#: stacks (rollback for templates with this package's resources, `ssoadmin_mock.cloudformation`)
#: and organizations' models (a delegated administrator for IAM Identity Center,
#: `ssoadmin_mock.delegation`)
_PATCHED_ON_IMPORT = (
    *_MOTO_MODULES,
    moto_bridge.CLOUDFORMATION_MODELS,
    moto_bridge.ORGANIZATIONS_MODELS,
)

#: what marks moto's methods as already wrapped by `_reset_ambient_switches_with_moto`
_RESETS_SWITCHES = "_ssoadmin_resets_ambient_switches"


def _reset_ambient_switches_with_moto() -> None:
    """Reset the ambient switches whenever moto's mock switches on from nothing or off.

    moto calls ``_enable_patching`` when its nesting count goes from 0 to 1 and
    ``_disable_patching`` when it drops back to 0 (both under its own lock), for ``mock_aws``
    and `mock_ssoadmin` alike: switches changed at run time under moto's mock last exactly as
    long as it does.
    """
    for name in ("_enable_patching", "_disable_patching"):
        original = getattr(MockAWS, name)
        if getattr(original, _RESETS_SWITCHES, False):
            continue

        def wrapper(
            self: MockAWS,
            *args: Any,
            _original: Any = original,
            _on: bool = name == "_enable_patching",
            **kwargs: Any,
        ) -> Any:
            _switches.reset_ambient(moto_mock_on=_on)
            return _original(self, *args, **kwargs)

        setattr(wrapper, _RESETS_SWITCHES, True)
        wrapper.__name__ = wrapper.__qualname__ = name
        wrapper.__doc__ = original.__doc__
        setattr(MockAWS, name, wrapper)


def _patch(module: ModuleType) -> None:
    """Patch one of `_PATCHED_ON_IMPORT`, once it is loaded."""
    if module.__name__ == moto_bridge.CLOUDFORMATION_MODELS:
        moto_bridge.patch_cloudformation(module)
    elif module.__name__ == moto_bridge.ORGANIZATIONS_MODELS:
        moto_bridge.patch_organizations(module, delegation.SERVICE_PRINCIPAL)
    else:
        _serve_from_here(module)


def _serve_from_here(module: ModuleType) -> None:
    """Point a moto sso-admin or identitystore module's backends at this library's."""
    if _MOTO_MODULES[module.__name__] == "ssoadmin_backends":
        module.ssoadmin_backends = ssoadmin_backends  # type: ignore[attr-defined]
    else:
        module.identitystore_backends = identitystore_slots  # type: ignore[attr-defined]


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches moto's sso-admin and identitystore modules as soon as they are imported
    (see `install`)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in _PATCHED_ON_IMPORT:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and isinstance(spec.loader, importlib.abc.Loader):
            spec.loader = _PatchingLoader(spec.loader)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    """A module's own loader, then `_patch` on the executed module."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._inner.exec_module(module)
        _patch(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class ServerStateWarning(UserWarning):
    """A mock starts while a `ssoadmin_mock.server.Server` serves in the same process.

    moto's state is process-wide: the mock's start resets the state that server serves
    (sso-admin's and moto's), and its stop resets it again.
    """


def _warn_if_serving() -> None:
    """`ServerStateWarning` if a `Server` of this process is serving (the server module is
    looked up, never imported: a process that never made a server pays nothing)."""
    server_module = sys.modules.get("ssoadmin_mock.server")
    urls: list[str] = getattr(server_module, "serving", list)()
    if urls:
        warnings.warn(
            f"mock_ssoadmin is starting while ssoadmin_mock.server.Server serves {', '.join(urls)} "
            "in this process: the mock resets the state that server serves (sso-admin's and "
            "moto's) now and again when it stops, and answers this process's boto3 clients "
            "itself. Run the server in a process of its own (ssoadmin-mock serve), or stop it "
            "before starting a mock.",
            ServerStateWarning,
            stacklevel=3,
        )


#: botocore's switch that ignores endpoint URLs configured in the environment
#: (``AWS_ENDPOINT_URL``, ``AWS_ENDPOINT_URL_<SERVICE>``) and in config files
_IGNORE_ENDPOINTS = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"


class _ConfiguredEndpointsIgnored:
    """While any `MockSSOAdmin` runs, botocore ignores configured endpoint URLs.

    Under the mock every service is answered in-process; an exported ``AWS_ENDPOINT_URL``
    (or a per-service one) would otherwise send clients made inside the mock to that URL, for
    every service but sso-admin (which the before-send hook answers whatever the URL). The
    variable's own value is put back when the last run of any mock stops, whatever order the
    runs stop in. An ``endpoint_url=`` given to a client in code is still used.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs = 0
        self._saved: str | None = None

    def enter(self) -> None:
        with self._lock:
            if self._runs == 0:
                self._saved = os.environ.get(_IGNORE_ENDPOINTS)
                os.environ[_IGNORE_ENDPOINTS] = "true"
            self._runs += 1

    def leave(self) -> None:
        with self._lock:
            self._runs -= 1
            if self._runs == 0:
                if self._saved is None:
                    os.environ.pop(_IGNORE_ENDPOINTS, None)
                else:
                    os.environ[_IGNORE_ENDPOINTS] = self._saved


_configured_endpoints = _ConfiguredEndpointsIgnored()


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
    """moto's `MockAWS` (all of AWS mocked), with switches of its own.

    Switches (all optional; see `ssoadmin_mock.switches.parse`):

    ``default_instance``
        accounts start with one ACTIVE instance (default True)
    ``check_principals``
        principals must exist in the identity store (default True)
    ``async_reads`` / ``async_seconds``
        keep asynchronous statuses in progress for N reads / S seconds (default 0: the call
        still answers IN_PROGRESS, as AWS does, and the first read already shows the result)
    ``async_failures``
        ``{"CreateAccountAssignment": "reason"}`` or ``{op: (reason, times)}``: work of those
        operations ends FAILED (every time, or `times` times)
    ``faults``
        ``{"CreatePermissionSet": "ThrottlingException"}``, ``{op: "CODE:3"}`` or
        ``{op: (code, times)}``: calls fail with that modeled error (once, or `times` times;
        ``"always"`` or None for every call)
    ``moto_compatible``
        serve what AWS refuses only for moto's laxnesses as moto serves it, each difference
        a `ssoadmin_mock.FidelityWarning` (default: ``SSOADMIN_MOCK_MODE``, else False)

    While it runs, botocore ignores the endpoint URLs configured in the environment
    (``AWS_ENDPOINT_URL``, ``AWS_ENDPOINT_URL_IAM``, ...) and config files, so every client
    made inside the mock is answered in-process. Starting it while a
    `ssoadmin_mock.server.Server` serves in this process warns (`ServerStateWarning`): the
    server's state is reset. `stop` without a start raises ``RuntimeError`` and changes nothing.

    Every start puts fresh switches made from these in force, and stop takes exactly those
    off (an outer mock's are in force again). ``start(reset=False)``, as moto's class
    decorator does for a test method after its ``setUp``, carries on with the switches of the
    previous run, as it does with the data. While it runs, `faults`, `async_status`,
    `default_instance`, `check_principals` and `moto_compatible` are the live switches of
    this mock; after it stops, what they were when it stopped.
    """

    def __init__(self, config: DefaultConfig | None = None, **switches: Any) -> None:
        super().__init__(config)
        self._spec = _switches.parse(switches)
        #: (token of the push, switches) of each start not stopped yet, the innermost last
        self._runs: list[tuple[object, Switches]] = []
        #: the switches of the run that stopped last
        self._last: Switches | None = None

    def start(self, reset: bool = True) -> None:
        if reset and MockAWS._nested_count == 0:
            _warn_if_serving()
        made = None if reset else self._latest()
        if made is None:
            made = self._spec.build()
        token = _switches.push(made)
        _configured_endpoints.enter()
        try:
            super().start(reset=reset)
        except BaseException:
            _configured_endpoints.leave()
            _switches.pop(token)
            raise
        self._runs.append((token, made))

    def stop(self, remove_data: bool = True) -> None:
        """Stop the latest run of this mock; ``RuntimeError`` if it has none, changing
        nothing (moto's nesting count and patching stay as they are)."""
        if not self._runs:
            raise RuntimeError(
                "mock_ssoadmin: stop() called before start() (or more often than start()); "
                "nothing was stopped, and later mocks work as usual"
            )
        try:
            super().stop(remove_data=remove_data)
        finally:
            token, self._last = self._runs.pop()
            _switches.pop(token)
            _configured_endpoints.leave()

    def _enable_patching(self, reset: bool = True) -> None:
        """moto's, called as moto calls it (its mock switching on from nothing), with moto's
        URL callbacks for `responses` made once per process (`moto_bridge`): entering and
        leaving the mock costs a fraction of what ``mock_aws`` costs. The ambient switches
        are reset each time, as for moto's own mock (`_reset_ambient_switches_with_moto`)."""
        _switches.reset_ambient(moto_mock_on=True)
        moto_bridge.start_http_patching(self, reset, super()._enable_patching)

    def _latest(self) -> Switches | None:
        return self._runs[-1][1] if self._runs else self._last

    @property
    def switches(self) -> Switches:
        """This mock's switches: those of its current run, or of its last one."""
        latest = self._latest()
        if latest is None:
            raise RuntimeError(
                "the mock's switches exist once it has started: start it first, or give "
                "them to mock_ssoadmin(...)"
            )
        return latest

    @property
    def faults(self) -> Faults:
        """This mock's faults: ``mock.faults.inject("ListInstances", times=2)``."""
        return self.switches.faults

    @property
    def async_status(self) -> AsyncSettings:
        """How this mock's asynchronous work settles: ``mock.async_status.defer(reads=2)``."""
        return self.switches.async_status

    @property
    def default_instance(self) -> bool:
        """New accounts start with one ACTIVE instance."""
        return self.switches.default_instance

    @default_instance.setter
    def default_instance(self, value: bool) -> None:
        self.switches.default_instance = value

    @property
    def check_principals(self) -> bool:
        """Principals must exist in the identity store."""
        return self.switches.check_principals

    @check_principals.setter
    def check_principals(self, value: bool) -> None:
        self.switches.check_principals = value

    @property
    def moto_compatible(self) -> bool:
        """What AWS refuses only for moto's laxnesses is served as moto serves it."""
        return self.switches.moto_compatible

    @moto_compatible.setter
    def moto_compatible(self, value: bool) -> None:
        self.switches.moto_compatible = value


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
    (``with mock_ssoadmin() as mock:``) or with ``start()``/``stop()``. State and switches
    are fresh on every entry and dropped on exit. An unknown switch raises ``TypeError`` and a
    bad value ``ValueError`` here; an operation or error code the model lacks, at start.
    """
    mock = MockSSOAdmin(config, **switches)
    if func is not None and (callable(func) or inspect.isclass(func)):
        return mock(func)
    return mock
