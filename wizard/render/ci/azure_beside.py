"""The Azure pipeline beside an ``azure-pipelines.yml`` the team already has: the same stages
in ``.azure/ml-pipeline.yml``, a stages template their pipeline lists in its ``stages:``
(``- template: .azure/ml-pipeline.yml``), so their own stages keep running in the same run.

A stages template holds ``parameters`` and ``stages`` only (learn.microsoft.com/azure/devops/
pipelines/process/templates): the pipeline's variables and pool go into each stage, the
service connection becomes a parameter (known when the template is expanded), and the
triggers, which only the team's file can hold, become the first stage's condition, so the
ML stages run on the runs the design asks for (a push to the default branch, a schedule, a
run started by hand or by the drift monitor) and skip the others. The first stage depends
on none of theirs. The schedules themselves are the team's to add: their file's
``schedules:`` runs every stage of their pipeline, so the export says the lines instead of
adding them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.io.yamlio import dump_data
from wizard.model.files import Included
from wizard.render.ci.splice import add_to_lists, root_mapping

PATH = ".azure/ml-pipeline.yml"
MAIN = "azure-pipelines.yml"
_CONNECTION_USE = "${{{{ variables.{name} }}}}"
_PARAMETER_USE = "${{{{ parameters.{name} }}}}"


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replaced(item, old, new) for item in value]
    if isinstance(value, Mapping):
        return {key: _replaced(item, old, new) for key, item in value.items()}
    return value


def _trigger_condition(document: Mapping[str, Any]) -> str:
    """The runs the pipeline's triggers start, as a condition."""
    reasons: list[str] = []
    trigger = document.get("trigger")
    if isinstance(trigger, Mapping):
        branches = trigger.get("branches", {}).get("include", [])
        pushed = "in(variables['Build.Reason'], 'IndividualCI', 'BatchedCI')"
        on_branch = ", ".join(
            f"eq(variables['Build.SourceBranch'], 'refs/heads/{branch}')" for branch in branches
        )
        reasons.append(f"and({pushed}, or({on_branch}))" if len(branches) > 1 else
                       f"and({pushed}, {on_branch})" if branches else pushed)  # fmt: skip
    if document.get("schedules"):
        reasons.append("eq(variables['Build.Reason'], 'Schedule')")
    if document.get("parameters"):
        # A run started by hand, or through the API by the drift monitor.
        reasons.append("eq(variables['Build.Reason'], 'Manual')")
    if not reasons:
        return "false"
    return reasons[0] if len(reasons) == 1 else f"or({', '.join(reasons)})"


def template_document(document: Mapping[str, Any], connections: tuple[str, ...]) -> dict[str, Any]:
    """The pipeline ``document`` (an ``azure-pipelines.yml`` of its own) as a stages
    template; ``connections`` name the variables holding a service connection."""
    variables = dict(document.get("variables", {}))
    parameters = list(document.get("parameters", []))
    stages: list[dict[str, Any]] = [dict(stage) for stage in document.get("stages", [])]
    for name in (name for name in connections if name in variables):
        default = variables.pop(name)
        parameters.append(
            {"name": name, "displayName": "The service connection", "type": "string",
             "default": default}
        )  # fmt: skip
        old, new = _CONNECTION_USE.format(name=name), _PARAMETER_USE.format(name=name)
        stages = _replaced(stages, old, new)
    condition = _trigger_condition(document)
    template_stages = []
    for index, stage in enumerate(stages):
        placed: dict[str, Any] = {"stage": stage["stage"], "displayName": stage["displayName"]}
        if index == 0:
            placed["dependsOn"] = []  # never waits for the team's stages
            own = stage.get("condition")
            placed["condition"] = f"and({own}, {condition})" if own else condition
        elif "condition" in stage:
            placed["condition"] = stage["condition"]
        placed |= {
            key: value
            for key, value in stage.items()
            if key not in placed and key not in ("condition", "jobs", "variables")
        }
        placed["pool"] = document["pool"]
        placed["variables"] = {**variables, **stage.get("variables", {})}
        placed["jobs"] = stage["jobs"]
        template_stages.append(placed)
    template: dict[str, Any] = {}
    if parameters:
        template["parameters"] = parameters
    template["stages"] = template_stages
    return template


def schedule_lines(document: Mapping[str, Any]) -> str:
    """The ``schedules:`` the team's pipeline needs for the ML stages, ready to paste."""
    schedules = document.get("schedules")
    if not schedules:
        return ""
    lines = dump_data({"schedules": schedules}).splitlines()
    return "\n".join(f"  {line}" for line in lines)


def _by_hand(document: Mapping[str, Any], included: bool) -> str:
    parts = []
    if not included:
        parts.append(
            f"add to {MAIN}, in its stages: (a pipeline of jobs or steps puts them in a "
            f"stage of their own first; stage names must differ from the ML pipeline's):\n"
            f"  - template: {PATH}"
        )
    schedules = schedule_lines(document)
    if schedules:
        parts.append(
            f"add to {MAIN} the ML pipeline's schedules (the monitoring one is known by its "
            f"displayName; each runs your own stages too):\n{schedules}"
        )
    return "\n".join(parts)


def include_into(text: str, document: Mapping[str, Any]) -> Included:
    """The team's ``azure-pipelines.yml`` listing the template in its ``stages:``, where it
    has a list of stages whose names differ from ours; the schedules are said, not added."""
    data = root_mapping(text)
    ours = {stage.get("stage") for stage in document.get("stages", [])}
    stages = data.get("stages") if data is not None else None
    if not isinstance(stages, list) or "extends" in (data or {}):
        return Included(None, _by_hand(document, included=False))
    entries = [stage for stage in stages if isinstance(stage, Mapping)]
    if any(entry.get("template") in (PATH, f"/{PATH}") for entry in entries):
        return Included(text, _by_hand(document, included=True))
    if ours & {entry.get("stage") for entry in entries}:
        return Included(None, _by_hand(document, included=False))
    edited = add_to_lists(text, {"stages": [{"template": PATH}]})
    return Included(edited, _by_hand(document, included=edited is not None))


def local_templates(document: Mapping[str, Any]) -> tuple[str, ...]:
    """The repository's stage templates an ``azure-pipelines.yml`` lists (a template of
    another repository, ``file@repo``, is not ours to read), for ``check``."""
    stages = document.get("stages")
    found: list[str] = []
    for entry in stages if isinstance(stages, list) else ():
        path = entry.get("template") if isinstance(entry, Mapping) else None
        if isinstance(path, str) and "@" not in path and "$" not in path:
            found.append(path.lstrip("/"))
    return tuple(found)
