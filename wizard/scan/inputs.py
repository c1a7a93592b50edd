"""What a training run reads as it is, found from the paths: folders of data files and the
training scripts (the parameters file is a ``path`` kind, ``wizard.scan.kinds``). The pipeline
watches them, so that a change to the training data starts a run (``wizard.engine.watched_paths``).

Data files are never opened (they are the bulk of a repository): a folder counts once one of
its data files is confirmed a regular file inside the root, without following a link.
Training scripts count only once read, like every other finding.
"""

from __future__ import annotations

import os
import stat

from wizard.model.evidence import EvidenceItem, top_folder
from wizard.scan.batch import ParentCheck
from wizard.scan.listing import printable_path

#: Tabular and columnar files a training run reads; JSON is left out (mostly configuration).
DATA_EXTENSIONS = frozenset(
    {".csv", ".tsv", ".parquet", ".jsonl", ".ndjson", ".feather", ".arrow", ".avro", ".orc"}
)
#: Data here is a test's fixture or an example, not what the model trains on.
_NOT_TRAINING_DIRS = frozenset({"tests", "test", "docs", "examples"})


def _excluded(path: str) -> bool:
    parts = path.split("/")[:-1]
    return any(part in _NOT_TRAINING_DIRS or part.startswith(".") for part in parts)


def is_training_script(path: str) -> bool:
    """``train.py``, ``train_model.py``, ``training.py`` outside the test folders."""
    name = path.rpartition("/")[2]
    return name.startswith("train") and name.endswith(".py") and not _excluded(path)


class TrainingInputs:
    """Collects the candidate paths while the listing is walked; ``items`` says which of
    them count."""

    def __init__(self) -> None:
        self._data: dict[str, list[str]] = {}
        """Top folder (or the file itself, at the root) -> its data files, in listing order."""
        self._scripts: list[str] = []
        """Training scripts: they count once read."""

    def add(self, path: str) -> None:
        if is_training_script(path):
            self._scripts.append(path)
            return
        name = path.rpartition("/")[2]
        dot = name.rfind(".")
        if dot <= 0 or name[dot:].lower() not in DATA_EXTENSIONS or _excluded(path):
            return
        self._data.setdefault(top_folder(path), []).append(path)

    def items(self, root: str, read: set[str]) -> list[EvidenceItem]:
        items = [
            EvidenceItem("training_inputs", "script", printable_path(path), None, "training script")
            for path in self._scripts
            if path in read
        ]
        parents = ParentCheck(root)
        for group, paths in self._data.items():
            if not any(parents.inside(path) and _regular_file(root, path) for path in paths):
                continue
            count = len(paths)
            detail = "data file" if count == 1 else f"{count} data files"
            items.append(
                EvidenceItem("training_inputs", "data", printable_path(group), None, detail)
            )
        return items


def _regular_file(root: str, path: str) -> bool:
    """``path`` is a regular file itself (a link is not followed)."""
    try:
        return stat.S_ISREG(os.lstat(os.path.join(root, path)).st_mode)
    except OSError:
        return False
