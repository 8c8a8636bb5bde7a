"""IAM Identity Center in CloudFormation: the ``AWS::SSO::*`` resource types, for moto's stacks.

Every type of the CloudFormation template reference for IAM Identity Center (AWS
CloudFormation Template Reference, "AWS IAM Identity Center": Instance, PermissionSet,
Assignment, InstanceAccessControlAttributeConfiguration, Application, ApplicationAssignment)
is created, updated and deleted by moto's CloudFormation (``create_stack``, ``update_stack``,
``delete_stack``, change sets) through the sso-admin API itself: each step is one operation
run by `ssoadmin_mock.responses.call`, with the validator, faults and handlers a client's
request gets, so a bad property fails the stack with the error the API would give.

What each type does follows its resource provider schema (the CloudFormation registry's
``aws-sso-*`` schemas): the properties it takes, which ones need replacement
(``createOnlyProperties``), what ``Ref`` returns (the ``primaryIdentifier``, joined with ``|``
when it has several parts, as CloudFormation does for registry types) and the ``Fn::GetAtt``
attributes (``readOnlyProperties``). Like CloudFormation, a resource waits for asynchronous
work (instances, assignments, provisioning, attribute configurations) to finish, and fails
with the work's reason when it ends FAILED. A failed resource removes what it half made; the
stack's rollback is `ssoadmin_mock.moto_bridge`'s (the one module that reaches into moto).

One adapter class per type (moto finds types as subclasses of its `CloudFormationModel`);
each delegates to the type's `_Spec` of plain functions.
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import ids, moto_bridge
from .exceptions import InternalServerException, ResourceNotFoundException, SSOAdminError
from .moto_bridge import CloudFormationModel, StackResourceFailure
from .switches import current

__all__ = ["RESOURCE_TYPES", "register"]

Body = dict[str, Any]
Properties = dict[str, Any]
Identifiers = dict[str, str]

#: CloudFormation's handler error codes for the API's errors (CloudFormation CLI, "Handler
#: error codes")
_HANDLER_CODES = {
    "ValidationException": "InvalidRequest",
    "ConflictException": "ResourceConflict",
    "ResourceNotFoundException": "NotFound",
    "AccessDeniedException": "AccessDenied",
    "ThrottlingException": "Throttling",
    "ServiceQuotaExceededException": "ServiceLimitExceeded",
    "InternalServerException": "ServiceInternalError",
}

#: how long a resource waits for asynchronous work kept in progress by time before the
#: engine settles it (`SSOAdminBackend.settle_all`); polls are `_POLL_SECONDS` apart
_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.005


# --- calling the API ------------------------------------------------------------------------


class _Api:
    """The sso-admin API of one account and Region, as a stack's resource handler calls it."""

    def __init__(self, account_id: str, region: str, logical_id: str) -> None:
        self.account_id = account_id
        self.region = region
        self.logical_id = logical_id

    def raw(self, operation: str, **params: Any) -> Body:
        """One operation, through the dispatcher (members given as None are left out)."""
        from .responses import call

        request = {
            name: copy.deepcopy(value) for name, value in params.items() if value is not None
        }
        return call(operation, request, self.account_id, self.region)

    def __call__(self, operation: str, **params: Any) -> Body:
        """`raw`, with an API error turned into the resource's failure."""
        try:
            return self.raw(operation, **params)
        except SSOAdminError as error:
            raise self.failure(
                _error_message(error, operation), _handler_code(error, operation)
            ) from error

    def found(self, operation: str, **params: Any) -> Body | None:
        """`__call__`, or None when the operation answers that the resource does not exist."""
        try:
            return self.raw(operation, **params)
        except SSOAdminError as error:
            if isinstance(error, ResourceNotFoundException):
                return None
            raise self.failure(
                _error_message(error, operation), _handler_code(error, operation)
            ) from error

    def pages(self, operation: str, member: str, **params: Any) -> list[Any]:
        """Every item of a List operation, page after page."""
        items: list[Any] = []
        token: str | None = None
        while True:
            body = self(operation, NextToken=token, **params)
            items.extend(body.get(member) or [])
            token = body.get("NextToken")
            if not token:
                return items

    def failure(self, message: str, code: str = "GeneralServiceException") -> StackResourceFailure:
        """The failure CloudFormation reports for this resource (its status reason)."""
        return StackResourceFailure(
            f'Resource handler returned message: "{message}" '
            f"(RequestToken: {uuid.uuid4()}, HandlerErrorCode: {code})",
            self.logical_id,
        )

    def settled(
        self, read: Callable[[], Body], status: Callable[[Body], str], pending: str
    ) -> Body:
        """What `read` answers once `status` of it is no longer `pending`: CloudFormation waits
        for the work. Each read counts as one (``async_reads``); work kept in progress by time
        is polled for, and settled by the engine after `_WAIT_SECONDS`."""
        deadline = time.monotonic() + _WAIT_SECONDS
        settled_all = False
        while True:
            body = read()
            if status(body) != pending:
                return body
            if settled_all:
                raise self.failure(f"The work is still {pending} after the wait.")
            _reads, seconds = current().async_status.deferral
            if time.monotonic() >= deadline:
                from .backend import get_backend

                get_backend(self.account_id, self.region).settle_all()
                settled_all = True
            elif seconds:
                time.sleep(_POLL_SECONDS)


def _handler_code(error: SSOAdminError, operation: str) -> str:
    return _HANDLER_CODES.get(error.code_for(operation), "GeneralServiceException")


def _error_message(error: SSOAdminError, operation: str) -> str:
    """The API error as CloudFormation quotes it (``... (Service: SsoAdmin, Status Code: 400,
    Request ID: ...)``)."""
    code = error.code_for(operation)
    status = 500 if code == InternalServerException.code else 400
    return (
        f"{error.message} (Service: SsoAdmin, Status Code: {status}, "
        f"Request ID: {ids.request_id()})"
    )


def _json_text(document: Any) -> str | None:
    """An inline policy as the API takes it: a template's object as JSON text."""
    if document is None or isinstance(document, str):
        return document
    return json.dumps(document)


def _same_document(first: str | None, second: str | None) -> bool:
    def parsed(text: str | None) -> Any:
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return text

    return bool(parsed(first) == parsed(second))


def _changed(old: Properties, new: Properties, names: tuple[str, ...]) -> dict[str, Any]:
    """Of `names`, those `new` gives with a value other than `old`'s."""
    return {name: new[name] for name in names if name in new and new.get(name) != old.get(name)}


def _sync_tags(api: _Api, arn: str, desired: list[dict[str, str]] | None, **scope: str) -> None:
    """Make the resource's tags exactly `desired` (the template's ``Tags``)."""
    wanted = {tag.get("Key"): tag.get("Value") for tag in desired or []}
    held = {
        tag["Key"]: tag.get("Value")
        for tag in api.pages("ListTagsForResource", "Tags", ResourceArn=arn, **scope)
    }
    stale = [key for key in held if key not in wanted]
    if stale:
        api("UntagResource", ResourceArn=arn, TagKeys=stale, **scope)
    fresh = [
        {"Key": key, "Value": value}
        for key, value in wanted.items()
        if key not in held or held[key] != value
    ]
    if fresh:
        api("TagResource", ResourceArn=arn, Tags=fresh, **scope)


# --- the types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """What one resource type does, as plain functions of the API and its properties."""

    type_name: str
    #: the properties that make up ``Ref``, in order (the schema's ``primaryIdentifier``)
    identifier: tuple[str, ...]
    #: properties whose change replaces the resource (``createOnlyProperties``)
    create_only: frozenset[str]
    create: Callable[[_Api, Properties], Identifiers]
    delete: Callable[[_Api, Identifiers], None]
    update: Callable[[_Api, Identifiers, Properties, Properties], None] | None = None
    #: ``Fn::GetAtt`` attributes (``readOnlyProperties``) -> how to read them
    attributes: Mapping[str, Callable[[_Api, Identifiers], Any]] = field(default_factory=dict)


def _from_identifiers(name: str) -> Callable[[_Api, Identifiers], Any]:
    return lambda api, identifiers: identifiers[name]


# AWS::SSO::Instance ---------------------------------------------------------------------------


def _describe_instance(api: _Api, identifiers: Identifiers) -> Body:
    return api("DescribeInstance", InstanceArn=identifiers["InstanceArn"])


def _create_instance(api: _Api, props: Properties) -> Identifiers:
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


def _update_instance(api: _Api, identifiers: Identifiers, old: Properties, new: Properties) -> None:
    arn = identifiers["InstanceArn"]
    if new.get("Name") is not None and new.get("Name") != old.get("Name"):
        api("UpdateInstance", InstanceArn=arn, Name=new["Name"])
    _sync_tags(api, arn, new.get("Tags"), InstanceArn=arn)


def _delete_instance(api: _Api, identifiers: Identifiers) -> None:
    arn = identifiers["InstanceArn"]
    try:
        api.raw("DeleteInstance", InstanceArn=arn)
    except SSOAdminError as error:
        if error.code_for("DeleteInstance") in (
            "ResourceNotFoundException",
            "AccessDeniedException",
        ):
            return  # gone already
        raise api.failure(
            _error_message(error, "DeleteInstance"), _handler_code(error, "DeleteInstance")
        ) from error

    def read() -> Body:
        try:
            return api.raw("DescribeInstance", InstanceArn=arn)
        except SSOAdminError:
            return {"Status": "DELETED"}

    body = api.settled(read, lambda body: str(body.get("Status")), "DELETE_IN_PROGRESS")
    if body.get("Status") != "DELETED":
        raise api.failure(str(body.get("StatusReason") or f"Instance {arn} was not deleted."))


def _instance_attribute(member: str) -> Callable[[_Api, Identifiers], Any]:
    return lambda api, identifiers: _describe_instance(api, identifiers).get(member)


INSTANCE = _Spec(
    type_name="AWS::SSO::Instance",
    identifier=("InstanceArn",),
    create_only=frozenset(),
    create=_create_instance,
    update=_update_instance,
    delete=_delete_instance,
    attributes={
        "InstanceArn": _from_identifiers("InstanceArn"),
        "IdentityStoreId": _instance_attribute("IdentityStoreId"),
        "OwnerAccountId": _instance_attribute("OwnerAccountId"),
        "Status": _instance_attribute("Status"),
    },
)


# AWS::SSO::PermissionSet -----------------------------------------------------------------------

_PERMISSION_SET_FIELDS = ("Description", "SessionDuration", "RelayStateType")


def _create_permission_set(api: _Api, props: Properties) -> Identifiers:
    body = api(
        "CreatePermissionSet",
        InstanceArn=props.get("InstanceArn"),
        Name=props.get("Name"),
        Description=props.get("Description"),
        SessionDuration=props.get("SessionDuration"),
        RelayState=props.get("RelayStateType"),
        Tags=props.get("Tags"),
    )
    identifiers = {
        "InstanceArn": str(props.get("InstanceArn")),
        "PermissionSetArn": body["PermissionSet"]["PermissionSetArn"],
    }
    try:
        _sync_policies(api, identifiers, props)
    except StackResourceFailure:
        api.found("DeletePermissionSet", **identifiers)  # nothing half made stays
        raise
    return identifiers


def _update_permission_set(
    api: _Api, identifiers: Identifiers, old: Properties, new: Properties
) -> None:
    changed = _changed(old, new, _PERMISSION_SET_FIELDS)
    if changed:
        api(
            "UpdatePermissionSet",
            **identifiers,
            Description=changed.get("Description"),
            SessionDuration=changed.get("SessionDuration"),
            RelayState=changed.get("RelayStateType"),
        )
    _sync_policies(api, identifiers, new)
    _sync_tags(
        api,
        identifiers["PermissionSetArn"],
        new.get("Tags"),
        InstanceArn=identifiers["InstanceArn"],
    )
    # the resource's update handler provisions the set to the accounts that have it
    # (its schema's update permissions: ProvisionPermissionSet)
    if api.pages("ListAccountsForProvisionedPermissionSet", "AccountIds", **identifiers):
        _provision(api, identifiers)


def _provision(api: _Api, identifiers: Identifiers) -> None:
    request = api("ProvisionPermissionSet", **identifiers, TargetType="ALL_PROVISIONED_ACCOUNTS")
    request_id = request["PermissionSetProvisioningStatus"]["RequestId"]
    body = api.settled(
        lambda: api(
            "DescribePermissionSetProvisioningStatus",
            InstanceArn=identifiers["InstanceArn"],
            ProvisionPermissionSetRequestId=request_id,
        ),
        lambda body: str(body["PermissionSetProvisioningStatus"]["Status"]),
        "IN_PROGRESS",
    )
    status = body["PermissionSetProvisioningStatus"]
    if status["Status"] == "FAILED":
        raise api.failure(str(status.get("FailureReason") or "Provisioning failed."))


def _customer_reference(reference: Mapping[str, Any]) -> Body:
    return {"Name": reference.get("Name"), "Path": reference.get("Path") or "/"}


def _sync_policies(api: _Api, identifiers: Identifiers, props: Properties) -> None:
    """Make the set's policies exactly the template's: the inline policy, AWS managed
    policies, customer managed policy references and permissions boundary."""
    inline = _json_text(props.get("InlinePolicy"))
    held_inline = api("GetInlinePolicyForPermissionSet", **identifiers).get("InlinePolicy") or None
    if inline is None and held_inline is not None:
        api("DeleteInlinePolicyFromPermissionSet", **identifiers)
    elif inline is not None and not _same_document(inline, held_inline):
        api("PutInlinePolicyToPermissionSet", **identifiers, InlinePolicy=inline)

    wanted = list(props.get("ManagedPolicies") or [])
    held = [
        policy["Arn"]
        for policy in api.pages(
            "ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies", **identifiers
        )
    ]
    for arn in held:
        if arn not in wanted:
            api("DetachManagedPolicyFromPermissionSet", **identifiers, ManagedPolicyArn=arn)
    for arn in wanted:
        if arn not in held:
            api("AttachManagedPolicyToPermissionSet", **identifiers, ManagedPolicyArn=arn)

    references = [
        _customer_reference(ref) for ref in props.get("CustomerManagedPolicyReferences") or []
    ]
    held_references = [
        _customer_reference(ref)
        for ref in api.pages(
            "ListCustomerManagedPolicyReferencesInPermissionSet",
            "CustomerManagedPolicyReferences",
            **identifiers,
        )
    ]
    for reference in held_references:
        if reference not in references:
            api(
                "DetachCustomerManagedPolicyReferenceFromPermissionSet",
                **identifiers,
                CustomerManagedPolicyReference=reference,
            )
    for reference in references:
        if reference not in held_references:
            api(
                "AttachCustomerManagedPolicyReferenceToPermissionSet",
                **identifiers,
                CustomerManagedPolicyReference=reference,
            )

    boundary = props.get("PermissionsBoundary")
    if isinstance(boundary, Mapping) and "CustomerManagedPolicyReference" in boundary:
        boundary = {
            **boundary,
            "CustomerManagedPolicyReference": _customer_reference(
                boundary["CustomerManagedPolicyReference"]
            ),
        }
    held_boundary = api.found("GetPermissionsBoundaryForPermissionSet", **identifiers)
    held_boundary = (held_boundary or {}).get("PermissionsBoundary")
    if boundary is None and held_boundary is not None:
        api("DeletePermissionsBoundaryFromPermissionSet", **identifiers)
    elif boundary is not None and boundary != held_boundary:
        api("PutPermissionsBoundaryToPermissionSet", **identifiers, PermissionsBoundary=boundary)


def _delete_permission_set(api: _Api, identifiers: Identifiers) -> None:
    api.found("DeletePermissionSet", **identifiers)


PERMISSION_SET = _Spec(
    type_name="AWS::SSO::PermissionSet",
    identifier=("InstanceArn", "PermissionSetArn"),
    create_only=frozenset({"InstanceArn", "Name"}),
    create=_create_permission_set,
    update=_update_permission_set,
    delete=_delete_permission_set,
    attributes={"PermissionSetArn": _from_identifiers("PermissionSetArn")},
)


# AWS::SSO::Assignment --------------------------------------------------------------------------

_ASSIGNMENT_KEYS = (
    "InstanceArn",
    "TargetId",
    "TargetType",
    "PermissionSetArn",
    "PrincipalType",
    "PrincipalId",
)


def _assignment_exists(api: _Api, props: Mapping[str, Any]) -> bool:
    if not (props.get("InstanceArn") and props.get("TargetId") and props.get("PermissionSetArn")):
        return False  # the create call itself refuses what is missing
    assignments = api.pages(
        "ListAccountAssignments",
        "AccountAssignments",
        InstanceArn=props["InstanceArn"],
        AccountId=props["TargetId"],
        PermissionSetArn=props["PermissionSetArn"],
    )
    return any(
        item.get("PrincipalType") == props.get("PrincipalType")
        and item.get("PrincipalId") == props.get("PrincipalId")
        for item in assignments
    )


def _create_assignment(api: _Api, props: Properties) -> Identifiers:
    request = {key: props.get(key) for key in _ASSIGNMENT_KEYS}
    if _assignment_exists(api, request):
        raise api.failure(
            f"The assignment of {request['PermissionSetArn']} to {request['PrincipalType']} "
            f"{request['PrincipalId']} in account {request['TargetId']} already exists.",
            "AlreadyExists",
        )
    status = api("CreateAccountAssignment", **request)["AccountAssignmentCreationStatus"]
    body = api.settled(
        lambda: api(
            "DescribeAccountAssignmentCreationStatus",
            InstanceArn=request["InstanceArn"],
            AccountAssignmentCreationRequestId=status["RequestId"],
        ),
        lambda body: str(body["AccountAssignmentCreationStatus"]["Status"]),
        "IN_PROGRESS",
    )
    final = body["AccountAssignmentCreationStatus"]
    if final["Status"] == "FAILED":
        raise api.failure(str(final.get("FailureReason") or "The assignment failed."))
    return {key: str(request[key]) for key in _ASSIGNMENT_KEYS}


def _delete_assignment(api: _Api, identifiers: Identifiers) -> None:
    if not _instance_exists(api, identifiers) or not _assignment_exists(api, identifiers):
        return  # gone already
    status = api.found("DeleteAccountAssignment", **identifiers)
    if status is None:
        return
    request_id = status["AccountAssignmentDeletionStatus"]["RequestId"]
    body = api.settled(
        lambda: api(
            "DescribeAccountAssignmentDeletionStatus",
            InstanceArn=identifiers["InstanceArn"],
            AccountAssignmentDeletionRequestId=request_id,
        ),
        lambda body: str(body["AccountAssignmentDeletionStatus"]["Status"]),
        "IN_PROGRESS",
    )
    final = body["AccountAssignmentDeletionStatus"]
    if final["Status"] == "FAILED":
        raise api.failure(str(final.get("FailureReason") or "The assignment was not deleted."))


def _instance_exists(api: _Api, identifiers: Mapping[str, str]) -> bool:
    try:
        api.raw("DescribeInstance", InstanceArn=identifiers["InstanceArn"])
    except SSOAdminError:
        return False
    return True


ASSIGNMENT = _Spec(
    type_name="AWS::SSO::Assignment",
    identifier=_ASSIGNMENT_KEYS,
    create_only=frozenset(_ASSIGNMENT_KEYS),
    create=_create_assignment,
    delete=_delete_assignment,
)


# AWS::SSO::InstanceAccessControlAttributeConfiguration -----------------------------------------


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


def _create_access_control(api: _Api, props: Properties) -> Identifiers:
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
    api: _Api, identifiers: Identifiers, old: Properties, new: Properties
) -> None:
    api(
        "UpdateInstanceAccessControlAttributeConfiguration",
        InstanceArn=identifiers["InstanceArn"],
        InstanceAccessControlAttributeConfiguration={
            "AccessControlAttributes": _access_control_attributes(new) or []
        },
    )


def _delete_access_control(api: _Api, identifiers: Identifiers) -> None:
    if _instance_exists(api, identifiers):
        api.found("DeleteInstanceAccessControlAttributeConfiguration", **identifiers)


ACCESS_CONTROL = _Spec(
    type_name="AWS::SSO::InstanceAccessControlAttributeConfiguration",
    identifier=("InstanceArn",),
    create_only=frozenset({"InstanceArn"}),
    create=_create_access_control,
    update=_update_access_control,
    delete=_delete_access_control,
)


# AWS::SSO::Application -------------------------------------------------------------------------

_APPLICATION_FIELDS = ("Name", "Description", "Status", "PortalOptions")


def _create_application(api: _Api, props: Properties) -> Identifiers:
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
    api: _Api, identifiers: Identifiers, old: Properties, new: Properties
) -> None:
    changed = _changed(old, new, _APPLICATION_FIELDS)
    if changed:
        api("UpdateApplication", ApplicationArn=identifiers["ApplicationArn"], **changed)
    _sync_tags(api, identifiers["ApplicationArn"], new.get("Tags"))


def _delete_application(api: _Api, identifiers: Identifiers) -> None:
    api.found("DeleteApplication", **identifiers)


APPLICATION = _Spec(
    type_name="AWS::SSO::Application",
    identifier=("ApplicationArn",),
    create_only=frozenset({"InstanceArn", "ApplicationProviderArn"}),
    create=_create_application,
    update=_update_application,
    delete=_delete_application,
    attributes={"ApplicationArn": _from_identifiers("ApplicationArn")},
)


# AWS::SSO::ApplicationAssignment ---------------------------------------------------------------

_APPLICATION_ASSIGNMENT_KEYS = ("ApplicationArn", "PrincipalType", "PrincipalId")


def _create_application_assignment(api: _Api, props: Properties) -> Identifiers:
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


def _delete_application_assignment(api: _Api, identifiers: Identifiers) -> None:
    api.found("DeleteApplicationAssignment", **identifiers)


APPLICATION_ASSIGNMENT = _Spec(
    type_name="AWS::SSO::ApplicationAssignment",
    identifier=_APPLICATION_ASSIGNMENT_KEYS,
    create_only=frozenset(_APPLICATION_ASSIGNMENT_KEYS),
    create=_create_application_assignment,
    delete=_delete_application_assignment,
)


# --- moto's side: one adapter class per type ----------------------------------------------------


def _adapter(spec: _Spec, class_name: str) -> type[CloudFormationModel]:
    """The class moto's CloudFormation finds for `spec`'s type (a `CloudFormationModel`)."""

    class Resource(CloudFormationModel):
        """One ``AWS::SSO::*`` resource of a stack: what it was made from and its identifiers."""

        def __init__(self, api: _Api, properties: Properties, identifiers: Identifiers) -> None:
            self.api = api
            self.properties = properties
            self.identifiers = identifiers
            #: the resource this one replaced, deleted in the update's cleanup phase
            self.replaced: Resource | None = None
            self.deleted = False
            #: an update of it failed part way: what it holds is not `properties`
            self.stale = False
            self.logical_resource_id = api.logical_id
            self.cf_resource_type = spec.type_name

        @staticmethod
        def cloudformation_name_type() -> str:
            return ""

        @staticmethod
        def cloudformation_type() -> str:
            return spec.type_name

        @classmethod
        def has_cfn_attr(cls, attr: str) -> bool:
            return attr in spec.attributes

        @classmethod
        def create_from_cloudformation_json(
            cls,
            resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
            **kwargs: Any,
        ) -> Resource:
            api = _Api(account_id, region_name, str(kwargs.get("LogicalId") or ""))
            return cls._made(api, dict(cloudformation_json.get("Properties") or {}))

        @classmethod
        def _made(cls, api: _Api, properties: Properties) -> Resource:
            return cls(api, properties, spec.create(api, properties))

        @classmethod
        def update_from_cloudformation_json(
            cls,
            original_resource: Resource,
            new_resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
        ) -> Resource:
            return original_resource.refreshed(dict(cloudformation_json.get("Properties") or {}))

        @classmethod
        def delete_from_cloudformation_json(
            cls,
            resource_name: str,
            cloudformation_json: dict[str, Any],
            account_id: str,
            region_name: str,
        ) -> None:
            raise RuntimeError(f"{spec.type_name} {resource_name} is deleted by its resource")

        def refreshed(self, properties: Properties) -> Resource:
            """This resource with `properties`: itself, updated in place, or its replacement
            (when a property that needs replacement changed, or the type updates nothing)."""
            if properties == self.properties and not self.stale:
                return self
            replace = spec.update is None or any(
                properties.get(name) != self.properties.get(name) for name in spec.create_only
            )
            if replace:
                replacement = type(self)._made(self.api, properties)
                replacement.replaced = self
                return replacement
            assert spec.update is not None
            # after a failed update the resource is partly changed: the next one sets all
            self.stale, previous = True, ({} if self.stale else self.properties)
            spec.update(self.api, self.identifiers, previous, properties)
            self.properties, self.stale = properties, False
            return self

        def delete(self, account_id: str, region_name: str) -> None:
            if not self.deleted:
                spec.delete(self.api, self.identifiers)
                self.deleted = True

        @property
        def physical_resource_id(self) -> str:
            return "|".join(self.identifiers[name] for name in spec.identifier)

        def get_cfn_attribute(self, attribute_name: str) -> Any:
            read = spec.attributes.get(attribute_name)
            if read is None:
                raise moto_bridge.unknown_attribute_error()
            return read(self.api, self.identifiers)

        def is_created(self) -> bool:
            return True

    Resource.__name__ = Resource.__qualname__ = class_name
    Resource.__doc__ = f"``{spec.type_name}`` in moto's CloudFormation."
    moto_bridge.track_model(Resource, "Resource")
    return Resource


InstanceResource = _adapter(INSTANCE, "InstanceResource")
PermissionSetResource = _adapter(PERMISSION_SET, "PermissionSetResource")
AssignmentResource = _adapter(ASSIGNMENT, "AssignmentResource")
AccessControlResource = _adapter(ACCESS_CONTROL, "AccessControlResource")
ApplicationResource = _adapter(APPLICATION, "ApplicationResource")
ApplicationAssignmentResource = _adapter(APPLICATION_ASSIGNMENT, "ApplicationAssignmentResource")

#: type name -> the class moto's CloudFormation uses for it
RESOURCE_TYPES: dict[str, type[CloudFormationModel]] = {
    resource.cloudformation_type(): resource
    for resource in (
        InstanceResource,
        PermissionSetResource,
        AssignmentResource,
        AccessControlResource,
        ApplicationResource,
        ApplicationAssignmentResource,
    )
}


def register() -> None:
    """Make moto's CloudFormation deploy the types (they exist once this module is imported;
    moto's cached list of types is refreshed in case it was made before)."""
    moto_bridge.refresh_cloudformation_types()
