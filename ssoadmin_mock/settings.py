"""`ssoadmin_mock.settings`: the switches of the innermost active mock.

Each mock has its own switches (`ssoadmin_mock.switches`): given to ``mock_ssoadmin(...)``,
read and changed on the mock object (``mock.faults``, ``mock.default_instance``, ...), and
gone when it stops. `settings` is for code that does not hold the mock: every attribute acts
on the switches in force at that moment, those of the innermost active ``mock_ssoadmin``, or,
while only moto's own ``mock_aws`` is active, the ambient ones that last until it ends::

    from ssoadmin_mock import settings
    settings.default_instance = False       # new accounts start with no instance
    settings.check_principals = False       # accept principals the identity store lacks
    settings.moto_compatible = False        # AWS's answers under mock_aws too
    settings.async_status.defer(reads=2)    # statuses stay IN_PROGRESS for two reads
    settings.async_status.fail("CreateAccountAssignment", "Role creation failed")
    settings.faults.inject("CreatePermissionSet", "ThrottlingException", times=2)
    with settings.faults.injected("ListInstances", "InternalServerException"):
        ...                                 # the next ListInstances fails with HTTP 500

`reset()` puts every switch in force back to its default.
"""

from __future__ import annotations

from .switches import AsyncSettings, Faults, current

__all__ = ["AsyncSettings", "Faults", "Settings", "settings"]


class Settings:
    """The switches in force (`ssoadmin_mock.switches.current()`), read at each access."""

    __slots__ = ()

    @property
    def default_instance(self) -> bool:
        """Accounts start with one ACTIVE organization instance (and its identity store)."""
        return current().default_instance

    @default_instance.setter
    def default_instance(self, value: bool) -> None:
        current().default_instance = value

    @property
    def check_principals(self) -> bool:
        """Principals must exist in the instance's identity store (moto's identitystore)."""
        return current().check_principals

    @check_principals.setter
    def check_principals(self, value: bool) -> None:
        current().check_principals = value

    @property
    def moto_compatible(self) -> bool:
        """Requests AWS refuses only for moto's laxnesses are served as moto serves them
        (`ssoadmin_mock.compat`), each difference a `ssoadmin_mock.FidelityWarning`."""
        return current().moto_compatible

    @moto_compatible.setter
    def moto_compatible(self, value: bool) -> None:
        current().moto_compatible = value

    @property
    def async_status(self) -> AsyncSettings:
        """How asynchronous work settles (`AsyncSettings`)."""
        return current().async_status

    @property
    def faults(self) -> Faults:
        """Operations made to fail on purpose (`Faults`)."""
        return current().faults

    def reset(self) -> None:
        """Every switch in force back to its default."""
        current().reset()

    def __repr__(self) -> str:
        return f"<settings of the innermost active mock: {current()!r}>"


settings = Settings()
