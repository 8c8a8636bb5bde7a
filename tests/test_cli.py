"""The command line: the demo scenario and the operations listing."""

from __future__ import annotations

import pytest

from ssoadmin_mock import service
from ssoadmin_mock.cli import main


def test_demo_walks_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "polled 2 time(s): SUCCEEDED" in out
    assert "role made by Identity Center: AWSReservedSSO_ReadOnlyEngineers_" in out
    assert "policies: ReadOnlyAccess" in out
    assert "roles left in the account: 0" in out
    assert "(owner 123456789012)" in out  # the delegated administrator's view
    assert (
        "access in the management account refused: AccessDeniedException: User: arn:aws:sts::"
    ) in out
    assert "is not authorized to perform: sso:CreateAccountAssignment on resource: " in out
    assert out.rstrip().endswith("done: every call above went through boto3 to the mock")


def test_operations_lists_every_model_operation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["operations", "--markdown"]) == 0
    captured = capsys.readouterr()
    rows = [line for line in captured.out.splitlines() if line.startswith("| `")]
    assert len(rows) == sum(len(service.operation_names(s)) for s in service.SERVED)
    assert any(row.startswith("| `UpdateUser` | yes | `identitystore/users`") for row in rows)
    assert all("| yes |" in row for row in rows)
    assert f"{len(rows)} of {len(rows)} operations served" in captured.err


def test_unknown_command_is_an_argparse_error() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["nonsense"])
    assert caught.value.code == 2
