"""Git facts of an untrusted repository: head, branch, remotes, dirty state, file list.

The repository's own configuration can make git run programs: ``core.fsmonitor`` (run by
``git status`` and friends), clean/smudge/process filters named in ``.gitattributes`` (run when
git re-reads a changed file), external diff and textconv drivers, pagers, hooks, ssh commands
and transports (lazy fetches in partial clones). Every call here therefore

- runs through GitPython's command runner with stdin closed and a timeout that kills git;
- passes ``-c`` overrides that switch each of those off, and, for the filter drivers, whose
  names the repository chooses, empties every driver it defines (through
  GIT_CONFIG_COUNT/KEY/VALUE, which carry names no ``-c key=value`` could);
- ignores the system and the user's global configuration and runs with a HOME that does not
  exist, so the facts do not depend on whoever runs the scan;
- uses read-only commands with GIT_OPTIONAL_LOCKS=0, so the index is never rewritten.
"""

from __future__ import annotations

import os
import re
import subprocess

from wizard.model.evidence import GitFacts

TIMEOUT_SECONDS = 20.0

_NEUTRAL_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", "/dev/null"),
    ("core.pager", "cat"),
    ("core.editor", "false"),
    ("core.askPass", ""),
    ("core.sshCommand", "false"),
    ("core.gitProxy", ""),
    ("core.alternateRefsCommand", ""),
    ("core.excludesFile", "/dev/null"),
    ("core.attributesFile", "/dev/null"),
    ("core.untrackedCache", "false"),
    ("diff.external", ""),
    ("diff.ignoreSubmodules", "all"),
    ("submodule.recurse", "false"),
    ("credential.helper", ""),
    ("log.showSignature", "false"),
    ("uploadpack.packObjectsHook", ""),
    ("protocol.allow", "never"),
    ("protocol.file.allow", "never"),
    ("protocol.git.allow", "never"),
    ("protocol.ssh.allow", "never"),
    ("protocol.http.allow", "never"),
    ("protocol.https.allow", "never"),
    ("protocol.ext.allow", "never"),
)
_CONFIG_ARGS: tuple[str, ...] = tuple(
    arg for key, value in _NEUTRAL_CONFIG for arg in ("-c", f"{key}={value}")
)
_ENVIRONMENT: dict[str, str] = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "HOME": "/nonexistent/mlops-wizard-scan",
    "XDG_CONFIG_HOME": "/nonexistent/mlops-wizard-scan",
    "GIT_ATTR_NOSYSTEM": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EXTERNAL_DIFF": "",
    "GIT_CONFIG_COUNT": "0",
}
_CREDENTIALS = re.compile(r"^([a-zA-Z][\w+.-]*://)[^/@]*@")


class GitUnavailable(Exception):
    """Not a git repository, git is missing, refuses the repository, or timed out."""


def looks_like_git(root: str) -> bool:
    """Whether ``root`` or a directory above it holds ``.git`` (checked before importing
    GitPython, so plain directories never pay for it)."""
    path = os.path.abspath(root)
    while True:
        if os.path.lexists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


class _SafeGit:
    def __init__(self, root: str) -> None:
        from git.cmd import Git
        from git.exc import GitCommandNotFound

        self._git = Git(root)
        self._not_found = GitCommandNotFound
        self._environment = dict(_ENVIRONMENT)

    def neutralise_filters(self, names: list[str]) -> None:
        pairs = [
            (f"filter.{name}.{variable}", value)
            for name in names
            for variable, value in (
                ("clean", ""),
                ("smudge", ""),
                ("process", ""),
                ("required", "false"),
            )
        ]
        self._environment["GIT_CONFIG_COUNT"] = str(len(pairs))
        for index, (key, value) in enumerate(pairs):
            self._environment[f"GIT_CONFIG_KEY_{index}"] = key
            self._environment[f"GIT_CONFIG_VALUE_{index}"] = value

    def run(self, *args: str) -> tuple[int, bytes]:
        """Exit status and standard output. GitPython starts git; the timeout is enforced
        here, without the watchdog thread GitPython would leave behind (the scan forks only
        while no other thread runs)."""
        command = ["git", "--no-pager", *_CONFIG_ARGS, *args]
        try:
            handle = self._git.execute(command, as_process=True, env=self._environment)
        except (self._not_found, OSError) as error:
            raise GitUnavailable(f"git could not be run: {error}") from None
        process = handle.proc
        try:
            out, _ = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise GitUnavailable(f"git {args[0]} took longer than {TIMEOUT_SECONDS:g} s") from None
        return process.returncode, out or b""


def _config_entries(output: bytes) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    for record in output.split(b"\0"):
        if record:
            key, _, value = record.partition(b"\n")
            entries.append((key.decode("utf-8", "replace"), value.decode("utf-8", "replace")))
    return entries


def _remote_text(name: str, url: str) -> str:
    """``name url``, without any user name or token written into the URL."""
    return f"{name} {_CREDENTIALS.sub(_keep_scheme, url)}"


def _keep_scheme(match: re.Match[str]) -> str:
    return match.group(1)


class GitRepository:
    """The repository ``root`` lies in, asked only through the neutralised runner."""

    def __init__(self, root: str) -> None:
        """Raises GitUnavailable when git does not treat ``root`` as a working tree."""
        self._git = _SafeGit(root)
        status, out = self._git.run(
            "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"
        )
        if status != 0:
            raise GitUnavailable("git does not treat it as a working tree")
        self._listed = out

    def files(self) -> list[str]:
        """Tracked files plus untracked ones git does not ignore, relative to the root, as
        the file system spells them (bytes that are not UTF-8 escaped as surrogates)."""
        text = self._listed.decode("utf-8", "surrogateescape")
        return [path for path in text.split("\0") if path]

    def facts(self) -> GitFacts:
        """Head, branch, dirty state (tracked changes only) and remotes."""
        git = self._git
        _, out = git.run("config", "-z", "--includes", "--get-regexp", r"^(filter|remote)\.")
        filters: set[str] = set()
        remotes: dict[str, str] = {}
        for key, value in _config_entries(out):
            section, _, rest = key.partition(".")
            name, _, variable = rest.rpartition(".")
            if section == "filter" and name:
                filters.add(name)
            elif section == "remote" and variable == "url" and name:
                remotes.setdefault(name, value)
        git.neutralise_filters(sorted(filters))
        status, out = git.run("rev-parse", "-q", "--verify", "HEAD")
        head = out.decode("ascii", "replace").strip() if status == 0 else None
        status, out = git.run("symbolic-ref", "-q", "--short", "HEAD")
        branch = out.decode("utf-8", "replace").strip() if status == 0 else None
        dirty: bool | None = None
        if head is not None:
            status, _ = git.run(
                "diff", "--quiet", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all",
                "HEAD", "--",
            )  # fmt: skip
            dirty = status == 1 if status in (0, 1) else None
        return GitFacts(
            head=head,
            branch=branch,
            dirty=dirty,
            remotes=tuple(_remote_text(name, remotes[name]) for name in sorted(remotes)),
        )
