"""The platforms' published schemas, as check-jsonschema ships them, loaded once and applied
in-process (the CLI takes about a second per file; hypothesis runs dozens).

The validator is built the way check-jsonschema builds it for ``--builtin-schema``: the same
schema loader, the same regex engine (``nonunicode`` for Azure's one non-Unicode pattern),
the same YAML reading (ruamel, YAML 1.2) and the same Azure expression transform.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from check_jsonschema.formats import FormatOptions
from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
from check_jsonschema.regex_variants import RegexImplementation, RegexVariantName
from check_jsonschema.schema_loader import BuiltinSchemaLoader
from check_jsonschema.transforms import TRANSFORM_LIBRARY
from jsonschema import ValidationError
from jsonschema.exceptions import best_match

SCHEMA_NAMES = {
    "github-actions": "vendor.github-workflows",
    "gitlab-ci": "vendor.gitlab-ci",
    "azure-pipelines": "vendor.azure-pipelines",
}
REGEX_VARIANTS = {
    "github-actions": RegexVariantName.default,
    "gitlab-ci": RegexVariantName.default,
    "azure-pipelines": RegexVariantName.nonunicode,
}
TRANSFORMS = {"gitlab-ci": "gitlab-ci", "azure-pipelines": "azure-pipelines"}


@cache
def _validator(platform: str) -> Any:
    loader = BuiltinSchemaLoader(SCHEMA_NAMES[platform])
    regex = RegexImplementation(REGEX_VARIANTS[platform])
    return loader.get_validator("pipeline.yml", {}, FormatOptions(regex_impl=regex), regex, False)


def read_like_check_jsonschema(platform: str, text: str) -> Any:
    """The pipeline file as check-jsonschema reads it."""
    implementation = construct_yaml_implementation()
    transform_name = TRANSFORMS.get(platform)
    transform = TRANSFORM_LIBRARY[transform_name] if transform_name else None
    if transform is not None:
        transform.modify_yaml_implementation(implementation)
    data = impl2loader(implementation)(io.BytesIO(text.encode("utf-8")))
    return transform(data) if transform is not None else data


def schema_errors(platform: str, text: str) -> list[str]:
    """Every schema violation of ``text``, one line each (empty when valid)."""
    data = read_like_check_jsonschema(platform, text)
    errors = sorted(_validator(platform).iter_errors(data), key=lambda error: error.json_path)
    return [_explain(error) for error in errors]


def _explain(error: ValidationError) -> str:
    """The most relevant cause of an error (an anyOf error alone only says "not valid")."""
    cause = best_match([error])
    return f"{cause.json_path}: {cause.message[:300]}"
