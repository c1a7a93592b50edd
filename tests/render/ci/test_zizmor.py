"""zizmor (the security linter for GitHub workflows) finds nothing in any workflow we
generate: every bundled example's, and those of hypothesis-generated answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings

from tests.paths import REPO_ROOT
from tests.render.ci.schemas import schema_errors
from tests.render.ci.test_examples import EXAMPLES, answers
from wizard.engine import build_design
from wizard.io.loader import load_answers
from wizard.model.answers import Answers
from wizard.render.ci import render_ci

ZIZMOR = shutil.which("zizmor") or str(REPO_ROOT / ".venv" / "bin" / "zizmor")


def findings(workflow: Path) -> list[str]:
    """zizmor's findings on ``workflow`` (offline: no network, every offline audit)."""
    result = subprocess.run(
        [ZIZMOR, "--offline", "--format", "json", str(workflow)], capture_output=True, text=True
    )
    assert result.returncode in (0, 14), result.stderr  # 14: findings (listed in the JSON)
    return [f"{item['ident']}: {item['desc']}" for item in json.loads(result.stdout)]


def _after_braces(text: str) -> list[str]:
    """The character right after each "{" in ``text``."""
    return [part[0] for part in text.split("{")[1:] if part]


def write_workflow(text: str, folder: Path) -> Path:
    target = folder / ".github" / "workflows" / "ml-pipeline.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def test_no_finding_on_any_example_workflow(tmp_path: Path) -> None:
    for example in EXAMPLES:
        data = load_answers(example)
        github = data.model_copy(
            update={"project": data.project.model_copy(update={"ci_platform": "github-actions"})}
        )
        design = build_design(github)
        workflow = write_workflow(render_ci(design).text, tmp_path / example.stem)
        assert findings(workflow) == [], example.name


# 25: an example runs zizmor on the workflow; tmp_path only receives that one file,
# rewritten by every example, so sharing it between examples is fine.
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers())
def test_no_finding_on_generated_answers(tmp_path: Path, generated: Answers) -> None:
    github = generated.model_copy(
        update={"project": generated.project.model_copy(update={"ci_platform": "github-actions"})}
    )
    text = render_ci(build_design(github)).text
    assert schema_errors("github-actions", text) == []
    # zizmor 1.32.0 itself crashes (SIGSEGV) on "{" followed by an unassigned or a
    # private-use code point (e.g. U+DAE20, U+F0000) in a run step: a fault of the linter,
    # not a finding in our file.
    assume(not any(unicodedata.category(char) in ("Cn", "Co") for char in _after_braces(text)))
    assert findings(write_workflow(text, tmp_path)) == []
