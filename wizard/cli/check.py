"""``mlops-wizard check``: in CI, whether the repository still follows its committed design.
It reads the committed answers, the spec, the CI file and ``mlops.mk``, and scans the code for
the chosen tracker; exit 4 with one line per finding, 0 with one line when it follows its
design, 2 when an input cannot be read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath

from wizard.cli.command import Command
from wizard.cli.output import EXIT_OK, EXIT_POLICY_SAYS_NO, PROG, BadInput, say
from wizard.model.files import ANSWERS_YAML, ARCHITECTURE_YAML, STAGE_TARGETS


def _inside(root: Path, relative: str, key: str) -> Path:
    """``root / relative`` for a path the spec names, never one outside the repository."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BadInput(
            f"{key}: {relative!r} is not a path inside the repository (allowed: a relative "
            "path, as mlops-wizard export writes it)"
        )
    return root / path


def _targets(root: Path) -> dict | None:
    """The stage targets: mlops.mk's, then the Makefile's that make would also read."""
    from wizard.io.ci_jobs import read_make_targets

    found = None
    for name in ("Makefile", STAGE_TARGETS):
        targets = read_make_targets(root / name)
        if targets is not None:
            found = {**(found or {}), **targets}
    return found


def run_check(args: argparse.Namespace) -> int:
    from wizard.engine.conformance import Repository, conformance_findings
    from wizard.io.ci_jobs import read_ci_jobs
    from wizard.io.loader import load_answers
    from wizard.io.policy_files import PolicyFileError, load_spec
    from wizard.model.platforms import UnknownPlatform
    from wizard.model.spec import answers_sha256
    from wizard.render.ci.registry import platform_of

    root = Path(args.repo)
    if not root.is_dir():
        raise BadInput(f"--repo: {args.repo}: not a folder (allowed: the repository's root)")
    spec_path = Path(args.spec) if args.spec else root / ARCHITECTURE_YAML
    answers_path = Path(args.answers) if args.answers else root / ANSWERS_YAML
    try:
        spec = load_spec(spec_path)
        answers = load_answers(answers_path)
        ci_path = _inside(root, spec.ml_pipeline.file, f"{spec_path}: ml_pipeline.file")
        platform = platform_of(spec.ml_pipeline.platform)
        ci_jobs = read_ci_jobs(ci_path, platform.read_jobs, platform.includes, root)
        targets = _targets(root)
    except PolicyFileError as problem:
        raise BadInput(str(problem)) from None
    except UnknownPlatform as problem:
        raise BadInput(f"{spec_path}: ml_pipeline.platform: {problem}") from None
    evidence = None
    if spec.experiment_tracking.tool != "none":
        from wizard.scan import scan_repository

        evidence = scan_repository(root, workers=1)
    findings = conformance_findings(
        Repository(
            spec_file=str(spec_path),
            spec=spec,
            answers_file=str(answers_path),
            answers_sha256=answers_sha256(answers),
            ci_file=str(ci_path),
            ci_jobs=ci_jobs,
            approval_mechanism=platform.identity.approval_mechanism,
            makefile=str(root / STAGE_TARGETS),
            targets=targets,
            evidence=evidence,
        )
    )
    for finding in findings:
        say(f"check: {finding}", sys.stderr)
    if findings:
        return EXIT_POLICY_SAYS_NO
    say(
        f"check: {root} follows its design ({spec_path.name}, {ci_path.name}, "
        f"{STAGE_TARGETS}, {spec.experiment_tracking.tool_name})"
    )
    return EXIT_OK


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo", default=".", metavar="PATH", help="the repository's root (default: here)"
    )
    parser.add_argument(
        "--answers", metavar="FILE", help=f"the committed answers (default: PATH/{ANSWERS_YAML})"
    )
    parser.add_argument(
        "--spec", metavar="FILE", help=f"the committed spec (default: PATH/{ARCHITECTURE_YAML})"
    )


CHECK_COMMANDS: tuple[Command, ...] = (
    Command(
        "check",
        "in CI: whether the repository still follows its committed design (exit 4: it left "
        "it, one line per finding)",
        f"{PROG} check --repo .",
        run_check,
        _check_options,
    ),
)
