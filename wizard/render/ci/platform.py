"""What differs from one CI platform to another, as one record: each
``wizard/render/ci/<platform>.py`` exports one ``PLATFORM``, the registry
(``wizard.render.ci.registry``) maps ids to them, and the renderers and templates read its
fields instead of comparing a platform's name.

Every field is required, so a platform that leaves a fact out fails when its module is
imported; the words IMPLEMENTING.md says about it are macros in its partial,
``templates/implementing/platforms/<id>.md.j2`` (``Platform.guide``), which a test holds to
the same set of macros for every platform.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wizard.model.ci_jobs import JobReader
from wizard.model.design import Design
from wizard.model.files import Included
from wizard.model.platforms import PlatformIdentity
from wizard.model.records import record
from wizard.render.ci.runtime import LOGIN_CLOUDS


@record
class Triggers:
    """How a run starts, where the platform's syntax differs."""

    push_branch: str
    """The branch a push starts a run on, as the documents say it (`` `main` ``)."""
    folder_glob: Callable[[str], str]
    """A watched folder (``data/``) as the push filter writes it; a file is named as is."""


@record
class Variables:
    """How values reach the jobs."""

    policy_env: str
    """Where the policy values live in the file, in the guide's words."""
    where_set: str
    """Where a team sets a value of its own for a variable."""
    overridable: tuple[str, ...]
    """The variables such a value overrides without editing the file."""
    reviewer_input: str
    """How a person starting a run says who reviewed a change above the review bound."""
    declares_reviewer: Callable[[Design], bool]
    """Whether the file declares ``REVIEWED_BY`` for ``design``."""
    file_variables: Callable[[Design], tuple[tuple[str, str], ...]]
    """The variables only this platform's file declares, (name, what it holds)."""


@record
class Waiting:
    """How a pipeline waits, and how long the platform lets it (DOMAIN.md, "Waiting in CI"):
    a release's check after the bake is a job the platform itself starts later, holding no
    runner; no job sleeps. Where it writes the wait is the platform module's own."""

    mechanism: str
    """The platform's own way to start a job later without holding a runner, in the guide's
    words."""
    max_wait_minutes: int
    """The longest that mechanism waits."""
    default_job_minutes: int
    """When a job on the platform's hosted runners is stopped, unless the team changes a
    setting or its plan: no job's timeout may exceed it."""


@record
class Beside:
    """Where the pipeline goes when the repository already has a CI file where the
    platform's pipeline would be written (one no export wrote): a file of its own that the
    repository's file includes, so the team's own jobs keep running beside it."""

    path: str
    """Where the pipeline goes then, relative to the output folder."""
    build: Callable[[Design], dict[str, Any]]
    """The pipeline as that file, as plain data."""
    include: Callable[[str, Design], Included]
    """The repository's CI file's text -> that text including the pipeline, and what the
    team must add by hand."""


@record
class Platform:
    identity: PlatformIdentity
    """The id, name and file path the answers and the engine know (``wizard.model``)."""
    build: Callable[[Design], dict[str, Any]]
    """The pipeline as plain data, what the dump writes."""
    finish: Callable[[str], str]
    """The dumped text's last touch (what data cannot carry, such as comments)."""
    triggers: Triggers
    variables: Variables
    hands_ids: str
    """How the ids a stage writes reach the later jobs, in the guide's words."""
    rollback: str
    """What runs ``make rollback`` when a rollout step fails, in the guide's words."""
    runs_on: Callable[[str], str]
    """Where ``cicd.runner`` takes the jobs, in the guide's words."""
    logins: Mapping[str, Mapping[str, str]]
    """Cloud -> the variables the team sets for the jobs' login, with what each holds;
    empty where the platform has no built-in login for that cloud."""
    read_jobs: JobReader
    """Its committed file read back (parsed), job by job, for ``mlops-wizard check``."""
    guide_facts: Callable[[Design], Mapping[str, Any]]
    """Values only this platform's partial reads (as ``facts``)."""
    waiting: Waiting
    beside: Beside | None
    """How the pipeline goes beside a CI file the repository already has at the identity's
    ``ci_path``; None where that path is the pipeline's own file (a GitHub workflow)."""
    includes: Callable[[Mapping[str, Any]], tuple[str, ...]]
    """The files of the repository a parsed CI file includes (relative paths), whose jobs
    ``check`` reads with it."""

    def __post_init__(self) -> None:
        if set(self.logins) != LOGIN_CLOUDS:
            missing = ", ".join(sorted(LOGIN_CLOUDS ^ set(self.logins)))
            raise TypeError(f"{self.identity.id}: logins must name every cloud ({missing})")

    @property
    def id(self) -> str:
        return self.identity.id

    @property
    def guide(self) -> str:
        """Its IMPLEMENTING.md partial, a template name."""
        return f"implementing/platforms/{self.identity.id}.md.j2"

    def push_filters(self, design: Design) -> tuple[str, ...]:
        """The paths whose change starts a run on push, in this platform's syntax (from the
        one list the design carries, ``PipelineDesign.watched_paths``); empty: any change
        does."""
        spell = self.triggers.folder_glob
        return tuple(
            spell(path) if path.endswith("/") else path for path in design.pipeline.watched_paths
        )
