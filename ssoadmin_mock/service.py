"""The sso-admin service model, loaded once from the installed botocore.

Everything the mock knows about the API's shape (operations, members, constraints, modeled
errors) comes from here, so a newer botocore widens the mock without code changes.
"""

from __future__ import annotations

from functools import cache, lru_cache

import botocore.session
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel

SERVICE_NAME = "sso-admin"
TARGET_PREFIX = "SWBExternalService"


@lru_cache(maxsize=1)
def service_model() -> ServiceModel:
    """The installed botocore's model of sso-admin."""
    return botocore.session.get_session().get_service_model(SERVICE_NAME)


@cache
def operation_names() -> frozenset[str]:
    """Every operation of the installed model."""
    return frozenset(service_model().operation_names)


@cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@cache
def modeled_errors(operation: str) -> frozenset[str]:
    """The error codes an operation declares in the model."""
    return frozenset(shape.name for shape in operation_model(operation).error_shapes)


@cache
def method_name(operation: str) -> str:
    """`CreatePermissionSet` -> `create_permission_set`, as botocore names client methods."""
    return str(xform_name(operation))


@cache
def member_arguments(operation: str) -> dict[str, str]:
    """Input member name -> keyword argument name for the backend method."""
    shape = operation_model(operation).input_shape
    if shape is None:
        return {}
    return {member: xform_name(member) for member in shape.members}


@cache
def page_size_limit(operation: str) -> int:
    """The largest page an operation may return.

    MaxResults' model maximum (else 100), capped by the largest list the output may carry
    when the output pages with NextToken (ListApplications takes MaxResults up to 100 but
    its ``Applications`` list holds at most 50).
    """
    model = operation_model(operation)
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
def takes_client_token(operation: str) -> bool:
    shape = operation_model(operation).input_shape
    return shape is not None and "ClientToken" in shape.members


@cache
def output_members(operation: str) -> frozenset[str]:
    """The top-level members of an operation's output in the installed model.

    Lets the backend send a member a newer botocore added only where the installed model
    declares it: a response must never carry a member its model does not know.
    """
    shape = operation_model(operation).output_shape
    return frozenset(shape.members) if shape is not None else frozenset()


@cache
def output_item_members(operation: str, member: str) -> frozenset[str]:
    """The members of the structures listed under the output list `member` of `operation`
    (``("ListInstances", "Instances")`` -> the members of ``InstanceMetadata``); empty when
    the installed model has no such list of structures."""
    shape = operation_model(operation).output_shape
    listed = shape.members.get(member) if shape is not None else None
    item = getattr(listed, "member", None)
    return frozenset(getattr(item, "members", ()))


@cache
def paged_member(operation: str) -> str | None:
    """The list member of a List operation's output (one whose input takes ``NextToken``):
    what the dispatcher pages. None for an operation that does not page."""
    model = operation_model(operation)
    shape, output = model.input_shape, model.output_shape
    if shape is None or output is None or "NextToken" not in shape.members:
        return None
    lists = [name for name, member in output.members.items() if member.type_name == "list"]
    return lists[0] if len(lists) == 1 else None
