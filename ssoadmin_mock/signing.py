"""Requests that a mock answers carry their credential scope, not a SigV4 signature.

Signing is the largest step of botocore's own cost of a call (the HMAC chain over a
canonical request), and nothing checks a signature while IAM authorization is off: the
mock reads only who signed and for which Region (`responses.caller`). So, for the services
served here, while a mock is on and moto's IAM authorization is off, botocore's
``choose-signer`` event (the documented way to pick a request's signature version, see
botocore's ``RequestSigner._choose_signer``) picks `SCOPE_ONLY`, whose signer writes what
SigV4 would write minus the signature: ``X-Amz-Date``, ``X-Amz-Security-Token`` for
temporary credentials, and an ``Authorization`` header of the scope alone
(``AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request``). botocore
still resolves and refreshes the credentials as it would for SigV4 and raises
``NoCredentialsError`` without any; every other step of a call (retries, every
``before-send`` hook, the client's own parser) is unchanged.

Requests are signed as usual whenever the signature can matter: IAM authorization on (moto's
``INITIAL_NO_AUTH_ACTION_COUNT`` set, `authorization`), no mock active (a call to AWS
itself), presigned URLs, and operations the model leaves unsigned (``authtype: none``).
"""

from __future__ import annotations

import time
from typing import Any

import botocore.auth
from botocore.exceptions import NoCredentialsError
from moto.core.models import botocore_stubber

from .moto_bridge import iam_authorization_on

#: the signature version `choose_signer` picks, registered in botocore's signers
SCOPE_ONLY = "ssoadmin-mock-scope"


class ScopeOnlyAuth:
    """botocore's signer interface (``botocore.auth.BaseSigner``): the headers SigV4 adds,
    with the credential scope in ``Authorization`` and no signature."""

    REQUIRES_REGION = True
    REQUIRES_TOKEN = False

    def __init__(self, credentials: Any, service_name: str, region_name: str) -> None:
        self.credentials = credentials
        self.service_name = service_name
        self.region_name = region_name

    def add_auth(self, request: Any) -> None:
        credentials = self.credentials
        if credentials is None:  # as botocore's SigV4Auth
            raise NoCredentialsError()
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        headers = request.headers
        headers["X-Amz-Date"] = stamp
        if credentials.token:
            headers["X-Amz-Security-Token"] = credentials.token
        headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{stamp[:8]}/"
            f"{self.region_name}/{self.service_name}/aws4_request"
        )


def choose_signer(signature_version: Any = None, **kwargs: Any) -> str | None:
    """botocore's ``choose-signer`` hook for the served services: `SCOPE_ONLY` in place of
    SigV4 while a mock answers and IAM authorization is off, else botocore's own choice."""
    if signature_version == "v4" and botocore_stubber.enabled and not iam_authorization_on():
        return SCOPE_ONLY
    return None


def install() -> None:
    """Make `SCOPE_ONLY` a signature version botocore knows (idempotent)."""
    botocore.auth.AUTH_TYPE_MAPS.setdefault(SCOPE_ONLY, ScopeOnlyAuth)
