"""What every resource handler of this package shares (``AWS::SSO::*`` and
``AWS::IdentityStore::*``): the API as it calls it, its failure messages, waiting for
asynchronous work, tags, and `Spec` (what one type does).

Each call is one operation of the type's service (sso-admin, or identitystore) run by
`ssoadmin_mock.responses.call`, with the validator, faults and handlers a client's request
gets. An API error fails the resource with the message CloudFormation shows (``Resource
handler returned message: "..." (RequestToken: ..., HandlerErrorCode: ...)``; CloudFormation
CLI, "Handler error codes").
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import ids
from ..exceptions import InternalServerException, ResourceNotFoundException, SSOAdminError
from ..moto_bridge import StackResourceFailure
from ..service import IDENTITYSTORE, SSO_ADMIN
from ..services.account import copy_body
from ..switches import current

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

#: a service as an AWS SDK names it in an error's message (the Java SDK's ``Service: ...``,
#: which CloudFormation's handlers quote)
_SDK_NAMES = {SSO_ADMIN: "SsoAdmin", IDENTITYSTORE: "Identitystore"}

#: how long a resource waits for asynchronous work kept in progress by time before the
#: engine settles it (`SSOAdminBackend.settle_all`); polls are `_POLL_SECONDS` apart
_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.005


# --- calling the API ------------------------------------------------------------------------


class Api:
    """The API of one service (sso-admin unless told) in one account and Region, as a
    stack's resource handler calls it."""

    def __init__(
        self, account_id: str, region: str, logical_id: str, service: str = SSO_ADMIN
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.logical_id = logical_id
        self.service = service

    def raw(self, operation: str, **params: Any) -> Body:
        """One operation, through the dispatcher (members given as None are left out)."""
        from ..responses import call

        request = {
            name: copy_body(value) for name, value in params.items() if value is not None
        }
        return call(operation, request, self.account_id, self.region, self.service)

    def __call__(self, operation: str, **params: Any) -> Body:
        """`raw`, with an API error turned into the resource's failure."""
        try:
            return self.raw(operation, **params)
        except SSOAdminError as error:
            raise self.refusal(error, operation) from error

    def refusal(self, error: SSOAdminError, operation: str) -> StackResourceFailure:
        """The resource's failure for the API's `error`."""
        return self.failure(
            error_message(error, operation, self.service),
            handler_code(error, operation, self.service),
        )

    def found(self, operation: str, **params: Any) -> Body | None:
        """`__call__`, or None when the operation answers that the resource does not exist."""
        try:
            return self.raw(operation, **params)
        except SSOAdminError as error:
            if isinstance(error, ResourceNotFoundException):
                return None
            raise self.refusal(error, operation) from error

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
                from ..backend import get_backend

                get_backend(self.account_id, self.region).settle_all()
                settled_all = True
            elif seconds:
                time.sleep(_POLL_SECONDS)

    def request_finished(
        self, describe: str, member: str, instance_arn: str, request: Mapping[str, str], what: str
    ) -> None:
        """Wait for an asynchronous request (`describe`, its Describe...Status operation, given
        `request`: its request id member); fail with the request's reason if it ends FAILED."""
        body = self.settled(
            lambda: self(describe, InstanceArn=instance_arn, **request),
            lambda body: str(body[member]["Status"]),
            "IN_PROGRESS",
        )
        final = body[member]
        if final["Status"] == "FAILED":
            raise self.failure(str(final.get("FailureReason") or f"{what} failed."))


def handler_code(error: SSOAdminError, operation: str, service: str = SSO_ADMIN) -> str:
    return _HANDLER_CODES.get(error.code_for(operation, service), "GeneralServiceException")


def error_message(error: SSOAdminError, operation: str, service: str = SSO_ADMIN) -> str:
    """The API error as CloudFormation quotes it (``... (Service: SsoAdmin, Status Code: 400,
    Request ID: ...)``)."""
    code = error.code_for(operation, service)
    status = 500 if code == InternalServerException.code else 400
    return (
        f"{error.message} (Service: {_SDK_NAMES[service]}, Status Code: {status}, "
        f"Request ID: {ids.request_id()})"
    )


def json_text(document: Any) -> str | None:
    """An inline policy as the API takes it: a template's object as JSON text."""
    if document is None or isinstance(document, str):
        return document
    return json.dumps(document)


def same_document(first: str | None, second: str | None) -> bool:
    def parsed(text: str | None) -> Any:
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return text

    return bool(parsed(first) == parsed(second))


def changed_members(old: Properties, new: Properties, names: tuple[str, ...]) -> dict[str, Any]:
    """Of `names`, those `new` gives with a value other than `old`'s."""
    return {name: new[name] for name in names if name in new and new.get(name) != old.get(name)}


def sync_tags(api: Api, arn: str, desired: list[dict[str, str]] | None, **scope: str) -> None:
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


@dataclass(frozen=True)
class Spec:
    """What one resource type does, as plain functions of the API and its properties."""

    type_name: str
    #: the properties a template may give (the schema's ``properties``, less read-only ones)
    properties: frozenset[str]
    #: those it must give (``required``)
    required: frozenset[str]
    #: the properties that make up ``Ref``, in order (the schema's ``primaryIdentifier``)
    identifier: tuple[str, ...]
    #: properties whose change replaces the resource (``createOnlyProperties``)
    create_only: frozenset[str]
    create: Callable[[Api, Properties], Identifiers]
    delete: Callable[[Api, Identifiers], None]
    update: Callable[[Api, Identifiers, Properties, Properties], None] | None = None
    #: ``Fn::GetAtt`` attributes (``readOnlyProperties``) -> how to read them
    attributes: Mapping[str, Callable[[Api, Identifiers], Any]] = field(default_factory=dict)
    #: the service whose API the handlers call
    service: str = SSO_ADMIN


def check_properties(spec: Spec, properties: Properties, logical_id: str) -> None:
    """What CloudFormation checks against the type's schema before the handler runs: no
    property the schema lacks, none of its required ones missing (its message: "Properties
    validation failed for resource X with message: #: required key [Name] not found")."""
    violations = [
        f"#: required key [{name}] not found" for name in sorted(spec.required - properties.keys())
    ]
    violations += [
        f"#: extraneous key [{name}] is not permitted"
        for name in sorted(properties.keys() - spec.properties)
    ]
    if violations:
        raise StackResourceFailure(
            f"Properties validation failed for resource {logical_id} with message:\n"
            + "\n".join(violations),
            logical_id,
        )


def from_identifiers(name: str) -> Callable[[Api, Identifiers], Any]:
    return lambda api, identifiers: identifiers[name]


def instance_exists(api: Api, identifiers: Mapping[str, str]) -> bool:
    try:
        api.raw("DescribeInstance", InstanceArn=identifiers["InstanceArn"])
    except SSOAdminError:
        return False
    return True
