"""Fixtures for the session's tests: SVG snapshots kept under the top-level snapshots/screens/,
an answers file in a scratch folder that is also the working folder (so no absolute path
reaches the screen), and the app as the tests run it (tests/tui/driving.py drives it)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.base import AbstractSyrupyExtension
from syrupy.location import PyTestLocation

from screens.app import WizardApp
from tests.tui.driving import SteadyCursorApp
from tests.tui.snapshot_files import SCREEN_SNAPSHOTS, SNAPSHOT_FILES, snapshot_file
from wizard.io.edit import set_value
from wizard.io.loader import load_answers
from wizard.io.saving import save_answers

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
ANSWERS_NAME = "mlops-answers.yaml"


class ScreenSnapshotExtension(SVGImageExtension):
    """The plugin's SVG snapshots, stored under snapshots/screens/<test module>/."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        # One folder per test module, named like it, so syrupy can tell which snapshots
        # belong to the tests that ran (its unused-snapshot check matches that name).
        return str(SCREEN_SNAPSHOTS / test_location.basename)


class ScreenSnapshotAssertion(SnapshotAssertion):
    """``snap_compare`` asks for the plugin's own extension; hand it ours instead."""

    def use_extension(
        self, extension_class: type[AbstractSyrupyExtension] | None = None
    ) -> SnapshotAssertion:
        if extension_class is SVGImageExtension:
            extension_class = ScreenSnapshotExtension
        return super().use_extension(extension_class)


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect any
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Remember the snapshot file of every snapshot test collected, for the unused-snapshot
    check (tests/tui/test_snapshot_files.py) that syrupy skips under pytest-xdist."""
    config.stash[SNAPSHOT_FILES] = {
        snapshot_file(item) for item in items if "snap_compare" in getattr(item, "fixturenames", ())
    }


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> SnapshotAssertion:
    return ScreenSnapshotAssertion(
        update_snapshots=request.config.option.update_snapshots,
        extension_class=ScreenSnapshotExtension,
        test_location=PyTestLocation(request.node),
        session=request.session.config._syrupy,
    )


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder that is the working folder for the test."""
    folder = tmp_path / "project"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def answers_from(workdir: Path) -> Callable[..., Path]:
    """Copy an example into the working folder as its answers file, resuming at ``step``."""

    def copy(example: str, step: str | None = None) -> Path:
        target = workdir / ANSWERS_NAME
        shutil.copyfile(EXAMPLES / f"{example}.yaml", target)
        if step is not None:
            save_answers(target, set_value(load_answers(target), "wizard.step", step))
        return target

    return copy


@pytest.fixture
def make_app() -> Callable[..., WizardApp]:
    """The session app as the tests run it: no blinking cursor, a relative answers path."""

    def make(answers_path: Path, scan_root: Path | None = None, **options: Any) -> WizardApp:
        return SteadyCursorApp(Path(answers_path.name), scan_root, **options)

    return make
