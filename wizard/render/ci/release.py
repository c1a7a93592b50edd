"""The release as CI jobs, the same on every platform: the lifecycle's steps
(``Design.lifecycle``) cut into jobs at every wait and every sign-off, in two runs.

- The pipeline's own run takes the steps that can be judged now or after the bake: each step
  a job that moves it (held for the approver where the step is signed), and, where it waits,
  a job the platform starts after the bake that checks it.
- The scheduled comparator takes a step that needs labels and every step after it: a
  ``compare`` job that finds the candidate due by its mark, scores it on its labelled traffic
  and runs the promotion gate on that, then one job that completes the release (held for the
  approver where a step is signed); on a failure, the run's rollback job.

The job that gives the candidate the production mark is always ``promote_production``, and
it waits, through its needs, for every job that checks a step. Each platform module writes
these jobs in its own syntax and says how it waits (``Platform.waiting``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from wizard.model.design import Design
from wizard.model.formatting import number
from wizard.model.lifecycle import LifecycleStep, Where
from wizard.model.records import record
from wizard.render.ci import common, runtime


class Run(StrEnum):
    MAIN = "main"
    """The pipeline run that trained and registered the candidate."""
    COMPARATOR = "comparator"
    """The comparator's scheduled run."""


#: The job of the comparator run that judges the labelled comparison.
COMPARE_JOB = "compare"
#: Each run's rollback job.
ROLLBACK_JOBS: dict[Run, str] = {Run.MAIN: "rollback", Run.COMPARATOR: "rollback_comparison"}
#: Flagger's common canary example requires a request success rate of at least 99 %; the
#: promotion criteria have no error-rate answer, so the checks use that bound.
MAX_ERROR_RATE_PCT = common.MAX_ERROR_RATE_PCT
#: What a job that waits holds on top of its wait, where the platform counts the wait in the
#: job's timeout (Azure's agentless delay job).
WAIT_MARGIN_MINUTES = 60


@record
class ReleaseJob:
    """One CI job of the release."""

    name: str
    title: str
    """What the job is called on the platform's page."""
    run: Run
    needs: tuple[str, ...]
    """The jobs of the same run it waits for (the first job of the pipeline's run: the
    stage before the release)."""
    commands: tuple[str, ...]
    """Its shell commands, in order."""
    titles: tuple[str, ...]
    """What each command is called, where a platform names a job's steps."""
    steps: tuple[str, ...]
    """The ids of the lifecycle steps whose move or check it runs."""
    delay_minutes: int = 0
    """The platform starts it this long after its needs pass (the bake); 0: at once."""
    signed: bool = False
    """It waits for the approver's sign-off before it runs."""
    checks: bool = False
    """It judges a step's checks (a health check, or the labelled comparison)."""
    label_gated: bool = False
    """It judges a check that needs labels."""
    sets_production: bool = False
    """It gives the candidate the production mark."""
    due_only: bool = False
    """It acts only on a candidate the comparator found due; otherwise it does nothing."""
    environment: Mapping[str, str] | None = None
    """What its checks compare against, besides the policy every job sees."""


@record
class ReleasePlan:
    after: str | None
    """The stage the release waits for (the one before ``promote_production``)."""
    main: tuple[ReleaseJob, ...]
    comparator: tuple[ReleaseJob, ...]

    @property
    def jobs(self) -> tuple[ReleaseJob, ...]:
        return (*self.main, *self.comparator)

    def run(self, run: Run) -> tuple[ReleaseJob, ...]:
        return self.main if run is Run.MAIN else self.comparator

    def rollback_needs(self, run: Run) -> tuple[str, ...]:
        """What a run's rollback job waits for: the run's jobs, and, in the pipeline's run,
        first the stage before the release, whose outputs hand it the version to roll back
        (a failed job hands nothing on)."""
        jobs = [job.name for job in self.run(run)]
        if run is Run.MAIN and self.after is not None:
            jobs.insert(0, self.after)
        return tuple(jobs)


NO_RELEASE = ReleasePlan(after=None, main=(), comparator=())


def _environment(design: Design, step: LifecycleStep) -> dict[str, str]:
    """What a step's checks compare the live metrics against."""
    environment = {"ROLLOUT_STAGE": step.name}
    share = step.move.traffic_percent or step.move.cohort_percent
    if share is not None:
        environment["CANARY_PERCENT"] = str(share)
    if design.promotion.max_latency_ms is not None:
        environment["PROMOTION_MAX_LATENCY_MS"] = number(design.promotion.max_latency_ms)
    environment["CANARY_MAX_ERROR_RATE_PCT"] = number(MAX_ERROR_RATE_PCT)
    return environment


def _move_title(step: LifecycleStep) -> str:
    if step.sets_production:
        return "Production: the candidate becomes the production version"
    return f"Release: {step.name}"


def _job_name(step: LifecycleStep) -> str:
    return common.PROMOTION_STAGE if step.sets_production else step.id


def _main_jobs(
    design: Design, steps: tuple[LifecycleStep, ...], after: str | None
) -> list[ReleaseJob]:
    jobs: list[ReleaseJob] = []
    previous = after
    for step in steps:
        name = _job_name(step)
        waits = step.check_command is not None and step.wait_minutes > 0
        commands = [step.command]
        titles = [_move_title(step)]
        if step.check_command is not None and not waits:
            commands.append(step.check_command)
            titles.append(f"Check: {step.name}")
        jobs.append(
            ReleaseJob(
                name=name,
                title=_move_title(step),
                run=Run.MAIN,
                needs=(previous,) if previous else (),
                commands=tuple(commands),
                titles=tuple(titles),
                steps=(step.id,),
                signed=step.signed,
                checks=step.check_command is not None and not waits,
                sets_production=step.sets_production,
                environment=_environment(design, step),
            )
        )
        previous = name
        if waits:
            assert step.check_command is not None
            check = f"{step.id}_check"
            jobs.append(
                ReleaseJob(
                    name=check,
                    title=f"Check after the bake: {step.name}",
                    run=Run.MAIN,
                    needs=(name,),
                    commands=(step.check_command,),
                    titles=(f"Check: {step.name}",),
                    steps=(step.id,),
                    delay_minutes=step.wait_minutes,
                    checks=True,
                    environment=_environment(design, step),
                )
            )
            previous = check
    return jobs


def _comparator_jobs(design: Design, steps: tuple[LifecycleStep, ...]) -> list[ReleaseJob]:
    comparison, *rest = steps
    compare = ReleaseJob(
        name=COMPARE_JOB,
        title=f"Comparator: {comparison.name}",
        run=Run.COMPARATOR,
        needs=(),
        commands=(runtime.compare_script(comparison.command),),
        titles=(f"Comparator: {comparison.name}, judged by the promotion gate",),
        steps=(comparison.id,),
        checks=True,
        label_gated=True,
        environment=_environment(design, comparison),
    )
    if not rest:
        return [compare]
    commands: list[str] = []
    titles: list[str] = []
    for step in rest:
        commands.append(step.command)
        titles.append(_move_title(step))
        if step.check_command is not None:
            commands.append(step.check_command)
            titles.append(f"Check: {step.name}")
    complete = ReleaseJob(
        name=common.PROMOTION_STAGE,
        title=_move_title(rest[0])
        if len(rest) == 1
        else "Release: " + ", then ".join(step.name for step in rest),
        run=Run.COMPARATOR,
        needs=(COMPARE_JOB,),
        commands=tuple(commands),
        titles=tuple(titles),
        steps=tuple(step.id for step in rest),
        signed=any(step.signed for step in rest),
        checks=any(step.check_command is not None for step in rest),
        sets_production=any(step.sets_production for step in rest),
        due_only=True,
        environment=_environment(design, rest[0]),
    )
    return [compare, complete]


def release_plan(design: Design) -> ReleasePlan:
    """The release's jobs; none when the pipeline never promotes (or the design covers no
    pipeline)."""
    promotion = common.find_stage(design, common.PROMOTION_STAGE)
    if promotion is None or design.out_of_scope is not None:
        return NO_RELEASE
    steps = design.lifecycle.steps
    main = tuple(step for step in steps if step.where is not Where.COMPARATOR)
    later = tuple(step for step in steps if step.where is Where.COMPARATOR)
    return ReleasePlan(
        after=promotion.needs,
        main=tuple(_main_jobs(design, main, promotion.needs)),
        comparator=tuple(_comparator_jobs(design, later)) if later else (),
    )


def compares(design: Design) -> bool:
    """The design has a scheduled comparator run."""
    return bool(release_plan(design).comparator)
