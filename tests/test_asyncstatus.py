"""The asynchronous-status engine: immediate, deferred by reads or time, failures."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ssoadmin_mock import switches
from ssoadmin_mock.asyncstatus import SETTLED, AsyncEngine, AsyncFailure, AsyncSettings


@pytest.fixture(autouse=True)
def in_force() -> Iterator[switches.Switches]:
    """Fresh switches in force for the test (the engine reads them when it needs them)."""
    with switches.using(switches.Switches()) as fresh:
        yield fresh


def _engine(**defer: float) -> tuple[AsyncEngine, list[str | None], list[str]]:
    if defer:
        switches.current().async_status.defer(
            reads=int(defer.get("reads", 0)), seconds=defer.get("seconds", 0.0)
        )
    return AsyncEngine(), [], []


def test_default_settles_within_submit() -> None:
    engine, finished, effects = _engine()
    task = engine.submit("Op", lambda: effects.append("done"), finished.append)
    assert task.done and effects == ["done"] and finished == [None]
    # work settled at once keeps no task of its own: reads of it count for nothing
    assert task is SETTLED and engine.pending == []
    engine.observe(task)
    assert finished == [None] and effects == ["done"]


def test_a_deferred_task_records_how_its_work_ended() -> None:
    engine, finished, _ = _engine(reads=1)

    def refuse() -> None:
        raise AsyncFailure("gone")

    task = engine.submit("Op", refuse, finished.append)
    assert task is not SETTLED and task.pending
    engine.observe(task)
    engine.observe(task)
    assert task.done and task.failure == "gone" and finished == ["gone"]


def test_reads_defer_work_and_effects() -> None:
    engine, finished, effects = _engine(reads=2)
    task = engine.submit("Op", lambda: effects.append("done"), finished.append)
    engine.observe(task)
    engine.observe(task)
    assert task.pending and effects == [] and finished == []
    engine.observe(task)
    assert task.done and effects == ["done"] and finished == [None]
    engine.observe(task)
    assert finished == [None]


def test_seconds_settle_on_tick() -> None:
    engine, finished, _ = _engine(seconds=0.05)
    task = engine.submit("Op", lambda: None, finished.append)
    engine.tick()
    assert task.pending
    time.sleep(0.06)
    engine.tick()
    assert task.done and finished == [None]


def test_failure_from_work_and_from_settings() -> None:
    engine, finished, effects = _engine()

    def refuse() -> None:
        raise AsyncFailure("no such policy")

    engine.submit("CreateInstance", refuse, finished.append)
    switches.current().async_status.fail("AddRegion", "injected", times=1)
    engine.submit("AddRegion", lambda: effects.append("made"), finished.append)
    engine.submit("AddRegion", lambda: effects.append("made"), finished.append)
    assert finished == ["no such policy", "injected", None]
    assert effects == ["made"]


def test_settle_all_in_submission_order() -> None:
    engine, finished, _ = _engine(reads=5)
    for name in ("a", "b", "c"):
        engine.submit(name, lambda: None, lambda reason, n=name: finished.append(n))
    assert len(engine.pending) == 3
    engine.settle_all()
    assert finished == ["a", "b", "c"] and engine.pending == []


def test_bad_switches_are_refused() -> None:
    with pytest.raises(ValueError):
        AsyncSettings().defer(reads=-1)
    with pytest.raises(ValueError, match="NoSuchOperation"):
        AsyncSettings().fail("NoSuchOperation", "reason")
    with pytest.raises(ValueError):
        AsyncSettings().fail("CreateInstance", "reason", times=0)


def test_work_on_one_resource_settles_in_submission_order() -> None:
    engine, finished, _ = _engine(reads=3)
    first = engine.submit("a", lambda: None, lambda r: finished.append("a"), after="x")
    engine.submit("b", lambda: None, lambda r: finished.append("b"), after="y")
    third = engine.submit("c", lambda: None, lambda r: finished.append("c"), after="x")
    for _ in range(4):
        engine.observe(third)
    assert finished == ["a", "c"] and first.done and third.done
    assert [task.operation for task in engine.pending] == ["b"]
