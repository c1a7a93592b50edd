"""The project's own files read for their structure: a DVC pipeline's stages (command,
parameters, metrics, outputs) and its ``artifacts:`` (DVC's model registry), a DVC
repository's remotes, an MLproject's entry points, Makefile targets, a shell script's command
lines, a parameters file's sections, and where the Python version and the cloud are written.

Each reader takes the file's text and returns findings (see ``wizard.scan.detect``); the tool
id of a catalog tool's file comes from its catalog entry through the file's kind, never
spelled here.
"""

from __future__ import annotations

import re

from wizard.model.evidence import Category
from wizard.scan import commands
from wizard.scan import yamlnodes as y
from wizard.scan.ci_files import PYTHON_IMAGE, python_version

Finding = tuple[Category, str, int | None, str, str, str]
"""category, tool, line (None: the whole file), detail, value, name."""

PYTHON = "python"
"""The tool of a ``runtime`` finding; its ``name`` says where the version is written:
``pinned`` (``.python-version``), ``image`` (a Python base image), ``ci`` (what the CI sets
up), ``platform`` (a runtime such as App Engine's), ``declared`` (the lowest version a
packaging or environment file asks for)."""
SCRIPT = "script"
"""The tool of a shell script's command lines."""
MAKE = "make"
JOB_FILE = "job-file"
"""The tool of a job file's ``entrypoint:`` (an Anyscale or Ray job's command)."""

_MAX_NAMES = 6


def _names(values: list[str]) -> str:
    shown = ", ".join(values[:_MAX_NAMES])
    return shown + (f" and {len(values) - _MAX_NAMES} more" if len(values) > _MAX_NAMES else "")


def _paths(node: object) -> list[str]:
    """The file names of a ``deps``/``outs``/``metrics`` list: a name, or a mapping whose key
    is the name (``- model.pkl: {cache: false}``)."""
    found: list[str] = []
    for item in y.items(node):  # type: ignore[arg-type]
        name = y.text(item)
        if name is None:
            name = next((key for key, _, _ in y.pairs(item)), None)
        if name:
            found.append(name)
    return found


def _params(node: object) -> tuple[str, list[str]]:
    """(the parameters file, its keys) of a stage's ``params``; ``params.yaml`` unless a
    mapping names another file."""
    keys: list[str] = []
    file = "params.yaml"
    for item in y.items(node):  # type: ignore[arg-type]
        name = y.text(item)
        if name is not None:
            keys.append(name)
            continue
        for key, _, value in y.pairs(item):
            file = key
            keys += [text for _, text in y.strings(value)] or [key]
    return file, keys


def dvc_pipeline(tool: str, text: str) -> list[Finding]:
    """A ``dvc.yaml``'s stages, metrics and artifacts."""
    root = y.compose(text)
    findings: list[Finding] = []
    for name, key, stage in y.pairs(y.get(root, "stages")):
        body = y.get(stage, "do") or stage
        line = y.line(key)
        command = " && ".join(value for _, value in y.strings(y.get(body, "cmd")))
        if command:
            shown = commands.shorten(command, 120)
            findings.append(("commands", tool, line, f"DVC stage {name}: {shown}", command, name))
        params = y.get(body, "params")
        if params is not None:
            file, keys = _params(params)
            findings.append(
                (
                    "training_inputs",
                    "params",
                    y.line(params),
                    f"DVC stage {name} reads {file}: {_names(keys)}",
                    file,
                    name,
                )
            )
        for part, category, verb in (
            ("outs", "data_versioning", "versions its outputs"),
            ("metrics", "experiment_tracking", "records metrics in"),
        ):
            node = y.get(body, part)
            files = _paths(node)
            if files and node is not None:
                detail = f"DVC stage {name} {verb} {_names(files)}"
                findings.append((category, tool, y.line(node), detail, " ".join(files), name))
    metrics = y.get(root, "metrics")
    if _paths(metrics) and metrics is not None:
        detail = f"DVC records metrics in {_names(_paths(metrics))}"
        findings.append(("experiment_tracking", tool, y.line(metrics), detail, "", ""))
    for name, key, artifact in y.pairs(y.get(root, "artifacts")):
        path = y.text(y.get(artifact, "path")) or ""
        kind = y.text(y.get(artifact, "type")) or "model"
        if kind == "dataset":
            category: Category = "data_versioning"
            detail = f"declares the data set {name} ({path}) in dvc.yaml artifacts"
        else:
            category = "model_registry"
            detail = f"declares the {kind} {name} ({path}) in dvc.yaml artifacts"
        findings.append((category, tool, y.line(key), detail, path, name))
    return findings


_SECTION = re.compile(r"^\s*\[\s*'?\s*(?P<section>remote\s+\"(?P<remote>[^\"]+)\"|core)\s*'?\s*\]")
_SETTING = re.compile(r"^\s*(?P<key>url|remote)\s*=\s*(?P<value>\S+)")
_CREDENTIALS = re.compile(r"^([a-zA-Z][\w+.-]*://)[^/@]*@")
#: A remote's URL scheme -> the cloud its storage is on.
REMOTE_CLOUDS = {"s3": "aws", "gs": "gcp", "gcs": "gcp", "azure": "azure"}


def dvc_remotes(tool: str, text: str) -> list[Finding]:
    """A DVC repository's remotes (``.dvc/config``), the default one said, and the cloud each
    one's storage is on."""
    findings: list[Finding] = []
    section = ""
    remote = ""
    default = ""
    urls: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        head = _SECTION.match(line)
        if head:
            section, remote = head["section"], head["remote"] or ""
            continue
        setting = _SETTING.match(line)
        if setting is None:
            continue
        if setting["key"] == "url" and remote:
            urls[remote] = (number, _CREDENTIALS.sub(r"\1", setting["value"]))
        elif setting["key"] == "remote" and section == "core":
            default = setting["value"]
    for name, (number, url) in urls.items():
        said = " (the default)" if name == default else ""
        detail = f"DVC remote {name}{said}: {url}"
        findings.append(("data_versioning", tool, number, detail, url, name))
        cloud = REMOTE_CLOUDS.get(url.partition("://")[0].lower())
        if cloud is not None:
            detail = f"DVC remote {name} stores data on {url.partition('://')[0]}://"
            findings.append(("cloud", cloud, number, detail, cloud, name))
    return findings


def mlproject(tool: str, text: str) -> list[Finding]:
    """An MLproject's entry points and their commands."""
    root = y.compose(text)
    findings: list[Finding] = []
    for name, key, body in y.pairs(y.get(root, "entry_points")):
        command = " ".join(value for _, value in y.strings(y.get(body, "command")))
        if command:
            detail = f"MLproject entry point {name}: {commands.shorten(command, 120)}"
            findings.append(("commands", tool, y.line(key), detail, command, name))
    return findings


def parameters(text: str, path: str) -> list[Finding]:
    """A parameters file and its top-level sections (YAML; others by name only)."""
    sections: list[str] = []
    if path.endswith((".yaml", ".yml")):
        sections = [key for key, _, _ in y.pairs(y.compose(text))]
    detail = f"training parameters ({_names(sections)})" if sections else "training parameters"
    return [("training_inputs", "params", None, detail, "", "")]


_TARGET = re.compile(r"^(?P<targets>[A-Za-z0-9_.\-/ \t]+?)[ \t]*:(?![=:])(?P<rest>[^\n]*)$")


def makefile(text: str) -> list[Finding]:
    """Each target with a recipe: its name, the line it is defined on, its recipe lines."""
    findings: list[Finding] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _TARGET.match(lines[index])
        index += 1
        if match is None or lines[index - 1].startswith("\t"):
            continue
        start = index
        recipe: list[str] = []
        while index < len(lines) and (lines[index].startswith("\t") or not lines[index].strip()):
            step = lines[index].strip().lstrip("@-+").strip()
            if step and not step.startswith("#"):
                recipe.append(step.replace("$(MAKE)", "make").replace("${MAKE}", "make"))
            index += 1
        names = [name for name in match["targets"].split() if not name.startswith(".")]
        if not recipe:
            continue
        for name in names:
            if "%" in name:
                continue
            detail = f"make {name}: {commands.shorten(recipe[0], 100)}"
            if len(recipe) > 1:
                detail += f" (+{len(recipe) - 1} more)"
            findings.append(("commands", MAKE, start, detail, "\n".join(recipe), name))
    return findings


def shell_script(text: str, path: str) -> list[Finding]:
    """The command lines of a script that run code or a tool."""
    findings: list[Finding] = []
    numbered = list(enumerate(text.splitlines(), start=1))
    for number, command in commands.logical_lines(numbered):
        if commands.judge(command).recorded:
            detail = f"{path} runs {commands.shorten(command, 120)}"
            findings.append(("commands", SCRIPT, number, detail, command, path))
    return findings


def pinned_python(text: str, how: str) -> list[Finding]:
    """A ``.python-version`` file: the version on its first line."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    number = python_version(first)
    if number is None:
        return []
    return [("runtime", PYTHON, 1, f"Python {number} ({how})", number, "pinned")]


_REQUIRES = (
    re.compile(r"^requires-python\s*=\s*[\"'](?P<spec>[^\"']+)", re.M),
    re.compile(r"^python\s*=\s*[\"'](?P<spec>[^\"']+)", re.M),
    re.compile(r"python_requires\s*=\s*[\"'](?P<spec>[^\"']+)"),
    re.compile(r"^\s*-\s*python\s*(?P<spec>[=<>~!]=?\s*3\.\d+[^\s#]*)", re.M),
)


def declared_python(text: str) -> list[Finding]:
    """The Python a packaging or environment file asks for (``requires-python``, Poetry's
    ``python``, ``python_requires``, a conda ``python=3.9``): its lowest version."""
    for pattern in _REQUIRES:
        match = pattern.search(text)
        if match is None:
            continue
        number = python_version(match["spec"])
        if number is not None:
            line = text.count("\n", 0, match.start()) + 1
            spec = " ".join(match["spec"].split())
            detail = f"Python {number} (asks for {spec})"
            return [("runtime", PYTHON, line, detail, number, "declared")]
    return []


def image_python(image: str, line: int) -> list[Finding]:
    """A base image of Python itself (``FROM python:3.9-slim``)."""
    match = PYTHON_IMAGE.search(image)
    if match is None:
        return []
    number = match.group(1)
    return [("runtime", PYTHON, line, f"Python {number} (FROM {image})", number, "image")]


#: Where a base image comes from -> the cloud that registry belongs to.
_IMAGE_CLOUDS = (
    (re.compile(r"(^|/)(gcr\.io|[\w-]+\.pkg\.dev)/"), "gcp"),
    (re.compile(r"(^|\.)(amazonaws\.com|public\.ecr\.aws)/"), "aws"),
    (re.compile(r"^mcr\.microsoft\.com/azureml/|\.azurecr\.io/"), "azure"),
)


def image_cloud(image: str, line: int) -> list[Finding]:
    for pattern, cloud in _IMAGE_CLOUDS:
        if pattern.search(image):
            return [
                ("cloud", cloud, line, f"base image from {cloud}'s registry ({image})", cloud, "")
            ]
    return []


_PROVIDER = re.compile(
    r"^\s*provider\s+\"(?P<provider>aws|google|google-beta|azurerm)\""
    r"|source\s*=\s*\"hashicorp/(?P<source>aws|google|google-beta|azurerm)\"",
    re.M,
)
_PROVIDER_CLOUDS = {"aws": "aws", "google": "gcp", "google-beta": "gcp", "azurerm": "azure"}


def terraform(text: str) -> list[Finding]:
    """The clouds a Terraform file's providers manage."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for match in _PROVIDER.finditer(text):
        provider = match["provider"] or match["source"]
        cloud = _PROVIDER_CLOUDS[provider]
        if cloud not in seen:
            seen.add(cloud)
            line = text.count("\n", 0, match.start()) + 1
            detail = f"Terraform provider {provider}"
            findings.append(("cloud", cloud, line, detail, cloud, ""))
    return findings


_APP_ENGINE = re.compile(r"^runtime:[ \t]*python3(?P<minor>\d{1,2})\b", re.M)


def app_engine(text: str) -> list[Finding]:
    """An App Engine ``app.yaml``: Google Cloud, and the Python its runtime names."""
    match = _APP_ENGINE.search(text)
    if match is None:
        return []
    line = text.count("\n", 0, match.start()) + 1
    number = f"3.{match['minor']}"
    return [
        ("cloud", "gcp", line, "App Engine app (app.yaml)", "gcp", ""),
        ("runtime", PYTHON, line, f"Python {number} (App Engine runtime)", number, "platform"),
    ]
