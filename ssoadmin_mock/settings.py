"""The mock's switches, in one object: `ssoadmin_mock.settings`.

They can be given to `mock_ssoadmin(...)` for the life of one mock, or changed at run time::

    from ssoadmin_mock import settings
    settings.default_instance = False       # new accounts start with no instance
    settings.check_principals = False       # accept principals the identity store lacks
    settings.async_status.defer(reads=2)    # statuses stay IN_PROGRESS for two reads
    settings.async_status.fail("CreateAccountAssignment", "Role creation failed")
    settings.faults.inject("CreatePermissionSet", "ThrottlingException", times=2)
    with settings.faults.injected("ListInstances", "InternalServerException"):
        ...                                 # the next ListInstances fails with HTTP 500

`reset()` puts every switch back to its default; each `mock_ssoadmin` does that on exit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .asyncstatus import AsyncSettings
from .exceptions import SSOAdminError, error_for_code
from .service import modeled_errors, operation_names


@dataclass
class _Fault:
    code: str
    message: str
    times: int | None


class Faults:
    """Make chosen operations fail with one of their modeled errors, before any change.

    An armed operation fails on its next calls (in every account and region) with the given
    error, before validation and before anything is read or changed, so a failed call
    changes nothing. `inject` arms (and replaces what was armed for that operation),
    `injected` arms for a ``with`` block, `clear` disarms, `fired` counts the calls failed
    so far (for asserting how often the code under test retried).
    """

    def __init__(self) -> None:
        self._faults: dict[str, _Fault] = {}
        self._fired: dict[str, int] = {}
        self._lock = threading.Lock()

    def inject(
        self,
        operation: str,
        code: str = "ThrottlingException",
        *,
        times: int | None = 1,
        message: str | None = None,
    ) -> None:
        """Fail the next `times` calls of `operation` (every call if None) with `code`.

        `code` must be one of the errors the operation models (``ValueError`` otherwise);
        `message` replaces the default ``Injected <code> for <operation>``.
        """
        if operation not in operation_names():
            raise ValueError(f"{operation} is not an sso-admin operation")
        if code not in modeled_errors(operation):
            allowed = ", ".join(sorted(modeled_errors(operation)))
            raise ValueError(f"{operation} does not model {code}; it models {allowed}")
        if times is not None and (isinstance(times, bool) or times < 1):
            raise ValueError("times must be at least 1, or None for every call")
        text = message or f"Injected {code} for {operation}"
        with self._lock:
            self._faults[operation] = _Fault(code, text, times)

    @contextmanager
    def injected(
        self,
        operation: str,
        code: str = "ThrottlingException",
        *,
        times: int | None = 1,
        message: str | None = None,
    ) -> Iterator[None]:
        """`inject` for the ``with`` block; on leaving it, `operation` is armed as before."""
        with self._lock:
            before = self._faults.get(operation)
            previous = None if before is None else _Fault(before.code, before.message, before.times)
        self.inject(operation, code, times=times, message=message)
        try:
            yield
        finally:
            with self._lock:
                if previous is None:
                    self._faults.pop(operation, None)
                else:
                    self._faults[operation] = previous

    def clear(self, operation: str | None = None) -> None:
        """Disarm one operation, or every operation (and forget the `fired` counts)."""
        with self._lock:
            if operation is None:
                self._faults.clear()
                self._fired.clear()
            else:
                self._faults.pop(operation, None)

    def take(self, operation: str) -> SSOAdminError | None:
        """The error to raise for this call of `operation`, if a fault is armed."""
        if not self._faults:
            return None
        with self._lock:
            fault = self._faults.get(operation)
            if fault is None:
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._faults[operation]
            self._fired[operation] = self._fired.get(operation, 0) + 1
        return error_for_code(fault.code, fault.message)

    @property
    def armed(self) -> dict[str, int | None]:
        """Operation -> calls left to fail (None: every call)."""
        with self._lock:
            return {op: fault.times for op, fault in self._faults.items()}

    @property
    def fired(self) -> dict[str, int]:
        """Operation -> calls failed by injection since the last `clear()` (or mock start)."""
        with self._lock:
            return dict(self._fired)


@dataclass
class Settings:
    """Every switch of the mock."""

    #: accounts start with one ACTIVE organization instance (and its identity store)
    default_instance: bool = True
    #: principals must exist in the instance's identity store (moto's identitystore)
    check_principals: bool = True
    async_status: AsyncSettings = field(default_factory=AsyncSettings)
    faults: Faults = field(default_factory=Faults)

    def reset(self) -> None:
        self.default_instance = True
        self.check_principals = True
        self.async_status.reset()
        self.faults.clear()


settings = Settings()
