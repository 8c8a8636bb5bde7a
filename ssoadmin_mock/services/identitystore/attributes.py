"""Attribute paths: what UpdateUser and UpdateGroup change, and what GetUserId, GetGroupId
and the deprecated ``Filters`` of ListUsers and ListGroups look up.

Paths are the lowerCamel names of the model's members (AWS Identity Store API reference,
AttributeOperation: "A string representation of the path to a given attribute or
sub-attribute"): ``displayName``, ``name.givenName``, ``emails``, ``addresses``, ...; an
extension by its name (``aws:identitystore:enterprise``). They are derived from the
installed model's CreateUser and CreateGroup inputs, so a newer botocore's attributes are
updatable without code changes, and matched without regard to case (AWS's own examples
write ``UserName`` as well as ``userName``). An operation with an ``AttributeValue`` sets the
attribute (the value checked against the member's shape, with the validator's messages);
one without removes it. What IAM Identity Center requires cannot be removed: a user's
``userName``, ``displayName``, ``name.givenName`` and ``name.familyName`` ("When used in IAM
Identity Center, this parameter is required", CreateUser), a group's ``displayName``.

Extensions: "``aws:identitystore:enterprise`` is the only supported extension name"
(CreateUser, Extensions, in the installed model's documentation): another name the model's
pattern allows is refused wherever a request names an extension (`require_supported`).

GetUserId's unique attributes are ``userName`` and ``emails.value`` (API reference,
AlternateIdentifier: "For the unique attribute, the only valid paths are userName and
emails.value"); GetGroupId's is ``displayName``. The deprecated filters take ``UserName``
(ListUsers) and ``DisplayName`` (ListGroups) (API reference, Filter).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.model import Shape

from ...exceptions import ValidationException
from ...service import IDENTITYSTORE, operation_model
from ...validation import check_value, format_errors, lower_camel

Body = dict[str, Any]
#: lower-cased path -> (member names from the top, the member's shape)
Paths = dict[str, tuple[tuple[str, ...], Shape]]

EXTENSIONS = "Extensions"

USER_REQUIRED = (("UserName",), ("DisplayName",), ("Name", "GivenName"), ("Name", "FamilyName"))
GROUP_REQUIRED = (("DisplayName",),)

#: GetUserId / GetGroupId: lower-cased unique attribute path -> what it reads
USER_UNIQUE = {"username": "UserName", "emails.value": "Emails"}
GROUP_UNIQUE = {"displayname": "DisplayName"}
#: ListUsers / ListGroups: lower-cased filter path -> the attribute compared
USER_FILTERS = {"username": "UserName"}
GROUP_FILTERS = {"displayname": "DisplayName"}


@cache
def user_paths() -> Paths:
    return _paths("CreateUser")


@cache
def group_paths() -> Paths:
    return _paths("CreateGroup")


#: the extensions IAM Identity Center supports (see the module docstring)
SUPPORTED_EXTENSIONS = ("aws:identitystore:enterprise",)


def require_supported(names: Any) -> None:
    """``ValidationException`` unless every extension name in `names` is a supported one."""
    for name in names or ():
        if str(name).lower() not in SUPPORTED_EXTENSIONS:
            raise ValidationException(
                f"Invalid extension name {name}: {', '.join(SUPPORTED_EXTENSIONS)} is the "
                "only supported extension name."
            )


@cache
def extension_shape() -> Shape | None:
    member = operation_model("CreateUser", IDENTITYSTORE).input_shape.members.get(EXTENSIONS)
    return None if member is None else member.value


def _paths(operation: str) -> Paths:
    shape = operation_model(operation, IDENTITYSTORE).input_shape
    found: Paths = {}
    for name, member in shape.members.items():
        if name in ("IdentityStoreId", EXTENSIONS):
            continue
        found[lower_camel(name).lower()] = ((name,), member)
        if member.type_name == "structure" and not getattr(member, "is_document_type", False):
            for sub, sub_shape in member.members.items():
                key = f"{lower_camel(name)}.{lower_camel(sub)}".lower()
                found[key] = ((name, sub), sub_shape)
    return found


def apply_operations(
    attributes: Body,
    operations: list[dict[str, Any]],
    paths: Paths,
    required: tuple[tuple[str, ...], ...],
    extensions: bool = False,
) -> Body:
    """The attributes after `operations` (a new dict; `attributes` is left as it was).

    ``ValidationException`` for a path the resource does not have, a value its shape
    refuses, or the removal of a required attribute.
    """
    # copy on write: a shallow copy here, and each structure copied before it is changed
    # (`_set`, `_remove`, `_apply_extension`), so `attributes` is never touched
    updated = dict(attributes)
    for index, op in enumerate(operations, start=1):
        path = str(op["AttributePath"])
        value = op.get("AttributeValue")
        where = f"operations.{index}.member.attributeValue"
        found = paths.get(path.lower())
        if found is None and extensions and path.lower().startswith("aws:identitystore:"):
            _apply_extension(updated, path, value, where)
            continue
        if found is None:
            raise ValidationException(f"Invalid attribute path {path}: no such attribute.")
        members, shape = found
        if value is None:
            _remove(updated, members)
            continue
        value = under_model_names(shape, value)
        errors = check_value(shape, value, where, IDENTITYSTORE)
        if errors:
            raise ValidationException(format_errors(errors))
        _set(updated, members, value)
    for members in required:
        if _get(updated, members) is None:
            path = ".".join(lower_camel(m) for m in members)
            raise ValidationException(f"{path} is a required attribute and cannot be removed.")
    return updated


def under_model_names(shape: Shape, value: Any) -> Any:
    """`value` (an ``AttributeValue``) with the members of its structures under the model's
    names. AWS's own example writes them as the paths do, in lowerCamel (AWS re:Post,
    "update user in identity store": ``"AttributeValue": [{"value": ..., "type": "work",
    "primary": true}]`` for ``emails``), and so does Terraform's provider; they are matched
    without regard to case, as paths are. A member no name matches is left as it is (the
    validator then ignores it)."""
    if shape.type_name == "list" and isinstance(value, list):
        return [under_model_names(shape.member, item) for item in value]
    if (
        shape.type_name != "structure"
        or getattr(shape, "is_document_type", False)
        or not isinstance(value, dict)
    ):
        return value
    names = _member_names(shape)
    renamed: Body = {}
    for key, item in value.items():  # JSON's keys: strings
        name = names.get(key.lower())
        if name is None:
            renamed[key] = item
        else:
            renamed[name] = under_model_names(shape.members[name], item)
    return renamed


@cache
def _member_names(shape: Shape) -> dict[str, str]:
    """A structure's member names by their lower-cased form."""
    return {name.lower(): name for name in shape.members}


def _apply_extension(updated: Body, path: str, value: Any, where: str) -> None:
    shape = extension_shape()
    if shape is None or "." in path:
        raise ValidationException(f"Invalid attribute path {path}: no such attribute.")
    require_supported([path])
    name = path.lower()
    held: Body = dict(updated.get(EXTENSIONS) or {})
    updated[EXTENSIONS] = held
    if value is None:
        held.pop(name, None)
    else:
        errors = check_value(shape, value, where, IDENTITYSTORE)
        if errors:
            raise ValidationException(format_errors(errors))
        held[name] = value
    if not held:
        del updated[EXTENSIONS]


def _get(attributes: Body, members: tuple[str, ...]) -> Any:
    value: Any = attributes
    for member in members:
        if not isinstance(value, dict):
            return None
        value = value.get(member)
    return value


def _set(attributes: Body, members: tuple[str, ...], value: Any) -> None:
    holder = attributes
    for member in members[:-1]:
        inner = holder.get(member)
        holder[member] = inner = {} if inner is None else dict(inner)
        holder = inner
    holder[members[-1]] = value


def _remove(attributes: Body, members: tuple[str, ...]) -> None:
    holder: Any = attributes
    for member in members[:-1]:
        inner = holder.get(member)
        if not isinstance(inner, dict):
            return
        holder[member] = inner = dict(inner)
        holder = inner
    holder.pop(members[-1], None)
    if len(members) > 1 and not holder:
        attributes.pop(members[0], None)


def unique_value(
    identifier: Body, known: dict[str, str], kind: str
) -> tuple[str, str] | tuple[None, tuple[str, str]]:
    """(attribute, value) of a ``UniqueAttribute``, or (None, (issuer, id)) of an
    ``ExternalId``; ``ValidationException`` for a path `kind` has no unique attribute at."""
    external = identifier.get("ExternalId")
    if external is not None:
        return None, (str(external["Issuer"]), str(external["Id"]))
    unique = identifier["UniqueAttribute"]
    path = str(unique["AttributePath"])
    attribute = known.get(path.lower())
    if attribute is None:
        valid = " and ".join(sorted(lower_camel_path(p) for p in known))
        raise ValidationException(
            f"{path} is not a unique attribute of a {kind}; the only valid paths are {valid}."
        )
    value = unique["AttributeValue"]
    if not isinstance(value, str) or not value:
        raise ValidationException(f"The AttributeValue of {path} must be a non-empty string.")
    return attribute, value


def lower_camel_path(lowered: str) -> str:
    return {"username": "userName", "emails.value": "emails.value"}.get(lowered, "displayName")


def filter_value(filters: list[Body] | None, known: dict[str, str]) -> tuple[str, str] | None:
    """(attribute, value) of the one deprecated filter, or None when there is none."""
    if not filters:
        return None
    only = filters[0]
    path = str(only["AttributePath"])
    attribute = known.get(path.lower())
    if attribute is None:
        raise ValidationException(
            f"Filtering by {path} is not supported; the only valid path is "
            f"{next(iter(known.values()))}."
        )
    return attribute, str(only["AttributeValue"])
