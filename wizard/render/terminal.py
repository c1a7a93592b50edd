"""Where the terminal-safe text rule used to live; it is a rule of every stage, so its home is
now :mod:`wizard.model.text`. Kept as a re-export for the callers that still import it from
here (the scan report, the session's screens) until they move."""

from __future__ import annotations

from wizard.model.text import visible, visible_json

__all__ = ["visible", "visible_json"]
