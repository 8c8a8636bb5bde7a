"""Users: CreateUser, DescribeUser, UpdateUser, DeleteUser, ListUsers and GetUserId.

Behaviour (AWS Identity Store API reference, the page of each operation):

- CreateUser takes every attribute the installed model has and answers ``UserId`` (a UUID
  as AWS's ids look, ``ids.identity_resource_id``). IAM Identity Center requires
  ``UserName``, ``DisplayName`` and ``Name`` with ``GivenName`` and ``FamilyName`` ("When used
  in IAM Identity Center, this parameter is required"); ``Administrator`` and
  ``AWSAdministrators`` are reserved ("Administrator and AWSAdministrators are reserved
  names and can't be used for users or groups", CreateUser). A user name another user of
  the store has (compared without regard to case) is a ``ConflictException`` with
  ``Reason: UNIQUENESS_CONSTRAINT_VIOLATION`` ("would violate an existing uniqueness claim in
  the identity store", ConflictException).
- DescribeUser and ListUsers show every attribute set, ``UserStatus``, ``CreatedAt``/``By``,
  ``UpdatedAt``/``By`` and ``ExternalIds`` when the user has some; ``Extensions`` only when
  the request names them. Members the installed model lacks are never sent.
- UpdateUser applies its ``Operations`` all or nothing (`attributes.apply_operations`).
- Where the installed model has them, users answer ``UserArn`` and ``Revision``, and
  UpdateUser/DeleteUser take the ``Revision`` they expect (`store.identifying`,
  `store.Stamp.expect`); a user is named by its id or its ARN.
- DeleteUser removes the user's group memberships; its account and application
  assignments stay, as in AWS, where a deleted user's assignments are still listed
  (61418/aws-sso-util#93: "users that were deleted ... show up in the 'AWS Organizations:
  AWS accounts' section") and can still be deleted.
- GetUserId finds a user by ``userName`` or ``emails.value``, or by an external id.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

from ... import ids
from ...exceptions import ConflictException, ValidationException
from ...jsontext import Written, remembering
from ...operations import Listing
from ...service import IDENTITYSTORE, output_item_members, output_members
from . import identitystore_operation
from .attributes import (
    EXTENSIONS,
    USER_FILTERS,
    USER_REQUIRED,
    USER_UNIQUE,
    apply_operations,
    filter_value,
    require_supported,
    unique_value,
    user_paths,
)
from .store import (
    REVISION,
    USER,
    Directory,
    IdentityStores,
    User,
    identifying,
    name_key,
    none_matching,
    not_found,
    render_stamp,
)

Body = dict[str, Any]

#: AWS's reserved names (CreateUser, UserName)
RESERVED_NAMES = frozenset({"administrator", "awsadministrators"})
UNIQUENESS = "UNIQUENESS_CONSTRAINT_VIOLATION"


class Users:
    """The users of the account's identity stores."""

    def __init__(self, stores: IdentityStores) -> None:
        self.stores = stores

    @identitystore_operation("CreateUser")
    def create(self, identity_store_id: str, **given: Any) -> Body:
        """`given`: the user's attributes under the model's names (``UserName``, ``Name``)."""
        directory = self.stores.get(identity_store_id)
        _require_user_attributes(given)
        if EXTENSIONS in given:
            require_supported(given[EXTENSIONS])
        user_name = str(given["UserName"])
        _refuse_reserved(user_name)
        _refuse_taken(directory, user_name)
        user = User(
            user_id=ids.identity_resource_id(),
            seq=self.stores.new_seq(),
            attributes=given,
            stamp=self.stores.stamp(),
        )
        directory.add_user(user)
        return self._identifying(user, identity_store_id, "CreateUser")

    @identitystore_operation("DescribeUser")
    def describe(
        self, identity_store_id: str, user_id: str, extensions: list[str] | None = None
    ) -> Body | Written:
        directory = self.stores.get(identity_store_id)
        user = self.get(directory, user_id)
        partition = self.stores.place.partition
        members = _describe_members()
        if extensions:
            require_supported(extensions)
            return render(user, directory, members, extensions, partition)

        def render_one(item: User) -> Body:
            return render(item, directory, members, None, partition)

        # the user as ListUsers shows it (the same shape): the text it keeps, if current
        return Written.of(user, render_one, REVISION, (partition, members))

    @identitystore_operation("UpdateUser")
    def update(
        self,
        identity_store_id: str,
        user_id: str,
        operations: list[Body],
        revision: str | None = None,
    ) -> Body:
        directory = self.stores.get(identity_store_id)
        user = self.get(directory, user_id)
        user.stamp.expect(revision, USER)
        updated = apply_operations(
            user.attributes, operations, user_paths(), USER_REQUIRED, extensions=True
        )
        new_name = str(updated["UserName"])
        if name_key(new_name) != name_key(user.user_name):
            _refuse_reserved(new_name)
            _refuse_taken(directory, new_name)
        directory.replace_user(user, updated)
        user.stamp.touch(self.stores.caller)
        return self._identifying(user, identity_store_id, "UpdateUser")

    @identitystore_operation("DeleteUser")
    def delete(self, identity_store_id: str, user_id: str, revision: str | None = None) -> Body:
        directory = self.stores.get(identity_store_id)
        user = self.get(directory, user_id)
        user.stamp.expect(revision, USER)
        directory.remove_user(user)
        return {}

    @identitystore_operation("ListUsers")
    def list(
        self,
        identity_store_id: str,
        extensions: list[str] | None = None,
        filters: list[Body] | None = None,
    ) -> Listing[User]:
        directory = self.stores.get(identity_store_id)
        require_supported(extensions)
        wanted = filter_value(filters, USER_FILTERS)
        users: Collection[User]
        if wanted is None:
            users = directory.users.values()  # paged without a copy of every user
        else:
            found = directory.user_names.get(name_key(wanted[1]))
            users = [] if found is None else [directory.users[found]]
        members = _list_members()
        partition = self.stores.place.partition
        shown = (partition, members)  # what else a user's text depends on: the same per call

        def body(user: User) -> Body:
            return render(user, directory, members, extensions, partition)

        return Listing(
            users,
            body,
            scope=(identity_store_id, repr(filters), repr(extensions)),
            # a user's text is kept while its revision is unchanged (extensions: made anew)
            encoded=None
            if extensions
            else remembering(body, REVISION, shown),
        )

    @identitystore_operation("GetUserId")
    def get_id(self, identity_store_id: str, alternate_identifier: Body) -> Body:
        directory = self.stores.get(identity_store_id)
        attribute, value = unique_value(alternate_identifier, USER_UNIQUE, "user")
        if attribute is None:
            found = directory.user_external.get(value)  # type: ignore[arg-type]
            shown = f"{value[0]}/{value[1]}"
        elif attribute == "UserName":
            found = directory.user_names.get(name_key(str(value)))
            shown = str(value)
        else:
            holders = directory.user_emails.get(name_key(str(value)))
            found = next(iter(holders)) if holders else None
            shown = str(value)
        if found is None:
            raise none_matching(USER, shown)
        return self._identifying(directory.users[found], identity_store_id, "GetUserId")

    def _identifying(self, user: User, identity_store_id: str, operation: str) -> Body:
        return identifying(
            USER,
            user.user_id,
            user.stamp,
            identity_store_id,
            self.stores.place.partition,
            output_members(operation, IDENTITYSTORE),
        )

    # --- used by the other identitystore services -------------------------------------------

    @staticmethod
    def get(directory: Directory, user_id: str) -> User:
        """The user `user_id` (its id or ARN) names."""
        user = directory.users.get(ids.identity_resource_of(user_id))
        if user is None:
            raise not_found(USER, "UserId", user_id)
        return user


def render(
    user: User,
    directory: Directory,
    members: frozenset[str],
    extensions: list[str] | None,
    partition: str,
) -> Body:
    """The user as DescribeUser / ListUsers show it (only members the model has)."""
    body = identifying(USER, user.user_id, user.stamp, directory.store_id, partition, members)
    for name, value in user.attributes.items():
        if name != EXTENSIONS and name in members:
            body[name] = value
    if user.external_ids and "ExternalIds" in members:
        body["ExternalIds"] = list(user.external_ids)
    if "UserStatus" in members:
        body["UserStatus"] = user.status
    render_stamp(body, user.stamp, members)
    held = user.attributes.get(EXTENSIONS)
    if extensions and held and EXTENSIONS in members:
        chosen = {name: held[name] for name in extensions if name in held}
        if chosen:
            body[EXTENSIONS] = chosen
    return body


def _require_user_attributes(given: Body) -> None:
    """What IAM Identity Center requires of a user (CreateUser: "When used in IAM Identity
    Center, this parameter is required"), in the validator's words."""
    name = given.get("Name")
    if (
        "UserName" in given
        and "DisplayName" in given
        and name.__class__ is dict
        and "GivenName" in name
        and "FamilyName" in name
    ):
        return  # the usual: all there
    missing = [
        path
        for path, present in (
            ("userName", "UserName" in given),
            ("displayName", "DisplayName" in given),
            ("name", "Name" in given),
            ("name.givenName", "Name" not in given or "GivenName" in given["Name"]),
            ("name.familyName", "Name" not in given or "FamilyName" in given["Name"]),
        )
        if not present
    ]
    if missing:
        count = len(missing)
        raise ValidationException(
            f"{count} validation error{'s' if count > 1 else ''} detected: "
            + "; ".join(
                f"Value null at '{path}' failed to satisfy constraint: Member must not be null"
                for path in missing
            )
        )


def _refuse_reserved(name: str) -> None:
    if name.casefold() in RESERVED_NAMES:
        raise ValidationException(
            f"{name} is a reserved name and can't be used for users or groups."
        )


def _refuse_taken(directory: Directory, user_name: str) -> None:
    if name_key(user_name) in directory.user_names:
        raise ConflictException("Duplicate UserName", Reason=UNIQUENESS)


@cache
def _describe_members() -> frozenset[str]:
    return output_members("DescribeUser", IDENTITYSTORE)


@cache
def _list_members() -> frozenset[str]:
    return output_item_members("ListUsers", "Users", IDENTITYSTORE)
