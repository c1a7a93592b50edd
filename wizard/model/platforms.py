"""The CI platforms a pipeline is written for, as far as the answers and the engine need to
know them: the id an answers file names, the name the documents use, where the pipeline
file goes, and how the platform keeps an approval independent (a sentence the governance
plan and the spec carry). How a pipeline is written for a platform lives in its module
under ``wizard/render/ci/``, whose ``Platform`` value carries this identity.

The answers model reads the ids once, when it is built (``answer_choices``): a platform
registered after that could never be chosen in an answers file, so registering one then is
an error, not a platform that silently cannot be used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from wizard.model.records import record


@record
class PlatformIdentity:
    id: str
    """What ``project.ci_platform`` says, e.g. ``gitlab-ci``."""
    name: str
    """Its name in every document and form, e.g. ``GitLab CI``."""
    ci_path: str
    """Where its pipeline is written, relative to the output folder."""
    approval_enforcement: str
    """How the approvers are set up so that whoever started a run cannot approve it (the
    governance plan's sentence; IMPLEMENTING.md and the spec show it)."""
    approval_mechanism: str
    """What makes the promotion job wait for a person, in the words of the platform's docs
    (``check`` names it when the job no longer waits)."""


GITHUB_ACTIONS = PlatformIdentity(
    id="github-actions",
    name="GitHub Actions",
    ci_path=".github/workflows/ml-pipeline.yml",
    approval_enforcement=(
        "GitHub: the promotion job deploys to the `production` environment; add the approvers "
        'as required reviewers and tick "Prevent self-review", so the person who started the '
        "run cannot approve it. Required reviewers work in public repositories on every plan; "
        "in a private or internal repository they need GitHub Enterprise (Free, Pro and Team "
        "give environments, not required reviewers). Without Enterprise, protect `main` and let "
        "only the approver start the promotion as a `workflow_dispatch` run."
    ),
    approval_mechanism="an environment with required reviewers (environment:)",
)
GITLAB_CI = PlatformIdentity(
    id="gitlab-ci",
    name="GitLab CI",
    ci_path=".gitlab-ci.yml",
    approval_enforcement=(
        "GitLab: protect the `production` environment and add the approvers under deployment "
        "approvals (Premium or Ultimate); leave **Allow pipeline triggerer to approve "
        "deployment** off, so whoever started the pipeline cannot approve it."
    ),
    approval_mechanism="a manual job (when: manual)",
)
AZURE_PIPELINES = PlatformIdentity(
    id="azure-pipelines",
    name="Azure Pipelines",
    ci_path="azure-pipelines.yml",
    approval_enforcement=(
        "Azure Pipelines: a `ManualValidation@1` task in an agentless (`pool: server`) job, "
        "with the approvers in `approvers` and `allowApproversToApproveTheirOwnRuns: false`, "
        "so whoever queued the run cannot approve it (without `approvers`, anyone with "
        "queue-build permission can resume)."
    ),
    approval_mechanism="a ManualValidation@1 task in an agentless job",
)

#: id -> identity, in the order the answers list them.
_KNOWN: dict[str, PlatformIdentity] = {
    platform.id: platform for platform in (GITHUB_ACTIONS, GITLAB_CI, AZURE_PIPELINES)
}
_answers_built = False


class UnknownPlatform(ValueError):
    """A platform id no platform registered."""


def identity(platform_id: str) -> PlatformIdentity:
    """The platform ``platform_id`` names; an unknown id is one clear line."""
    try:
        return _KNOWN[platform_id]
    except KeyError:
        allowed = ", ".join(_KNOWN)
        raise UnknownPlatform(f"unknown CI platform {platform_id!r} (allowed: {allowed})") from None


def platform_ids() -> tuple[str, ...]:
    return tuple(_KNOWN)


def answer_choices() -> tuple[str, ...]:
    """The ids the answers model accepts, read once when it is built; later registrations are
    refused (see ``register_identity``)."""
    global _answers_built
    _answers_built = True
    return platform_ids()


def register_identity(platform: PlatformIdentity) -> None:
    """Make ``platform`` known to the answers, the engine and the documents. Registering the
    same identity again does nothing; another platform under a known id, or a new platform
    once the answers model is built, is an error."""
    known = _KNOWN.get(platform.id)
    if known == platform:
        return
    if known is not None:
        raise ValueError(f"CI platform {platform.id!r} is already registered as {known.name}")
    if _answers_built:
        raise RuntimeError(
            f"CI platform {platform.id!r} registered after the answers model was built: "
            "register it before wizard.model.answers is imported"
        )
    _KNOWN[platform.id] = platform


class _Names(Mapping[str, str]):
    """Platform id -> name, read from the identities as they are now."""

    def __getitem__(self, platform_id: str) -> str:
        known = _KNOWN.get(platform_id)
        if known is None:
            raise KeyError(platform_id)
        return known.name

    def __iter__(self) -> Iterator[str]:
        return iter(_KNOWN)

    def __len__(self) -> int:
        return len(_KNOWN)


#: CI platform -> its name (the vocabulary's ``CI_PLATFORM_NAMES``).
PLATFORM_NAMES: Mapping[str, str] = _Names()
