"""Findings in one file's bytes. Every detector reads ``buf[0:end]``, where ``buf[0]`` is a
newline the reader put before the content so that line-anchored patterns match the first line
too; line numbers are counted only for matches.
"""

from __future__ import annotations

import re

from wizard.model.evidence import Category
from wizard.scan import commands, patterns, project_files
from wizard.scan.ci_files import CiFacts, read_ci
from wizard.scan.kinds import CI_FILE_LABELS, FileKind
from wizard.scan.tools import TOOL_BY_MODULE, TOOL_BY_PACKAGE, normalise_package

Finding = project_files.Finding
"""category, tool, line (None: the whole file), detail, value, name."""

Buffer = bytes | bytearray
_WORD = re.compile(rb"\w")


def finding(
    category: Category, tool: str, line: int | None, detail: str, value: str = "", name: str = ""
) -> Finding:
    return (category, tool, line, detail, value, name)


class _Lines:
    """Line numbers of increasing offsets, counting each newline once."""

    def __init__(self, buf: Buffer) -> None:
        self._buf = buf
        self._offset = 0
        self._line = 0

    def at(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 0
        self._line += self._buf.count(b"\n", self._offset, offset)
        self._offset = offset
        return self._line


class _Strings:
    """Whether an offset of a Python file lies inside a triple-quoted string (a docstring or
    a block of text): tokenised only as far as asked, and only in files where a pattern
    matched, so the files that import nothing known never pay for it."""

    def __init__(self, buf: Buffer, end: int) -> None:
        self._tokens = patterns.PYTHON_TEXT.finditer(buf, 1, end)
        self._spans: list[tuple[int, int]] = []
        self._done = 1

    def inside(self, offset: int) -> bool:
        while self._done <= offset:
            token = next(self._tokens, None)
            if token is None:
                self._done = 1 << 62
                break
            self._done = token.end()
            if token["triple"] is not None:
                self._spans.append(token.span())
        return any(start < offset < stop for start, stop in self._spans)


class _NotebookCells:
    """Whether an offset of a notebook lies in a markdown cell (prose, not code)."""

    def __init__(self, buf: Buffer) -> None:
        self._buf = buf

    def inside(self, offset: int) -> bool:
        at = self._buf.rfind(b'"cell_type"', 0, offset)
        return at != -1 and self._buf.find(b'"code"', at, at + 24) == -1


def _text(raw: bytes | bytearray) -> str:
    return bytes(raw).decode("utf-8", "replace")


def detect(kind: FileKind, buf: Buffer, end: int, path: str = "") -> list[Finding]:
    """What the file, which has been read, proves; first occurrence of each finding only."""
    findings = _by_kind(kind, buf, end, path)
    if kind.reader:
        findings += _structured(kind, _text(buf[1:end]), path)
    return findings


def _by_kind(kind: FileKind, buf: Buffer, end: int, path: str) -> list[Finding]:
    if kind.kind == "python":
        return _code(buf, end, patterns.PYTHON_IMPORT, _Strings(buf, end))
    if kind.kind == "notebook":
        return _code(buf, end, patterns.NOTEBOOK_IMPORT, _NotebookCells(buf))
    if kind.kind == "ci":
        return _ci(kind.tool, buf, end)
    if kind.kind == "manifest":
        return _manifest(kind, buf, end, path)
    if kind.kind == "dependencies":
        whole = finding("dependencies", kind.tool, None, kind.detail)
        return [whole, *_dependencies(buf, end), *project_files.declared_python(_text(buf[1:end]))]
    if kind.kind == "dockerfile":
        return _dockerfile(buf, end)
    if kind.kind == "make":
        return project_files.makefile(_text(buf[1:end]))
    if kind.kind == "shell":
        return project_files.shell_script(_text(buf[1:end]), path)
    if kind.kind == "terraform":
        return project_files.terraform(_text(buf[1:end]))
    if kind.kind == "path" and kind.category is not None and kind.reader != "params":
        return [finding(kind.category, kind.tool, None, kind.detail)]
    return []


def _structured(kind: FileKind, text: str, path: str) -> list[Finding]:
    if kind.reader == "pipeline":
        return project_files.dvc_pipeline(kind.tool, text)
    if kind.reader == "remotes":
        return project_files.dvc_remotes(kind.tool, text)
    if kind.reader == "entry_points":
        return project_files.mlproject(kind.tool, text)
    if kind.reader == "params":
        return project_files.parameters(text, path)
    if kind.reader == "python_version":
        return project_files.pinned_python(text, path.rpartition("/")[2])
    return []


def _code(
    buf: Buffer, end: int, imports: re.Pattern[bytes], prose: _Strings | _NotebookCells
) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    imported: set[str] = set()
    lines = _Lines(buf)
    handler: re.Match[bytes] | None = None
    for match in imports.finditer(buf, 0, end):
        if prose.inside(match.start() + 1):
            continue  # an import written in a docstring or a markdown cell is prose
        if match.lastgroup == "handler":
            handler = handler or match
            continue
        named = next((match[group] for group in ("from", "imp") if match[group] is not None), None)
        module = _text(named) if named else patterns.PARENT_GROUPS[match.lastgroup or ""]
        rule = TOOL_BY_MODULE[module]
        imported.add(rule.tool)
        detail = f"imports {module}"
        if rule.cloud and ("cloud", rule.cloud, detail) not in seen:
            seen.add(("cloud", rule.cloud, detail))
            findings.append(
                finding("cloud", rule.cloud, lines.at(match.start() + 1), detail, rule.cloud)
            )
        if rule.category is None or (rule.category, rule.tool, detail) in seen:
            continue
        seen.add((rule.category, rule.tool, detail))
        findings.append(finding(rule.category, rule.tool, lines.at(match.start() + 1), detail))
    for tool in sorted(imported):
        for call in patterns.CALLS_BY_TOOL.get(tool, ()):
            key = (call.category, call.tool, call.detail)
            if key in seen:
                continue
            offset = _first_call(call.regexes, buf, end, prose)
            if offset is not None:
                seen.add(key)
                findings.append(finding(call.category, call.tool, lines.at(offset), call.detail))
    if handler is not None and isinstance(prose, _Strings):
        findings += _lambda_handler(handler, buf, end, prose, lines)
    findings += _orchestrated_training(findings, buf, end, lines)
    return findings


def _first_call(
    regexes: tuple[re.Pattern[bytes], ...],
    buf: Buffer,
    end: int,
    prose: _Strings | _NotebookCells | None = None,
) -> int | None:
    """Offset of the earliest match of any of ``regexes`` outside a comment (and outside
    ``prose``, when given); a match that starts with a letter must start a word (``re``
    would crawl if the pattern said ``\\b``)."""
    first: int | None = None
    for regex in regexes:
        needs_word_start = regex.pattern[:1].isalpha()
        for match in regex.finditer(buf, 1, end):
            start = match.start()
            if first is not None and start >= first:
                break
            if needs_word_start and _WORD.match(buf, start - 1):
                continue
            if buf.find(b"#", buf.rfind(b"\n", 0, start) + 1, start) != -1:
                continue  # in a comment
            if prose is not None and prose.inside(start):
                continue
            first = start
            break
    return first


def _lambda_handler(
    handler: re.Match[bytes], buf: Buffer, end: int, prose: _Strings, lines: _Lines
) -> list[Finding]:
    """An AWS Lambda handler that loads or calls a model: the model is served by Lambda."""
    if _first_call(patterns.MODEL_USE, buf, end, prose) is None:
        return []
    line = lines.at(handler.start() + 1)
    name = _text(handler["handler"])
    return [
        finding(
            "serving", patterns.LAMBDA, line, f"serves a model from an AWS Lambda handler ({name})"
        ),
        finding("cloud", "aws", line, f"AWS Lambda handler ({name})", "aws"),
    ]


def _orchestrated_training(
    findings: list[Finding], buf: Buffer, end: int, lines: _Lines
) -> list[Finding]:
    """A DAG, flow or pipeline defined in this file whose task calls training code: a
    pipeline that only materialises features or scores batches trains nothing."""
    defined = [
        item
        for item in findings
        if item[0] == "orchestration" and not item[3].startswith("imports ")
    ]
    if not defined or any(item[0] == "orchestrated_training" for item in findings):
        return []
    offset = _first_call(patterns.TRAINING_CODE, buf, end)
    if offset is None:
        return []
    line_end = buf.find(b"\n", offset)
    snippet = _text(buf[offset : line_end if line_end != -1 else end]).strip()
    detail = f"a task calls training code ({commands.shorten(snippet, 60)})"
    schedule = patterns.ORCHESTRATOR_SCHEDULE.search(buf, 1, end)
    # value: the schedule the pipeline retrains on, as written ('' for none found).
    every = _text(schedule.group(schedule.lastindex or 0)).strip("\"'") if schedule else ""
    return [finding("orchestrated_training", defined[0][1], lines.at(offset), detail, every)]


def _first(
    pattern: re.Pattern[bytes], buf: Buffer, end: int, lines: _Lines
) -> tuple[int, str] | None:
    match = pattern.search(buf, 1, end)
    if match is None:
        return None
    return lines.at(match.start()), _text(match.group(match.lastindex or 0)).strip()


def _ci(platform: str, buf: Buffer, end: int) -> list[Finding]:
    lines = _Lines(buf)
    findings: list[Finding] = [finding("ci_cd", platform, None, CI_FILE_LABELS[platform])]
    crons: set[str] = set()
    for match in patterns.CI_CRON.finditer(buf, 1, end):
        cron = " ".join(_text(match["quoted"] or match["bare"]).split())
        if cron not in crons:
            crons.add(cron)
            findings.append(
                finding("ci_schedule", platform, lines.at(match.start()), f"cron {cron}")
            )
    source = patterns.CI_SCHEDULE_SOURCE.search(buf, 1, end)
    if source is not None and not crons:
        findings.append(
            finding(
                "ci_schedule", platform, lines.at(source.start()), "runs on a pipeline schedule"
            )
        )
    dispatch = patterns.CI_DISPATCH.search(buf, 1, end)
    if dispatch is not None:
        what = _text(dispatch.group()).strip()
        findings.append(
            finding("ci_cd", platform, lines.at(dispatch.start()), f"can be run by hand ({what})")
        )
    facts = read_ci(platform, _text(buf[1:end]))
    if facts is None:
        findings += _ci_lines(platform, buf, end, lines)
    else:
        findings += _ci_steps(platform, facts)
    findings.sort(key=lambda item: item[2] or 0)
    return findings


def _ci_lines(platform: str, buf: Buffer, end: int, lines: _Lines) -> list[Finding]:
    """A CI file read as lines (a Jenkinsfile, or YAML that does not parse): each line that
    is not a comment, judged as a command."""
    numbered = [
        (lines.at(match.start()), _text(match["line"]))
        for match in patterns.SCRIPT_LINE.finditer(buf, 1, end)
    ]
    return _judged(platform, [(number, "", text) for number, text in numbered], quoted=True)


def _ci_steps(platform: str, facts: CiFacts) -> list[Finding]:
    found: list[Finding] = []
    by_job: dict[str, list[tuple[int, str]]] = {}
    for step in facts.steps:
        by_job.setdefault(step.job, []).append((step.line, step.command))
    steps = [
        (number, job, command)
        for job, numbered in by_job.items()
        for number, command in commands.logical_lines(numbered)
    ]
    found += _judged(platform, steps, quoted=False)
    for number, version, how in facts.pythons:
        found.append(
            finding(
                "runtime", project_files.PYTHON, number, f"Python {version} ({how})", version, "ci"
            )
        )
    for number, action in facts.uses:
        cloud = patterns.CLOUD_ACTIONS.get(action.partition("@")[0])
        if cloud is not None:
            found.append(finding("cloud", cloud, number, f"logs in to {cloud} ({action})", cloud))
    if platform == "cloud-build":
        found.append(finding("cloud", "gcp", None, "Cloud Build config", "gcp"))
    return found


def _judged(platform: str, steps: list[tuple[int, str, str]], *, quoted: bool) -> list[Finding]:
    """The repository's commands among ``steps`` (line, job, command), and which of them run
    tests, train or deploy."""
    found: list[Finding] = []
    for number, job, command in steps:
        if quoted:  # a Jenkinsfile's sh 'python train.py', a YAML line's - run: ...
            inner = patterns.QUOTED_COMMAND.search(command)
            if inner is not None:
                command = (inner["command"] or inner["plain"] or "").strip()
        judged = commands.judge(command)
        shown = commands.shorten(command, 120)
        if judged.recorded:
            where = f"job {job}: " if job else ""
            found.append(finding("commands", platform, number, f"{where}{shown}", command, job))
        if judged.tests:
            paths = " ".join(judged.test_paths)
            found.append(finding("ci_tests", platform, number, f"runs tests ({shown})", paths, job))
        if judged.trains:
            found.append(
                finding("ci_training", platform, number, f"trains ({judged.trains})", command, job)
            )
        if judged.deploys:
            found.append(
                finding("ci_deploy", platform, number, f"deploys ({judged.deploys})", command, job)
            )
    return found


def _manifest(file: FileKind, buf: Buffer, end: int, path: str) -> list[Finding]:
    lines = _Lines(buf)
    findings: list[Finding] = []
    if file.category is not None:  # a tool's own file, such as dvc.yaml
        at = patterns.FILE_LINES[file.line].search(buf, 1, end)
        line = lines.at(at.start()) if at else None
        findings.append(finding(file.category, file.tool, line, file.detail))
    kinds: dict[str, int] = {}
    once: dict[str, int] = {}
    weights: list[str] = []
    for match in patterns.YAML_MANIFEST.finditer(buf, 1, end):
        line = lines.at(match.start())
        if match["kind"] is not None:
            kinds.setdefault(_text(match["kind"]), line)
        elif match["kserve"] is not None:
            percent = _text(match["percent"])
            findings.append(
                finding("rollout", "kserve", line, f"KServe canary at {percent} % of traffic")
            )
        elif match["weight"] is not None:
            weights.append(f"{_text(match['weight'])} {_text(match['value'])}")
        elif match["entrypoint"] is not None:
            command = _text(match["entrypoint"]).strip().strip("\"'")
            detail = f"{path} runs {commands.shorten(command, 120)}"
            findings.append(
                finding("commands", project_files.JOB_FILE, line, detail, command, path)
            )
        else:
            group = next(group for group in patterns.MANIFEST_MARKERS if match[group] is not None)
            marker = patterns.MANIFEST_MARKERS[group]
            if marker.once:
                once.setdefault(group, line)
            else:
                findings.append(finding(marker.category, marker.tool, line, marker.detail))
    steps = f" ({', '.join(weights)})" if weights else ""
    for kind, line in kinds.items():
        if kind in patterns.OTHER_KINDS:
            category, tool, detail = patterns.OTHER_KINDS[kind]
            findings.append(finding(category, tool, line, detail.format(steps=steps)))
        else:
            category, tool, detail = patterns.MANIFEST_KINDS[kind]
            findings.append(finding(category, tool, line, detail.format(kind=kind)))
    for group, line in once.items():
        marker = patterns.MANIFEST_MARKERS[group]
        findings.append(finding(marker.category, marker.tool, line, marker.detail))
    findings += _orchestrated_training(findings, buf, end, lines)
    if path.rpartition("/")[2] in ("app.yaml", "app.yml"):
        findings += project_files.app_engine(_text(buf[1:end]))
    findings.sort(key=lambda item: item[2] or 0)
    return findings


def _dependencies(buf: Buffer, end: int) -> list[Finding]:
    lines = _Lines(buf)
    findings: list[Finding] = []
    seen: set[str] = set()
    clouds: set[str] = set()
    for match in patterns.DEPENDENCY.finditer(buf, 1, end):
        name = normalise_package(_text(match["package"]))
        rule = TOOL_BY_PACKAGE[name]
        if rule.cloud and rule.cloud not in clouds:
            clouds.add(rule.cloud)
            findings.append(
                finding(
                    "cloud", rule.cloud, lines.at(match.start()), f"depends on {name}", rule.cloud
                )
            )
        if rule.category is None or rule.tool in seen:
            continue
        seen.add(rule.tool)
        findings.append(
            finding(rule.category, rule.tool, lines.at(match.start()), f"depends on {name}")
        )
    return findings


def _dockerfile(buf: Buffer, end: int) -> list[Finding]:
    match = patterns.DOCKER_FROM.search(buf, 1, end)
    if match is None:
        return [finding("container", "docker", None, "Dockerfile")]
    image = _text(match["image"])
    line = _Lines(buf).at(match.start())
    found = [finding("container", "docker", line, f"Dockerfile (FROM {image})")]
    for later in patterns.DOCKER_FROM.finditer(buf, 1, end):
        image = _text(later["image"])
        at = _Lines(buf).at(later.start())
        python = project_files.image_python(image, at)
        cloud = project_files.image_cloud(image, at)
        if python or cloud:
            return found + python + cloud
    return found
