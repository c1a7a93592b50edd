"""The template environment: found from the source tree or the installed package, strict."""

from __future__ import annotations

import jinja2
import pytest

from wizard.render.environment import template_environment, templates_dir
from wizard.render.markdown import SECTIONS


def test_every_section_template_is_in_the_templates_folder() -> None:
    folder = templates_dir()
    for _, _, template_name in SECTIONS:
        assert (folder / "sections" / template_name).is_file(), template_name
    assert (folder / "sections" / "cicd.md.j2").is_file()


def test_the_environment_is_built_once() -> None:
    assert template_environment() is template_environment()


def test_an_undefined_name_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(jinja2.UndefinedError):
        template_environment().from_string("{{ misspelt }}").render()


def test_markdown_is_not_html_escaped_but_filters_escape_user_text() -> None:
    template = template_environment().from_string("{{ raw }} / {{ raw|md }}")
    assert template.render(raw="a <b>") == "a <b> / a &lt;b>"
