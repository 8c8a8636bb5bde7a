"""The switches of a mock, and whose switches are in force.

`Switches` is everything a mock can be switched to: whether accounts start with an instance,
whether principals must exist, how asynchronous work settles or fails, which operations
fail on purpose, and whether requests AWS would refuse only for moto's laxnesses are served
as moto serves them (the moto-compatible mode, `ssoadmin_mock.compat`). Each running mock
has its own:

- `parse` reads switches given as keywords (``mock_ssoadmin(...)``, the pytest marker
  ``@pytest.mark.ssoadmin(...)``, the ``serve`` command's options) into a `SwitchSpec`, and
  `SwitchSpec.build` makes fresh `Switches` from it for each start of a mock;
- a process-wide stack holds the switches of the active mocks: a mock pushes its own when it
  starts and takes exactly those off when it stops, whatever started or stopped in between;
- `current()` is what every request reads, at the moment of use: the innermost active mock's
  switches, else the *ambient* switches, those changed at run time while only moto's own
  ``mock_aws`` is active. They go back to their defaults whenever moto's mock switches on from
  nothing and when it switches off altogether.

The mode (AWS's behaviour, or moto-compatible) not given to a mock comes from the environment
variable ``SSOADMIN_MOCK_MODE`` (``aws`` or ``moto-compatible``; the pytest plugin sets it from
the ini option ``ssoadmin_mock_mode``), read at each start; without it a `mock_ssoadmin` is
AWS's and moto's own ``mock_aws`` is moto-compatible (`MOCK_AWS_MODE`); with no mock on at all
(`ssoadmin_mock.server.Server` in-process, moto's servers) the mode is AWS's.

The stack is process-wide because moto's mock is: a mock started in one thread answers every
thread. Changes to it are locked, and so is every count of calls left to fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .failures import ALWAYS, AsyncSettings, FailNext, Faults

__all__ = ["ALWAYS", "AsyncSettings", "FailNext", "Faults", "Switches", "current", "parse"]


# --- the mode ------------------------------------------------------------------------------------

#: the environment variable that gives the mode of every mock not given one
MODE_VARIABLE = "SSOADMIN_MOCK_MODE"
AWS = "aws"
MOTO_COMPATIBLE = "moto-compatible"
MODES = (AWS, MOTO_COMPATIBLE)

#: the mode of moto's own ``mock_aws`` (after ``import ssoadmin_mock``) when the environment
#: gives none: code under ``mock_aws`` was written against moto, so it gets moto's answers,
#: each difference from AWS named by a warning (README, "Migrating from moto")
MOCK_AWS_MODE = MOTO_COMPATIBLE


def parse_mode(value: Any, where: str = MODE_VARIABLE) -> bool:
    """True for ``moto-compatible``, False for ``aws``; ValueError for anything else."""
    if value not in MODES:
        raise ValueError(f"{where} must be {AWS!r} or {MOTO_COMPATIBLE!r}, not {value!r}")
    return bool(value == MOTO_COMPATIBLE)


def mode_default(otherwise: str) -> bool:
    """Whether a mock not given a mode is moto-compatible: ``SSOADMIN_MOCK_MODE`` if set,
    else `otherwise`."""
    return parse_mode(os.environ.get(MODE_VARIABLE) or otherwise)


# --- the switches of one mock -------------------------------------------------------------------


class Switches:
    """Every switch of one mock (or of the ambient state under moto's own ``mock_aws``)."""

    __slots__ = (
        "_mode_default",
        "async_status",
        "check_principals",
        "default_instance",
        "faults",
        "moto_compatible",
    )

    def __init__(self, moto_compatible: bool = False) -> None:
        #: accounts start with one ACTIVE organization instance (and its identity store)
        self.default_instance = True
        #: principals must exist in the instance's identity store (moto's identitystore)
        self.check_principals = True
        self.async_status = AsyncSettings()
        self.faults = Faults()
        #: requests AWS refuses only for moto's laxnesses are served as moto serves them,
        #: each with a `ssoadmin_mock.FidelityWarning` (`ssoadmin_mock.compat`)
        self.moto_compatible = moto_compatible
        self._mode_default = moto_compatible

    def reset(self) -> None:
        """Every switch back to its default."""
        self.default_instance = True
        self.check_principals = True
        self.async_status.reset()
        self.faults.clear()
        self.moto_compatible = self._mode_default

    def __repr__(self) -> str:
        return (
            f"Switches(default_instance={self.default_instance}, "
            f"check_principals={self.check_principals}, async_status={self.async_status!r}, "
            f"faults={self.faults.armed}, moto_compatible={self.moto_compatible})"
        )


# --- the one parser -----------------------------------------------------------------------------

NAMES = (
    "default_instance",
    "check_principals",
    "async_reads",
    "async_seconds",
    "async_failures",
    "faults",
    "moto_compatible",
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
    #: None: from ``SSOADMIN_MOCK_MODE`` at each start (AWS's behaviour without it)
    moto_compatible: bool | None = None

    def build(self) -> Switches:
        """New switches set as specified; ``ValueError`` for an operation or error code the
        installed botocore model does not have, or a bad ``SSOADMIN_MOCK_MODE``."""
        made = Switches(mode_default(AWS))
        if self.moto_compatible is not None:
            made.moto_compatible = self.moto_compatible
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

    ``default_instance`` / ``check_principals`` / ``moto_compatible``: True or False.
    ``async_reads``: a whole number, 0 or more. ``async_seconds``: a number, 0 or more.
    ``async_failures``: operation -> reason (every time) or (reason, times). ``faults``:
    operation -> error code (once), ``"CODE:N"`` or ``"CODE:always"``, or (code, times) with
    None for every call.

    An unknown name raises ``TypeError``, a bad value ``ValueError``; whether an operation and
    error code exist in the model is checked by `SwitchSpec.build`.
    """
    unknown = sorted(set(switches) - set(NAMES))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        plural = "es" if len(unknown) > 1 else ""
        raise TypeError(f"unknown switch{plural} {names}; the switches are {', '.join(NAMES)}")
    given: dict[str, Any] = {}
    for name in ("default_instance", "check_principals", "moto_compatible"):
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


def _ambient_without_mock() -> Switches:
    """The ambient switches at import, with no mock on (a bad ``SSOADMIN_MOCK_MODE`` is
    refused, loudly, when a mock switches on, not when the package is imported)."""
    try:
        return Switches(mode_default(AWS))
    except ValueError:
        return Switches()


_ambient = _ambient_without_mock()
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


def reset_ambient(moto_mock_on: bool = False) -> None:
    """The ambient switches back to their defaults (moto's mock switching on, `moto_mock_on`,
    with the mode `MOCK_AWS_MODE`, or off, with AWS's); ``ValueError`` for a bad
    ``SSOADMIN_MOCK_MODE`` when it switches on."""
    global _ambient, _current
    if moto_mock_on:
        made = Switches(mode_default(MOCK_AWS_MODE))
    else:
        made = _ambient_without_mock()  # switching off never fails
    with _lock:
        _ambient = made
        _current = _stack[-1].switches if _stack else _ambient


@contextmanager
def using(switches: Switches) -> Iterator[Switches]:
    """`switches` in force for the ``with`` block (as a mock's are while it runs)."""
    token = push(switches)
    try:
        yield switches
    finally:
        pop(token)
