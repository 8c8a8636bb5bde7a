"""The AWS SDK for JavaScript v3 against ``ssoadmin-mock serve``: all four clients.

``tests/js/scenario.mjs`` does what a Node.js program that manages Identity Center does, with
``@aws-sdk/client-sso-admin``, ``-identitystore``, ``-sso-oidc`` and ``-sso`` pointed at the
server (``endpoint``): permission sets with policies and tags, paged with the SDK's own
paginators; a user in a group; an assignment of the group polled until it settles; six
refusals as the SDK raises them (name, message, HTTP status, fault); a sign-in through the
device grant approved over the server's portal endpoint; the portal's accounts, roles and
role credentials; and a logout. It prints what it saw as JSON, checked here.

The SDK's packages are pinned in ``tests/js/package-lock.json``; ``npm ci --prefix tests/js``
installs them (``.ci/run`` does). The test is skipped, saying why, where Node.js or those
packages are absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .test_server import kill, serve

HERE = Path(__file__).parent / "js"
NODE = shutil.which("node")

#: why the scenario cannot run on this machine, or None
UNAVAILABLE = (
    "Node.js is not installed"
    if NODE is None
    else "the AWS SDK for JavaScript is not installed: run `npm ci --prefix tests/js`"
    if not (HERE / "node_modules" / "@aws-sdk" / "client-sso-admin").is_dir()
    else None
)

pytestmark = [pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")]


def run_scenario(tmp_path: Path) -> dict[str, Any]:
    """The scenario against a server of its own: what it printed."""
    assert NODE is not None
    served = serve(tmp_path)
    try:
        done = subprocess.run(
            [NODE, str(HERE / "scenario.mjs"), served.url],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        kill(served)
    assert done.returncode == 0, done.stdout + done.stderr
    seen: dict[str, Any] = json.loads(done.stdout)
    return seen


def refusal(name: str, message: str, status: int = 400, **more: str) -> dict[str, Any]:
    """A refusal as the scenario reports it: the SDK's exception, with a request id."""
    return {
        "name": name,
        "message": message,
        "status": status,
        "fault": "client",
        "requestId": "string",
        **more,
    }


def test_the_javascript_sdk_manages_and_signs_in(tmp_path: Path) -> None:
    seen = run_scenario(tmp_path)
    errors = seen.pop("errors")
    instance = errors["notFound"]["message"].split(" does not exist in instance ")[1][:-1]
    assert instance.startswith("arn:aws:sso:::instance/ssoins-"), errors["notFound"]
    assert errors == {
        "validation": refusal(
            "ValidationException",
            "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        ),
        "notFound": refusal(
            "ResourceNotFoundException",
            f"PermissionSet {instance.replace('instance/', 'permissionSet/')}"
            f"/ps-0000000000000000 does not exist in instance {instance}.",
        ),
        "conflict": refusal("ConflictException", "PermissionSet with name Alpha already exists."),
        "userConflict": refusal("ConflictException", "Duplicate UserName"),
        "userNotFound": refusal(
            "ResourceNotFoundException",
            "User not present for UserId: 00000000-0000-0000-0000-000000000000",
        ),
        "inUse": refusal(
            "ConflictException",
            "Could not delete because PermissionSet has ApplicationProfile associated with it.",
        ),
    }
    # sso-oidc's errors carry OAuth's `error` and no message (the SDK's "UnknownError")
    assert seen.pop("pending") == refusal(
        "AuthorizationPendingException", "UnknownError", error="authorization_pending"
    )
    assert seen.pop("forbidden") == refusal("ForbiddenException", "No access", 403)
    assert seen.pop("afterLogout") == refusal(
        "UnauthorizedException", "Session token not found or invalid", 401
    )
    assert seen == {
        "instances": 1,
        "requestId": "string",
        "described": {"name": "Alpha", "session": "PT2H", "createdIsDate": True},
        "pages": [2, 1],
        "tags": [{"Key": "team", "Value": "platform"}],
        "userFound": True,
        "users": ["ada"],
        "emails": [{"Value": "ada@example.com", "Primary": True}],
        "assignment": "SUCCEEDED",
        "assigned": ["GROUP"],
        "approved": 200,
        "tokenType": "Bearer",
        "accounts": ["123456789012"],
        "roles": ["Alpha"],
        "credentials": {"temporary": True, "token": "string", "expiresLater": True},
    }
