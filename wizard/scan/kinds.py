"""Which files the scanner reads, and as what: decided from the path alone, before any read,
so that the bulk of a repository (data, docs, images) is never opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["python", "notebook", "ci", "manifest", "dependencies", "dockerfile", "path"]
"""``path``: the name is the evidence; the file is never read."""


@dataclass(frozen=True)
class FileKind:
    kind: Kind
    tool: str = ""
    """For ``ci`` the platform, for ``dependencies`` the packaging tool, for ``path`` the
    finding's tool."""


CI_FILE_LABELS: dict[str, str] = {
    "github-actions": "GitHub Actions workflow",
    "gitlab-ci": "GitLab CI pipeline",
    "azure-pipelines": "Azure Pipelines pipeline",
    "jenkins": "Jenkins pipeline",
    "circleci": "CircleCI config",
    "bitbucket-pipelines": "Bitbucket Pipelines config",
}

_PYTHON = FileKind("python")
_NOTEBOOK = FileKind("notebook")
_MANIFEST = FileKind("manifest")
_CI_AT_ROOT: dict[str, FileKind] = {
    ".gitlab-ci.yml": FileKind("ci", "gitlab-ci"),
    ".gitlab-ci.yaml": FileKind("ci", "gitlab-ci"),
    "azure-pipelines.yml": FileKind("ci", "azure-pipelines"),
    "azure-pipelines.yaml": FileKind("ci", "azure-pipelines"),
    "Jenkinsfile": FileKind("ci", "jenkins"),
    "bitbucket-pipelines.yml": FileKind("ci", "bitbucket-pipelines"),
    ".circleci/config.yml": FileKind("ci", "circleci"),
    ".circleci/config.yaml": FileKind("ci", "circleci"),
}
"""CI platforms read their pipeline from one place; the same name elsewhere (an example, a
template) is not the repository's pipeline."""
_BY_NAME: dict[str, FileKind] = {
    "pyproject.toml": FileKind("dependencies", "pyproject"),
    "setup.cfg": FileKind("dependencies", "setuptools"),
    "setup.py": FileKind("dependencies", "setuptools"),
    "environment.yml": FileKind("dependencies", "conda"),
    "environment.yaml": FileKind("dependencies", "conda"),
    "conda.yaml": FileKind("dependencies", "conda"),
    "pipfile": FileKind("dependencies", "pipenv"),
    "dockerfile": FileKind("dockerfile"),
    "containerfile": FileKind("dockerfile"),
    "dvc.yaml": FileKind("manifest", "dvc"),
    "feature_store.yaml": FileKind("path", "feast"),
    "feature_store.yml": FileKind("path", "feast"),
    "great_expectations.yml": FileKind("path", "great-expectations"),
    "mlproject": FileKind("path", "mlflow"),
}


def classify(path: str) -> FileKind | None:
    """What ``path`` (relative, POSIX) is to the scanner, or None when it is not read."""
    slash = path.rfind("/")
    name = path[slash + 1 :]
    dot = name.rfind(".")
    extension = name[dot:].lower() if dot > 0 else ""
    if extension == ".py":
        return _BY_NAME.get(name, _PYTHON)
    if extension == ".ipynb":
        return _NOTEBOOK
    at_root = _CI_AT_ROOT.get(path)
    if at_root is not None:
        return at_root
    lowered = name.lower()
    known = _BY_NAME.get(lowered)
    if known is not None:
        return known
    if extension in (".yml", ".yaml"):
        if path.startswith(".github/workflows/") and slash == len(".github/workflows"):
            return FileKind("ci", "github-actions")
        if path.startswith(".azure-pipelines/") or (
            slash < 0 and lowered.startswith("azure-pipelines")
        ):
            return FileKind("ci", "azure-pipelines")
        return _MANIFEST
    if extension == ".dvc":
        return FileKind("path", "dvc")
    if lowered.startswith("requirements") and extension in (".txt", ".in"):
        return FileKind("dependencies", "pip")
    if extension == ".txt" and path.startswith("requirements/"):
        return FileKind("dependencies", "pip")
    if lowered.startswith("dockerfile.") or extension == ".dockerfile":
        return FileKind("dockerfile")
    if path == ".dvc/config":
        return FileKind("path", "dvc")
    return None
