"""ssoadmin-mock: the AWS SSO Admin API (IAM Identity Center) faked in-process, on moto.

    from ssoadmin_mock import mock_ssoadmin

    @mock_ssoadmin
    def test_something():
        sso = boto3.client("sso-admin", region_name="us-east-1")
        instance = sso.list_instances()["Instances"][0]

Importing this package also makes moto's own `mock_aws` serve sso-admin from it.
Switches belong to the mock that set them: ``with mock_ssoadmin(default_instance=False) as
mock:`` (then ``mock.faults``, ``mock.async_status``, ...); `settings` is the switches of the
innermost active mock. ``mock_ssoadmin(moto_compatible=True)`` serves what AWS refuses only
for moto's laxnesses as moto serves it, each difference a `FidelityWarning`. `portal` signs
users in without a browser (``portal.approve``, ``portal.access_token``) for the access
portal (sso) and sso-oidc the package also serves.
"""

from . import portal
from .backend import SSOAdminBackend, get_backend, ssoadmin_backends
from .compat import FidelityWarning
from .core import MockSSOAdmin, ServerStateWarning, install, mock_ssoadmin
from .exceptions import SSOAdminError
from .settings import Settings, settings
from .switches import Switches

__version__ = "0.1.0"

install()

__all__ = [
    "FidelityWarning",
    "MockSSOAdmin",
    "SSOAdminBackend",
    "SSOAdminError",
    "ServerStateWarning",
    "Settings",
    "Switches",
    "__version__",
    "get_backend",
    "mock_ssoadmin",
    "portal",
    "settings",
    "ssoadmin_backends",
]
