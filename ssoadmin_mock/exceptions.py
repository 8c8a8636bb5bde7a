"""Errors the mock answers with, shaped as AWS sends them.

Each error carries the AWS code and message. The dispatcher turns it into an HTTP response
(`{"__type": code, "Message": message}`, 400, or 500 for `InternalServerException`). Where an
operation does not model the preferred code, the first modeled fallback is sent instead, so a
client only ever sees errors its SDK knows for that operation (for example `DescribeInstance`
models no `ResourceNotFoundException`, and AWS answers it with `AccessDeniedException`).
"""

from __future__ import annotations

from typing import Any

from .service import SSO_ADMIN, modeled_errors


class SSOAdminError(Exception):
    """Base of every error the mock sends to a client."""

    code = "InternalServerException"
    status = 400
    #: codes to send instead, in order, when the operation does not model `code`
    fallbacks: tuple[str, ...] = ()

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        #: members of the error's shape sent beside ``Message`` (identitystore's
        #: ``ResourceType``/``ResourceId`` and ``Reason``)
        self.fields = fields

    def code_for(self, operation: str | None, service: str = SSO_ADMIN) -> str:
        """The code to send for `operation`: `code`, or a modeled fallback."""
        if operation is None:
            return self.code
        modeled = modeled_errors(operation, service)
        if self.code in modeled:
            return self.code
        for code in self.fallbacks:
            if code in modeled:
                return code
        return self.code


class ValidationException(SSOAdminError):
    code = "ValidationException"
    #: sso and sso-oidc model no ValidationException: a request their validator refuses is
    #: an InvalidRequestException there
    fallbacks = ("InvalidRequestException",)


class ResourceNotFoundException(SSOAdminError):
    code = "ResourceNotFoundException"
    fallbacks = ("AccessDeniedException",)


class ConflictException(SSOAdminError):
    code = "ConflictException"
    fallbacks = ("ValidationException",)


class AccessDeniedException(SSOAdminError):
    code = "AccessDeniedException"


class ServiceQuotaExceededException(SSOAdminError):
    code = "ServiceQuotaExceededException"
    fallbacks = ("ValidationException",)


class ThrottlingException(SSOAdminError):
    code = "ThrottlingException"


class InternalServerException(SSOAdminError):
    code = "InternalServerException"
    status = 500


class UnknownOperationException(SSOAdminError):
    code = "UnknownOperationException"


class SerializationException(SSOAdminError):
    code = "SerializationException"
    #: sso-oidc and sso model no SerializationException: a body that is not JSON is an
    #: InvalidRequestException there
    fallbacks = ("InvalidRequestException",)


class NotYetImplemented(SSOAdminError):
    """An operation of the model this version of the mock does not serve yet."""

    code = "NotYetImplementedException"

    def __init__(
        self, operation: str, members: list[str] | None = None, service: str = SSO_ADMIN
    ) -> None:
        if members:
            super().__init__(
                f"ssoadmin-mock does not support {', '.join(members)} of the {service} "
                f"operation {operation} yet (a newer botocore model has it)"
            )
        else:
            super().__init__(
                f"ssoadmin-mock does not implement the {service} operation {operation} yet"
            )


# --- sign-in: sso-oidc and the access portal (sso) -----------------------------------------
# The codes are the models'; AWS's SSO OIDC API reference gives when each is sent, and OAuth
# 2.0 (RFC 6749 section 5.2, RFC 8628 section 3.5) the meaning of the ``error`` member
# sso-oidc sends beside ``error_description``.


class InvalidRequestException(SSOAdminError):
    code = "InvalidRequestException"


class InvalidClientException(SSOAdminError):
    code = "InvalidClientException"


class InvalidClientMetadataException(SSOAdminError):
    code = "InvalidClientMetadataException"


class InvalidRedirectUriException(SSOAdminError):
    code = "InvalidRedirectUriException"
    fallbacks = ("InvalidRequestException",)


class InvalidGrantException(SSOAdminError):
    code = "InvalidGrantException"


class InvalidScopeException(SSOAdminError):
    code = "InvalidScopeException"


class UnsupportedGrantTypeException(SSOAdminError):
    code = "UnsupportedGrantTypeException"


class UnauthorizedClientException(SSOAdminError):
    code = "UnauthorizedClientException"


class AuthorizationPendingException(SSOAdminError):
    code = "AuthorizationPendingException"


class SlowDownException(SSOAdminError):
    code = "SlowDownException"


class ExpiredTokenException(SSOAdminError):
    code = "ExpiredTokenException"


class UnauthorizedException(SSOAdminError):
    """The access portal's answer to a token it does not know, or one that expired or was
    logged out (HTTP 401)."""

    code = "UnauthorizedException"


class ForbiddenException(SSOAdminError):
    """The access portal's answer to GetRoleCredentials for a role the user does not hold:
    HTTP 403 ``ForbiddenException: No access``, as AWS answers it (not in the model; boto3
    raises a `ClientError` with that code)."""

    code = "ForbiddenException"
    status = 403


_BY_CODE: dict[str, type[SSOAdminError]] = {
    cls.code: cls
    for cls in (
        ValidationException,
        ResourceNotFoundException,
        ConflictException,
        AccessDeniedException,
        ServiceQuotaExceededException,
        ThrottlingException,
        InternalServerException,
        InvalidRequestException,
        InvalidClientException,
        InvalidGrantException,
        AuthorizationPendingException,
        SlowDownException,
        ExpiredTokenException,
        UnauthorizedException,
    )
}


def error_for_code(code: str, message: str) -> SSOAdminError:
    """An error of the modeled class for `code` (used by fault injection)."""
    cls = _BY_CODE.get(code)
    if cls is None:
        err = SSOAdminError(message)
        err.code = code
        return err
    return cls(message)
