"""The files whose change on the default branch means the model may change, from the scan's
view of the repository: where the code that trains, tracks or serves the model is, the data
and parameters it trains on, the DVC pipeline and tracked data, the dependency files, the
spec, the stage targets and the pipeline file itself.

Decided here once and carried by the Design (``PipelineDesign.watched_paths``): every CI
platform and IMPLEMENTING.md render this one value. Nothing is guessed: without a scan (or
with no folder found) a push anywhere starts a run.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from wizard.model.evidence import Category, Evidence, EvidenceItem, top_folder
from wizard.model.files import ARCHITECTURE_YAML, STAGE_TARGETS
from wizard.model.platforms import identity

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
_DVC_FILES = frozenset({"dvc.yaml", "dvc.lock", "params.yaml"})


def _code_or_data(item: EvidenceItem) -> str | None:
    if item.path.endswith(".ipynb"):
        return None  # a notebook is exploration, not what the pipeline runs
    if item.category in _CODE or item.category == "training_inputs":
        return top_folder(item.path)
    if item.category == "data_versioning":
        name = PurePosixPath(item.path).name
        if name in _DVC_FILES or item.path.endswith(".dvc"):
            return top_folder(item.path)
        return None
    if item.category in _FILES:
        return item.path
    return None


def watched_paths(evidence: Evidence, platform: str) -> tuple[str, ...]:
    """Folders end with ``/``, files are named as they are; empty: watch everything."""
    found = {_code_or_data(item) for item in evidence.items}
    watched = sorted(path for path in found if path is not None)
    if not any(path.endswith("/") for path in watched):
        return ()
    return (*watched, ARCHITECTURE_YAML, STAGE_TARGETS, identity(platform).ci_path)
