"""One tag store for every taggable resource (instances, permission sets, applications,
trusted token issuers).

Limits: 75 tags a resource (`ServiceQuotaExceededException` past that), key and value sizes
and characters from the model (checked by the validator), keys beginning ``aws:`` reserved to
AWS (`ValidationException`), a key given twice in one request refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .exceptions import ServiceQuotaExceededException, ValidationException

MAX_TAGS = 75
RESERVED_PREFIX = "aws:"

TagList = list[dict[str, str]]


def check_tags(tags: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """The request's tags as a dict, refusing reserved and repeated keys."""
    result: dict[str, str] = {}
    for tag in tags:
        key = tag["Key"]
        if key.lower().startswith(RESERVED_PREFIX):
            raise ValidationException(
                f"Tag key '{key}' is not allowed: keys beginning with 'aws:' are reserved "
                "for AWS use."
            )
        if key in result:
            raise ValidationException(f"Duplicate tag key '{key}' in the request.")
        result[key] = tag["Value"]
    return result


def check_keys(keys: Iterable[str]) -> list[str]:
    found = list(keys)
    for key in found:
        if key.lower().startswith(RESERVED_PREFIX):
            raise ValidationException(
                f"Tag key '{key}' is not allowed: keys beginning with 'aws:' are reserved "
                "for AWS use."
            )
    return found


class TagStore:
    """Tags by resource ARN."""

    def __init__(self) -> None:
        self._tags: dict[str, dict[str, str]] = {}

    def add(self, arn: str, tags: Iterable[Mapping[str, str]] | None) -> None:
        """Merge tags into a resource's; checks everything before changing anything."""
        if not tags:
            return
        new = check_tags(tags)
        current = self._tags.get(arn, {})
        if len(current.keys() | new.keys()) > MAX_TAGS:
            raise ServiceQuotaExceededException(
                f"A resource can have at most {MAX_TAGS} tags; this request would give "
                f"{arn} {len(current.keys() | new.keys())}."
            )
        self._tags[arn] = {**current, **new}

    def remove(self, arn: str, keys: Iterable[str]) -> None:
        drop = check_keys(keys)
        current = self._tags.get(arn)
        if current:
            for key in drop:
                current.pop(key, None)

    def list(self, arn: str) -> TagList:
        return [{"Key": k, "Value": v} for k, v in self._tags.get(arn, {}).items()]

    def get(self, arn: str) -> dict[str, str]:
        return dict(self._tags.get(arn, {}))

    def forget(self, arn: str) -> None:
        """Drop a deleted resource's tags."""
        self._tags.pop(arn, None)
