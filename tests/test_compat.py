"""An older botocore: operations its sso-admin model lacks are simply absent, nothing breaks.

botocore reads models from ``AWS_DATA_PATH`` before its own, so a copy of the installed
sso-admin model with the newest operations taken out (those botocore 1.40 did not have yet)
stands in for an older botocore in a fresh Python process: boto3's client and the mock then
both see the older API, as they would with that botocore installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ssoadmin_mock import service

#: added to botocore's sso-admin model after 1.40 (regions, application session settings)
NEWER = [
    "AddRegion",
    "DescribeRegion",
    "GetApplicationSessionConfiguration",
    "ListRegions",
    "PutApplicationSessionConfiguration",
    "RemoveRegion",
]


@pytest.fixture
def older_botocore(tmp_path: Path) -> dict[str, str]:
    """An environment whose botocore sees the installed model without the `NEWER` ones."""
    present = [name for name in NEWER if name in service.operation_names()]
    if not present:  # the installed botocore is older still: the real thing is under test
        return {}
    model = json.loads(json.dumps(service.service_model()._service_description))
    for name in present:
        del model["operations"][name]
    version = service.service_model().api_version
    folder = tmp_path / "data" / "sso-admin" / version
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(model))
    return {"AWS_DATA_PATH": str(tmp_path / "data")}


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "MOTO_"))}
    environment.update(AWS_DEFAULT_REGION="us-east-1", **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_the_mock_serves_the_older_api_and_refuses_the_rest(
    older_botocore: dict[str, str],
) -> None:
    done = run(
        f"""
        import json
        import boto3
        from ssoadmin_mock import mock_ssoadmin, service, settings
        from ssoadmin_mock.responses import dispatch

        newer = {NEWER!r}
        assert not set(newer) & service.operation_names(), "the older model is not in use"
        with mock_ssoadmin():
            sso = boto3.client("sso-admin", region_name="us-east-1")
            assert not any(hasattr(sso, name) for name in ("add_region", "list_regions"))
            instance = sso.list_instances()["Instances"][0]["InstanceArn"]
            ps = sso.create_permission_set(InstanceArn=instance, Name="StillWorks")
            assert ps["PermissionSet"]["Name"] == "StillWorks"
            status, _, body = dispatch(
                "SWBExternalService.ListRegions", json.dumps({{"InstanceArn": instance}}),
                {{}}, "https://sso.us-east-1.amazonaws.com/",
            )
            assert status == 400, status
            assert json.loads(body)["__type"] == "UnknownOperationException", body
            for name in newer:
                try:
                    settings.faults.inject(name, "ThrottlingException")
                except ValueError:
                    pass
                else:
                    raise AssertionError(name + " was armed")
        print("ok", len(service.operation_names()))
        """,
        older_botocore,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "ok"
    assert int(done.stdout.split()[1]) == len(service.operation_names() - set(NEWER))


def test_the_server_starts_and_refuses_a_fault_on_an_absent_operation(
    older_botocore: dict[str, str],
) -> None:
    done = run(
        """
        import sys
        from ssoadmin_mock.cli import main
        sys.exit(main(["serve", "--port", "0", "--fault", "AddRegion=ThrottlingException"]))
        """,
        older_botocore,
    )
    assert done.returncode == 2
    assert "AddRegion is not an sso-admin operation" in done.stderr
