"""Findings in one file's bytes. Every detector reads ``buf[0:end]``, where ``buf[0]`` is a
newline the reader put before the content so that line-anchored patterns match the first line
too; line numbers are counted only for matches.
"""

from __future__ import annotations

import re

from wizard.model.evidence import Category
from wizard.scan import patterns
from wizard.scan.kinds import CI_FILE_LABELS, FileKind
from wizard.scan.tools import TOOL_BY_MODULE, TOOL_BY_PACKAGE, normalise_package

Finding = tuple[Category, str, int | None, str]
"""category, tool, line (None: the whole file), detail."""

Buffer = bytes | bytearray
_WORD = re.compile(rb"\w")


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


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def detect(kind: FileKind, buf: Buffer, end: int) -> list[Finding]:
    """What the file, which has been read, proves; first occurrence of each finding only."""
    if kind.kind == "python":
        return _code(buf, end, patterns.PYTHON_IMPORT)
    if kind.kind == "notebook":
        return _code(buf, end, patterns.NOTEBOOK_IMPORT)
    if kind.kind == "ci":
        return _ci(kind.tool, buf, end)
    if kind.kind == "manifest":
        return _manifest(kind, buf, end)
    if kind.kind == "dependencies":
        return [("dependencies", kind.tool, None, kind.detail), *_dependencies(buf, end)]
    if kind.kind == "dockerfile":
        return _dockerfile(buf, end)
    if kind.kind == "path" and kind.category is not None:
        return [(kind.category, kind.tool, None, kind.detail)]
    return []


def _code(buf: Buffer, end: int, imports: re.Pattern[bytes]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    imported: set[str] = set()
    lines = _Lines(buf)
    for match in imports.finditer(buf, 0, end):
        named = match["from"] or match["imp"]
        module = _text(named) if named else patterns.PARENT_GROUPS[match.lastgroup or ""]
        rule = TOOL_BY_MODULE[module]
        imported.add(rule.tool)
        detail = f"imports {module}"
        if rule.category is None or (rule.category, rule.tool, detail) in seen:
            continue
        seen.add((rule.category, rule.tool, detail))
        findings.append((rule.category, rule.tool, lines.at(match.start() + 1), detail))
    for tool in sorted(imported):
        for call in patterns.CALLS_BY_TOOL.get(tool, ()):
            key = (call.category, call.tool, call.detail)
            if key in seen:
                continue
            offset = _first_call(call.regexes, buf, end)
            if offset is not None:
                seen.add(key)
                findings.append((call.category, call.tool, lines.at(offset), call.detail))
    return findings


def _first_call(regexes: tuple[re.Pattern[bytes], ...], buf: Buffer, end: int) -> int | None:
    """Offset of the earliest match of any of ``regexes`` outside a comment; a match that
    starts with a letter must start a word (``re`` would crawl if the pattern said ``\\b``)."""
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
            first = start
            break
    return first


def _first(
    pattern: re.Pattern[bytes], buf: Buffer, end: int, lines: _Lines
) -> tuple[int, str] | None:
    match = pattern.search(buf, 1, end)
    if match is None:
        return None
    return lines.at(match.start()), _text(match.group(match.lastindex or 0)).strip()


_CI_STEPS: tuple[tuple[Category, re.Pattern[bytes], str], ...] = (
    ("ci_tests", patterns.CI_TESTS, "runs tests"),
    ("ci_training", patterns.CI_TRAINING, "trains"),
    ("ci_deploy", patterns.CI_DEPLOY, "deploys"),
)


def _ci(platform: str, buf: Buffer, end: int) -> list[Finding]:
    lines = _Lines(buf)
    findings: list[Finding] = [("ci_cd", platform, None, CI_FILE_LABELS[platform])]
    crons: set[str] = set()
    for match in patterns.CI_CRON.finditer(buf, 1, end):
        cron = " ".join(_text(match["quoted"] or match["bare"]).split())
        if cron not in crons:
            crons.add(cron)
            findings.append(("ci_schedule", platform, lines.at(match.start()), f"cron {cron}"))
    source = patterns.CI_SCHEDULE_SOURCE.search(buf, 1, end)
    if source is not None and not crons:
        findings.append(
            ("ci_schedule", platform, lines.at(source.start()), "runs on a pipeline schedule")
        )
    dispatch = patterns.CI_DISPATCH.search(buf, 1, end)
    if dispatch is not None:
        what = _text(dispatch.group()).strip()
        findings.append(
            ("ci_cd", platform, lines.at(dispatch.start()), f"can be run by hand ({what})")
        )
    for category, pattern, verb in _CI_STEPS:
        first = _first(pattern, buf, end, lines)
        if first is not None:
            findings.append((category, platform, first[0], f"{verb} ({first[1]})"))
    findings.sort(key=lambda finding: finding[2] or 0)
    return findings


def _manifest(file: FileKind, buf: Buffer, end: int) -> list[Finding]:
    lines = _Lines(buf)
    findings: list[Finding] = []
    if file.category is not None:  # a tool's own file, such as dvc.yaml
        at = patterns.FILE_LINES[file.line].search(buf, 1, end)
        line = lines.at(at.start()) if at else None
        findings.append((file.category, file.tool, line, file.detail))
    kinds: dict[str, int] = {}
    once: dict[str, int] = {}
    weights: list[str] = []
    for match in patterns.YAML_MANIFEST.finditer(buf, 1, end):
        line = lines.at(match.start())
        if match["kind"] is not None:
            kinds.setdefault(_text(match["kind"]), line)
        elif match["kserve"] is not None:
            percent = _text(match["percent"])
            findings.append(("rollout", "kserve", line, f"KServe canary at {percent} % of traffic"))
        elif match["weight"] is not None:
            weights.append(f"{_text(match['weight'])} {_text(match['value'])}")
        else:
            group = next(group for group in patterns.MANIFEST_MARKERS if match[group] is not None)
            marker = patterns.MANIFEST_MARKERS[group]
            if marker.once:
                once.setdefault(group, line)
            else:
                findings.append((marker.category, marker.tool, line, marker.detail))
    steps = f" ({', '.join(weights)})" if weights else ""
    for kind, line in kinds.items():
        if kind in patterns.OTHER_KINDS:
            category, tool, detail = patterns.OTHER_KINDS[kind]
            findings.append((category, tool, line, detail.format(steps=steps)))
        else:
            category, tool, detail = patterns.MANIFEST_KINDS[kind]
            findings.append((category, tool, line, detail.format(kind=kind)))
    for group, line in once.items():
        marker = patterns.MANIFEST_MARKERS[group]
        findings.append((marker.category, marker.tool, line, marker.detail))
    findings.sort(key=lambda finding: finding[2] or 0)
    return findings


def _dependencies(buf: Buffer, end: int) -> list[Finding]:
    lines = _Lines(buf)
    findings: list[Finding] = []
    seen: set[str] = set()
    for match in patterns.DEPENDENCY.finditer(buf, 1, end):
        name = normalise_package(_text(match["package"]))
        rule = TOOL_BY_PACKAGE[name]
        if rule.category is None or rule.tool in seen:
            continue
        seen.add(rule.tool)
        findings.append((rule.category, rule.tool, lines.at(match.start()), f"depends on {name}"))
    return findings


def _dockerfile(buf: Buffer, end: int) -> list[Finding]:
    match = patterns.DOCKER_FROM.search(buf, 1, end)
    if match is None:
        return [("container", "docker", None, "Dockerfile")]
    image = _text(match["image"])
    return [("container", "docker", _Lines(buf).at(match.start()), f"Dockerfile (FROM {image})")]
