"""The identity stores of one account: users, groups and memberships, with their indexes.

A store is the one an instance's ``IdentityStoreId`` names. `IdentityStores.get` finds it
for a request: the account's instance in the request's Region whose identity store it is;
any other id is refused as AWS refuses it, ``ResourceNotFoundException`` with
``ResourceType: IDENTITY_STORE`` and the message "IdentityStore not present for
IdentityStoreId: d-..." (as AWS answers an unknown store, pasted in awslabs/ssosync#221).
A store's `Directory` is made on its first use and dropped with its instance.

Every look-up the API offers is one dict read, whatever the store's size: users by id, by
user name, by external id and by email; groups by id, display name and external id;
memberships by id, by member and by group. User names and group display names are unique
in a store, compared without regard to case (`name_key`): IAM Identity Center refuses a
second user ``Alice`` beside ``alice``; see README "Known differences from AWS".

Newer models add to what a user, group or membership answers its ARN (``UserArn``, ...;
`ids.identity_resource_arn`) and, for users and groups, a ``Revision`` ("This value
changes each time the user is modified", DescribeUser), which UpdateUser/UpdateGroup and
DeleteUser/DeleteGroup may name to act only on that revision ("If the value doesn't match,
the operation fails with a ConflictException", UpdateUser). `identifying` is the one place
that decides which of them a response carries: those the installed model's output has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter

from ... import ids
from ...exceptions import ConflictException, ResourceNotFoundException
from ...ids import next_sequence
from ...jsontext import NOT_ENCODED, Encoded
from ..account import Body, Place, now
from ..instances import Instances

USER = "USER"
GROUP = "GROUP"
GROUP_MEMBERSHIP = "GROUP_MEMBERSHIP"
IDENTITY_STORE = "IDENTITY_STORE"

#: per kind: the member naming a resource's id, the one naming its ARN, and the ARN's kind
_NAMING = {
    USER: ("UserId", "UserArn", "user"),
    GROUP: ("GroupId", "GroupArn", "group"),
    GROUP_MEMBERSHIP: ("MembershipId", "MembershipArn", "membership"),
}


def name_key(name: str) -> str:
    """How user names and group display names are compared for uniqueness."""
    return name.casefold()


@dataclass(slots=True)
class Stamp:
    """Who made and last changed a resource, and when (``CreatedAt``/``CreatedBy``, ...)."""

    created_at: float
    created_by: str
    updated_at: float
    updated_by: str
    #: ``Revision``: AWS documents no first value; the mock starts at 1 and counts every
    #: change of the resource itself (README, Known differences)
    revision: int = 1

    def body(self) -> Body:
        return {
            "CreatedAt": self.created_at,
            "CreatedBy": self.created_by,
            "UpdatedAt": self.updated_at,
            "UpdatedBy": self.updated_by,
        }

    def touch(self, by: str) -> None:
        self.updated_at = now()
        self.updated_by = by
        self.revision += 1

    def expect(self, revision: str | None, kind: str) -> None:
        """Refuse a request naming a ``Revision`` that is not the current one (UpdateUser,
        DeleteUser, ...: "If the value doesn't match, the operation fails with a
        ConflictException"; ``Reason: CONCURRENT_MODIFICATION``, "The requested resource
        was being concurrently modified by another request", ConflictException)."""
        if revision is not None and int(revision) != self.revision:
            raise ConflictException(
                f"The {kind.lower()} was modified: its revision is {self.revision}, not {revision}",
                Reason="CONCURRENT_MODIFICATION",
            )


#: what a user's or group's listed text changes with (`jsontext.remembering`)
REVISION = attrgetter("stamp.revision")


@dataclass(slots=True)
class User:
    user_id: str
    seq: int
    #: the user's attributes as the model names them (``UserName``, ``Name``, ``Emails``, ...)
    attributes: Body
    stamp: Stamp
    external_ids: list[dict[str, str]] = field(default_factory=list)
    status: str = "ENABLED"
    #: the text ListUsers last showed it as (every change bumps ``stamp.revision``)
    encoded: Encoded = field(default=NOT_ENCODED, compare=False, repr=False)

    @property
    def user_name(self) -> str:
        return str(self.attributes.get("UserName", ""))

    def emails(self) -> list[str]:
        return [str(e["Value"]) for e in self.attributes.get("Emails", ()) if "Value" in e]


@dataclass(slots=True)
class Group:
    group_id: str
    seq: int
    #: ``DisplayName`` and ``Description`` as set
    attributes: Body
    stamp: Stamp
    external_ids: list[dict[str, str]] = field(default_factory=list)
    #: the text ListGroups last showed it as (every change bumps ``stamp.revision``)
    encoded: Encoded = field(default=NOT_ENCODED, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        return str(self.attributes.get("DisplayName", ""))


@dataclass(slots=True)
class Membership:
    membership_id: str
    group_id: str
    user_id: str
    seq: int
    stamp: Stamp
    #: the text a membership list last showed it as (a membership never changes)
    encoded: Encoded = field(default=NOT_ENCODED, compare=False, repr=False)


class Directory:
    """One identity store: its users, groups and memberships, and their indexes."""

    def __init__(
        self, store_id: str, instance_arn: str, keep: Callable[[Directory], None] | None = None
    ) -> None:
        self.store_id = store_id
        self.instance_arn = instance_arn
        #: puts a store not kept yet among the account's on its first write (so a refused
        #: request on an empty store changes nothing); None once kept
        self._keep = keep
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.memberships: dict[str, Membership] = {}
        #: `name_key` of a user name / group display name -> id
        self.user_names: dict[str, str] = {}
        self.group_names: dict[str, str] = {}
        #: (issuer, external id) -> id
        self.user_external: dict[tuple[str, str], str] = {}
        self.group_external: dict[tuple[str, str], str] = {}
        #: `name_key` of an email address -> ids of the users that have it, oldest first
        self.user_emails: dict[str, dict[str, None]] = {}
        #: user id -> {group id: membership}; group id -> {membership id: membership}
        self.by_member: dict[str, dict[str, Membership]] = {}
        self.by_group: dict[str, dict[str, Membership]] = {}

    # --- users ---------------------------------------------------------------------------

    def _kept(self) -> None:
        if self._keep is not None:
            self._keep(self)
            self._keep = None

    def add_user(self, user: User) -> None:
        self._kept()
        self.users[user.user_id] = user
        self._index_user(user)

    def replace_user(self, user: User, attributes: Body) -> None:
        """Give `user` new attributes, keeping the indexes true (re-indexed only when what
        they index, the user name and the emails, changed)."""
        held = user.attributes
        if held.get("UserName") == attributes.get("UserName") and held.get(
            "Emails"
        ) == attributes.get("Emails"):
            user.attributes = attributes
            return
        self._unindex_user(user)
        user.attributes = attributes
        self._index_user(user)

    def remove_user(self, user: User) -> list[Membership]:
        """Drop the user and its memberships (returned)."""
        self._unindex_user(user)
        for key in [(e["Issuer"], e["Id"]) for e in user.external_ids]:
            self.user_external.pop(key, None)
        del self.users[user.user_id]
        dropped = list(self.by_member.pop(user.user_id, {}).values())
        for membership in dropped:
            self._forget_membership(membership)
        return dropped

    def _index_user(self, user: User) -> None:
        self.user_names[name_key(user.user_name)] = user.user_id
        for email in user.emails():
            self.user_emails.setdefault(name_key(email), {})[user.user_id] = None

    def _unindex_user(self, user: User) -> None:
        self.user_names.pop(name_key(user.user_name), None)
        for email in user.emails():
            holders = self.user_emails.get(name_key(email))
            if holders is not None:
                holders.pop(user.user_id, None)
                if not holders:
                    del self.user_emails[name_key(email)]

    # --- groups --------------------------------------------------------------------------

    def add_group(self, group: Group) -> None:
        self._kept()
        self.groups[group.group_id] = group
        self.group_names[name_key(group.display_name)] = group.group_id

    def replace_group(self, group: Group, attributes: Body) -> None:
        self.group_names.pop(name_key(group.display_name), None)
        group.attributes = attributes
        self.group_names[name_key(group.display_name)] = group.group_id

    def remove_group(self, group: Group) -> list[Membership]:
        """Drop the group and its memberships (returned)."""
        self.group_names.pop(name_key(group.display_name), None)
        for key in [(e["Issuer"], e["Id"]) for e in group.external_ids]:
            self.group_external.pop(key, None)
        del self.groups[group.group_id]
        dropped = list(self.by_group.pop(group.group_id, {}).values())
        for membership in dropped:
            self._forget_membership(membership)
        return dropped

    # --- memberships -----------------------------------------------------------------------

    def add_membership(self, membership: Membership) -> None:
        self._kept()
        self.memberships[membership.membership_id] = membership
        self.by_member.setdefault(membership.user_id, {})[membership.group_id] = membership
        self.by_group.setdefault(membership.group_id, {})[membership.membership_id] = membership

    def remove_membership(self, membership: Membership) -> None:
        self._forget_membership(membership)

    def membership_of(self, user_id: str, group_id: str) -> Membership | None:
        return self.by_member.get(user_id, {}).get(group_id)

    def _forget_membership(self, membership: Membership) -> None:
        self.memberships.pop(membership.membership_id, None)
        of_member = self.by_member.get(membership.user_id)
        if of_member is not None:
            of_member.pop(membership.group_id, None)
            if not of_member:
                del self.by_member[membership.user_id]
        of_group = self.by_group.get(membership.group_id)
        if of_group is not None:
            of_group.pop(membership.membership_id, None)
            if not of_group:
                del self.by_group[membership.group_id]

    def groups_of(self, user_id: str) -> list[str]:
        """Ids of the groups the user belongs to, in the order the memberships were made."""
        return list(self.by_member.get(user_id, {}))


class IdentityStores:
    """The identity stores of one account, as a Region's requests reach them."""

    def __init__(self, place: Place, instances: Instances, directories: dict[str, Directory]):
        self.place = place
        self.instances = instances
        #: store id -> its directory, for every Region of the account (shared by the
        #: account's backends, made on first use)
        self.directories = directories
        #: ``CreatedBy``/``UpdatedBy``: the account's root (see README, Known differences)
        self.caller = f"arn:{place.partition}:iam::{place.account_id}:root"

    def stamp(self) -> Stamp:
        at = now()
        return Stamp(at, self.caller, at, self.caller)

    def get(self, store_id: str) -> Directory:
        """The store `store_id` (or its ARN, as newer models allow) of an instance of this
        account in this Region."""
        store_id = store_id_of(store_id)
        directory = self.directories.get(store_id)
        if directory is not None and self._here(directory.instance_arn):
            return directory
        for instance in self.instances.here():
            if instance.identity_store_id == store_id:
                return Directory(store_id, instance.arn, self._keep)
        # AWS's answer to a store id it does not have (awslabs/ssosync#221)
        missing = ResourceNotFoundException(
            f"IdentityStore not present for IdentityStoreId: {store_id}",
            ResourceType=IDENTITY_STORE,
            ResourceId=store_id,
        )
        adopted = None if directory is not None else self.instances.adopted_for_store(
            store_id, missing
        )
        if adopted is None:
            raise missing
        return Directory(store_id, adopted.arn, self._keep)

    def _keep(self, directory: Directory) -> None:
        self.directories[directory.store_id] = directory

    def find(self, store_id: str) -> Directory | None:
        """The store if it holds anything yet (for sso-admin's principal checks)."""
        return self.directories.get(store_id)

    def _here(self, instance_arn: str) -> bool:
        return self.instances.find(instance_arn) is not None

    def drop_instance(self, instance_arn: str) -> None:
        """The instance is gone: so is its identity store."""
        for store_id in [s for s, d in self.directories.items() if d.instance_arn == instance_arn]:
            del self.directories[store_id]

    @staticmethod
    def new_seq() -> int:
        return next_sequence()


def identifying(
    kind: str,
    resource_id: str,
    stamp: Stamp,
    store_id: str,
    partition: str,
    members: frozenset[str],
) -> Body:
    """``IdentityStoreId``, the resource's id, its ARN and its ``Revision`` (users and
    groups): each only when `members`, the installed model's output members, has it."""
    store_member, id_member, arn_kind, revision_member = _identifying_plan(kind, members)
    body: Body = {}
    if store_member:
        body["IdentityStoreId"] = store_id
    if id_member is not None:
        body[id_member] = resource_id
    if arn_kind is not None:
        body[_NAMING[kind][1]] = ids.identity_resource_arn(partition, arn_kind, resource_id)
    if revision_member:
        body["Revision"] = str(stamp.revision)
    return body


@cache
def _identifying_plan(
    kind: str, members: frozenset[str]
) -> tuple[bool, str | None, str | None, bool]:
    """What `identifying` writes for `kind` under `members`, worked out once per output
    shape: (store id?, the id member, the ARN's kind, revision?)."""
    id_member, arn_member, arn_kind = _NAMING[kind]
    return (
        "IdentityStoreId" in members,
        id_member if id_member in members else None,
        arn_kind if arn_member in members else None,
        kind != GROUP_MEMBERSHIP and "Revision" in members,
    )


_STAMP_MEMBERS = ("CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy")


@cache
def _stamp_members(members: frozenset[str]) -> tuple[str, ...]:
    """The members of `Stamp.body` that `members` has, in its order (once per shape)."""
    return tuple(name for name in _STAMP_MEMBERS if name in members)


def render_stamp(body: Body, stamp: Stamp, members: frozenset[str]) -> None:
    """Put the stamp's members that `members` has into `body` (as
    ``body.update(stamp.body())`` filtered by `members`, without the dict per call)."""
    wanted = _stamp_members(members)
    if len(wanted) == 4:
        body["CreatedAt"] = stamp.created_at
        body["CreatedBy"] = stamp.created_by
        body["UpdatedAt"] = stamp.updated_at
        body["UpdatedBy"] = stamp.updated_by
    elif wanted:
        shown = stamp.body()
        for name in wanted:
            body[name] = shown[name]


def not_found(kind: str, member: str, value: str) -> ResourceNotFoundException:
    """A user, group or membership the store does not have, worded as AWS words a missing
    store ("<Resource> not present for <Member>: <value>")."""
    names = {USER: "User", GROUP: "Group", GROUP_MEMBERSHIP: "GroupMembership"}
    return ResourceNotFoundException(
        f"{names[kind]} not present for {member}: {value}", ResourceType=kind, ResourceId=value
    )


def none_matching(kind: str, value: str) -> ResourceNotFoundException:
    """No user or group has the ``AlternateIdentifier`` (GetUserId, GetGroupId), worded as AWS
    words it: "USER not found." (code calling GetUserId against AWS matches
    "ResourceNotFoundException: USER not found", a public Pulumi program's user look-up)."""
    return ResourceNotFoundException(f"{kind} not found.", ResourceType=kind, ResourceId=value)


def store_id_of(named: str) -> str:
    """The store id an ``IdentityStoreId`` member names: itself, or the last part of the
    store's ARN (``arn:aws:identitystore::<account>:identitystore/d-…``), which newer
    models allow there."""
    return named.rpartition("/")[2] if named.startswith("arn:") else named
