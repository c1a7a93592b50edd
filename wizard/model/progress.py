"""How a long job reports how far it is: the scan (files read) and calibration (windows
computed) both call it with ``(done, total)``."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
