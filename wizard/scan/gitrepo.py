"""Git facts of an untrusted repository: head, branch, remotes, dirty state, file list.

The repository's own configuration can make git run programs: ``core.fsmonitor`` (run by
``git status`` and friends), clean/smudge/process filters named in ``.gitattributes`` (run when
git re-reads a changed file), external diff and textconv drivers, pagers, hooks, ssh commands
and transports (lazy fetches in partial clones). It can also point git at another folder:
``core.worktree`` names the working tree git lists and compares, wherever it is. Every call
here therefore

- runs the git GitPython would run, directly, with stdin closed, a timeout that kills git,
  and an environment of its own: no ``GIT_*`` variable of whoever runs the scan
  (``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_INDEX_FILE``, ``GIT_CONFIG_PARAMETERS`` ...) reaches
  it, since GitPython's runner would pass them all on;
- names the repository and its working tree explicitly (``--git-dir``, ``--work-tree``):
  the git directory git itself finds from the root, and the folder whose ``.git`` that is,
  so ``core.worktree`` is never obeyed (``-c core.worktree=`` would not override it);
- passes ``-c`` overrides that switch each of those programs off, and, for the filter
  drivers, whose names the repository chooses, empties every driver it defines (through
  GIT_CONFIG_COUNT/KEY/VALUE, which carry names no ``-c key=value`` could);
- ignores the system and the user's global configuration and runs with a HOME that does not
  exist, so the facts do not depend on whoever runs the scan;
- uses read-only commands with GIT_OPTIONAL_LOCKS=0, so the index is never rewritten.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess

from wizard.model.evidence import GitFacts
from wizard.scan.reader import open_flags

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
    ("safe.bareRepository", "explicit"),
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
_GITFILE_PREFIX = b"gitdir: "
_GITFILE_MAX_BYTES = 4096
_OPEN_FLAGS = open_flags(follow=True)
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


def _designated_git_dir(dot_git: str) -> str | None:
    """The git directory ``dot_git`` stands for, resolved: itself when it is a directory, the
    target of a ``gitdir:`` file (a linked worktree, a submodule), None otherwise."""
    if os.path.isdir(dot_git):
        return os.path.realpath(dot_git)
    try:
        fd = os.open(dot_git, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        content = os.read(fd, _GITFILE_MAX_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)
    if not content.startswith(_GITFILE_PREFIX):
        return None
    target = os.fsdecode(content[len(_GITFILE_PREFIX) :].rstrip())
    return os.path.realpath(os.path.join(os.path.dirname(dot_git), target))


def _work_tree_of(root: str, git_dir: str) -> str | None:
    """The folder at or above ``root`` whose ``.git`` is ``git_dir``: the working tree of the
    repository without asking its configuration."""
    wanted = os.path.realpath(git_dir)
    path = root
    while True:
        if _designated_git_dir(os.path.join(path, ".git")) == wanted:
            return path
        parent = os.path.dirname(path)
        if parent == path:
            return None
        path = parent


def _environment() -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    environment.update(LANGUAGE="C", LC_ALL="C")
    environment.update(_ENVIRONMENT)
    return environment


class _SafeGit:
    def __init__(self, root: str) -> None:
        try:
            from git.cmd import Git
        except ImportError as error:  # GitPython finds no usable git
            raise GitUnavailable(f"git could not be run: {error}") from None
        self._executable = Git.GIT_PYTHON_GIT_EXECUTABLE or "git"
        self._root = root
        self._environment = _environment()
        self._location: tuple[str, ...] = (f"--work-tree={root}",)

    def locate(self, git_dir: str, work_tree: str) -> None:
        """Name the repository and its working tree on every later call."""
        self._location = (f"--git-dir={git_dir}", f"--work-tree={work_tree}")

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
        """Exit status and standard output, in the root. The timeout is enforced here,
        without a watchdog thread (the scan forks only while no other thread runs)."""
        command = [self._executable, "--no-pager", *self._location, *_CONFIG_ARGS, *args]
        try:
            process = subprocess.Popen(
                command,
                cwd=self._root,
                env=self._environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            raise GitUnavailable(f"git could not be run: {error}") from None
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
        status, out = self._git.run("rev-parse", "--absolute-git-dir")
        if status != 0:
            raise GitUnavailable("git does not treat it as a working tree")
        git_dir = os.fsdecode(out.rstrip(b"\n"))
        work_tree = _work_tree_of(root, git_dir)
        if work_tree is None:
            raise GitUnavailable(
                f"git's repository {git_dir} is not the .git of it or a folder above"
            )
        self._git.locate(git_dir, work_tree)
        self.work_tree = work_tree
        relative = os.path.relpath(root, work_tree)
        self.prefix = "" if relative == os.curdir else relative.replace(os.sep, "/")
        """The scanned folder, from the working tree's top ('' when it is the top)."""
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

    def top_files(self, pathspecs: tuple[str, ...]) -> list[str]:
        """The files under ``pathspecs`` (from the working tree's top), tracked or untracked
        and not ignored, relative to the top: what lies above a scanned sub-folder."""
        specs = [f":(top,literal){spec}" for spec in pathspecs]
        status, out = self._git.run(
            "ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard",
            "--deduplicate", "--", *specs,
        )  # fmt: skip
        if status != 0:
            return []
        text = out.decode("utf-8", "surrogateescape")
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
