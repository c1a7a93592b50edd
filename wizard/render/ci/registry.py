"""The CI platforms a pipeline can be written for: id -> ``Platform``. The renderers ask
here; nothing else names a platform.

``register_platform`` is the one way in, for the platforms below and for any other (a test
adds a fourth this way): it makes the platform's identity known to the answers and the
engine too, so it must run before the answers model is built (see
``wizard.model.platforms``). Every platform the model knows must have its module here; one
without is an error when this module is imported, never a pipeline of another platform.
"""

from __future__ import annotations

from wizard.model.platforms import UnknownPlatform, identity, platform_ids, register_identity
from wizard.render.ci import azure, github, gitlab
from wizard.render.ci.platform import Platform

_PLATFORMS: dict[str, Platform] = {}


def register_platform(platform: Platform) -> None:
    """Add ``platform``; registering the same one again does nothing."""
    known = _PLATFORMS.get(platform.id)
    if known is not None and known != platform:
        raise ValueError(f"CI platform {platform.id!r} is already registered")
    register_identity(platform.identity)
    _PLATFORMS[platform.id] = platform


def platform_of(platform_id: str) -> Platform:
    """The platform ``platform_id`` names; an unknown id is one clear line naming the
    platforms there are."""
    identity(platform_id)  # raises UnknownPlatform, naming the allowed ids
    platform = _PLATFORMS.get(platform_id)
    if platform is None:
        raise UnknownPlatform(f"CI platform {platform_id!r} has no module to write its pipeline")
    return platform


def platforms() -> tuple[Platform, ...]:
    return tuple(platform_of(platform_id) for platform_id in platform_ids())


for _module in (github, gitlab, azure):
    register_platform(_module.PLATFORM)

_WITHOUT_MODULE = [platform_id for platform_id in platform_ids() if platform_id not in _PLATFORMS]
if _WITHOUT_MODULE:
    raise ImportError(f"CI platforms without a module in wizard/render/ci: {_WITHOUT_MODULE}")
