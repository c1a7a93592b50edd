"""The scan as text for people and as JSON for scripts; both from the same Evidence.

Everything in a scan may come from the repository (file names, remote URLs, the branch, text
read from files, the reasons that quote them), so both outputs pass through
``wizard.model.text`` as a whole: every line of the report is made ``visible``, and the
JSON text has every character that is not printable escaped. No control or escape sequence
from the repository reaches the terminal, and a newline in a name cannot start a line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from wizard.model.answers import CAPABILITIES
from wizard.model.design import ScanSuggestions, Suggestion
from wizard.model.evidence import CATEGORY_ORDER, Evidence
from wizard.model.text import visible, visible_json
from wizard.model.vocabulary import CATEGORY_LABELS, LEVEL_NAMES

SHOWN_PER_TOOL = 10


def scan_data(evidence: Evidence, suggested: ScanSuggestions) -> dict[str, Any]:
    """The ``scan --json`` object."""
    suggestions = suggested.maturity
    level = suggested.level
    git = evidence.git
    return {
        "suggested_level": level,
        "level_name": LEVEL_NAMES[level],
        "maturity": {
            key: suggestions[key].value if key in suggestions else "unknown" for key in CAPABILITIES
        },
        "reasons": {key: suggestions[key].reason for key in CAPABILITIES if key in suggestions},
        "components": dict(suggested.components),
        "runtime": _runtime(suggested),
        "stage_commands": {
            found.stage: {"lines": list(found.lines), "source": found.source, "what": found.what}
            for found in suggested.commands
        },
        "evidence": [item.as_data() for item in evidence.items],
        "git": None
        if git is None
        else {
            "head": git.head,
            "branch": git.branch,
            "dirty": git.dirty,
            "remotes": list(git.remotes),
        },
        "files_scanned": evidence.files_scanned,
        "skipped": list(evidence.skipped),
        "set_aside": list(evidence.set_aside),
    }


#: The answers of the runtime the scan proposes, beside the maturity and the tools.
_RUNTIME_KEYS = ("cicd.install", "cicd.python", "project.cloud")


def _runtime(suggested: ScanSuggestions) -> dict[str, dict[str, str]]:
    """Answer key -> the proposed value and where it comes from."""
    return {
        key: {"value": value, "reason": reason}
        for key, value, reason in suggested.answers
        if key in _RUNTIME_KEYS
    }


def scan_json(evidence: Evidence, suggested: ScanSuggestions) -> str:
    document = json.dumps(scan_data(evidence, suggested), indent=2, ensure_ascii=False)
    return visible_json(document) + "\n"


def _maturity_lines(suggestions: Mapping[str, Suggestion]) -> list[str]:
    width = max(len(key) for key in CAPABILITIES)
    lines = []
    for key in CAPABILITIES:
        suggestion = suggestions.get(key)
        if suggestion is None:
            lines.append(f"  {key:<{width}}  unknown  nothing in the repository says")
        else:
            lines.append(f"  {key:<{width}}  {suggestion.value:<7}  {suggestion.reason}")
    return lines


def _evidence_lines(evidence: Evidence) -> list[str]:
    lines: list[str] = []
    for category in CATEGORY_ORDER:
        found = evidence.of(category)
        if not found:
            continue
        lines.append(f"  {CATEGORY_LABELS[category]}")
        for tool in sorted({item.tool for item in found}):
            mine = [item for item in found if item.tool == tool]
            for item in mine[:SHOWN_PER_TOOL]:
                lines.append(f"    {tool}  {item.where}  {item.detail}")
            if len(mine) > SHOWN_PER_TOOL:
                lines.append(
                    f"    {tool}  ... and {len(mine) - SHOWN_PER_TOOL} more (--json lists all)"
                )
    return lines


def scan_text(evidence: Evidence, suggested: ScanSuggestions, shown_root: str) -> str:
    """The readable report: where, git facts, the suggested level and why, the evidence."""
    suggestions = suggested.maturity
    level = suggested.level
    lines = [
        f"Scanned {shown_root}: {evidence.files_scanned} files read, "
        f"{len(evidence.skipped)} skipped"
    ]
    git = evidence.git
    if git is not None:
        head = git.head[:12] if git.head else "no commit yet"
        state = {True: ", uncommitted changes", False: ", clean", None: ""}[git.dirty]
        lines.append(f"Git: {git.branch or 'detached HEAD'} at {head}{state}")
        lines.extend(f"  remote {remote}" for remote in git.remotes)
    else:
        lines.append("Git: not a git repository")
    lines += ["", f"Suggested maturity level: {level} ({LEVEL_NAMES[level]})"]
    lines += _maturity_lines(suggestions)
    components = suggested.components
    if components:
        lines += ["", "Suggested tools"]
        lines += [f"  {key}: {tool}" for key, tool in components.items()]
    runtime = _runtime(suggested)
    if runtime:
        lines += ["", "Suggested runtime"]
        lines += [
            f"  {key}: {found['value']}  ({found['reason']})" for key, found in runtime.items()
        ]
    if suggested.commands:
        lines += ["", "Stage commands from the repository (mlops.mk)"]
        for found in suggested.commands:
            where = f"  ({found.source})" if found.source else ""
            lines.append(f"  {found.stage}: {' && '.join(found.lines)}{where}")
    lines += ["", "Evidence" if evidence.items else "Evidence: none found"]
    lines += _evidence_lines(evidence)
    if evidence.skipped:
        lines += ["", "Skipped"]
        lines += [f"  {entry}" for entry in evidence.skipped]
    if evidence.set_aside:
        lines += ["", "Set aside (not evidence of this project's design)"]
        lines += [f"  {entry}" for entry in evidence.set_aside]
    return "".join(visible(line) + "\n" for line in lines)
