"""The one place that makes and reads identifiers and ARNs.

Formats follow what IAM Identity Center really hands out (and the model's patterns):

=====================  =====================================================================
instance               ``arn:<partition>:sso:::instance/ssoins-<16 hex>``
identity store         ``d-<10 hex>``
permission set         ``arn:<partition>:sso:::permissionSet/ssoins-<16 hex>/ps-<16 hex>``
application            ``arn:<partition>:sso::<account>:application/ssoins-<16 hex>/apl-<16 hex>``
application provider   ``arn:<partition>:sso::aws:applicationProvider/<provider id>`` (AWS owned)
identity store ARN     ``arn:<partition>:identitystore::<account>:identitystore/d-<10 hex>``
trusted token issuer   ``arn:<partition>:sso::<account>:trustedTokenIssuer/ssoins-…/tti-<uuid>``
account (IAM only)     ``arn:<partition>:sso:::account/<account id>``
request ids            UUID 4
=====================  =====================================================================

The partition follows the region: ``aws-cn`` for ``cn-*``, ``aws-us-gov`` for ``us-gov-*``,
``aws-iso`` for ``us-iso-*``, ``aws-iso-b`` for ``us-isob-*``, ``aws`` otherwise.
"""

from __future__ import annotations

import itertools
import os
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: the random part of ids: a Mersenne Twister seeded from the system's randomness (ids must
#: be unique, not secret: a read of ``/dev/urandom`` per id costs a system call), seeded
#: anew in a forked child, so that parent and child never hand out the same ids
_random = random.Random()
os.register_at_fork(after_in_child=_random.seed)
_sequence = itertools.count(1)


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("us-iso-"):
        return "aws-iso"
    return "aws"


def _uuid4() -> str:
    """A random UUID 4 (version ``4``, variant ``10``) from `_random` (``uuid.uuid4`` reads
    ``/dev/urandom``): 122 random bits, drawn as 31 hex digits, two bits of one of them
    taken for the variant."""
    digits = _hex(31)
    variant = "89ab"[int(digits[15], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[12:15]}-{variant}{digits[16:19]}-{digits[19:]}"


def _hex(length: int) -> str:
    return f"{_random.getrandbits(length * 4):0{length}x}"


def next_sequence() -> int:
    """A process-wide increasing number: creation order, for stable listing order."""
    return next(_sequence)


#: the request ids of answers (``x-amzn-RequestId``): a random UUID 4 prefix per process and
#: a counter in the last 48 bits, so every id is a well-formed UUID 4, unique in the
#: process, and cheap (one per response)
#: (the counter starts below 2**40, so it needs 2**48 - 2**40 ids to outgrow its 12 digits);
#: made by `map` and `str.format`, so taking the next id runs no Python code
_REQUEST_PREFIX = str(uuid.uuid4())[:24]
_REQUEST_IDS: Iterator[str] = map(
    (_REQUEST_PREFIX + "{:012x}").format,
    itertools.count(random.SystemRandom().getrandbits(40)),
)
#: the next request id (`request_id` without its frame, for the dispatcher's every answer)
next_request_id: Callable[[], str] = _REQUEST_IDS.__next__


def request_id() -> str:
    """A random UUID 4 for an asynchronous request's status (CreateAccountAssignment's
    ``RequestId``, ...), which callers keep and read back: random throughout, as AWS's are,
    so code that shortens them to a prefix meets no collision AWS would not give it (the
    answers' own ids, `next_request_id`, share a prefix)."""
    return _uuid4()


def instance_id() -> str:
    return f"ssoins-{_hex(16)}"


def identity_store_id() -> str:
    return f"d-{_hex(10)}"


def instance_arn(partition: str, instance: str) -> str:
    return f"arn:{partition}:sso:::instance/{instance}"


def permission_set_arn(partition: str, instance: str) -> str:
    return f"arn:{partition}:sso:::permissionSet/{instance}/ps-{_hex(16)}"


def application_arn(partition: str, account_id: str, instance: str) -> str:
    return f"arn:{partition}:sso::{account_id}:application/{instance}/apl-{_hex(16)}"


def application_provider_arn(partition: str, provider_id: str) -> str:
    """An application provider: owned by AWS (account field ``aws``), named by its id."""
    return f"arn:{partition}:sso::aws:applicationProvider/{provider_id}"


def identity_store_arn(partition: str, account_id: str, identity_store: str) -> str:
    """The ARN of an identity store (``d-…``) in the account that owns its instance."""
    return f"arn:{partition}:identitystore::{account_id}:identitystore/{identity_store}"


def account_resource_arn(partition: str, account_id: str) -> str:
    """An AWS account as an IAM Identity Center resource, as IAM policies name it.

    No API response carries it; IAM authorization (`ssoadmin_mock.authorization`) checks
    ``sso:<Action>`` against it when a request targets an account (Service Authorization
    Reference, IAM Identity Center, resource type ``Account``).
    """
    return f"arn:{partition}:sso:::account/{account_id}"


def trusted_token_issuer_arn(partition: str, account_id: str, instance: str) -> str:
    return f"arn:{partition}:sso::{account_id}:trustedTokenIssuer/{instance}/tti-{_uuid4()}"


@dataclass(frozen=True)
class Arn:
    """An sso ARN taken apart: ``arn:<partition>:sso::<account>:<kind>/<path...>``."""

    partition: str
    account: str
    kind: str
    parts: tuple[str, ...]

    @property
    def instance_id(self) -> str | None:
        """The ``ssoins-…`` id the resource lives under, if the ARN names one."""
        return self.parts[0] if self.parts else None


def parse_arn(arn: str) -> Arn | None:
    """Split an sso ARN; None if it is not one."""
    pieces = arn.split(":", 5)
    if len(pieces) != 6 or pieces[0] != "arn" or pieces[2] != "sso":
        return None
    kind, _, rest = pieces[5].partition("/")
    return Arn(pieces[1], pieces[4], kind, tuple(rest.split("/")) if rest else ())


def arn_owner(arn: str) -> tuple[str, str] | None:
    """(partition, account id) of any ARN (``arn:<partition>:<service>:<region>:<account>:…``),
    e.g. a VPC's ``arn:aws:ec2:us-east-1:111122223333:vpc/vpc-…``; None if it is no ARN."""
    pieces = arn.split(":", 5)
    if len(pieces) != 6 or pieces[0] != "arn":
        return None
    return pieces[1], pieces[4]


def instance_arn_of(arn: str) -> str | None:
    """The instance ARN a resource ARN lives under (``…:permissionSet/ssoins-x/ps-y``)."""
    parsed = parse_arn(arn)
    if parsed is None or parsed.instance_id is None:
        return None
    return instance_arn(parsed.partition, parsed.instance_id)


def identity_resource_id() -> str:
    """A user, group or membership id of an identity store: a UUID whose third group starts
    with ``70``, as the ids AWS hands out look (``1488d4b8-20b1-701d-cb60-cc4f4ad8431d``,
    ``44d864b8-8081-7051-349e-8d687c065987`` in AWS's answers quoted in
    binbashar/le-tf-infra-aws#874); the model's ResourceId pattern also allows a
    ``<10 hex>-`` prefix, which older stores used."""
    digits = _hex(30)  # one draw, not one per group
    return f"{digits[:8]}-{digits[8:12]}-70{digits[12:14]}-{digits[14:18]}-{digits[18:]}"


def identity_resource_arn(partition: str, kind: str, resource_id: str) -> str:
    """The ARN of a user, group or membership (`kind` ``user``/``group``/``membership``):
    no Region and no account, as the identitystore model documents it
    (``arn:aws:identitystore:::user/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111``, CreateUser's
    ``UserArn``)."""
    return f"arn:{partition}:identitystore:::{kind}/{resource_id}"


def identity_resource_of(value: str) -> str:
    """The id a user, group or membership is named by, given its id or its ARN (newer
    models take either wherever they take the id)."""
    if value.startswith("arn:"):
        return value.rpartition("/")[2]
    return value
