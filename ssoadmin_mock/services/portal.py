"""The AWS access portal (boto3 ``sso``): ListAccounts, ListAccountRoles, GetRoleCredentials,
Logout, for the user an OIDC access token belongs to (`services.oidc`).

What the portal shows follows the account assignments (`services.assignments`): the user's
own and its groups', once their creation has SUCCEEDED (pending or deleted ones are not
listed). As on AWS (AWS access portal, "Using the AWS access portal"):

- ListAccounts gives each account the user holds a permission set in, with its name and
  email from organizations when the account is in an organization there (else the account
  id as name and no email), in account id order;
- ListAccountRoles gives, for one account, the names of the permission sets held there (the
  portal's "role names"), in name order;
- GetRoleCredentials gives credentials of the set's ``AWSReservedSSO_<name>_<suffix>`` role
  in the account, as a session named after the user, lasting the set's SessionDuration
  (`moto_bridge.role_session`, so moto's STS and IAM honour them); for a role the user does
  not hold (never assigned, or the assignment deleted) AWS answers HTTP 403
  ``ForbiddenException: No access``, and so does the mock;
- Logout ends the token's session: the access token (and its refresh token) are refused
  afterwards;
- an unknown, expired or logged-out token is ``UnauthorizedException`` ("Session token not
  found or invalid", AWS's message).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

from .. import jsontext, moto_bridge
from ..clock import Clock
from ..durations import session_seconds
from ..exceptions import ForbiddenException
from ..operations import Listing, operation
from .account import Body, Place
from .account_roles import AccountRoles, role_path
from .assignments import Assignments
from .instances import Instances
from .oidc import SignedIn
from .permission_sets import PermissionSet, PermissionSets

PORTAL = "sso"
USER = "USER"


def account_body(account_id: str, name: str, email: str | None) -> Body:
    """An account as ListAccounts shows it (`email` None: the account is in no
    organization, and its id stands for its name)."""
    if email is None:
        return {"accountId": account_id, "accountName": name}
    return {"accountId": account_id, "accountName": name, "emailAddress": email}


def _remembered_text(body: Callable[..., Body]) -> Callable[..., str]:
    """`body` written as JSON text, remembered by its arguments: the portal lists the same
    accounts and roles on every call of a user (strings only, so the key is hashed in C)."""
    return lru_cache(maxsize=4096)(lambda *shown: jsontext.text(body(*shown)))


#: the longest role session name STS takes (AssumeRole's ``RoleSessionName``: "Length
#: Constraints: Minimum length of 2. Maximum length of 64.")
SESSION_NAME_MAX = 64


def session_name(user_name: str) -> str:
    """The role session a user's GetRoleCredentials makes is named after the user: its user
    name, cut to the 64 characters STS allows (IAM Identity Center sets the session name to
    the user name, "a long email truncated to RoleSessionName's 64-character limit", as
    fivexl/terraform-aws-sso-elevator's ``sso.find_email_by_username`` describes sessions it
    reads back)."""
    return user_name[:SESSION_NAME_MAX]


def role_body(account_id: str, role_name: str) -> Body:
    """A role as ListAccountRoles shows it."""
    return {"roleName": role_name, "accountId": account_id}


_account_text = _remembered_text(account_body)
_role_text = _remembered_text(role_body)


def _itself(name: str) -> str:
    """An account id's or a role name's listing key: itself (lists are in that order)."""
    return name


class Portal:
    """The access portal of one account and Region, for tokens its OIDC service issued."""

    def __init__(
        self,
        place: Place,
        signed_in: Callable[[str], SignedIn],
        log_out: Callable[[str], None],
        clock: Clock,
        instances: Instances,
        permission_sets: PermissionSets,
        assignments: Assignments,
        roles: AccountRoles,
    ) -> None:
        self.place = place
        self.signed_in = signed_in
        self.log_out = log_out
        self.clock = clock
        self.instances = instances
        self.permission_sets = permission_sets
        self.assignments = assignments
        self.roles = roles

    @operation("ListAccounts", service=PORTAL)
    def list_accounts(self, access_token: str) -> Listing[str]:
        user = self.signed_in(access_token)
        accounts = sorted({account for account, _ in self._held(user)})
        members = moto_bridge.member_accounts(frozenset(accounts), self.place.partition)

        def shown(account_id: str) -> tuple[str, str, str | None]:
            member = members.get(account_id)
            if member is None:  # in no organization: its id stands for its name
                return account_id, account_id, None
            return account_id, member.name, member.email

        return Listing(
            accounts,
            lambda account_id: account_body(*shown(account_id)),
            key=_itself,
            scope=(user.instance_arn, user.user_id),
            encoded=lambda account_id: _account_text(*shown(account_id)),
        )

    @operation("ListAccountRoles", service=PORTAL)
    def list_account_roles(self, access_token: str, account_id: str) -> Listing[str]:
        user = self.signed_in(access_token)
        names = sorted({ps.name for account, ps in self._held(user, account_id)})
        return Listing(
            names,
            partial(role_body, account_id),
            key=_itself,
            scope=(user.instance_arn, user.user_id, account_id),
            encoded=partial(_role_text, account_id),
        )

    @operation("GetRoleCredentials", service=PORTAL)
    def get_role_credentials(self, access_token: str, account_id: str, role_name: str) -> Body:
        user = self.signed_in(access_token)
        held = [ps for _, ps in self._held(user, account_id) if ps.name == role_name]
        role = self.roles.role(held[0].arn, account_id) if held else None
        if role is None:
            raise ForbiddenException("No access")
        arn = (
            f"arn:{self.place.partition}:iam::{account_id}:role"
            f"{role_path(self.place.region)}{role.name}"
        )
        seconds = session_seconds(held[0].session_duration)
        session = moto_bridge.role_session(
            arn, session_name(user.user_name), seconds, self.place.region, self.place.partition
        )
        return {
            "roleCredentials": {
                "accessKeyId": session.access_key_id,
                "secretAccessKey": session.secret_access_key,
                "sessionToken": session.session_token,
                # epoch milliseconds of a whole second, as AWS sends it (aws/aws-cli#7340:
                # "expiration": 1665736069000); botocore's SSO provider divides by 1000
                "expiration": int(self.clock.now() + seconds) * 1000,
            }
        }

    @operation("Logout", service=PORTAL)
    def logout(self, access_token: str) -> Body:
        self.log_out(access_token)
        return {}

    def _held(
        self, user: SignedIn, account_id: str | None = None
    ) -> list[tuple[str, PermissionSet]]:
        """(account, permission set) of every assignment the user holds, directly or through
        a group, in this instance (made: SUCCEEDED)."""
        if self.instances.find(user.instance_arn) is None:
            return []
        instance = self.instances.get(user.instance_arn)  # refused unless ACTIVE
        found: list[tuple[str, PermissionSet]] = []
        for assignment in self.assignments.held_by(instance, USER, user.user_id, account_id):
            permission_set = self.permission_sets.find(assignment.permission_set_arn)
            if permission_set is not None:
                found.append((assignment.account_id, permission_set))
        return found
