"""Whether a repository still follows its committed design: the rule ``mlops-wizard check``
applies, on what it read (the spec, the answers' digest, the CI file's jobs, the make targets,
the scan's evidence). One line per finding; none when the repository follows its design.

What the design says, and where the exported pipeline keeps it:

- the spec was exported from the answers committed beside it (their digests agree);
- the job of the evaluation stage runs ``mlops-wizard gate``, and, while the drift trigger is
  on, a job runs ``mlops-wizard drift``;
- every ``make`` target a job calls is defined, and written (not the placeholder that fails
  on purpose);
- where promotion waits for a person, the release's signed job (the spec's ``approval_job``)
  waits for the platform's approval;
- the experiment tracker the design chose is still used by the code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from wizard.io.ci_jobs import MakeTarget
from wizard.model.answers import Stage
from wizard.model.ci_jobs import CiJob
from wizard.model.evidence import Evidence
from wizard.model.records import record
from wizard.model.spec import Spec

#: The stage whose job runs the promotion gate after its own command, and the one that waits.
EVALUATION_STAGE: Stage = "evaluate_model"
PROMOTION_STAGE: Stage = "promote_production"
#: ``make`` and its words up to the end of the shell command: targets, options, VAR=value.
_MAKE = re.compile(r"(?:^|[;&|(\s])make((?:[ \t]+[^\s;&|()]+)+)")
_TARGET = re.compile(r"^[A-Za-z0-9_.-]+$")


@record
class Repository:
    """What ``check`` read from the repository."""

    spec_file: str
    spec: Spec
    answers_file: str
    answers_sha256: str
    ci_file: str
    ci_jobs: tuple[CiJob, ...] | None
    """None: the CI file is not there."""
    approval_mechanism: str
    """What makes the promotion job wait for a person on the spec's platform."""
    makefile: str
    targets: Mapping[str, MakeTarget] | None
    """The targets of the stage-targets file and the Makefile; None: neither is there."""
    evidence: Evidence | None
    """The scan of the repository; None when the design chose no tracker."""


def _job(jobs: Sequence[CiJob], name: str) -> CiJob | None:
    return next((job for job in jobs if job.name == name), None)


def _written_in(repo: Repository, job: CiJob) -> str:
    """Where the team finds ``job``: the CI file, or the file it includes the job from."""
    return job.file or repo.ci_file


def _runs(job: CiJob, command: str) -> bool:
    return any(command in text for text in job.commands)


def _called_targets(jobs: Sequence[CiJob]) -> dict[str, CiJob]:
    """target -> the first job that calls ``make target``."""
    called: dict[str, CiJob] = {}
    for job in jobs:
        for text in job.commands:
            for match in _MAKE.finditer(text):
                for word in match.group(1).split():
                    if _TARGET.match(word) and not word.startswith("-"):
                        called.setdefault(word, job)
    return called


def _spec_findings(repo: Repository) -> list[str]:
    recorded = repo.spec.answers_sha256
    if recorded is None:
        return [
            f"{repo.spec_file}: records no digest of its answers (an older export): re-export "
            f"it from {repo.answers_file} with mlops-wizard export"
        ]
    if recorded != repo.answers_sha256:
        return [
            f"{repo.spec_file}: older than {repo.answers_file}: the answers changed since the "
            "spec was exported; re-export it with mlops-wizard export"
        ]
    return []


def _policy_findings(repo: Repository, jobs: Sequence[CiJob]) -> list[str]:
    spec = repo.spec
    findings = []
    stages = [stage.name for stage in spec.ml_pipeline.stages]
    if EVALUATION_STAGE in stages:
        job = _job(jobs, EVALUATION_STAGE)
        if job is None:
            findings.append(
                f"{repo.ci_file}: no {EVALUATION_STAGE} job, where the design runs "
                "mlops-wizard gate on the candidate"
            )
        elif not _runs(job, "mlops-wizard gate"):
            findings.append(
                f"{_written_in(repo, job)}: job {EVALUATION_STAGE} no longer runs "
                "mlops-wizard gate: nothing holds a candidate to the promotion criteria"
            )
    drift_on = any(rule.trigger == "Drift" and rule.enabled for rule in spec.retraining_triggers)
    if (
        drift_on
        and spec.out_of_scope is None
        and not any(_runs(j, "mlops-wizard drift") for j in jobs)
    ):
        findings.append(
            f"{repo.ci_file}: no job runs mlops-wizard drift, though the design's drift "
            "trigger is on"
        )
    if spec.ml_pipeline.approval_gate and PROMOTION_STAGE in stages:
        # The release's signed step: the first share of traffic under canary, the switch
        # under shadow; a spec written before it was recorded: the promotion job.
        signed = spec.ml_pipeline.approval_job or PROMOTION_STAGE
        job = _job(jobs, signed)
        if job is None:
            findings.append(f"{repo.ci_file}: no {signed} job, where promotion waits")
        elif not job.waits_for_approval:
            findings.append(
                f"{_written_in(repo, job)}: job {signed} no longer waits for its approval "
                f"({spec.ml_pipeline.approver or 'the approver'}): the design needs "
                f"{repo.approval_mechanism}"
            )
    return findings


def _target_findings(repo: Repository, jobs: Sequence[CiJob]) -> list[str]:
    findings = []
    for target, job in _called_targets(jobs).items():
        defined = None if repo.targets is None else repo.targets.get(target)
        if defined is None:
            findings.append(
                f"{repo.makefile}: no target {target}, which job {job.name} of "
                f"{_written_in(repo, job)} runs"
            )
        elif not defined.written:
            findings.append(
                f'{defined.file}:{defined.line}: target {target} still says "not written '
                f"yet\" (job {job.name} of {_written_in(repo, job)} runs it): put the stage's "
                "command there"
            )
    return findings


def _tracker_findings(repo: Repository) -> list[str]:
    tracking = repo.spec.experiment_tracking
    if tracking.tool == "none" or repo.evidence is None:
        return []
    used = any(
        item.category == "experiment_tracking" and item.tool == tracking.tool
        for item in repo.evidence.items
    )
    if used:
        return []
    return [
        f"{repo.spec_file}: the design's tracker, {tracking.tool_name}, is no longer used by "
        "the code: the scan finds no import or call of it"
    ]


def conformance_findings(repo: Repository) -> tuple[str, ...]:
    """One line per way the repository has left its design; empty when it follows it."""
    findings = _spec_findings(repo)
    # A model the design does not cover has no pipeline unless its evaluation suite gates.
    no_pipeline = repo.spec.out_of_scope is not None and not repo.spec.ml_pipeline.stages
    if repo.ci_jobs is not None:
        findings += _policy_findings(repo, repo.ci_jobs)
        findings += _target_findings(repo, repo.ci_jobs)
    elif not no_pipeline:
        findings.append(
            f"{repo.ci_file}: missing: the design's pipeline is not in the repository "
            "(re-export it with mlops-wizard export --only ci)"
        )
    findings += _tracker_findings(repo)
    return tuple(findings)
