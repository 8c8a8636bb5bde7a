"""The mock's switches, in one object: `ssoadmin_mock.settings`.

They can be given to `mock_ssoadmin(...)` for the life of one mock, or changed at run time::

    from ssoadmin_mock import settings
    settings.default_instance = False       # new accounts start with no instance
    settings.check_principals = False       # accept principals the identity store lacks
    settings.async_status.defer(reads=2)    # statuses stay IN_PROGRESS for two reads
    settings.async_status.fail("CreateAccountAssignment", "Role creation failed")
    settings.faults.inject("CreatePermissionSet", "ThrottlingException", times=2)

`reset()` puts every switch back to its default; each `mock_ssoadmin` does that on exit.
"""

from __future__ import annotations

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
    """Make chosen operations fail with one of their modeled errors, before any change."""

    def __init__(self) -> None:
        self._faults: dict[str, _Fault] = {}

    def inject(
        self,
        operation: str,
        code: str = "ThrottlingException",
        *,
        times: int | None = 1,
        message: str | None = None,
    ) -> None:
        """Fail the next `times` calls of `operation` (every call if `times` is None) with `code`."""
        if operation not in operation_names():
            raise ValueError(f"{operation} is not an sso-admin operation")
        if code not in modeled_errors(operation):
            allowed = ", ".join(sorted(modeled_errors(operation)))
            raise ValueError(f"{operation} does not model {code}; it models {allowed}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for every call")
        text = message or f"Injected {code} for {operation}"
        self._faults[operation] = _Fault(code, text, times)

    def clear(self, operation: str | None = None) -> None:
        if operation is None:
            self._faults.clear()
        else:
            self._faults.pop(operation, None)

    def take(self, operation: str) -> SSOAdminError | None:
        """The error to raise for this call of `operation`, if a fault is armed."""
        if not self._faults:
            return None
        fault = self._faults.get(operation)
        if fault is None:
            return None
        if fault.times is not None:
            fault.times -= 1
            if fault.times <= 0:
                del self._faults[operation]
        return error_for_code(fault.code, fault.message)

    @property
    def armed(self) -> dict[str, int | None]:
        """Operation -> calls left to fail (None: every call)."""
        return {op: fault.times for op, fault in self._faults.items()}


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
