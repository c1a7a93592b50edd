"""Evidence -> the runtime answers a scan proposes: what each CI job installs
(``cicd.install``), the Python it runs on (``cicd.python``) and the cloud (``project.cloud``),
each with the path:line it comes from. An explicit answer always overrules them.

- Install: the dependency file nearest the training code (``src/requirements.txt`` for
  ``src/train.py``, a DVC stage's or an MLproject's script), else one at the root.
- Python: where the repository pins it, the most binding first: ``.python-version``, a
  Python base image (``FROM python:3.9``), the version its own CI sets up (setup-python,
  ``image: python:3.9``, ``UsePythonVersion``), an App Engine runtime, and last the lowest
  version a packaging file asks for (``requires-python``). Of several in the same place, the
  newest.
- Cloud: the cloud most cited by SDK imports and packages, CI logins, infrastructure files
  and DVC remotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from wizard.model.design import SuggestedAnswer
from wizard.model.evidence import Evidence, EvidenceItem

#: The packaging tool's file -> the command that installs the project from it in a CI job,
#: the most exact first (a lock pins every package; pyproject.toml may pin none).
_INSTALLS: tuple[tuple[str, str], ...] = (
    (
        "uv",
        "python -m pip install uv && uv export --locked --format requirements-txt "
        "| python -m pip install -r /dev/stdin",
    ),
    ("pipenv", "python -m pip install pipenv && pipenv install --deploy --system"),
    ("pip", "python -m pip install -r {path}"),
    ("conda", "conda env update --name base --file {path}"),
    ("pyproject", "python -m pip install {folder}"),
    ("setuptools", "python -m pip install {folder}"),
)
#: Tools whose commands need to run in the folder of their file.
_AT_ROOT_ONLY = frozenset({"uv", "pipenv"})
_SCRIPT = re.compile(r"(?:^|\s)(?:\./)?(?P<path>[\w./-]+\.py)\b")
#: Where a Python version is written -> its rank (the lowest rank wins).
PYTHON_RANKS: dict[str, int] = {"pinned": 0, "image": 1, "ci": 2, "platform": 3, "declared": 4}


def _training_folders(evidence: Evidence) -> list[str]:
    """The folders of the training code: the training scripts found, and the Python files
    the repository's own commands run (a DVC stage's, an MLproject's)."""
    folders: list[str] = []
    for item in evidence.of("training_inputs"):
        if item.tool == "script":
            folders.append(str(PurePosixPath(item.path).parent))
    for item in evidence.of("commands"):
        folders += [
            str(PurePosixPath(item.path).parent / PurePosixPath(match["path"]).parent)
            for match in _SCRIPT.finditer(item.value)
        ]
    return list(dict.fromkeys(folder for folder in folders if not folder.startswith("..")))


def _parents(folder: str) -> Iterable[str]:
    """``src/pkg``, ``src``, ``.``: the folder and those above it."""
    path = PurePosixPath(folder)
    yield from (str(part) for part in (path, *path.parents))


def _install_from(files: list[EvidenceItem]) -> tuple[str, EvidenceItem] | None:
    for tool, command in _INSTALLS:
        found = sorted(
            (item for item in files if item.tool == tool),
            key=lambda item: (item.path.rpartition("/")[2] != "requirements.txt", len(item.path)),
        )
        for item in found:
            folder = str(PurePosixPath(item.path).parent)
            if tool in _AT_ROOT_ONLY and folder != ".":
                continue
            shown = "." if folder == "." else f"./{folder}"
            return command.format(path=item.path, folder=shown), item
    return None


def suggest_install(evidence: Evidence) -> SuggestedAnswer | None:
    """The install command each CI job runs (``cicd.install``): from the dependency file
    nearest the training code, else from one at the root; None when it found none (an
    information gap). Of several requirements files, ``requirements.txt`` wins, then the
    shortest name."""
    files = [item for item in evidence.of("dependencies") if item.line is None]
    by_folder: dict[str, list[EvidenceItem]] = {}
    for item in files:
        by_folder.setdefault(str(PurePosixPath(item.path).parent), []).append(item)
    for training in _training_folders(evidence):
        for folder in _parents(training):
            chosen = _install_from(by_folder.get(folder, []))
            if chosen is not None:
                command, item = chosen
                reason = f"found {item.path}, beside the training code in {training}/"
                if folder == ".":
                    reason = f"found {item.path}"
                return ("cicd.install", command, reason)
    chosen = _install_from(by_folder.get(".", []))
    if chosen is None:
        return None
    command, item = chosen
    return ("cicd.install", command, f"found {item.path}")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def suggest_python(evidence: Evidence) -> SuggestedAnswer | None:
    """The Python version the jobs run on (``cicd.python``), from where the repository pins
    it, with the path:line."""
    found = [item for item in evidence.of("runtime") if item.value]
    if not found:
        return None
    best = min(
        found,
        key=lambda item: (PYTHON_RANKS.get(item.name, len(PYTHON_RANKS)), _neg(item.value)),
    )
    return ("cicd.python", best.value, f"{best.where}: {best.detail}")


def _neg(version: str) -> tuple[int, ...]:
    return tuple(-part for part in _version_key(version))


#: Why a scanned repository with no cloud in it gets no cloud login: a guessed cloud would
#: make every job that reads the registry ask for credentials the team never set up.
NO_CLOUD_FOUND = (
    "no cloud SDK, infrastructure file or cloud CI step found, so no job logs in to a cloud "
    "(answer project.cloud if the pipeline uses one)"
)


def suggest_cloud(evidence: Evidence) -> tuple[SuggestedAnswer, tuple[EvidenceItem, ...]] | None:
    """The cloud the code and the infrastructure use (``project.cloud``): the most cited,
    with its first finding; ``other`` (no cloud login) for a scanned repository with none;
    None with no scan."""
    found = evidence.of("cloud")
    if not found:
        scanned = evidence.root is not None or evidence.files_scanned > 0
        return (("project.cloud", "other", NO_CLOUD_FOUND), ()) if scanned else None
    counts: dict[str, int] = {}
    for item in found:
        counts[item.value or item.tool] = counts.get(item.value or item.tool, 0) + 1
    cloud = sorted(counts, key=lambda name: (-counts[name], name))[0]
    items = tuple(item for item in found if (item.value or item.tool) == cloud)
    others = sorted(name for name in counts if name != cloud)
    reason = f"{cloud} found at {items[0].where} ({items[0].detail})"
    if others:
        reason += f"; also {', '.join(others)}, less often"
    return ("project.cloud", cloud, reason), items
