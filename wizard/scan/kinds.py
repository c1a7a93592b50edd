"""Which files the scanner reads, and as what: decided from the path alone, before any read,
so that the bulk of a repository (data, docs, images) is never opened.
"""

from __future__ import annotations

from typing import Literal

from wizard.model.catalog import all_entries
from wizard.model.evidence import Category
from wizard.model.records import record
from wizard.scan.tools import SIGNS

Kind = Literal[
    "python",
    "notebook",
    "ci",
    "manifest",
    "dependencies",
    "dockerfile",
    "path",
    "make",
    "shell",
    "terraform",
]
"""``path``: the name is the evidence, once the file is read (its content is not looked at
unless a ``reader`` reads it): a link that is not followed, or a file that cannot be read,
proves nothing. ``make``: a Makefile (its targets); ``shell``: a shell script (its command
lines); ``terraform``: a Terraform file (its providers)."""
Reader = Literal["", "pipeline", "remotes", "entry_points", "params", "python_version"]
"""A structured reading of a file besides what its kind finds: a DVC pipeline's stages, a DVC
repository's remotes, an MLproject's entry points, a parameters file's sections, a pinned
Python version."""


@record
class FileKind:
    kind: Kind
    tool: str = ""
    """For ``ci`` the platform, for ``dependencies`` the packaging tool, for ``path`` (and a
    tool's own ``manifest``) the finding's tool."""
    detail: str = ""
    """For ``dependencies``, ``path`` and a tool's ``manifest``: what the file is, the detail
    of the whole-file finding its name makes once it has been read."""
    category: Category | None = None
    """For ``path`` and a tool's ``manifest``: the category of that finding."""
    line: str = ""
    """For a tool's ``manifest``: the pattern of the line the finding points at."""
    reader: Reader = ""
    """The structured reading this file also gets ('' for none)."""


CI_FILE_LABELS: dict[str, str] = {
    "github-actions": "GitHub Actions workflow",
    "gitlab-ci": "GitLab CI pipeline",
    "azure-pipelines": "Azure Pipelines pipeline",
    "jenkins": "Jenkins pipeline",
    "circleci": "CircleCI config",
    "bitbucket-pipelines": "Bitbucket Pipelines config",
    "cloud-build": "Cloud Build config",
}

_PYTHON = FileKind("python")
_NOTEBOOK = FileKind("notebook")
_MANIFEST = FileKind("manifest")
_PIP = FileKind("dependencies", "pip", "pip requirements")
_SETUPTOOLS = FileKind("dependencies", "setuptools", "setuptools configuration")
_CONDA = FileKind("dependencies", "conda", "conda environment")
_PARAMS = FileKind("path", "params", "training parameters", "training_inputs", reader="params")
_MAKE = FileKind("make")
_SHELL = FileKind("shell")
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
    "pyproject.toml": FileKind("dependencies", "pyproject", "pyproject.toml"),
    "setup.cfg": _SETUPTOOLS,
    "setup.py": _SETUPTOOLS,
    "environment.yml": _CONDA,
    "environment.yaml": _CONDA,
    "conda.yaml": _CONDA,
    "pipfile": FileKind("dependencies", "pipenv", "Pipfile"),
    "uv.lock": FileKind("dependencies", "uv", "uv lockfile"),
    "dockerfile": FileKind("dockerfile"),
    "containerfile": FileKind("dockerfile"),
    # DVC's params.yaml and its siblings: what a training run is configured with.
    "params.yaml": _PARAMS,
    "params.yml": _PARAMS,
    "params.json": _PARAMS,
    "params.toml": _PARAMS,
    "makefile": _MAKE,
    "gnumakefile": _MAKE,
    ".python-version": FileKind("path", reader="python_version"),
}
#: Catalog files read for their structure as well: the file a data versioning tool runs its
#: pipeline from (``pipeline_file``) and its repository's configuration, an MLflow project.
_STRUCTURED: dict[str, Reader] = {"mlproject": "entry_points", ".dvc/config": "remotes"}


def _tool_files() -> tuple[dict[str, FileKind], dict[str, FileKind], dict[str, FileKind]]:
    """The catalog tools' own files (``feature_store.yaml``, ``dvc.yaml``, ``.dvc`` files
    ...) by name, extension and path; one whose finding points at a line is read as a
    manifest."""
    found: tuple[dict[str, FileKind], dict[str, FileKind], dict[str, FileKind]] = ({}, {}, {})
    by_name, by_extension, by_path = found
    pipeline_files = {entry.pipeline_file for entry in all_entries() if entry.pipeline_file}
    for signs in SIGNS:
        for sign in signs.files:
            line = sign.get("line", "")
            key = sign.get("name", sign.get("path", ""))
            reader = "pipeline" if key in pipeline_files else _STRUCTURED.get(key.lower(), "")
            kind = FileKind(
                "manifest" if line else "path",
                signs.tool,
                sign["detail"],
                signs.category,
                line,
                reader,
            )
            if "name" in sign:
                by_name[sign["name"].lower()] = kind
            elif "extension" in sign:
                by_extension[sign["extension"]] = kind
            else:
                by_path[sign["path"]] = kind
    return found


_TOOL_NAMES, _BY_EXTENSION, _BY_PATH = _tool_files()
_BY_NAME.update(_TOOL_NAMES)


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
        if lowered.startswith("cloudbuild"):
            return FileKind("ci", "cloud-build")
        if path.startswith(".azure-pipelines/") or (
            slash < 0 and lowered.startswith("azure-pipelines")
        ):
            return FileKind("ci", "azure-pipelines")
        return _MANIFEST
    by_extension = _BY_EXTENSION.get(extension)
    if by_extension is not None:
        return by_extension
    if lowered.startswith("requirements") and extension in (".txt", ".in"):
        return _PIP
    if extension == ".txt" and path.startswith("requirements/"):
        return _PIP
    if lowered.startswith("dockerfile.") or extension == ".dockerfile":
        return FileKind("dockerfile")
    if extension == ".mk":
        return _MAKE
    if extension in (".sh", ".bash"):
        return _SHELL
    if extension == ".tf":
        return FileKind("terraform")
    return _BY_PATH.get(path)
