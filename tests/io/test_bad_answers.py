"""A table of broken answers files: each is refused with exit 2, the key and line named in
one line per problem, no traceback, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.io.loader import MAX_BYTES

VALID_HEAD = "schema_version: 1\n"


def _yaml(body: str) -> bytes:
    return (VALID_HEAD + body).encode()


BAD_FILES: list[tuple[str, bytes, str, int | None, str]] = [
    # id, content, key named, line, words the message must contain
    (
        "psi-zero",
        _yaml("retraining:\n  drift:\n    psi_threshold: 0\n"),
        "retraining.drift.psi_threshold",
        4,
        "0 < x ≤ 1",
    ),
    (
        "psi-above-one",
        _yaml("retraining:\n  drift:\n    psi_threshold: 1.01\n"),
        "retraining.drift.psi_threshold",
        4,
        "0 < x ≤ 1",
    ),
    (
        "percent-negative",
        _yaml("promotion:\n  min_accuracy_gain_pct: -1\n"),
        "promotion.min_accuracy_gain_pct",
        3,
        "0 ≤ x ≤ 100",
    ),
    (
        "percent-over",
        _yaml("retraining:\n  human_review_above_pct: 100.5\n"),
        "retraining.human_review_above_pct",
        3,
        "0 ≤ x ≤ 100",
    ),
    (
        "accuracy-drop-over",
        _yaml("retraining:\n  performance:\n    accuracy_drop_pct: 101\n"),
        "retraining.performance.accuracy_drop_pct",
        4,
        "0 ≤ x ≤ 100",
    ),
    (
        "latency-zero",
        _yaml("promotion:\n  max_latency_ms: 0\n"),
        "promotion.max_latency_ms",
        3,
        "0 < x",
    ),
    (
        "window-days-zero",
        _yaml("retraining:\n  data_window_days: 0\n"),
        "retraining.data_window_days",
        3,
        "1 ≤ x ≤ 3650",
    ),
    (
        "window-days-huge",
        _yaml("retraining:\n  data_window_days: 3651\n"),
        "retraining.data_window_days",
        3,
        "1 ≤ x ≤ 3650",
    ),
    (
        "level-override",
        _yaml("maturity:\n  level_override: 4\n"),
        "maturity.level_override",
        3,
        "0 ≤ x ≤ 3",
    ),
    (
        "window-rule-k-above-n",
        _yaml("retraining:\n  performance:\n    window_rule: {breaches: 3, windows: 2}\n"),
        "retraining.performance.window_rule",
        4,
        "breaches",
    ),
    (
        "type-number",
        _yaml("retraining:\n  drift:\n    psi_threshold: high\n"),
        "retraining.drift.psi_threshold",
        4,
        "'high'",
    ),
    (
        "type-bool",
        _yaml("cicd:\n  manual_approval: sometimes\n"),
        "cicd.manual_approval",
        3,
        "true or false",
    ),
    ("type-list", _yaml("cicd:\n  triggers: push\n"), "cicd.triggers", 3, "a list"),
    ("type-section", _yaml("project: fraud\n"), "project", 2, "a section"),
    (
        "enum-platform",
        _yaml("project:\n  ci_platform: jenkins\n"),
        "project.ci_platform",
        3,
        "github-actions, gitlab-ci, azure-pipelines",
    ),
    (
        "enum-maturity",
        _yaml("maturity:\n  monitoring: maybe\n"),
        "maturity.monitoring",
        3,
        "yes, partial, no, unknown",
    ),
    (
        "enum-list-item",
        _yaml("cicd:\n  triggers:\n    - push\n    - nightly\n"),
        "cicd.triggers[1]",
        5,
        "push, schedule, drift, manual",
    ),
    (
        "enum-command-stage",
        _yaml("cicd:\n  commands:\n    deploy: make deploy\n"),
        "cicd.commands.deploy",
        4,
        "validate_data",
    ),
    (
        "unknown-key-typo",
        _yaml("retrainng:\n  schedule: weekly\n"),
        "retrainng",
        2,
        "did you mean 'retraining'?",
    ),
    (
        "unknown-nested-key",
        _yaml("promotion:\n  aprover: ML lead\n"),
        "promotion.aprover",
        3,
        "did you mean 'approver'?",
    ),
    ("empty-name", _yaml("project:\n  name: '  '\n"), "project.name", 3, "must not be empty"),
    (
        "bad-cron",
        _yaml("retraining:\n  schedule: '0 25 * * *'\n"),
        "retraining.schedule",
        3,
        "hour",
    ),
    (
        "bad-schedule-word",
        _yaml("retraining:\n  schedule: hourly\n"),
        "retraining.schedule",
        3,
        "daily, weekly, monthly",
    ),
    (
        "canary-not-increasing",
        _yaml("retraining:\n  canary_stages: [50, 10, 100]\n"),
        "retraining.canary_stages",
        3,
        "strictly increasing",
    ),
    (
        "canary-not-ending-100",
        _yaml("retraining:\n  canary_stages: [10, 50]\n"),
        "retraining.canary_stages",
        3,
        "ending at 100",
    ),
    (
        "canary-empty",
        _yaml("retraining:\n  canary_stages: []\n"),
        "retraining.canary_stages",
        3,
        "is empty",
    ),
    (
        "canary-out-of-range",
        _yaml("retraining:\n  canary_stages: [0, 100]\n"),
        "retraining.canary_stages",
        3,
        "outside 1..100",
    ),
    (
        "stages-out-of-order",
        _yaml("cicd:\n  stages: [train_model, validate_data]\n"),
        "cicd.stages",
        3,
        "out of order",
    ),
    (
        "duplicate-key",
        _yaml("project:\n  name: a\n  name: b\n"),
        "project.name",
        4,
        "duplicate key, first set on line 3",
    ),
    ("duplicate-section", _yaml("project: {}\nproject: {}\n"), "project", 3, "duplicate key"),
    (
        "python-tag",
        _yaml("project:\n  name: !!python/object/apply:os.system ['touch x']\n"),
        "project.name",
        3,
        "!!python/object/apply:os.system is not allowed",
    ),
    (
        "custom-tag",
        _yaml("promotion:\n  approver: !vault abc\n"),
        "promotion.approver",
        3,
        "!vault is not allowed",
    ),
    (
        "future-version",
        b"schema_version: 2\n",
        "schema_version",
        1,
        "this file is schema_version 2; this mlops-wizard reads 1 — upgrade mlops-wizard",
    ),
    ("missing-version", b"project:\n  name: x\n", "schema_version", 1, "schema_version: 1"),
    (
        "alias-bomb",
        b"schema_version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]\n".encode()
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "",
        4,
        "aliases expand the document",
    ),
    # A command is one printable line: a pasted control character or line break is refused.
    (
        "command-control-character",
        _yaml('cicd:\n  commands:\n    promote_production: "\\x8e\\x1eO"\n'),
        "cicd.commands.promote_production",
        4,
        "control character U+008E",
    ),
    (
        "command-two-lines",
        _yaml('cicd:\n  commands:\n    train_model: "make train\\nmake push"\n'),
        "cicd.commands.train_model",
        4,
        "one line of printable text",
    ),
    (
        "runner-tab",
        _yaml('cicd:\n  runner: "gpu\\tbig"\n'),
        "cicd.runner",
        3,
        "control character U+0009",
    ),
    (
        "install-escape",
        _yaml('cicd:\n  install: "pip install \\e[31m"\n'),
        "cicd.install",
        3,
        "lines of printable text",
    ),
    ("recursive-alias", b"schema_version: 1\nproject: &p {name: *p}\n", "", 2, "its own anchor"),
    ("binary", b"schema_version: 1\n\x00\x01\x02", "", 2, "binary file"),
    ("not-utf8", b"schema_version: 1\nproject:\n  name: caf\xe9\n", "", 3, "not UTF-8"),
    ("empty", b"", "", 1, "the file is empty"),
    ("only-comments", b"# nothing here\n", "", 1, "the file is empty"),
    ("list-top-level", b"- schema_version: 1\n", "", 1, "the top level is a list"),
    ("scalar-top-level", b"just text\n", "", 1, "the top level is a single value"),
    ("oversize", VALID_HEAD.encode() + b"# " + b"x" * MAX_BYTES + b"\n", "", None, "over 1 MiB"),
    ("broken-yaml", _yaml("project:\n  name: [unclosed\n"), "", 4, "not valid YAML"),
    ("two-documents", _yaml("---\nschema_version: 1\n"), "", 2, "not valid YAML"),
    ("deep-nesting", _yaml("project: " + "[" * 300 + "]" * 300 + "\n"), "project", 2, "nested"),
    ("deeper-than-python", _yaml("project: " + "[" * 5000 + "]" * 5000 + "\n"), "", 2, "nested"),
]


@pytest.mark.parametrize(
    ("content", "key", "line", "words"),
    [pytest.param(*row[1:], id=row[0]) for row in BAD_FILES],
)
def test_bad_answers_file_is_refused_with_its_key_and_line(
    tmp_path: Path,
    run_cli: Callable[..., object],
    content: bytes,
    key: str,
    line: int | None,
    words: str,
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(content)
    out_dir = tmp_path / "out"

    result = run_cli("export", "--answers", str(answers), "--out", str(out_dir))

    assert result.code == 2, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    where = f"{answers}:{line}: " if line is not None else f"{answers}: "
    expected = f"{where}{key}: " if key else where
    matching = [text for text in result.err.splitlines() if text.startswith(expected)]
    assert matching, f"no line starts with {expected!r} in:\n{result.err}"
    assert any(words in text for text in matching), result.err
    assert not out_dir.exists()


def test_every_problem_of_a_file_is_reported_in_one_run(
    tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "schema_version: 1\n"
        "project:\n  ci_platform: jenkins\n"
        "retrainng: {}\n"
        "retraining:\n  drift:\n    psi_threshold: 2\n"
        "promotion:\n  approver: !!python/name:os.system ''\n"
    )
    result = run_cli("export", "--answers", str(answers), "--out", str(tmp_path / "out"))
    assert result.code == 2
    lines = result.err.splitlines()
    assert [text.split(": ")[0] for text in lines] == [
        f"{answers}:3",
        f"{answers}:4",
        f"{answers}:7",
        f"{answers}:9",
    ]


def test_a_missing_file_is_bad_input(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    missing = tmp_path / "nope.yaml"
    result = run_cli("validate", str(missing))
    assert result.code == 2
    assert result.err.startswith(f"{missing}: cannot read the file")


def test_a_flood_of_problems_shows_the_first_fifty_and_a_count(
    tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_text(VALID_HEAD + "".join(f"k{i}: {i}\n" for i in range(60_000)))
    result = run_cli("validate", str(garbage))
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 51
    assert lines[0].startswith(f"{garbage}:2: k0: unknown key")
    assert lines[-1] == f"{garbage}: and 59950 more problems (60000 in all; the first 50 are shown)"
