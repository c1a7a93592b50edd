"""The install step each CI job runs: the scan collects the dependency files, the engine
proposes the command (``cicd.install``), and finds none where there is no such file."""

from __future__ import annotations

import pytest

from wizard.engine.suggest import suggest
from wizard.scan import scan_repository


def proposed(make_repo, files: dict[str, str]) -> str | None:
    suggestions = suggest(scan_repository(make_repo(files)))
    found = [value for key, value, _ in suggestions.answers if key == "cicd.install"]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("files", "command"),
    [
        ({"requirements.txt": "pandas\n"}, "python -m pip install -r requirements.txt"),
        (
            {"requirements-dev.txt": "pytest\n", "requirements.txt": "pandas\n"},
            "python -m pip install -r requirements.txt",
        ),
        ({"requirements-ci.txt": "pandas\n"}, "python -m pip install -r requirements-ci.txt"),
        ({"pyproject.toml": "[project]\nname = 'x'\n"}, "python -m pip install ."),
        (
            {"pyproject.toml": "[project]\nname = 'x'\n", "uv.lock": "version = 1\n"},
            "python -m pip install uv && uv export --locked --format requirements-txt "
            "| python -m pip install -r /dev/stdin",
        ),
        (
            {"environment.yml": "dependencies:\n  - pandas\n"},
            "conda env update --name base --file environment.yml",
        ),
        (
            {"Pipfile": "[packages]\npandas = '*'\n"},
            "python -m pip install pipenv && pipenv install --deploy --system",
        ),
    ],
)
def test_the_dependency_file_gives_the_install(
    make_repo, files: dict[str, str], command: str
) -> None:
    assert proposed(make_repo, {**files, "src/train.py": "print(1)\n"}) == command


def test_no_dependency_file_proposes_nothing(make_repo) -> None:
    assert proposed(make_repo, {"src/train.py": "print(1)\n"}) is None


def test_a_nested_requirements_file_is_not_the_projects(make_repo) -> None:
    files = {"docs/requirements.txt": "sphinx\n", "src/train.py": "print(1)\n"}
    assert proposed(make_repo, files) is None
