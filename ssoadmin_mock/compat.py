"""The moto-compatible mode: what AWS refuses only for moto's laxnesses, served as moto serves it.

Test suites written against moto's sso-admin lean on a few things moto allows and AWS does
not. In the moto-compatible mode (the ``moto_compatible`` switch) a request AWS would refuse
only for one of them is served the way moto serves it, and each such difference emits one
`FidelityWarning` naming the operation, the member and what AWS would have answered:

- an unknown, well-formed instance ARN (``arn:aws:sso:::instance/ins-aaaabbbbccccdddd``) is
  adopted as an ACTIVE instance of the caller's account and Region on first use (moto's
  sso-admin never looks instances up: any ARN is taken as given);
- a principal id not of AWS's form (``some-id``): the model's ``PrincipalId`` pattern is not
  applied (every other member, and that member's other constraints, are validated as ever);
- a principal the instance's identity store does not have is taken to exist (moto looks
  principals up nowhere);
- identitystore: an identity store id no instance of the account has is adopted as the store
  of an ACTIVE instance of the caller's account and Region, made on first use, and one not of
  AWS's form (moto's own tests make ``d-`` and ten lowercase letters) is not refused for the
  model's pattern (moto's identitystore takes any id as a store);
- ``ProvisionPermissionSet(TargetType="AWS_ACCOUNT")`` without ``TargetId`` provisions to the
  caller's account (moto ignores the target and answers with the caller's account);
- CreateAccountAssignment, DeleteAccountAssignment and ProvisionPermissionSet answer with the
  settled status when the work settled within the call (moto answers ``SUCCEEDED``; AWS answers
  ``IN_PROGRESS`` and the result comes from the Describe…Status operation).

Nothing else is relaxed. Each hook is one call from the code that would refuse: `validate`
(the dispatcher), `relax` (the instance look-up, the principal checks, provisioning) and
`answer` (the asynchronous Create/Delete/Provision answers).

moto's behaviour: moto's ``moto/ssoadmin/models.py`` and ``responses.py`` (getmoto/moto).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, Protocol

from . import service, validation
from .exceptions import SSOAdminError, ValidationException
from .switches import current

__all__ = ["KINDS", "FidelityWarning", "answer", "relax", "relax_failure", "validate"]

#: the kinds of difference, as the warnings and the end-of-run report name them
UNKNOWN_INSTANCE = "unknown instance adopted"
PRINCIPAL_ID_FORM = "principal id not of AWS's form"
UNKNOWN_PRINCIPAL = "principal not in the identity store"
MISSING_TARGET_ID = "ProvisionPermissionSet without TargetId"
SETTLED_ANSWER = "final status in the answer"
UNKNOWN_STORE = "unknown identity store adopted"
STORE_ID_FORM = "identity store id not of AWS's form"

#: kind -> how to change the test so that it follows AWS (README, "Migrating from moto")
KINDS: Mapping[str, str] = {
    UNKNOWN_INSTANCE: "use the account's instance: sso.list_instances()['Instances'][0]",
    PRINCIPAL_ID_FORM: "create the user or group with the identitystore client; use its id",
    UNKNOWN_PRINCIPAL: "create the user or group with the identitystore client; use its id",
    MISSING_TARGET_ID: "pass TargetId=<account id> with TargetType='AWS_ACCOUNT'",
    SETTLED_ANSWER: "read the final status with the Describe…Status operation (it settles at once)",
    UNKNOWN_STORE: "use the instance's store: sso.list_instances()['Instances'][0]"
    "['IdentityStoreId']",
    STORE_ID_FORM: "use the instance's store: sso.list_instances()['Instances'][0]"
    "['IdentityStoreId']",
}


class FidelityWarning(UserWarning):
    """A request AWS would refuse (or answer otherwise) was served as moto serves it.

    Emitted only in the moto-compatible mode, once per difference. Attributes: `kind` (one of
    `KINDS`), `operation`, `member`, and what AWS would have answered: `aws_code` (the error
    code, or None where AWS answers without an error) and `aws_message`.
    ``-W error::ssoadmin_mock.FidelityWarning`` makes each one fail its test.
    """

    def __init__(
        self, kind: str, operation: str, member: str, aws_code: str | None, aws_message: str
    ) -> None:
        answered = f"{aws_code}: {aws_message}" if aws_code else aws_message
        super().__init__(
            f"{operation} {member}: {kind}, served as moto serves it (moto-compatible mode); "
            f"AWS would answer {answered} -- to follow AWS, {KINDS[kind]}"
        )
        self.kind = kind
        self.operation = operation
        self.member = member
        self.aws_code = aws_code
        self.aws_message = aws_message


#: the operation the dispatcher serves in this thread (set by `validate`, for `relax`)
_serving: ContextVar[tuple[str, str]] = ContextVar(
    "ssoadmin_mock_compat_operation", default=("", service.SSO_ADMIN)
)


def validate(operation: str, params: dict[str, Any], served: str = service.SSO_ADMIN) -> None:
    """The validator, in the moto-compatible mode: a principal id (sso-admin) or an identity
    store id (identitystore) of another form is accepted (with a warning) when it is the only
    thing wrong with the request.

    Also notes `operation` as the one being served, for the warnings its handler gives.
    """
    _serving.set((operation, served))
    try:
        validation.validate(operation, params, served)
    except ValidationException as refused:
        if served == service.IDENTITYSTORE:
            if not _only_the_pattern_of(operation, params, served, "IdentityStoreId"):
                raise
            relax(STORE_ID_FORM, "IdentityStoreId", refused)
            return
        if operation not in _MOTO_TAKES_ANY_PRINCIPAL_ID or not _only_the_pattern_of(
            operation, params, served, "PrincipalId"
        ):
            raise
        relax(PRINCIPAL_ID_FORM, "PrincipalId", refused)


#: the operations with a ``PrincipalId`` that moto's sso-admin serves (moto's
#: ``moto/ssoadmin/responses.py``): the others keep the model's pattern
_MOTO_TAKES_ANY_PRINCIPAL_ID = frozenset(
    {"CreateAccountAssignment", "DeleteAccountAssignment", "ListAccountAssignmentsForPrincipal"}
)

#: ids of AWS's form, by member (the models' patterns: a principal id is a UUID, optionally
#: after ``<10 hex>-``; an identity store id ``d-`` and ten hex digits)
_WELL_FORMED = {
    "PrincipalId": "00000000-0000-4000-8000-000000000000",
    "IdentityStoreId": "d-0000000000",
}


def _only_the_pattern_of(
    operation: str, params: dict[str, Any], served: str, member: str
) -> bool:
    """True if the one violation in `params` is the top-level `member` failing its pattern:
    the value is a string of an allowed length, and with a well-formed id in its place the
    request is valid."""
    value = params.get(member)
    limits = _lengths(operation, served, member)
    if limits is None or not isinstance(value, str) or not limits[0] <= len(value) <= limits[1]:
        return False
    try:
        validation.validate(operation, {**params, member: _WELL_FORMED[member]}, served)
    except ValidationException:
        return False
    return True


def _lengths(operation: str, served: str, member: str) -> tuple[int, int] | None:
    """(min, max) length of the operation's top-level `member`, if it has one."""
    shape = service.operation_model(operation, served).input_shape
    found = None if shape is None else shape.members.get(member)
    if found is None:
        return None
    return found.metadata.get("min", 0), found.metadata.get("max", sys.maxsize)


def relax(kind: str, member: str, refused: SSOAdminError, operation: str | None = None) -> bool:
    """In the moto-compatible mode: warn that `refused` (what AWS answers) is not sent, and
    return True; otherwise False (the caller raises `refused`, as AWS does).

    `operation`: the one AWS would answer for (default: the one being served).
    """
    if not current().moto_compatible:
        return False
    serving, served = _serving.get()
    operation = operation or serving
    _warn(
        FidelityWarning(
            kind, operation, member, refused.code_for(operation, served), refused.message
        )
    )
    return True


def relax_failure(kind: str, operation: str, member: str, reason: str) -> bool:
    """`relax` for asynchronous work AWS ends ``FAILED`` with `reason` (no error code)."""
    if not current().moto_compatible:
        return False
    failed = f"Status FAILED, FailureReason {reason!r}"
    _warn(FidelityWarning(kind, operation, member, None, failed))
    return True


class _Status(Protocol):
    """A request status record (`ssoadmin_mock.statuses`)."""

    @property
    def status(self) -> str: ...

    def body(self) -> dict[str, Any]: ...


#: asynchronous operation -> the Describe operation AWS's callers read its result with
_DESCRIBED_BY = {
    "CreateAccountAssignment": "DescribeAccountAssignmentCreationStatus",
    "DeleteAccountAssignment": "DescribeAccountAssignmentDeletionStatus",
    "ProvisionPermissionSet": "DescribePermissionSetProvisioningStatus",
}


def answer(
    operation: str, member: str, answered: dict[str, Any], status: _Status
) -> dict[str, Any]:
    """What an asynchronous Create/Delete/Provision call answers: `answered` (AWS's
    ``IN_PROGRESS`` answer); in the moto-compatible mode, when the work settled within the
    call, the settled status instead (as moto answers), with a warning."""
    if not current().moto_compatible or status.status == answered[member]["Status"]:
        return answered
    _warn(
        FidelityWarning(
            SETTLED_ANSWER,
            operation,
            f"{member}.Status",
            None,
            f"Status {answered[member]['Status']} (the result comes from "
            f"{_DESCRIBED_BY.get(operation, 'the status operation')})",
        )
    )
    return {member: status.body()}


def _warn(warning: FidelityWarning) -> None:
    warnings.warn(warning, stacklevel=_callers_level())


#: the packages between a user's boto3 call and this module
_INTERNAL_PACKAGES = ("ssoadmin_mock", "botocore", "boto3", "moto")


def _callers_level() -> int:
    """The `warnings.warn` stacklevel of the first frame outside this library, boto3,
    botocore and moto: the user's call (the caller of `_warn` if there is none)."""
    folders = tuple(
        os.path.dirname(getattr(sys.modules.get(name), "__file__", None) or "?") + os.sep
        for name in _INTERNAL_PACKAGES
    )
    frame = sys._getframe(2)  # the caller of `_warn`: stacklevel 2
    level = 2
    while frame is not None:
        if not frame.f_code.co_filename.startswith(folders):
            return level
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return 2
