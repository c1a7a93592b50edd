"""The README's answers file lists each component's allowed tools as the catalog has them: a
tool added to the catalog (the clouds' own monitors, the CI platforms as orchestrators) is
documented where a reader looks for the allowed values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wizard.model.catalog import CONCERNS, options

README = Path(__file__).resolve().parents[2] / "README.md"


def _documented(key: str) -> list[str]:
    """The ``a | b | none`` comment on the README's line for concern ``key`` (its ``tool:``
    line when the concern is a mapping)."""
    example = README.read_text(encoding="utf-8").split("## The answers file")[1]
    match = re.search(rf"\n  {key}:(?:[^\n]*\n    tool:)?[^#\n]*#([^\n]*)", example)
    assert match, key
    return [value.strip() for value in match.group(1).split("|")]


@pytest.mark.parametrize("concern", [concern.key for concern in CONCERNS])
def test_the_readme_lists_each_concerns_tools_as_the_catalog_does(concern: str) -> None:
    assert _documented(concern) == [*(info.id for info in options(concern)), "none"]


def test_the_readme_documents_the_teams_size_and_budget() -> None:
    text = README.read_text(encoding="utf-8")
    assert "team_size: " in text
    assert "# minimal | standard | enterprise" in text
