"""The switches of a mock, and whose switches are in force.

`Switches` is everything a mock can be switched to: whether accounts start with an instance,
whether principals must exist, how asynchronous work settles or fails, and which operations
fail on purpose. Each running mock has its own:

- `parse` reads switches given as keywords (``mock_ssoadmin(...)``, the pytest marker
  ``@pytest.mark.ssoadmin(...)``, the ``serve`` command's options) into a `SwitchSpec`, and
  `SwitchSpec.build` makes fresh `Switches` from it for each start of a mock;
- a process-wide stack holds the switches of the active mocks: a mock pushes its own when it
  starts and takes exactly those off when it stops, whatever started or stopped in between;
- `current()` is what every request reads, at the moment of use: the innermost active mock's
  switches, else the *ambient* switches, those changed at run time while only moto's own
  ``mock_aws`` is active. They go back to their defaults whenever moto's mock switches on from
  nothing and when it switches off altogether.

The stack is process-wide because moto's mock is: a mock started in one thread answers every
thread. Changes to it are locked, and so is every count of calls left to fail.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from .exceptions import SSOAdminError, error_for_code

T = TypeVar("T")

#: how a count of "every call" is written in switches given as text
ALWAYS = "always"


# --- fail the next N calls of an operation ------------------------------------------------------


class _Rule(Generic[T]):
    __slots__ = ("left", "outcome")

    def __init__(self, outcome: T, left: int | None) -> None:
        self.outcome = outcome
        self.left = left  # None: every call


class FailNext(Generic[T]):
    """Fail the next N calls of chosen operations (every call when N is None).

    One rule per operation: what to fail it with (the error of a fault, the reason of failed
    asynchronous work) and how many calls are left. `take` consumes one call under a lock, so
    threads failing calls at once fail exactly as many as were asked for.
    """

    __slots__ = ("_fired", "_lock", "_rules")

    def __init__(self) -> None:
        self._rules: dict[str, _Rule[T]] = {}
        self._fired: dict[str, int] = {}
        self._lock = threading.Lock()

    def arm(self, operation: str, outcome: T, times: int | None) -> None:
        """Fail the next `times` calls of `operation` (every call if None) with `outcome`."""
        with self._lock:
            self._rules[operation] = _Rule(outcome, times)

    def swap(
        self, operation: str, rule: tuple[T, int | None] | None
    ) -> tuple[T, int | None] | None:
        """Put `rule` (or no rule) in place for `operation`; the one it replaces."""
        with self._lock:
            before = self._rules.pop(operation, None)
            if rule is not None:
                self._rules[operation] = _Rule(*rule)
        return None if before is None else (before.outcome, before.left)

    def disarm(self, operation: str | None = None) -> None:
        """Drop one operation's rule, or every rule (and forget the `fired` counts)."""
        with self._lock:
            if operation is None:
                self._rules.clear()
                self._fired.clear()
            else:
                self._rules.pop(operation, None)

    def take(self, operation: str) -> T | None:
        """The outcome to fail this call of `operation` with, if a rule is armed for it."""
        if not self._rules:  # the common case, without taking the lock
            return None
        with self._lock:
            rule = self._rules.get(operation)
            if rule is None:
                return None
            if rule.left is not None:
                rule.left -= 1
                if rule.left <= 0:
                    del self._rules[operation]
            self._fired[operation] = self._fired.get(operation, 0) + 1
            return rule.outcome

    @property
    def armed(self) -> dict[str, int | None]:
        """Operation -> calls left to fail (None: every call)."""
        with self._lock:
            return {operation: rule.left for operation, rule in self._rules.items()}

    @property
    def fired(self) -> dict[str, int]:
        """Operation -> calls failed so far."""
        with self._lock:
            return dict(self._fired)


def _check_operation(operation: str) -> None:
    from .service import operation_names

    if operation not in operation_names():
        raise ValueError(f"{operation} is not an sso-admin operation")


def _check_times(times: int | None, every: str) -> None:
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise ValueError(f"times must be at least 1, or None for {every}")


# --- the two uses: faults and failed asynchronous work ------------------------------------------


class _Fault(NamedTuple):
    code: str
    message: str


class Faults:
    """Make chosen operations fail with one of their modeled errors, before any change.

    An armed operation fails on its next calls (in every account and region) with the given
    error, before validation and before anything is read or changed, so a failed call
    changes nothing. `inject` arms (and replaces what was armed for that operation),
    `injected` arms for a ``with`` block, `clear` disarms, `fired` counts the calls failed
    so far (for asserting how often the code under test retried).
    """

    __slots__ = ("_rules",)

    def __init__(self) -> None:
        self._rules: FailNext[_Fault] = FailNext()

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
        self._rules.arm(operation, self._fault(operation, code, times, message), times)

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
        fault = self._fault(operation, code, times, message)
        previous = self._rules.swap(operation, (fault, times))
        try:
            yield
        finally:
            self._rules.swap(operation, previous)

    def clear(self, operation: str | None = None) -> None:
        """Disarm one operation, or every operation (and forget the `fired` counts)."""
        self._rules.disarm(operation)

    def take(self, operation: str) -> SSOAdminError | None:
        """The error to raise for this call of `operation`, if a fault is armed."""
        fault = self._rules.take(operation)
        return None if fault is None else error_for_code(fault.code, fault.message)

    @property
    def armed(self) -> dict[str, int | None]:
        """Operation -> calls left to fail (None: every call)."""
        return self._rules.armed

    @property
    def fired(self) -> dict[str, int]:
        """Operation -> calls failed by injection since the last `clear()` (or mock start)."""
        return self._rules.fired

    @staticmethod
    def _fault(operation: str, code: str, times: int | None, message: str | None) -> _Fault:
        from .service import modeled_errors

        _check_operation(operation)
        if code not in modeled_errors(operation):
            allowed = ", ".join(sorted(modeled_errors(operation)))
            raise ValueError(f"{operation} does not model {code}; it models {allowed}")
        _check_times(times, "every call")
        return _Fault(code, message or f"Injected {code} for {operation}")


class AsyncSettings:
    """How submitted asynchronous work settles: deferred by reads or time, or FAILED."""

    __slots__ = ("_deferral", "failures")

    def __init__(self) -> None:
        #: (reads, seconds), replaced as one so a reader never sees half of a change
        self._deferral: tuple[int, float] = (0, 0.0)
        #: operation -> the reason its work ends FAILED with
        self.failures: FailNext[str] = FailNext()

    @property
    def deferral(self) -> tuple[int, float]:
        """(reads, seconds): both halves of one `defer`, read together."""
        return self._deferral

    @property
    def reads(self) -> int:
        """Reads of a new status that still show it in progress."""
        return self._deferral[0]

    @reads.setter
    def reads(self, reads: int) -> None:
        self.defer(reads=reads, seconds=self.seconds)

    @property
    def seconds(self) -> float:
        """Seconds a new status stays in progress."""
        return self._deferral[1]

    @seconds.setter
    def seconds(self, seconds: float) -> None:
        self.defer(reads=self.reads, seconds=seconds)

    def immediate(self) -> None:
        """Do the work within the call (the default)."""
        self._deferral = (0, 0.0)

    def defer(self, reads: int = 0, seconds: float = 0.0) -> None:
        """Keep new work in progress for `reads` reads of its status and/or `seconds`."""
        if reads < 0 or seconds < 0:
            raise ValueError("reads and seconds must not be negative")
        self._deferral = (reads, seconds)

    def fail(self, operation: str, reason: str, times: int | None = None) -> None:
        """Make work submitted by `operation` end FAILED with `reason`.

        `times` failures, or every time when None; `operation` must be an sso-admin operation.
        """
        _check_operation(operation)
        _check_times(times, "every time")
        self.failures.arm(operation, reason, times)

    def clear_failures(self) -> None:
        self.failures.disarm()

    def take_failure(self, operation: str) -> str | None:
        """The reason this piece of work of `operation` fails with, if any."""
        return self.failures.take(operation)

    def reset(self) -> None:
        self.immediate()
        self.clear_failures()

    def __repr__(self) -> str:
        return (
            f"AsyncSettings(reads={self.reads}, seconds={self.seconds}, "
            f"failures={self.failures.armed})"
        )


# --- the switches of one mock -------------------------------------------------------------------


class Switches:
    """Every switch of one mock (or of the ambient state under moto's own ``mock_aws``)."""

    __slots__ = ("async_status", "check_principals", "default_instance", "faults")

    def __init__(self) -> None:
        #: accounts start with one ACTIVE organization instance (and its identity store)
        self.default_instance = True
        #: principals must exist in the instance's identity store (moto's identitystore)
        self.check_principals = True
        self.async_status = AsyncSettings()
        self.faults = Faults()

    def reset(self) -> None:
        """Every switch back to its default."""
        self.default_instance = True
        self.check_principals = True
        self.async_status.reset()
        self.faults.clear()

    def __repr__(self) -> str:
        return (
            f"Switches(default_instance={self.default_instance}, "
            f"check_principals={self.check_principals}, async_status={self.async_status!r}, "
            f"faults={self.faults.armed})"
        )


# --- the one parser -----------------------------------------------------------------------------

NAMES = (
    "default_instance",
    "check_principals",
    "async_reads",
    "async_seconds",
    "async_failures",
    "faults",
)


@dataclass(frozen=True)
class SwitchSpec:
    """Switches as given, checked and normalized; `build` makes fresh `Switches` of them."""

    default_instance: bool = True
    check_principals: bool = True
    async_reads: int = 0
    async_seconds: float = 0.0
    #: (operation, reason, times or None for every time)
    async_failures: tuple[tuple[str, str, int | None], ...] = ()
    #: (operation, error code, times or None for every call)
    faults: tuple[tuple[str, str, int | None], ...] = ()

    def build(self) -> Switches:
        """New switches set as specified; ``ValueError`` for an operation or error code the
        installed botocore model does not have."""
        made = Switches()
        made.default_instance = self.default_instance
        made.check_principals = self.check_principals
        made.async_status.defer(reads=self.async_reads, seconds=self.async_seconds)
        for operation, reason, times in self.async_failures:
            made.async_status.fail(operation, reason, times=times)
        for operation, code, times in self.faults:
            made.faults.inject(operation, code, times=times)
        return made


def parse(switches: Mapping[str, Any]) -> SwitchSpec:
    """Read switches given as keywords, whatever gave them.

    ``default_instance`` / ``check_principals``: True or False. ``async_reads``: a whole
    number, 0 or more. ``async_seconds``: a number, 0 or more. ``async_failures``: operation
    -> reason (every time) or (reason, times). ``faults``: operation -> error code (once),
    ``"CODE:N"`` or ``"CODE:always"``, or (code, times) with None for every call.

    An unknown name raises ``TypeError``, a bad value ``ValueError``; whether an operation and
    error code exist in the model is checked by `SwitchSpec.build`.
    """
    unknown = sorted(set(switches) - set(NAMES))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        plural = "es" if len(unknown) > 1 else ""
        raise TypeError(f"unknown switch{plural} {names}; the switches are {', '.join(NAMES)}")
    given: dict[str, Any] = {}
    for name in ("default_instance", "check_principals"):
        if name in switches:
            given[name] = _flag(name, switches[name])
    if "async_reads" in switches:
        given["async_reads"] = _reads(switches["async_reads"])
    if "async_seconds" in switches:
        given["async_seconds"] = _seconds(switches["async_seconds"])
    if "async_failures" in switches:
        given["async_failures"] = tuple(
            _async_failure(operation, value)
            for operation, value in _mapping("async_failures", switches["async_failures"])
        )
    if "faults" in switches:
        given["faults"] = tuple(
            _fault(operation, value) for operation, value in _mapping("faults", switches["faults"])
        )
    return SwitchSpec(**given)


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, not {value!r}")
    return value


def _reads(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"async_reads must be a whole number of reads, 0 or more, not {value!r}")
    return value


def _seconds(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not value >= 0:
        raise ValueError(f"async_seconds must be a number of seconds, 0 or more, not {value!r}")
    return float(value)


def _mapping(name: str, value: Any) -> list[tuple[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ValueError(f"{name} must map operation names to what they fail with, not {value!r}")
    return list(value.items())


def _count(text: str, value: Any) -> int | None:
    """A number of calls to fail: a whole number of at least 1, or None / "always"."""
    if value is None or value == ALWAYS:
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"{text}: the count must be a whole number of at least 1, or {ALWAYS!r} for every "
            f"call, not {value!r}"
        )
    return value


def _fault(operation: str, value: Any) -> tuple[str, str, int | None]:
    if isinstance(value, str):
        code, colon, count = value.partition(":")
        text = f"fault {operation}={value}"
        times = _count(text, count) if colon else 1
    elif isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        code, count = value
        text = f"fault {operation}={code}:{count}"
        times = _count(text, count)
    else:
        raise ValueError(
            f"fault {operation}: give an error code, 'CODE:COUNT' or (code, count), not {value!r}"
        )
    if not code:
        raise ValueError(f"fault {operation}={value}: the error code is missing")
    return operation, code, times


def _async_failure(operation: str, value: Any) -> tuple[str, str, int | None]:
    if isinstance(value, str):
        reason, times = value, None
    elif isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        reason, count = value
        times = _count(f"async failure {operation}={reason}", count)
    else:
        raise ValueError(
            f"async failure {operation}: give a reason or (reason, count), not {value!r}"
        )
    if not reason:
        raise ValueError(f"async failure {operation}: the reason is missing")
    return operation, reason, times


# --- whose switches are in force ------------------------------------------------------------------


class _Entry:
    """One push of switches (the same switches may be pushed more than once)."""

    __slots__ = ("switches",)

    def __init__(self, switches: Switches) -> None:
        self.switches = switches


_lock = threading.Lock()
_stack: list[_Entry] = []
_ambient = Switches()
_current = _ambient


def current() -> Switches:
    """The switches in force: the innermost active mock's, else the ambient ones."""
    return _current


def push(switches: Switches) -> object:
    """Put `switches` in force; the token that `pop` takes them off with."""
    global _current
    entry = _Entry(switches)
    with _lock:
        _stack.append(entry)
        _current = switches
    return entry


def pop(token: object) -> None:
    """Take off the switches `push` gave `token` for (restoring what they covered)."""
    global _current
    with _lock:
        for index in range(len(_stack) - 1, -1, -1):
            if _stack[index] is token:
                del _stack[index]
                break
        _current = _stack[-1].switches if _stack else _ambient


def reset_ambient() -> None:
    """The ambient switches back to their defaults (moto's mock switching on or off)."""
    global _ambient, _current
    with _lock:
        _ambient = Switches()
        _current = _stack[-1].switches if _stack else _ambient


@contextmanager
def using(switches: Switches) -> Iterator[Switches]:
    """`switches` in force for the ``with`` block (as a mock's are while it runs)."""
    token = push(switches)
    try:
        yield switches
    finally:
        pop(token)
