"""What a CI job installs beside the package, read from the installed package's own metadata.

``pip install mlops-wizard`` is the whole wizard. A CI job installs the package without its
dependencies (``pip install --no-deps``) and then only what its command needs, named by the
package's extras (``pyproject.toml``): ``headless`` runs ``gate``, ``check`` and ``log``
(neither Textual, nor GitPython, nor DuckDB), ``data`` adds the data engine ``drift`` reads
with. So the generated pipelines run::

    python -m pip install --no-deps "$MLOPS_WIZARD_REQUIREMENT"
    python -m pip install --no-warn-conflicts $(python -m wizard.requirements headless)

and the list comes from the version ``MLOPS_WIZARD_REQUIREMENT`` installed (a pin, a wheel,
a fork), never from the one that exported the pipeline. Only the standard library is used
here: nothing else is installed yet when it runs.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, requires

DISTRIBUTION = "mlops-wizard"
_EXTRA_MARKER = re.compile(r"""^\s*extra\s*==\s*["'](?P<extra>[\w.-]+)["']\s*$""")


def extra_requirements(extra: str, declared: list[str] | None = None) -> list[str]:
    """The requirements the extra ``extra`` adds, without their markers; ``declared`` is the
    distribution's ``Requires-Dist`` list (default: the installed one's)."""
    if declared is None:
        declared = requires(DISTRIBUTION) or []
    found = []
    for line in declared:
        requirement, _, marker = line.partition(";")
        match = _EXTRA_MARKER.match(marker)
        if match is not None and match["extra"] == extra:
            found.append(requirement.strip())
    return found


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m wizard.requirements EXTRA [EXTRA ...]", file=sys.stderr)
        return 2
    try:
        lines = [line for extra in argv for line in extra_requirements(extra)]
    except PackageNotFoundError:
        print(f"wizard.requirements: {DISTRIBUTION} is not installed", file=sys.stderr)
        return 1
    missing = [extra for extra in argv if not extra_requirements(extra)]
    if missing:
        print(f"wizard.requirements: no extra {', '.join(missing)}", file=sys.stderr)
        return 1
    print("\n".join(dict.fromkeys(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
