"""Every operation of the installed models served has exactly one handler, registered by
service and name."""

from __future__ import annotations

import inspect

import pytest

from ssoadmin_mock import backend, operations, service
from ssoadmin_mock.operations import Listing, operation

SERVED = sorted(service.SERVED)


@pytest.mark.parametrize("served", SERVED)
def test_every_operation_of_the_model_has_one_registered_handler(served: str) -> None:
    registered = operations.registrations(served)
    missing = sorted(service.operation_names(served) - registered.keys())
    assert missing == [], f"{served} operations without a handler: {missing}"
    assert all(found.service == served for found in registered.values())


@pytest.mark.parametrize("served", SERVED)
def test_every_handler_belongs_to_a_service_the_backend_builds(served: str) -> None:
    built = backend.SSOAdminBackend("us-east-1", "123456789012")
    for name, registration in operations.registrations(served).items():
        assert registration.owner in built.services, name
        assert inspect.isfunction(registration.function), name


@pytest.mark.parametrize("served", SERVED)
def test_no_handler_is_a_backend_method_found_by_name(served: str) -> None:
    """The backend serves nothing itself: no method named as botocore names a client method."""
    for name in service.operation_names(served):
        assert not hasattr(backend.SSOAdminBackend, service.method_name(name)), name


@pytest.mark.parametrize("served", SERVED)
def test_list_handlers_take_no_paging_members(served: str) -> None:
    """The dispatcher pages: a List handler takes neither MaxResults nor NextToken."""
    for name, registration in operations.registrations(served).items():
        if name in service.operation_names(served) and service.paged_member(name, served):
            parameters = inspect.signature(registration.function).parameters
            assert "next_token" not in parameters and "max_results" not in parameters, name


def test_operation_names_are_unique_across_the_services_served() -> None:
    """Faults are armed by operation name alone: no two services served share one."""
    seen: dict[str, str] = {}
    for served in SERVED:
        for name in service.operation_names(served):
            assert name not in seen, f"{name} is in {seen.get(name)} and {served}"
            seen[name] = served
    assert service.service_of("CreateUser") == service.IDENTITYSTORE
    assert service.service_of("CreatePermissionSet") == service.SSO_ADMIN


def test_every_target_names_one_operation_of_one_service() -> None:
    targets = service.targets()
    assert targets["AWSIdentityStore.CreateUser"] == ("identitystore", "CreateUser")
    assert targets["SWBExternalService.ListInstances"] == ("sso-admin", "ListInstances")
    assert len(targets) == sum(
        len(service.operation_names(s)) for s in SERVED if service.SERVED[s].target_prefix
    )


def test_the_same_name_in_two_services_is_two_registrations() -> None:
    class Here:
        @operation("OperationOfATestInTwoServices")
        def handle(self) -> dict[str, str]:
            return {}

    class There:
        @operation("OperationOfATestInTwoServices", service="identitystore")
        def handle(self) -> dict[str, str]:
            return {}

    try:
        here = operations.handler("OperationOfATestInTwoServices")
        there = operations.handler("OperationOfATestInTwoServices", "identitystore")
        assert here is not None and there is not None
        assert (here.owner, there.owner) == (Here, There)
    finally:
        operations._REGISTRY.pop(("sso-admin", "OperationOfATestInTwoServices"))
        operations._REGISTRY.pop(("identitystore", "OperationOfATestInTwoServices"))


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

    operations._REGISTRY.pop(("sso-admin", "SomeOperationOfATest"))
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
        operations._REGISTRY.pop(("sso-admin", "TwinOperationOfATestA"))
        operations._REGISTRY.pop(("sso-admin", "TwinOperationOfATestB"))
