"""The two lock files pin one environment: requirements.lock (what make installs, with
hashes) and pylock.toml (the same resolution in the standard PEP 751 format)."""

from __future__ import annotations

import re
import tomllib

from tests.paths import REPO_ROOT as ROOT

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements_lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := REQUIREMENT.match(line):
            pins[_canonical(match[1])] = match[2]
    return pins


def _pylock() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pylock.toml").read_text(encoding="utf-8"))
    assert data["lock-version"] == "1.0"
    return {_canonical(package["name"]): package["version"] for package in data["packages"]}


def test_both_lock_files_pin_the_same_packages_and_versions() -> None:
    requirements, pylock = _requirements_lock(), _pylock()
    assert requirements, "requirements.lock pins nothing"
    assert requirements == pylock


def test_every_requirement_is_pinned_with_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = [block for block in re.split(r"\n(?=[A-Za-z0-9])", text) if REQUIREMENT.match(block)]
    assert blocks and all("--hash=sha256:" in block for block in blocks)
