from typing import Any


def test_default_instance_is_listed_and_described(sso: Any, instance_arn: str) -> None:
    described = sso.describe_instance(InstanceArn=instance_arn)
    assert described["Status"] == "ACTIVE"
