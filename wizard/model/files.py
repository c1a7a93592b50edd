"""A rendered document: where it goes and what it says."""

from __future__ import annotations

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
class RenderedFile:
    path: str
    """POSIX path relative to the output folder, e.g. ``.github/workflows/ml-pipeline.yml``."""
    kind: DocumentKind
    text: str
