"""Each CI platform is one ``Platform`` value and one partial: the registry hands out exactly
those, a platform that leaves a fact out fails where it is declared, and no template or
module outside a platform's own compares a platform's name."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.paths import REPO_ROOT
from tests.render.ci.designs import make_design
from wizard.model.platforms import GITLAB_CI, UnknownPlatform, identity, platform_ids
from wizard.render.ci import azure, github, gitlab, render_ci
from wizard.render.ci.registry import platform_of, platforms, register_platform
from wizard.render.environment import template_environment

SHARED_GUIDE = REPO_ROOT / "templates" / "implementing" / "pipeline.md.j2"


def test_the_registry_has_one_module_per_platform_the_answers_know() -> None:
    assert [platform.id for platform in platforms()] == list(platform_ids())
    assert platforms() == (github.PLATFORM, gitlab.PLATFORM, azure.PLATFORM)
    for platform in platforms():
        assert platform.identity == identity(platform.id)
        assert render_ci(make_design(platform.id)).path == platform.identity.ci_path


def test_an_unknown_platform_is_one_line_naming_the_known_ones() -> None:
    with pytest.raises(UnknownPlatform) as raised:
        platform_of("bitbucket-pipelines")
    assert str(raised.value) == (
        "unknown CI platform 'bitbucket-pipelines' "
        "(allowed: github-actions, gitlab-ci, azure-pipelines)"
    )


def _macros(template: str) -> set[str]:
    module = template_environment().get_template(template).module
    return {name for name in dir(module) if not name.startswith("_")}


def test_every_partial_defines_every_macro_the_shared_guide_calls() -> None:
    called = set(re.findall(r"guide\.(\w+)\(", SHARED_GUIDE.read_text(encoding="utf-8")))
    assert called, "the shared guide calls no partial: this test would check nothing"
    for platform in platforms():
        assert _macros(platform.guide) == called, platform.id


def test_a_platform_without_a_login_answer_for_a_cloud_fails_where_it_is_declared() -> None:
    partial_logins = {cloud: gitlab.SDK_VARIABLES[cloud] for cloud in ("aws", "gcp")}
    with pytest.raises(TypeError, match=r"gitlab-ci: logins must name every cloud \(azure\)"):
        replace(gitlab.PLATFORM, logins=partial_logins)


def test_a_platform_missing_a_fact_cannot_be_built() -> None:
    facts = {name: getattr(gitlab.PLATFORM, name) for name in ("identity", "build", "finish")}
    with pytest.raises(TypeError, match="missing"):
        type(gitlab.PLATFORM)(**facts)


def test_registering_the_same_platform_again_changes_nothing() -> None:
    register_platform(gitlab.PLATFORM)
    assert platform_of("gitlab-ci") is gitlab.PLATFORM


def test_another_platform_under_a_known_id_is_refused() -> None:
    impostor = replace(gitlab.PLATFORM, hands_ids="artifacts")
    with pytest.raises(ValueError, match="'gitlab-ci' is already registered"):
        register_platform(impostor)
    assert platform_of("gitlab-ci") is gitlab.PLATFORM


def test_a_platform_registered_after_the_answers_model_is_built_is_refused() -> None:
    import wizard.model.answers  # noqa: F401  (built, as in every session)

    late = replace(
        gitlab.PLATFORM,
        identity=replace(GITLAB_CI, id="late-ci", name="Late CI", ci_path=".late-ci.yml"),
    )
    with pytest.raises(RuntimeError, match="'late-ci' registered after the answers model"):
        register_platform(late)
    with pytest.raises(UnknownPlatform):
        platform_of("late-ci")


# --- nothing outside a platform's module compares a platform's name -------------------

_PLATFORM_MODULES = {
    Path("wizard/render/ci/github.py"),
    Path("wizard/render/ci/gitlab.py"),
    Path("wizard/render/ci/azure.py"),
    Path("wizard/render/ci/registry.py"),
    Path("wizard/model/platforms.py"),
}
#: ``platform ==``, ``ci_platform in``, ``pipeline.platform !=``: a decision on the name (a
#: ``for platform in`` loop is not one).
_COMPARED = re.compile(r"(?<!for )\b\w*platform\w*(?:\.\w+)*\s*(?:==|!=|\bnot in\b|\bin\b)")
#: The ids that name nothing but a platform (``github-actions`` is also an orchestrator).
_IDS = re.compile(r"""["'](?:gitlab-ci|azure-pipelines)["']""")


def _sources(*folders: str) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".j2") and "__pycache__" not in path.parts:
                found.append(path.relative_to(REPO_ROOT))
    return found


def test_no_template_branches_on_a_platform() -> None:
    templates = _sources("templates")
    assert templates
    for path in templates:
        text = (REPO_ROOT / path).read_text(encoding="utf-8")
        assert not _COMPARED.search(text), path
        assert not _IDS.search(text), path


def test_no_module_outside_the_platforms_compares_or_names_one() -> None:
    # The scan is left out on purpose: it recognises the CI files a repository already has,
    # Jenkins and CircleCI among them, which are not platforms a pipeline is written for.
    modules = [path for path in _sources("wizard", "screens") if path not in _PLATFORM_MODULES]
    modules = [path for path in modules if path.parts[:2] != ("wizard", "scan")]
    assert Path("wizard/render/implementing.py") in modules
    for path in modules:
        text = (REPO_ROOT / path).read_text(encoding="utf-8")
        assert not _COMPARED.search(text), (path, _COMPARED.search(text))
        assert not _IDS.search(text), (path, _IDS.search(text))


@pytest.mark.parametrize(
    "line",
    [
        '{% if platform == "gitlab-ci" %}',
        "if design.pipeline.platform != 'azure-pipelines':",
        "if e.ci_platform in ('gitlab-ci',):",
    ],
)
def test_the_grep_catches_a_comparison(line: str) -> None:
    assert _COMPARED.search(line) and _IDS.search(line)


def test_the_grep_lets_a_loop_over_the_platforms_pass() -> None:
    assert not _COMPARED.search("for platform in get_args(CIPlatform)")
