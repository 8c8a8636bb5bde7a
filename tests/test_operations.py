"""Every operation of the installed model has exactly one handler, registered by name."""

from __future__ import annotations

import inspect

import pytest

from ssoadmin_mock import backend, operations, service
from ssoadmin_mock.operations import Listing, operation


def test_every_operation_of_the_model_has_one_registered_handler() -> None:
    registered = operations.registrations()
    missing = sorted(service.operation_names() - registered.keys())
    assert missing == [], f"operations without a handler: {missing}"


def test_every_handler_belongs_to_a_service_the_backend_builds() -> None:
    built = backend.SSOAdminBackend("us-east-1", "123456789012")
    for name, registration in operations.registrations().items():
        assert registration.owner in built.services, name
        assert inspect.isfunction(registration.function), name


def test_no_handler_is_a_backend_method_found_by_name() -> None:
    """The backend serves nothing itself: no method named as botocore names a client method."""
    for name in service.operation_names():
        assert not hasattr(backend.SSOAdminBackend, service.method_name(name)), name


def test_list_handlers_take_no_paging_members() -> None:
    """The dispatcher pages: a List handler takes neither MaxResults nor NextToken."""
    for name, registration in operations.registrations().items():
        if name in service.operation_names() and service.paged_member(name) is not None:
            parameters = inspect.signature(registration.function).parameters
            assert "next_token" not in parameters and "max_results" not in parameters, name


def test_a_second_handler_for_an_operation_is_refused() -> None:
    class First:
        @operation("SomeOperationOfATest")
        def handle(self) -> dict[str, str]:
            return {}

    # Python 3.11 wraps what __set_name__ raises in a RuntimeError; later Pythons do not
    with pytest.raises((TypeError, RuntimeError)) as caught:

        class Second:
            @operation("SomeOperationOfATest")
            def handle(self) -> dict[str, str]:
                return {}

    error = caught.value.__cause__ or caught.value
    assert isinstance(error, TypeError)
    assert "SomeOperationOfATest has two handlers" in str(error)

    operations._REGISTRY.pop("SomeOperationOfATest")
    assert First().handle() == {}


def test_twin_operations_share_one_function_with_fixed_arguments() -> None:
    class Twins:
        @operation("TwinOperationOfATestA", kind="a")
        @operation("TwinOperationOfATestB", kind="b")
        def handle(self, kind: str) -> Listing[str]:
            return Listing([kind], str, key=str)

    try:
        a = operations.handler("TwinOperationOfATestA")
        b = operations.handler("TwinOperationOfATestB")
        assert a is not None and b is not None
        assert a.function is b.function is Twins.handle
        assert (a.fixed, b.fixed) == ({"kind": "a"}, {"kind": "b"})
    finally:
        operations._REGISTRY.pop("TwinOperationOfATestA")
        operations._REGISTRY.pop("TwinOperationOfATestB")
