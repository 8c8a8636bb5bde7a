"""Valid requests for every sso-admin operation: the model's shapes filled with real ids.

`World` makes, through the mock itself and only when a request needs them, the resources
whose ids requests carry (an organization account, an identity store user, a permission set,
an application, a trusted token issuer, ...), each with its optional members set so that
responses describing it carry their optional members too. `valid_request` fills an
operation's input shape from the model: a member the world knows by name gets the world's
value; structures are filled recursively (required members, plus the optional ones listed in
`OPTIONAL`); enums take their first value. `PREPARE` lists what must happen before an
operation can succeed (the assignment a DeleteAccountAssignment removes, the grant a
GetApplicationGrant reads), as operations to call first or world values to realize.

Used by the conformance, property, concurrency and isolation tests.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable
from typing import Any

from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import Shape

from ssoadmin_mock.service import operation_model

POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
OIDC = {
    "IssuerUrl": "https://issuer.example.com",
    "ClaimAttributePath": "email",
    "IdentityStoreAttributePath": "emails.value",
    "JwksRetrievalOption": "OPEN_ID_DISCOVERY",
}
AWS_MANAGED_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess"

#: values that do not depend on the state, by member name
CONSTANTS: dict[str, Any] = {
    "PrincipalType": "USER",
    "TargetType": "AWS_ACCOUNT",
    "ManagedPolicyArn": AWS_MANAGED_POLICY,
    "InlinePolicy": json.dumps(POLICY),
    "SessionDuration": "PT2H",
    "RelayState": "https://console.aws.amazon.com/",
    "Description": "made by the conformance tests",
    "RegionName": "us-west-2",
    "CustomerManagedPolicyReference": {"Name": "conformance-policy", "Path": "/"},
    "PermissionsBoundary": {"ManagedPolicyArn": AWS_MANAGED_POLICY},
    "InstanceAccessControlAttributeConfiguration": {
        "AccessControlAttributes": [
            {"Key": "Department", "Value": {"Source": ["${path:enterprise.department}"]}}
        ]
    },
    "Scope": "sso:account:access",
    "GrantType": "authorization_code",
    "Grant": {"AuthorizationCode": {"RedirectUris": ["https://app.example.com/callback"]}},
    "AuthenticationMethodType": "IAM",
    "AuthenticationMethod": {"Iam": {"ActorPolicy": POLICY}},
    "TrustedTokenIssuerType": "OIDC_JWT",
    "TrustedTokenIssuerConfiguration": {"OidcJwtConfiguration": OIDC},
    "AssignmentRequired": True,
    "UserBackgroundSessionApplicationStatus": "ENABLED",
    "Tags": [{"Key": "team", "Value": "conformance"}],
    "TagKeys": ["team"],
    "PortalOptions": {"Visibility": "ENABLED"},
    "Status": "ENABLED",
    # request ids nothing handed out yet (a harvested one takes precedence: `World.values`)
    "AccountAssignmentCreationRequestId": "00000000-0000-4000-8000-000000000000",
    "AccountAssignmentDeletionRequestId": "00000000-0000-4000-8000-000000000000",
    "ProvisionPermissionSetRequestId": "00000000-0000-4000-8000-000000000000",
}

#: optional members worth sending (so the response shows what they set)
OPTIONAL: dict[str, tuple[str, ...]] = {
    "CreatePermissionSet": ("Description", "SessionDuration", "RelayState", "Tags"),
    "UpdatePermissionSet": ("Description", "SessionDuration", "RelayState"),
    "CreateApplication": ("Description", "PortalOptions", "Tags", "Status"),
    "CreateInstance": ("Name", "Tags"),
    "CreateTrustedTokenIssuer": ("Tags",),
    "ProvisionPermissionSet": ("TargetId",),
    "PutApplicationAccessScope": ("AuthorizedTargets",),
    "UpdateInstance": ("Name",),
    "UpdateApplication": ("Description",),
    "ListTagsForResource": ("InstanceArn",),
}

#: what must happen first: operations to call, or world values to realize (by member name)
PREPARE: dict[str, tuple[str, ...]] = {
    "CreateInstance": ("DeleteInstance",),
    "DeleteAccountAssignment": ("CreateAccountAssignment",),
    "DescribeAccountAssignmentCreationStatus": ("CreateAccountAssignment",),
    "DescribeAccountAssignmentDeletionStatus": (
        "CreateAccountAssignment",
        "DeleteAccountAssignment",
    ),
    "ListAccountAssignments": ("CreateAccountAssignment",),
    "ListAccountAssignmentsForPrincipal": ("CreateAccountAssignment",),
    "ListAccountAssignmentCreationStatus": ("CreateAccountAssignment",),
    "ListAccountAssignmentDeletionStatus": ("CreateAccountAssignment", "DeleteAccountAssignment"),
    "ListAccountsForProvisionedPermissionSet": ("CreateAccountAssignment",),
    "ListPermissionSetsProvisionedToAccount": ("CreateAccountAssignment",),
    "ProvisionPermissionSet": ("CreateAccountAssignment",),
    "DescribePermissionSetProvisioningStatus": (
        "CreateAccountAssignment",
        "ProvisionPermissionSet",
    ),
    "ListPermissionSetProvisioningStatus": ("CreateAccountAssignment", "ProvisionPermissionSet"),
    "ListPermissionSets": ("PermissionSetArn",),
    "DetachManagedPolicyFromPermissionSet": ("AttachManagedPolicyToPermissionSet",),
    "ListManagedPoliciesInPermissionSet": ("AttachManagedPolicyToPermissionSet",),
    "DetachCustomerManagedPolicyReferenceFromPermissionSet": (
        "AttachCustomerManagedPolicyReferenceToPermissionSet",
    ),
    "ListCustomerManagedPolicyReferencesInPermissionSet": (
        "AttachCustomerManagedPolicyReferenceToPermissionSet",
    ),
    "GetInlinePolicyForPermissionSet": ("PutInlinePolicyToPermissionSet",),
    "DeleteInlinePolicyFromPermissionSet": ("PutInlinePolicyToPermissionSet",),
    "GetPermissionsBoundaryForPermissionSet": ("PutPermissionsBoundaryToPermissionSet",),
    "DeletePermissionsBoundaryFromPermissionSet": ("PutPermissionsBoundaryToPermissionSet",),
    "DescribeInstanceAccessControlAttributeConfiguration": (
        "CreateInstanceAccessControlAttributeConfiguration",
    ),
    "UpdateInstanceAccessControlAttributeConfiguration": (
        "CreateInstanceAccessControlAttributeConfiguration",
    ),
    "DeleteInstanceAccessControlAttributeConfiguration": (
        "CreateInstanceAccessControlAttributeConfiguration",
    ),
    "ListApplications": ("ApplicationArn",),
    "GetApplicationAccessScope": ("PutApplicationAccessScope",),
    "DeleteApplicationAccessScope": ("PutApplicationAccessScope",),
    "ListApplicationAccessScopes": ("PutApplicationAccessScope",),
    "DescribeApplicationAssignment": ("CreateApplicationAssignment",),
    "DeleteApplicationAssignment": ("CreateApplicationAssignment",),
    "ListApplicationAssignments": ("CreateApplicationAssignment",),
    "ListApplicationAssignmentsForPrincipal": ("CreateApplicationAssignment",),
    "GetApplicationAuthenticationMethod": ("PutApplicationAuthenticationMethod",),
    "DeleteApplicationAuthenticationMethod": ("PutApplicationAuthenticationMethod",),
    "ListApplicationAuthenticationMethods": ("PutApplicationAuthenticationMethod",),
    "GetApplicationGrant": ("PutApplicationGrant",),
    "DeleteApplicationGrant": ("PutApplicationGrant",),
    "ListApplicationGrants": ("PutApplicationGrant",),
    "GetApplicationAssignmentConfiguration": ("PutApplicationAssignmentConfiguration",),
    "GetApplicationSessionConfiguration": ("PutApplicationSessionConfiguration",),
    "ListTrustedTokenIssuers": ("TrustedTokenIssuerArn",),
    "AddRegion": ("EncryptionConfiguration",),
    "DescribeRegion": ("EncryptionConfiguration", "AddRegion"),
    "RemoveRegion": ("EncryptionConfiguration", "AddRegion"),
    "ListRegions": ("EncryptionConfiguration", "AddRegion"),
    "UntagResource": ("TagResource",),
}

#: ids a response hands out that later requests name: operation -> (member, path in body)
HARVEST: dict[str, tuple[str, tuple[str, ...]]] = {
    "CreateAccountAssignment": (
        "AccountAssignmentCreationRequestId",
        ("AccountAssignmentCreationStatus", "RequestId"),
    ),
    "DeleteAccountAssignment": (
        "AccountAssignmentDeletionRequestId",
        ("AccountAssignmentDeletionStatus", "RequestId"),
    ),
    "ProvisionPermissionSet": (
        "ProvisionPermissionSetRequestId",
        ("PermissionSetProvisioningStatus", "RequestId"),
    ),
}

_names = itertools.count(1)


def unique_name(prefix: str = "conf") -> str:
    """A name no other resource of the run has (names are unique per instance)."""
    return f"{prefix}{next(_names)}"


class World:
    """Real ids for requests, made through the mock on first use (`value(member)`)."""

    def __init__(self, clients: Callable[[str], Any]) -> None:
        self.client = clients
        self.sso = clients("sso-admin")
        self.values: dict[str, Any] = {}
        self._makers: dict[str, Callable[[], Any]] = {
            "InstanceArn": lambda: self._instance()["InstanceArn"],
            "IdentityStoreId": lambda: self._instance()["IdentityStoreId"],
            "TargetId": self._member_account,
            "AccountId": lambda: self.value("TargetId"),
            "PrincipalId": self._user,
            "PermissionSetArn": self._permission_set,
            "ResourceArn": lambda: self.value("PermissionSetArn"),
            "ApplicationProviderArn": self._application_provider,
            "ApplicationArn": self._application,
            "TrustedTokenIssuerArn": self._trusted_token_issuer,
            "AuthorizedTargets": lambda: [self.value("ApplicationArn")],
            "KmsKeyArn": self._multi_region_key,
            "EncryptionConfiguration": self._encrypt_instance,
        }

    def knows(self, member: str) -> bool:
        return member in self.values or member in self._makers or member in CONSTANTS

    def value(self, member: str) -> Any:
        """The world's value for a request member of this name (made if needed)."""
        if member not in self.values:
            if member in self._makers:
                self.values[member] = self._makers[member]()
            else:
                return CONSTANTS[member]
        return self.values[member]

    def _instance(self) -> dict[str, Any]:
        instance: dict[str, Any] = self.sso.list_instances()["Instances"][0]
        return instance

    def _member_account(self) -> str:
        org = self.client("organizations")
        org.create_organization(FeatureSet="ALL")
        created = org.create_account(Email="member@example.com", AccountName="member")
        return str(created["CreateAccountStatus"]["AccountId"])

    def _user(self) -> str:
        users = self.client("identitystore")
        made = users.create_user(
            IdentityStoreId=self.value("IdentityStoreId"),
            UserName=unique_name("user"),
            DisplayName="Conformance User",
            Name={"GivenName": "Conformance", "FamilyName": "User"},
        )
        return str(made["UserId"])

    def _permission_set(self) -> str:
        made = self.sso.create_permission_set(**valid_request("CreatePermissionSet", self))
        return str(made["PermissionSet"]["PermissionSetArn"])

    def _multi_region_key(self) -> str:
        """A multi-Region key ARN as AWS forms it (moto's KMS makes ``mrk-<uuid>`` ids, which
        break the model's ``mrk-[a-f0-9]{32}``)."""
        instance = self._instance()
        return f"arn:aws:kms:us-east-1:{instance['OwnerAccountId']}:key/mrk-{uuid.uuid4().hex}"

    def _encrypt_instance(self) -> dict[str, str]:
        """Encrypt the instance with a multi-Region key (what AddRegion requires)."""
        configuration = {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": self.value("KmsKeyArn")}
        self.sso.update_instance(
            InstanceArn=self.value("InstanceArn"), EncryptionConfiguration=configuration
        )
        return configuration

    def _application_provider(self) -> str:
        """The custom OAuth 2.0 provider (``…:applicationProvider/custom``): the one
        CreateApplication accepts."""
        providers = self.sso.list_application_providers()["ApplicationProviders"]
        arns = [str(p["ApplicationProviderArn"]) for p in providers]
        return next(arn for arn in arns if arn.endswith("/custom"))

    def _application(self) -> str:
        made = self.sso.create_application(**valid_request("CreateApplication", self))
        return str(made["ApplicationArn"])

    def _trusted_token_issuer(self) -> str:
        made = self.sso.create_trusted_token_issuer(
            **valid_request("CreateTrustedTokenIssuer", self)
        )
        return str(made["TrustedTokenIssuerArn"])

    # --- calls --------------------------------------------------------------------------

    def call(self, operation: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call `operation` (with a valid request unless `params`) and keep the ids it gives."""
        if params is None:
            params = valid_request(operation, self)
        result: dict[str, Any] = getattr(self.sso, xform_name(operation))(**params)
        harvest = HARVEST.get(operation)
        if harvest is not None:
            member, path = harvest
            found: Any = result
            for key in path:
                found = found[key]
            self.values[member] = found
        return result

    def prepare(self, operation: str) -> None:
        """Make the state `operation` needs to succeed."""
        for step in PREPARE.get(operation, ()):
            if step in self._makers:
                self.value(step)
            else:
                self.call(step)


def valid_request(operation: str, world: World) -> dict[str, Any]:
    """A request for `operation` that is valid in form and names the world's resources."""
    shape = operation_model(operation).input_shape
    if shape is None:
        return {}
    wanted = OPTIONAL.get(operation, ())
    request: dict[str, Any] = {}
    for name, member in shape.members.items():
        if name in shape.required_members or name in wanted:
            request[name] = _value(operation, name, member, world)
    return request


def _value(operation: str, name: str, shape: Shape, world: World) -> Any:
    if name == "Name":
        return unique_name()
    if world.knows(name):
        return world.value(name)
    return model_value(shape, f"{operation}.{name}", world)


def model_value(shape: Shape, where: str, world: World) -> Any:
    """A valid value for `shape` where the model alone decides it."""
    kind = shape.type_name
    if kind == "structure":
        names = list(shape.required_members)
        if shape.metadata.get("union"):
            names = names or list(shape.members)[:1]
        return {n: _value(where, n, shape.members[n], world) for n in names}
    if kind == "list":
        count = max(1, shape.metadata.get("min", 1))
        return [model_value(shape.member, f"{where}[]", world) for _ in range(count)]
    if kind == "string" and "enum" in shape.metadata:
        return shape.metadata["enum"][0]
    if kind == "boolean":
        return True
    if kind in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    raise KeyError(f"no valid value known for {where} ({shape.name}): add one to CONSTANTS")


# --- sending raw bodies and reading the whole state -------------------------------------------


class Answer:
    """What the mock answered one raw request: HTTP status, error code (if any), raw body."""

    def __init__(self, status: int, code: str | None, body: bytes) -> None:
        self.status = status
        self.code = code
        self.body = body

    def __repr__(self) -> str:
        return f"Answer({self.status}, {self.code}, {self.body[:300]!r})"


#: botocore's own checks off (the body is swapped after them anyway) and no retries
RAW = Config(parameter_validation=False, retries={"total_max_attempts": 1})


class RawSender:
    """Sends any JSON body as an operation's request, through a real boto3 client.

    botocore serializes the (empty) call as usual and a ``before-call`` hook swaps in the
    body, so a request can carry what no SDK would send (wrong types, nulls, broken unions).
    """

    def __init__(
        self, clients: Callable[..., Any], region: str = "us-east-1", service: str = "sso-admin"
    ) -> None:
        sso = clients(service, region, config=RAW)
        self.client = sso
        self._body = b"{}"
        self._raw = b""
        sso.meta.events.register(f"before-call.{service}.*", self._swap_body)
        sso.meta.events.register(f"after-call.{service}.*", self._keep_body)

    def _swap_body(self, params: dict[str, Any], **kwargs: Any) -> None:
        params["body"] = self._body

    def _keep_body(self, http_response: Any, **kwargs: Any) -> None:
        self._raw = http_response.content

    def send(self, operation: str, body: Any) -> Answer:
        self._body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self._raw = b""
        try:
            result = getattr(self.client, xform_name(operation))()
        except ClientError as error:
            meta = error.response.get("ResponseMetadata", {})
            code = error.response.get("Error", {}).get("Code")
            return Answer(int(meta.get("HTTPStatusCode", 0)), code, self._raw)
        return Answer(int(result["ResponseMetadata"]["HTTPStatusCode"]), None, self._raw)


def whole_state() -> dict[str, Any]:
    """Everything a request could change: every sso-admin backend (all accounts and regions,
    `BackendBase.snapshot`) and the IAM roles (and their policies) of every account.

    A backend is made on an account's first request (with the account's default instance),
    so tests touch the account before taking the state.
    """
    from moto.iam.models import iam_backends

    from ssoadmin_mock.backend import ssoadmin_backends

    state: dict[str, Any] = {}
    for account, regions in dict.items(ssoadmin_backends):
        for region, backend in dict.items(regions):
            state[f"sso-admin {account} {region}"] = backend.snapshot()
    for account, partitions in dict.items(iam_backends):
        for partition, iam in dict.items(partitions):
            if not iam.roles:
                continue  # moto makes IAM backends on first look (every request looks)
            state[f"iam {account} {partition}"] = {
                role.name: (
                    role.path,
                    role.assume_role_policy_document,
                    sorted(role.managed_policies),
                    dict(role.policies),
                    getattr(role, "permissions_boundary", None),
                )
                for role in iam.roles.values()
            }
    return state
