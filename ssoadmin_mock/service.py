"""The models of the services the package serves, loaded once from the installed botocore.

Everything the mock knows about an API's shape (operations, members, constraints, modeled
errors) comes from here, so a newer botocore widens the mock without code changes.

`SERVED` names each service and how its requests are recognised (`Served`): sso-admin and
identitystore are JSON 1.1 services, told apart by the ``X-Amz-Target`` prefix their model
declares (`targets` maps every full target to its service and operation, so the dispatcher
finds both with one dict look-up). A REST-JSON service (sso, sso-oidc) would be added as one
more `Served` entry, recognised by its signing name and request path instead of a target.
Every function takes the botocore service name, sso-admin by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import botocore.session
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel

SSO_ADMIN = "sso-admin"
IDENTITYSTORE = "identitystore"
SERVICE_NAME = SSO_ADMIN
TARGET_PREFIX = "SWBExternalService"


@dataclass(frozen=True)
class Served:
    """A service this package serves, as its requests show it."""

    #: botocore's service name (``boto3.client(name)``)
    name: str
    #: the ``X-Amz-Target`` prefix of a JSON 1.1 service (the model's ``targetPrefix``)
    target_prefix: str
    #: the service prefix of its IAM actions (``sso:CreatePermissionSet``)
    iam_prefix: str
    #: the first label of its endpoint host (``sso.us-east-1.amazonaws.com``)
    host_label: str


#: botocore service name -> how it is served; IAM prefixes from the Service Authorization
#: Reference ("Actions, resources, and condition keys for AWS IAM Identity Center" / "for
#: AWS Identity Store")
SERVED: dict[str, Served] = {
    SSO_ADMIN: Served(SSO_ADMIN, TARGET_PREFIX, "sso", "sso"),
    IDENTITYSTORE: Served(IDENTITYSTORE, "AWSIdentityStore", "identitystore", "identitystore"),
}


@cache
def service_model(service: str = SSO_ADMIN) -> ServiceModel:
    """The installed botocore's model of `service`."""
    return botocore.session.get_session().get_service_model(service)


@cache
def operation_names(service: str = SSO_ADMIN) -> frozenset[str]:
    """Every operation of the installed model of `service`."""
    return frozenset(service_model(service).operation_names)


@cache
def operation_model(name: str, service: str = SSO_ADMIN) -> OperationModel:
    return service_model(service).operation_model(name)


@cache
def modeled_errors(operation: str, service: str = SSO_ADMIN) -> frozenset[str]:
    """The error codes an operation declares in the model."""
    return frozenset(shape.name for shape in operation_model(operation, service).error_shapes)


#: ``"AWSIdentityStore.CreateUser"`` -> ``("identitystore", "CreateUser")``: the targets of
#: the services whose model was read (`target` adds a service's on first use, so a process
#: that only calls sso-admin never loads another model)
TARGETS: dict[str, tuple[str, str]] = {}


def served_by_prefix(prefix: str) -> Served | None:
    """The served JSON 1.1 service whose ``X-Amz-Target`` prefix is `prefix`."""
    for served in SERVED.values():
        if served.target_prefix == prefix:
            return served
    return None


def target(name: str) -> tuple[str, str] | None:
    """(service, operation) of the full target `name`, adding its service's targets to
    `TARGETS`; None when no served service has it."""
    served = served_by_prefix(name.partition(".")[0])
    if served is None:
        return None
    TARGETS.update(
        {f"{served.target_prefix}.{op}": (served.name, op) for op in operation_names(served.name)}
    )
    return TARGETS.get(name)


def targets() -> dict[str, tuple[str, str]]:
    """Every target of every served JSON 1.1 service -> (service, operation)."""
    for served in SERVED.values():
        target(f"{served.target_prefix}.")
    return dict(TARGETS)


@cache
def service_of(operation: str) -> str | None:
    """The served service that has `operation` (operation names are unique across the
    services served; `tests/test_operations.py` checks it), or None."""
    for served in SERVED:
        if operation in operation_names(served):
            return served
    return None


@cache
def method_name(operation: str) -> str:
    """`CreatePermissionSet` -> `create_permission_set`, as botocore names client methods."""
    return str(xform_name(operation))


@cache
def member_arguments(operation: str, service: str = SSO_ADMIN) -> dict[str, str]:
    """Input member name -> keyword argument name for the backend method."""
    shape = operation_model(operation, service).input_shape
    if shape is None:
        return {}
    return {member: xform_name(member) for member in shape.members}


@cache
def page_size_limit(operation: str, service: str = SSO_ADMIN) -> int:
    """The largest page an operation may return.

    MaxResults' model maximum (else 100), capped by the largest list the output may carry
    when the output pages with NextToken (ListApplications takes MaxResults up to 100 but
    its ``Applications`` list holds at most 50).
    """
    model = operation_model(operation, service)
    shape = model.input_shape
    limit = 100
    if shape is not None and "MaxResults" in shape.members:
        limit = int(shape.members["MaxResults"].metadata.get("max", 100))
    output = model.output_shape
    if output is not None and "NextToken" in output.members:
        for member in output.members.values():
            if member.type_name == "list" and "max" in member.metadata:
                limit = min(limit, int(member.metadata["max"]))
    return limit


@cache
def takes_client_token(operation: str, service: str = SSO_ADMIN) -> bool:
    shape = operation_model(operation, service).input_shape
    return shape is not None and "ClientToken" in shape.members


@cache
def output_members(operation: str, service: str = SSO_ADMIN) -> frozenset[str]:
    """The top-level members of an operation's output in the installed model.

    Lets the backend send a member a newer botocore added only where the installed model
    declares it: a response must never carry a member its model does not know.
    """
    shape = operation_model(operation, service).output_shape
    return frozenset(shape.members) if shape is not None else frozenset()


@cache
def output_item_members(
    operation: str, member: str, service: str = SSO_ADMIN
) -> frozenset[str]:
    """The members of the structures listed under the output list `member` of `operation`
    (``("ListInstances", "Instances")`` -> the members of ``InstanceMetadata``); empty when
    the installed model has no such list of structures."""
    shape = operation_model(operation, service).output_shape
    listed = shape.members.get(member) if shape is not None else None
    item = getattr(listed, "member", None)
    return frozenset(getattr(item, "members", ()))


@cache
def paged_member(operation: str, service: str = SSO_ADMIN) -> str | None:
    """The list member of a List operation's output (one whose input takes ``NextToken``):
    what the dispatcher pages. None for an operation that does not page."""
    model = operation_model(operation, service)
    shape, output = model.input_shape, model.output_shape
    if shape is None or output is None or "NextToken" not in shape.members:
        return None
    lists = [name for name, member in output.members.items() if member.type_name == "list"]
    return lists[0] if len(lists) == 1 else None
