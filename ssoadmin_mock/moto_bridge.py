"""Every touch of moto's internals, behind small named interfaces.

The mock keeps its own state, but some effects and look-ups belong to other services that
moto serves: organizations (who is in an organization), IAM (the roles and SAML providers
IAM Identity Center makes in target accounts, AWS managed policies, policy validation, who
owns an access key) and STS (the role sessions the access portal hands out). moto's
internal layout differs across releases;
when it changes, this module is the one to mend.

moto's CloudFormation deploys the ``AWS::SSO::*`` and ``AWS::IdentityStore::*`` types of
`ssoadmin_mock.cloudformation` through its `CloudFormationModel` (re-exported here); the last
section gives the stacks that hold them CloudFormation's rollback and cleanup.

moto's backends (``<service>_backends[account][region]``) are found cheaply on every call:
moto's `BackendDict.__getitem__` takes a process-wide lock and copies its keys on every
access; `backend_of` reads the two plain dicts first and goes through moto's indexing only
when the backend does not exist yet (or the region is an alias such as ``global``).
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import botocore.session
from moto import settings as moto_settings
from moto.core.base_backend import AccountSpecificBackend, backend_lock


def botocore_session() -> Any:
    """The botocore session moto lists each service's Regions through when it first makes
    the service's backends (``AccountSpecificBackend.get_session``, a boto3 ``Session`` moto
    makes once per process, or boto3's default session: `share_default_session`): reading
    models and Regions through it too spares a cold start a second session (registering
    botocore's handlers) and a second scan of botocore's data folders. A session of its own
    where this moto keeps none."""
    made = getattr(AccountSpecificBackend, "get_session", None)
    shared = getattr(made() if callable(made) else None, "_session", None)
    if isinstance(shared, botocore.session.Session):
        return shared
    return botocore.session.get_session()  # pragma: no cover - a moto that keeps none


#: what marks moto's ``get_session`` as already sharing boto3's default session
_SHARES_DEFAULT = "_ssoadmin_shares_default_session"

#: moto's ``INITIAL_NO_AUTH_ACTION_COUNT`` while its IAM authorization is off
_AUTH_OFF = float("inf")


def iam_authorization_on() -> bool:
    """Whether moto's IAM authorization is on (``INITIAL_NO_AUTH_ACTION_COUNT`` set): the
    served services' requests are then signed (`signing`) and checked (`authorization`)."""
    return bool(moto_settings.INITIAL_NO_AUTH_ACTION_COUNT != _AUTH_OFF)


def share_default_session() -> None:
    """Have moto list Regions through boto3's default session once a client was made through
    it (``boto3.client``): its loader has read the endpoint data moto reads, where moto's
    own session would read them again, and register botocore's handlers again, on the first
    call of every process (a tenth of a cold start). moto makes its own session, as before,
    while there is no default session (a client of a ``boto3.session.Session`` of its own,
    moto's server). Idempotent."""
    original = getattr(AccountSpecificBackend, "get_session", None)
    if original is None or getattr(original, _SHARES_DEFAULT, False):
        return

    def get_session(cls: type) -> Any:
        default = getattr(sys.modules.get("boto3"), "DEFAULT_SESSION", None)
        return default if default is not None else original()

    setattr(get_session, _SHARES_DEFAULT, True)
    AccountSpecificBackend.get_session = classmethod(get_session)  # type: ignore[method-assign,assignment]


def backend_of(backends: Any, account_id: str, region: str) -> Any:
    """``backends[account_id][region]`` (a moto `BackendDict`), made by moto if absent."""
    regions = dict.get(backends, account_id)
    if regions is not None:
        backend = dict.get(regions, region)
        if backend is not None:
            return backend
    return backends[account_id][region]


def start_http_patching(mock: Any, reset: bool, moto_start: Callable[[bool], None]) -> None:
    """What moto's ``MockAWS._enable_patching`` (`moto_start`) does when its mock switches on
    from nothing, with the URL callbacks it hands to `responses` made once per process: moto
    builds a `responses.CallbackResponse` for each HTTP method and each of its ~180 backends'
    URL patterns on every start (over a thousand objects, nine tenths of the cost of
    ``with mock_aws(): pass``).

    The first start with a reset is moto's own, and the callbacks it registered are kept; a
    later one does the rest of what moto does (the botocore stubber on, the reset, `responses`
    started) and registers those same objects again, in moto's order, their recorded calls
    cleared first, so nothing one run saw reaches the next.
    """
    from moto.core.models import botocore_stubber, responses_mock

    if not _URL_CALLBACKS:
        moto_start(reset)
        if reset:  # what is registered now is moto's alone (the reset cleared the rest)
            _URL_CALLBACKS.extend(responses_mock.registered())
        return
    botocore_stubber.enabled = True
    if reset:
        mock.reset()
    responses_mock.start()
    for callback in _URL_CALLBACKS:
        callback.calls.reset()
        responses_mock.add(callback)


#: the URL callbacks moto registered on its first start (`start_http_patching`)
_URL_CALLBACKS: list[Any] = []


def existing_backends(backends: Any, account_id: str) -> list[Any]:
    """The backends of `account_id` already made in a moto `BackendDict`, making none."""
    regions = dict.get(backends, account_id)
    return list(dict.values(regions)) if regions else []


def existing_in_region(backends: Any, region: str) -> list[Any]:
    """The backends of `region` already made in a moto `BackendDict`, of every account,
    making none."""
    found = (dict.get(regions, region) for regions in list(dict.values(backends)))
    return [backend for backend in found if backend is not None]


def account_scoped(backends: Any, account_id: str, attribute: str, factory: Any) -> Any:
    """An object kept beside the Region backends of `account_id` in a moto `BackendDict`,
    made by `factory(account_id)` on first use; it is dropped when moto resets the backends
    (moto replaces the account's dict then), so it lives exactly as long as they do."""
    regions = dict.get(backends, account_id)
    if regions is None:
        regions = backends[account_id]
    found = vars(regions).get(attribute)
    if found is None:
        with backend_lock:
            found = vars(regions).get(attribute)
            if found is None:
                found = factory(account_id)
                setattr(regions, attribute, found)
    return found


@cache
def service_backends(service: str) -> Any:
    """moto's `BackendDict` of `service` (``moto.<service>.models.<service>_backends``).

    Imported on first use, so a mock that never touches the service does not load it; cached
    because a function-level ``from ... import`` costs about a microsecond per call.
    """
    return getattr(importlib.import_module(f"moto.{service}.models"), f"{service}_backends")


def service_backend(service: str, account_id: str, region: str) -> Any:
    """moto's backend of `service` for an account and region (or partition, for IAM)."""
    return backend_of(service_backends(service), account_id, region)


# --- organizations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Organization:
    """What the mock needs of an organization moto's organizations models."""

    id: str
    management_account_id: str
    accounts: frozenset[str]


@dataclass(frozen=True)
class MemberAccount:
    """An account of an organization, as the access portal shows it."""

    id: str
    name: str
    email: str


def member_accounts(account_ids: Collection[str], partition: str) -> dict[str, MemberAccount]:
    """Name and email of each of `account_ids` that is an account of an organization in
    moto's organizations (management or member), by id; the others are left out. Each
    organization's accounts are indexed once (`_members_of`), not scanned per call: the
    portal lists every account a user holds, on every ListAccounts."""
    found: dict[str, MemberAccount] = {}
    seen: set[int] = set()
    try:
        for account_id in account_ids:
            if account_id in found:
                continue
            backend = _organization_backend(account_id, partition)
            if backend is None or id(backend) in seen:
                continue
            seen.add(id(backend))
            members = _members_of(backend.accounts)
            found.update(
                (member_id, members[member_id])
                for member_id in account_ids
                if member_id in members
            )
    except Exception:  # noqa: BLE001 - moto's internals differ across versions
        return {}
    return found


def _members_of(accounts: list[Any]) -> dict[str, MemberAccount]:
    """moto's list of an organization's accounts as id -> `MemberAccount`, made again only
    when the list changed. moto only appends to it (CreateAccount, InviteAccount...) and
    removes from it (RemoveAccountFromOrganization), and never renames an account, so its
    length and last account tell whether the index made from it still holds."""
    last = accounts[-1] if accounts else None
    kept = _MEMBER_INDEX.get(id(accounts))
    if kept is not None and kept[0] is accounts and kept[1] == len(accounts) and kept[2] is last:
        return kept[3]
    index = {
        str(account.id): MemberAccount(str(account.id), str(account.name), str(account.email))
        for account in accounts
    }
    if len(_MEMBER_INDEX) >= 64:  # organizations of earlier mocks, gone with their backends
        _MEMBER_INDEX.clear()
    # the list itself is kept with its index, so that its id is not reused while it is here
    _MEMBER_INDEX[id(accounts)] = (accounts, len(accounts), last, index)
    return index


#: id of moto's list of an organization's accounts -> (the list, its length and last account
#: when indexed, the index)
_MEMBER_INDEX: dict[int, tuple[list[Any], int, Any, dict[str, MemberAccount]]] = {}


def organization_of(account_id: str, partition: str) -> Organization | None:
    """The organization `account_id` belongs to (as management or member account) in moto's
    organizations, or None when moto models none for it."""
    try:
        backend = _organization_backend(account_id, partition)
        if backend is None:
            return None
        org = backend.org
        return Organization(
            id=str(org.id),
            management_account_id=str(getattr(org, "master_account_id", "")),
            accounts=frozenset(str(account.id) for account in backend.accounts),
        )
    except Exception:  # noqa: BLE001 - moto's internals differ across versions
        return None


def _organization_backend(account_id: str, partition: str) -> Any | None:
    """moto's organizations backend of the organization `account_id` is in (kept by its
    management account), or None when it is in none."""
    found = _membership(account_id)
    if found is not None:  # a member account
        return found[1]
    backends = _organizations_backends()
    return None if backends is None else _kept_by(backends, account_id, partition)


#: moto's organizations models, patched on import (`patch_organizations`)
ORGANIZATIONS_MODELS = "moto.organizations.models"


def _organizations_backends() -> Any | None:
    """moto's organizations backends, or None before moto's organizations is imported (no
    organization can exist then, and nothing is imported to say so)."""
    return getattr(sys.modules.get(ORGANIZATIONS_MODELS), "organizations_backends", None)


def _kept_by(backends: Any, owner: str, partition: str) -> Any | None:
    """The organizations backend of `owner`'s in `partition`, if it keeps an organization."""
    backend = dict.get(dict.get(backends, owner) or {}, partition)
    return None if backend is None or backend.org is None else backend


def patch_organizations(models: Any, service_principal: str) -> None:
    """Let moto's organizations register a delegated administrator for `service_principal`
    (AWS takes ``sso.amazonaws.com``: IAM Identity Center supports delegated administration,
    AWS Organizations User Guide, "AWS services that you can use with AWS Organizations";
    moto 5's list of such services leaves it out and refuses it as "an unrecognized service
    principal")."""
    administrator = getattr(models, "FakeDelegatedAdministrator", None)
    supported = getattr(administrator, "SUPPORTED_SERVICES", None)
    if isinstance(supported, list) and service_principal not in supported:
        supported.append(service_principal)


def organization_management_account(account_id: str) -> str | None:
    """The management account of the organization `account_id` is a member account of in
    moto's organizations, or None (in no organization, or its management account). Reads
    only what exists: before moto's organizations is imported no organization exists, and
    nothing is imported."""
    found = _membership(account_id)
    return None if found is None else found[0]


def _membership(account_id: str) -> tuple[str, Any] | None:
    """(management account id, its organizations backend) of the organization `account_id`
    is a member account of, or None (`organization_management_account`)."""
    backends = _organizations_backends()
    if backends is None:
        return None
    try:
        # a member account's organization is kept by its management account
        master = backends.master_accounts.get(account_id)
        if master is None:
            return None
        owner, partition = master
        backend = _kept_by(backends, owner, partition)
    except Exception:  # noqa: BLE001 - moto's internals differ across versions
        return None
    return None if backend is None else (str(owner), backend)


def delegating_account(account_id: str, service_principal: str) -> str | None:
    """The management account of the organization in which `account_id` is registered as a
    delegated administrator for `service_principal`, or None (only a member account can be
    one: `organization_management_account`)."""
    found = _membership(account_id)
    if found is None:
        return None
    owner, backend = found
    try:
        for admin in backend.admins:
            if admin.account.id == account_id and service_principal in admin.services:
                return owner
    except Exception:  # noqa: BLE001 - moto's internals differ across versions
        return None
    return None


# --- IAM: who owns an access key --------------------------------------------------------------


def account_of_access_key(access_key: str) -> str | None:
    """The account whose IAM user or STS session owns `access_key` (moto's look-up), or None.

    Access keys live in moto's IAM backends: until moto's IAM is imported (by a first IAM or
    STS call) no key can exist, so nothing is imported to answer. moto's own
    ``get_account_id_from`` would look in (and so make) one backend per partition of every
    account on every request; this reads only the backends that exist.
    """
    if access_key in _UNKNOWN_KEYS:  # the usual: the same unknown key, request after request
        return None
    # A module another thread is still importing is in sys.modules before its names are
    # (Terraform's parallel requests met it: "partially initialized module
    # 'moto.iam.models' has no attribute 'iam_backends'"); until they are, no key exists.
    backends = getattr(sys.modules.get("moto.iam.models"), "iam_backends", None)
    if backends is None:
        return None
    for account_id, partitions in list(dict.items(backends)):
        for iam in list(dict.values(partitions)):
            if access_key in iam.access_keys:
                return str(account_id)
    if len(_UNKNOWN_KEYS) > 1000:
        _UNKNOWN_KEYS.clear()
    _UNKNOWN_KEYS.add(access_key)
    return None


#: access keys found in no IAM backend (the usual "testing" keys). A key IAM hands out is
#: random and new, so one that signed a request before it existed cannot appear later:
#: remembering misses keeps the scan of every IAM backend off the per-call path.
_UNKNOWN_KEYS: set[str] = set()


# --- STS: the role sessions the access portal hands out ---------------------------------------


def caller_arn(access_key: str, account_id: str, region: str, partition: str) -> str:
    """Who signed with `access_key`, as moto's STS GetCallerIdentity names it: an STS
    session's assumed role, an IAM user, else moto's stand-in
    (``arn:<partition>:sts::<account>:user/moto``)."""
    try:
        sts = service_backend("sts", account_id, partition)
        return str(sts.get_caller_identity(access_key, region)[1])
    except Exception:  # noqa: BLE001 - moto's internals differ across versions
        return f"arn:{partition}:sts::{account_id}:user/moto"



@dataclass(frozen=True)
class RoleSession:
    """Temporary credentials of a role session moto's STS knows."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    #: epoch seconds
    expiration: float


def role_session(
    role_arn: str, session_name: str, seconds: int, region: str, partition: str
) -> RoleSession:
    """A session of `role_arn` named `session_name`, lasting `seconds`, recorded in moto's
    STS as ``AssumeRole`` records one: requests signed with its key land in the role's
    account (the key is that account's IAM's), `sts.get_caller_identity()` answers
    ``arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>``, and moto's
    IAM authorization evaluates the role's policies for it."""
    sts = service_backend("sts", _account_in(role_arn), partition)
    session = sts.assume_role(
        region_name=region,
        role_session_name=session_name,
        role_arn=role_arn,
        policy=None,
        duration=seconds,
        external_id=None,
    )
    return RoleSession(
        str(session.access_key_id),
        str(session.secret_access_key),
        str(session.session_token),
        session.expiration.timestamp(),
    )


def _account_in(arn: str) -> str:
    """The account field of an ARN."""
    return arn.split(":")[4]


# --- IAM: policy documents and the AWS managed policy catalogue ------------------------------


@cache
def _managed_policy_catalogue() -> dict[str, dict[str, Any]]:
    """moto's bundled catalogue of AWS managed policies, name -> data, read once."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    catalogue: dict[str, dict[str, Any]] = json.loads(aws_managed_policies_data)
    return catalogue


@cache
def aws_managed_policy_paths() -> frozenset[str]:
    """Path + name of every AWS managed policy moto knows (``/job-function/ViewOnlyAccess``)."""
    return frozenset(
        f"{data.get('Path') or '/'}{name}" for name, data in _managed_policy_catalogue().items()
    )


def aws_managed_policy(arn: str) -> dict[str, Any] | None:
    """moto's catalogue entry (``Path``, ``Document``, dates, ``DefaultVersionId``) of the AWS
    managed policy `arn` names (in any partition); None when moto knows no policy of that name
    at that path."""
    head, found, path_and_name = arn.partition(":policy")
    if not found or not head.endswith(":iam::aws") or not path_and_name.startswith("/"):
        return None
    path, _, name = path_and_name.rpartition("/")
    entry = _managed_policy_catalogue().get(name)
    if entry is None or (entry.get("Path") or "/") != f"{path}/":
        return None
    return entry


@lru_cache(maxsize=256)
def validate_policy_document(document: str) -> str | None:
    """What is wrong with an IAM identity policy document by moto's IAM validator (the check
    moto's IAM applies when a role gets the policy); None when it is valid. Remembered per
    document text (the verdict depends on nothing else): a deployer puts the same documents
    again and again, and the check costs as much as the rest of the call."""
    from moto.iam.exceptions import MalformedPolicyDocument
    from moto.iam.policy_validation import IAMPolicyDocumentValidator

    try:
        IAMPolicyDocumentValidator(document).validate()
    except MalformedPolicyDocument as error:
        return str(error.message)
    except Exception:  # noqa: BLE001 - any other failure of the checker is a bad document
        return "Syntax errors in policy."
    return None


# --- IAM: the roles and SAML provider IAM Identity Center makes in an account -----------------


def iam_backend(account_id: str, partition: str) -> Any:
    """moto's IAM backend of an account (IAM backends are per partition)."""
    return service_backend("iam", account_id, partition)


def has_role(account_id: str, partition: str, role_id: str) -> bool:
    """Whether the account's IAM holds the role with moto's id `role_id` (`IAMAccount.has_role`
    without making an `IAMAccount`: every new assignment asks)."""
    return role_id in iam_backend(account_id, partition).roles


@dataclass(frozen=True)
class RoleSpec:
    """What a role should hold: moto's policy objects found by `IAMAccount` beforehand."""

    #: ARN -> policy (from `IAMAccount.aws_managed_policy` / `customer_policy`)
    policies: dict[str, Any]
    boundary: Any | None
    #: the role policy that holds the inline policy, and its document (None: none)
    inline_name: str
    inline: str | None
    description: str
    max_session_seconds: int


class IAMAccount:
    """One account's IAM in moto, as far as IAM Identity Center's roles need it. Roles are
    named by moto's role id (stable across renames, an O(1) look-up)."""

    def __init__(self, account_id: str, partition: str) -> None:
        self.account_id = account_id
        self._iam = iam_backend(account_id, partition)

    def has_role(self, role_id: str) -> bool:
        return role_id in self._iam.roles

    def inline_policy(self, role_id: str, name: str) -> str | None:
        """The role's inline policy called `name` (None: no such role or policy)."""
        role = self._iam.roles.get(role_id)
        return None if role is None else role.policies.get(name)

    def customer_policy(self, arn: str) -> Any | None:
        """The account's customer managed policy `arn`, if it exists."""
        return self._iam.managed_policies.get(arn)

    def aws_managed_policy(self, arn: str) -> Any:
        """The AWS managed policy `arn` as the account's IAM holds it; when it holds none yet
        (moto loads them only with ``MOTO_IAM_LOAD_MANAGED_POLICIES``), one made from moto's
        catalogue, or a stand-in with no statements when moto does not know it. Not added to
        the account until a role uses it (`apply`)."""
        held = self._iam.managed_policies.get(arn)
        if held is not None:
            return held
        from moto.iam.models import AWSManagedPolicy

        path_and_name = arn.split(":policy", 1)[1]
        path, _, name = path_and_name.rpartition("/")
        entry = aws_managed_policy(arn) or {
            "Path": f"{path}/",
            "Document": {"Version": "2012-10-17", "Statement": []},
            "CreateDate": "2015-02-06T18:39:46+00:00",
            "UpdateDate": "2015-02-06T18:39:46+00:00",
            "DefaultVersionId": "v1",
        }
        return AWSManagedPolicy.from_data(name, self._iam.account_id, self._iam.region_name, entry)

    def saml_provider(
        self, name_pattern: re.Pattern[str], new: Callable[[], tuple[str, str]]
    ) -> str:
        """The ARN of the account's SAML provider whose name matches `name_pattern`; when the
        account has none, one made as `new()` says: (name, SAML metadata document)."""
        for existing, provider in self._iam.saml_providers.items():
            if name_pattern.match(existing):
                return str(provider.arn)
        name, metadata = new()
        return str(self._iam.create_saml_provider(name, metadata).arn)

    def create_role(self, name: str, path: str, trust_policy: str, spec: RoleSpec) -> str:
        """Make a role holding `spec`; its moto role id."""
        role = self._iam.create_role(
            role_name=name,
            assume_role_policy_document=trust_policy,
            path=path,
            permissions_boundary=None,
            description=spec.description,
            tags=[],
            max_session_duration=str(spec.max_session_seconds),
        )
        self.apply(str(role.id), spec)
        return str(role.id)

    def role_name(self, role_id: str) -> str:
        return str(self._iam.roles[role_id].name)

    def apply(self, role_id: str, spec: RoleSpec) -> None:
        """Make the role hold `spec`, touching only what differs."""
        role = self._iam.roles[role_id]
        for arn in [arn for arn in role.managed_policies if arn not in spec.policies]:
            role.managed_policies[arn].detach_from(role)
        for arn, policy in spec.policies.items():
            if arn not in role.managed_policies:
                self._register(policy)
                policy.attach_to(role)
        current_inline = role.policies.get(spec.inline_name)
        if spec.inline is None and current_inline is not None:
            role.delete_policy(spec.inline_name)
        elif spec.inline is not None and spec.inline != current_inline:
            role.put_policy(spec.inline_name, spec.inline)
        if spec.boundary is not None:
            self._register(spec.boundary)
        role.permissions_boundary_arn = spec.boundary.arn if spec.boundary is not None else None
        role.description = spec.description
        role.max_session_duration = str(spec.max_session_seconds)

    def delete_role(self, role_id: str) -> None:
        """Delete the role with its policies (nothing if it is gone already)."""
        role = self._iam.roles.get(role_id)
        if role is None:
            return
        for policy in list(role.managed_policies.values()):
            policy.detach_from(role)
        for name in list(role.policies):
            role.delete_policy(name)
        role.permissions_boundary_arn = None
        self._iam.delete_role(role.name)

    def _register(self, policy: Any) -> None:
        """Make an AWS managed policy found by `aws_managed_policy` part of the account."""
        if policy.arn not in self._iam.managed_policies:
            self._iam.managed_policies[policy.arn] = policy
            self._iam.aws_managed_policies.append(policy)


# --- CloudFormation: this package's resources in moto's stacks -------------------------------
#
# moto's CloudFormation finds resource types among the subclasses of its `CloudFormationModel`
# and knows no rollback: a resource that fails leaves the stack half made, and an update
# deletes removed resources first. For templates that hold a resource of this package's
# (``AWS::SSO::*``, ``AWS::IdentityStore::*``) the wrappers below make it behave as
# CloudFormation does (AWS CloudFormation User Guide, "Stack failure options" and "Update
# behaviors of stack resources"): a failed create deletes what was made and ends
# ROLLBACK_COMPLETE; a failed update puts the previous template back and ends
# UPDATE_ROLLBACK_COMPLETE; resources an update removes or replaces are deleted last
# (the cleanup phase), and a resource whose inputs changed because a resource it refers to was
# replaced is updated too. Templates without such a resource keep moto's own behaviour.

from moto.core.common_models import CloudFormationModel as CloudFormationModel  # noqa: E402

#: the module of moto that defines stacks (imported by moto on the first CloudFormation call)
CLOUDFORMATION_MODELS = "moto.cloudformation.models"
_CLOUDFORMATION_PARSING = "moto.cloudformation.parsing"
#: the resource types of this package (`ssoadmin_mock.cloudformation`) begin so
_OWN_TYPE_PREFIXES = ("AWS::SSO::", "AWS::IdentityStore::")
_WRAPPED = "_ssoadmin_stack_rollback"


class StackResourceFailure(Exception):
    """A resource of this library could not be created, updated or deleted: `reason` is what
    CloudFormation shows as the resource's status reason."""

    def __init__(self, reason: str, logical_id: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.logical_id = logical_id


class _RolledBack(Exception):
    """Raised past moto's code once a failed stack operation has been rolled back."""

    def __init__(self, logical_id: str, failure: StackResourceFailure, rollback_error: str | None):
        super().__init__(failure.reason)
        self.logical_id = logical_id
        self.failure = failure
        self.rollback_error = rollback_error


def refresh_cloudformation_types() -> None:
    """Make moto's CloudFormation see resource types defined after it listed them (moto
    caches the list of `CloudFormationModel` subclasses on first use)."""
    parsing = sys.modules.get(_CLOUDFORMATION_PARSING)
    if parsing is None:
        return
    for name in ("get_model_list", "get_model_map", "get_name_type_map"):
        cached = getattr(parsing, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def track_model(model: type, defined_as: str) -> None:
    """List a model class under its own name in moto's register of model instances (what
    moto's reset empties and ``/moto-api/data.json`` shows): moto files a class under the
    name of its ``class`` statement, `defined_as`, when it is made."""
    from moto.core.model_instances import model_data

    models = model_data[model.__module__.split(".")[1]]
    filed = models.get(defined_as)
    if filed is not None and getattr(filed, "__name__", defined_as) != defined_as:
        del models[defined_as]  # a class made under that name and renamed since
    models[model.__name__] = model


def unknown_attribute_error() -> Exception:
    """The error moto's CloudFormation turns into "Template error: resource X does not
    support attribute type Y in Fn::GetAtt"."""
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

    return UnformattedGetAttTemplateException()


def resolve_properties(resource_map: Any, resource_json: dict[str, Any]) -> dict[str, Any]:
    """The resource's ``Properties`` with ``Ref``, ``Fn::GetAtt``, ... resolved in the stack."""
    parsing = sys.modules[_CLOUDFORMATION_PARSING]
    resolved: dict[str, Any] = parsing.clean_json(
        resource_json.get("Properties") or {}, resource_map
    )
    return resolved


def patch_cloudformation(models: Any) -> None:
    """Give moto's stacks (module `models`, moto's ``moto.cloudformation.models``) rollback,
    cleanup and update propagation for templates with ``AWS::SSO::`` resources (idempotent)."""
    parsing = sys.modules[_CLOUDFORMATION_PARSING]
    resource_map_class = parsing.ResourceMap
    if getattr(resource_map_class.update, _WRAPPED, False):
        return
    refresh_cloudformation_types()
    _wrap(resource_map_class, "create", _create_resources)
    _wrap(resource_map_class, "update", _update_resources)
    _wrap(models.CloudFormationBackend, "create_stack", _stack_create)
    _wrap(_named(models, "Stack", "FakeStack"), "update", _stack_update)
    _wrap(models.CloudFormationBackend, "execute_change_set", _execute_change_set)
    _wrap(models.CloudFormationBackend, "delete_stack", _delete_stack)


def _named(module: Any, *names: str) -> Any:
    """The first of `names` `module` defines (moto 5.1 calls its classes ``FakeStack``,
    ``FakeEvent``; later releases ``Stack``, ``Event``)."""
    for name in names:
        found = getattr(module, name, None)
        if found is not None:
            return found
    raise AttributeError(f"{module.__name__} defines none of {names}")


def _wrap(owner: Any, name: str, replacement: Callable[..., Any]) -> None:
    original = getattr(owner, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        return replacement(original, self, *args, **kwargs)

    setattr(wrapper, _WRAPPED, True)
    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = original.__doc__
    setattr(owner, name, wrapper)


def _has_own_resources(*templates: Any) -> bool:
    for template in templates:
        resources = (template or {}).get("Resources") or {}
        for resource in resources.values():
            if str((resource or {}).get("Type", "")).startswith(_OWN_TYPE_PREFIXES):
                return True
    return False


def _resources_of(resource_map: Any) -> list[tuple[str, Any]]:
    """(logical id, resource) of every resource made in a stack, in the order it was made."""
    return [
        (logical_id, resource)
        for logical_id, resource in list(resource_map._parsed_resources.items())
        if logical_id in resource_map._resource_json_map
        and getattr(resource, "logical_resource_id", None) == logical_id
    ]


def _delete_quietly(resource_map: Any, logical_id: str, resource: Any, json_map: Any) -> str | None:
    """Delete one resource of a stack; what went wrong, or None."""
    try:
        resource_map._delete_resource(resource, json_map.get(logical_id) or {})
    except Exception as error:  # noqa: BLE001 - any resource type's failure is reported
        return f"{logical_id}: {getattr(error, 'reason', None) or error}"
    return None


def _create_resources(original: Any, resource_map: Any, template: dict[str, Any]) -> Any:
    """moto's ResourceMap.create; for SSO templates, a failure deletes what was made."""
    if not _has_own_resources(template):
        return original(resource_map, template)
    try:
        return original(resource_map, template)
    except StackResourceFailure as failure:
        raise _undo_creation(resource_map, failure) from failure


def _undo_creation(resource_map: Any, failure: StackResourceFailure) -> _RolledBack:
    """Delete what a failed stack creation made, the last made first."""
    json_map = resource_map._resource_json_map
    errors = [
        error
        for logical_id, resource in reversed(_resources_of(resource_map))
        if (error := _delete_quietly(resource_map, logical_id, resource, json_map))
    ]
    for logical_id, _resource in _resources_of(resource_map):
        resource_map._parsed_resources.pop(logical_id, None)
    return _RolledBack(failure.logical_id, failure, "; ".join(errors) or None)


def _update_resources(
    original: Any, resource_map: Any, template: dict[str, Any], parameters: Any = None
) -> Any:
    """moto's ResourceMap.update, for SSO templates in CloudFormation's order: create and
    update first, then update what refers to replaced resources, then delete what was removed
    or replaced (cleanup); on a failure, go back to the previous template."""
    previous_template = resource_map._template
    if not _has_own_resources(previous_template, template):
        return original(resource_map, template, parameters)
    previous_parameters = dict(resource_map.input_parameters or {})
    previous_json = dict(resource_map._resource_json_map)
    new_resources = template.get("Resources") or {}
    removed = {name: previous_json[name] for name in previous_json if name not in new_resources}
    # removed resources stay until the cleanup phase
    staged = dict(template, Resources={**new_resources, **removed})
    try:
        original(resource_map, staged, parameters)
        _propagate(resource_map)
    except StackResourceFailure as failure:
        rollback_error = _roll_back_update(
            original, resource_map, previous_template, previous_parameters
        )
        raise _RolledBack(failure.logical_id, failure, rollback_error) from failure
    _clean_up(resource_map, removed)
    resource_map._template = template
    resource_map._resource_json_map = new_resources
    return None


def _propagate(resource_map: Any) -> None:
    """Update the SSO resources whose resolved properties changed (they refer to a resource
    that was replaced), in the order they were made, until none changes."""
    for _ in range(len(resource_map._resource_json_map) + 1):
        changed = False
        for logical_id, resource in _resources_of(resource_map):
            refresh = getattr(resource, "refreshed", None)
            if refresh is None:
                continue
            resource_json = resource_map._resource_json_map[logical_id]
            updated = refresh(resolve_properties(resource_map, resource_json))
            if updated is not resource:
                updated.logical_resource_id = logical_id
                updated.cf_resource_type = resource_json.get("Type")
                resource_map._parsed_resources[logical_id] = updated
                changed = True
        if not changed:
            return


def _clean_up(resource_map: Any, removed: dict[str, Any]) -> None:
    """The cleanup phase: delete the resources an update replaced, then those it removed
    (each last made first); a failure leaves the resource in place (AWS: DELETE_FAILED)."""
    json_map = resource_map._resource_json_map
    for logical_id, resource in reversed(_resources_of(resource_map)):
        replaced = _take_replaced(resource)
        if (json_map.get(logical_id) or {}).get("UpdateReplacePolicy") == "Retain":
            continue  # the replaced resource is kept
        for old in replaced:
            try:
                old.delete(resource_map._account_id, resource_map._region_name)
            except Exception:  # noqa: BLE001 - cleanup failures do not fail the update
                pass
    for logical_id, resource in reversed(_resources_of(resource_map)):
        if logical_id in removed:
            if removed[logical_id].get("DeletionPolicy") != "Retain":
                _delete_quietly(resource_map, logical_id, resource, removed)
            resource_map._parsed_resources.pop(logical_id, None)


def _take_replaced(resource: Any) -> list[Any]:
    """The resources `resource` replaced (oldest last), forgotten by it."""
    replaced: list[Any] = []
    while getattr(resource, "replaced", None) is not None:
        old = resource.replaced
        resource.replaced = None
        replaced.append(old)
        resource = old
    return replaced


def _roll_back_update(
    original: Any, resource_map: Any, previous_template: Any, previous_parameters: Any
) -> str | None:
    """Undo a failed update: replaced resources come back (their replacements are deleted),
    then moto's own update to the previous template deletes what was added and puts back
    properties changed in place. What went wrong on the way, or None."""
    errors: list[str] = []
    for logical_id, resource in reversed(_resources_of(resource_map)):
        replaced = _take_replaced(resource)
        if not replaced:
            continue
        try:
            resource.delete(resource_map._account_id, resource_map._region_name)
        except Exception as error:  # noqa: BLE001
            errors.append(f"{logical_id}: {getattr(error, 'reason', None) or error}")
        resource_map._parsed_resources[logical_id] = replaced[-1]
    previous = (
        previous_template
        if (previous_template or {}).get("Resources")
        else {
            **(previous_template or {}),
            "Resources": {},
        }
    )
    # resources the failed update added but never made: nothing to delete (moto 5.1 fails on
    # removing a resource it never made)
    previous_resources = previous["Resources"]
    resource_map._resource_json_map = {
        name: resource_json
        for name, resource_json in resource_map._resource_json_map.items()
        if name in previous_resources or name in resource_map._parsed_resources
    }
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Unable to delete X, as it was never created"
            original(resource_map, previous, previous_parameters or None)
        _propagate(resource_map)
    except Exception as error:  # noqa: BLE001
        errors.append(str(getattr(error, "reason", None) or error))
    resource_map._template = previous
    resource_map._resource_json_map = previous.get("Resources") or {}
    return "; ".join(errors) or None


def _stack_event(stack: Any, logical_id: str, resource_type: str, status: str, reason: str) -> None:
    event = _named(sys.modules[CLOUDFORMATION_MODELS], "Event", "FakeEvent")
    resource = stack.resource_map._parsed_resources.get(logical_id)
    stack.events.append(
        event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=logical_id,
            physical_resource_id=str(getattr(resource, "physical_resource_id", "") or ""),
            resource_type=resource_type,
            resource_status=status,
            resource_status_reason=reason,
            resource_properties=None,
        )
    )


def _resource_type(stack: Any, logical_id: str, template: Any = None) -> str:
    for source in (template, stack.template_dict):
        resource = ((source or {}).get("Resources") or {}).get(logical_id)
        if resource:
            return str(resource.get("Type", ""))
    return ""


def _finish_rollback(stack: Any, done: _RolledBack, verb: str, kind: str, template: Any) -> None:
    """Record a rolled-back stack operation as CloudFormation shows it: the resource's
    ``<VERB>_FAILED`` event with the reason, then the stack's rollback events and status."""
    _stack_event(
        stack,
        done.logical_id,
        _resource_type(stack, done.logical_id, template),
        f"{verb}_FAILED",
        done.failure.reason,
    )
    prefix = "" if kind == "CREATE" else "UPDATE_"
    reason = (
        f"The following resource(s) failed to {verb.lower()}: [{done.logical_id}]. "
        + ("Rollback requested by user." if kind == "CREATE" else "")
    ).strip()
    stack._add_stack_event(f"{prefix}ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    if done.rollback_error:
        status = f"{prefix}ROLLBACK_FAILED"
        stack.stack_status_reason = done.rollback_error
    else:
        status = f"{prefix}ROLLBACK_COMPLETE"
        stack.stack_status_reason = reason
    stack._add_stack_event(status)
    stack.status = status
    if kind == "CREATE":  # nothing is left: no resources, no outputs
        resource_map = stack.resource_map
        resource_map._resource_json_map = {}
        resource_map._template = {**(resource_map._template or {}), "Resources": {}}
        stack.output_map = type(stack.output_map)(resource_map, {}, stack.stack_id)


def _stack_create(original: Any, backend: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """moto's CloudFormationBackend.create_stack: a failed SSO resource rolls the stack back
    (moto resolves a template's exports before it creates the rest, so a resource can fail
    on the way there too)."""
    try:
        return original(backend, name, *args, **kwargs)
    except (_RolledBack, StackResourceFailure) as error:
        stack = next(s for s in backend.stacks.values() if s.name == name)
        done = (
            error if isinstance(error, _RolledBack) else _undo_creation(stack.resource_map, error)
        )
        for export_name in [e.name for e in stack.exports if e.name in backend.exports]:
            if backend.exports[export_name].exporting_stack_id == stack.stack_id:
                del backend.exports[export_name]
        _finish_rollback(stack, done, "CREATE", "CREATE", stack.template_dict)
        return stack


def _stack_update(original: Any, stack: Any, template: str, *args: Any, **kwargs: Any) -> None:
    previous_template, previous_dict = stack.template, stack.template_dict
    try:
        original(stack, template, *args, **kwargs)
    except _RolledBack as done:
        attempted = stack.template_dict
        stack.template, stack.template_dict = previous_template, previous_dict
        stack.output_map = stack._create_output_map()
        _finish_rollback(stack, done, "UPDATE", "UPDATE", attempted)


def _execute_change_set(
    original: Any, backend: Any, change_set_name: str, stack_name: str | None = None
) -> None:
    """moto's CloudFormationBackend.execute_change_set: a failed SSO resource rolls the stack
    back; a stack made by an SSO change set gets the template's outputs (moto leaves them
    out)."""
    try:
        original(backend, change_set_name, stack_name)
    except _RolledBack as done:
        change_set = _change_set(backend, change_set_name)
        stack = backend.stacks[change_set.stack_id]
        change_set.execution_status = "EXECUTE_FAILED"
        kind = "CREATE" if change_set.change_set_type == "CREATE" else "UPDATE"
        _finish_rollback(stack, done, kind, kind, change_set.template_dict)
        return
    change_set = _change_set(backend, change_set_name)
    if _has_own_resources(change_set.template_dict):
        stack = backend.stacks[change_set.stack_id]
        stack.template_dict = change_set.template_dict
        stack.description = stack.template_dict.get("Description")
        stack.output_map = stack._create_output_map()


def _change_set(backend: Any, name_or_id: str) -> Any:
    return backend.change_sets.get(name_or_id) or next(
        c for c in backend.change_sets.values() if c.change_set_name == name_or_id
    )


def _delete_stack(original: Any, backend: Any, name_or_stack_id: str) -> None:
    """moto's CloudFormationBackend.delete_stack: when an SSO resource cannot be deleted the
    stack stays, DELETE_FAILED, with what was deleted gone and the rest kept (moto would drop
    the stack and raise)."""
    stack = backend.stacks.get(name_or_stack_id) or next(
        (s for s in backend.stacks.values() if s.name == name_or_stack_id), None
    )
    if stack is None or not _has_own_resources(stack.template_dict):
        original(backend, name_or_stack_id)
        return
    try:
        original(backend, name_or_stack_id)
    except StackResourceFailure as failure:
        backend.stacks[stack.stack_id] = stack
        backend.deleted_stacks.pop(stack.stack_id, None)
        _stack_event(
            stack,
            failure.logical_id,
            _resource_type(stack, failure.logical_id),
            "DELETE_FAILED",
            failure.reason,
        )
        reason = f"The following resource(s) failed to delete: [{failure.logical_id}]. "
        stack.stack_status_reason = reason.strip()
        stack._add_stack_event("DELETE_FAILED", resource_status_reason=reason.strip())
        stack.status = "DELETE_FAILED"
