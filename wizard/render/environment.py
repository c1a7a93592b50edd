"""The Jinja environment of the document templates, built once per process.

The preview re-renders on every keystroke, so the environment (and with it every compiled
template) is cached. StrictUndefined turns a misspelt name into an error instead of an empty
string; autoescape is off because HTML escaping is wrong for Markdown — user text goes through
the filters of ``wizard.render.escape`` instead.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path

import jinja2

from wizard.model.formatting import join_words, number
from wizard.model.psi_bands import THRESHOLD_SOURCES
from wizard.model.wording import capitalize_first, count, in_unit, on_place, points, with_article
from wizard.render.charts import psi_chart
from wizard.render.escape import FILTERS
from wizard.render.psi import psi_threshold_sentence
from wizard.render.units import gain_unit_note, gain_unit_words

_PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_SOURCE_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


class TemplatesNotFound(RuntimeError):
    """Neither the installed package nor the source tree has the templates folder."""


def templates_dir() -> Path:
    """The templates folder: inside the installed package (a wheel force-includes it as
    ``wizard/templates``), else at the top of the source tree."""
    for candidate in (_PACKAGE_TEMPLATES, _SOURCE_TEMPLATES):
        if candidate.is_dir():
            return candidate
    raise TemplatesNotFound(
        f"no templates folder at {_PACKAGE_TEMPLATES} or {_SOURCE_TEMPLATES}: "
        "reinstall mlops-wizard"
    )


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiling the templates is most of a headless export's time (~45 ms), so compiled
    templates are kept in the user's cache folder. Jinja keys them by source checksum and
    Python version; a cache that cannot be read or written only costs the compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = Path(root) / "mlops-wizard" / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(directory))


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    """The shared environment: templates folder loader, strict undefined, escape filters."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and never change while the process runs.
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    environment.filters.update(FILTERS)
    environment.filters["number"] = number
    environment.filters["points"] = points
    environment.filters["in_unit"] = in_unit
    environment.filters["count"] = count
    environment.filters["article"] = with_article
    environment.filters["on_place"] = on_place
    environment.filters["join_words"] = join_words
    environment.filters["capitalize_first"] = capitalize_first
    environment.globals["psi_chart"] = psi_chart
    environment.globals["gain_unit_words"] = gain_unit_words
    environment.globals["gain_unit_note"] = gain_unit_note
    environment.globals["threshold_sources"] = THRESHOLD_SOURCES
    environment.globals["psi_threshold_sentence"] = psi_threshold_sentence
    return environment
