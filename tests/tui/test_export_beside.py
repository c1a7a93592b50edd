"""The session's export beside a CI the repository already has: the team's file is left as
it is where the include cannot be added safely, and the session says what to add, line for
line, as the CLI does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.tui.driving import settle

SIZE = (120, 40)
#: The team's include written as one mapping: there is no list to add an entry to.
TEAMS_CI = "include:\n  local: ci/lint.yml\nlint:\n  script: [ruff check .]\n"


async def test_the_sessions_export_says_what_to_add_to_the_teams_ci_file(
    answers_from: Callable[..., Path], make_app: Callable[..., Any], workdir: Path
) -> None:
    app = make_app(answers_from("recommender", "review"))  # a GitLab CI design
    (workdir / ".gitlab-ci.yml").write_text(TEAMS_CI, encoding="utf-8")
    told: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        notify = app.notify

        def noted(message: str, **options: Any) -> None:
            told.append(message)
            notify(message, **options)

        app.notify = noted
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _ in range(1000):
            if any(message.startswith("Exported") for message in told):
                break
            await pilot.pause(0.01)
        await settle(pilot)
    (exported,) = [message for message in told if message.startswith("Exported")]
    assert (workdir / ".gitlab-ci.yml").read_text(encoding="utf-8") == TEAMS_CI
    assert (workdir / ".gitlab" / "ml-pipeline.yml").is_file()
    assert "\nTo do by hand: .gitlab-ci.yml: add to .gitlab-ci.yml:\n" in exported
    assert "    - local: .gitlab/ml-pipeline.yml\n" in exported
