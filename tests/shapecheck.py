"""Checks a raw JSON response body against the operation's output shape in the model.

Used by the `sso` fixture on every call, so every test that goes through boto3 also proves the
mock's bodies conform: no unknown keys, right JSON types, required members present, strings
within their lengths, enums and patterns, lists within their sizes.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.model import Shape

from ssoadmin_mock.service import operation_model
from ssoadmin_mock.validation import compile_pattern

#: Top-level string members AWS documents as possibly empty despite their minimum length:
#: GetInlinePolicyForPermissionSet "[...] it is possible for an empty inline policy to be
#: returned" (API reference, seed 003).
EMPTY_ALLOWED = {("GetInlinePolicyForPermissionSet", "InlinePolicy")}


def body_errors(operation: str, body: bytes | str, service: str = "sso-admin") -> list[str]:
    shape = operation_model(operation, service).output_shape
    value = json.loads(body or "{}")
    if shape is None:
        return [] if value == {} else [f"$: {operation} has no output, got {value!r}"]
    errors = shape_errors(value, shape, "$")
    for op, member in EMPTY_ALLOWED:
        if op == operation and isinstance(value, dict) and value.get(member) == "":
            errors = [e for e in errors if not e.startswith(f"$.{member}:")]
    return errors


def shape_errors(value: Any, shape: Shape, path: str) -> list[str]:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure" and meta.get("document"):
        return []  # a document member holds free-form JSON (e.g. an IAM policy)
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {type(value).__name__}"]
        errors = [
            f"{path}.{k}: not a member of {shape.name}" for k in value if k not in shape.members
        ]
        errors += [
            f"{path}.{k}: required member missing" for k in shape.required_members if k not in value
        ]
        if meta.get("union") and len(value) != 1:
            errors.append(f"{path}: union {shape.name} with {len(value)} members set")
        for k, v in value.items():
            if k in shape.members:
                if v is None:
                    errors.append(f"{path}.{k}: null")
                else:
                    errors += shape_errors(v, shape.members[k], f"{path}.{k}")
        return errors
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: expected list"]
        errors = _sizes(len(value), meta, path)
        for i, v in enumerate(value):
            errors += shape_errors(v, shape.member, f"{path}[{i}]")
        return errors
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: expected map"]
        errors = []
        for k, v in value.items():
            errors += shape_errors(k, shape.key, f"{path}<{k}>")
            errors += shape_errors(v, shape.value, f"{path}[{k}]")
        return errors
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: expected string, got {value!r}"]
        if "enum" in meta and value not in meta["enum"]:
            return [f"{path}: {value!r} not in enum {meta['enum']}"]
        errors = _sizes(len(value), meta, path)
        pattern = meta.get("pattern")
        if pattern:
            compiled = compile_pattern(pattern)
            if compiled is not None and compiled.fullmatch(value) is None:
                errors.append(f"{path}: {value!r} breaks pattern {pattern}")
        return errors
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            return [f"{path}: expected integer, got {value!r}"]
        return []
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected boolean, got {value!r}"]
    if kind == "timestamp":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected epoch seconds, got {value!r}"]
    return []


def _sizes(size: int, meta: dict[str, Any], path: str) -> list[str]:
    if "min" in meta and size < meta["min"]:
        return [f"{path}: size {size} under min {meta['min']}"]
    if "max" in meta and size > meta["max"]:
        return [f"{path}: size {size} over max {meta['max']}"]
    return []


class ShapeRecorder:
    """A botocore hook that checks every successful response body of the client it is
    attached to, against its service's model."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def __call__(self, http_response: Any, model: Any, **kwargs: Any) -> None:
        if http_response.status_code != 200:
            return
        service = model.service_model.service_name
        for error in body_errors(model.name, http_response.content, service):
            self.failures.append(f"{model.name} {error}")

    def attach(self, client: Any) -> Any:
        service_id = client.meta.service_model.service_id.hyphenize()
        client.meta.events.register(f"after-call.{service_id}.*", self)
        return client
