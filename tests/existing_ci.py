"""Repositories that already have a CI of their own, made by the tests (a few files each):
what `export` must include its pipeline beside, never write over.

A minimal builder until the scan's shared fixture repositories land; then these become
entries there.
"""

from __future__ import annotations

from pathlib import Path

#: A GitLab CI with a CML-style report job in the `test` stage, as a DVC project often has:
#: it writes a report of the metrics and comments it when CML is installed.
GITLAB_WITH_CML = """\
# The team's own pipeline: tests and a CML report.
stages:
  - test   # ours

cml_report:
  stage: test
  script:
    - echo "## Metrics" > report.md
    - cat params.json >> report.md
    - if command -v cml >/dev/null; then cml comment create report.md; fi
  artifacts:
    paths:
      - report.md
"""

#: The same pipeline with no `stages:` (its job in GitLab's default `test` stage).
GITLAB_WITHOUT_STAGES = """\
cml_report:
  script:
    - echo "## Metrics" > report.md
"""

#: A GitHub workflow of the team's own.
GITHUB_TESTS = """\
name: tests
on: [push]
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo test
"""

#: An Azure pipeline of the team's own, in stages.
AZURE_WITH_STAGES = """\
trigger:
  - main
pool:
  vmImage: ubuntu-latest
stages:
  - stage: build   # the team's build
    jobs:
      - job: build
        steps:
          - bash: echo build
"""

#: An Azure pipeline of the team's own, steps only: a stages template cannot go in it.
AZURE_STEPS_ONLY = """\
trigger:
  - main
pool:
  vmImage: ubuntu-latest
steps:
  - bash: echo build
"""


def repository_with(folder: Path, files: dict[str, str]) -> Path:
    """``folder`` holding ``files`` (path -> text)."""
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder
