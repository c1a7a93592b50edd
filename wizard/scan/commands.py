"""What a shell command line does, read from its words (never run): the program it starts,
whether that trains a model, runs tests or deploys a model, and which files of the
repository it names (a script it runs, a job file it submits).

Precision first: a word is judged where it stands. ``python json_to_md.py
results/training_results.json`` runs ``json_to_md.py`` (no training: the word ``training``
is an argument); ``mkdocs gh-deploy`` publishes documentation; ``anyscale jobs submit
deploy/jobs/workloads.yaml`` submits a job whose file says what it runs (``deploy/`` is a
folder name). A command counts as a model deployment only when the program deploys (an
endpoint, a rollout, a chart) or the script or target it runs is named for deploying.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

from wizard.model.records import record
from wizard.scan.tools import PROGRAMS

#: Words that run the rest of the line as the command (``poetry run pytest``).
_WRAPPERS: dict[str, int] = {
    "sudo": 0,
    "time": 0,
    "nohup": 0,
    "exec": 0,
    "xvfb-run": 0,
    "env": 0,
    "poetry": 1,
    "uv": 1,
    "pipenv": 1,
    "pdm": 1,
    "hatch": 1,
    "rye": 1,
}
_RUN_WORD = {"poetry", "uv", "pipenv", "pdm", "hatch", "rye"}
_PYTHON = re.compile(r"^(?:.*/)?python(?:\d(?:\.\d+)?)?(?:\.exe)?$|^py$")
_PYTHON_FLAGS_WITH_VALUE = frozenset({"-W", "-X", "-Q"})
_SHELLS = frozenset({"bash", "sh", "zsh", "source", "."})
_TEST_PROGRAMS = frozenset({"pytest", "py.test", "tox", "nox"})
#: Programs whose work matters to the pipeline; other lines (echo, cd, cp, git ...) are not
#: recorded as the repository's commands.
_RECORDED = frozenset(
    {
        "pytest", "py.test", "tox", "nox", "make", "cml", "kubectl", "helm", "gcloud", "az",
        "aws", "anyscale", "serve", "bentoml", "papermill", "kedro", "docker", *PROGRAMS,
    }
)  # fmt: skip
#: ``python -m pip install ...``: installing is the job's set-up, not the project's work.
_INSTALLERS = frozenset({"pip", "ensurepip", "venv", "virtualenv", "pipx"})
#: pytest's options that take the next word as their value (``-m "not slow"``, ``-k name``):
#: that word is no path to test.
_PYTEST_VALUED = frozenset(
    {
        "-m", "-k", "-p", "-c", "-o", "-n", "-W", "--ignore", "--ignore-glob", "--deselect",
        "--junitxml", "--junit-xml", "--rootdir", "--maxfail", "--tb", "--durations",
        "--basetemp", "--confcutdir", "--import-mode", "--log-level", "--dist",
        "--cov-report", "--cov-config", "--override-ini", "--config-file",
    }
)  # fmt: skip
_NAME = re.compile(r"[A-Za-z0-9_.\-/]+")
_DOCS = re.compile(r"doc|site|page|book", re.I)


@record
class Program:
    """One simple command: its program and words, wrappers and variable assignments taken
    off."""

    words: tuple[str, ...]

    @property
    def program(self) -> str:
        return self.words[0].rpartition("/")[2] if self.words else ""

    @property
    def args(self) -> tuple[str, ...]:
        return self.words[1:]


def _simple_commands(line: str) -> Iterator[Program]:
    """The simple commands of one logical line, split at ``&&``, ``||``, ``;`` and ``|``."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
    except ValueError:  # an unclosed quote: take the words as they stand
        tokens = line.split()
    words: list[str] = []
    for token in [*tokens, ";"]:
        if token and set(token) <= set(";&|"):
            program = _unwrap(words)
            if program.words:
                yield program
            words = []
        else:
            words.append(token)


def _unwrap(words: list[str]) -> Program:
    index = 0
    while index < len(words):
        word = words[index]
        if "=" in word and re.match(r"^[A-Za-z_]\w*=", word):
            index += 1
        elif word in _WRAPPERS:
            skip = _WRAPPERS[word]
            if word in _RUN_WORD:
                if index + 1 < len(words) and words[index + 1] == "run":
                    index += 2
                    continue
                break
            index += 1 + skip
        elif word == "conda" and index + 1 < len(words) and words[index + 1] == "run":
            index += 2
            while index < len(words) and words[index].startswith("-"):
                index += 2 if words[index] in ("-n", "--name", "-p", "--prefix") else 1
        else:
            break
    return Program(tuple(words[index:]))


def _python_target(args: tuple[str, ...]) -> tuple[str, str] | None:
    """(``module`` or ``script``, its name) that ``python ARGS`` runs; None for ``-c``."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "-m" and index + 1 < len(args):
            return "module", args[index + 1]
        if arg.startswith("-m") and len(arg) > 2:
            return "module", arg[2:]
        if arg == "-c":
            return None
        if arg in _PYTHON_FLAGS_WITH_VALUE:
            index += 2
            continue
        if arg.startswith("-"):
            index += 1
            continue
        return "script", arg
    return None


def _test_paths(args: tuple[str, ...]) -> tuple[str, ...]:
    """The folders or files pytest's arguments name, without its options and their values."""
    paths: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _PYTEST_VALUED:
            skip = True
        elif not arg.startswith("-") and "=" not in arg:
            paths.append(arg)
    return tuple(paths)


def _stem(name: str) -> str:
    """The last part of a module or a path, without its extension: what it is named for."""
    last = re.split(r"[./]", name.removesuffix(".py").removesuffix(".sh").removesuffix(".ipynb"))
    return last[-1].lower() if last else ""


def _named(name: str, *prefixes: str) -> bool:
    stem = _stem(name)
    return any(stem.startswith(prefix) for prefix in prefixes) and not _DOCS.search(stem)


@record
class Judged:
    """What one command line does."""

    trains: str = ""
    """What in it trains (``python src/train.py``); '' when nothing does."""
    tests: str = ""
    """What in it runs tests (``pytest tests/data``)."""
    test_paths: tuple[str, ...] = ()
    """The folders or files the tests are run on (none: the runner's own default)."""
    deploys: str = ""
    """What in it deploys a model (``kubectl apply``, ``./scripts/deploy.sh``)."""
    recorded: bool = False
    """A command worth listing as the repository's own (it runs code or a tool)."""
    files: tuple[str, ...] = ()
    """The words that may name a file of the repository it runs or submits."""


def _shown(program: Program, count: int) -> str:
    return " ".join(program.words[: count + 1])


def _judge_one(program: Program) -> Judged:
    name, args = program.program, program.args
    files = tuple(arg for arg in args if _NAME.fullmatch(arg) and ("/" in arg or "." in arg))
    if _PYTHON.match(name):
        target = _python_target(args)
        if target is None:
            return Judged(recorded=True)
        kind, what = target
        if kind == "module" and what in _INSTALLERS:
            return Judged()
        shown = f"{name} {'-m ' if kind == 'module' else ''}{what}"
        files = (what,) if kind == "script" else ()
        if kind == "module" and what in ("pytest", "unittest"):
            paths = _test_paths(args[args.index(what) + 1 :])
            return Judged(tests=shown, test_paths=paths, recorded=True)
        if _named(what, "train", "fit"):
            return Judged(trains=shown, recorded=True, files=files)
        if _named(what, "deploy"):
            return Judged(deploys=shown, recorded=True, files=files)
        return Judged(recorded=True, files=files)
    if name in _TEST_PROGRAMS:
        paths = _test_paths(args) if name.startswith("py") else ()
        return Judged(tests=name, test_paths=paths, recorded=True)
    if name in _SHELLS or name.endswith(".sh"):
        script = name if name.endswith(".sh") else next(iter(args), "")
        files = (program.words[0] if name.endswith(".sh") else script,)
        if _named(script, "train"):
            return Judged(trains=" ".join(program.words[:2]), recorded=True, files=files)
        if _named(script, "deploy"):
            return Judged(deploys=" ".join(program.words[:2]), recorded=True, files=files)
        if _named(script, "test"):
            return Judged(tests=" ".join(program.words[:2]), recorded=True, files=files)
        return Judged(recorded=bool(script), files=files)
    sub = args[0] if args else ""
    if name == "make":
        targets = [arg for arg in args if not arg.startswith("-") and "=" not in arg]
        for target in targets:
            if _named(target, "train"):
                return Judged(trains=f"make {target}", recorded=True)
            if _named(target, "test"):
                return Judged(tests=f"make {target}", recorded=True)
            if _named(target, "deploy"):
                return Judged(deploys=f"make {target}", recorded=True)
        return Judged(recorded=True)
    for words, does in PROGRAMS.get(name, ()):
        if args[: len(words)] == words:
            shown = _shown(program, len(words))
            return Judged(recorded=True, **{does: shown})
    if name == "papermill" and _named(sub, "train"):
        return Judged(trains=f"papermill {sub}", recorded=True, files=(sub,))
    deploy = _deploy_words(name, args)
    if deploy:
        return Judged(deploys=deploy, recorded=True, files=files)
    train = _cloud_training(name, args)
    if train:
        return Judged(trains=train, recorded=True, files=files)
    return Judged(recorded=name in _RECORDED, files=files)


def _deploy_words(name: str, args: tuple[str, ...]) -> str:
    """The words of a program that deploys a model or the service that serves it."""
    sub = " ".join(args[:3])
    if name == "kubectl" and re.match(r"(apply|rollout|set image)\b", sub):
        return f"kubectl {args[0]}"
    if name == "helm" and re.match(r"(upgrade|install)\b", sub):
        return f"helm {args[0]}"
    if name == "az" and re.match(r"ml online-(endpoint|deployment) (create|update)\b", sub):
        return f"az {sub}"
    if name == "gcloud" and re.match(r"(ai endpoints (deploy-model|create)|run deploy)\b", sub):
        return f"gcloud {sub}"
    if name == "aws" and re.match(r"sagemaker (create|update)-endpoint\b", sub):
        return f"aws {' '.join(args[:2])}"
    if name == "anyscale" and re.match(r"service (rollout|deploy)\b", sub):
        return f"anyscale {' '.join(args[:2])}"
    if name in ("serve", "bentoml") and args[:1] == ("deploy",):
        return f"{name} deploy"
    return ""


def _cloud_training(name: str, args: tuple[str, ...]) -> str:
    """The words of a program that starts a training job on a cloud."""
    sub = " ".join(args[:3])
    if name == "gcloud" and re.match(r"ai custom-jobs create\b", sub):
        return f"gcloud {sub}"
    if name == "az" and re.match(r"ml job create\b", sub):
        return f"az {sub}"
    if name == "aws" and re.match(r"sagemaker create-training-job\b", sub):
        return f"aws {' '.join(args[:2])}"
    return ""


def judge(line: str) -> Judged:
    """What the command line ``line`` does, from the first of its simple commands that trains,
    tests or deploys (the files it names from all of them)."""
    trains = tests = deploys = ""
    test_paths: tuple[str, ...] = ()
    files: list[str] = []
    recorded = False
    for program in _simple_commands(line):
        judged = _judge_one(program)
        files += judged.files
        recorded = recorded or judged.recorded
        trains = trains or judged.trains
        deploys = deploys or judged.deploys
        if not tests and judged.tests:
            tests, test_paths = judged.tests, judged.test_paths
    return Judged(
        trains=trains,
        tests=tests,
        test_paths=test_paths,
        deploys=deploys,
        recorded=recorded,
        files=tuple(dict.fromkeys(files)),
    )


_SHELL_SYNTAX = re.compile(r"^(?:if|then|else|elif|fi|for|while|do|done|case|esac|function)\b")


def logical_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Script lines joined where one ends in ``\\``, each with the line it starts on; blank
    lines, comments, here-document bodies and shell syntax words left out."""
    joined: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    heredoc: str | None = None
    for number, raw in lines:
        text = raw.strip()
        if heredoc is not None:
            if text == heredoc:
                heredoc = None
            continue
        if pending is not None:
            pending = (pending[0], pending[1] + " " + text.removesuffix("\\").strip())
        else:
            pending = (number, text.removesuffix("\\").strip())
        if text.endswith("\\"):
            continue
        start, command = pending
        pending = None
        marker = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", command)
        if marker:
            heredoc = marker.group(1)
        if command and not command.startswith("#") and not _SHELL_SYNTAX.match(command):
            joined.append((start, command))
    if pending is not None and pending[1]:
        joined.append(pending)
    return joined


def shorten(command: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters, for a finding's detail."""
    flat = " ".join(command.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
