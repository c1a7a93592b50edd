"""Text from the answers file and the repository reaches the screen as text: control and
escape sequences are shown escaped, never sent to the terminal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Static

from screens.load_error import LoadErrorScreen
from screens.widgets.scan_panel import ScanPanel
from tests.tui.driving import settle
from tests.tui.test_scan import scanned

SIZE = (120, 40)
OSC = "\x1b]0;PWNED\x07"


def rendered_texts(screen: Any) -> list[str]:
    return [str(widget.render()) for widget in screen.query(Static)]


async def test_an_unknown_key_with_an_escape_sequence_is_shown_escaped(
    workdir: Path, make_app: Callable[..., Any]
) -> None:
    path = workdir / "mlops-answers.yaml"
    path.write_text(
        f'schema_version: 1\nproject:\n  name: "a{OSC}"\n"evil{OSC}": 1\n'.replace(
            "\x1b", "\\e"
        ).replace("\x07", "\\a"),
        encoding="utf-8",
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        texts = rendered_texts(app.screen)
        assert any("evil" in text for text in texts)
        assert not any("\x1b" in text or "\x07" in text for text in texts)
        assert any("\\x1b]0;PWNED\\x07" in text for text in texts)


async def test_a_repository_file_name_with_an_escape_sequence_is_shown_escaped(
    workdir: Path, make_app: Callable[..., Any]
) -> None:
    repo = workdir / "repo"
    repo.mkdir()
    (repo / f"train{OSC}.py").write_text("import mlflow\nmlflow.log_param('a', 1)\n")
    app = make_app(workdir / "mlops-answers.yaml", Path("repo"))
    async with app.run_test(size=SIZE) as pilot:
        await scanned(pilot)
        panel = app.screen.query_one(ScanPanel)
        texts = rendered_texts(panel)
        assert any("PWNED" in text for text in texts)
        assert not any("\x1b" in text or "\x07" in text for text in texts)


async def test_values_from_the_answers_file_are_shown_escaped_in_their_inputs(
    workdir: Path, make_app: Callable[..., Any]
) -> None:
    """A text field (Project) shows a value from the file escaped; the answers themselves are
    left as the file has them (no edit). A command cannot hold a control character: the file
    is refused before any screen (tests/io/test_bad_answers.py)."""
    from textual.widgets import Input

    clipboard = "\x1b]52;c;aGk=\x07"
    path = workdir / "mlops-answers.yaml"
    text = (
        f'schema_version: 1\nproject:\n  name: "a{OSC}"\n  description: "x{clipboard}y"\n'
        "wizard:\n  step: project\n"
    )
    path.write_text(text.replace("\x1b", "\\e").replace("\x07", "\\a"), encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {
            key: app.screen.field(key).query_one(Input).value
            for key in ("project.name", "project.description")
        }
        assert shown == {
            "project.name": "a\\x1b]0;PWNED\\x07",
            "project.description": "x\\x1b]52;c;aGk=\\x07y",
        }
        assert app.state.answers.project.name == f"a{OSC}"  # shown, not edited
