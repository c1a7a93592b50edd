"""The sample project's exported pipelines start on a change to its training data and
parameters, not only to its code: the push filter comes from where the scan found code AND
data, on every platform."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.render.ci.sample_project import export_sample
from tests.render.ci.views import PipelineView
from wizard.model.platforms import identity, platform_ids

PLATFORMS = platform_ids()


def _matches(platform: str, pattern: str, path: str) -> bool:
    """Whether a change to ``path`` matches one filter entry, as the platform reads it:
    Azure by prefix; GitHub and GitLab by glob, ``**`` across folders (``**/`` also none)."""
    if platform == "azure-pipelines":
        return path == pattern or path.startswith(pattern.rstrip("/") + "/")
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
    return re.fullmatch(regex.replace(r"\*", "[^/]*"), path) is not None


def _triggers(platform: str, filters: list[str], path: str) -> bool:
    return any(_matches(platform, pattern, path) for pattern in filters)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_change_to_the_training_data_or_parameters_starts_a_run(
    platform: str, tmp_path: Path
) -> None:
    folder = export_sample(tmp_path / "sample", platform)
    view = PipelineView.parse(platform, (folder / identity(platform).ci_path).read_text("utf-8"))
    filters = view.push_paths()
    assert filters, "the scan found where code and data are: the push is filtered"
    for changed in ("data/transactions.csv", "data/new/2026-12.csv", "params.json"):
        assert _triggers(platform, filters, changed), (changed, filters)
    for changed in (
        "src/fraud/train.py",
        "requirements.txt",
        "mlops.mk",
        identity(platform).ci_path,
    ):
        assert _triggers(platform, filters, changed), (changed, filters)
    for unrelated in ("README.md", "notebooks/explore.ipynb"):
        assert not _triggers(platform, filters, unrelated), (unrelated, filters)
