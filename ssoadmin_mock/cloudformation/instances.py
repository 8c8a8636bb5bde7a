"""``AWS::SSO::Instance`` and ``AWS::SSO::InstanceAccessControlAttributeConfiguration``.

AWS CloudFormation Template Reference, "AWS::SSO::Instance": ``Name`` and ``Tags`` update in
place; ``Ref`` is the ``InstanceArn``; ``Fn::GetAtt`` gives ``InstanceArn``, ``IdentityStoreId``,
``OwnerAccountId`` and ``Status``. "AWS::SSO::InstanceAccessControlAttributeConfiguration":
``InstanceArn`` needs replacement, the attributes (``AccessControlAttributes``, or the
deprecated ``InstanceAccessControlAttributeConfiguration``) update in place; ``Ref`` is the
``InstanceArn``. Both wait for their asynchronous status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..exceptions import SSOAdminError
from .handler import (
    Api,
    Body,
    Identifiers,
    Properties,
    Spec,
    from_identifiers,
    instance_exists,
    sync_tags,
)


def _describe_instance(api: Api, identifiers: Identifiers) -> Body:
    return api("DescribeInstance", InstanceArn=identifiers["InstanceArn"])


def _create_instance(api: Api, props: Properties) -> Identifiers:
    arn = api("CreateInstance", Name=props.get("Name"), Tags=props.get("Tags"))["InstanceArn"]
    identifiers = {"InstanceArn": arn}
    body = api.settled(
        lambda: _describe_instance(api, identifiers),
        lambda body: str(body.get("Status")),
        "CREATE_IN_PROGRESS",
    )
    if body.get("Status") != "ACTIVE":
        _delete_instance(api, identifiers)
        raise api.failure(str(body.get("StatusReason") or f"Instance {arn} failed to be created."))
    return identifiers


def _update_instance(api: Api, identifiers: Identifiers, old: Properties, new: Properties) -> None:
    arn = identifiers["InstanceArn"]
    if new.get("Name") is not None and new.get("Name") != old.get("Name"):
        api("UpdateInstance", InstanceArn=arn, Name=new["Name"])
    sync_tags(api, arn, new.get("Tags"), InstanceArn=arn)


def _delete_instance(api: Api, identifiers: Identifiers) -> None:
    arn = identifiers["InstanceArn"]
    try:
        api.raw("DeleteInstance", InstanceArn=arn)
    except SSOAdminError as error:
        if error.code_for("DeleteInstance") in (
            "ResourceNotFoundException",
            "AccessDeniedException",
        ):
            return  # gone already
        raise api.refusal(error, "DeleteInstance") from error

    def read() -> Body:
        try:
            return api.raw("DescribeInstance", InstanceArn=arn)
        except SSOAdminError:
            return {"Status": "DELETED"}

    body = api.settled(read, lambda body: str(body.get("Status")), "DELETE_IN_PROGRESS")
    if body.get("Status") != "DELETED":
        raise api.failure(str(body.get("StatusReason") or f"Instance {arn} was not deleted."))


def _instance_attribute(member: str) -> Callable[[Api, Identifiers], Any]:
    return lambda api, identifiers: _describe_instance(api, identifiers).get(member)


INSTANCE = Spec(
    type_name="AWS::SSO::Instance",
    properties=frozenset({"Name", "Tags"}),
    required=frozenset(set()),
    identifier=("InstanceArn",),
    create_only=frozenset(),
    create=_create_instance,
    update=_update_instance,
    delete=_delete_instance,
    attributes={
        "InstanceArn": from_identifiers("InstanceArn"),
        "IdentityStoreId": _instance_attribute("IdentityStoreId"),
        "OwnerAccountId": _instance_attribute("OwnerAccountId"),
        "Status": _instance_attribute("Status"),
    },
)


def _access_control_attributes(props: Properties) -> list[Any] | None:
    """``AccessControlAttributes``, or those of the deprecated
    ``InstanceAccessControlAttributeConfiguration`` property."""
    if "AccessControlAttributes" in props:
        attributes: list[Any] | None = props["AccessControlAttributes"]
        return attributes
    nested = props.get("InstanceAccessControlAttributeConfiguration")
    if isinstance(nested, Mapping):
        return list(nested.get("AccessControlAttributes") or [])
    return None


def _create_access_control(api: Api, props: Properties) -> Identifiers:
    arn = props.get("InstanceArn")
    api(
        "CreateInstanceAccessControlAttributeConfiguration",
        InstanceArn=arn,
        InstanceAccessControlAttributeConfiguration={
            "AccessControlAttributes": _access_control_attributes(props) or []
        },
    )
    body = api.settled(
        lambda: api("DescribeInstanceAccessControlAttributeConfiguration", InstanceArn=arn),
        lambda body: str(body.get("Status")),
        "CREATION_IN_PROGRESS",
    )
    if body.get("Status") != "ENABLED":
        api.found("DeleteInstanceAccessControlAttributeConfiguration", InstanceArn=arn)
        raise api.failure(str(body.get("StatusReason") or "The configuration failed."))
    return {"InstanceArn": str(arn)}


def _update_access_control(
    api: Api, identifiers: Identifiers, old: Properties, new: Properties
) -> None:
    api(
        "UpdateInstanceAccessControlAttributeConfiguration",
        InstanceArn=identifiers["InstanceArn"],
        InstanceAccessControlAttributeConfiguration={
            "AccessControlAttributes": _access_control_attributes(new) or []
        },
    )


def _delete_access_control(api: Api, identifiers: Identifiers) -> None:
    if instance_exists(api, identifiers):
        api.found("DeleteInstanceAccessControlAttributeConfiguration", **identifiers)


ACCESS_CONTROL = Spec(
    type_name="AWS::SSO::InstanceAccessControlAttributeConfiguration",
    properties=frozenset(
        {"InstanceArn", "AccessControlAttributes", "InstanceAccessControlAttributeConfiguration"}
    ),
    required=frozenset({"InstanceArn"}),
    identifier=("InstanceArn",),
    create_only=frozenset({"InstanceArn"}),
    create=_create_access_control,
    update=_update_access_control,
    delete=_delete_access_control,
)
