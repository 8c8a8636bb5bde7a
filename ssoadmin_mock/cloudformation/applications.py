"""``AWS::SSO::Application`` and ``AWS::SSO::ApplicationAssignment``.

AWS CloudFormation Template Reference, "AWS::SSO::Application": ``InstanceArn`` and
``ApplicationProviderArn`` need replacement; ``Name``, ``Description``, ``Status``,
``PortalOptions`` and ``Tags`` update in place; ``Ref`` and ``Fn::GetAtt ApplicationArn`` are
the application's ARN. "AWS::SSO::ApplicationAssignment": every property needs replacement;
``Ref`` is ``ApplicationArn|PrincipalType|PrincipalId``.
"""

from __future__ import annotations

from ..exceptions import SSOAdminError
from .handler import (
    Api,
    Identifiers,
    Properties,
    Spec,
    changed_members,
    from_identifiers,
    sync_tags,
)

_APPLICATION_FIELDS = ("Name", "Description", "Status", "PortalOptions")


def _create_application(api: Api, props: Properties) -> Identifiers:
    body = api(
        "CreateApplication",
        InstanceArn=props.get("InstanceArn"),
        ApplicationProviderArn=props.get("ApplicationProviderArn"),
        Name=props.get("Name"),
        Description=props.get("Description"),
        PortalOptions=props.get("PortalOptions"),
        Status=props.get("Status"),
        Tags=props.get("Tags"),
    )
    return {"ApplicationArn": body["ApplicationArn"]}


def _update_application(
    api: Api, identifiers: Identifiers, old: Properties, new: Properties
) -> None:
    changed = changed_members(old, new, _APPLICATION_FIELDS)
    if changed:
        api("UpdateApplication", ApplicationArn=identifiers["ApplicationArn"], **changed)
    sync_tags(api, identifiers["ApplicationArn"], new.get("Tags"))


def _delete_application(api: Api, identifiers: Identifiers) -> None:
    api.found("DeleteApplication", **identifiers)


APPLICATION = Spec(
    type_name="AWS::SSO::Application",
    properties=frozenset(
        {
            "InstanceArn",
            "ApplicationProviderArn",
            "Name",
            "Description",
            "PortalOptions",
            "Status",
            "Tags",
        }
    ),
    required=frozenset({"InstanceArn", "ApplicationProviderArn", "Name"}),
    identifier=("ApplicationArn",),
    create_only=frozenset({"InstanceArn", "ApplicationProviderArn"}),
    create=_create_application,
    update=_update_application,
    delete=_delete_application,
    attributes={"ApplicationArn": from_identifiers("ApplicationArn")},
)


_APPLICATION_ASSIGNMENT_KEYS = ("ApplicationArn", "PrincipalType", "PrincipalId")


def _create_application_assignment(api: Api, props: Properties) -> Identifiers:
    request = {key: props.get(key) for key in _APPLICATION_ASSIGNMENT_KEYS}
    if all(request.values()):
        try:
            api.raw("DescribeApplicationAssignment", **request)
        except SSOAdminError:
            pass
        else:
            raise api.failure(
                f"{request['PrincipalType']} {request['PrincipalId']} is already assigned to "
                f"application {request['ApplicationArn']}.",
                "AlreadyExists",
            )
    api("CreateApplicationAssignment", **request)
    return {key: str(request[key]) for key in _APPLICATION_ASSIGNMENT_KEYS}


def _delete_application_assignment(api: Api, identifiers: Identifiers) -> None:
    api.found("DeleteApplicationAssignment", **identifiers)


APPLICATION_ASSIGNMENT = Spec(
    type_name="AWS::SSO::ApplicationAssignment",
    properties=frozenset(set(_APPLICATION_ASSIGNMENT_KEYS)),
    required=frozenset(set(_APPLICATION_ASSIGNMENT_KEYS)),
    identifier=_APPLICATION_ASSIGNMENT_KEYS,
    create_only=frozenset(_APPLICATION_ASSIGNMENT_KEYS),
    create=_create_application_assignment,
    delete=_delete_application_assignment,
)
