"""A rendered document: where it goes and what it says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Literal

from wizard.model.records import record

DocumentKind = Literal["md", "yaml", "ci", "make", "answers", "impl", "adr"]

#: The file names of an export, relative to the output folder (the CI file's depends on
#: the platform: ``wizard.model.platforms.identity(id).ci_path``).
ARCHITECTURE_MD = "architecture.md"
ARCHITECTURE_YAML = "mlops-architecture.yaml"
ANSWERS_YAML = "mlops-answers.yaml"
IMPLEMENTING_MD = "IMPLEMENTING.md"
#: The stage targets the pipeline runs (``make <stage>``), written once, included from the
#: Makefile.
STAGE_TARGETS = "mlops.mk"
#: The folder of the decision records, ``decisions/NNNN-<concern>.md``.
DECISIONS_DIR = "decisions"


@record
class Included:
    """A repository's own CI file with the ML pipeline included in it."""

    text: str | None
    """Its text with the include added; None where it could not be added safely."""
    by_hand: str
    """What the team adds to it by hand (the include where ``text`` is None, and whatever
    the platform keeps only in that file, such as schedules); empty when nothing."""


@record
class Beside:
    """How a pipeline goes beside a CI file the repository already has (one no export
    wrote): in files of its own, included from the repository's file."""

    files: tuple[RenderedFile, ...]
    """What is written instead of the pipeline file."""
    include: Callable[[str], Included] = field(compare=False)
    """The repository's CI file's text -> with the pipeline included."""


@record
class RenderedFile:
    path: str
    """POSIX path relative to the output folder, e.g. ``.github/workflows/ml-pipeline.yml``."""
    kind: DocumentKind
    text: str
    beside: Beside | None = None
    """Where a pipeline file goes when the repository already has a CI file at ``path``;
    None: always at ``path`` (a file of its own, or not a pipeline)."""
