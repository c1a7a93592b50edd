"""The GitHub actions the workflow uses, pinned by full commit SHA (a tag can be moved to
other code; zizmor's ``unpinned-uses``), with the release in a comment after it. Releases
and commits as DOMAIN.md lists them ("Pinned GitHub actions").
"""

from __future__ import annotations

import re
from typing import Any

#: action -> (release, commit)
PINS: dict[str, tuple[str, str]] = {
    "actions/checkout": ("v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1"),
    "actions/setup-python": ("v7.0.0", "5fda3b95a4ea91299a34e894583c3862153e4b97"),
    "actions/upload-artifact": ("v7.0.0", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f"),
    "actions/download-artifact": ("v8.0.1", "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c"),
    # Not in DOMAIN.md's table: v5.0.5's commit read from the actions/cache repository's tag.
    "actions/cache/restore": ("v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae"),
    "actions/cache/save": ("v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae"),
    "aws-actions/configure-aws-credentials": (
        "v6.2.3",
        "e6de054238d6b7531b4efff3b6587d9aade6a06c",
    ),
    "google-github-actions/auth": ("v3.0.0", "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093"),
    "azure/login": ("v3.0.1", "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca"),
}

_BY_COMMIT = {commit: release for release, commit in PINS.values()}
#: A dumped ``uses:`` line (the value is plain: names, ``@`` and hex need no quotes).
_USES_LINE = re.compile(r"^(?P<head>\s*(?:- )?uses: [\w./-]+@(?P<commit>[0-9a-f]{40}))$", re.M)


def uses(action: str) -> str:
    """``OWNER/REPO@SHA``; the dump adds the release as a comment."""
    return f"{action}@{PINS[action][1]}"


def with_release_comments(text: str) -> str:
    """The dumped workflow with ``# vX.Y.Z`` after each pinned ``uses`` (data cannot carry a
    comment, so it is added to the dumped text, on lines whose whole value is a pin)."""
    return _USES_LINE.sub(lambda line: f"{line['head']} # {_BY_COMMIT[line['commit']]}", text)


#: The cloud's OpenID Connect login: the action and which repository variable (its name in
#: ``runtime.CLOUD_LOGIN_IDS``) each of its inputs reads.
LOGIN: dict[str, tuple[str, dict[str, str]]] = {
    "aws": (
        "aws-actions/configure-aws-credentials",
        {"role-to-assume": "AWS_ROLE_ARN", "aws-region": "AWS_REGION"},
    ),
    "gcp": (
        "google-github-actions/auth",
        {
            "workload_identity_provider": "GCP_WORKLOAD_IDENTITY_PROVIDER",
            "service_account": "GCP_SERVICE_ACCOUNT",
        },
    ),
    "azure": (
        "azure/login",
        {
            "client-id": "AZURE_CLIENT_ID",
            "tenant-id": "AZURE_TENANT_ID",
            "subscription-id": "AZURE_SUBSCRIPTION_ID",
        },
    ),
}


def login_step(cloud: str) -> dict[str, Any]:
    action, inputs = LOGIN[cloud]
    values = {key: f"${{{{ vars.{name} }}}}" for key, name in inputs.items()}
    return {"name": f"Log in to {cloud} (OpenID Connect)", "uses": uses(action), "with": values}
