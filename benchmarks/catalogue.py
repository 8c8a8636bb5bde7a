"""What each operation is benchmarked on: one table, operation -> how to make its requests.

A `World` is an organization of realistic size, made through boto3 under the mock being
measured (ssoadmin-mock or moto's own): an instance, permission sets with policies, member
accounts, identity-store users in groups and their account assignments (groups to sets in
accounts, users directly), applications, a trusted token issuer. Each `Case` says how its
operation is called on it, so that every call is one a user makes:

- Creates make new resources (new principals, names, accounts: `Case.request` is given the
  call's index), Deletes remove resources made for them beforehand (`Case.prepare`, not
  timed), and Lists and Describes read the world as it is;
- operations with a quota (one instance per account, ten trusted token issuers, six
  Regions) run in batches of at most `Case.most` calls, what they made removed between
  batches (`Case.cleanup`, not timed).

`CATALOGUES` maps a service (its botocore model name) to its table: sso-admin's, the
identity store's (measured once the package serves it; until then moto does), the access
portal's (sso) and OIDC's (sso-oidc), on the sign-in of one user of the world (`signed_in`).
`cases_for` fails loudly when an operation of the installed model has no case, so a new
operation cannot go unmeasured; a service the package starts to serve adds its table here
(and what it needs to the `World`), or `run.py` lists it as not measured.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import botocore.session
from botocore import xform_name

REGION = "us-east-1"
#: a second account, for the operations that need an account of their own (CreateInstance)
OTHER_ACCOUNT = "210987654321"
#: what names the lines whose call has moto make an IAM role, or an STS session (`run.py`
#: shows them beside the same work through moto's own API, not against the target)
MAKES_ROLE = "makes the IAM role"
MAKES_SESSION = "an STS session"

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
)
MANAGED = (
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
)
OIDC = {
    "IssuerUrl": "https://issuer.example.com",
    "ClaimAttributePath": "email",
    "IdentityStoreAttributePath": "emails.value",
    "JwksRetrievalOption": "OPEN_ID_DISCOVERY",
}
ACA = {
    "AccessControlAttributes": [
        {"Key": "Department", "Value": {"Source": ["${path:enterprise.department}"]}}
    ]
}
GRANT = {"AuthorizationCode": {"RedirectUris": ["https://app.example.com/callback"]}}
#: Regions an instance can be replicated to (primary us-east-1); the first stays added
REPLICA_REGIONS = ("us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1")


@dataclass(frozen=True)
class Sizes:
    """How big the world is (the realistic one: `FULL`)."""

    permission_sets: int
    accounts: int
    users: int
    groups: int
    applications: int


FULL = Sizes(permission_sets=50, accounts=200, users=1000, groups=50, applications=10)
QUICK = Sizes(permission_sets=5, accounts=10, users=20, groups=5, applications=3)


class World:
    """An organization of `sizes`, made through the clients of the mock in force.

    `tolerant` (moto's own mock): a part of the world the mock cannot make is left out
    instead of failing, and the cases that need it fail on their own.
    """

    def __init__(self, session: Any, sizes: Sizes, *, tolerant: bool = False) -> None:
        self.sizes = sizes
        self.tolerant = tolerant
        self.sso = session.client("sso-admin", region_name=REGION)
        self.identitystore = session.client("identitystore", region_name=REGION)
        self.organizations = session.client("organizations", region_name=REGION)
        self.iam = session.client("iam", region_name=REGION)
        self.sts = session.client("sts", region_name=REGION)
        #: the access portal's and OIDC's clients (unsigned: their calls carry a token)
        self.portal = session.client("sso", region_name=REGION)
        self.oidc = session.client("sso-oidc", region_name=REGION)
        self.other = session.client("sso-admin", region_name=REGION)
        in_account(self.other, OTHER_ACCOUNT)
        self._names = itertools.count()
        instance = self.sso.list_instances()["Instances"][0]
        self.instance_arn: str = instance["InstanceArn"]
        self.store_id: str = instance.get("IdentityStoreId", "d-0000000000")
        self.accounts: list[str] = []
        self.sets: list[str] = []
        self.users: list[str] = []
        self.groups: list[str] = []
        self.group_of: dict[str, str] = {}
        #: user id -> its user name; membership ids, one per user
        self.user_names: dict[str, str] = {}
        self.memberships: list[str] = []
        #: (account, permission set) pairs with a role: where a new assignment provisions nothing
        self.provisioned: list[tuple[str, str]] = []
        self.creation_ids: list[str] = []
        #: request ids of deletions and provisionings (made by the cases that read them)
        self.deletion_ids: list[str] = []
        self.provisioning_ids: list[str] = []
        self.apps: list[str] = []
        self.provider = ""
        self.issuer = ""
        self._work_sets: list[str] = []
        self._work_apps: list[str] = []
        self._unprovisioned: Iterator[tuple[str, str]] = iter(())
        #: the portal user's sign-in, made by the first sso or sso-oidc case (`signed_in`)
        self.signin: SignIn | None = None
        self._build()

    # --- building ----------------------------------------------------------------------------

    def _part(self, build: Callable[[], None]) -> None:
        try:
            build()
        except Exception:
            if not self.tolerant:
                raise

    def _build(self) -> None:
        self._part(self._organization)
        if not self.accounts:
            self.accounts = [f"{100000000000 + n:012d}" for n in range(self.sizes.accounts)]
        self._part(self._permission_sets)
        self._part(self._people)
        self._part(self._assignments)
        if self.sizes.applications:  # and a trusted token issuer: not in a bootstrap
            self._part(self._applications)
            self._part(self._issuer)
        taken = set(self.provisioned)
        self._unprovisioned = (
            (account, ps)
            for ps in self.sets
            for account in self.accounts
            if (account, ps) not in taken
        )

    def _organization(self) -> None:
        self.organizations.create_organization(FeatureSet="ALL")
        for n in range(self.sizes.accounts):
            made = self.organizations.create_account(
                Email=f"account{n}@example.com", AccountName=f"account{n}"
            )
            self.accounts.append(made["CreateAccountStatus"]["AccountId"])

    def _permission_sets(self) -> None:
        for n in range(self.sizes.permission_sets):
            arn = self.sso.create_permission_set(
                InstanceArn=self.instance_arn,
                Name=f"Team{n}",
                Description=f"team {n}",
                SessionDuration="PT4H",
                Tags=[{"Key": "team", "Value": str(n)}],
            )["PermissionSet"]["PermissionSetArn"]
            self.sets.append(arn)
            self._part(functools.partial(self._policies, arn, n))

    def _policies(self, arn: str, n: int) -> None:
        where = {"InstanceArn": self.instance_arn, "PermissionSetArn": arn}
        self.sso.attach_managed_policy_to_permission_set(
            **where, ManagedPolicyArn=MANAGED[n % len(MANAGED)]
        )
        self.sso.put_inline_policy_to_permission_set(**where, InlinePolicy=POLICY)

    def _people(self) -> None:
        for n in range(self.sizes.groups):
            self.groups.append(
                self.identitystore.create_group(IdentityStoreId=self.store_id, DisplayName=f"g{n}")[
                    "GroupId"
                ]
            )
        for n in range(self.sizes.users):
            user = self.new_user()
            self.users.append(user)
            group = self.groups[n % len(self.groups)]
            membership = self.identitystore.create_group_membership(
                IdentityStoreId=self.store_id, GroupId=group, MemberId={"UserId": user}
            )
            self.memberships.append(membership["MembershipId"])
            self.group_of[user] = group

    def _assignments(self) -> None:
        """Each group its team's set in a few accounts; each user one set of its own."""
        sets, accounts = self.sets, self.accounts
        per_group = max(1, len(accounts) // len(self.groups))
        pairs: dict[tuple[str, str], None] = {}
        for g, group in enumerate(self.groups):
            for k in range(per_group):
                pair = (accounts[(g * per_group + k) % len(accounts)], sets[g % len(sets)])
                self.creation_ids.append(self.assign(pair, "GROUP", group))
                pairs[pair] = None
        for u, user in enumerate(self.users):
            pair = (accounts[u % len(accounts)], sets[u % len(sets)])
            self.creation_ids.append(self.assign(pair, "USER", user))
            pairs[pair] = None
        self.provisioned = list(pairs)

    def _applications(self) -> None:
        providers = self.sso.list_application_providers()["ApplicationProviders"]
        self.provider = next(
            p["ApplicationProviderArn"]
            for p in providers
            if p["ApplicationProviderArn"].endswith("/custom")
        )
        for n in range(self.sizes.applications):
            app = self.new_app("App")
            self.apps.append(app)
            self.sso.put_application_access_scope(ApplicationArn=app, Scope="sso:account:access")
            self.sso.put_application_grant(
                ApplicationArn=app, GrantType="authorization_code", Grant=GRANT
            )
            self.sso.put_application_authentication_method(
                ApplicationArn=app,
                AuthenticationMethodType="IAM",
                AuthenticationMethod={"Iam": {"ActorPolicy": json.loads(POLICY)}},
            )
            self.sso.put_application_assignment_configuration(
                ApplicationArn=app, AssignmentRequired=True
            )
            self.sso.put_application_session_configuration(
                ApplicationArn=app, UserBackgroundSessionApplicationStatus="ENABLED"
            )
            for user in self.users[n :: max(1, len(self.apps) or 1)][:20]:
                self.sso.create_application_assignment(
                    ApplicationArn=app, PrincipalId=user, PrincipalType="USER"
                )

    def _issuer(self) -> None:
        self.issuer = self.new_issuer()

    # --- making one more of something ------------------------------------------------------

    def name(self, prefix: str) -> str:
        return f"{prefix}{next(self._names)}"

    def new_user(self) -> str:
        name = self.name("user")
        made = self.identitystore.create_user(
            IdentityStoreId=self.store_id,
            UserName=name,
            DisplayName=name,
            Name={"GivenName": name, "FamilyName": "Bench"},
            Emails=[{"Value": f"{name}@example.com", "Type": "work", "Primary": True}],
        )
        self.user_names[made["UserId"]] = name
        return str(made["UserId"])

    def new_set(self, prefix: str = "Work") -> str:
        return str(
            self.sso.create_permission_set(InstanceArn=self.instance_arn, Name=self.name(prefix))[
                "PermissionSet"
            ]["PermissionSetArn"]
        )

    def new_app(self, prefix: str = "Work") -> str:
        return str(
            self.sso.create_application(
                InstanceArn=self.instance_arn,
                ApplicationProviderArn=self.provider,
                Name=self.name(prefix),
                Description="benchmark",
            )["ApplicationArn"]
        )

    def new_issuer(self) -> str:
        return str(
            self.sso.create_trusted_token_issuer(
                InstanceArn=self.instance_arn,
                Name=self.name("issuer"),
                TrustedTokenIssuerType="OIDC_JWT",
                TrustedTokenIssuerConfiguration={"OidcJwtConfiguration": OIDC},
            )["TrustedTokenIssuerArn"]
        )

    def assign(self, pair: tuple[str, str], principal_type: str, principal: str) -> str:
        status = self.sso.create_account_assignment(
            **self.assignment(pair, principal_type, principal)
        )
        return str(status["AccountAssignmentCreationStatus"]["RequestId"])

    def assignment(
        self, pair: tuple[str, str], principal_type: str, principal: str
    ) -> dict[str, Any]:
        return {
            "InstanceArn": self.instance_arn,
            "TargetId": pair[0],
            "TargetType": "AWS_ACCOUNT",
            "PermissionSetArn": pair[1],
            "PrincipalType": principal_type,
            "PrincipalId": principal,
        }

    def unprovisioned(self) -> tuple[str, str]:
        """An (account, set) pair with no assignment yet: its first one makes the role."""
        return next(self._unprovisioned)

    def work_set(self, index: int) -> str:
        """The `index`-th permission set of nobody's (for operations that change a set)."""
        while len(self._work_sets) <= index:
            self._work_sets.append(self.new_set())
        return self._work_sets[index]

    def work_app(self, index: int) -> str:
        """The `index`-th application of nobody's (for operations that change one)."""
        while len(self._work_apps) <= index:
            self._work_apps.append(self.new_app())
        return self._work_apps[index]

    # --- reading the world -------------------------------------------------------------------

    def of(self, items: list[Any], index: int) -> Any:
        return items[index % len(items)]

    @property
    def instance(self) -> dict[str, str]:
        return {"InstanceArn": self.instance_arn}

    def on_set(self, arn: str) -> dict[str, str]:
        return {"InstanceArn": self.instance_arn, "PermissionSetArn": arn}


def in_account(client: Any, account_id: str) -> None:
    """Send the client's requests as `account_id` (moto's ``x-moto-account-id`` header)."""

    def header(request: Any, **kwargs: Any) -> None:
        request.headers["x-moto-account-id"] = account_id

    client.meta.events.register("before-sign.*.*", header)


def quietly(call: Callable[[], Any]) -> None:
    """Make sure of a state (a conflict means it holds already)."""
    try:
        call()
    except Exception as error:
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        if code not in ("ConflictException", "ValidationException", "ResourceNotFoundException"):
            raise


# --- the table ---------------------------------------------------------------------------------

Request = Callable[[World, int, Any], dict[str, Any]]
Step = Callable[[World, int, Any], Any]


def _nothing(world: World, index: int, made: Any) -> None:
    return None


@dataclass(frozen=True)
class Case:
    """How one operation is benchmarked: its `index`-th request, what must exist before it
    (`prepare` returns what the request names), what to take away after a batch."""

    operation: str
    request: Request
    #: index -> what the request needs made first (not timed); its result goes to `request`
    prepare: Step = _nothing
    #: after a batch (not timed), given its indices: take away what a quota would not allow
    cleanup: Callable[[World, range], Any] = field(default=lambda world, indices: None)
    #: once, before the first call (not timed)
    setup: Callable[[World], None] = field(default=lambda world: None)
    #: at most this many calls per batch (a quota); None: any
    most: int | None = None
    #: the `World` client the calls go through: "sso", "other" (sso-admin, as a second
    #: account), or another service's ("identitystore", "portal": sso, "oidc": sso-oidc)
    client: str = "sso"
    #: what the line says beside the operation's name
    variant: str = ""

    @property
    def label(self) -> str:
        return f"{self.operation} ({self.variant})" if self.variant else self.operation

    @property
    def method(self) -> str:
        return str(xform_name(self.operation))


def _req(build: Callable[[World, int], dict[str, Any]]) -> Request:
    return lambda world, index, made: build(world, index)


def _made(build: Callable[[Any], dict[str, Any]]) -> Request:
    return lambda world, index, made: build(made)


def _drop_instance(world: World, client: Any) -> None:
    """Delete the account's instance, if it has one (the other account's default)."""
    for instance in client.list_instances()["Instances"]:
        client.delete_instance(InstanceArn=instance["InstanceArn"])


def _other_instance(world: World, index: int, made: Any) -> str:
    return str(world.other.create_instance(Name=world.name("inst"))["InstanceArn"])


def _ensure_region(world: World) -> None:
    _encrypt(world)
    quietly(lambda: world.sso.add_region(**world.instance, RegionName=REPLICA_REGIONS[0]))


def _encrypt(world: World) -> None:
    """A multi-Region customer managed key on the instance (what AddRegion requires)."""
    account = world.sso.describe_instance(**world.instance)["OwnerAccountId"]
    key = f"arn:aws:kms:us-east-1:{account}:key/mrk-{'0' * 32}"
    quietly(
        lambda: world.sso.update_instance(
            **world.instance,
            EncryptionConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key},
        )
    )


def _ensure_aca(world: World) -> None:
    quietly(
        lambda: world.sso.create_instance_access_control_attribute_configuration(
            **world.instance, InstanceAccessControlAttributeConfiguration=ACA
        )
    )


def _drop_aca(world: World, indices: Any = None) -> None:
    world.sso.delete_instance_access_control_attribute_configuration(**world.instance)


def _add_aca(world: World, index: int = 0, made: Any = None) -> None:
    _ensure_aca(world)


def _drop_issuers(world: World) -> None:
    """Every trusted token issuer but the world's own."""
    for issuer in world.sso.list_trusted_token_issuers(**world.instance)["TrustedTokenIssuers"]:
        if issuer["TrustedTokenIssuerArn"] != world.issuer:
            world.sso.delete_trusted_token_issuer(
                TrustedTokenIssuerArn=issuer["TrustedTokenIssuerArn"]
            )


def _user_assignment(world: World, index: int, made: Any) -> dict[str, Any]:
    return world.assignment(world.of(world.provisioned, index), "USER", made)


def _new_user(world: World, index: int, made: Any) -> str:
    return world.new_user()


def _fresh_pair(world: World, index: int, made: Any) -> tuple[str, str]:
    return world.unprovisioned()


def _assigned_new_user(world: World, index: int, made: Any) -> dict[str, Any]:
    request = world.assignment(world.of(world.provisioned, index), "USER", world.new_user())
    world.sso.create_account_assignment(**request)
    return request


def _assigned_fresh_pair(world: World, index: int, made: Any) -> dict[str, Any]:
    request = world.assignment(world.unprovisioned(), "USER", world.of(world.users, index))
    world.sso.create_account_assignment(**request)
    return request


def _deletion_ids(world: World) -> None:
    if world.deletion_ids:
        return
    ids = []
    for index in range(5):
        request = _assigned_new_user(world, index, None)
        ids.append(
            world.sso.delete_account_assignment(**request)["AccountAssignmentDeletionStatus"][
                "RequestId"
            ]
        )
    world.deletion_ids = ids


def _provisioning_ids(world: World) -> None:
    if world.provisioning_ids:
        return
    ids = []
    for index in range(5):
        account, ps = world.of(world.provisioned, index)
        ids.append(
            world.sso.provision_permission_set(
                **world.on_set(ps), TargetType="AWS_ACCOUNT", TargetId=account
            )["PermissionSetProvisioningStatus"]["RequestId"]
        )
    world.provisioning_ids = ids


def _tagged(world: World, index: int, made: Any) -> str:
    arn = world.work_set(index)
    world.sso.tag_resource(
        **world.instance, ResourceArn=arn, Tags=[{"Key": "doomed", "Value": "1"}]
    )
    return arn


def _with(call: Callable[[World, str], Any], pick: Callable[[World, int], str]) -> Step:
    """prepare: make a state on the picked resource (quietly: it may hold already)."""

    def step(world: World, index: int, made: Any) -> str:
        resource = pick(world, index)
        quietly(lambda: call(world, resource))
        return resource

    return step


def _work_set(world: World, index: int) -> str:
    return world.work_set(index)


def _work_app(world: World, index: int) -> str:
    return world.work_app(index)


def _attach_managed(world: World, arn: str) -> Any:
    return world.sso.attach_managed_policy_to_permission_set(
        **world.on_set(arn), ManagedPolicyArn=MANAGED[0]
    )


def _attach_customer(world: World, arn: str) -> Any:
    return world.sso.attach_customer_managed_policy_reference_to_permission_set(
        **world.on_set(arn), CustomerManagedPolicyReference={"Name": "bench-policy", "Path": "/"}
    )


def _put_inline(world: World, arn: str) -> Any:
    return world.sso.put_inline_policy_to_permission_set(**world.on_set(arn), InlinePolicy=POLICY)


def _put_boundary(world: World, arn: str) -> Any:
    return world.sso.put_permissions_boundary_to_permission_set(
        **world.on_set(arn), PermissionsBoundary={"ManagedPolicyArn": MANAGED[0]}
    )


def _put_scope(world: World, app: str) -> Any:
    return world.sso.put_application_access_scope(ApplicationArn=app, Scope="sso:account:access")


def _put_grant(world: World, app: str) -> Any:
    return world.sso.put_application_grant(
        ApplicationArn=app, GrantType="authorization_code", Grant=GRANT
    )


def _put_authentication(world: World, app: str) -> Any:
    return world.sso.put_application_authentication_method(
        ApplicationArn=app,
        AuthenticationMethodType="IAM",
        AuthenticationMethod={"Iam": {"ActorPolicy": json.loads(POLICY)}},
    )


def _app_assigned(world: World, index: int, made: Any) -> dict[str, Any]:
    request = {
        "ApplicationArn": world.work_app(0),
        "PrincipalId": world.new_user(),
        "PrincipalType": "USER",
    }
    world.sso.create_application_assignment(**request)
    return request


def _set(world: World, index: int) -> dict[str, str]:
    return world.on_set(world.of(world.sets, index))


def _app(world: World, index: int) -> dict[str, str]:
    return {"ApplicationArn": world.of(world.apps, index)}


SSO_ADMIN: tuple[Case, ...] = (
    # --- instances -------------------------------------------------------------------------
    Case(
        "CreateInstance",
        _req(lambda w, i: {"Name": w.name("inst")}),
        cleanup=lambda w, indices: _drop_instance(w, w.other),
        setup=lambda w: _drop_instance(w, w.other),
        most=1,
        client="other",
        variant="an account instance, in an account of its own",
    ),
    Case(
        "DeleteInstance",
        _made(lambda arn: {"InstanceArn": arn}),
        prepare=_other_instance,
        setup=lambda w: _drop_instance(w, w.other),
        most=1,
        client="other",
        variant="an account instance, in an account of its own",
    ),
    Case("DescribeInstance", _req(lambda w, i: w.instance)),
    Case("ListInstances", _req(lambda w, i: {})),
    Case("UpdateInstance", _req(lambda w, i: {**w.instance, "Name": w.name("org")})),
    # --- access control attributes -----------------------------------------------------------
    Case(
        "CreateInstanceAccessControlAttributeConfiguration",
        _req(lambda w, i: {**w.instance, "InstanceAccessControlAttributeConfiguration": ACA}),
        setup=lambda w: quietly(lambda: _drop_aca(w)),
        cleanup=_drop_aca,
        most=1,
    ),
    Case(
        "DeleteInstanceAccessControlAttributeConfiguration",
        _req(lambda w, i: w.instance),
        prepare=_add_aca,
        most=1,
    ),
    Case(
        "DescribeInstanceAccessControlAttributeConfiguration",
        _req(lambda w, i: w.instance),
        setup=_ensure_aca,
    ),
    Case(
        "UpdateInstanceAccessControlAttributeConfiguration",
        _req(lambda w, i: {**w.instance, "InstanceAccessControlAttributeConfiguration": ACA}),
        setup=_ensure_aca,
    ),
    # --- Regions -------------------------------------------------------------------------------
    Case(
        "AddRegion",
        _req(lambda w, i: {**w.instance, "RegionName": REPLICA_REGIONS[1 + i % 4]}),
        setup=_ensure_region,
        cleanup=lambda w, indices: [
            w.sso.remove_region(**w.instance, RegionName=REPLICA_REGIONS[1 + i % 4])
            for i in indices
        ],
        most=4,
    ),
    Case(
        "RemoveRegion",
        _made(lambda request: request),
        prepare=lambda w, i, made: (
            w.sso.add_region(**w.instance, RegionName=REPLICA_REGIONS[1 + i % 4])
            and {**w.instance, "RegionName": REPLICA_REGIONS[1 + i % 4]}
        ),
        setup=_ensure_region,
        most=4,
    ),
    Case(
        "DescribeRegion",
        _req(lambda w, i: {**w.instance, "RegionName": REPLICA_REGIONS[0]}),
        setup=_ensure_region,
    ),
    Case("ListRegions", _req(lambda w, i: w.instance), setup=_ensure_region),
    # --- permission sets ---------------------------------------------------------------------
    Case(
        "CreatePermissionSet",
        _req(
            lambda w, i: {
                **w.instance,
                "Name": w.name("New"),
                "Description": "new team",
                "SessionDuration": "PT8H",
            }
        ),
    ),
    Case(
        "DeletePermissionSet",
        _made(lambda request: request),
        prepare=lambda w, i, made: w.on_set(w.new_set("Doomed")),
    ),
    Case("DescribePermissionSet", _req(_set)),
    Case("ListPermissionSets", _req(lambda w, i: w.instance)),
    Case(
        "UpdatePermissionSet",
        _req(lambda w, i: {**w.on_set(w.work_set(i)), "Description": f"version {i}"}),
    ),
    Case(
        "ListPermissionSetsProvisionedToAccount",
        _req(lambda w, i: {**w.instance, "AccountId": w.of(w.accounts, i)}),
    ),
    Case(
        "ListAccountsForProvisionedPermissionSet",
        _req(lambda w, i: _set(w, i)),
    ),
    Case(
        "ProvisionPermissionSet",
        _req(
            lambda w, i: {
                **w.on_set(w.of(w.provisioned, i)[1]),
                "TargetType": "AWS_ACCOUNT",
                "TargetId": w.of(w.provisioned, i)[0],
            }
        ),
        variant="its role in one account updated",
    ),
    Case(
        "DescribePermissionSetProvisioningStatus",
        _req(
            lambda w, i: {
                **w.instance,
                "ProvisionPermissionSetRequestId": w.of(w.provisioning_ids, i),
            }
        ),
        setup=_provisioning_ids,
    ),
    Case(
        "ListPermissionSetProvisioningStatus",
        _req(lambda w, i: w.instance),
        setup=_provisioning_ids,
    ),
    # --- policies of permission sets --------------------------------------------------------
    Case(
        "AttachManagedPolicyToPermissionSet",
        _req(lambda w, i: {**w.on_set(w.work_set(i)), "ManagedPolicyArn": MANAGED[1]}),
    ),
    Case(
        "DetachManagedPolicyFromPermissionSet",
        lambda w, i, arn: {**w.on_set(arn), "ManagedPolicyArn": MANAGED[0]},
        prepare=_with(_attach_managed, _work_set),
    ),
    Case("ListManagedPoliciesInPermissionSet", _req(_set)),
    Case(
        "AttachCustomerManagedPolicyReferenceToPermissionSet",
        _req(
            lambda w, i: {
                **w.on_set(w.work_set(i)),
                "CustomerManagedPolicyReference": {"Name": "attached", "Path": "/team/"},
            }
        ),
    ),
    Case(
        "DetachCustomerManagedPolicyReferenceFromPermissionSet",
        lambda w, i, arn: {
            **w.on_set(arn),
            "CustomerManagedPolicyReference": {"Name": "bench-policy", "Path": "/"},
        },
        prepare=_with(_attach_customer, _work_set),
    ),
    Case(
        "ListCustomerManagedPolicyReferencesInPermissionSet",
        _req(lambda w, i: w.on_set(w.work_set(0))),
        setup=lambda w: quietly(lambda: _attach_customer(w, w.work_set(0))),
    ),
    Case(
        "PutInlinePolicyToPermissionSet",
        _req(lambda w, i: {**w.on_set(w.work_set(i)), "InlinePolicy": POLICY}),
    ),
    Case("GetInlinePolicyForPermissionSet", _req(_set)),
    Case(
        "DeleteInlinePolicyFromPermissionSet",
        lambda w, i, arn: w.on_set(arn),
        prepare=_with(_put_inline, _work_set),
    ),
    Case(
        "PutPermissionsBoundaryToPermissionSet",
        _req(
            lambda w, i: {
                **w.on_set(w.work_set(i)),
                "PermissionsBoundary": {"ManagedPolicyArn": MANAGED[0]},
            }
        ),
    ),
    Case(
        "GetPermissionsBoundaryForPermissionSet",
        _req(lambda w, i: w.on_set(w.work_set(0))),
        setup=lambda w: quietly(lambda: _put_boundary(w, w.work_set(0))),
    ),
    Case(
        "DeletePermissionsBoundaryFromPermissionSet",
        lambda w, i, arn: w.on_set(arn),
        prepare=_with(_put_boundary, _work_set),
    ),
    # --- tags ----------------------------------------------------------------------------------
    Case(
        "TagResource",
        _req(
            lambda w, i: {
                **w.instance,
                "ResourceArn": w.work_set(i),
                "Tags": [{"Key": "owner", "Value": f"team{i}"}],
            }
        ),
    ),
    Case(
        "UntagResource",
        lambda w, i, arn: {**w.instance, "ResourceArn": arn, "TagKeys": ["doomed"]},
        prepare=_tagged,
    ),
    Case("ListTagsForResource", _req(lambda w, i: {**w.instance, "ResourceArn": w.of(w.sets, i)})),
    # --- account assignments ------------------------------------------------------------------
    Case(
        "CreateAccountAssignment",
        _user_assignment,
        prepare=_new_user,
        variant="a new user, in an account that has the set's role",
    ),
    Case(
        "CreateAccountAssignment",
        lambda w, i, pair: w.assignment(pair, "USER", w.of(w.users, i)),
        prepare=_fresh_pair,
        variant=f"first of its set in an account: {MAKES_ROLE}",
    ),
    Case(
        "DeleteAccountAssignment",
        _made(lambda request: request),
        prepare=_assigned_new_user,
        variant="one of several: the role stays",
    ),
    Case(
        "DeleteAccountAssignment",
        _made(lambda request: request),
        prepare=_assigned_fresh_pair,
        variant="the last of its set in an account: deletes the IAM role",
    ),
    Case(
        "DescribeAccountAssignmentCreationStatus",
        _req(
            lambda w, i: {
                **w.instance,
                "AccountAssignmentCreationRequestId": w.of(w.creation_ids, i),
            }
        ),
    ),
    Case(
        "DescribeAccountAssignmentDeletionStatus",
        _req(
            lambda w, i: {
                **w.instance,
                "AccountAssignmentDeletionRequestId": w.of(w.deletion_ids, i),
            }
        ),
        setup=_deletion_ids,
    ),
    Case("ListAccountAssignmentCreationStatus", _req(lambda w, i: w.instance)),
    Case("ListAccountAssignmentDeletionStatus", _req(lambda w, i: w.instance), setup=_deletion_ids),
    Case(
        "ListAccountAssignments",
        _req(
            lambda w, i: {
                **w.on_set(w.of(w.provisioned, i)[1]),
                "AccountId": w.of(w.provisioned, i)[0],
            }
        ),
    ),
    Case(
        "ListAccountAssignmentsForPrincipal",
        _req(
            lambda w, i: {
                **w.instance,
                "PrincipalId": w.of(w.users, i),
                "PrincipalType": "USER",
            }
        ),
        variant="a user: its own and its group's",
    ),
    # --- applications --------------------------------------------------------------------------
    Case(
        "CreateApplication",
        _req(
            lambda w, i: {
                **w.instance,
                "ApplicationProviderArn": w.provider,
                "Name": w.name("NewApp"),
            }
        ),
    ),
    Case(
        "DeleteApplication",
        _made(lambda app: {"ApplicationArn": app}),
        prepare=lambda w, i, made: w.new_app("Doomed"),
    ),
    Case("DescribeApplication", _req(_app)),
    Case("ListApplications", _req(lambda w, i: w.instance)),
    Case("UpdateApplication", _req(lambda w, i: {**_app(w, i), "Description": f"version {i}"})),
    Case(
        "DescribeApplicationProvider",
        _req(lambda w, i: {"ApplicationProviderArn": w.provider}),
    ),
    Case("ListApplicationProviders", _req(lambda w, i: {})),
    Case(
        "CreateApplicationAssignment",
        lambda w, i, user: {**_app(w, i), "PrincipalId": user, "PrincipalType": "USER"},
        prepare=_new_user,
    ),
    Case("DeleteApplicationAssignment", _made(lambda request: request), prepare=_app_assigned),
    Case(
        "DescribeApplicationAssignment",
        _req(
            lambda w, i: {
                "ApplicationArn": w.apps[0],
                "PrincipalId": w.users[0],
                "PrincipalType": "USER",
            }
        ),
    ),
    Case("ListApplicationAssignments", _req(_app)),
    Case(
        "ListApplicationAssignmentsForPrincipal",
        _req(
            lambda w, i: {
                **w.instance,
                "PrincipalId": w.of(w.users, i),
                "PrincipalType": "USER",
            }
        ),
    ),
    Case(
        "PutApplicationAccessScope",
        _req(lambda w, i: {**_app(w, i), "Scope": f"bench:scope{i}"}),
    ),
    Case(
        "GetApplicationAccessScope",
        _req(lambda w, i: {**_app(w, i), "Scope": "sso:account:access"}),
    ),
    Case(
        "DeleteApplicationAccessScope",
        _made(lambda app: {"ApplicationArn": app, "Scope": "sso:account:access"}),
        prepare=_with(_put_scope, _work_app),
    ),
    Case("ListApplicationAccessScopes", _req(_app)),
    Case(
        "PutApplicationAuthenticationMethod",
        _req(
            lambda w, i: {
                **_app(w, i),
                "AuthenticationMethodType": "IAM",
                "AuthenticationMethod": {"Iam": {"ActorPolicy": json.loads(POLICY)}},
            }
        ),
    ),
    Case(
        "GetApplicationAuthenticationMethod",
        _req(lambda w, i: {**_app(w, i), "AuthenticationMethodType": "IAM"}),
    ),
    Case(
        "DeleteApplicationAuthenticationMethod",
        _made(lambda app: {"ApplicationArn": app, "AuthenticationMethodType": "IAM"}),
        prepare=_with(_put_authentication, _work_app),
    ),
    Case("ListApplicationAuthenticationMethods", _req(_app)),
    Case(
        "PutApplicationGrant",
        _req(lambda w, i: {**_app(w, i), "GrantType": "authorization_code", "Grant": GRANT}),
    ),
    Case(
        "GetApplicationGrant", _req(lambda w, i: {**_app(w, i), "GrantType": "authorization_code"})
    ),
    Case(
        "DeleteApplicationGrant",
        _made(lambda app: {"ApplicationArn": app, "GrantType": "authorization_code"}),
        prepare=_with(_put_grant, _work_app),
    ),
    Case("ListApplicationGrants", _req(_app)),
    Case(
        "PutApplicationAssignmentConfiguration",
        _req(lambda w, i: {**_app(w, i), "AssignmentRequired": bool(i % 2)}),
    ),
    Case("GetApplicationAssignmentConfiguration", _req(_app)),
    Case(
        "PutApplicationSessionConfiguration",
        _req(lambda w, i: {**_app(w, i), "UserBackgroundSessionApplicationStatus": "ENABLED"}),
    ),
    Case("GetApplicationSessionConfiguration", _req(_app)),
    # --- trusted token issuers ---------------------------------------------------------------
    Case(
        "CreateTrustedTokenIssuer",
        _req(
            lambda w, i: {
                **w.instance,
                "Name": w.name("issuer"),
                "TrustedTokenIssuerType": "OIDC_JWT",
                "TrustedTokenIssuerConfiguration": {"OidcJwtConfiguration": OIDC},
            }
        ),
        cleanup=lambda w, indices: _drop_issuers(w),
        most=8,
    ),
    Case(
        "DeleteTrustedTokenIssuer",
        _made(lambda arn: {"TrustedTokenIssuerArn": arn}),
        prepare=lambda w, i, made: w.new_issuer(),
        most=8,
    ),
    Case("DescribeTrustedTokenIssuer", _req(lambda w, i: {"TrustedTokenIssuerArn": w.issuer})),
    Case("ListTrustedTokenIssuers", _req(lambda w, i: w.instance)),
    Case(
        "UpdateTrustedTokenIssuer",
        _req(lambda w, i: {"TrustedTokenIssuerArn": w.issuer, "Name": w.name("issuer")}),
    ),
)


def _store(world: World) -> dict[str, str]:
    return {"IdentityStoreId": world.store_id}


def _user_of(world: World, index: int) -> dict[str, Any]:
    return {**_store(world), "UserId": world.of(world.users, index)}


def _group_of(world: World, index: int) -> dict[str, Any]:
    return {**_store(world), "GroupId": world.of(world.groups, index)}


def _new_group(world: World, index: int, made: Any) -> str:
    return str(
        world.identitystore.create_group(
            IdentityStoreId=world.store_id, DisplayName=world.name("group")
        )["GroupId"]
    )


def _new_membership(world: World, index: int, made: Any) -> str:
    return str(
        world.identitystore.create_group_membership(
            IdentityStoreId=world.store_id,
            GroupId=world.of(world.groups, index),
            MemberId={"UserId": world.new_user()},
        )["MembershipId"]
    )


def _member(world: World, index: int) -> dict[str, Any]:
    user = world.of(world.users, index)
    return {**_store(world), "MemberId": {"UserId": user}, "GroupId": world.group_of[user]}


IDENTITYSTORE: tuple[Case, ...] = (
    Case(
        "CreateUser",
        _req(
            lambda w, i: {
                **_store(w),
                "UserName": w.name("new"),
                "DisplayName": f"New {i}",
                "Name": {"GivenName": "New", "FamilyName": str(i)},
                "Emails": [{"Value": f"new{i}@example.com", "Type": "work", "Primary": True}],
            }
        ),
        client="identitystore",
    ),
    Case(
        "DeleteUser",
        lambda w, i, user: {**_store(w), "UserId": user},
        prepare=_new_user,
        client="identitystore",
    ),
    Case("DescribeUser", _req(_user_of), client="identitystore"),
    Case(
        "UpdateUser",
        _req(
            lambda w, i: {
                **_user_of(w, i),
                "Operations": [{"AttributePath": "displayName", "AttributeValue": f"User {i}"}],
            }
        ),
        client="identitystore",
    ),
    Case(
        "GetUserId",
        _req(
            lambda w, i: {
                **_store(w),
                "AlternateIdentifier": {
                    "UniqueAttribute": {
                        "AttributePath": "userName",
                        "AttributeValue": w.user_names[w.of(w.users, i)],
                    }
                },
            }
        ),
        client="identitystore",
    ),
    Case("ListUsers", _req(lambda w, i: _store(w)), client="identitystore"),
    Case(
        "CreateGroup",
        _req(lambda w, i: {**_store(w), "DisplayName": w.name("newgroup")}),
        client="identitystore",
    ),
    Case(
        "DeleteGroup",
        lambda w, i, group: {**_store(w), "GroupId": group},
        prepare=_new_group,
        client="identitystore",
    ),
    Case("DescribeGroup", _req(_group_of), client="identitystore"),
    Case(
        "UpdateGroup",
        _req(
            lambda w, i: {
                **_group_of(w, i),
                "Operations": [{"AttributePath": "description", "AttributeValue": f"v{i}"}],
            }
        ),
        client="identitystore",
    ),
    Case(
        "GetGroupId",
        _req(
            lambda w, i: {
                **_store(w),
                "AlternateIdentifier": {
                    "UniqueAttribute": {
                        "AttributePath": "displayName",
                        "AttributeValue": f"g{i % len(w.groups)}",
                    }
                },
            }
        ),
        client="identitystore",
    ),
    Case("ListGroups", _req(lambda w, i: _store(w)), client="identitystore"),
    Case(
        "CreateGroupMembership",
        lambda w, i, user: {
            **_store(w),
            "GroupId": w.of(w.groups, i),
            "MemberId": {"UserId": user},
        },
        prepare=_new_user,
        client="identitystore",
    ),
    Case(
        "DeleteGroupMembership",
        lambda w, i, membership: {**_store(w), "MembershipId": membership},
        prepare=_new_membership,
        client="identitystore",
    ),
    Case(
        "DescribeGroupMembership",
        _req(lambda w, i: {**_store(w), "MembershipId": w.of(w.memberships, i)}),
        client="identitystore",
    ),
    Case("GetGroupMembershipId", _req(_member), client="identitystore"),
    Case(
        "IsMemberInGroups",
        _req(
            lambda w, i: {
                **_store(w),
                "MemberId": _member(w, i)["MemberId"],
                "GroupIds": [_member(w, i)["GroupId"], w.of(w.groups, i + 1)],
            }
        ),
        client="identitystore",
    ),
    Case("ListGroupMemberships", _req(_group_of), client="identitystore"),
    Case(
        "ListGroupMembershipsForMember",
        _req(lambda w, i: {**_store(w), "MemberId": {"UserId": w.of(w.users, i)}}),
        client="identitystore",
    ),
    # the store's own operations, in botocore's models since 1.44
    Case("DescribeIdentityStore", _req(lambda w, i: _store(w)), client="identitystore"),
    Case("ListIdentityStores", _req(lambda w, i: {}), client="identitystore"),
    Case(
        "UpdateIdentityStore",
        _req(
            lambda w, i: {
                **_store(w),
                "NetworkConfiguration": {
                    "VpceAccessRequired": False,
                    "ApiAllowSourceIps": [f"10.0.{i % 250}.0/24"],
                },
            }
        ),
        client="identitystore",
    ),
)

# --- the access portal (sso) and OIDC (sso-oidc) ------------------------------------------------

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
#: the audience the world's trusted token issuer's JWTs name, authorized on the JWT app
AUDIENCE = "bench-app"
#: direct assignments the portal user holds beside its own and its group's
PORTAL_DIRECT = 6


@dataclass
class SignIn:
    """The portal user (a user of the world, in a group, with assignments of its own and its
    group's), its token, what the portal shows it, and the OIDC clients the cases use."""

    user_name: str
    email: str
    start_url: str
    token: str
    #: (account, role name) pairs the portal lists for the user
    roles: list[tuple[str, str]]
    accounts: list[str]
    #: a registered public client for the device grant, and one that may refresh too
    device_client: dict[str, str]
    refresh_client: dict[str, str]
    #: an application that takes the world's trusted token issuer's JWTs (CreateTokenWithIAM)
    jwt_app: str


def signed_in(world: World) -> SignIn:
    """The portal user's sign-in, made (untimed) the first time a case asks for it: the
    world's first user, given `PORTAL_DIRECT` assignments of its own (its group has some)."""
    if world.signin is not None:
        return world.signin
    from ssoadmin_mock import portal  # not at import: moto's side must never load the package

    user = world.users[0]
    for k in range(1, PORTAL_DIRECT + 1):
        pair = (world.of(world.accounts, k), world.of(world.sets, k))
        quietly(functools.partial(world.assign, pair, "USER", user))
    name = world.user_names[user]
    token = portal.access_token(name)
    accounts = [
        a["accountId"] for a in world.portal.list_accounts(accessToken=token)["accountList"]
    ]
    roles = [
        (account, role["roleName"])
        for account in accounts
        for role in world.portal.list_account_roles(accessToken=token, accountId=account)[
            "roleList"
        ]
    ]
    device = _register(world, "bench-device")
    refresh = _register(world, "bench-refresh", grantTypes=[DEVICE_GRANT, "refresh_token"])
    app = world.apps[0]  # its assignment is required: the first users are assigned to it
    world.sso.put_application_grant(
        ApplicationArn=app,
        GrantType=JWT_GRANT,
        Grant={
            "JwtBearer": {
                "AuthorizedTokenIssuers": [
                    {"TrustedTokenIssuerArn": world.issuer, "AuthorizedAudiences": [AUDIENCE]}
                ]
            }
        },
    )
    world.signin = SignIn(
        user_name=name,
        email=f"{name}@example.com",
        start_url=f"https://{world.store_id}.awsapps.com/start",
        token=token,
        roles=roles,
        accounts=accounts,
        device_client=device,
        refresh_client=refresh,
        jwt_app=app,
    )
    return world.signin


def _register(world: World, name: str, **extra: Any) -> dict[str, str]:
    made = world.oidc.register_client(
        clientName=name, clientType="public", scopes=["sso:account:access"], **extra
    )
    return {"clientId": made["clientId"], "clientSecret": made["clientSecret"]}


def _setup_signin(world: World) -> None:
    signed_in(world)


def _fresh_token(world: World, index: int, made: Any) -> str:
    from ssoadmin_mock import portal

    return portal.access_token(signed_in(world).user_name)


def _approved_device(client: Callable[[SignIn], dict[str, str]]) -> Step:
    """prepare: a device authorization of the client, approved by the portal user (what a
    person does on the verification page), its device code returned."""

    def step(world: World, index: int, made: Any) -> str:
        from ssoadmin_mock import portal

        signin = signed_in(world)
        device = world.oidc.start_device_authorization(**client(signin), startUrl=signin.start_url)
        portal.approve(device["userCode"], signin.user_name)
        return str(device["deviceCode"])

    return step


def _fresh_refresh_token(world: World, index: int, made: Any) -> str:
    signin = signed_in(world)
    code = _approved_device(lambda s: s.refresh_client)(world, index, made)
    token = world.oidc.create_token(
        **signin.refresh_client, grantType=DEVICE_GRANT, deviceCode=code
    )
    return str(token["refreshToken"])


def _jwt(claims: dict[str, Any]) -> str:
    """A JWT as a trusted token issuer makes one (its signature is not checked by the mock:
    README, Known differences)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'kid': 'bench'})}.{part(claims)}.c2lnbmF0dXJl"


def _assertion(world: World, index: int) -> str:
    signin = signed_in(world)
    claims = {
        "iss": OIDC["IssuerUrl"],
        "aud": AUDIENCE,
        "email": signin.email,
        "iat": int(time.time()),
        "exp": int(time.time()) + 3600,
        "jti": f"bench-{index}",
    }
    return _jwt(claims)


SSO: tuple[Case, ...] = (
    Case(
        "ListAccounts",
        _req(lambda w, i: {"accessToken": signed_in(w).token}),
        setup=_setup_signin,
        client="portal",
    ),
    Case(
        "ListAccountRoles",
        _req(
            lambda w, i: {
                "accessToken": signed_in(w).token,
                "accountId": w.of(signed_in(w).accounts, i),
            }
        ),
        setup=_setup_signin,
        client="portal",
    ),
    Case(
        "GetRoleCredentials",
        _req(
            lambda w, i: {
                "accessToken": signed_in(w).token,
                "accountId": w.of(signed_in(w).roles, i)[0],
                "roleName": w.of(signed_in(w).roles, i)[1],
            }
        ),
        setup=_setup_signin,
        client="portal",
        variant=f"{MAKES_SESSION} for an assigned role",
    ),
    Case(
        "Logout",
        lambda w, i, token: {"accessToken": token},
        prepare=_fresh_token,
        setup=_setup_signin,
        client="portal",
        variant="a fresh token each call",
    ),
)

SSO_OIDC: tuple[Case, ...] = (
    Case(
        "RegisterClient",
        _req(
            lambda w, i: {
                "clientName": w.name("cli"),
                "clientType": "public",
                "scopes": ["sso:account:access"],
            }
        ),
        client="oidc",
        variant="a new client",
    ),
    Case(
        "StartDeviceAuthorization",
        _req(lambda w, i: {**signed_in(w).device_client, "startUrl": signed_in(w).start_url}),
        setup=_setup_signin,
        client="oidc",
    ),
    Case(
        "CreateToken",
        lambda w, i, code: {
            **signed_in(w).device_client,
            "grantType": DEVICE_GRANT,
            "deviceCode": code,
        },
        prepare=_approved_device(lambda s: s.device_client),
        setup=_setup_signin,
        client="oidc",
        variant="device code grant, approved",
    ),
    Case(
        "CreateToken",
        lambda w, i, refresh: {
            **signed_in(w).refresh_client,
            "grantType": "refresh_token",
            "refreshToken": refresh,
        },
        prepare=_fresh_refresh_token,
        setup=_setup_signin,
        client="oidc",
        variant="refresh token grant",
    ),
    Case(
        "CreateTokenWithIAM",
        _req(
            lambda w, i: {
                "clientId": signed_in(w).jwt_app,
                "grantType": JWT_GRANT,
                "assertion": _assertion(w, i),
            }
        ),
        setup=_setup_signin,
        client="oidc",
        variant="JWT bearer grant, a trusted token issuer's JWT",
    ),
)

#: operations with a case that older botocore models do not have yet (measured where modelled)
NEWER_OPERATIONS = frozenset({"DescribeIdentityStore", "ListIdentityStores", "UpdateIdentityStore"})

#: botocore model name -> the cases of that service's operations
CATALOGUES: dict[str, tuple[Case, ...]] = {
    "sso-admin": SSO_ADMIN,
    "identitystore": IDENTITYSTORE,
    "sso": SSO,
    "sso-oidc": SSO_OIDC,
}


def cases_for(service: str) -> tuple[Case, ...]:
    """The service's cases; raises when an operation of the installed model has none."""
    cases = CATALOGUES.get(service)
    if cases is None:
        raise SystemExit(f"benchmarks: no catalogue of cases for service {service!r}")
    model = botocore.session.get_session().get_service_model(service)
    missing = sorted(set(model.operation_names) - {case.operation for case in cases})
    if missing:
        raise SystemExit(
            f"benchmarks: {len(missing)} {service} operation(s) have no case in "
            f"benchmarks/catalogue.py: {', '.join(missing)}"
        )
    modelled = set(model.operation_names)
    unknown = sorted({case.operation for case in cases} - modelled - NEWER_OPERATIONS)
    if unknown:
        raise SystemExit(f"benchmarks: cases for operations {service} lacks: {', '.join(unknown)}")
    return tuple(case for case in cases if case.operation in modelled)
