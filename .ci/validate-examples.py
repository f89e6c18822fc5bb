#!/usr/bin/env python3
"""Validates every media-type example of openapi/alphapo.yaml against its schema.

Every `example` and every `examples.<name>.value` of a media type (request bodies,
responses and callbacks) is checked with an OpenAPI 3.0 schema validator
(`openapi-schema-validator`'s `OAS30Validator`, which reads `nullable` strictly as
OpenAPI 3.0.3 defines it). Prints one line per failure and the counts; exits 1 on any
failure, 2 when the spec has no examples at all.

usage: validate-examples.py [SPEC]
"""

import sys
from pathlib import Path

import yaml
from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS30Validator

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def media_types(spec):
    """Yields (place, media type object) for every request and response body."""
    for path, item in spec.get("paths", {}).items():
        yield from operation_media_types(path, item)


def operation_media_types(path, item):
    for method, operation in item.items():
        if method not in HTTP_METHODS:
            continue
        place = f"{method.upper()} {path}"
        body = operation.get("requestBody", {})
        for media, content in body.get("content", {}).items():
            yield f"{place} request {media}", content
        for status, response in operation.get("responses", {}).items():
            for media, content in response.get("content", {}).items():
                yield f"{place} {status} {media}", content
        for name, callback in operation.get("callbacks", {}).items():
            for url, callback_item in callback.items():
                for inner, content in operation_media_types(url, callback_item):
                    yield f"{place} callback {name}: {inner}", content


def examples(content):
    """Yields (name, value) for the example(s) of one media type."""
    if "example" in content:
        yield "example", content["example"]
    for name, example in content.get("examples", {}).items():
        yield name, example["value"]


def main():
    spec_path = Path(sys.argv[1] if len(sys.argv) > 1 else "openapi/alphapo.yaml")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    checked = failed = 0
    for place, content in media_types(spec):
        schema = content.get("schema")
        if schema is None:
            continue
        # `#/components/...` references resolve against the schema's root:
        # carry the document's components there.
        validator = OAS30Validator({**schema, "components": spec["components"]})
        for name, value in examples(content):
            checked += 1
            error = best_match(validator.iter_errors(value))
            if error is not None:
                failed += 1
                where = "/".join(str(part) for part in error.absolute_path) or "(root)"
                print(f"FAIL {place} [{name}] at {where}: {error.message}")
    print(f"examples: {checked} checked, {checked - failed} valid, {failed} failed")
    if checked == 0:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
