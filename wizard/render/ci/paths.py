"""The files whose change on the default branch means the model may change, from the scan's
view of the repository: the folders its code findings are in, the DVC pipeline and tracked
data, the dependency files, the spec, the stage targets and the pipeline file itself.

Nothing is guessed: without a scan (or with no code found) a push anywhere starts a run.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from wizard.model.design import Design
from wizard.model.evidence import Category, EvidenceItem
from wizard.model.files import ARCHITECTURE_YAML, CI_PATHS

#: Findings in these categories are in the code that trains, tracks or serves the model.
_CODE: frozenset[Category] = frozenset(
    {
        "experiment_tracking",
        "model_registry",
        "feature_store",
        "data_validation",
        "monitoring",
        "orchestration",
    }
)
#: Findings here are files the run depends on as they are.
_FILES: frozenset[Category] = frozenset({"dependencies", "container"})
STAGE_TARGETS = "mlops.mk"


def _folder(path: str) -> str:
    """The top folder of ``path`` (``src/`` for ``src/fraud/train.py``), or the file itself
    when it is at the root."""
    parts = PurePosixPath(path).parts
    return f"{parts[0]}/" if len(parts) > 1 else path


def _code_or_data(item: EvidenceItem) -> str | None:
    if item.path.endswith(".ipynb"):
        return None  # a notebook is exploration, not what the pipeline runs
    if item.category in _CODE:
        return _folder(item.path)
    if item.category == "data_versioning":
        name = PurePosixPath(item.path).name
        if name in ("dvc.yaml", "dvc.lock", "params.yaml") or item.path.endswith(".dvc"):
            return item.path if "/" not in item.path else _folder(item.path)
        return None
    if item.category in _FILES:
        return item.path
    return None


def watched_paths(design: Design) -> tuple[str, ...]:
    """Folders end with ``/``; each platform spells its own glob. Empty: watch everything."""
    found = [_code_or_data(item) for item in design.evidence.items]
    code = sorted({path for path in found if path is not None})
    if not any(path.endswith("/") for path in code):
        return ()
    platform = design.pipeline.platform
    return (*code, ARCHITECTURE_YAML, STAGE_TARGETS, CI_PATHS.get(platform, design.pipeline.path))
