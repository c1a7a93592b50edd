"""The precompiled bytes regexes, one combined pattern per file type.

Speed rule: Python's ``re`` scans an alternation of many words at 40-80 MB/s but a pattern
that starts with one literal byte (``\\n``) at several hundred MB/s, because it jumps from one
occurrence of that byte to the next. So the pattern every Python file pays for is anchored at
line starts and only knows import statements (a possessive ``[ \t]*+`` so the indentation is
never backtracked). The call patterns (``log_params(``, ``register_model(`` ...) run only on
files that import their tool, which is also where those calls mean something, and each is a
separate pattern starting with a literal, which ``re`` finds at GB/s (an alternation of them,
or one starting with ``\b``, crawls at 2-100 MB/s).
"""

from __future__ import annotations

import re

from wizard.model.evidence import Category
from wizard.model.records import record
from wizard.scan.tools import PARENT_IMPORTS, SIGNS, TOOL_BY_MODULE, TOOL_BY_PACKAGE


def _alternation(words: list[str]) -> bytes:
    """Longest first, so ``deltalake`` wins over ``delta``."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return b"|".join(re.escape(word).encode() for word in ordered)


_MODULES = _alternation(list(TOOL_BY_MODULE))
PARENT_GROUPS: dict[str, str] = {
    f"parent{index}": module for index, module in enumerate(PARENT_IMPORTS)
}
"""Group name -> the dotted module its ``from parent import child`` form imports."""


def _from_parent(group: str, module: str) -> bytes:
    """``from google.cloud import storage, aiplatform``: the child among the names imported."""
    parent, _, child = module.rpartition(".")
    return (
        rb"from[ \t]+" + re.escape(parent).encode() + rb"[ \t]+import[ \t]+[^\n]*?\b"
        rb"(?P<" + group.encode() + rb">" + re.escape(child).encode() + rb")\b"
    )


# The ``from parent import child`` forms come first: ``from google.cloud import aiplatform``
# is Vertex, although ``google.cloud`` alone is a module the scan knows too.
_IMPORT_BODY = (
    rb"[ \t]*+(?:"
    + b"".join(_from_parent(group, module) + b"|" for group, module in PARENT_GROUPS.items())
    + rb"from[ \t]+(?P<from>"
    + _MODULES
    + rb")(?=[.\s])[\w.]*[ \t]+import\b"
    + rb"|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*(?P<imp>"
    + _MODULES
    + rb")(?!\w))"
)
#: An AWS Lambda handler's definition, found in the same pass as the imports (a pass of its
#: own over every Python file would cost as much as the imports' pass). Measured: the whole
#: pattern inside one group after the newline runs about a third faster than without it.
_LAMBDA_HANDLER = (
    rb"|def[ \t]+(?P<handler>(?:lambda_)?handler)[ \t]*\([ \t]*event[ \t]*,"
    rb"[ \t]*context[ \t]*[,)]"
)
PYTHON_IMPORT = re.compile(rb"\n(?:" + _IMPORT_BODY[:-1] + _LAMBDA_HANDLER + rb"))")
"""An import of a known tool at the start of a line (the buffer starts with a newline), or
a Lambda handler's definition (group ``handler``)."""
NOTEBOOK_IMPORT = re.compile(rb'"' + _IMPORT_BODY)
"""The same in a notebook, where every source line is a JSON string."""
PYTHON_TEXT = re.compile(
    rb"#[^\n]*+"
    rb'|[rRbBuUfF]{0,2}(?P<triple>"""(?:[^"\\]|\\.|"(?!""))*+"""'
    rb"|'''(?:[^'\\]|\\.|'(?!''))*+''')"
    rb'|"(?:[^"\\\n]|\\.)*+"'
    rb"|'(?:[^'\\\n]|\\.)*+'",
    re.S,
)
"""Comments and string literals of Python, in order: the triple-quoted ones (docstrings) are
where an import or a call is prose."""


@record
class CallRule:
    needles: tuple[bytes, ...]
    """Patterns that each start with a literal (so ``re`` jumps between its occurrences at
    GB/s); one that starts with a letter must also start a word, checked on the match."""
    category: Category
    tool: str
    detail: str
    gates: tuple[str, ...]
    """The tools (see ``tools.py``) one of which the file must import for the call to count."""

    @property
    def regexes(self) -> tuple[re.Pattern[bytes], ...]:
        return _compiled(self.needles)


_CACHE: dict[tuple[bytes, ...], tuple[re.Pattern[bytes], ...]] = {}


def _compiled(needles: tuple[bytes, ...]) -> tuple[re.Pattern[bytes], ...]:
    found = _CACHE.get(needles)
    if found is None:
        found = _CACHE[needles] = tuple(re.compile(needle) for needle in needles)
    return found


CALL_RULES: tuple[CallRule, ...] = tuple(
    CallRule(
        tuple(needle.encode() for needle in call["needles"]),
        call.get("category", signs.category),
        signs.tool,
        call["detail"],
        tuple(call.get("gates", (signs.tool,))),
    )
    for signs in SIGNS
    for call in signs.calls
)
"""Every catalog entry's call patterns, in catalog order."""
CALLS_BY_TOOL: dict[str, tuple[CallRule, ...]] = {
    tool: tuple(rule for rule in CALL_RULES if tool in rule.gates)
    for tool in sorted({tool for rule in CALL_RULES for tool in rule.gates})
}
"""The call rules worth trying in a file that imports ``tool``."""

_PACKAGES = b"|".join(
    re.sub(rb"\\?-", rb"[-_.]", re.escape(name).encode())
    for name in sorted(TOOL_BY_PACKAGE, key=lambda name: (-len(name), name))
)
DEPENDENCY = re.compile(rb"(?<![\w.\-/])(?P<package>" + _PACKAGES + rb")(?![\w\-])", re.I)
"""A known distribution name in a requirements file, pyproject.toml, environment.yml ..."""

CI_CRON = re.compile(
    rb"\bcron[ \t]*[:(][ \t]*[\"'](?P<quoted>[^\"'\n]+)[\"']"
    rb"|\bcron:[ \t]*(?P<bare>[^\"'\s#][^\n#]*?)[ \t]*(?:#|$)",
    re.M,
)
CI_SCHEDULE_SOURCE = re.compile(rb"\$CI_PIPELINE_SOURCE[ \t]*==[ \t]*[\"']schedule[\"']")
CI_DISPATCH = re.compile(rb"\b(?:workflow_dispatch|repository_dispatch)\b|\bwhen:[ \t]*manual\b")
#: A line of a CI file read as lines (no YAML structure): not blank, not a comment.
SCRIPT_LINE = re.compile(rb"^(?![ \t]*(?:#|//))(?P<line>[^\n]*\S[^\n]*)$", re.M)
#: Where a command starts on such a line: inside Jenkins' ``sh '...'``, or after YAML's
#: ``- run:``.
QUOTED_COMMAND = re.compile(
    r"\b(?:sh|bat|powershell)\s*\(?\s*(?:script:\s*)?(?P<q>'{3}|\"{3}|'|\")(?P<command>.+?)(?P=q)"
    r"|^\s*(?:-\s*)?(?:(?:run|script|command|cmd)\s*:\s*)?(?P<plain>.*)$"
)
#: GitHub actions that log in to a cloud -> the cloud.
CLOUD_ACTIONS: dict[str, str] = {
    "aws-actions/configure-aws-credentials": "aws",
    "google-github-actions/auth": "gcp",
    "google-github-actions/setup-gcloud": "gcp",
    "azure/login": "azure",
}

#: Kubernetes kinds of rollout tools outside the catalog -> (category, tool, detail), the
#: detail naming the traffic weights found as ``{steps}``.
OTHER_KINDS: dict[str, tuple[Category, str, str]] = {
    "Rollout": ("rollout", "argo-rollouts", "Argo Rollouts rollout{steps}"),
    "Canary": ("rollout", "flagger", "Flagger canary{steps}"),
}
MANIFEST_KINDS: dict[str, tuple[Category, str, str]] = {
    kind: (sign.get("category", signs.category), signs.tool, sign["detail"])
    for signs in SIGNS
    for sign in signs.manifests
    for kind in sign.get("kinds", ())
}
"""A catalog tool's Kubernetes kind -> (category, tool, detail naming the ``{kind}``)."""


@record
class Marker:
    """A pattern in a YAML manifest that proves a catalog tool."""

    pattern: str
    category: Category
    tool: str
    detail: str
    once: bool
    """One finding per file (else one per match)."""


MANIFEST_MARKERS: dict[str, Marker] = {
    f"marker{index}": marker
    for index, marker in enumerate(
        Marker(
            sign["marker"],
            sign.get("category", signs.category),
            signs.tool,
            sign["detail"],
            sign.get("once", False),
        )
        for signs in SIGNS
        for sign in signs.manifests
        if "marker" in sign
    )
}
"""Group name -> a catalog tool's manifest marker."""
YAML_MANIFEST = re.compile(
    rb"^kind:[ \t]*(?P<kind>" + _alternation([*OTHER_KINDS, *MANIFEST_KINDS]) + rb")[ \t]*$"
    rb"|^[ \t]*(?P<kserve>canaryTrafficPercent):[ \t]*(?P<percent>\d+)"
    rb"|^[ \t]*(?:-[ \t]*)?(?P<weight>setWeight|stepWeight|maxWeight):[ \t]*(?P<value>\d+)"
    rb"|^entrypoint:[ \t]*(?P<entrypoint>[^\n#]+)"
    + b"".join(
        rb"|(?P<" + group.encode() + rb">" + marker.pattern.encode() + rb")"
        for group, marker in MANIFEST_MARKERS.items()
    ),
    re.M,
)
DOCKER_FROM = re.compile(rb"^[ \t]*FROM[ \t]+(?P<image>\S+)", re.M | re.I)
FILE_LINES: dict[str, re.Pattern[bytes]] = {
    sign["line"]: re.compile(sign["line"].encode(), re.M)
    for signs in SIGNS
    for sign in signs.files
    if "line" in sign
}
"""A tool file's line pattern (``^stages:`` of ``dvc.yaml``) -> its compiled form."""

#: The tool of a model served from an AWS Lambda handler (no import names it).
LAMBDA = "aws-lambda"
#: Code that loads or calls a model: what makes a handler serve a model.
MODEL_USE: tuple[re.Pattern[bytes], ...] = tuple(
    re.compile(needle)
    for needle in (
        rb"\.predict\(",
        rb"\.predict_proba\(",
        rb"load_model\(",
        rb"joblib\.load\(",
        rb"pickle\.load\(",
        rb"torch\.load\(",
        rb"from_pretrained\(",
        rb"InferenceSession\(",
    )
)
#: Training code a DAG's, flow's or pipeline's task calls (``train_test_split`` only splits).
ORCHESTRATOR_SCHEDULE = re.compile(
    rb"\bschedule(?:_interval)?[ \t]*=[ \t]*(?P<airflow>[\"'][^\"'\n]+[\"']|timedelta\([^)\n]*\))"
    rb"|\bcron[ \t]*=[ \t]*(?P<prefect>[\"'][^\"'\n]+[\"'])"
    rb"|\bcron_schedule[ \t]*=[ \t]*(?P<dagster>[\"'][^\"'\n]+[\"'])"
)
"""A DAG's, flow's or job's own schedule (Airflow ``schedule=``, Prefect ``cron=``, Dagster
``cron_schedule=``): with a training task, the orchestrator retrains on it."""
TRAINING_CODE: tuple[re.Pattern[bytes], ...] = tuple(
    re.compile(needle)
    for needle in (
        rb"\.fit\(",
        rb"train(?!_test_split)\w*\(",
        rb"train\w*\.py\b",
        rb"dvc repro\b",
        rb"mlflow run\b",
        rb"CustomTrainingJob\(",
        rb"CustomContainerTrainingJob\(",
        rb"TrainingStep\(",
        rb"SageMakerTrainingOperator\(",
        # A task that hands the training function over without calling it here (Airflow).
        rb"python_callable[ \t]*=[ \t]*[\w.]*train",
        rb"from[ \t]+[\w.]*train\w*[ \t]+import\b",
    )
)
