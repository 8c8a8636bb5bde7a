"""The asynchronous-status engine: everything AWS answers with an in-progress status.

Instance creation and deletion, account assignments, permission set provisioning,
application work and regions all hand their work to `AsyncEngine.submit`. What happens next
is set by the `AsyncSettings` of the switches in force when it happens
(`ssoadmin_mock.switches.current()`: the running mock's, given to it or changed at run time):

- default: the work is done within the call; every later read shows the final state;
- ``reads=N``: the first N reads of the status (a Describe of it, or a page of a List of
  statuses that shows it: `statuses.read_statuses`) still show it in progress, and the
  work's effects (a role in IAM, an assignment in listings) appear only when it settles;
- ``seconds=S``: the work settles S seconds after it was submitted (checked on every request);
- ``fail(operation, reason)``: work submitted by `operation` ends FAILED with `reason`, its
  effects never made.

Domain code supplies two callables: ``work()`` makes the effects and may raise `AsyncFailure`
with a reason; ``finish(reason)`` writes the final status (``reason`` is None on success).
Work on one resource is submitted under one ``after`` key (an account assignment's creation
and deletion): `pending_on` tells whether some is still in progress (AWS refuses an account
assignment's creation or deletion then: `services.assignments`), and settling a task settles
the pending tasks of its key submitted before it first, in the order they were asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .switches import AsyncSettings, current

__all__ = ["SETTLED", "AsyncEngine", "AsyncFailure", "AsyncSettings", "AsyncTask"]


class AsyncFailure(Exception):
    """Raised by work that cannot be done; the status ends FAILED with this reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(eq=False, slots=True)
class AsyncTask:
    """One piece of submitted work (compared by identity)."""

    operation: str
    work: Callable[[], None]
    finish: Callable[[str | None], None]
    reads_left: int
    due: float
    #: the resource the work is on (`AsyncEngine.submit`'s ``after``); None: no other work
    key: object = None
    done: bool = False
    failure: str | None = None

    @property
    def pending(self) -> bool:
        return not self.done


class AsyncEngine:
    """Runs and settles the asynchronous work of one backend.

    How work settles is read from the switches in force when it is submitted (reads and
    seconds) and when it settles (a failure to end with), not kept from construction.
    """

    def __init__(self) -> None:
        self._pending: list[AsyncTask] = []
        #: the pending work (read-only; empty, so false, when there is none to `tick`)
        self.busy: Sequence[AsyncTask] = self._pending

    def submit(
        self,
        operation: str,
        work: Callable[[], None],
        finish: Callable[[str | None], None],
        after: object = None,
    ) -> AsyncTask:
        """Hand over work; settles it now unless the switches in force defer it. Work settled
        now is answered with `SETTLED`, the one task that stands for all of it: nothing is
        kept per submission of what is already over. `after`: the resource the work is on
        (hashable); work on one resource settles in the order it was submitted."""
        settings = current().async_status
        reads, seconds = settings.deferral
        if reads <= 0 and not seconds:
            _run(operation, work, finish, settings)
            return SETTLED
        task = AsyncTask(
            operation,
            work,
            finish,
            reads_left=reads,
            due=time.monotonic() + seconds if seconds else 0.0,
            key=after,
        )
        self._pending.append(task)
        return task

    def observe(self, task: AsyncTask) -> None:
        """Count one read of the task's status; settle it when its reads and time are up."""
        if task.done:
            return
        if task.reads_left > 0:
            task.reads_left -= 1
            return
        if task.due and time.monotonic() < task.due:
            return
        self._settle(task)

    def pending_on(self, after: object) -> bool:
        """Whether work submitted on the resource `after` (`submit`) is still in progress."""
        if not self._pending:  # the usual: nothing in progress
            return False
        return any(task.key == after for task in self._pending)

    def observe_each(self, tasks: Iterable[AsyncTask | None]) -> None:
        """`observe` each of the pending ones of `tasks`: a page of a List of statuses
        (ListAccountAssignmentCreationStatus, ListPermissionSetProvisioningStatus...) is a
        read of each status on it, as a Describe is of its one."""
        if not self._pending:  # the usual: nothing in progress, nothing to count
            return
        for task in [t for t in tasks if t is not None]:  # settling changes the listing
            self.observe(task)

    def tick(self) -> None:
        """Settle tasks whose time has come and that wait on no reads (called per request)."""
        if not self._pending:
            return
        now = time.monotonic()
        for task in list(self._pending):
            if task.reads_left <= 0 and task.due and now >= task.due:
                self._settle(task)

    def settle_all(self) -> None:
        """Finish every pending task now, in the order it was submitted."""
        for task in list(self._pending):
            self._settle(task)

    @property
    def pending(self) -> list[AsyncTask]:
        return list(self._pending)

    def _settle(self, task: AsyncTask) -> None:
        if task.done:
            return
        while task.key is not None:  # the earlier work on its resource first, oldest first
            earlier = next((t for t in self._pending if t is task or t.key == task.key), task)
            if earlier is task:
                break
            self._settle(earlier)
        task.done = True
        if self._pending and task in self._pending:
            self._pending.remove(task)
        task.failure = _run(task.operation, task.work, task.finish, current().async_status)
        # A settled task is kept (on its status) for reads only: let go of the closures, which
        # hold the operation's arguments and state (40% of an account assignment's memory).
        task.work = task.finish = _spent
        task.key = None


def _run(
    operation: str,
    work: Callable[[], None],
    finish: Callable[[str | None], None],
    settings: AsyncSettings,
) -> str | None:
    """Do the work, unless `settings` arm a failure for `operation`, and write its final
    status; the reason it failed with, None when it succeeded."""
    reason = settings.take_failure(operation)
    if reason is None:
        try:
            work()
        except AsyncFailure as failure:
            reason = failure.reason
    finish(reason)
    return reason


def _spent(*args: object) -> None:
    """The work and finish of a task that has settled."""


#: the task `AsyncEngine.submit` answers for work it settled at once (done: reads of its
#: status count for nothing; how the work ended is on the status its ``finish`` wrote)
SETTLED = AsyncTask("", _spent, _spent, reads_left=0, due=0.0, done=True)
