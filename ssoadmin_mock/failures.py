"""Calls made to fail on purpose: the one "fail the next N calls" rule and its two uses.

`FailNext` counts, under a lock, how many more calls of an operation fail (or every call).
`Faults` uses it to fail calls with one of the operation's modeled errors, before anything is
read or changed; `AsyncSettings` uses it to make asynchronous work end FAILED with a reason,
and also holds how long work stays in progress. Each mock's `Switches` has one of each.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Generic, NamedTuple, TypeVar

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

    __slots__ = ("_fired", "_lock", "_rules", "active")

    def __init__(self) -> None:
        self._rules: dict[str, _Rule[T]] = {}
        #: the armed rules, by operation (read-only: empty when nothing is armed, which the
        #: dispatcher checks on every call without taking the lock or calling `take`)
        self.active: Mapping[str, object] = self._rules
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


def _check_operation(operation: str, any_service: bool = False) -> str:
    """The service of `operation` (sso-admin; with `any_service`, any service served)."""
    from .service import SSO_ADMIN, operation_names, service_of

    found = service_of(operation) if any_service else None
    if found is not None:
        return found
    if operation not in operation_names():
        served = " (nor an identitystore one)" if any_service else ""
        raise ValueError(f"{operation} is not an sso-admin operation{served}")
    return SSO_ADMIN


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

    __slots__ = ("_rules", "active")

    def __init__(self) -> None:
        self._rules: FailNext[_Fault] = FailNext()
        #: the armed operations (read-only; empty when none is: then `take` need not be called)
        self.active: Mapping[str, object] = self._rules.active

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
        `message` replaces the default (`default_message`).
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

        served = _check_operation(operation, any_service=True)
        if code not in modeled_errors(operation, served):
            allowed = ", ".join(sorted(modeled_errors(operation, served)))
            raise ValueError(f"{operation} does not model {code}; it models {allowed}")
        _check_times(times, "every call")
        return _Fault(code, message or default_message(code, operation, served))


#: What AWS says when it throttles an IAM Identity Center read: CloudTrail's record of a
#: throttled sso.amazonaws.com DescribePermissionSet, ``"errorCode": "ThrottlingException",
#: "errorMessage": "Rate exceeded"`` (quoted in hashicorp/terraform-provider-aws#25552).
THROTTLING_MESSAGE = "Rate exceeded"
#: ... and an sso-admin change: CreateAccountAssignment (aws-samples/aws-iam-identity-center-
#: extensions#87) and the permission-set changes of that solution's permission set processor
#: (#111) were throttled with ``"There are too many requests processing. Please try again
#: later."``
THROTTLED_CHANGE_MESSAGE = "There are too many requests processing. Please try again later."
#: ... and refused an sso-admin change for another one in progress (#111, the same processor)
CONFLICT_MESSAGE = "There is a conflicting operation in process."

#: the operation names that read, not change (the model marks no operation either way)
_READS = ("Describe", "List", "Get")


def default_message(code: str, operation: str, served: str = "sso-admin") -> str:
    """The message of an injected fault given none: AWS's own where it is known (a
    throttle; an sso-admin change's conflict), else one naming the fault."""
    changes = served == "sso-admin" and not operation.startswith(_READS)
    if code == "ThrottlingException":
        return THROTTLED_CHANGE_MESSAGE if changes else THROTTLING_MESSAGE
    if code == "ConflictException" and served == "sso-admin":  # only changes model it
        return CONFLICT_MESSAGE
    return f"Injected {code} for {operation}"


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
